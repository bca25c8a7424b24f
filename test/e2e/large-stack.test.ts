/**
 * A rotation in a stack of more than 100 resources (a VPC, fleets, the rest of the app; 50 images
 * alone are about 300), whose logical ids sort before the images'. DescribeStackResources
 * answers only the first 100 of them: a handler that decided from it saw no other image, so the
 * cleanup's Delete of a replaced image still in use failed, CloudFormation abandoned it and
 * nothing tracked it any more. The local CloudFormation endpoint answers as the real one does
 * at that size (DescribeStackResources: the first 100; ListStackResources: pages of 100).
 */
import { ATTRIBUTES_TYPE, attributesProperties, createEvent, deleteEvent, importProperties, STACK_ID, updateEvent } from '../fixtures/bundled-handler';
import { RESOURCES_PER_ANSWER } from '../fixtures/cloudformation-endpoint';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

/** The app's other resources: 250, their logical ids ('A0000'...) before 'ImageImport'. */
const OTHER_RESOURCES = 250;

/** Creates an image under `logicalId` and lets it become AVAILABLE, as in a deployed stack. */
async function deployImage(logicalId: string, handleId: string) {
  const properties = importProperties({ WaitHandle: env.signals.handleUrl(handleId), NamePrefix: `TestStack${logicalId}` });
  const { answer } = await env.run(createEvent(properties, { logicalId }));
  const name = answer.PhysicalResourceId!;
  await env.pollUntilDone(env.sfn.inputs().find(input => input.imageName === name));
  await env.run(createEvent(attributesProperties(name), { logicalId: `${logicalId}Attributes`, resourceType: ATTRIBUTES_TYPE }), 5);
  return { properties, name };
}

test('a rotation of an in-use image in a stack of 250 other resources: UPDATE_COMPLETE, and the old image deleted once free', async () => {
  env.cfn.addOtherResources(STACK_ID, OTHER_RESOURCES, 'A');
  const { properties: v1, name: v1Name } = await deployImage('ImageImport', 'v1');
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');
  env.appstream.setInUse(v1Name, 'golden-fleet');
  expect(env.cfn.stack(STACK_ID).resources.size).toBeGreaterThan(RESOURCES_PER_ANSWER + 100);

  // Update phase: a new AMI replaces the image; the wait; the attributes take v2.
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_IN_PROGRESS');
  const v2 = { ...v1, SourceAmiId: 'ami-0fedcba9876543210', WaitHandle: env.signals.handleUrl('v2') };
  const { answer } = await env.run(updateEvent(v1Name, v2, v1));
  const v2Name = answer.PhysicalResourceId!;
  expect(v2Name).not.toBe(v1Name);
  await env.pollUntilDone(env.sfn.inputs().find(input => input.imageName === v2Name));
  await env.run(updateEvent(v2Name, attributesProperties(v2Name), attributesProperties(v1Name),
    { logicalId: 'ImageImportAttributes', resourceType: ATTRIBUTES_TYPE }), 5);
  env.appstream.setInUse(v2Name, 'golden-fleet');

  // Cleanup phase: the Delete of v1, which the fleet's old instances still run, succeeds.
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  const { complete } = await env.run(deleteEvent(v1Name, v1));
  expect(complete.IsComplete).toBe(true);
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');
  expect(env.cfn.stack(STACK_ID).status).toBe('UPDATE_COMPLETE');
  const retirement = env.sfn.inputs().find(input => input.mode === 'retire' && input.imageName === v1Name);
  expect(retirement).toMatchObject({ stackId: STACK_ID, logicalResourceId: 'ImageImport' });

  // The fleet drains: the poller deletes v1.
  const first = await env.handler.poll(retirement);
  expect(first).toMatchObject({ done: false, lastState: 'IN_USE' });
  env.appstream.setInUse(v1Name, false);
  const second = await env.handler.poll(first);
  expect(second).toMatchObject({ done: true, lastState: 'DELETED' });
  expect([...env.appstream.images.keys()]).toEqual([v2Name]);
  // Decided from the image's own row: no read of the whole stack.
  expect(env.cfn.requestsFor('DescribeStackResources')).toEqual([]);
  expect(env.cfn.requestsFor('ListStackResources')).toEqual([]);
});

test('an in-use image that leaves a stack of 250 other resources, another image staying (its id after them): handed over, every page read', async () => {
  env.cfn.addOtherResources(STACK_ID, OTHER_RESOURCES, 'A');
  const { properties: goneProps, name: gone } = await deployImage('ImageImport', 'gone');
  const { name: stays } = await deployImage('ZStaysImport', 'stays');
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');
  env.appstream.setInUse(gone, 'old-fleet');

  // The image's construct is removed: its resource is deleted in the update's cleanup.
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  const { complete } = await env.run(deleteEvent(gone, goneProps));
  expect(complete.IsComplete).toBe(true);
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');
  const retirement = env.sfn.inputs().find(input => input.mode === 'retire' && input.imageName === gone);
  expect(retirement).toBeDefined();

  const pages = env.cfn.requestsFor('ListStackResources');
  expect(pages.map(page => page.params.NextToken === undefined)).toEqual([true, false, false]);
  expect(pages.every(page => page.status === 200)).toBe(true);

  env.appstream.setInUse(gone, false);
  const done = await env.pollUntilDone(retirement);
  expect(done.pop()).toMatchObject({ done: true, lastState: 'DELETED' });
  expect([...env.appstream.images.keys()]).toEqual([stays]);
});

test('the last image leaves a stack of 250 other resources: not handed over (the poller goes with it), the delete reports the image in use', async () => {
  env.cfn.addOtherResources(STACK_ID, OTHER_RESOURCES, 'A');
  const { properties, name } = await deployImage('ImageImport', 'last');
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  env.appstream.setInUse(name, 'old-fleet');
  await expect(env.run(deleteEvent(name, properties))).rejects.toThrow(`Image '${name}' cannot be deleted because it is in use`);
  expect(env.sfn.inputs().filter(input => input.mode === 'retire')).toEqual([]);
  expect(env.cfn.requestsFor('ListStackResources')).toHaveLength(3);
});
