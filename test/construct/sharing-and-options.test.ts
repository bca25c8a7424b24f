import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AMI_ID, ENV, imageStack, onlyResource } from './stacks';
import { ImageSource, ImportedImage } from '../../src';

describe('sharing', () => {
  test('sharedWith and shareWith() reach the attributes resource, with defaults as strings', () => {
    const { template } = imageStack({ sharedWith: [{ account: '222222222222' }] }, stack => {
      const image = stack.node.findChild('Image') as ImportedImage;
      image.shareWith('333333333333', { allowFleet: false, allowImageBuilder: true });
    });
    expect(onlyResource(template, 'Custom::AppStreamImportedImageAttributes').resource.Properties.Shares).toEqual([
      { Account: '222222222222', AllowFleet: 'true', AllowImageBuilder: 'false' },
      { Account: '333333333333', AllowFleet: 'false', AllowImageBuilder: 'true' },
    ]);
  });

  test('no shares, no Shares property', () => {
    const { template } = imageStack();
    expect(onlyResource(template, 'Custom::AppStreamImportedImageAttributes').resource.Properties.Shares).toBeUndefined();
  });

  test('an account that is not 12 digits is refused', () => {
    const { image } = imageStack();
    expect(() => image.shareWith('12345')).toThrow(
      "ImportedImage 'ImageStack/Image': shareWith account '12345' is not an AWS account id; expected 12 digits.",
    );
  });
});

describe('provider options', () => {
  test('log retention, VPC and framework logging reach the shared functions', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc');
    new ImportedImage(stack, 'Image', {
      source: ImageSource.fromAmiId(AMI_ID),
      providerOptions: { logRetention: logs.RetentionDays.ONE_WEEK, vpc, frameworkLogging: true },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    for (const handler of ['index.onEvent', 'index.isComplete', 'index.poll']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: handler,
        VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
      });
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('onEvent'),
      LoggingConfig: Match.objectLike({ ApplicationLogLevel: 'INFO' }),
    });
  });

  test('two images of a stack with different options: refused, naming both', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    new ImportedImage(stack, 'A', { source: ImageSource.fromAmiId(AMI_ID), providerOptions: { logRetention: logs.RetentionDays.ONE_WEEK } });
    expect(() => new ImportedImage(stack, 'B', {
      source: ImageSource.fromAmiId(AMI_ID), providerOptions: { logRetention: logs.RetentionDays.ONE_YEAR },
    })).toThrow(/^ImportedImage 'S\/B': providerOptions .*"logRetention":365.* differ from .*"logRetention":7.*, with which 'S\/A' already created this stack's shared provider/);
  });

  test('images that agree, or say nothing, share the provider', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const providerOptions = { logRetention: logs.RetentionDays.ONE_WEEK };
    new ImportedImage(stack, 'A', { source: ImageSource.fromAmiId(AMI_ID), providerOptions });
    new ImportedImage(stack, 'B', { source: ImageSource.fromAmiId(AMI_ID), providerOptions });
    new ImportedImage(stack, 'C', { source: ImageSource.fromAmiId(AMI_ID) });
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::Lambda::Function', { Handler: 'index.onEvent' }, 1);
  });
});

describe('images made elsewhere', () => {
  test('fromImageName builds the ARN in the stack\'s account and Region', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const image = ImportedImage.fromImageName(stack, 'Existing', 'golden-2024');
    expect(image.imageName).toBe('golden-2024');
    expect(stack.resolve(image.imageArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':appstream:us-east-1:111111111111:image/golden-2024']],
    });
  });

  test('fromImageArn parses the name, and takes the environment from the ARN', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const image = ImportedImage.fromImageArn(stack, 'Existing', 'arn:aws:appstream:eu-west-1:222222222222:image/shared-golden');
    expect(image.imageName).toBe('shared-golden');
    expect(image.env).toEqual({ account: '222222222222', region: 'eu-west-1' });
  });

  test('fromImageArn with a token ARN gives a token name', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    const image = ImportedImage.fromImageArn(stack, 'Existing', arn);
    expect(stack.resolve(image.imageName)).toEqual({ 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'Arn' }] }] }] }] });
  });

  test('fromImageArn refuses an ARN without a name', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    expect(() => ImportedImage.fromImageArn(stack, 'Existing', 'arn:aws:appstream:eu-west-1:222222222222:image'))
      .toThrow(/imageArn 'arn:aws:appstream:eu-west-1:222222222222:image' has no image name/);
  });
});
