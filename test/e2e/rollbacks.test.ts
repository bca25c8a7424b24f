/**
 * Every CloudFormation path ends clean (issue: rollbacks of failed replacements, partial creates,
 * retained images, timeouts). Each test plays CloudFormation's and the Provider framework's real
 * sequence against the bundled handler: the forward event, the rollback Update with the old
 * properties and the same physical id, the framework's CREATE_FAILED marker (whose Delete never
 * reaches the handler), cleanup Deletes, and the stack statuses CloudFormation reports meanwhile.
 */
import { AppStreamClient, CreateImportedImageCommand } from '@aws-sdk/client-appstream';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ImageSource, ImportedImage } from '../../src';
import {
  CREATE_FAILED_MARKER, createEvent, deleteEvent, failureOf, importProperties, OWNER_TAG, STACK_ID, updateEvent,
} from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const OFFLINE_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' };

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

const IMPORT_TYPE = 'Custom::AppStreamImportedImage';
const WRITES = ['CreateImportedImage', 'DeleteImage', 'TagResource', 'UntagResource', 'UpdateImagePermissions', 'DeleteImagePermissions'];
const writes = () => env.appstream.requests.filter(r => WRITES.includes(r.operation)).map(r => r.operation);

/** Creates an image through CloudFormation's Create, lets it become AVAILABLE, and forgets the requests so far. */
async function deployed(handleId: string, overrides: Record<string, any> = {}) {
  const properties = importProperties({ WaitHandle: env.signals.handleUrl(handleId), ...overrides });
  const { answer } = await env.run(createEvent(properties));
  const name = answer.PhysicalResourceId!;
  env.appstream.setState(name, 'AVAILABLE');
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_IN_PROGRESS');
  env.appstream.requests.length = 0;
  env.sfn.reset();
  return { name, properties };
}

