/**
 * Synthesizes the example app with no AWS account: `npm run example`.
 * Another AMI (a rotation): `npm run example -- --ami ami-0fedcba9876543210`; another output
 * folder, to compare two synths: `--outdir examples/cdk.out.v2`.
 */
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp } from './app';

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index < 0) return undefined;
  const value = process.argv[index + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value, e.g. ${name === '--ami' ? 'ami-0fedcba9876543210' : 'examples/cdk.out.v2'}`);
  return value;
}

const amiId = flag('--ami');
const outdir = path.resolve(flag('--outdir') ?? path.join(__dirname, 'cdk.out'));
const app = new App({ outdir, context: amiId ? { amiId } : {} });
buildApp(app);
const assembly = app.synth();
console.log(`AMI: ${app.node.tryGetContext('amiId') ?? 'ami-0123456789abcdef0 (default)'}`);
for (const stack of assembly.stacks) {
  const resources = Object.keys(stack.template.Resources ?? {}).length;
  console.log(`${stack.stackName}: ${path.relative(process.cwd(), path.join(outdir, stack.templateFile))} (${resources} resource${resources === 1 ? '' : 's'})`);
}
