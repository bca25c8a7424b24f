import { createHash } from 'crypto';
import { PollState } from '../../src/contract';
import { sfnClient, sfnModule } from '../aws/clients';
import { ResourceIdentity } from '../aws/ownership';
import { currentRegion } from '../aws/regions';
import { withRetries } from '../aws/retry';
import { errorName } from '../shared/errors';
import { log } from '../shared/log';

/** The import request's timing, as the poller needs it. */
export interface PollTiming {
  readonly timeoutSeconds: number;
  readonly pollIntervalSeconds: number;
  readonly retireTimeoutSeconds: number;
}

/** A replaced image shared with other accounts: how long they keep it, and who they are. */
export interface SharedGrace {
  readonly graceSeconds: number;
  readonly accounts: string[];
}

/** How often a retired image (replaced, still in use) is tried again. */
export const RETIRE_INTERVAL_SECONDS = 300;

/**
 * Starts the poller that signals the wait condition. The execution's name is derived from the
 * image and the handle, so a retried create does not start a second poller.
 */
export async function startPoller(imageName: string, handleUrl: string, request: PollTiming, resource: ResourceIdentity): Promise<void> {
  const startedAt = Date.now();
  await startExecution(executionName(imageName, handleUrl), {
    mode: 'wait',
    imageName,
    handleUrl,
    stackId: resource.StackId,
    logicalResourceId: resource.LogicalResourceId,
    startedAt,
    deadline: startedAt + request.timeoutSeconds * 1000,
    pollIntervalSeconds: request.pollIntervalSeconds,
    retireTimeoutSeconds: request.retireTimeoutSeconds,
    checks: 0,
  });
  log('poller started', { imageName });
}

/**
 * Hands an image the stack no longer uses, but that cannot be deleted yet (a fleet still runs
 * it, or it is still importing), to the poller: it deletes the image once it can, and tags it
 * for the user at the deadline. `requestId` tells apart two retirements of one name.
 */
export async function startRetirement(
  imageName: string, resource: ResourceIdentity, timeoutSeconds: number, requestId: string, grace?: SharedGrace,
): Promise<void> {
  const startedAt = Date.now();
  // A shared image is left alone through the grace; the deadline counts from its end.
  const graceMs = (grace?.graceSeconds ?? 0) * 1000;
  await startExecution(executionName(imageName, `retire/${requestId}`), {
    mode: 'retire',
    imageName,
    // A copy is retired in its own Region.
    region: currentRegion(),
    stackId: resource.StackId,
    logicalResourceId: resource.LogicalResourceId,
    startedAt,
    deadline: startedAt + graceMs + timeoutSeconds * 1000,
    pollIntervalSeconds: RETIRE_INTERVAL_SECONDS,
    ...(grace ? { graceUntil: startedAt + graceMs, sharedWith: grace.accounts } : {}),
    checks: 0,
  });
  log('image handed to the poller, which deletes it once nothing uses it', { imageName });
}

async function startExecution(name: string, input: PollState): Promise<void> {
  const stateMachineArn = process.env.POLLER_STATE_MACHINE_ARN;
  if (!stateMachineArn) throw new Error('POLLER_STATE_MACHINE_ARN is not set');
  const { StartExecutionCommand } = sfnModule();
  try {
    await withRetries(
      () => sfnClient().send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) })),
      { what: 'StartExecution', maxElapsedMs: 60_000 },
    );
  } catch (error) {
    if (errorName(error) !== 'ExecutionAlreadyExists') throw error;
    log('poller already running', { imageName: input.imageName });
  }
}

/** Step Functions execution names: at most 80 of letters, digits, `-` and `_`. */
export function executionName(imageName: string, key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `${imageName.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 63)}-${hash}`;
}
