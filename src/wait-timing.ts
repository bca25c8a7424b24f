/** How the wait's deadlines are laid out. Not part of the public API. */

/** The longest a CloudFormation wait condition can wait. */
export const WAIT_CONDITION_MAX_SECONDS = 12 * 3600;

/**
 * What the poller's last check may take after the deadline: its Lambda retries (5 + 10 + 20 +
 * 40 s), the signal's PUT (up to 30 s) and room to spare.
 */
const LAST_CHECK_SECONDS = 300;

/** Each wait segment stays under the 55 minutes this library gives the Provider framework (its `totalTimeout`, src/import-provider.ts), itself under CloudFormation's hour. */
export const SEGMENT_SECONDS = 50 * 60;

export interface WaitTiming {
  /** When the poller gives up and signals FAILURE with its own message. */
  readonly pollerDeadlineSeconds: number;
  /** The wait condition's Timeout: later than the poller's last check, so its message is the one users see. */
  readonly waitConditionTimeoutSeconds: number;
}

/**
 * The poller's deadline is the timeout, and the wait condition waits one interval and one last
 * check longer. Near the 12-hour ceiling the poller's deadline moves earlier instead.
 */
export function waitTiming(timeoutSeconds: number, pollIntervalSeconds: number): WaitTiming {
  const margin = pollIntervalSeconds + LAST_CHECK_SECONDS;
  const waitConditionTimeoutSeconds = Math.min(WAIT_CONDITION_MAX_SECONDS, timeoutSeconds + margin);
  return { pollerDeadlineSeconds: Math.min(timeoutSeconds, waitConditionTimeoutSeconds - margin), waitConditionTimeoutSeconds };
}

/** How many wait segments cover a timeout. */
export function segmentCount(timeoutSeconds: number): number {
  return Math.max(1, Math.ceil(timeoutSeconds / SEGMENT_SECONDS));
}
