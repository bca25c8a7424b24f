import { DELETE_WAIT_MS, deleteStep, DeleteProgress, ImageInUseError, leftBehindMessage, NOT_VISIBLE_GRACE_MS } from './delete';
import { handOverSharedImage } from './shared-handover';
import { findImage } from '../aws/images';
import { ResourceIdentity } from '../aws/ownership';
import { stackOutlivesDelete } from '../aws/stack';
import { startRetirement } from '../poller/start';
import { ImportRequest } from '../shared/properties';

export interface DeleteEvent extends ResourceIdentity {
  readonly PhysicalResourceId: string;
  readonly RequestId: string;
}

/**
 * The first step of a Delete. An image that cannot be deleted yet (a fleet still runs it, or it
 * is still importing) is handed to the poller when the stack lives on (an update's cleanup:
 * a replaced image, or a rollback's new one): the delete succeeds, and the poller deletes the
 * image once it can. When the stack itself goes, so do the functions that would retry: the
 * delete waits within the hour, and an image in use fails it with the service's reason.
 */
export async function firstDeleteStep(event: DeleteEvent, request: Pick<ImportRequest, 'retain' | 'retireTimeoutSeconds' | 'sharedGraceSeconds'>): Promise<DeleteProgress> {
  const name = event.PhysicalResourceId;
  let progress: DeleteProgress;
  try {
    // A replaced image other accounts may still run stays shared through a grace period first.
    progress = await deleteStep(name, event, request.retain, image => handOverSharedImage(event, request, image));
  } catch (error) {
    if (!(error instanceof ImageInUseError) || !(await stackOutlivesDelete(event, name))) throw error;
    await startRetirement(name, event, request.retireTimeoutSeconds, event.RequestId);
    return 'done';
  }
  if (progress === 'waiting' && await stackOutlivesDelete(event, name)) {
    await startRetirement(name, event, request.retireTimeoutSeconds, event.RequestId);
    return 'done';
  }
  return progress;
}

/** Later steps (isComplete): the stack is going, so nothing is handed over. */
export async function nextDeleteStep(
  event: DeleteEvent, request: Pick<ImportRequest, 'retain'>, first: string | undefined, requestedAt: number,
): Promise<boolean> {
  const name = event.PhysicalResourceId;
  const progress = await deleteStep(name, event, request.retain);
  if (progress === 'done') return true;
  const elapsed = Date.now() - requestedAt;
  if (progress === 'absent') {
    // Seen earlier in this delete (so now gone), or still not visible after the grace period.
    return first !== 'absent' || elapsed >= NOT_VISIBLE_GRACE_MS;
  }
  if (elapsed > DELETE_WAIT_MS) {
    const image = await findImage(name);
    throw new Error(leftBehindMessage(name, image?.State));
  }
  return false;
}
