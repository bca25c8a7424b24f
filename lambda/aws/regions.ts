/**
 * The Region AppStream calls go to. An image copy lives in another Region than the stack: its
 * steps (copy, wait, attributes, delete, retire) run inside `inRegion(region, ...)`, and every
 * AppStream call made there, however deep, goes to that Region. Everything else (Step Functions,
 * CloudFormation) stays in the function's own Region.
 */
import { AsyncLocalStorage } from 'async_hooks';

const scope = new AsyncLocalStorage<string>();

/** Runs `fn` with AppStream calls sent to `region` (the function's own Region when undefined). */
export function inRegion<T>(region: string | undefined, fn: () => Promise<T>): Promise<T> {
  return region ? scope.run(region, fn) : fn();
}

/** The Region set by the enclosing `inRegion`, if any. */
export function currentRegion(): string | undefined {
  return scope.getStore();
}

/** The function's own Region (the stack's). */
export function homeRegion(): string {
  return process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? '';
}
