/**
 * The poller's check (lambda/poller/poll.ts checkImage and index.poll), signalling a real local
 * wait condition handle: PUT, JSON body, no Content-Type.
 */
import { AppStreamClient, DescribeImagesCommand } from '@aws-sdk/client-appstream';
import { mockClient } from 'aws-sdk-client-mock';
import { arnOf, image, notFound, serverError, SignalServer, silenceLogs, startSignalServer, throttled } from './events';
import { poll } from '../../lambda/index';
import { checkImage, formatDuration } from '../../lambda/poller/poll';
import { PollState } from '../../src/contract';

const appstream = mockClient(AppStreamClient);
silenceLogs();

const NAME = 'MyStack-Image-1A2B3C4D-0123456789';
const HOUR = 3_600_000;
let server: SignalServer;

beforeAll(async () => {
  server = await startSignalServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  appstream.reset();
  server.received.length = 0;
  server.status = 200;
});

function state(overrides: Partial<PollState> = {}): PollState {
  const startedAt = Date.now() - 10 * 60_000;
  return { imageName: NAME, handleUrl: server.url, startedAt, deadline: startedAt + 2 * HOUR, pollIntervalSeconds: 30, checks: 2, ...overrides };
}

const answer = (...images: any[]) => appstream.on(DescribeImagesCommand, { Names: [NAME] }).resolves({ Images: images });
const signals = () => server.received.map(request => JSON.parse(request.body));

describe('still importing', () => {
  test.each(['IMPORTING', 'VALIDATING', 'PENDING'])('%s: done false, lastState, no signal, checks + 1', async stateName => {
    answer(image(NAME, stateName));
    const result = await poll(state());
    expect(result).toEqual({
      ...state(),
      startedAt: expect.any(Number),
      deadline: expect.any(Number),
      checks: 3,
      lastState: stateName,
      seenAt: expect.any(Number),
      lastError: undefined,
      done: false,
    });
    expect(server.received).toEqual([]);
    expect(appstream.commandCalls(DescribeImagesCommand)[0].args[0].input).toEqual({ Names: [NAME] });
  });

  test('the checks counter starts at 1 when absent and keeps counting', async () => {
    answer(image(NAME, 'IMPORTING'));
    const first = await poll(state({ checks: undefined }));
    expect(first.checks).toBe(1);
    const second = await poll(first);
    const third = await poll(second);
    expect(third.checks).toBe(3);
  });

  test('the state\'s own fields are passed on unchanged (the state machine loops on them)', async () => {
    answer(image(NAME, 'IMPORTING'));
    const input = state({ pollIntervalSeconds: 77 });
    const result = await poll(input);
    expect(result).toMatchObject({
      imageName: input.imageName,
      handleUrl: input.handleUrl,
      startedAt: input.startedAt,
      deadline: input.deadline,
      pollIntervalSeconds: 77,
    });
  });
});

describe('AVAILABLE', () => {
  test('signals SUCCESS with the ARN as Data: a PUT with no Content-Type to the handle URL', async () => {
    answer(image(NAME, 'AVAILABLE'));
    const result = await poll(state());
    expect(result).toMatchObject({ done: true, lastState: 'AVAILABLE', checks: 3 });
    expect(result.lastError).toBeUndefined();

    expect(server.received).toHaveLength(1);
    const request = server.received[0];
    expect(request.method).toBe('PUT');
    expect(request.headers['content-type']).toBeUndefined();
    expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(request.body));
    // Path and presigned query string reach the server untouched.
    expect(`http://127.0.0.1:${new URL(server.url).port}${request.url}`).toBe(server.url);
    expect(JSON.parse(request.body)).toEqual({
      Status: 'SUCCESS',
      Reason: `Image ${NAME} is AVAILABLE`,
      UniqueId: NAME,
      Data: arnOf(NAME),
    });
  });

  test('AVAILABLE after the deadline is still a SUCCESS', async () => {
    answer(image(NAME, 'AVAILABLE'));
    const result = await poll(state({ startedAt: Date.now() - 3 * HOUR, deadline: Date.now() - HOUR }));
    expect(result.done).toBe(true);
    expect(signals().map(s => s.Status)).toEqual(['SUCCESS']);
  });

  test('a handle that answers an error is retried at the next check, and the URL is not in the error', async () => {
    answer(image(NAME, 'AVAILABLE'));
    server.status = 403;
    const result = await poll(state());
    expect(result.done).toBe(false);
    expect(result.lastError).toContain('HTTP 403');
    expect(result.lastError).not.toContain('X-Amz-Signature');
    expect(result.lastError).not.toContain('127.0.0.1');

    server.status = 200;
    const next = await poll(result);
    expect(next.done).toBe(true);
    expect(next.lastError).toBeUndefined();
  });
});

