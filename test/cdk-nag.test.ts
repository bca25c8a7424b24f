import { App, Aspects, Stack, aws_appstream as appstream } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AwsSolutionsChecks as AwsSolutionsChecksV2 } from 'cdk-nag-v2';
import { ImageSource, ImportedImage } from '../src';

// cdk-nag 3 (a policy validation plugin, reading `Validations` acknowledgements) and cdk-nag 2
// (an aspect, reading `cdk_nag` metadata; the one that runs on older aws-cdk-lib) both run here.

function stackWith(build: (stack: Stack) => void): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'Nag', { env: { account: '111111111111', region: 'us-east-1' } });
  build(stack);
  return { app, stack };
}

/** Every cdk-nag 3 violation, as `rule: path`. */
function findingsV3(build: (stack: Stack) => void): string[] {
  const { app, stack } = stackWith(build);
  app.synth();
  return new AwsSolutionsChecks().validateScope(stack).violations
    .flatMap(v => v.violatingResources.map(r => `${v.ruleName}: ${r.constructPath}`));
}

/** Every unsuppressed cdk-nag 2 error and warning. */
function findingsV2(build: (stack: Stack) => void): string[] {
  const { app, stack } = stackWith(build);
  Aspects.of(stack).add(new AwsSolutionsChecksV2());
  app.synth();
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
    .map(m => `${m.id}: ${String(m.entry.data).split(':')[0]}`);
}

const imageAndFleet = (stack: Stack) => {
  const image = new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId('ami-0123456789abcdef0') });
  new appstream.CfnFleet(stack, 'Fleet', {
    name: 'fleet',
    instanceType: 'GeneralPurpose.t3.large',
    imageArn: image.imageArn,
    computeCapacity: { desiredInstances: 1 },
  });
};
const fixedNameAndWorkspaces = (stack: Stack) => {
  new ImportedImage(stack, 'Fixed', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), imageName: 'golden' });
  new ImportedImage(stack, 'Workspaces', { source: ImageSource.fromWorkspaceImageId('wsi-0123456789') });
};
/** Every landing-zone setting on: a VPC, a year of logs, a KMS key, state machine logging and tracing. */
const everySettingOn = (stack: Stack) => {
  const providerOptions = {
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
    logRetention: logs.RetentionDays.ONE_YEAR,
    logEncryptionKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }),
    stateMachineLogLevel: sfn.LogLevel.ALL,
    stateMachineTracing: true,
  };
  new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), providerOptions });
  new ImportedImage(stack, 'Fixed', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), imageName: 'golden', providerOptions });
};
/** Copies in two Regions, one published for a fleet stack in its Region. */
const copiesInTwoRegions = (stack: Stack) => {
  const image = new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), copyToRegions: ['eu-west-1', 'ap-southeast-2'] });
  image.referenceFrom(new Stack(stack.node.root as App, 'FleetEu', { env: { account: '111111111111', region: 'eu-west-1' } }));
};
/** Findings on the test's own VPC and key (flow logs and such are the user's choice, not the library's). */
const onTheLibrary = (found: string[]) => found.filter(f => !/Nag\/(Vpc|LogKey)\//.test(f));
const wildcardOfTheUser = (stack: Stack) => {
  new iam.Role(stack, 'Mine', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    inlinePolicies: { p: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] }) },
  });
};

describe.each([
  ['cdk-nag 3', findingsV3],
  ['cdk-nag 2', findingsV2],
])('%s', (_name, findings) => {
  test('an image with a generated name and a fleet: no unsuppressed AwsSolutions findings', () => {
    expect(findings(imageAndFleet)).toEqual([]);
  });

  test('images with a fixed name and from WorkSpaces: no unsuppressed AwsSolutions findings', () => {
    expect(findings(fixedNameAndWorkspaces)).toEqual([]);
  });

  test('an image with copies in two Regions: no unsuppressed AwsSolutions findings', () => {
    expect(findings(copiesInTwoRegions)).toEqual([]);
  });

  test('every landing-zone setting on: no unsuppressed AwsSolutions findings on the library\'s resources', () => {
    expect(onTheLibrary(findings(everySettingOn))).toEqual([]);
  });

  test('the checks do run: a wildcard policy of the user\'s own is reported', () => {
    expect(findings(wildcardOfTheUser)).toEqual(expect.arrayContaining([expect.stringMatching(/AwsSolutions-IAM5.*Nag\/Mine\/Resource|\/Nag\/Mine\/Resource: AwsSolutions-IAM5/)]));
  });
});

test('every function runs on the latest Node.js runtime this aws-cdk-lib knows (AwsSolutions-L1 clean)', () => {
  const { app, stack } = stackWith(imageAndFleet);
  app.synth();
  const latest = lambda.Runtime.ALL.filter(r => r.family === lambda.RuntimeFamily.NODEJS).map(r => r.name)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop();
  const runtimes = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map(f => f.Properties.Runtime);
  expect(runtimes.length).toBeGreaterThanOrEqual(5);
  expect(new Set(runtimes)).toEqual(new Set([latest]));
  expect(new AwsSolutionsChecks().validateScope(stack).violations.filter(v => v.ruleName.startsWith('AwsSolutions-L1'))).toEqual([]);
});

test('every landing-zone setting on: no SF1/SF2 suppression is left (their findings no longer hold)', () => {
  const { stack } = stackWith(everySettingOn);
  const text = JSON.stringify(Template.fromStack(stack).toJSON());
  expect(text).not.toContain('AwsSolutions-SF1');
  expect(text).not.toContain('AwsSolutions-SF2');
});

test('default settings: the SF1/SF2 suppressions are there, with their reasons', () => {
  const stack = new Stack(new App(), 'S');
  new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId('ami-0123456789abcdef0') });
  const text = JSON.stringify(Template.fromStack(stack).toJSON());
  expect(text).toContain('"id":"AwsSolutions-SF1"');
  expect(text).toContain('providerOptions.stateMachineLogLevel turns it on');
  expect(text).toContain('"id":"AwsSolutions-SF2"');
  expect(text).toContain('providerOptions.stateMachineTracing turns it on');
});
