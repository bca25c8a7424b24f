/**
 * An image imported from an Amazon WorkSpaces image (no import role). Snapshot-tested in
 * `npx projen test`; with an account: --context workspaceImageId=wsi-...
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { ImageSource, ImportedImage } from '../src';

const app = new App();
const workspaceImageId = app.node.tryGetContext('workspaceImageId') ?? 'wsi-0123456789abc';

const stack = new Stack(app, 'ImportedImageWorkspacesInteg');
const image = new ImportedImage(stack, 'Image', {
  source: ImageSource.fromWorkspaceImageId(workspaceImageId),
  displayName: 'From WorkSpaces',
});

const integ = new IntegTest(app, 'WorkspacesSourceTest', { testCases: [stack] });
integ.assertions
  .awsApiCall('AppStream', 'describeImages', { Names: [image.imageName] })
  .expect(ExpectedResult.objectLike({ Images: [{ State: 'AVAILABLE' }] }));
