/**
 * The `check` command's side of the network: SDK clients with connect and request timeouts, a
 * record of the call in flight (service, operation, endpoint) for the messages, a deadline for
 * the whole command, and the words for a network failure (never advice about credentials).
 */

/** How long one connection may take to open, at most. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** How long one request may wait for its answer, at most. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** The whole command's deadline when `--timeout` is not given. */
export const DEFAULT_DEADLINE_SECONDS = 120;

/** The call in flight, for the messages. */
export interface Call {
  readonly service: string;
  readonly operation: string;
  readonly endpoint: string;
}

/** Shared by every client of one run. */
export class CallTracker {
  public current?: Call;
}

/** The SDK client configuration: timeouts on every call (capped by the deadline), two attempts, the profile. */
export function clientConfig(region: string | undefined, profile: string | undefined, deadlineMs: number) {
  return {
    region,
    profile,
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: Math.min(CONNECT_TIMEOUT_MS, deadlineMs),
      requestTimeout: Math.min(REQUEST_TIMEOUT_MS, deadlineMs),
    },
  };
}

interface TrackableClient {
  readonly middlewareStack: {
    add(middleware: (next: any, context: any) => (args: any) => Promise<any>, options: { step: 'finalizeRequest'; name: string }): void;
  };
}

/** Records each request's service, operation and endpoint as it leaves. */
export function track<T extends TrackableClient>(client: T, service: string, tracker: CallTracker): T {
  client.middlewareStack.add((next, context) => async args => {
    const request = args.request ?? {};
    const port = request.port ? `:${request.port}` : '';
    tracker.current = {
      service,
      operation: String(context.commandName ?? '').replace(/Command$/, ''),
      endpoint: `${request.protocol ?? 'https:'}//${request.hostname ?? '?'}${port}`,
    };
    return next(args);
  }, { step: 'finalizeRequest', name: 'cdkAppStreamImportedImageTrackCall' });
  return client;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was dropped',
  EPIPE: 'the connection was dropped',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/** What went wrong on the network, in words, or undefined when the error is not a network one. */
export function networkProblem(error: unknown): string | undefined {
  const e = error as { name?: string; code?: string; message?: string };
  // The SDK names a dropped connection TimeoutError too ("read ECONNRESET"): the code says more.
  const code = e?.code ?? /\b(E[A-Z_]{4,})\b/.exec(e?.message ?? '')?.[1];
  if (code && NETWORK_CODES[code]) return `${NETWORK_CODES[code]} (${code})`;
  if (/socket hang up/i.test(e?.message ?? '')) return 'the connection was dropped (socket hang up)';
  if (e?.name === 'TimeoutError') return `no answer in time (${e.message ?? 'timed out'})`;
  return undefined;
}

const NOT_CREDENTIALS = 'This is the network, not your credentials: check your connection, your proxy (HTTPS_PROXY), '
  + 'the VPC endpoints or firewall between you and AWS, and the Region';

/** The message for a network failure: the endpoint, the call, and that the network is the problem. */
export function networkMessage(problem: string, call: Call | undefined): string {
  const where = call ? `${call.service} at ${call.endpoint} (${call.operation})` : 'AWS';
  return `could not reach ${where}: ${problem}. ${NOT_CREDENTIALS}.`;
}

/** The message when the whole command ran out of time. */
export function deadlineMessage(seconds: number, call: Call | undefined): string {
  const where = call ? `${call.service} at ${call.endpoint} (${call.operation})` : 'AWS (no request had been sent yet: the credentials or Region lookup)';
  return `no answer within the ${seconds} s deadline (--timeout) from ${where}. ${NOT_CREDENTIALS}; or run again with a longer --timeout.`;
}

/** Settles with `work`, or with `onTimeout()` once `ms` have passed, whichever comes first. */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>(resolve => { timer = setTimeout(() => resolve(onTimeout()), ms); });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
