/**
 * Golden-image rotation, v1 to v2, as `cdk deploy --all` runs it against the bundled handler:
 * the image stack's Update (a new AMI replaces the image), the wait, the attributes (the new ARN,
 * which the SSM parameter and the same-stack fleet take), the cleanup Delete of v1 while a fleet
 * still runs it, then the fleet stack's deploy and the drain. The local endpoint reports v1 in use
 * until the fleet lets go; nothing may be left behind, and nothing may fail the stack.
 */
import { ATTRIBUTES_TYPE, attributesProperties, createEvent, deleteEvent, failureOf, importProperties, STACK_ID, updateEvent } from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

const RETIRED_TAG = 'cdk-appstream-imported-image:retired';

/** Deploys v1: Create, the poller's wait to AVAILABLE, the attributes; the fleet then runs it. */
async function deployV1() {
  const v1 = importProperties({ WaitHandle: env.signals.handleUrl('v1') });
  const { answer } = await env.run(createEvent(v1));
  const name = answer.PhysicalResourceId!;
  await env.pollUntilDone(env.sfn.inputs()[0]);
  const attributes = await env.run(createEvent(attributesProperties(name), { logicalId: 'ImageAttributes', resourceType: ATTRIBUTES_TYPE }), 5);
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');
  env.appstream.setInUse(name, 'golden-fleet');
  return { v1, v1Name: name, v1Arn: attributes.complete.Data!.Arn };
}

/** The image stack's part of a rotation: Update with the new AMI, the wait, the attributes; returns the new image. */
async function rotateImageStack(v1: Record<string, any>, v1Name: string) {
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_IN_PROGRESS');
  const v2 = { ...v1, SourceAmiId: 'ami-0fedcba9876543210', WaitHandle: env.signals.handleUrl('v2') };
  const { answer } = await env.run(updateEvent(v1Name, v2, v1));
  const v2Name = answer.PhysicalResourceId!;
  expect(v2Name).not.toBe(v1Name);
  await env.pollUntilDone(env.sfn.inputs().find(input => input.imageName === v2Name));
  expect(env.signals.signalsFor('v2').map(s => s.json.Status)).toEqual(['SUCCESS']);
  const attributes = await env.run(
    updateEvent(v2Name, attributesProperties(v2Name), attributesProperties(v1Name), { logicalId: 'ImageAttributes', resourceType: ATTRIBUTES_TYPE }), 5);
  return { v2, v2Name, v2Arn: attributes.complete.Data!.Arn };
}

/** The cleanup phase deletes v1, which a fleet still runs: handed to the poller; the stack ends UPDATE_COMPLETE. */
async function cleanup(v1: Record<string, any>, v1Name: string) {
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  const { complete } = await env.run(deleteEvent(v1Name, v1));
  expect(complete.IsComplete).toBe(true);
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');
  const retirement = env.sfn.inputs().find(input => input.mode === 'retire' && input.imageName === v1Name);
  expect(retirement).toMatchObject({ pollIntervalSeconds: 300, stackId: STACK_ID, logicalResourceId: 'ImageImport' });
  expect(retirement.deadline - retirement.startedAt).toBe(604_800_000);
  return retirement;
}

test('a fleet in the same stack: it moves in the same update; v1 is deleted once its old instances have drained', async () => {
  const { v1, v1Name } = await deployV1();
  const { v2Name, v2Arn } = await rotateImageStack(v1, v1Name);
  // The fleet is updated to v2's ARN in the same update; v1's old instances drain meanwhile.
  expect(v2Arn).toBe(`arn:aws:appstream:us-east-1:123456789012:image/${v2Name}`);
  env.appstream.setInUse(v2Name, 'golden-fleet');
  const retirement = await cleanup(v1, v1Name);

  // Checks every 5 minutes: still draining...
  const first = await env.handler.poll(retirement);
  expect(first).toMatchObject({ done: false, lastState: 'IN_USE' });
  expect(env.appstream.image(v1Name)).toBeDefined();
  // ...drained: the next check deletes it.
  env.appstream.setInUse(v1Name, false);
  const second = await env.handler.poll(first);
  expect(second).toMatchObject({ done: true, lastState: 'DELETED' });
  expect([...env.appstream.images.keys()]).toEqual([v2Name]);
});

