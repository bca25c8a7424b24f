import { PollState } from '../../src/contract';
import { findImage } from '../aws/images';
import { errorMessage, errorName } from '../shared/errors';
import { log } from '../shared/log';

/** True while a retired image, shared with other accounts, is to be left alone. */
export function inGrace(state: PollState, now: number): boolean {
  return state.graceUntil !== undefined && now < state.graceUntil;
}

/**
 * Retire mode during the grace period of a shared image: it stays shared and is not touched, so
 * fleets in the other accounts keep it until their stacks move them to the new image. The check
 * only looks whether the image is still there (someone may have deleted it by hand).
 */
export async function graceCheck(state: PollState): Promise<PollState> {
  const checks = (state.checks ?? 0) + 1;
  const name = state.imageName;
  try {
    const image = await findImage(name);
    if (!image) {
      log('retired image is gone: the poller stops', { imageName: name });
      return { ...state, checks, lastState: 'GONE', lastError: undefined, done: true };
    }
    return { ...state, checks, lastState: 'SHARED_GRACE', lastError: undefined, done: false };
  } catch (error) {
    log('retire check failed, will retry', { imageName: name, error: errorName(error) });
    return { ...state, checks, lastError: `${errorName(error)}: ${errorMessage(error)}`, done: false };
  }
}
