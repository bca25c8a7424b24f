/**
 * Synthesizes the Image Builder example with no AWS account: `npm run example:image-builder`.
 * A new recipe version (a rotation): `npm run example:image-builder -- --recipe-version 1.1.0 --outdir examples/cdk.out.ib2`.
 */
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildImageBuilderApp } from './image-builder-app';

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index < 0) return undefined;
  const value = process.argv[index + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value, e.g. ${name === '--recipe-version' ? '1.1.0' : 'examples/cdk.out.ib2'}`);
  return value;
}

const recipeVersion = flag('--recipe-version');
const outdir = path.resolve(flag('--outdir') ?? path.join(__dirname, 'cdk.out.image-builder'));
const app = new App({ outdir, context: recipeVersion ? { recipeVersion } : {} });
buildImageBuilderApp(app);
const assembly = app.synth();
console.log(`Recipe version: ${app.node.tryGetContext('recipeVersion') ?? '1.0.0 (default)'}`);
for (const stack of assembly.stacks) {
  const resources = Object.keys(stack.template.Resources ?? {}).length;
  const outputs = Object.keys(stack.template.Outputs ?? {}).length;
  console.log(`${stack.stackName} (${stack.environment.region}): ${path.relative(process.cwd(), path.join(outdir, stack.templateFile))} (${resources} resources, ${outputs} outputs)`);
}
