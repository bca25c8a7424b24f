/**
 * The README's example in every language CI builds (`npx projen languages`, run by .ci/run after
 * the packages are built): the TypeScript example, its Python copy (examples/python/app.py) and
 * its Java and Go equivalents (examples/java, examples/go), each a real CDK app that
 * synthesizes the image stack and the fleet stack on the same aws-cdk-lib (CDK_VERSION), taken
 * from each language's own registry: PyPI, Maven Central, the Go module proxy. Each runs against
 * the package jsii-pacmak just built (dist/python, dist/java, dist/go). Then every language's
 * templates must equal the TypeScript example's: the same resources, types and properties,
 * asset hashes aside. Everything downloaded goes to .languages/ inside the clone.
 *
 * `npx projen languages -- python go` runs only the languages named (TypeScript always runs).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { CDK_VERSION, ROOT, WORK, pythonVenv, run, timed } from './languages-env';
import { readmeExample } from './temp-app';

const STACKS = ['ImageStack', 'FleetStack'];
const outdir = (language: string) => path.join(ROOT, 'examples', `cdk.out.${language}`);
// Deprecated APIs are fatal, as in users' CI (JSII_DEPRECATED=fail: the TypeScript run applies
// it; the other languages' jsii runtimes do not).
const appEnv = (language: string) => ({
  CDK_OUTDIR: outdir(language),
  JSII_DEPRECATED: 'fail',
});
const version: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

function built(dir: string, ext: string): string {
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => f.endsWith(ext)) : [];
  if (found.length !== 1) throw new Error(`expected one ${ext} in ${path.relative(ROOT, dir)}, found ${found.length}: build the packages first (npx projen package:python package:java package:go)`);
  return path.join(dir, found[0]);
}

const LANGUAGES: Record<string, () => void> = {
  // The reference: the README's TypeScript example on the compiled library (lib/, what the npm
  // package ships) and node_modules' aws-cdk-lib, which is CDK_VERSION.
  typescript() {
    const installed = JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')).version;
    if (installed !== CDK_VERSION) throw new Error(`node_modules has aws-cdk-lib ${installed}, expected ${CDK_VERSION} (compat/versions.json): run npm ci`);
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 };
    const { outputText } = ts.transpileModule(readmeExample(), { compilerOptions });
    const dir = path.join(WORK, 'typescript');
    fs.mkdirSync(dir, { recursive: true });
    const app = outputText.replace(/require\("cdk-appstream-imported-image"\)/g, `require(${JSON.stringify(path.join(ROOT, 'lib'))})`);
    fs.writeFileSync(path.join(dir, 'app.js'), `${app}\napp.synth();\n`);
    timed('synth', () => run(process.execPath, [path.join(dir, 'app.js')], { env: appEnv('typescript') }));
  },
  python() {
    const wheel = built(path.join(ROOT, 'dist', 'python'), '.whl');
    const python = timed(`venv with aws-cdk-lib==${CDK_VERSION} from PyPI`, () => pythonVenv([`aws-cdk-lib==${CDK_VERSION}`, 'constructs>=10.0.5,<11']));
    timed(`install ${path.basename(wheel)}`, () => run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--force-reinstall', '--no-deps', wheel]));
    timed('synth', () => run(python, [path.join(ROOT, 'examples', 'python', 'app.py')], { env: appEnv('python') }));
  },
  java() {
    built(path.join(ROOT, 'dist', 'java', 'io', 'github', 'cdk-appstream-imported-image', 'cdk-appstream-imported-image', version), '.pom');
    timed(`mvn compile exec:java (aws-cdk-lib ${CDK_VERSION} from Maven Central)`, () => run('mvn', [
      '--batch-mode', '--quiet', '--no-transfer-progress', '-Dstyle.color=never',
      `-Dmaven.repo.local=${path.join(WORK, 'm2')}`,
      `-Daws-cdk-lib.version=${CDK_VERSION}`,
      `-Dlibrary.version=${version}`,
      'compile', 'exec:java',
    ], { cwd: path.join(ROOT, 'examples', 'java'), env: appEnv('java') }));
  },
  go() {
    const dir = path.join(ROOT, 'examples', 'go');
    built(path.join(ROOT, 'dist', 'go', 'cdkappstreamimportedimage'), 'go.mod');
    const goMod = fs.readFileSync(path.join(dir, 'go.mod'), 'utf8');
    if (!goMod.includes(`github.com/aws/aws-cdk-go/awscdk/v2 v${CDK_VERSION}\n`)) {
      throw new Error(`examples/go/go.mod must require github.com/aws/aws-cdk-go/awscdk/v2 v${CDK_VERSION} (compat/versions.json tests.aws-cdk-lib-compile): change it and run go mod tidy there`);
    }
    const env = { GOMODCACHE: path.join(WORK, 'go', 'mod'), GOCACHE: path.join(WORK, 'go', 'build'), GOFLAGS: '-modcacherw' };
    const binary = path.join(WORK, 'go', 'example');
    timed(`go build (aws-cdk-go ${CDK_VERSION} from the Go module proxy)`, () => run('go', ['build', '-o', binary, '.'], { cwd: dir, env }));
    timed('synth', () => run(binary, [], { cwd: dir, env: appEnv('go') }));
  },
};

/** A template with every asset hash (64 hex digits) replaced by a placeholder. */
function template(language: string, stack: string): unknown {
  const file = path.join(outdir(language), `${stack}.template.json`);
  if (!fs.existsSync(file)) throw new Error(`${language}: the example wrote no ${path.relative(ROOT, file)}`);
  return JSON.parse(fs.readFileSync(file, 'utf8').replace(/[0-9a-f]{64}/g, '<asset hash>'));
}

