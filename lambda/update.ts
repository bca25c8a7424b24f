import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-appstream';
import { appStreamClient } from './clients';
import { createImportedImage } from './create';
import { UserFacingError } from './errors';
import { findImage } from './images';
import { log } from './log';
import { ResourceIdentity } from './ownership';
import { startPoller } from './poller';
import { changedCreateOnlyProperties, imageNameFor, parseImportProperties } from './properties';
import { withRetries } from './retry';
import { ImportProperties } from '../src/contract';

/** The construct's names for the resource's create-only properties, for messages. */
const PROP_NAMES: Record<string, string> = {
  ImageName: 'imageName',
  NamePrefix: 'construct path',
  SourceAmiId: 'source',
  WorkspaceImageId: 'source',
  IamRoleArn: 'role',
  DisplayName: 'displayName',
  Description: 'description',
  Applications: 'applications',
  RuntimeValidationInstanceType: 'runtimeValidationInstanceType',
  AgentSoftwareVersion: 'agentSoftwareVersion',
};

/**
 * A change to a create-only property replaces the image under a new name (CloudFormation then
 * deletes the old one); anything else is applied in place. Returns the physical id.
 */
export async function updateImportedImage(
  event: ResourceIdentity & { PhysicalResourceId: string },
  before: ImportProperties,
  after: ImportProperties,
): Promise<string> {
  const changed = changedCreateOnlyProperties(before, after);
  if (changed.length > 0) {
    if (imageNameFor(after) === event.PhysicalResourceId) {
      const props = [...new Set(changed.map(key => PROP_NAMES[key] ?? key))].join(', ');
      throw new UserFacingError(
        `Cannot replace image '${event.PhysicalResourceId}': ${props} changed, which needs a new image, ` +
        'but the image has a fixed name (imageName) and two images cannot share it. ' +
        'Either rename it (change imageName) or remove imageName so that a new name is generated.',
      );
    }
    log('replacing the image', { imageName: event.PhysicalResourceId, changed });
    return createImportedImage(event, after);
  }

  const name = event.PhysicalResourceId;
  const oldRequest = parseImportProperties(before);
  const request = parseImportProperties(after);
  await updateTags(name, oldRequest.tags, request.tags);
  // A new timeout brings a new wait condition: signal it once the image is (still) AVAILABLE.
  if (request.waitHandle && request.waitHandle !== oldRequest.waitHandle) {
    await startPoller(name, request.waitHandle, request.timeoutSeconds, request.pollIntervalSeconds);
  }
  return name;
}

async function updateTags(name: string, before: Record<string, string>, after: Record<string, string>): Promise<void> {
  // Both maps hold the user's tags only (parseImportProperties drops the ownership tag).
  const removed = Object.keys(before).filter(key => !(key in after));
  const set = Object.fromEntries(Object.entries(after).filter(([key, value]) => before[key] !== value));
  if (removed.length === 0 && Object.keys(set).length === 0) return;

  const image = await findImage(name);
  if (!image?.Arn) {
    throw new UserFacingError(`Cannot update the tags of image '${name}': it no longer exists. Remove it from the stack or rename it so that it is imported again.`);
  }
  const arn = image.Arn;
  if (removed.length > 0) {
    await withRetries(() => appStreamClient().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: removed })),
      { what: 'UntagResource', maxElapsedMs: 60_000 });
  }
  if (Object.keys(set).length > 0) {
    await withRetries(() => appStreamClient().send(new TagResourceCommand({ ResourceArn: arn, Tags: set })),
      { what: 'TagResource', maxElapsedMs: 60_000 });
  }
  log('tags updated', { imageName: name, changed: [...removed, ...Object.keys(set)] });
}