describe('a failed replacement rolls back', () => {
  test.each([
    ['the image quota (LimitExceeded)', () => env.appstream.limitExceeded()],
    ['a throttle past the retries', () => env.appstream.throttle('CreateImportedImage', 1000)],
  ])('generated name, the replacement fails on %s: the rollback Update returns the old image with no AWS write', async (_label, fault) => {
    const { name, properties } = await deployed('v1');
    const v2 = { ...properties, SourceAmiId: 'ami-0fedcba9876543210', WaitHandle: env.signals.handleUrl('v2') };
    fault();

    await failureOf(env.run(updateEvent(name, v2, properties)));
    expect(env.cfn.resource(STACK_ID, 'ImageImport')).toMatchObject({ physicalId: name, status: 'UPDATE_FAILED' });

    // CloudFormation rolls back: the old properties as the new ones, the same physical id.
    env.appstream.clearFaults();
    env.appstream.requests.length = 0;
    env.sfn.reset();
    env.cfn.setStackStatus(STACK_ID, 'UPDATE_ROLLBACK_IN_PROGRESS');
    const { answer } = await env.run(updateEvent(name, properties, v2));

    expect(answer.PhysicalResourceId).toBe(name);
    expect(writes()).toEqual([]);
    expect(env.sfn.executions).toEqual([]);
    expect([...env.appstream.images.keys()]).toEqual([name]);
  });

  test('a new AMI that fails pre-flight: the rollback Update succeeds with no AWS write', async () => {
    const { name, properties } = await deployed('preflight-v1');
    // Pre-flight on, for an AMI EC2 does not know: the Update fails before any import.
    const v2 = { ...properties, SourceAmiId: 'ami-0fedcba9876543210', Preflight: 'true', WaitHandle: env.signals.handleUrl('preflight-v2') };
    const failure = await failureOf(env.run(updateEvent(name, v2, properties)));
    expect(failure.message).toMatch(/ami-0fedcba9876543210/);

    env.appstream.requests.length = 0;
    const { answer } = await env.run(updateEvent(name, properties, v2));
    expect(answer.PhysicalResourceId).toBe(name);
    expect(writes()).toEqual([]);
  });

  test('fixed imageName: the forward change is refused, and the rollback that follows succeeds', async () => {
    const { name, properties } = await deployed('fixed-v1', { ImageName: 'golden-fixed' });
    const v2 = { ...properties, SourceAmiId: 'ami-0fedcba9876543210', WaitHandle: env.signals.handleUrl('fixed-v2') };

    const refused = await failureOf(env.run(updateEvent(name, v2, properties)));
    expect(refused.message).toContain("Cannot replace image 'golden-fixed': source changed");

    env.cfn.setStackStatus(STACK_ID, 'UPDATE_ROLLBACK_IN_PROGRESS');
    const { answer } = await env.run(updateEvent(name, properties, v2));
    expect(answer.PhysicalResourceId).toBe('golden-fixed');
    expect(writes()).toEqual([]);
  });

  test('the replacement succeeded but the stack failed later: the rollback adopts the old image; the cleanup deletes the new one', async () => {
    const { name: v1, properties } = await deployed('late-v1');
    const v2 = { ...properties, Description: 'v2', WaitHandle: env.signals.handleUrl('late-v2') };
    const { answer } = await env.run(updateEvent(v1, v2, properties));
    const newName = answer.PhysicalResourceId!;
    expect(newName).not.toBe(v1);

    env.cfn.setStackStatus(STACK_ID, 'UPDATE_ROLLBACK_IN_PROGRESS');
    const rolledBack = await env.run(updateEvent(newName, properties, v2));
    expect(rolledBack.answer.PhysicalResourceId).toBe(v1);

    // The new image is still importing when the rollback's cleanup deletes it: handed to the
    // poller (the stack lives on), which deletes it once it has settled.
    env.cfn.setStackStatus(STACK_ID, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    const { complete } = await env.run(deleteEvent(newName, v2));
    expect(complete.IsComplete).toBe(true);
    const retire = env.sfn.inputs().find(input => input.mode === 'retire')!;
    expect(retire).toMatchObject({ imageName: newName });
    env.appstream.setState(newName, 'AVAILABLE');
    const outputs = await env.pollUntilDone(retire);
    expect(outputs.pop()).toMatchObject({ done: true, lastState: 'DELETED' });
    expect([...env.appstream.images.keys()]).toEqual([v1]);
  });
});

describe('a create that fails after the import started leaves no image', () => {
  test('StartExecution denied (an SCP): the poller is started first, so the create fails with no image made', async () => {
    env.sfn.deny = true;
    const properties = importProperties({ WaitHandle: env.signals.handleUrl('scp') });
    const failure = await failureOf(env.run(createEvent(properties)));
    expect(failure.message).toMatch(/AccessDenied|not authorized/);
    expect(env.cfn.resource(STACK_ID, 'ImageImport')).toMatchObject({ physicalId: CREATE_FAILED_MARKER, status: 'CREATE_FAILED' });
    expect(env.appstream.requestsFor('CreateImportedImage')).toEqual([]);
    expect(env.appstream.images.size).toBe(0);
  });

  test('StartExecution throttled past its retries: no image made', async () => {
    env.sfn.throttle(1000);
    await failureOf(env.run(createEvent(importProperties({ WaitHandle: env.signals.handleUrl('throttled') }))));
    expect(env.appstream.images.size).toBe(0);
  });

  test('CreateImportedImage succeeded but its answer was lost (5xx past the retries): the retry adopts the image, the create succeeds', async () => {
    const properties = importProperties({ WaitHandle: env.signals.handleUrl('lost-answer') });
    // The first call makes the image and answers 500; the retry finds it (ResourceAlreadyExists) and adopts it.
    env.appstream.inject('CreateImportedImage', 1, 500, 'InternalServiceError', 'internal error', () => {
      env.appstream.putImage({ name: 'TestStackImage-8d0b3ce534', state: 'IMPORTING', tags: { [OWNER_TAG]: `${STACK_ID}/ImageImport` } });
    });
    const { answer } = await env.run(createEvent(properties));
    expect(answer.PhysicalResourceId).toBe('TestStackImage-8d0b3ce534');
    expect(env.cfn.resource(STACK_ID, 'ImageImport')).toMatchObject({ physicalId: answer.PhysicalResourceId, status: 'CREATE_COMPLETE' });
  });

  test('the function dies right after CreateImportedImage (the framework answers CREATE_FAILED): the poller deletes the untracked image', async () => {
    const properties = importProperties({ WaitHandle: env.signals.handleUrl('died') });
    const event = createEvent(properties);
    const { PhysicalResourceId: name } = await env.handler.onEvent(event);
    // The framework never got the answer: it reports the failure with its marker...
    env.cfn.setResource(STACK_ID, 'ImageImport', { type: IMPORT_TYPE, physicalId: CREATE_FAILED_MARKER, status: 'CREATE_FAILED' });
    // ...and swallows the rollback's Delete for it.
    await env.run(deleteEvent(CREATE_FAILED_MARKER, properties));
    expect(env.appstream.requestsFor('DeleteImage')).toEqual([]);
    expect(env.appstream.image(name!)).toBeDefined();

    // The poller, already running, sees the image settle, learns CloudFormation does not track it, and retires it.
    const [input] = env.sfn.inputs();
    const outputs = await env.pollUntilDone(input);
    expect(outputs.map(o => o.mode ?? 'wait')).toContain('retire');
    expect(outputs.pop()).toMatchObject({ done: true, lastState: 'DELETED' });
    expect(env.appstream.images.size).toBe(0);
    expect(env.signals.signalsFor('died')).toEqual([]);
  });

  test('a replacement whose Update dies after CreateImportedImage: the poller deletes the new image CloudFormation never learned of', async () => {
    const { name: v1, properties } = await deployed('update-died-v1');
    const v2 = { ...properties, Description: 'v2', WaitHandle: env.signals.handleUrl('update-died-v2') };
    const { PhysicalResourceId: v2Name } = await env.handler.onEvent(updateEvent(v1, v2, properties));
    // The framework reports the Update failed: the resource keeps the old physical id.
    env.cfn.setResource(STACK_ID, 'ImageImport', { type: IMPORT_TYPE, physicalId: v1, status: 'UPDATE_FAILED' });

    const input = env.sfn.inputs().find(i => i.imageName === v2Name)!;
    const outputs = await env.pollUntilDone(input);
    expect(outputs.pop()).toMatchObject({ done: true, lastState: 'DELETED' });
    expect([...env.appstream.images.keys()]).toEqual([v1]);
  });
});

describe('RETAIN, the stack deleted, the same app deployed again', () => {
  test('the retained image is adopted by the new stack (same stack name): no new import, no message about imageName', async () => {
    const { name, properties } = await deployed('retain-v1', { RemovalPolicy: 'retain' });
    env.cfn.setStackStatus(STACK_ID, 'DELETE_IN_PROGRESS');
    await env.run(deleteEvent(name, properties));
    expect(env.appstream.image(name)?.state).toBe('AVAILABLE');

    // `cdk deploy` again: a new stack of the same name, so a new stack id.
    const newStackId = STACK_ID.replace('/guid', '/new-guid');
    const event = { ...createEvent({ ...properties, WaitHandle: env.signals.handleUrl('retain-again') }), StackId: newStackId };
    const { answer } = await env.run(event);

    expect(answer.PhysicalResourceId).toBe(name);
    expect(env.appstream.requestsFor('CreateImportedImage')).toEqual([]);
    expect(env.appstream.image(name)?.tags[OWNER_TAG]).toBe(`${newStackId}/ImageImport`);
    // The new stack's poller signals its wait condition at once.
    const input = env.sfn.inputs().find(i => i.handleUrl === env.signals.handleUrl('retain-again'))!;
    env.cfn.setResource(newStackId, 'ImageImport', { type: IMPORT_TYPE, physicalId: name, status: 'CREATE_COMPLETE' });
    await env.pollUntilDone(input);
    expect(env.signals.signalsFor('retain-again').map(s => s.json.Status)).toEqual(['SUCCESS']);
  });
});

describe('the timeout', () => {
  function synthesized(timeout: Duration, pollInterval: Duration) {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), timeout, pollInterval });
    const resources = Template.fromStack(stack).toJSON().Resources;
    const find = (type: string) => Object.values(resources).find((r: any) => r.Type === type) as any;
    return { importProperties: find(IMPORT_TYPE).Properties, waitTimeout: Number(find('AWS::CloudFormation::WaitCondition').Properties.Timeout) };
  }

  test.each([
    [Duration.hours(2), Duration.seconds(30)],
    [Duration.hours(12), Duration.minutes(15)],
    [Duration.minutes(10), Duration.seconds(10)],
  ])('timeout %s, poll interval %s: the poller\'s FAILURE (with its own message) reaches the wait condition before CloudFormation\'s timeout', async (timeout, interval) => {
    const { importProperties: props, waitTimeout } = synthesized(timeout, interval);
    // The last check runs at most one interval after the deadline; with its retries (5 + 10 +
    // 20 + 40 s) and the signal's PUT (30 s) it signals by then:
    const latestSignal = Number(props.TimeoutSeconds) + Number(props.PollIntervalSeconds) + 75 + 30;
    expect(latestSignal).toBeLessThan(waitTimeout);
    expect(waitTimeout).toBeLessThanOrEqual(43200);

    // And the bundled poller, past its deadline, signals the handler's message.
    env.appstream.importsGetStuck();
    const properties = importProperties({ ...props, Preflight: 'false', WaitHandle: env.signals.handleUrl('deadline') });
    const { answer } = await env.run(createEvent(properties));
    const [input] = env.sfn.inputs();
    const outputs = await env.pollUntilDone({ ...input, deadline: Date.now() - 1 });
    expect(outputs.pop()).toMatchObject({ done: true });
    const [signal] = env.signals.signalsFor('deadline');
    expect(signal.json).toMatchObject({ Status: 'FAILURE', UniqueId: answer.PhysicalResourceId });
    expect(signal.json.Reason).toMatch(/was not AVAILABLE within the timeout: last state IMPORTING after waiting .* \(1 checks\)/);
  });
});

