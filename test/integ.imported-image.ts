/**
 * An image imported from an AMI and a fleet that runs it. In `npx projen test` this runs as a
 * snapshot test (no AWS account). With an account and a compliant AMI:
 *   npx integ-runner --update-on-failed --parallel-regions us-east-1 --context amiId=ami-...
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack, aws_appstream as appstream } from 'aws-cdk-lib';
import { ImageSource, ImportedImage } from '../src';

const app = new App();
const amiId = app.node.tryGetContext('amiId') ?? 'ami-0123456789abcdef0';

const imageStack = new Stack(app, 'ImportedImageInteg');
const image = new ImportedImage(imageStack, 'Image', {
  source: ImageSource.fromAmiId(amiId),
  description: 'cdk-appstream-imported-image integration test',
});

const fleetStack = new Stack(app, 'ImportedImageIntegFleet');
new appstream.CfnFleet(fleetStack, 'Fleet', {
  name: 'imported-image-integ',
  instanceType: 'GeneralPurpose.t3.large',
  imageArn: image.referenceFrom(fleetStack).imageArn,
  fleetType: 'ON_DEMAND',
  computeCapacity: { desiredInstances: 1 },
});

const integ = new IntegTest(app, 'ImportedImageTest', { testCases: [imageStack, fleetStack] });
integ.assertions
  .awsApiCall('AppStream', 'describeImages', { Names: [image.imageName] })
  .expect(ExpectedResult.objectLike({ Images: [{ State: 'AVAILABLE', ImageType: 'CUSTOM' }] }));
