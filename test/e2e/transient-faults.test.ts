/**
 * Transient faults (DESIGN.md lifecycle table): throttling, 5xx, IAM propagation, a not yet
 * visible image. None fails the deployment; the poller keeps going. The quota is not transient.
 */
import { failureOf } from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

test('throttling during Create (every call it makes) is retried: one import, one poller', async () => {
  env.appstream.throttle('DescribeImages', 2);
  env.appstream.throttle('CreateImportedImage', 2);
  env.sfn.throttle(2);

  const { name } = await env.createImage('throttled');

  const creates = env.appstream.requestsFor('CreateImportedImage');
  expect(creates.map(r => r.errorType ?? r.status)).toEqual(['ThrottlingException', 'ThrottlingException', 200]);
  expect(env.appstream.requestsFor('DescribeImages').filter(r => r.errorType === 'ThrottlingException')).toHaveLength(2);
  expect(env.sfn.requests.map(r => r.errorType ?? r.status)).toEqual(['ThrottlingException', 'ThrottlingException', 200]);
  expect(env.sfn.executions).toHaveLength(1);
  expect(env.appstream.image(name)?.state).toBe('IMPORTING');
});

test('HTTP 500 from CreateImportedImage is retried', async () => {
  env.appstream.serverError('CreateImportedImage', 2);

  const { name } = await env.createImage('server-error');

  expect(env.appstream.requestsFor('CreateImportedImage').map(r => r.status)).toEqual([500, 500, 200]);
  expect(env.appstream.image(name)).toBeDefined();
});

test('InvalidRoleException for the first 2 creates (a role still propagating) is retried', async () => {
  env.appstream.invalidRole(2);

  const { name, pollInput } = await env.createImage('new-role');

  expect(env.appstream.requestsFor('CreateImportedImage').map(r => r.errorType ?? r.status))
    .toEqual(['InvalidRoleException', 'InvalidRoleException', 200]);
  expect(env.appstream.image(name)).toBeDefined();
  expect(pollInput).toMatchObject({ imageName: name });
});

test('the poller keeps going through throttling and 500s that outlast every retry', async () => {
  const { pollInput } = await env.createImage('poll-faults');

  env.appstream.throttle('DescribeImages', Number.MAX_SAFE_INTEGER);
  const throttled = await env.handler.poll(pollInput);
  expect(throttled).toMatchObject({ done: false, checks: 1, lastError: expect.stringContaining('ThrottlingException') });

  env.appstream.clearFaults();
  env.appstream.serverError('DescribeImages', Number.MAX_SAFE_INTEGER);
  const failing = await env.handler.poll(throttled);
  expect(failing).toMatchObject({ done: false, checks: 2, lastError: expect.stringContaining('InternalServiceError') });
  expect(env.signals.requests).toHaveLength(0);

  env.appstream.clearFaults();
  const outputs = await env.pollUntilDone(failing);
  expect(outputs.map(o => o.lastState)).toEqual(['IMPORTING', 'VALIDATING', 'AVAILABLE']);
  expect(outputs[outputs.length - 1]).toMatchObject({ done: true, checks: 5 });
  expect(outputs[outputs.length - 1].lastError).toBeUndefined();
  expect(env.signals.signalsFor('poll-faults').map(s => s.json.Status)).toEqual(['SUCCESS']);
});

test.each([['notFound'], ['empty']] as const)('an image not visible right after create (DescribeImages answers %s): the poller waits for it', async mode => {
  env.appstream.hideAfterCreate(2, mode);
  const { name, pollInput } = await env.createImage(`hidden-${mode}`);

  const outputs = await env.pollUntilDone(pollInput);

  expect(outputs.map(o => o.lastState)).toEqual(['NOT_VISIBLE_YET', 'NOT_VISIBLE_YET', 'IMPORTING', 'VALIDATING', 'AVAILABLE']);
  expect(outputs.slice(0, -1).every(o => o.done === false)).toBe(true);
  expect(env.signals.signalsFor(`hidden-${mode}`).map(s => s.json)).toEqual([expect.objectContaining({ Status: 'SUCCESS', UniqueId: name })]);
});

test('a wait condition handle that answers 503 once: the next check signals again', async () => {
  const { name, pollInput } = await env.createImage('handle-503');
  env.appstream.setState(name, 'AVAILABLE');
  env.signals.failNext(503);

  const first = await env.handler.poll(pollInput);
  expect(first).toMatchObject({ done: false, lastState: 'AVAILABLE', lastError: expect.stringContaining('HTTP 503') });
  const second = await env.handler.poll(first);

  expect(second).toMatchObject({ done: true, lastState: 'AVAILABLE' });
  expect(env.signals.signalsFor('handle-503').map(s => [s.status, s.json.Status])).toEqual([[503, 'SUCCESS'], [200, 'SUCCESS']]);
});

test('LimitExceededException (the image quota) fails Create with what to do', async () => {
  env.appstream.limitExceeded();

  const failure = await failureOf(env.createImage('quota'));

  expect(failure.message).toContain('LimitExceededException');
  expect(failure.message).toMatch(/10 images per Region/);
  expect(failure.message).toMatch(/Service Quotas/);
  expect(env.appstream.images.size).toBe(0);
  // The poller was started before the import; finding no image, it stops without a signal.
  const [input] = env.sfn.inputs();
  const outputs = await env.pollUntilDone({ ...input, startedAt: input.startedAt - 16 * 60_000 });
  expect(outputs).toEqual([expect.objectContaining({ done: true, lastState: 'NOT_VISIBLE_YET' })]);
  expect(env.signals.signalsFor('quota')).toEqual([]);
});
