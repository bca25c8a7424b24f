/**
 * The poller's tracking decision (lambda/aws/stack.ts, TRACKING_BY_RESOURCE_STATUS), one test per
 * row: every resource status CloudFormation documents (the SDK's ResourceStatus enum), with the
 * image resource holding the image's name and holding another, and every stack status. The
 * bundled poller checks a settled image while the local CloudFormation endpoint reports the row.
 */
import { ResourceStatus, StackStatus } from '@aws-sdk/client-cloudformation';
import { TRACKING_BY_RESOURCE_STATUS, Tracking } from '../../lambda/aws/stack';
import { IMPORT_TYPE, STACK_ID } from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

/** The expected decision, written out (not read from the table under test). */
const EXPECTED: Record<string, [holdsName: Tracking, holdsAnother: Tracking]> = {
  CREATE_IN_PROGRESS: ['tracked', 'pending'],
  CREATE_COMPLETE: ['tracked', 'untracked'],
  CREATE_FAILED: ['tracked', 'untracked'],
  UPDATE_IN_PROGRESS: ['tracked', 'pending'],
  UPDATE_COMPLETE: ['tracked', 'untracked'],
  UPDATE_FAILED: ['tracked', 'untracked'],
  ROLLBACK_IN_PROGRESS: ['tracked', 'pending'],
  ROLLBACK_COMPLETE: ['tracked', 'untracked'],
  ROLLBACK_FAILED: ['tracked', 'untracked'],
  UPDATE_ROLLBACK_IN_PROGRESS: ['tracked', 'pending'],
  UPDATE_ROLLBACK_COMPLETE: ['tracked', 'untracked'],
  UPDATE_ROLLBACK_FAILED: ['tracked', 'untracked'],
  IMPORT_IN_PROGRESS: ['tracked', 'pending'],
  IMPORT_COMPLETE: ['tracked', 'untracked'],
  IMPORT_FAILED: ['tracked', 'untracked'],
  IMPORT_ROLLBACK_IN_PROGRESS: ['tracked', 'pending'],
  IMPORT_ROLLBACK_COMPLETE: ['tracked', 'untracked'],
  IMPORT_ROLLBACK_FAILED: ['tracked', 'untracked'],
  EXPORT_IN_PROGRESS: ['tracked', 'pending'],
  EXPORT_COMPLETE: ['tracked', 'untracked'],
  EXPORT_FAILED: ['tracked', 'untracked'],
  EXPORT_ROLLBACK_IN_PROGRESS: ['tracked', 'pending'],
  EXPORT_ROLLBACK_COMPLETE: ['tracked', 'untracked'],
  EXPORT_ROLLBACK_FAILED: ['tracked', 'untracked'],
  DELETE_IN_PROGRESS: ['pending', 'untracked'],
  DELETE_COMPLETE: ['released', 'untracked'],
  DELETE_SKIPPED: ['released', 'untracked'],
  DELETE_FAILED: ['untracked', 'untracked'],
};

test('the table has a row for every resource status of the SDK, and no other', () => {
  expect(Object.keys(TRACKING_BY_RESOURCE_STATUS).sort()).toEqual(Object.values(ResourceStatus).sort());
  expect(Object.keys(EXPECTED).sort()).toEqual(Object.values(ResourceStatus).sort());
});

/** Creates an image, lets it settle (AVAILABLE), and returns the poller's next input. */
async function settledImage(handleId: string) {
  env.appstream.importsGetStuck();
  const { name, pollInput } = await env.createImage(handleId);
  env.appstream.setState(name, 'AVAILABLE');
  return { name, pollInput };
}

/** What one check of the poller did, in the table's words. */
async function decisionOf(pollInput: any, handleId: string): Promise<Tracking> {
  const result = await env.handler.poll(pollInput);
  const signals = env.signals.signalsFor(handleId).map(s => s.json.Status);
  if (result.mode === 'retire') {
    expect(signals).toEqual([]);
    return 'untracked';
  }
  if (!result.done) {
    expect(signals).toEqual([]);
    return 'pending';
  }
  if (signals.length === 0) return 'released';
  expect(signals).toEqual(['SUCCESS']);
  return 'tracked';
}

describe.each(Object.entries(EXPECTED))('resource status %s', (status, [holdsName, holdsAnother]) => {
  test(`holding the image's name: ${holdsName}`, async () => {
    const { name, pollInput } = await settledImage(`name-${status}`);
    env.cfn.setResource(STACK_ID, 'ImageImport', { type: IMPORT_TYPE, physicalId: name, status });
    expect(await decisionOf(pollInput, `name-${status}`)).toBe(holdsName);
    if (holdsName === 'released') expect(env.appstream.image(name)).toBeDefined(); // its Delete decided; the poller touches nothing
  });

  test(`holding another name: ${holdsAnother}`, async () => {
    const { pollInput } = await settledImage(`other-${status}`);
    env.cfn.setResource(STACK_ID, 'ImageImport', { type: IMPORT_TYPE, physicalId: 'TestStackImage-someothername', status });
    expect(await decisionOf(pollInput, `other-${status}`)).toBe(holdsAnother);
  });
});

test('the resource does not exist in the stack (any more): untracked', async () => {
  const { pollInput } = await settledImage('missing');
  env.cfn.stack(STACK_ID).resources.delete('ImageImport');
  expect(await decisionOf(pollInput, 'missing')).toBe('untracked');
});

test('CloudFormation cannot be asked (AccessDenied): tracked, as before the poller asked', async () => {
  const { pollInput } = await settledImage('denied');
  env.cfn.denyAll();
  expect(await decisionOf(pollInput, 'denied')).toBe('tracked');
});

// The stack's status never changes the decision (a rollback or cleanup shows on the resource's
// own row as a new *_IN_PROGRESS operation): one test per stack status, with the resource
// mid-operation, settled with the name, and settled with another name.
describe.each(Object.values(StackStatus))('stack status %s', stackStatus => {
  test.each([
    ['UPDATE_IN_PROGRESS', 'another', 'pending'],
    ['UPDATE_COMPLETE', 'the name', 'tracked'],
    ['UPDATE_COMPLETE', 'another', 'untracked'],
  ] as const)('resource %s holding %s: %s', async (status, holding, expected) => {
    const handleId = `${stackStatus}-${status}-${holding === 'another' ? 'other' : 'name'}`;
    const { name, pollInput } = await settledImage(handleId);
    env.cfn.setStackStatus(STACK_ID, stackStatus);
    env.cfn.setResource(STACK_ID, 'ImageImport', { type: IMPORT_TYPE, physicalId: holding === 'another' ? 'TestStackImage-other' : name, status });
    expect(await decisionOf(pollInput, handleId)).toBe(expected);
  });
});
