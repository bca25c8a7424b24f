import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import * as ts from 'typescript';
import { declarationsFor } from '../compat/readme-declarations';
import { buildApp } from '../examples/app';

// Users' CI sets JSII_DEPRECATED=fail: a call to a deprecated aws-cdk-lib API then throws. These
// run on the newest aws-cdk-lib (jest's moduleNameMapper); the floor check (compat/floor-check.ts)
// does the same on the peer floor. (aws-cdk-lib throws for a deprecated API only the first time it
// is called in a test file: when one test here fails, a later one may pass.)
const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]);

let previous: string | undefined;
beforeAll(() => {
  previous = process.env.JSII_DEPRECATED;
  process.env.JSII_DEPRECATED = 'fail';
});
afterAll(() => {
  if (previous === undefined) delete process.env.JSII_DEPRECATED;
  else process.env.JSII_DEPRECATED = previous;
});

/** Runs one README example (its `declare const`s given values) and synthesizes every app it makes. */
function synthesizeExample(code: string): string[] {
  const { outputText } = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  // The example's imports, as jest resolves them (aws-cdk-lib is the newest); the library is src/.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string) => (id === 'cdk-appstream-imported-image' ? require('../src') : require(id));
  const harness = `
    const cdk = load('aws-cdk-lib');
    const fixtureApp = new cdk.App();
    const stack = new cdk.Stack(fixtureApp, 'ReadmeStack', { env: { account: '111111111111', region: 'us-east-1' } });
    const vpc = new (load('aws-cdk-lib/aws-ec2').Vpc)(stack, 'Vpc');
    ${declarationsFor(code, 'load')}
    ${outputText.replace(/\brequire\(/g, 'load(')}
    return [fixtureApp, typeof app === 'undefined' ? undefined : app].filter(Boolean).flatMap(a => a.synth().stacks.map(s => s.stackName));`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('load', 'exports', harness)(load, {});
}

test('the README has the examples this test runs', () => {
  expect(examples.length).toBeGreaterThanOrEqual(4);
  expect(examples[0]).toContain('referenceFrom');
});

test.each(examples.map((code, index) => [index + 1, code]))('README TypeScript example %i synthesizes with JSII_DEPRECATED=fail', (_index, code) => {
  expect(synthesizeExample(code as string).length).toBeGreaterThan(0);
});

test('the example app (npm run example) synthesizes with JSII_DEPRECATED=fail', () => {
  const app = new App();
  buildApp(app);
  expect(app.synth().stacks.map(s => s.stackName)).toEqual(['GoldenImageStack', 'GoldenFleetStack']);
});
