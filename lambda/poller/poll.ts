import { Image } from '@aws-sdk/client-appstream';
import { graceCheck, inGrace } from './grace';
import { signalWaitCondition } from './signal';
import { RETIRE_INTERVAL_SECONDS } from './start';
import { PollState } from '../../src/contract';
import { failureReason, findImage, SETTLING_STATES } from '../aws/images';
import { marksOf, ownerTagValue } from '../aws/ownership';
import { trackingOf } from '../aws/stack';
import { deleteOwnedImage, ImageInUseError, markLeftBehind } from '../provider/delete';
import { errorMessage, errorName } from '../shared/errors';
import { log } from '../shared/log';
import { DEFAULT_RETIRE_TIMEOUT_SECONDS } from '../shared/properties';

/** How long a wait keeps looking for an image it has never seen (its import did not start, or it was rolled back at once). */
export const NEVER_SEEN_GRACE_MS = 15 * 60_000;


/**
 * One check of the poller. In wait mode it signals the wait condition (SUCCESS when AVAILABLE,
 * FAILURE with the service's reason when FAILED, FAILURE at the deadline); in retire mode it
 * deletes an image the stack no longer tracks, once nothing uses it. Anything transient
 * (throttling, a 5xx, a not-yet-visible image) asks to be called again after the interval.
 */
export async function checkImage(state: PollState, now: number = Date.now()): Promise<PollState> {
  return state.mode === 'retire' ? retireCheck(state, now) : waitCheck(state, now);
}

async function waitCheck(state: PollState, now: number): Promise<PollState> {
  const checks = (state.checks ?? 0) + 1;
  const name = state.imageName;
  let { lastState, seenAt } = state;
  let lastError: string | undefined;
  try {
    const image = await findImage(name);
    lastState = image?.State ?? (seenAt ? 'GONE' : 'NOT_VISIBLE_YET');
    if (image) seenAt ??= now;
    if (!image && now < state.deadline && (seenAt !== undefined || now - state.startedAt >= NEVER_SEEN_GRACE_MS)) {
      // Deleted (a rollback), or never made (the import call failed): nothing left to wait for.
      // (Past the deadline, the deadline's message goes to the wait condition instead.)
      log(seenAt ? 'image gone: the poller stops' : 'no image appeared: the poller stops', { imageName: name });
      return { ...state, checks, lastState, seenAt, lastError: undefined, done: true };
    }
    if (image?.State === 'AVAILABLE' || image?.State === 'FAILED') {
      const settled = await settle(state, image, now);
      if (settled) return { ...settled, checks, lastState, seenAt };
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
    await signal(state, 'FAILURE', reason);
    log('deadline passed: wait condition signalled', { imageName: name, state: lastState });
    return { ...state, checks, lastState, seenAt, lastError, done: true };
  }
  return { ...state, checks, lastState, seenAt, lastError, done: false };
}

/**
 * The image has settled. If its stack tracks it, the wait condition learns the outcome. If the
 * stack does not (the create or update that made it failed before CloudFormation learned its
 * name), nothing else will ever delete it: the poller retires it. If the stack has deleted the
 * resource that held it, that Delete decided (deleted it, kept it for RETAIN, or handed it to a
 * retirement): the poller stops. Undefined: ask again later (see trackingDecision's table).
 */
async function settle(state: PollState, image: Image, now: number): Promise<PollState | undefined> {
  const name = state.imageName;
  const tracking = state.stackId && state.logicalResourceId
    ? await trackingOf({ StackId: state.stackId, LogicalResourceId: state.logicalResourceId }, name)
    : 'tracked';
  if (tracking === 'pending') return undefined;
  if (tracking === 'released') {
    log('the stack has deleted the image\'s resource, whose delete took care of it: the poller stops', { imageName: name, state: image.State });
    return { ...state, lastError: undefined, done: true };
  }
  if (tracking === 'untracked') {
    log('image not tracked by its stack: the poller deletes it', { imageName: name, state: image.State });
    const retireMs = (state.retireTimeoutSeconds ?? DEFAULT_RETIRE_TIMEOUT_SECONDS) * 1000;
    return { ...state, mode: 'retire', deadline: now + retireMs, pollIntervalSeconds: RETIRE_INTERVAL_SECONDS, done: false };
  }
  if (image.State === 'AVAILABLE') {
    await signal(state, 'SUCCESS', `Image ${name} is AVAILABLE`, image.Arn ?? '');
    log('image available: wait condition signalled', { imageName: name, state: image.State });
  } else {
    await signal(state, 'FAILURE', `Image ${name} FAILED to import: ${failureReason(image)}`);
    log('image failed: wait condition signalled', { imageName: name, state: image.State });
  }
  return { ...state, lastError: undefined, done: true };
}

async function signal(state: PollState, status: 'SUCCESS' | 'FAILURE', reason: string, data: string = reason): Promise<void> {
  if (!state.handleUrl) return;
  await signalWaitCondition(state.handleUrl, { Status: status, Reason: reason, UniqueId: state.imageName, Data: data });
}

/**
 * Retire mode: deletes the image once it has settled and nothing uses it. Never touches an image
 * that is not this resource's. At the deadline, leaves it tagged, with a log line that names it
 * and gives the command to delete it.
 */
async function retireCheck(state: PollState, now: number): Promise<PollState> {
  if (inGrace(state, now)) return graceCheck(state);
  const checks = (state.checks ?? 0) + 1;
  const name = state.imageName;
  let lastState = state.lastState;
  let lastError: string | undefined;
  try {
    const image = await findImage(name);
    lastState = image?.State ?? 'GONE';
    if (!image) {
      log('retired image is gone: the poller stops', { imageName: name });
      return { ...state, checks, lastState, lastError: undefined, done: true };
    }
    const owner = ownerTagValue({ StackId: state.stackId ?? '', LogicalResourceId: state.logicalResourceId ?? '' });
    if ((await marksOf(image)).owner !== owner) {
      log('image not created by this resource: left untouched', { imageName: name });
      return { ...state, checks, lastState, lastError: undefined, done: true };
    }
    if (!SETTLING_STATES.has(image.State ?? '')) {
      await deleteOwnedImage(name, state.graceUntil ? 'the grace period after its replacement, sharedImageGracePeriod, has ended' : undefined);
      log('retired image deleted', { imageName: name });
      return { ...state, checks, lastState: 'DELETED', lastError: undefined, done: true };
    }
  } catch (error) {
    if (error instanceof ImageInUseError) {
      lastState = 'IN_USE';
    } else {
      lastError = `${errorName(error)}: ${errorMessage(error)}`;
      log('retire check failed, will retry', { imageName: name, error: errorName(error) });
    }
  }

  if (now >= state.deadline) {
    await markLeftBehind(name, `still ${lastState === 'IN_USE' ? 'in use' : lastState ?? 'unknown'} after ${formatDuration(now - state.startedAt)}`);
    return { ...state, checks, lastState, lastError, done: true };
  }
  return { ...state, checks, lastState, lastError, done: false };
}

export function formatDuration(ms: number): string {
  const totalMinutes = Math.floor(ms / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor(totalMinutes / 60) % 24;
  const minutes = totalMinutes % 60;
  const seconds = Math.floor((ms % 60_000) / 1000);
  if (days > 0) return `${days} d ${hours} h`;
  return hours > 0 ? `${hours} h ${minutes} min` : minutes > 0 ? `${minutes} min ${seconds} s` : `${seconds} s`;
}
