/** CloudFormation passes every scalar as a string: the handler parses them. */
import { createEvent, failureOf, importProperties } from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

test.each([['7200'], ['5400']])('Preflight "false", TimeoutSeconds "%s", PollIntervalSeconds "45" are parsed', async timeout => {
  const { name, pollInput } = await env.createImage(`strings-${timeout}`, { Preflight: 'false', TimeoutSeconds: timeout, PollIntervalSeconds: '45' });

  // Pre-flight off: nothing reached EC2, the import went straight ahead.
  expect(env.ec2.requests).toEqual([]);
  expect(env.appstream.requestsFor('CreateImportedImage')).toHaveLength(1);
  // Numbers, not strings, in the poller's input.
  expect(pollInput.pollIntervalSeconds).toBe(45);
  expect(typeof pollInput.deadline).toBe('number');
  expect(pollInput.deadline - pollInput.startedAt).toBe(Number(timeout) * 1000);
  expect(pollInput.imageName).toBe(name);
});

test('a WorkSpaces image source: WorkspaceImageId only, no role', async () => {
  await env.createImage('workspaces', { SourceAmiId: undefined, IamRoleArn: undefined, WorkspaceImageId: 'wsi-0123456789abc' });

  const [create] = env.appstream.requestsFor('CreateImportedImage');
  expect(create.body.WorkspaceImageId).toBe('wsi-0123456789abc');
  expect(create.body).not.toHaveProperty('SourceAmiId');
  expect(create.body).not.toHaveProperty('IamRoleArn');
});

test.each([
  ['Preflight', 'yes', /Preflight must be "true" or "false", got "yes"/],
  ['TimeoutSeconds', 'two hours', /TimeoutSeconds must be a positive number of seconds, got "two hours"/],
])('%s "%s" is refused with a message, before any call', async (key, value, message) => {
  const event = createEvent(importProperties({ [key]: value, WaitHandle: env.signals.handleUrl('bad') }));

  const failure = await failureOf(env.handler.onEvent(event));

  expect(failure.message).toMatch(message);
  expect(env.appstream.requests).toEqual([]);
  expect(env.sfn.requests).toEqual([]);
});
