/**
 * Fleets in other accounts, as `cdk deploy` runs the image account's stack against the bundled
 * handler: v1 is shared with a workload account, a new AMI replaces it by v2 (shared too), and
 * the update's cleanup deletes v1. The workload account's fleet moves only when its own stack
 * deploys, and this account cannot see it, so v1 must stay shared and undeleted through the grace
 * period; after it, the poller unshares and deletes it. Also: an account removed from sharedWith
 * (unshared at once) and a stack delete (unshared and deleted at once, as before).
 */
import { ATTRIBUTES_TYPE, attributesProperties, createEvent, deleteEvent, importProperties, STACK_ID, updateEvent } from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
// The handler's log is kept across tests: each test reads its own lines.
let logStart = 0;
beforeEach(() => {
  env.reset();
  logStart = env.handler.logs.length;
});

const WORKLOAD = '222233334444';
const OTHER = '555566667777';
const DAY_MS = 86_400_000;
const share = (account: string) => ({ Account: account, AllowFleet: 'true', AllowImageBuilder: 'false' });
const ATTRIBUTES = { logicalId: 'ImageAttributes', resourceType: ATTRIBUTES_TYPE };

/** Deploys v1 shared with the accounts: Create, the wait to AVAILABLE, the attributes (which share it). */
async function deployV1(accounts: string[], overrides: Record<string, string> = {}) {
  const v1 = importProperties({ WaitHandle: env.signals.handleUrl('v1'), ...overrides });
  const { answer } = await env.run(createEvent(v1));
  const name = answer.PhysicalResourceId!;
  await env.pollUntilDone(env.sfn.inputs()[0]);
  const shares = accounts.map(share);
  await env.run(createEvent(attributesProperties(name, { Shares: shares }), ATTRIBUTES), 5);
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');
  expect([...env.appstream.image(name)!.permissions.keys()]).toEqual(accounts);
  return { v1, v1Name: name, shares };
}

/** The rotation's update phase: v2 from a new AMI, its wait, its attributes (v2 shared with the same accounts). */
async function rotate(v1: Record<string, any>, v1Name: string, shares: unknown[], previousShares: unknown[] = shares) {
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_IN_PROGRESS');
  const v2 = { ...v1, SourceAmiId: 'ami-0fedcba9876543210', WaitHandle: env.signals.handleUrl('v2') };
  const { answer } = await env.run(updateEvent(v1Name, v2, v1));
  const v2Name = answer.PhysicalResourceId!;
  await env.pollUntilDone(env.sfn.inputs().find(input => input.imageName === v2Name));
  const [after, before] = [attributesProperties(v2Name, { Shares: shares }), attributesProperties(v1Name, { Shares: previousShares })];
  await env.run(updateEvent(v2Name, after, before, ATTRIBUTES), 5);
  return v2Name;
}

/** The cleanup phase's Delete of v1; returns the poller's retirement input. */
async function cleanup(v1: Record<string, any>, v1Name: string) {
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  const { complete } = await env.run(deleteEvent(v1Name, v1));
  expect(complete.IsComplete).toBe(true);
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');
  return env.sfn.inputs().find(input => input.mode === 'retire' && input.imageName === v1Name);
}

/** Whether the image still exists, and whom it is shared with. */
const v1Now = (name: string) => ({
  exists: env.appstream.image(name) !== undefined,
  sharedWith: [...(env.appstream.image(name)?.permissions.keys() ?? [])],
});
/** The bodies of the requests of one action on one image. */
const requestsFor = (action: string, name: string) => env.appstream.requestsFor(action).filter(r => r.body.Name === name).map(r => r.body);
const logLine = (text: string) => env.handler.logs.slice(logStart).map(l => l.line).find(l => l.includes(text));

