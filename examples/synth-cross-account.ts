/**
 * Synthesizes the two-account example with no AWS account and prints what links the accounts:
 * `npx ts-node --project tsconfig.dev.json examples/synth-cross-account.ts` (`--ami ami-…` for a
 * rotation). The image account's shared parameter and RAM share, and the workload account's
 * SSM-typed parameter by ARN.
 */
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildCrossAccountApp } from './cross-account';

const amiIndex = process.argv.indexOf('--ami');
const amiId = amiIndex >= 0 ? process.argv[amiIndex + 1] : undefined;
const outdir = path.join(__dirname, 'cdk.out.cross-account');
const app = new App({ outdir, context: amiId ? { amiId } : {} });
const { imageStack, workloadStack } = buildCrossAccountApp(app);
const assembly = app.synth();

const templateOf = (stackName: string) => assembly.getStackByName(stackName).template;
const resourcesOfType = (template: any, type: string) =>
  Object.fromEntries(Object.entries(template.Resources ?? {}).filter(([, resource]: [string, any]) => resource.Type === type));

const images = templateOf(imageStack.stackName);
const workload = templateOf(workloadStack.stackName);
const show = (title: string, value: unknown) => console.log(`${title}\n${JSON.stringify(value, null, 2)}\n`);
console.log(`AMI: ${app.node.tryGetContext('amiId') ?? 'ami-0123456789abcdef0 (default)'}; templates in ${path.relative(process.cwd(), outdir)}\n`);
show(`${imageStack.stackName} (account ${imageStack.account}): the shared parameter`, resourcesOfType(images, 'AWS::SSM::Parameter'));
show(`${imageStack.stackName} (account ${imageStack.account}): the RAM share`, resourcesOfType(images, 'AWS::RAM::ResourceShare'));
show(`${workloadStack.stackName} (account ${workloadStack.account}): the SSM-typed parameter by ARN`, workload.Parameters);
show(`${workloadStack.stackName}: the fleet's image`, Object.values(resourcesOfType(workload, 'AWS::AppStream::Fleet')).map((f: any) => f.Properties.ImageArn));
console.log(`${workloadStack.stackName} depends on: ${workloadStack.dependencies.map(stack => stack.stackName).join(', ')}`);
