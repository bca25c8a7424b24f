import { App, Stack, StackProps, aws_appstream as appstream } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ImageSource, ImportedImage } from '../src';

/** The image: one golden AMI imported as a WorkSpaces Applications image. */
export class ImageStack extends Stack {
  public readonly image: ImportedImage;

  constructor(scope: Construct, id: string, props: StackProps & { readonly amiId: string }) {
    super(scope, id, props);
    this.image = new ImportedImage(this, 'GoldenImage', {
      source: ImageSource.fromAmiId(props.amiId),
      displayName: 'Golden Windows image',
      description: 'Imported from the golden Windows Server 2022 AMI',
    });
  }
}

/**
 * A fleet in another stack. It reads the image's ARN through the SSM parameter the image
 * publishes (`referenceFrom`), not a CloudFormation export: a new AMI replaces the image, and
 * this stack, redeployed by every `cdk deploy --all` after the image stack, moves its fleet to it.
 */
export class FleetStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { readonly image: ImportedImage }) {
    super(scope, id, props);
    const image = props.image.referenceFrom(this);
    new appstream.CfnFleet(this, 'Fleet', {
      name: 'golden-fleet',
      instanceType: 'GeneralPurpose.t3.large',
      imageArn: image.imageArn,
      fleetType: 'ON_DEMAND',
      computeCapacity: { desiredInstances: 1 },
    });
  }
}

/** Builds the example app: an image stack and a fleet stack. The AMI comes from the `amiId` context. */
export function buildApp(app: App): { imageStack: ImageStack; fleetStack: FleetStack } {
  const env = { account: '111111111111', region: 'us-east-1' };
  const amiId = app.node.tryGetContext('amiId') ?? 'ami-0123456789abcdef0';
  const imageStack = new ImageStack(app, 'GoldenImageStack', { env, amiId });
  const fleetStack = new FleetStack(app, 'GoldenFleetStack', { env, image: imageStack.image });
  return { imageStack, fleetStack };
}
