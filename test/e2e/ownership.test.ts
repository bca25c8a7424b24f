/** Ownership: a retried Create adopts its own image; someone else's image is never touched. */
import { createEvent, deleteEvent, failureOf, importProperties, OWNER_TAG, ownerTagValue } from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

const MUTATING = ['CreateImportedImage', 'DeleteImage', 'TagResource', 'UntagResource', 'UpdateImagePermissions', 'DeleteImagePermissions'];
const mutations = () => env.appstream.requests.filter(r => MUTATING.includes(r.operation));

test('Create retried after a timeout: adopts the image the first attempt made, no second import', async () => {
  const { name, properties } = await env.createImage('retried');
  const retry = createEvent(properties);

  const { answer } = await env.run(retry);

  expect(answer.PhysicalResourceId).toBe(name);
  expect(env.appstream.requestsFor('CreateImportedImage')).toHaveLength(1);
  expect(env.appstream.images.size).toBe(1);
  // The poller is asked for again under the same name: Step Functions refuses a second one.
  expect(env.sfn.requests.map(r => r.status)).toEqual([200, 400]);
  expect(env.sfn.requests[1].errorType).toBe('ExecutionAlreadyExists');
  expect(env.sfn.executions).toHaveLength(1);
});

test('Create retried while the first attempt\'s image is not visible yet: ResourceAlreadyExists, then adopted', async () => {
  const { name, properties } = await env.createImage('retried-hidden');
  env.appstream.hide(name, 1, 'notFound');

  const { answer } = await env.run(createEvent(properties));

  expect(answer.PhysicalResourceId).toBe(name);
  expect(env.appstream.requestsFor('CreateImportedImage').map(r => r.errorType ?? r.status)).toEqual([200, 'ResourceAlreadyExistsException']);
  expect(env.appstream.images.size).toBe(1);
});

test('an existing image carrying this resource\'s ownership tag is adopted', async () => {
  env.appstream.putImage({ name: 'adopt-me', state: 'IMPORTING', tags: { team: 'imaging', [OWNER_TAG]: ownerTagValue('ImageImport') } });

  const { name } = await env.createImage('adopt', { ImageName: 'adopt-me' });

  expect(name).toBe('adopt-me');
  expect(env.appstream.requestsFor('CreateImportedImage')).toHaveLength(0);
  expect(env.sfn.inputs()).toEqual([expect.objectContaining({ imageName: 'adopt-me', handleUrl: env.signals.handleUrl('adopt') })]);
});

test.each([
  ['no tags', {}],
  ['other tags', { team: 'imaging' }],
  ['another resource\'s ownership tag', { [OWNER_TAG]: ownerTagValue('SomeOtherImport') }],
])('an existing image with %s: Create fails clearly; the image is never modified, not even by Delete', async (_label, tags) => {
  env.appstream.putImage({ name: 'not-ours', state: 'AVAILABLE', tags });
  const properties = importProperties({ ImageName: 'not-ours', WaitHandle: env.signals.handleUrl('not-ours') });

  const failure = await failureOf(env.handler.onEvent(createEvent(properties)));

  expect(failure.message).toContain('not-ours');
  expect(failure.message).toContain('already exists');
  expect(failure.message).toContain(OWNER_TAG);
  expect(failure.message).toMatch(/left untouched/);
  expect(failure.message).toMatch(/another imageName|remove imageName/);
  expect(mutations()).toEqual([]);
  expect(env.sfn.requests).toEqual([]);

  // The rollback's Delete for it leaves it too.
  const { complete } = await env.run(deleteEvent('not-ours', properties));
  expect(complete.IsComplete).toBe(true);
  expect(mutations()).toEqual([]);
  expect(env.appstream.image('not-ours')).toMatchObject({ state: 'AVAILABLE', tags });
});
