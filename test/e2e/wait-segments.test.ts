/**
 * A rotation driven by a deploy-time value (an AMI id from an SSM parameter or a CfnParameter):
 * the template does not change, so the wait is a chain of segments, each an Update of its own
 * custom resource under CloudFormation's hour. Segments are compressed to 1 s here
 * (IMPORTED_IMAGE_SEGMENT_SECONDS); the handler is the bundle, as shipped.
 */
import { createEvent, failureOf, importProperties, STACK_ID, updateEvent } from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start({ IMPORTED_IMAGE_SEGMENT_SECONDS: '1' }));
afterAll(() => env.stop());
beforeEach(() => env.reset());

const SEGMENT_TYPE = 'Custom::AppStreamImportedImageWait';
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function segment(imageName: string, n: number, segments: number, timeoutSeconds = 10800) {
  return { ServiceToken: 'token', SchemaVersion: '1', ImageName: imageName, Segment: String(n), Segments: String(segments), TimeoutSeconds: String(timeoutSeconds) };
}
const segmentEvent = (props: Record<string, string>, old?: Record<string, string>) => old
  ? updateEvent(`${old.ImageName}/wait-${props.Segment}`, props, old, { logicalId: `ImageWaitSegment${props.Segment}`, resourceType: SEGMENT_TYPE })
  : createEvent(props, { logicalId: `ImageWaitSegment${props.Segment}`, resourceType: SEGMENT_TYPE });

/** Runs one segment as the Provider framework does: onEvent, then isComplete every `everyMs` until complete. */
async function runSegment(props: Record<string, string>, old?: Record<string, string>, everyMs = 200, maxChecks = 30) {
  const event = segmentEvent(props, old);
  const answer = await env.handler.onEvent(event);
  for (let i = 0; i < maxChecks; i++) {
    const { IsComplete } = await env.handler.isComplete({ ...event, ...answer });
    if (IsComplete) return { answer, checks: i + 1 };
    await sleep(everyMs);
  }
  throw new Error('the segment never completed');
}

test('a rotation of a deploy-time AMI id: the first segment\'s window passes, the second sees the new image AVAILABLE', async () => {
  // v1 exists; the AMI parameter changes; the Import resource's Update replaces the image.
  env.appstream.importsGetStuck();
  const v1 = importProperties({ WaitHandle: undefined, SourceAmiId: 'ami-0123456789abcdef0' });
  const created = await env.run(createEvent(v1));
  const v1Name = created.answer.PhysicalResourceId!;
  env.appstream.setState(v1Name, 'AVAILABLE');
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_IN_PROGRESS');
  const v2 = { ...v1, SourceAmiId: 'ami-0fedcba9876543210' };
  const { answer } = await env.run(updateEvent(v1Name, v2, v1));
  const v2Name = answer.PhysicalResourceId!;
  expect(env.appstream.image(v2Name)?.state).toBe('IMPORTING');
  // No wait handle: no poller; the segments wait.
  expect(env.sfn.executions).toEqual([]);

  // Segment 1 of 3 (each Updated because ImageName changed): its window passes while v2 imports.
  const first = await runSegment(segment(v2Name, 1, 3), segment(v1Name, 1, 3));
  expect(first.answer.PhysicalResourceId).toBe(`${v2Name}/wait-1`);
  expect(first.checks).toBeGreaterThan(1);
  expect(env.handler.logs.some(l => l.line.includes('wait segment over: the next one waits on'))).toBe(true);

  // Segment 2: v2 becomes AVAILABLE meanwhile, and the wait is over.
  setTimeout(() => env.appstream.setState(v2Name, 'AVAILABLE'), 300);
  const second = await runSegment(segment(v2Name, 2, 3), segment(v1Name, 2, 3));
  expect(second.checks).toBeGreaterThan(1);
  // Segment 3 finds it AVAILABLE at once.
  expect((await runSegment(segment(v2Name, 3, 3), segment(v1Name, 3, 3))).checks).toBe(1);
});

test('the image FAILED: the segment fails with the service\'s reason', async () => {
  env.appstream.putImage({ name: 'failed-v2', state: 'FAILED', stateChangeReason: { Code: 'IMAGE_IMPORT_FAILURE', Message: 'The AMI is not UEFI.' } });
  const failure = await failureOf(runSegment(segment('failed-v2', 1, 3)));
  expect(failure.message).toBe('Image failed-v2 FAILED to import: IMAGE_IMPORT_FAILURE: The AMI is not UEFI.');
});

test('the last segment\'s window passes: the timeout message, with the last state and the time waited', async () => {
  env.appstream.putImage({ name: 'slow-v2', state: 'IMPORTING' });
  const failure = await failureOf(runSegment(segment('slow-v2', 3, 3)));
  expect(failure.message).toMatch(/^Image slow-v2 was not AVAILABLE within the timeout: last state IMPORTING after waiting .*Raise timeout/);
});

test('the timeout, counted from the image\'s creation, has passed: fails even in an early segment', async () => {
  env.appstream.putImage({ name: 'old-v2', state: 'IMPORTING' }); // created an hour ago
  const failure = await failureOf(runSegment(segment('old-v2', 1, 3, 1800)));
  expect(failure.message).toMatch(/last state IMPORTING after waiting 1 h 0 min/);
});
