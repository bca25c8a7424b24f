import { DeleteImageCommand, Image, TagResourceCommand } from '@aws-sdk/client-appstream';
import { RETIRED_TAG_KEY } from '../../src/contract';
import { isImageName } from '../../src/rules';
import { appStreamClient } from '../aws/clients';
import { findImage, SETTLING_STATES } from '../aws/images';
import { isOwnedBy, ResourceIdentity } from '../aws/ownership';
import { withRetries } from '../aws/retry';
import { unshareAll, unsharedMessage } from '../aws/sharing';
import { errorMessage, errorName, isNotFound, UserFacingError } from '../shared/errors';
import { log } from '../shared/log';

/**
 * 'done': deleted, kept, or never ours to touch; 'waiting': still settling; 'absent': no image
 * of that name is visible (gone, or made a moment ago and not visible yet). An image in use
 * throws ImageInUseError.
 */
export type DeleteProgress = 'done' | 'waiting' | 'absent';

/** DeleteImage answered ResourceInUseException: a fleet or image builder runs the image, or it is shared. */
export class ImageInUseError extends UserFacingError {
  constructor(public readonly imageName: string, serviceMessage: string) {
    super(
      `Image '${imageName}' cannot be deleted because it is in use: ${serviceMessage} ` +
      'A fleet or image builder outside this stack runs it, or it is shared with other accounts. ' +
      'Move them to another image (or remove the sharing), then delete again; or set removalPolicy: RemovalPolicy.RETAIN to keep the image.',
    );
  }
}

/** How long a delete waits for an image that is still importing, inside the custom resource's hour. */
export const DELETE_WAIT_MS = 50 * 60_000;

/**
 * How long a delete that has not seen the image keeps looking: an image created a moment
 * before (a rollback right after Create) may not be visible yet, and would be left behind.
 */
export const NOT_VISIBLE_GRACE_MS = 60_000;

/**
 * One step of deleting an image: deletes it if it has settled and nothing uses it. Never
 * touches an image this resource did not create. With `retain`, an image that can run is kept;
 * a FAILED one is deleted all the same (it is of no use and holds its name).
 */
export async function deleteStep(
  name: string, event: ResourceIdentity, retain: boolean, handOver?: (image: Image) => Promise<boolean>,
): Promise<DeleteProgress> {
  // Not a name this resource could have made (an older or failed resource's id): nothing to delete.
  if (!isImageName(name)) return 'done';
  const image = await findImage(name);
  if (!image) return 'absent';
  if (!(await isOwnedBy(image, event))) {
    log('image not created by this resource: left untouched', { imageName: name });
    return 'done';
  }
  if (retain && image.State !== 'FAILED') {
    log('removal policy RETAIN: image kept', { imageName: name, state: image.State });
    return 'done';
  }
  if (SETTLING_STATES.has(image.State ?? '')) {
    log('waiting for the image to settle before deleting it', { imageName: name, state: image.State });
    return 'waiting';
  }
  // Someone else takes over this settled image of ours (the poller, for a shared one).
  if (handOver && await handOver(image)) return 'done';
  await deleteOwnedImage(name);
  return 'done';
}

/**
 * Unshares and deletes a settled image this resource owns; throws ImageInUseError when something
 * runs it. `why` says, in the log line naming the accounts it was shared with, why they lose it.
 */
export async function deleteOwnedImage(name: string, why: string = 'the image is deleted'): Promise<void> {
  try {
    // A shared image cannot be deleted: stop sharing it first.
    const accounts = await unshareAll(name);
    if (accounts.length > 0) log(unsharedMessage(name, accounts, why), { imageName: name });
    await withRetries(() => appStreamClient().send(new DeleteImageCommand({ Name: name })),
      { what: 'DeleteImage', maxElapsedMs: 60_000 });
  } catch (error) {
    if (isNotFound(error)) return;
    if (errorName(error) === 'ResourceInUseException') throw new ImageInUseError(name, errorMessage(error));
    throw error;
  }
  log('image deleted', { imageName: name });
}

/** The command that deletes an image by hand. */
export const deleteCommand = (name: string) => `aws appstream delete-image --name ${name}`;

/** The message when an image is still importing as the custom resource's hour runs out. */
export function leftBehindMessage(name: string, state: string | undefined): string {
  return `Image '${name}' was still ${state ?? 'importing'} after ${DELETE_WAIT_MS / 60_000} minutes, so it was not deleted and is left in your account. ` +
    `Once it is AVAILABLE or FAILED, delete it with: ${deleteCommand(name)}`;
}

/**
 * The poller gives up on a retired image: it stays, tagged so that it can be found, and a log
 * line names it and gives the command to delete it.
 */
export async function markLeftBehind(name: string, why: string): Promise<void> {
  const message = `Image '${name}' was ${why}, so the poller stopped trying to delete it; it is left in your account, ` +
    `tagged ${RETIRED_TAG_KEY}. Once nothing uses it, delete it with: ${deleteCommand(name)}`;
  try {
    const image = await findImage(name);
    if (image?.Arn) {
      const arn = image.Arn;
      await withRetries(() => appStreamClient().send(new TagResourceCommand({
        ResourceArn: arn,
        Tags: { [RETIRED_TAG_KEY]: `left in use at ${new Date().toISOString()}` },
      })), { what: 'TagResource', maxElapsedMs: 60_000 });
    }
  } catch (error) {
    log('could not tag the image left behind', { imageName: name, error: errorName(error) });
  }
  log(message, { imageName: name });
}
