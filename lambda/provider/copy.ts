/**
 * The `Custom::AppStreamImageCopy` resource: a copy of the stack's image in another Region of
 * the account. Create starts `CopyImage` (in the image's Region) once the image is AVAILABLE;
 * isComplete waits until the copy is visible in its Region and puts the ownership tag (and the
 * image's tags) on it, since CopyImage copies no tags. The wait for AVAILABLE is the copy's wait
 * segments'. Delete, RETAIN, the hand-over of a copy still in use to the poller and rollbacks take
 * the image's own paths, run in the copy's Region.
 */
import { CopyImageCommand, Image, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-appstream';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { firstDeleteStep, nextDeleteStep } from './remove';
import { OWNER_TAG_KEY, RESERVED_TAG_PREFIX } from '../../src/contract';
import { COPY_ATTRIBUTE_KEYS, CopyProperties } from '../../src/copy-contract';
import { checkCopyRegion } from '../../src/copy-rules';
import { isImageName } from '../../src/rules';
import { appStreamClient } from '../aws/clients';
import { findImage, imageTags } from '../aws/images';
import { isEarlierStackOfSameName, marksOf, ownerTagValue, ResourceIdentity, takeOwnership } from '../aws/ownership';
import { homeRegion, inRegion } from '../aws/regions';
import { withRetries } from '../aws/retry';
import { errorMessage, errorName, UserFacingError } from '../shared/errors';
import { log } from '../shared/log';
import { DEFAULT_RETIRE_TIMEOUT_SECONDS, DEFAULT_SHARED_GRACE_SECONDS, parseSeconds } from '../shared/properties';

/** How long a copy that CopyImage accepted may stay invisible in its Region. */
export const COPY_VISIBLE_GRACE_MS = 5 * 60_000;

interface CopyRequest {
  readonly sourceImageName: string;
  readonly region: string;
  readonly description?: string;
  readonly tags: Record<string, string>;
  readonly retain: boolean;
  readonly retireTimeoutSeconds: number;
  readonly sharedGraceSeconds: number;
}

function parseCopyProperties(properties: CopyProperties): CopyRequest {
  const tags: Record<string, string> = {};
  for (const tag of properties.Tags ?? []) {
    if (!String(tag.Key).startsWith(RESERVED_TAG_PREFIX)) tags[String(tag.Key)] = String(tag.Value ?? '');
  }
  return {
    sourceImageName: String(properties.SourceImageName ?? ''),
    region: String(properties.DestinationRegion ?? ''),
    description: properties.DestinationImageDescription ? String(properties.DestinationImageDescription) : undefined,
    tags,
    retain: String(properties.RemovalPolicy ?? 'destroy').toLowerCase() === 'retain',
    retireTimeoutSeconds: parseSeconds(properties.RetireTimeoutSeconds, DEFAULT_RETIRE_TIMEOUT_SECONDS, 'RetireTimeoutSeconds'),
    sharedGraceSeconds: parseSeconds(properties.SharedGraceSeconds, DEFAULT_SHARED_GRACE_SECONDS, 'SharedGraceSeconds'),
  };
}

/** The copy's physical id: its ARN, which names its Region and its name. */
export function copyArn(event: ResourceIdentity, region: string, name: string): string {
  const [, partition = 'aws', , , account = ''] = event.StackId.split(':');
  return `arn:${partition}:appstream:${region}:${account}:image/${name}`;
}

/** The Region and name in a copy's physical id, or undefined for anything else (the framework's CREATE_FAILED marker). */
export function parseCopyArn(physicalId: string): { region: string; name: string } | undefined {
  const match = /^arn:[^:]+:appstream:([^:]+):\d*:image\/(.+)$/.exec(physicalId);
  return match && isImageName(match[2]) ? { region: match[1], name: match[2] } : undefined;
}

export async function copyOnEvent(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }> {
  const request = parseCopyProperties(event.ResourceProperties as unknown as CopyProperties);
  switch (event.RequestType) {
    case 'Create':
      return { PhysicalResourceId: await startCopy(event, request), Data: { CopyRequestedAt: String(Date.now()) } };
    case 'Update': {
      const before = parseCopyProperties(event.OldResourceProperties as unknown as CopyProperties);
      if (before.sourceImageName === request.sourceImageName && before.region === request.region) {
        // Tags or the removal policy: applied to the same copy (isComplete reconciles the tags).
        return { PhysicalResourceId: event.PhysicalResourceId, Data: { CopyRequestedAt: String(Date.now()) } };
      }
      // A new image (a rotation), or another Region: a new copy; CloudFormation then deletes the old one.
      log('replacing the copy', { imageName: request.sourceImageName, state: request.region });
      return { PhysicalResourceId: await startCopy(event, request), Data: { CopyRequestedAt: String(Date.now()) } };
    }
    case 'Delete': {
      const copy = parseCopyArn(event.PhysicalResourceId);
      const progress = copy
        ? await inRegion(copy.region, () => firstDeleteStep({ ...event, PhysicalResourceId: copy.name }, request))
        : 'done';
      return { PhysicalResourceId: event.PhysicalResourceId, Data: { DeleteRequestedAt: String(Date.now()), DeleteProgress: progress } };
    }
  }
}

export async function copyIsComplete(
  event: CloudFormationCustomResourceEvent & { PhysicalResourceId?: string; Data?: Record<string, string> },
): Promise<{ IsComplete: boolean; Data?: Record<string, string> }> {
  const request = parseCopyProperties(event.ResourceProperties as unknown as CopyProperties);
  const copy = parseCopyArn(event.PhysicalResourceId ?? '');
  if (event.RequestType === 'Delete') {
    const first = event.Data?.DeleteProgress;
    if (first === 'done' || !copy) return { IsComplete: true };
    const requestedAt = Number(event.Data?.DeleteRequestedAt ?? Date.now());
    const complete = await inRegion(copy.region,
      () => nextDeleteStep({ ...event, PhysicalResourceId: copy.name }, request, first, requestedAt));
    return { IsComplete: complete };
  }
  if (!copy) throw new UserFacingError(`The copy's physical id '${event.PhysicalResourceId}' is not an image ARN.`);
  return inRegion(copy.region, async () => {
    const image = await findImage(copy.name);
    if (!image) {
      const requestedAt = Number(event.Data?.CopyRequestedAt ?? Date.now());
      if (Date.now() - requestedAt < COPY_VISIBLE_GRACE_MS) return { IsComplete: false };
      throw new UserFacingError(
        `CopyImage accepted the copy of image '${copy.name}' to ${copy.region}, but no image of that name appeared there ` +
        `within ${COPY_VISIBLE_GRACE_MS / 60_000} minutes. The deployment rolls back; deploy again.`,
      );
    }
    await reconcileCopyTags(image, request.tags, event);
    return {
      IsComplete: true,
      Data: {
        [COPY_ATTRIBUTE_KEYS.arn]: image.Arn ?? event.PhysicalResourceId!,
        [COPY_ATTRIBUTE_KEYS.name]: copy.name,
        [COPY_ATTRIBUTE_KEYS.region]: copy.region,
      },
    };
  });
}

/**
 * Starts the copy (or adopts the one an earlier attempt, or the same resource of an earlier
 * stack of the same name, made). CopyImage is the last call that can fail the Create: once it
 * is accepted, CloudFormation learns the copy's ARN, and a rollback's Delete reaches it.
 */
async function startCopy(event: ResourceIdentity, request: CopyRequest): Promise<string> {
  const problems = [
    ...(isImageName(request.sourceImageName) ? [] : [`SourceImageName '${request.sourceImageName}' is not an image name.`]),
    ...checkCopyRegion(request.region, homeRegion() || undefined),
  ];
  if (problems.length > 0) {
    throw new UserFacingError(
      'The image copy\'s properties are invalid (values that were tokens at synth are checked at deploy time):\n' +
      problems.map(p => `- ${p}`).join('\n'),
    );
  }
  const name = request.sourceImageName;
  const physicalId = copyArn(event, request.region, name);
  const existing = await inRegion(request.region, () => findImage(name));
  if (existing) {
    await inRegion(request.region, () => adoptOrRefuse(name, request.region, existing, event));
    return physicalId;
  }
  try {
    await withRetries(() => appStreamClient().send(new CopyImageCommand({
      SourceImageName: name,
      DestinationImageName: name,
      DestinationRegion: request.region,
      DestinationImageDescription: request.description,
    })), { what: 'CopyImage', maxElapsedMs: 60_000 });
    log('copy started', { imageName: name, state: request.region });
  } catch (error) {
    if (errorName(error) === 'ResourceAlreadyExistsException') {
      const image = await inRegion(request.region, () => findImage(name));
      if (image) {
        await inRegion(request.region, () => adoptOrRefuse(name, request.region, image, event));
        return physicalId;
      }
    }
    const quota = errorName(error) === 'LimitExceededException'
      ? ` Accounts hold 10 images per Region by default: delete unused images in ${request.region} or ask for a higher quota there.`
      : '';
    throw new UserFacingError(`CopyImage of image '${name}' to ${request.region} failed: ${errorName(error)}: ${errorMessage(error)}${quota}`);
  }
  return physicalId;
}

/** A copy of that name exists in the Region: this resource's (a retry, a rollback) is adopted; anything else is left alone. */
async function adoptOrRefuse(name: string, region: string, image: Image, event: ResourceIdentity): Promise<void> {
  const marks = await marksOf(image);
  if (marks.owner === ownerTagValue(event)) {
    log('adopting the copy an earlier attempt made', { imageName: name, state: image.State });
    return;
  }
  if (isEarlierStackOfSameName(marks.owner, event)) {
    await takeOwnership(image, event);
    log('adopting the copy an earlier stack of the same name left', { imageName: name, state: image.State });
    return;
  }
  const owner = marks.owner
    ? `it belongs to ${marks.owner} (its ${OWNER_TAG_KEY} tag)`
    : `it was not made by this library (it has no ${OWNER_TAG_KEY} tag)`;
  throw new UserFacingError(
    `An image named '${name}' already exists in ${region} and ${owner}, so it was not copied over and was left untouched. ` +
    `If it is no longer needed, delete it (aws appstream delete-image --name ${name} --region ${region}) and deploy again.`,
  );
}

/** The copy's tags: the ownership tag and the image's tags, writing only real differences. */
async function reconcileCopyTags(image: Image, wanted: Record<string, string>, event: ResourceIdentity): Promise<void> {
  const arn = image.Arn!;
  const current = await imageTags(arn);
  const owner = ownerTagValue(event);
  if (current[OWNER_TAG_KEY] !== undefined && current[OWNER_TAG_KEY] !== owner) {
    throw new UserFacingError(`The copy '${image.Name}' belongs to ${current[OWNER_TAG_KEY]} (its ${OWNER_TAG_KEY} tag), so it was left untouched.`);
  }
  const set: Record<string, string> = Object.fromEntries(Object.entries({ ...wanted, [OWNER_TAG_KEY]: owner })
    .filter(([key, value]) => current[key] !== value));
  const removed = Object.keys(current).filter(key => !key.startsWith(RESERVED_TAG_PREFIX) && !(key in wanted));
  // The ownership tag first (with the image's tags): the role may untag only what it owns.
  if (Object.keys(set).length > 0) {
    await withRetries(() => appStreamClient().send(new TagResourceCommand({ ResourceArn: arn, Tags: set })),
      { what: 'TagResource', maxElapsedMs: 60_000 });
  }
  if (removed.length > 0) {
    await withRetries(() => appStreamClient().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: removed })),
      { what: 'UntagResource', maxElapsedMs: 60_000 });
  }
  if (removed.length + Object.keys(set).length > 0) log('copy tags updated', { imageName: image.Name, changed: [...removed, ...Object.keys(set)] });
}