test('a fleet in another stack (SSM parameter): the image stack ends UPDATE_COMPLETE with v1 in use; the fleet stack moves; v1 is deleted after', async () => {
  const { v1, v1Name, v1Arn } = await deployV1();
  let parameter = v1Arn; // the SSM parameter the image publishes its ARN in
  const { v2Name, v2Arn } = await rotateImageStack(v1, v1Name);
  parameter = v2Arn; // the parameter takes the new ARN in the same update (it reads the attributes)
  const retirement = await cleanup(v1, v1Name);
  expect(env.cfn.stack(STACK_ID).status).toBe('UPDATE_COMPLETE');

  // The fleet stack has not deployed yet: v1 is still in use, and the poller keeps it.
  const first = await env.handler.poll(retirement);
  expect(first).toMatchObject({ done: false, lastState: 'IN_USE' });

  // `cdk deploy --all` then deploys the fleet stack (it depends on the image stack); its
  // SSM-typed parameter resolves to the new ARN, the fleet moves, and v1 drains.
  expect(parameter).toBe(`arn:aws:appstream:us-east-1:123456789012:image/${v2Name}`);
  env.appstream.setInUse(v2Name, 'golden-fleet');
  const second = await env.handler.poll(first);
  expect(second).toMatchObject({ done: false, lastState: 'IN_USE' });
  env.appstream.setInUse(v1Name, false);
  const third = await env.handler.poll(second);
  expect(third).toMatchObject({ done: true, lastState: 'DELETED' });
  expect([...env.appstream.images.keys()]).toEqual([v2Name]);
});

test('a fleet that never lets go: at the deadline v1 is left, tagged, with a log line that names it and the command to delete it', async () => {
  const { v1, v1Name } = await deployV1();
  await rotateImageStack(v1, v1Name);
  const retirement = await cleanup(v1, v1Name);

  const first = await env.handler.poll(retirement);
  expect(first).toMatchObject({ done: false, lastState: 'IN_USE' });
  // Days later: past replacedImageDeleteTimeout.
  const last = await env.handler.poll({ ...first, deadline: Date.now() - 1 });
  expect(last).toMatchObject({ done: true, lastState: 'IN_USE' });

  expect(env.appstream.image(v1Name)?.tags[RETIRED_TAG]).toMatch(/^left in use at \d{4}-\d\d-\d\dT/);
  const line = env.handler.logs.map(l => l.line).find(l => l.includes('stopped trying to delete it'));
  expect(JSON.parse(line!)).toMatchObject({
    imageName: v1Name,
    message: expect.stringContaining(`Once nothing uses it, delete it with: aws appstream delete-image --name ${v1Name}`),
  });
  expect(JSON.parse(line!).message).toContain(`Image '${v1Name}' was still in use after`);
});

test('a retired image that another resource owns now is never touched', async () => {
  const { v1, v1Name } = await deployV1();
  await rotateImageStack(v1, v1Name);
  const retirement = await cleanup(v1, v1Name);
  env.appstream.image(v1Name)!.tags['cdk-appstream-imported-image:owner'] = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Other/x/Import';
  env.appstream.setInUse(v1Name, false);
  const result = await env.handler.poll(retirement);
  expect(result).toMatchObject({ done: true });
  expect(env.appstream.image(v1Name)).toBeDefined();
  expect(env.appstream.requestsFor('DeleteImage').filter(r => r.body.Name === v1Name)).toHaveLength(1); // the cleanup's own try only
});

test('deleting the whole stack while a fleet still runs the image fails with the clear message (nothing would retry later)', async () => {
  const { v1, v1Name } = await deployV1();
  env.cfn.setStackStatus(STACK_ID, 'DELETE_IN_PROGRESS');
  const failure = await failureOf(env.run(deleteEvent(v1Name, v1)));
  expect(failure.message).toContain(`Image '${v1Name}' cannot be deleted because it is in use: The image ${v1Name} is in use by fleet golden-fleet.`);
  expect(failure.message).toContain('Move them to another image');
  expect(env.sfn.inputs().filter(input => input.mode === 'retire')).toEqual([]);
});

test('CloudFormation cannot be asked (no permission): the delete behaves as before and reports the image in use', async () => {
  const { v1, v1Name } = await deployV1();
  env.cfn.denyAll();
  const failure = await failureOf(env.run(deleteEvent(v1Name, v1)));
  expect(failure.message).toContain('cannot be deleted because it is in use');
});

test('a rotation whose new image is not available yet when the cleanup runs is impossible: the wait comes first', async () => {
  // The replacement's wait condition is signalled only when v2 is AVAILABLE; the attributes
  // (and the fleet, the parameter) follow it, and the cleanup comes after all of them.
  const { v1, v1Name } = await deployV1();
  env.appstream.importsGetStuck();
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_IN_PROGRESS');
  const v2 = { ...v1, SourceAmiId: 'ami-0fedcba9876543210', WaitHandle: env.signals.handleUrl('stuck-v2') };
  const { answer } = await env.run(updateEvent(v1Name, v2, v1));
  const attributes = await env.run(
    updateEvent(answer.PhysicalResourceId!, attributesProperties(answer.PhysicalResourceId!), attributesProperties(v1Name), { logicalId: 'ImageAttributes', resourceType: ATTRIBUTES_TYPE }), 3);
  expect(attributes.complete.IsComplete).toBe(false);
  expect(env.signals.signalsFor('stuck-v2')).toEqual([]);
});
