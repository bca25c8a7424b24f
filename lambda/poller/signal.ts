import * as http from 'http';
import * as https from 'https';

/** The body CloudFormation expects at a wait condition handle. */
export interface WaitConditionSignal {
  readonly Status: 'SUCCESS' | 'FAILURE';
  readonly Reason: string;
  readonly UniqueId: string;
  readonly Data: string;
}

/**
 * Signals a wait condition: an HTTP PUT of the JSON body to the handle's presigned URL, with no
 * Content-Type header (one the URL was not signed with breaks the signature).
 */
export function signalWaitCondition(url: string, signal: WaitConditionSignal): Promise<void> {
  const body = JSON.stringify(signal);
  const target = new URL(url);
  const transport = target.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(target, {
      method: 'PUT',
      headers: { 'Content-Length': Buffer.byteLength(body) },
      timeout: 30_000,
    }, response => {
      response.resume();
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        // The message never carries the URL: it is a credential.
        if (status >= 200 && status < 300) resolve();
        else reject(new Error(`The wait condition handle answered HTTP ${status}`));
      });
    });
    request.on('timeout', () => request.destroy(new Error('The wait condition handle did not answer in 30 s')));
    request.on('error', error => reject(new Error(`Could not signal the wait condition: ${error.message}`)));
    request.end(body);
  });
}
