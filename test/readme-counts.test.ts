/**
 * The README's "What a deploy does" gives, per kind of source and role, how many resources an
 * image adds and which one to watch during the deploy, and what the shared provider holds. These
 * check each figure against what synth produces.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { buildApp } from '../examples/app';
import { ImageSource, ImportedImage, ImportedImageProps } from '../src';

const ENV = { account: '111111111111', region: 'us-east-1' };
const AMI = 'ami-0123456789abcdef0';
const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

/** The resources of the image `Second` (by construct id, hash suffixes dropped), in a stack whose provider `First` made. */
function imageResources(props: (stack: Stack) => Partial<ImportedImageProps>): { ids: string[]; types: Record<string, string> } {
  const app = new App();
  const stack = new Stack(app, 'S', { env: ENV });
  new ImportedImage(stack, 'First', { source: ImageSource.fromAmiId(AMI) });
  new ImportedImage(stack, 'Second', { source: ImageSource.fromAmiId('ami-0fedcba9876543210'), ...props(stack) });
  const resources: Record<string, { Type: string }> = app.synth().getStackByName('S').template.Resources;
  const types: Record<string, string> = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    // `Second` + the construct id (Wait and WaitHandle carry a hash of their own) + the logical id's hash.
    if (logicalId.startsWith('Second')) types[logicalId.slice('Second'.length, -8).replace(/[0-9A-F]{8}$/, '')] = resource.Type;
  }
  return { ids: Object.keys(types).sort(), types };
}

const LITERAL_WAIT = ['Attributes', 'Import', 'Wait', 'WaitHandle'];
const SEGMENTS = ['Attributes', 'Import', 'WaitSegment1', 'WaitSegment2', 'WaitSegment3'];

test.each<[string, (stack: Stack) => Partial<ImportedImageProps>, string[]]>([
  ['fromAmiId, role created', () => ({}), ['ImportRole', ...LITERAL_WAIT]],
  ['fromAmiId, role by ARN', stack => ({ role: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::111111111111:role/import') }), LITERAL_WAIT],
  ['fromAmiId, role created in the same app', stack => ({ role: new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('appstream.amazonaws.com') }) }), SEGMENTS],
  ['an SSM parameter AMI id, role created', () => ({ source: ImageSource.fromMachineImage(ec2.MachineImage.fromSsmParameter('/golden/ami')) }), ['ImportRole', ...SEGMENTS]],
  ['a CfnParameter AMI id, role created', stack => ({ source: ImageSource.fromAmiId(new CfnParameter(stack, 'Ami').valueAsString) }), ['ImportRole', ...SEGMENTS]],
  ['fromWorkspaceImageId', () => ({ source: ImageSource.fromWorkspaceImageId('wsi-0123456789abc') }), LITERAL_WAIT],
  ['a 3-hour timeout, deploy-time source: four segments', () => ({ source: ImageSource.fromMachineImage(ec2.MachineImage.fromSsmParameter('/golden/ami')), timeout: Duration.hours(3) }),
    ['ImportRole', ...SEGMENTS, 'WaitSegment4'].sort()],
  ['parameterName: one more, the SSM parameter', () => ({ parameterName: '/golden/image-arn' }), ['ArnParameter', 'ImportRole', ...LITERAL_WAIT].sort()],
])('%s: the resources the README lists', (_label, props, expected) => {
  const { ids, types } = imageResources(props);
  expect(ids).toEqual([...expected].sort());
  // What to watch: the wait condition, or the segments.
  if (ids.includes('Wait')) expect(types.Wait).toBe('AWS::CloudFormation::WaitCondition');
  else expect(types.WaitSegment1).toBe('Custom::AppStreamImportedImageWait');
});

test('the README\'s table says so', () => {
  expect(readme).toContain('| `fromAmiId(\'ami-…\')` or a looked-up AMI, role created (the default) | 5: `ImportRole`, `Import`, `WaitHandle…`, `Wait…`, `Attributes` |');
  expect(readme).toContain('| the same, with a `role` given by ARN (`iam.Role.fromRoleArn`) | 4: `Import`, `WaitHandle…`, `Wait…`, `Attributes` |');
  expect(readme).toContain('| the same, with a `role` created in the same app (a deploy-time value) | 5: `Import`, `WaitSegment1` to `WaitSegment3`, `Attributes`');
  expect(readme).toContain('| 6: `ImportRole`, `Import`, `WaitSegment1` to `WaitSegment3`, `Attributes` |');
  expect(readme).toContain('| `fromWorkspaceImageId(\'wsi-…\')` (no role) | 4: `Import`, `WaitHandle…`, `Wait…`, `Attributes` |');
});

test('the shared provider: 25 resources, three handler functions, two state machines, three framework functions, seven roles, nine policies, one log group', () => {
  const app = new App();
  const stack = new Stack(app, 'S', { env: ENV });
  new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI) });
  const resources: Record<string, { Type: string; Properties: { Handler?: string } }> = app.synth().getStackByName('S').template.Resources;
  const shared = Object.entries(resources).filter(([id]) => id.startsWith('AppStreamImportedImageProvider')).map(([, r]) => r);
  const count = (type: string) => shared.filter(r => r.Type === type).length;
  expect(shared).toHaveLength(25);
  const functions = shared.filter(r => r.Type === 'AWS::Lambda::Function');
  expect(functions.filter(f => f.Properties.Handler?.startsWith('index.'))).toHaveLength(3);
  expect(functions.filter(f => f.Properties.Handler?.startsWith('framework.'))).toHaveLength(3);
  expect(count('AWS::StepFunctions::StateMachine')).toBe(2);
  expect(count('AWS::IAM::Role')).toBe(7);
  expect(count('AWS::IAM::Policy')).toBe(9);
  expect(count('AWS::Logs::LogGroup')).toBe(1);
  expect(readme).toContain('stack also brings the shared provider, 25 resources once per stack');
});

test('the example app: 31 resources in the image stack, 1 in the fleet stack, as the README says', () => {
  const app = new App();
  const { imageStack, fleetStack } = buildApp(app);
  const assembly = app.synth();
  const count = (stack: Stack) => Object.keys(assembly.getStackByName(stack.stackName).template.Resources).length;
  expect([count(imageStack), count(fleetStack)]).toEqual([31, 1]);
  expect(readme).toContain('The example (`npm run example`) synthesizes 31\nresources in `GoldenImageStack`');
});
