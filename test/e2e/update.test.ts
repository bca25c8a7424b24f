/** Updates (DESIGN.md lifecycle table): tags in place, replacement, fixed names, wait settings. */
import { imageArn } from '../fixtures/appstream-endpoint';
import { deleteEvent, failureOf, OWNER_TAG, ownerTagValue, updateEvent } from '../fixtures/bundled-handler';

const PROPERTIES_TAG = 'cdk-appstream-imported-image:properties';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

/** Creates an image and lets it become AVAILABLE; then forgets the requests so far. */
async function availableImage(handleId: string, overrides: Record<string, any> = {}) {
  const created = await env.createImage(handleId, overrides);
  env.appstream.setState(created.name, 'AVAILABLE');
  env.appstream.requests.length = 0;
  env.sfn.requests.length = 0;
  env.sfn.executions.length = 0;
  return created;
}

test('only tags changed: TagResource / UntagResource in place, no new image', async () => {
  const { name, properties } = await availableImage('tags', { Tags: [{ Key: 'team', Value: 'imaging' }, { Key: 'env', Value: 'dev' }] });
  const after = { ...properties, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'cost-center', Value: '42' }] };

  const { answer } = await env.run(updateEvent(name, after, properties));

  expect(answer.PhysicalResourceId).toBe(name);
  expect(env.appstream.requestsFor('CreateImportedImage')).toHaveLength(0);
  expect(env.appstream.requestsFor('UntagResource').map(r => r.body)).toEqual([{ ResourceArn: imageArn(name), TagKeys: ['team'] }]);
  expect(env.appstream.requestsFor('TagResource').map(r => r.body)).toEqual([
    { ResourceArn: imageArn(name), Tags: { 'env': 'prod', 'cost-center': '42' } },
  ]);
  expect(env.appstream.image(name)?.tags).toEqual({
    'env': 'prod', 'cost-center': '42', [OWNER_TAG]: ownerTagValue('ImageImport'), [PROPERTIES_TAG]: expect.stringMatching(/^[0-9a-f]{32}$/),
  });
});

test('a create-only property changed (generated name): a new image under a new physical id; Delete of the old id removes the old one', async () => {
  const { name: oldName, properties } = await availableImage('replace-old');
  const after = { ...properties, Description: 'A new description', WaitHandle: env.signals.handleUrl('replace-new') };

  const { answer } = await env.run(updateEvent(oldName, after, properties));

  const newName = answer.PhysicalResourceId!;
  expect(newName).not.toBe(oldName);
  expect(newName).toMatch(/^TestStackImage-[0-9a-f]{10}$/);
  const creates = env.appstream.requestsFor('CreateImportedImage');
  expect(creates).toHaveLength(1);
  expect(creates[0].body).toMatchObject({ Name: newName, Description: 'A new description' });
  expect(env.sfn.inputs()).toEqual([expect.objectContaining({ imageName: newName, handleUrl: env.signals.handleUrl('replace-new') })]);
  expect(env.appstream.requestsFor('DeleteImage')).toHaveLength(0);

  // CloudFormation then deletes the old physical resource, with the old properties.
  const { complete } = await env.run(deleteEvent(oldName, properties));
  expect(complete.IsComplete).toBe(true);
  expect(env.appstream.requestsFor('DeleteImage').map(r => r.body)).toEqual([{ Name: oldName }]);
  expect(env.appstream.image(oldName)).toBeUndefined();
  expect(env.appstream.image(newName)).toBeDefined();
});

test('a create-only property changed with a fixed imageName: fails before any write, naming the property and the fix', async () => {
  const { name, properties } = await availableImage('fixed', { ImageName: 'fixed-name-image' });
  expect(name).toBe('fixed-name-image');
  const after = { ...properties, Description: 'A new description' };

  const error = await failureOf(env.handler.onEvent(updateEvent(name, after, properties)));

  expect(error.message).toContain('fixed-name-image');
  expect(error.message).toContain('description');
  expect(error.message).toMatch(/change imageName|remove imageName/);
  // It reads the image's properties tag (to tell this from a rollback), and writes nothing.
  expect(env.appstream.requests.map(r => r.operation)).toEqual(['DescribeImages', 'ListTagsForResource']);
  expect(env.sfn.requests).toEqual([]);
  expect(env.ec2.requests).toEqual([]);
  expect(env.appstream.image(name)?.description).toBe('Imported by the e2e tests');
});

test('only TimeoutSeconds / PollIntervalSeconds changed: no replacement', async () => {
  const { name, properties } = await availableImage('timing');
  const sameHandle = { ...properties, TimeoutSeconds: '3600', PollIntervalSeconds: '60' };

  const { answer } = await env.run(updateEvent(name, sameHandle, properties));

  expect(answer.PhysicalResourceId).toBe(name);
  expect(env.appstream.requestsFor('CreateImportedImage')).toHaveLength(0);
  expect(env.appstream.requestsFor('DeleteImage')).toHaveLength(0);
  expect(env.sfn.requests).toHaveLength(0);

  // With a new wait condition (a new handle), the poller is started for it with the new timing.
  const newHandle = { ...sameHandle, WaitHandle: env.signals.handleUrl('timing-2') };
  const second = await env.run(updateEvent(name, newHandle, sameHandle));
  expect(second.answer.PhysicalResourceId).toBe(name);
  expect(env.appstream.requestsFor('CreateImportedImage')).toHaveLength(0);
  const [input] = env.sfn.inputs();
  expect(input).toMatchObject({ imageName: name, handleUrl: env.signals.handleUrl('timing-2'), pollIntervalSeconds: 60 });
  expect(input.deadline - input.startedAt).toBe(3600 * 1000);
  const outputs = await env.pollUntilDone(input);
  expect(outputs).toEqual([expect.objectContaining({ done: true, lastState: 'AVAILABLE' })]);
  expect(env.signals.signalsFor('timing-2').map(s => s.json.Status)).toEqual(['SUCCESS']);
});
