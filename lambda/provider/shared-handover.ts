/**
 * A replaced image that other accounts may still run. Their fleets move only when their own
 * stacks deploy (another pipeline, another day), and this account cannot see them: DeleteImage
 * fails for any shared image, used or not. So an update's cleanup never unshares or deletes a
 * shared image: it hands it to the poller, which leaves it shared for the grace period, then
 * unshares and deletes it (or, if a fleet of this account still runs it, leaves it tagged).
 */
import { Image } from '@aws-sdk/client-appstream';
import type { DeleteEvent } from './remove';
import { sharedAccounts } from '../aws/sharing';
import { stackOutlivesDelete } from '../aws/stack';
import { startRetirement } from '../poller/start';
import { errorName } from '../shared/errors';
import { log } from '../shared/log';
import { ImportRequest } from '../shared/properties';

/**
 * For a settled image of this resource that is about to be deleted: true when it was handed to
 * the poller with a grace period (the delete is then done). False when it is not shared, or the
 * stack itself is being deleted: the delete goes on as it always did.
 */
export async function handOverSharedImage(event: DeleteEvent, request: Pick<ImportRequest, 'retireTimeoutSeconds' | 'sharedGraceSeconds'>, image: Image): Promise<boolean> {
  const name = event.PhysicalResourceId;
  // DescribeImages says whether the image is shared: no further call for an image that is not.
  if (image.ImageSharedWithOthers !== 'TRUE') return false;
  const accounts = await accountsOf(name);
  if (!(await stackOutlivesDelete(event, name))) {
    // No poller outlives the stack to wait: as before, the image is unshared and deleted now.
    log(`Image '${name}' is shared with ${describe(accounts)} and its stack is being deleted (or CloudFormation could not say), ` +
      'so it is unshared and deleted now, as always: nothing would be left to unshare and delete it after a grace period.', { imageName: name });
    return false;
  }
  await startRetirement(name, event, request.retireTimeoutSeconds, event.RequestId, { graceSeconds: request.sharedGraceSeconds, accounts });
  log(`Image '${name}' left the stack (replaced or removed) but is shared with ${describe(accounts)}, whose fleets may still run it: ` +
    `it stays shared for ${formatGrace(request.sharedGraceSeconds)} (sharedImageGracePeriod), then the poller unshares and deletes it.`,
  { imageName: name });
  return true;
}

/** The accounts, for messages; a failed read only loses the names, never the grace. */
async function accountsOf(name: string): Promise<string[]> {
  try {
    return await sharedAccounts(name);
  } catch (error) {
    log('could not list the accounts the image is shared with', { imageName: name, error: errorName(error) });
    return [];
  }
}

function describe(accounts: string[]): string {
  if (accounts.length === 0) return 'other accounts';
  return `account${accounts.length === 1 ? '' : 's'} ${accounts.join(', ')}`;
}

function formatGrace(seconds: number): string {
  const hours = Math.round(seconds / 3600);
  return hours % 24 === 0 ? `${hours / 24} d` : `${hours} h`;
}