describe('one image-name rule', () => {
  test('a fixed name starting with "_" is refused at synth and, when it was a token there, at deploy time before any AWS call (the service refuses it too)', async () => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    expect(() => new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), imageName: '_golden.v1' }))
      .toThrow("imageName '_golden.v1' starts with '_': the service wants a letter or a digit first (then letters, digits, '_', '.' and '-').");

    const properties = importProperties({ WaitHandle: env.signals.handleUrl('underscore'), ImageName: '_golden.v1' });
    const failure = await failureOf(env.run(createEvent(properties)));
    expect(failure.message).toContain("imageName '_golden.v1' starts with '_'");
    expect(env.appstream.requests).toEqual([]);
    expect(env.sfn.executions).toEqual([]);

    // The local endpoint refuses it as the service does, were the request to get there.
    const client = new AppStreamClient({ region: 'us-east-1', endpoint: env.appstream.url, credentials: OFFLINE_CREDENTIALS, maxAttempts: 1 });
    const refused = await client.send(new CreateImportedImageCommand({
      Name: '_golden.v1', SourceAmiId: 'ami-0123456789abcdef0', IamRoleArn: 'arn:aws:iam::123456789012:role/r',
    })).catch(error => error);
    client.destroy();
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toContain('^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$');
  });
});

describe('the poller does not outlive its image', () => {
  test('a rollback deletes the image while it imports: the poller\'s next check stops it', async () => {
    env.appstream.importsGetStuck();
    const properties = importProperties({ WaitHandle: env.signals.handleUrl('outlive') });
    const { answer } = await env.run(createEvent(properties));
    const [input] = env.sfn.inputs();
    const first = await env.handler.poll(input);
    expect(first).toMatchObject({ done: false, lastState: 'IMPORTING' });

    // The stack rolls back (another resource failed); the image settles and the rollback's Delete removes it.
    env.cfn.setStackStatus(STACK_ID, 'ROLLBACK_IN_PROGRESS');
    env.appstream.setState(answer.PhysicalResourceId!, 'AVAILABLE');
    await env.run(deleteEvent(answer.PhysicalResourceId!, properties));
    expect(env.appstream.images.size).toBe(0);

    const second = await env.handler.poll(first);
    expect(second).toMatchObject({ done: true, lastState: 'GONE' });
    expect(second.deadline).toBeGreaterThan(Date.now() + 3_600_000);
  });
});
