import { errorMessage, errorName } from './errors';
import { failureReason, findImage } from './images';
import { log } from './log';
import { signalWaitCondition } from './signal';
import { PollState } from '../src/contract';

/**
 * One check of the poller: signals SUCCESS when the image is AVAILABLE, FAILURE with the
 * service's reason when it is FAILED, FAILURE when the deadline has passed; otherwise (still
 * importing, not visible yet, throttled, a 5xx) asks to be called again after the interval.
 */
export async function checkImage(state: PollState, now: number = Date.now()): Promise<PollState> {
  const checks = (state.checks ?? 0) + 1;
  const name = state.imageName;
  let lastState = state.lastState;
  let lastError: string | undefined;
  try {
    const image = await findImage(name);
    lastState = image?.State ?? 'NOT_VISIBLE_YET';
    if (image?.State === 'AVAILABLE') {
      await signalWaitCondition(state.handleUrl, {
        Status: 'SUCCESS',
        Reason: `Image ${name} is AVAILABLE`,
        UniqueId: name,
        Data: image.Arn ?? '',
      });
      log('image available: wait condition signalled', { imageName: name, state: lastState });
      return { ...state, checks, lastState, lastError: undefined, done: true };
    }
    if (image?.State === 'FAILED') {
      const reason = `Image ${name} FAILED to import: ${failureReason(image)}`;
      await signalWaitCondition(state.handleUrl, { Status: 'FAILURE', Reason: reason, UniqueId: name, Data: reason });
      log('image failed: wait condition signalled', { imageName: name, state: lastState });
      return { ...state, checks, lastState, lastError: undefined, done: true };
    }
  } catch (error) {
    // Throttling, 5xx, a not-yet-visible image: the next check decides. Only the deadline ends it.
    lastError = `${errorName(error)}: ${errorMessage(error)}`;
    log('check failed, will retry', { imageName: name, error: errorName(error) });
  }

  if (now >= state.deadline) {
    const reason = `Image ${name} was not AVAILABLE within the timeout: last state ${lastState ?? 'unknown'} ` +
      `after waiting ${formatDuration(now - state.startedAt)} (${checks} checks)` +
      (lastError ? `; last error ${lastError}` : '') +
      '. The deployment rolls back and deletes the image. Raise timeout (up to 12 hours) if imports take longer.';
    await signalWaitCondition(state.handleUrl, { Status: 'FAILURE', Reason: reason, UniqueId: name, Data: reason });
    log('deadline passed: wait condition signalled', { imageName: name, state: lastState });
    return { ...state, checks, lastState, lastError, done: true };
  }
  return { ...state, checks, lastState, lastError, done: false };
}

export function formatDuration(ms: number): string {
  const totalMinutes = Math.floor(ms / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const seconds = Math.floor((ms % 60_000) / 1000);
  return hours > 0 ? `${hours} h ${minutes} min` : minutes > 0 ? `${minutes} min ${seconds} s` : `${seconds} s`;
}
