import { createHash } from 'crypto';
import { sfnClient, sfnModule } from './clients';
import { errorName } from './errors';
import { log } from './log';
import { withRetries } from './retry';
import { PollState } from '../src/contract';

/**
 * Starts the poller that signals the wait condition. The execution's name is derived from the
 * image and the handle, so a retried create does not start a second poller.
 */
export async function startPoller(imageName: string, handleUrl: string, timeoutSeconds: number, pollIntervalSeconds: number): Promise<void> {
  const stateMachineArn = process.env.POLLER_STATE_MACHINE_ARN;
  if (!stateMachineArn) throw new Error('POLLER_STATE_MACHINE_ARN is not set');
  const startedAt = Date.now();
  const input: PollState = {
    imageName,
    handleUrl,
    startedAt,
    deadline: startedAt + timeoutSeconds * 1000,
    pollIntervalSeconds,
    checks: 0,
  };
  const { StartExecutionCommand } = sfnModule();
  try {
    await withRetries(
      () => sfnClient().send(new StartExecutionCommand({ stateMachineArn, name: executionName(imageName, handleUrl), input: JSON.stringify(input) })),
      { what: 'StartExecution', maxElapsedMs: 60_000 },
    );
    log('poller started', { imageName });
  } catch (error) {
    if (errorName(error) !== 'ExecutionAlreadyExists') throw error;
    log('poller already running', { imageName });
  }
}

/** Step Functions execution names: at most 80 of letters, digits, `-` and `_`. */
export function executionName(imageName: string, handleUrl: string): string {
  const handleHash = createHash('sha256').update(handleUrl).digest('hex').slice(0, 16);
  return `${imageName.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 63)}-${handleHash}`;
}
