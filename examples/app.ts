import { App, Stack, StackProps, aws_appstream as appstream } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IImportedImage, ImageSource, ImportedImage } from '../src';

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

/** A fleet in another stack that gets the image only through its ARN (a cross-stack reference). */
export class FleetStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { readonly image: IImportedImage }) {
    super(scope, id, props);
    new appstream.CfnFleet(this, 'Fleet', {
      name: 'golden-fleet',
      instanceType: 'GeneralPurpose.t3.large',
      imageArn: props.image.imageArn,
      fleetType: 'ON_DEMAND',
      computeCapacity: { desiredInstances: 1 },
    });
  }
}

/** Builds the example app: an image stack and a fleet stack. */
export function buildApp(app: App): { imageStack: ImageStack; fleetStack: FleetStack } {
  const env = { account: '111111111111', region: 'us-east-1' };
  const amiId = app.node.tryGetContext('amiId') ?? 'ami-0123456789abcdef0';
  const imageStack = new ImageStack(app, 'GoldenImageStack', { env, amiId });
  const fleetStack = new FleetStack(app, 'GoldenFleetStack', { env, image: imageStack.image });
  return { imageStack, fleetStack };
}
