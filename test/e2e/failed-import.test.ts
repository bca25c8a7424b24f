/** Imports that do not end AVAILABLE: the service's FAILED, and the deadline. */
import { deleteEvent } from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

const FAILURE = {
  states: ['IMPORTING', 'FAILED'] as const,
  stateChangeReason: { Code: 'IMAGE_IMPORT_FAILURE', Message: 'The AMI does not meet the import requirements.' },
  imageErrors: [
    { ErrorCode: 'IAM_SERVICE_ROLE_MISSING_DESCRIBE_IMAGES_ACTION', ErrorMessage: 'The role cannot call ec2:DescribeImages.' },
    { ErrorCode: 'INVALID_AMI_BOOT_MODE', ErrorMessage: 'The AMI must boot with UEFI.' },
  ],
};

test.each([
  ['destroy'],
  ['retain'],
])('FAILED import: FAILURE signal with the service\'s reason and every image error; Delete (%s) removes the FAILED image', async removalPolicy => {
  env.appstream.setLifecycle({ ...FAILURE, states: [...FAILURE.states] });
  const { name, properties, pollInput } = await env.createImage('failed', { RemovalPolicy: removalPolicy });

  const outputs = await env.pollUntilDone(pollInput);
  expect(outputs.map(o => o.lastState)).toEqual(['IMPORTING', 'FAILED']);

  const signals = env.signals.signalsFor('failed');
  expect(signals).toHaveLength(1);
  expect(signals[0].method).toBe('PUT');
  expect(signals[0].headers['content-type']).toBeUndefined();
  expect(signals[0].json).toMatchObject({ Status: 'FAILURE', UniqueId: name });
  const reason: string = signals[0].json.Reason;
  expect(reason).toContain('IMAGE_IMPORT_FAILURE');
  expect(reason).toContain('The AMI does not meet the import requirements.');
  for (const error of FAILURE.imageErrors) {
    expect(reason).toContain(error.ErrorCode);
    expect(reason).toContain(error.ErrorMessage);
  }

  // The rollback deletes the FAILED image (whatever the removal policy), so the name is free again.
  const { complete } = await env.run(deleteEvent(name, properties));
  expect(complete.IsComplete).toBe(true);
  expect(env.appstream.requestsFor('DeleteImage').map(r => r.body)).toEqual([{ Name: name }]);
  expect(env.appstream.image(name)).toBeUndefined();
});

test('deadline passed: FAILURE signal naming the last state and the time waited', async () => {
  env.appstream.importsGetStuck();
  const { name, pollInput } = await env.createImage('deadline');
  const now = Date.now();
  const late = { ...pollInput, startedAt: now - 2 * 3_600_000 - 60_000, deadline: now - 60_000, checks: 239 };

  const output = await env.handler.poll(late);

  expect(output).toMatchObject({ done: true, lastState: 'IMPORTING', checks: 240 });
  const signals = env.signals.signalsFor('deadline');
  expect(signals).toHaveLength(1);
  expect(signals[0].json).toMatchObject({ Status: 'FAILURE', UniqueId: name });
  expect(signals[0].json.Reason).toContain('last state IMPORTING');
  expect(signals[0].json.Reason).toContain('2 h 1 min');
  expect(env.appstream.image(name)?.state).toBe('IMPORTING');
});

test('before the deadline a stuck image is only checked again: no signal', async () => {
  env.appstream.importsGetStuck();
  const { pollInput } = await env.createImage('not-yet');

  const output = await env.handler.poll(await env.handler.poll(pollInput));

  expect(output).toMatchObject({ done: false, lastState: 'IMPORTING', checks: 2 });
  expect(env.signals.requests).toHaveLength(0);
});
