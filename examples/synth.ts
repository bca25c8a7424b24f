/**
 * Synthesizes the example app with no AWS account: `npm run example`.
 * Pass another AMI with `npm run example -- --ami ami-...`.
 */
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp } from './app';

const amiFlag = process.argv.indexOf('--ami');
const outdir = path.join(__dirname, 'cdk.out');
const app = new App({
  outdir,
  context: amiFlag >= 0 ? { amiId: process.argv[amiFlag + 1] } : {},
});
buildApp(app);
const assembly = app.synth();
for (const stack of assembly.stacks) {
  const resources = Object.keys(stack.template.Resources ?? {}).length;
  console.log(`${stack.stackName}: ${path.relative(process.cwd(), path.join(outdir, stack.templateFile))} (${resources} resources)`);
}
