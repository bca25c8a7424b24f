import { App, Aspects, Stack, aws_appstream as appstream } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
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

test('the checks do run: a wildcard policy of the user\'s own is reported', () => {
  expect(findings(stack => {
    new iam.Role(stack, 'Mine', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: { p: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] }) },
    });
  })).toEqual(expect.arrayContaining([expect.stringContaining('/Nag/Mine/Resource: AwsSolutions-IAM5')]));
});