/** Where two JSON values differ, as JSON paths. */
function differences(a: unknown, b: unknown, at = '$'): string[] {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return [at];
  if (a === null || typeof a !== 'object') return a === b ? [] : [at];
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  return [...keys].flatMap(k => differences((a as any)[k], (b as any)[k], Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`));
}

const asked = process.argv.slice(2);
const unknown = asked.filter(l => !(l in LANGUAGES));
if (unknown.length) throw new Error(`unknown language ${unknown.join(', ')}: use ${Object.keys(LANGUAGES).join(', ')}`);
const languages = ['typescript', ...Object.keys(LANGUAGES).filter(l => l !== 'typescript' && (asked.length === 0 || asked.includes(l)))];

const problems: string[] = [];
for (const language of languages) {
  console.log(`== ${language}: the README example`);
  fs.rmSync(outdir(language), { recursive: true, force: true });
  LANGUAGES[language]();
  for (const stack of STACKS) {
    const mine = template(language, stack) as { Resources: Record<string, { Type: string }> };
    const resources = Object.values(mine.Resources);
    const types = new Set(resources.map(r => r.Type)).size;
    const diff = language === 'typescript' ? [] : differences(template('typescript', stack), mine);
    const verdict = language === 'typescript' ? 'the reference' : diff.length ? `DIFFERS from TypeScript at ${diff.length} paths` : 'same as TypeScript';
    console.log(`   ${stack}: ${path.relative(ROOT, path.join(outdir(language), `${stack}.template.json`))}, ${resources.length} resources of ${types} types: ${verdict}`);
    if (diff.length) problems.push(`${language} ${stack}: ${diff.slice(0, 10).join(', ')}${diff.length > 10 ? ', …' : ''}`);
  }
}
if (problems.length) {
  console.error(`languages FAILED: templates differ from the TypeScript example's (asset hashes aside):\n- ${problems.join('\n- ')}`);
  process.exitCode = 1;
} else {
  console.log(`languages passed: ${languages.join(', ')} synthesize the README example to the same templates (aws-cdk-lib ${CDK_VERSION})`);
}
