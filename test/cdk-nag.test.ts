import { App, Aspects, Stack, aws_appstream as appstream } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { ImageSource, ImportedImage } from '../src';

/** Every unsuppressed cdk-nag error and warning in a stack with images and a fleet. */
function findings(build: (stack: Stack) => void): string[] {
  const app = new App();
  const stack = new Stack(app, 'Nag', { env: { account: '111111111111', region: 'us-east-1' } });
  build(stack);
  Aspects.of(stack).add(new AwsSolutionsChecks());
  app.synth();
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
    .map(m => `${m.id}: ${String(m.entry.data).split(':')[0]}`);
}

test('an image with a generated name and a fleet: no unsuppressed AwsSolutions findings', () => {
  expect(findings(stack => {
    const image = new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId('ami-0123456789abcdef0') });
    new appstream.CfnFleet(stack, 'Fleet', {
      name: 'fleet',
      instanceType: 'GeneralPurpose.t3.large',
      imageArn: image.imageArn,
      computeCapacity: { desiredInstances: 1 },
    });
  })).toEqual([]);
});

test('images with a fixed name and from WorkSpaces: no unsuppressed AwsSolutions findings', () => {
  expect(findings(stack => {
    new ImportedImage(stack, 'Fixed', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), imageName: 'golden' });
    new ImportedImage(stack, 'Workspaces', { source: ImageSource.fromWorkspaceImageId('wsi-0123456789') });
  })).toEqual([]);
});

test('every landing-zone setting on: no unsuppressed AwsSolutions findings, and no SF1/SF2 suppression left', () => {
  let template: any;
  expect(findings(stack => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    // The user's own VPC and key: not the library's findings.
    NagSuppressions.addResourceSuppressions(vpc, [{ id: 'AwsSolutions-VPC7', reason: 'The test\'s own VPC: flow logs are the user\'s choice, not the library\'s.' }], true);
    const providerOptions = {
      vpc,
      logRetention: logs.RetentionDays.ONE_YEAR,
      logEncryptionKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }),
      stateMachineLogLevel: sfn.LogLevel.ALL,
      stateMachineTracing: true,
    };
    new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), providerOptions });
    new ImportedImage(stack, 'Fixed', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), imageName: 'golden', providerOptions });
    template = stack;
  })).toEqual([]);
  const suppressed = JSON.stringify(Template.fromStack(template).toJSON());
  expect(suppressed).not.toContain('AwsSolutions-SF1');
  expect(suppressed).not.toContain('AwsSolutions-SF2');
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

test('the checks do run: a wildcard policy of the user\'s own is reported', () => {
  expect(findings(stack => {
    new iam.Role(stack, 'Mine', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: { p: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] }) },
    });
  })).toEqual(expect.arrayContaining([expect.stringContaining('/Nag/Mine/Resource: AwsSolutions-IAM5')]));
});
