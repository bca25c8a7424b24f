import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-appstream';
import { createImportedImage } from './create';
import { ImportProperties, PROPERTIES_TAG_KEY, RESERVED_TAG_PREFIX } from '../../src/contract';
import { appStreamClient } from '../aws/clients';
import { findImage, imageTags } from '../aws/images';
import { ResourceIdentity } from '../aws/ownership';
import { withRetries } from '../aws/retry';
import { startPoller } from '../poller/start';
import { UserFacingError } from '../shared/errors';
import { log } from '../shared/log';
import { canonical, changedCreateOnlyProperties, createOnlyHash, imageNameFor, parseImportProperties } from '../shared/properties';

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
 *
 * A rollback Update carries the properties the existing image was made from (and the same
 * physical id): it needs no new image and, once the tags agree, no AWS write at all.
 */
export async function updateImportedImage(
  event: ResourceIdentity & { PhysicalResourceId: string },
  before: ImportProperties,
  after: ImportProperties,
): Promise<string> {
  const name = event.PhysicalResourceId;
  const changed = changedCreateOnlyProperties(before, after);
  // The image and its tags, read at most once: the rollback check and the tags both need them.
  let tagged: Promise<TaggedImage | undefined> | undefined;
  const read = () => (tagged ??= readTagged(name));
  if (changed.length > 0) {
    if (imageNameFor(after) !== name) {
      // A new image (or, rolling back a replacement that succeeded, the old one: it is adopted).
      log('replacing the image', { imageName: name, changed });
      return createImportedImage(event, after);
    }
    if (!(await madeFrom(after, read))) {
      const props = [...new Set(changed.map(key => PROP_NAMES[key] ?? key))].join(', ');
      throw new UserFacingError(
        `Cannot replace image '${name}': ${props} changed, which needs a new image, ` +
        'but the image has a fixed name (imageName) and two images cannot share it. ' +
        'Either rename it (change imageName) or remove imageName so that a new name is generated.',
      );
    }
    log('the image already has these properties (a rollback): kept', { imageName: name, changed });
  }

  const request = parseImportProperties(after);
  const tagsChanged = canonical(parseImportProperties(before).tags) !== canonical(request.tags);
  // A fixed name needs the properties tag to tell a rollback from a forward change: images made
  // by earlier versions get it here. (A generated name carries the hash itself.)
  if (tagsChanged || changed.length > 0 || after.ImageName) await reconcileTags(name, request.tags, after, await read());
  // A new timeout brings a new wait condition: signal it once the image is (still) AVAILABLE.
  // (Not in a rollback: the old wait condition was signalled when the image was made.)
  if (changed.length === 0 && request.waitHandle && request.waitHandle !== parseImportProperties(before).waitHandle) {
    await startPoller(name, request.waitHandle, request, event);
  }
  return name;
}

/**
 * True when the image named `name` was made from these create-only properties: always for a
 * generated name (the name is their hash); for a fixed name, when its properties tag says so.
 */
async function madeFrom(properties: ImportProperties, read: () => Promise<TaggedImage | undefined>): Promise<boolean> {
  if (!properties.ImageName) return true;
  return (await read())?.tags[PROPERTIES_TAG_KEY] === createOnlyHash(properties);
}

interface TaggedImage {
  readonly arn: string;
  readonly tags: Record<string, string>;
}

async function readTagged(name: string): Promise<TaggedImage | undefined> {
  const image = await findImage(name);
  return image?.Arn ? { arn: image.Arn, tags: await imageTags(image.Arn) } : undefined;
}

/**
 * Brings the image's tags to the user's tags, writing only real differences (so a rollback
 * writes nothing). Images made by earlier versions get their properties tag here.
 */
async function reconcileTags(
  name: string, wanted: Record<string, string>, properties: ImportProperties, image: TaggedImage | undefined,
): Promise<void> {
  if (!image) {
    throw new UserFacingError(`Cannot update the tags of image '${name}': it no longer exists. Remove it from the stack or rename it so that it is imported again.`);
  }
  const { arn, tags: current } = image;
  const mine = Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith(RESERVED_TAG_PREFIX)));
  const removed = Object.keys(mine).filter(key => !(key in wanted));
  const set: Record<string, string> = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => mine[key] !== value));
  if (properties.ImageName && !(PROPERTIES_TAG_KEY in current)) set[PROPERTIES_TAG_KEY] = createOnlyHash(properties);
  if (removed.length > 0) {
    await withRetries(() => appStreamClient().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: removed })),
      { what: 'UntagResource', maxElapsedMs: 60_000 });
  }
  if (Object.keys(set).length > 0) {
    await withRetries(() => appStreamClient().send(new TagResourceCommand({ ResourceArn: arn, Tags: set })),
      { what: 'TagResource', maxElapsedMs: 60_000 });
  }
  if (removed.length + Object.keys(set).length > 0) log('tags updated', { imageName: name, changed: [...removed, ...Object.keys(set)] });
}
