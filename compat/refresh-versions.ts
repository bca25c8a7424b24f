/**
 * Post-upgrade step of `npx projen upgrade`: moves the test suite's pins in compat/versions.json
 * (`tests`) to the newest releases on the registry: aws-cdk-lib 2.x for jest, the newest
 * aws-cdk-lib whose cloud assembly the installed integ-runner reads for the jsii compile and the
 * integ snapshots, the newest @aws-cdk/integ-tests-alpha,
 * cdk-nag, and the newest cdk-nag 2.x. The `npx projen` after it writes them to package.json.
 * The `floor` pins move only by hand.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const file = path.join(__dirname, 'versions.json');
const versions = JSON.parse(fs.readFileSync(file, 'utf8'));

/** The newest version of `pkg` in `range`. */
function newest(pkg: string, range = 'latest'): string {
  const out = JSON.parse(execFileSync('npm', ['view', `${pkg}@${range}`, 'version', '--json'], { encoding: 'utf8' }));
  return Array.isArray(out) ? out.sort((a: string, b: string) => a.localeCompare(b, undefined, { numeric: true })).pop() : out;
}

/**
 * The newest cloud assembly schema the installed integ-runner reads (it bundles the schema and
 * refuses newer assemblies with AssemblyVersionMismatch), or undefined if it cannot be told.
 */
function integRunnerSchemaMajor(): number | undefined {
  const bundle = path.join(__dirname, '..', 'node_modules', '@aws-cdk', 'integ-runner', 'lib', 'workers', 'extract', 'index.js');
  const match = fs.existsSync(bundle) ? /schema\/version\.json"[^}]*?revision: (\d+)/.exec(fs.readFileSync(bundle, 'utf8')) : null;
  return match ? Number(match[1]) : undefined;
}

/** The newest aws-cdk-lib 2.x whose cloud assembly schema is at most `major`. */
function newestAwsCdkLib(major: number | undefined): string {
  if (major === undefined) return newest('aws-cdk-lib', '^2');
  const versionsList: string[] = JSON.parse(execFileSync('npm', ['view', 'aws-cdk-lib@^2', 'version', '--json'], { encoding: 'utf8' }))
    .sort((a: string, b: string) => a.localeCompare(b, undefined, { numeric: true }));
  for (let i = versionsList.length - 1; i >= 0; i--) {
    const schema = JSON.parse(execFileSync('npm', ['view', `aws-cdk-lib@${versionsList[i]}`, 'dependencies', '--json'], { encoding: 'utf8' }))['@aws-cdk/cloud-assembly-schema'];
    if (Number(/\d+/.exec(schema ?? '')?.[0]) <= major) return versionsList[i];
  }
  throw new Error(`no aws-cdk-lib 2.x writes a cloud assembly schema the integ-runner reads (<= ${major})`);
}

const before = JSON.stringify(versions.tests);
versions.tests = {
  'aws-cdk-lib': newest('aws-cdk-lib', '^2'),
  'aws-cdk-lib-compile': newestAwsCdkLib(integRunnerSchemaMajor()),
  '@aws-cdk/integ-tests-alpha': newest('@aws-cdk/integ-tests-alpha'),
  'cdk-nag': newest('cdk-nag'),
  'cdk-nag-v2': newest('cdk-nag', '^2'),
};
fs.writeFileSync(file, `${JSON.stringify(versions, undefined, 2)}\n`);
console.log(before === JSON.stringify(versions.tests) ? 'compat/versions.json: tests pins already newest' : `compat/versions.json: tests pins now ${JSON.stringify(versions.tests)}`);
