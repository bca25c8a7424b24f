import { errorName, isTransient } from '../shared/errors';
import { log } from '../shared/log';

export interface RetryOptions {
  /** Which errors to retry, besides throttling, 5xx and broken connections. */
  readonly alsoRetry?: (error: unknown) => boolean;
  /** Give up after this long (milliseconds). */
  readonly maxElapsedMs: number;
  /** First delay (milliseconds); doubles each time up to maxDelayMs. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** What the call is, for the log. */
  readonly what: string;
}

/** Environment override so tests can compress backoff without changing behaviour. */
function delayScale(): number {
  const scale = Number(process.env.IMPORTED_IMAGE_RETRY_DELAY_SCALE ?? '1');
  return Number.isFinite(scale) && scale >= 0 ? scale : 1;
}

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/** Calls `fn` until it succeeds, throws an error that is not worth retrying, or time runs out. */
export async function withRetries<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const started = Date.now();
  const scale = delayScale();
  // The budget is counted in unscaled time: the pauses are scaled back up, the calls' own time
  // is not (a test that compresses the pauses keeps its retries on a slow, loaded machine).
  const unscale = scale || 1;
  let slept = 0;
  let delay = (options.baseDelayMs ?? 1000) * scale;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const retryable = isTransient(error) || (options.alsoRetry?.(error) ?? false);
      const callTime = Date.now() - started - slept;
      if (!retryable || callTime + (slept + delay) / unscale > options.maxElapsedMs) {
        throw error;
      }
      log(`${options.what}: retrying`, { error: errorName(error), attempt });
      await sleep(delay);
      slept += delay;
      delay = Math.min(delay * 2, (options.maxDelayMs ?? 20_000) * scale);
    }
  }
}