test('rotation of a shared image: v1 stays shared and undeleted through the grace period, and is unshared and deleted after it', async () => {
  const { v1, v1Name, shares } = await deployV1([WORKLOAD]);
  const v2Name = await rotate(v1, v1Name, shares);
  expect([...env.appstream.image(v2Name)!.permissions.keys()]).toEqual([WORKLOAD]);

  // The cleanup neither unshares nor deletes v1: the workload account's fleet may still run it.
  const retirement = await cleanup(v1, v1Name);
  expect(v1Now(v1Name)).toEqual({ exists: true, sharedWith: [WORKLOAD] });
  expect(requestsFor('DeleteImagePermissions', v1Name)).toEqual([]);
  expect(requestsFor('DeleteImage', v1Name)).toEqual([]);
  // Handed to the poller: 7 days of grace (the default), then replacedImageDeleteTimeout (7 days) to delete it.
  expect(retirement).toMatchObject({ pollIntervalSeconds: 300, stackId: STACK_ID, logicalResourceId: 'ImageImport', sharedWith: [WORKLOAD] });
  expect(retirement.graceUntil - retirement.startedAt).toBe(7 * DAY_MS);
  expect(retirement.deadline - retirement.startedAt).toBe(14 * DAY_MS);
  expect(JSON.parse(logLine('stays shared')!).message).toBe(
    `Image '${v1Name}' left the stack (replaced or removed) but is shared with account ${WORKLOAD}, whose fleets may still run it: it stays shared ` +
    'for 7 d (sharedImageGracePeriod), then the poller unshares and deletes it.');

  // Through the grace period: every check leaves it shared and in place.
  const first = await env.handler.poll(retirement);
  const second = await env.handler.poll(first);
  expect(second).toMatchObject({ done: false, lastState: 'SHARED_GRACE', checks: 2 });
  expect(v1Now(v1Name)).toEqual({ exists: true, sharedWith: [WORKLOAD] });
  expect(requestsFor('DeleteImagePermissions', v1Name)).toEqual([]);
  expect(requestsFor('DeleteImage', v1Name)).toEqual([]);

  // A week later (the workload account has deployed and moved to v2): unshared, then deleted.
  const after = await env.handler.poll({ ...second, graceUntil: Date.now() - 1 });
  expect(after).toMatchObject({ done: true, lastState: 'DELETED' });
  expect(requestsFor('DeleteImagePermissions', v1Name)).toEqual([{ Name: v1Name, SharedAccountId: WORKLOAD }]);
  expect(env.appstream.requestsFor('DeleteImage').filter(r => r.body.Name === v1Name).map(r => r.status)).toEqual([200]);
  expect(v1Now(v1Name)).toEqual({ exists: false, sharedWith: [] });
  expect([...env.appstream.images.keys()]).toEqual([v2Name]);
  expect(JSON.parse(logLine('is no longer shared')!).message).toBe(
    `Image '${v1Name}' is no longer shared with account ${WORKLOAD} (the grace period after its replacement, sharedImageGracePeriod, has ended): ` +
    'they can no longer use it, so a fleet or image builder there that still runs it must move to another image.');
});

test('after the grace period, a fleet of the image\'s own account that still runs v1 keeps it: unshared, retried, then left tagged as any replaced image', async () => {
  const { v1, v1Name, shares } = await deployV1([WORKLOAD], { SharedGraceSeconds: '3600' });
  env.appstream.setInUse(v1Name, 'golden-fleet');
  await rotate(v1, v1Name, shares);
  const retirement = await cleanup(v1, v1Name);
  // sharedImageGracePeriod: Duration.hours(1).
  expect(retirement.graceUntil - retirement.startedAt).toBe(3_600_000);
  expect(retirement.deadline - retirement.graceUntil).toBe(7 * DAY_MS);

  const after = await env.handler.poll({ ...retirement, graceUntil: Date.now() - 1 });
  expect(after).toMatchObject({ done: false, lastState: 'IN_USE' });
  expect(env.appstream.image(v1Name)!.permissions.size).toBe(0);
  const last = await env.handler.poll({ ...after, deadline: Date.now() - 1 });
  expect(last).toMatchObject({ done: true, lastState: 'IN_USE' });
  expect(env.appstream.image(v1Name)!.tags['cdk-appstream-imported-image:retired']).toMatch(/^left in use at /);
});

