/**
 * The handler's own retries, with the SDK's turned off (AWS_MAX_ATTEMPTS=1): throttling and 5xx
 * on every call a Create makes are retried by the handler itself, not only by the SDK.
 */
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start({ AWS_MAX_ATTEMPTS: '1' }));
afterAll(() => env.stop());

test('Create gets through 3 faults on each of DescribeImages, CreateImportedImage and StartExecution', async () => {
  env.appstream.throttle('DescribeImages', 3);
  env.appstream.serverError('CreateImportedImage', 3);
  env.sfn.throttle(3);

  const { name, pollInput } = await env.createImage('handler-retries');

  expect(env.appstream.requestsFor('DescribeImages').map(r => r.errorType ?? r.status))
    .toEqual(['ThrottlingException', 'ThrottlingException', 'ThrottlingException', 'ResourceNotFoundException']);
  expect(env.appstream.requestsFor('CreateImportedImage').map(r => r.status)).toEqual([500, 500, 500, 200]);
  // Each call was a single SDK attempt: the retries above are the handler's.
  expect(env.appstream.requests.every(r => r.headers['amz-sdk-request'] === 'attempt=1; max=1')).toBe(true);
  expect(env.sfn.requests.map(r => r.errorType ?? r.status)).toEqual(['ThrottlingException', 'ThrottlingException', 'ThrottlingException', 200]);
  expect(env.appstream.image(name)?.state).toBe('IMPORTING');
  expect(pollInput).toMatchObject({ imageName: name });
});
