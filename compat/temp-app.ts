/**
 * A throwaway CDK app outside the repository: the packed npm tarball of this library installed
 * next to exact versions of aws-cdk-lib and friends, running the README's TypeScript example.
 * Used by the floor check (`npx projen floor`) and the compatibility check (`npx projen compat`).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { declarationsFor } from './readme-declarations';

const root = path.join(__dirname, '..');

/** The tarball `npx projen package:js` wrote to dist/js. */
export function packedTarball(): string {
  const dir = path.join(root, 'dist', 'js');
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => f.endsWith('.tgz')) : [];
  if (found.length !== 1) {
    throw new Error(`expected one npm tarball in dist/js, found ${found.length} (${found.join(', ') || 'none'}): run \`npx projen compile && npx projen package:js\` first`);
  }
  return path.join(dir, found[0]);
}

/** The first TypeScript example of the README's "Use it" section: an App with an image stack and a fleet stack. */
export function readmeExample(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code || !code.includes('new App()')) throw new Error('README.md: no TypeScript example with `new App()` under "## Use it"');
  return code;
}

/** Every TypeScript example of the README, in order. */
export function readmeExamples(): string[] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]);
}

/** How the temporary app runs. */
export interface RunOptions {
  /** JSII_DEPRECATED for the synth: `fail` makes any deprecated aws-cdk-lib API throw. Default `quiet`. */
  readonly deprecated?: 'fail' | 'warn' | 'quiet';
}

export interface TempApp {
  readonly dir: string;
  /** Runs the README example followed by `harness` (plain JavaScript that sees the example's `app`); returns its stdout. */
  run(harness: string, options?: RunOptions): string;
  /**
   * Runs every TypeScript example of the README, each in a scope where the `declare const`s it
   * relies on (`stack`, `vpc`) exist, synthesizes every app, and returns the stack names per example.
   */
  runEveryExample(options?: RunOptions): string[][];
  /** The installed version of a package. */
  version(pkg: string): string;
  dispose(): void;
}

/** Installs the tarball with exactly `dependencies` into a fresh temporary directory. */
export function installTempApp(dependencies: Record<string, string>): TempApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imported-image-app-'));
  const tarball = packedTarball();
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'imported-image-temp-app',
    private: true,
    dependencies: { ...dependencies, 'cdk-appstream-imported-image': `file:${tarball}` },
  }, undefined, 2));
  console.log(`installing ${path.basename(tarball)} with ${Object.entries(dependencies).map(([n, v]) => `${n}@${v}`).join(', ')} in ${dir}`);
  const started = Date.now();
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  console.log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);

  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 };
  const transpile = (code: string) => ts.transpileModule(code, { compilerOptions }).outputText;
  const runScript = (script: string, options: RunOptions = {}) => {
    fs.writeFileSync(path.join(dir, 'app.js'), script);
    return execFileSync(process.execPath, ['app.js'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CDK_OUTDIR: path.join(dir, 'cdk.out'), JSII_DEPRECATED: options.deprecated ?? 'quiet' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  };
  return {
    dir,
    run(harness, options) {
      return runScript(`${transpile(readmeExample())}\n;${harness}\n`, options);
    },
    runEveryExample(options) {
      const examples = readmeExamples().map(code => `(() => {
  const fixtureApp = new (require('aws-cdk-lib').App)();
  const stack = new (require('aws-cdk-lib').Stack)(fixtureApp, 'ReadmeStack', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new (require('aws-cdk-lib/aws-ec2').Vpc)(stack, 'Vpc');
  ${declarationsFor(code, 'require')}
  ${transpile(code)}
  return [fixtureApp, typeof app === 'undefined' ? undefined : app].filter(Boolean).flatMap(a => a.synth({ force: true }).stacks.map(s => s.stackName));
})()`);
      const out = runScript(`console.log(JSON.stringify([\n${examples.join(',\n')}\n]));\n`, options);
      return JSON.parse(out.trim().split('\n').pop()!);
    },
    version(pkg) {
      return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
    },
    dispose() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The library's own functions (the three handler entry points) in a synthesized assembly's templates. */
export const HANDLERS = ['index.onEvent', 'index.isComplete', 'index.poll'];

/** Every Lambda function of every stack: stack, logical id, handler and runtime (a string, or the runtimes of a Region mapping). */
export const LIST_FUNCTIONS_JS = `
function listFunctions(assembly) {
  const out = [];
  for (const stack of assembly.stacks) {
    const template = stack.template;
    for (const [id, resource] of Object.entries(template.Resources || {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      let runtime = resource.Properties.Runtime;
      const map = runtime && runtime['Fn::FindInMap'];
      const runtimes = map ? [...new Set(Object.values(template.Mappings[map[0]]).map(v => v[map[2]]))].sort() : [runtime];
      out.push({ stack: stack.stackName, id, handler: resource.Properties.Handler, runtimes, mapping: Boolean(map) });
    }
  }
  return out;
}`;
