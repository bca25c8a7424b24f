import { Image, TagResourceCommand } from '@aws-sdk/client-appstream';
import { appStreamClient } from './clients';
import { imageTags } from './images';
import { withRetries } from './retry';
import { OWNER_TAG_KEY, PROPERTIES_TAG_KEY } from '../../src/contract';
import { log } from '../shared/log';

export interface ResourceIdentity {
  readonly StackId: string;
  readonly LogicalResourceId: string;
}

/** The ownership tag's value: which stack's which resource made the image. */
export function ownerTagValue(event: ResourceIdentity): string {
  return `${event.StackId}/${event.LogicalResourceId}`.slice(0, 256);
}

/** The library's own tags on an image (owner and properties), read once. */
export interface ImageMarks {
  readonly owner?: string;
  readonly propertiesHash?: string;
}

export async function marksOf(image: Image): Promise<ImageMarks> {
  if (!image.Arn) return {};
  const tags = await imageTags(image.Arn);
  return { owner: tags[OWNER_TAG_KEY], propertiesHash: tags[PROPERTIES_TAG_KEY] };
}

/** True when the image carries this resource's ownership tag. */
export async function isOwnedBy(image: Image, event: ResourceIdentity): Promise<boolean> {
  return (await marksOf(image)).owner === ownerTagValue(event);
}

/**
 * True when `owner` names the same resource of an earlier stack of the same name (a stack that
 * was deleted and created again: a new stack id). Stack names are unique per account and
 * Region while a stack exists, so that earlier stack is gone: its image is this resource's to adopt.
 */
export function isEarlierStackOfSameName(owner: string | undefined, event: ResourceIdentity): boolean {
  if (!owner) return false;
  const mine = parseOwner(ownerTagValue(event));
  const theirs = parseOwner(owner);
  return mine !== undefined && theirs !== undefined && theirs.stackId !== mine.stackId &&
    theirs.stackPrefix === mine.stackPrefix && theirs.logicalId === mine.logicalId;
}

/** `arn:...:stack/<name>/<uuid>/<logical id>` into its parts (undefined when it is not that shape). */
function parseOwner(owner: string): { stackId: string; stackPrefix: string; logicalId: string } | undefined {
  const parts = owner.split('/');
  if (parts.length !== 4 || !parts[0].endsWith(':stack')) return undefined;
  return { stackId: parts.slice(0, 3).join('/'), stackPrefix: parts.slice(0, 2).join('/'), logicalId: parts[3] };
}

/** Makes this resource the image's owner (after adopting it from an earlier stack of the same name). */
export async function takeOwnership(image: Image, event: ResourceIdentity): Promise<void> {
  const arn = image.Arn!;
  await withRetries(() => appStreamClient().send(new TagResourceCommand({ ResourceArn: arn, Tags: { [OWNER_TAG_KEY]: ownerTagValue(event) } })),
    { what: 'TagResource', maxElapsedMs: 60_000 });
  log('ownership moved to this stack', { imageName: image.Name });
}
