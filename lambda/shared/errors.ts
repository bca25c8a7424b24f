/** Helpers to classify the errors the AWS SDK throws. */

export interface AwsError {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

export function errorName(error: unknown): string {
  const e = error as AwsError;
  return e?.name ?? e?.code ?? 'Error';
}

export function errorMessage(error: unknown): string {
  return (error as AwsError)?.message ?? String(error);
}

export function isNotFound(error: unknown): boolean {
  return ['ResourceNotFoundException', 'InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable'].includes(errorName(error));
}

const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown',
]);
const NETWORK = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/** Throttling, 5xx answers and broken connections: worth another try. */
export function isTransient(error: unknown): boolean {
  const name = errorName(error);
  const status = (error as AwsError)?.$metadata?.httpStatusCode;
  return THROTTLING.has(name) || NETWORK.has(name) || (status !== undefined && status >= 500);
}

/** An error whose message is meant for the person reading the CloudFormation events. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}