test('an image shared with no one is retired as before: no grace', async () => {
  const { v1, v1Name } = await deployV1([]);
  env.appstream.setInUse(v1Name, 'golden-fleet');
  await rotate(v1, v1Name, []);
  const retirement = await cleanup(v1, v1Name);
  expect(retirement.graceUntil).toBeUndefined();
  expect(retirement.deadline - retirement.startedAt).toBe(7 * DAY_MS);
  env.appstream.setInUse(v1Name, false);
  expect(await env.handler.poll(retirement)).toMatchObject({ done: true, lastState: 'DELETED' });
});

test('an account removed from sharedWith is unshared at once, with a log line that says what it means for it; the others keep the image', async () => {
  const { v1Name, shares } = await deployV1([WORKLOAD, OTHER]);
  const [fewer, before] = [attributesProperties(v1Name, { Shares: [share(WORKLOAD)] }), attributesProperties(v1Name, { Shares: shares })];
  await env.run(updateEvent(v1Name, fewer, before, ATTRIBUTES), 5);
  expect(requestsFor('DeleteImagePermissions', v1Name)).toEqual([{ Name: v1Name, SharedAccountId: OTHER }]);
  expect([...env.appstream.image(v1Name)!.permissions.keys()]).toEqual([WORKLOAD]);
  expect(JSON.parse(logLine('is no longer shared')!).message).toBe(
    `Image '${v1Name}' is no longer shared with account ${OTHER} (they were removed from sharedWith): ` +
    'they can no longer use it, so a fleet or image builder there that still runs it must move to another image.');
});

test('a rotation that also removes an account: v2 is not shared with it, and v1 stops being shared with it at once; the others keep v1 through the grace', async () => {
  const { v1, v1Name, shares } = await deployV1([WORKLOAD, OTHER]);
  const v2Name = await rotate(v1, v1Name, [share(WORKLOAD)], shares);
  expect(v1Now(v2Name)).toEqual({ exists: true, sharedWith: [WORKLOAD] });
  expect(v1Now(v1Name)).toEqual({ exists: true, sharedWith: [WORKLOAD] });
  expect(JSON.parse(logLine('is no longer shared')!).message).toContain(`Image '${v1Name}' is no longer shared with account ${OTHER} (they were removed from sharedWith)`);
  const retirement = await cleanup(v1, v1Name);
  expect(retirement).toMatchObject({ sharedWith: [WORKLOAD] });
  expect(v1Now(v1Name)).toEqual({ exists: true, sharedWith: [WORKLOAD] });
});

test('deleting the stack unshares and deletes a shared image at once, as before, naming the accounts', async () => {
  const { v1, v1Name } = await deployV1([WORKLOAD, OTHER]);
  env.cfn.setStackStatus(STACK_ID, 'DELETE_IN_PROGRESS');
  const { complete } = await env.run(deleteEvent(v1Name, v1));
  expect(complete.IsComplete).toBe(true);
  expect(env.appstream.image(v1Name)).toBeUndefined();
  expect(env.sfn.inputs().filter(input => input.mode === 'retire')).toEqual([]);
  expect(JSON.parse(logLine('its stack is being deleted')!).message).toContain(
    `Image '${v1Name}' is shared with accounts ${WORKLOAD}, ${OTHER} and its stack is being deleted (or CloudFormation could not say), ` +
    'so it is unshared and deleted now, as always');
  expect(JSON.parse(logLine('is no longer shared')!).message).toContain(`is no longer shared with accounts ${WORKLOAD}, ${OTHER} (the image is deleted)`);
});

test('RemovalPolicy.RETAIN keeps a replaced shared image, shared, with no poller', async () => {
  const { v1, v1Name, shares } = await deployV1([WORKLOAD], { RemovalPolicy: 'retain' });
  await rotate(v1, v1Name, shares);
  const retirement = await cleanup(v1, v1Name);
  expect(retirement).toBeUndefined();
  expect([...env.appstream.image(v1Name)!.permissions.keys()]).toEqual([WORKLOAD]);
});
