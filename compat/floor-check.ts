/**
 * Floor check (`npx projen floor`, part of `npx projen build` after the npm package is packed):
 * the packed tarball, installed in a fresh app on exactly the declared peer floor
 * (compat/versions.json `floor`), synthesizes the README's TypeScript examples with
 * JSII_DEPRECATED=fail (a deprecated aws-cdk-lib API anywhere fails it), and every Lambda
 * function of the first runs on a runtime that this aws-cdk-lib knows.
 */
import * as fs from 'fs';
import * as path from 'path';
import { HANDLERS, LIST_FUNCTIONS_JS, installTempApp } from './temp-app';

const { floor } = JSON.parse(fs.readFileSync(path.join(__dirname, 'versions.json'), 'utf8'));

const app = installTempApp(floor);
try {
  const installed = app.version('aws-cdk-lib');
  if (installed !== floor['aws-cdk-lib']) throw new Error(`installed aws-cdk-lib ${installed}, expected ${floor['aws-cdk-lib']}`);
  // As users' CI runs it: a deprecated aws-cdk-lib API called anywhere fails the synth.
  const out = app.run(`${LIST_FUNCTIONS_JS}
const assembly = app.synth();
const { Runtime } = require('aws-cdk-lib/aws-lambda');
console.log(JSON.stringify({ known: Runtime.ALL.map(r => r.name), functions: listFunctions(assembly), stacks: assembly.stacks.map(s => s.stackName) }));`,
  { deprecated: 'fail' });
  const { known, functions, stacks } = JSON.parse(out.trim().split('\n').pop()!);
  console.log(`aws-cdk-lib ${installed}, constructs ${app.version('constructs')}: README example synthesized with JSII_DEPRECATED=fail (stacks ${stacks.join(', ')})`);
  const every = app.runEveryExample({ deprecated: 'fail' });
  console.log(`every README TypeScript example (${every.length}) synthesized with JSII_DEPRECATED=fail: ${every.map(s => s.join(' + ')).join('; ')}`);

  const problems: string[] = [];
  for (const handler of HANDLERS) {
    if (!functions.some((f: { handler: string }) => f.handler === handler)) problems.push(`no function with handler ${handler}`);
  }
  for (const f of functions) {
    const unknown = f.runtimes.filter((r: unknown) => typeof r !== 'string' || !known.includes(r));
    const whose = HANDLERS.includes(f.handler) ? 'library' : 'aws-cdk-lib';
    console.log(`  ${f.stack}/${f.id} (${whose}, ${f.handler}): ${f.runtimes.join(' | ')}${f.mapping ? ' (by Region)' : ''}`);
    if (unknown.length) problems.push(`${f.stack}/${f.id}: runtime ${JSON.stringify(unknown)} is not one aws-cdk-lib ${installed} knows`);
  }
  if (problems.length) {
    console.error(`floor check FAILED on aws-cdk-lib ${installed}:\n- ${problems.join('\n- ')}`);
    process.exitCode = 1;
  } else {
    console.log(`floor check passed: aws-cdk-lib ${installed} synthesizes the README example; all ${functions.length} functions use runtimes it knows`);
  }
} finally {
  app.dispose();
}
