/** Delete (DESIGN.md lifecycle table): waiting for an import, NotFound, in use, RETAIN. */
import { deleteEvent, failureOf, importProperties, isCompleteEvent } from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

test('delete while IMPORTING: onEvent returns, isComplete waits until the image settles, then deletes it', async () => {
  env.appstream.importsGetStuck();
  const { name, properties } = await env.createImage('importing');
  const event = deleteEvent(name, properties);

  const answer = await env.handler.onEvent(event);
  expect(answer.PhysicalResourceId).toBe(name);
  expect(await env.handler.isComplete(isCompleteEvent(event, answer))).toEqual({ IsComplete: false });
  expect(await env.handler.isComplete(isCompleteEvent(event, answer))).toEqual({ IsComplete: false });
  expect(env.appstream.requestsFor('DeleteImage')).toHaveLength(0);
  expect(env.appstream.image(name)?.state).toBe('IMPORTING');

  env.appstream.setState(name, 'AVAILABLE');
  expect(await env.handler.isComplete(isCompleteEvent(event, answer))).toEqual({ IsComplete: true });
  expect(env.appstream.requestsFor('DeleteImage').map(r => r.body)).toEqual([{ Name: name }]);
  expect(env.appstream.image(name)).toBeUndefined();
});

test('delete while the import runs on its own clock: isComplete keeps waiting, then deletes once it is AVAILABLE', async () => {
  env.appstream.setLifecycle({ msPerState: 300 });
  const { name, properties } = await env.createImage('clock');
  const event = deleteEvent(name, properties);
  const answer = await env.handler.onEvent(event);

  const answers: boolean[] = [];
  for (let i = 0; i < 40 && !answers.includes(true); i++) {
    answers.push((await env.handler.isComplete(isCompleteEvent(event, answer))).IsComplete);
    if (!answers.includes(true)) await new Promise(resolve => setTimeout(resolve, 50));
  }

  expect(answers[0]).toBe(false);
  expect(answers[answers.length - 1]).toBe(true);
  expect(env.appstream.requestsFor('DeleteImage').map(r => r.status)).toEqual([200]);
  expect(env.appstream.image(name)).toBeUndefined();
});

test('an import still running when the delete\'s time is up: fails, leaving the image, with the command to delete it later', async () => {
  env.appstream.importsGetStuck();
  const { name, properties } = await env.createImage('too-long');
  const event = deleteEvent(name, properties);
  const answer = await env.handler.onEvent(event);

  const late = { ...answer, Data: { DeleteRequestedAt: String(Date.now() - 51 * 60_000) } };
  const failure = await failureOf(env.handler.isComplete(isCompleteEvent(event, late)));

  expect(failure.message).toContain('IMPORTING');
  expect(failure.message).toContain(`aws appstream delete-image --name ${name}`);
  expect(env.appstream.image(name)).toBeDefined();
});

test.each([['notFound'], ['empty']] as const)('an image that does not exist (DescribeImages answers %s): Delete succeeds without DeleteImage once the grace period is over', async mode => {
  env.appstream.missingImageAnswer = mode;
  const event = deleteEvent('TestStackImage-0123456789', importProperties());
  const answer = await env.handler.onEvent(event);
  // It may be an image made a moment ago and not visible yet: keep looking for a minute.
  expect((await env.handler.isComplete(isCompleteEvent(event, answer))).IsComplete).toBe(false);
  const minuteAgo = { ...answer, Data: { ...answer.Data, DeleteRequestedAt: String(Date.now() - 61_000) } };
  expect((await env.handler.isComplete(isCompleteEvent(event, minuteAgo))).IsComplete).toBe(true);
  expect(env.appstream.requestsFor('DescribeImages').length).toBeGreaterThan(0);
  expect(env.appstream.requestsFor('DeleteImage')).toHaveLength(0);
});

test('a rollback right after Create, while the new image is not visible yet: the image is found and deleted', async () => {
  const { name, properties } = await env.createImage('rollback');
  env.appstream.setState(name, 'FAILED');
  env.appstream.hide(name, 1, 'empty');
  const event = deleteEvent(name, properties);
  const answer = await env.handler.onEvent(event);
  expect(answer.Data?.DeleteProgress).toBe('absent');
  expect((await env.handler.isComplete(isCompleteEvent(event, answer))).IsComplete).toBe(true);
  expect(env.appstream.requestsFor('DeleteImage').map(r => r.body.Name)).toEqual([name]);
  expect(env.appstream.image(name)).toBeUndefined();
});

test('DeleteImage answering ResourceNotFoundException (the image went meanwhile) counts as deleted', async () => {
  const { name, properties } = await env.createImage('gone');
  env.appstream.setState(name, 'AVAILABLE');
  env.appstream.inject('DeleteImage', 1, 400, 'ResourceNotFoundException', `The image ${name} does not exist.`,
    () => env.appstream.images.delete(name));

  const { complete } = await env.run(deleteEvent(name, properties));

  expect(complete.IsComplete).toBe(true);
  expect(env.appstream.requestsFor('DeleteImage')).toHaveLength(1);
});

test('ResourceInUseException: Delete fails naming the cause and what to do; the image stays', async () => {
  const { name, properties } = await env.createImage('in-use');
  env.appstream.setState(name, 'AVAILABLE');
  env.appstream.resourceInUseOnDelete();

  const failure = await failureOf(env.handler.onEvent(deleteEvent(name, properties)));

  expect(failure.message).toContain(name);
  expect(failure.message).toContain('in use');
  expect(failure.message).toContain('The image is in use by fleet ProductionFleet.');
  expect(failure.message).toMatch(/fleet/i);
  expect(failure.message).toContain('RETAIN');
  expect(env.appstream.image(name)?.state).toBe('AVAILABLE');
});

test('RemovalPolicy "retain" leaves an AVAILABLE image', async () => {
  const { name, properties } = await env.createImage('retain', { RemovalPolicy: 'retain' });
  env.appstream.setState(name, 'AVAILABLE');

  const { complete } = await env.run(deleteEvent(name, properties));

  expect(complete.IsComplete).toBe(true);
  expect(env.appstream.requestsFor('DeleteImage')).toHaveLength(0);
  expect(env.appstream.image(name)?.state).toBe('AVAILABLE');
});