describe('FAILED', () => {
  test('signals FAILURE with the StateChangeReason and every ImageErrors entry', async () => {
    answer(image(NAME, 'FAILED', {
      StateChangeReason: { Code: 'IMAGE_IMPORT_FAILURE' as any, Message: 'The AMI does not meet the requirements.' },
      ImageErrors: [
        { ErrorCode: 'IAM_SERVICE_ROLE_MISSING_DESCRIBE_IMAGES_ACTION' as any, ErrorMessage: 'The role cannot describe the AMI.' },
        { ErrorCode: 'INVALID_SUBNET_CONFIGURATION' as any, ErrorMessage: 'Second problem.' },
      ],
    }));
    const result = await poll(state());
    expect(result).toMatchObject({ done: true, lastState: 'FAILED', checks: 3 });
    expect(server.received).toHaveLength(1);
    expect(server.received[0].method).toBe('PUT');
    expect(server.received[0].headers['content-type']).toBeUndefined();
    const signal = signals()[0];
    expect(signal.Status).toBe('FAILURE');
    expect(signal.UniqueId).toBe(NAME);
    expect(signal.Reason).toContain(`Image ${NAME} FAILED to import`);
    expect(signal.Reason).toContain('IMAGE_IMPORT_FAILURE: The AMI does not meet the requirements.');
    expect(signal.Reason).toContain('IAM_SERVICE_ROLE_MISSING_DESCRIBE_IMAGES_ACTION: The role cannot describe the AMI.');
    expect(signal.Reason).toContain('INVALID_SUBNET_CONFIGURATION: Second problem.');
  });

  test('with no reason from the service: says so', async () => {
    answer(image(NAME, 'FAILED'));
    await poll(state());
    expect(signals()[0]).toMatchObject({ Status: 'FAILURE', Reason: expect.stringContaining('the service gave no reason') });
  });
});

describe('not visible yet, throttled, 5xx: done false', () => {
  test('ResourceNotFoundException: NOT_VISIBLE_YET, no signal', async () => {
    appstream.on(DescribeImagesCommand).rejects(notFound());
    const result = await poll(state({ lastState: undefined }));
    expect(result).toMatchObject({ done: false, lastState: 'NOT_VISIBLE_YET', checks: 3 });
    expect(server.received).toEqual([]);
  });

  test.each([
    ['an empty list', { Images: [] }],
    ['no list at all', {}],
    ['another image only', { Images: [image('someone-else', 'AVAILABLE')] }],
  ])('%s: NOT_VISIBLE_YET, no signal', async (_label, reply) => {
    appstream.on(DescribeImagesCommand).resolves(reply);
    const result = await poll(state());
    expect(result).toMatchObject({ done: false, lastState: 'NOT_VISIBLE_YET' });
    expect(server.received).toEqual([]);
  });

  test.each([
    ['throttling', throttled, 'ThrottlingException: Rate exceeded'],
    ['a 500', serverError, 'InternalServiceError: We encountered an internal error.'],
  ])('%s: retried within the check, then done false with lastError and the last known state', async (_label, fault, text) => {
    appstream.on(DescribeImagesCommand).rejects(fault());
    const result = await poll(state({ lastState: 'IMPORTING' }));
    expect(result).toMatchObject({ done: false, lastState: 'IMPORTING', lastError: text, checks: 3 });
    expect(appstream.commandCalls(DescribeImagesCommand).length).toBeGreaterThan(1);
    expect(server.received).toEqual([]);
  });

  test('a transient fault that clears within the check is invisible', async () => {
    appstream.on(DescribeImagesCommand).rejectsOnce(throttled()).resolves({ Images: [image(NAME, 'VALIDATING')] });
    const result = await poll(state());
    expect(result).toMatchObject({ done: false, lastState: 'VALIDATING', lastError: undefined });
  });

  test('a lastError is cleared by the next good answer', async () => {
    answer(image(NAME, 'IMPORTING'));
    const result = await poll(state({ lastError: 'ThrottlingException: Rate exceeded' }));
    expect(result.lastError).toBeUndefined();
  });
});

describe('the deadline', () => {
  test('past it: FAILURE with the last state and the time waited', async () => {
    answer(image(NAME, 'IMPORTING'));
    const startedAt = 1_700_000_000_000;
    const result = await checkImage(state({ startedAt, deadline: startedAt + 2 * HOUR }), startedAt + 2 * HOUR + 5_000);
    expect(result).toMatchObject({ done: true, lastState: 'IMPORTING', checks: 3 });
    const signal = signals()[0];
    expect(signal.Status).toBe('FAILURE');
    expect(signal.UniqueId).toBe(NAME);
    expect(signal.Reason).toContain(`Image ${NAME} was not AVAILABLE within the timeout`);
    expect(signal.Reason).toContain('last state IMPORTING');
    expect(signal.Reason).toContain('after waiting 2 h 0 min (3 checks)');
    expect(signal.Reason).toContain('Raise timeout');
    expect(server.received[0].headers['content-type']).toBeUndefined();
  });

  test('past it through index.poll (Date.now), while throttled: the previous state and the last error', async () => {
    appstream.on(DescribeImagesCommand).rejects(throttled());
    const result = await poll(state({ startedAt: Date.now() - 90 * 60_000, deadline: Date.now() - 1000, lastState: 'VALIDATING' }));
    expect(result).toMatchObject({ done: true, lastState: 'VALIDATING', lastError: 'ThrottlingException: Rate exceeded' });
    const reason = signals()[0].Reason as string;
    expect(reason).toContain('last state VALIDATING');
    expect(reason).toMatch(/after waiting 1 h 30 min/);
    expect(reason).toContain('last error ThrottlingException: Rate exceeded');
  });

  test('past it with an image never seen: last state NOT_VISIBLE_YET', async () => {
    answer();
    const result = await poll(state({ deadline: Date.now() - 1, lastState: undefined }));
    expect(result.done).toBe(true);
    expect(signals()[0].Reason).toContain('last state NOT_VISIBLE_YET');
  });

  test('just before it: no signal', async () => {
    answer(image(NAME, 'IMPORTING'));
    const startedAt = 1_700_000_000_000;
    const result = await checkImage(state({ startedAt, deadline: startedAt + HOUR }), startedAt + HOUR - 1);
    expect(result.done).toBe(false);
    expect(server.received).toEqual([]);
  });

  test('formatDuration', () => {
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(5 * 60_000 + 3_000)).toBe('5 min 3 s');
    expect(formatDuration(12 * HOUR + 60_000)).toBe('12 h 1 min');
  });
});
