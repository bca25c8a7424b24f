/**
 * The handler never logs the app catalog (LaunchParameters may hold secrets) or the wait
 * condition handle's presigned URL, on any path: create, retries, failures, poll, update, delete.
 */
import {
  AppStreamClient, CreateImportedImageCommand, DeleteImageCommand, DescribeImagesCommand, InvalidRoleException,
  TagResourceCommand, UntagResourceCommand, UpdateImagePermissionsCommand,
} from '@aws-sdk/client-appstream';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import {
  attributes, createEvent, deleteEvent, executionInput, givenImage, image, importProperties, ownerTags, SignalServer,
  startSignalServer, throttled, updateEvent,
} from './events';
import { IsCompleteEvent, isComplete, onEvent, poll } from '../../lambda/index';
import { preflightAmi } from '../../lambda/preflight/preflight';
import { imageNameFor } from '../../lambda/shared/properties';
import { PollState } from '../../src/contract';

jest.mock('../../lambda/preflight/preflight', () => ({ preflightAmi: jest.fn() }));
const preflight = preflightAmi as jest.MockedFunction<typeof preflightAmi>;

const appstream = mockClient(AppStreamClient);
const sfn = mockClient(SFNClient);

const SECRETS = ['HUNTER2', 'password', 'X-Amz-Signature', 'abc123'];
let server: SignalServer;

beforeAll(async () => {
  server = await startSignalServer();
});
afterAll(async () => {
  await server.close();
});

test('a full create / poll / attributes / update / delete, with faults, logs neither the catalog nor the handle URL', async () => {
  const lines: string[] = [];
  const capture = (...args: unknown[]) => { lines.push(args.map(a => (typeof a === 'string' ? a : JSON.stringify(a) ?? String(a))).join(' ')); };
  const spies = (['log', 'error', 'warn', 'info', 'debug'] as const).map(method => jest.spyOn(console, method).mockImplementation(capture));
  const errors: string[] = [];
  const expectFailure = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => undefined, e => e);
    expect(error).toBeInstanceOf(Error);
    errors.push(`${error.message}\n${error.stack}`);
  };

  try {
    expect(server.url).toContain('X-Amz-Signature=abc123');
    const props = importProperties({
      WaitHandle: server.url,
      Applications: [{ Name: 'Admin', AbsoluteAppPath: 'C:\\admin.exe', LaunchParameters: '--password=HUNTER2' }],
    });
    const name = imageNameFor(props);
    preflight.mockResolvedValue([]);
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });
    appstream.on(TagResourceCommand).resolves({});
    appstream.on(UntagResourceCommand).resolves({});
    appstream.on(UpdateImagePermissionsCommand).resolves({});

    // Create, with IAM propagation and throttling retries on the way.
    givenImage(appstream, name, undefined);
    appstream.on(DescribeImagesCommand, { Names: [name] }).rejectsOnce(throttled()).resolves({ Images: [] });
    appstream.on(CreateImportedImageCommand)
      .rejectsOnce(new InvalidRoleException({ message: 'cannot assume role', $metadata: {} }))
      .resolves({});
    const created = await onEvent(createEvent(props));
    expect(created.PhysicalResourceId).toBe(name);
    expect(appstream.commandCalls(CreateImportedImageCommand)[0].args[0].input.AppCatalogConfig![0].LaunchParameters).toBe('--password=HUNTER2');
    const pollState: PollState = executionInput(sfn);
    expect(pollState.handleUrl).toBe(server.url);

    // A create that fails: the handler logs its failure (by error name only).
    givenImage(appstream, name, image(name, 'AVAILABLE'), {});
    await expectFailure(onEvent(createEvent(props)));
    appstream.on(CreateImportedImageCommand).rejects(new InvalidRoleException({ message: 'cannot assume role', $metadata: {} }));
    givenImage(appstream, name, undefined);
    await expectFailure(onEvent(createEvent(props)));

    // Poll: importing, throttled, a handle error, then AVAILABLE (signalled), then a deadline failure.
    givenImage(appstream, name, image(name, 'IMPORTING'), ownerTags());
    let state = await poll(pollState);
    appstream.on(DescribeImagesCommand, { Names: [name] }).rejects(throttled());
    state = await poll(state);
    givenImage(appstream, name, image(name, 'AVAILABLE'), ownerTags());
    server.status = 403;
    state = await poll(state);
    expect(state.done).toBe(false);
    server.status = 200;
    state = await poll(state);
    expect(state.done).toBe(true);
    givenImage(appstream, name, image(name, 'FAILED', { StateChangeReason: { Code: 'IMAGE_IMPORT_FAILURE' as any, Message: 'bad AMI' } }), ownerTags());
    await poll({ ...pollState, checks: 0 });
    givenImage(appstream, name, image(name, 'IMPORTING'), ownerTags());
    await poll({ ...pollState, deadline: Date.now() - 1 });
    expect(server.received.length).toBeGreaterThanOrEqual(3);

    // Attributes.
    givenImage(appstream, name, image(name, 'AVAILABLE'), ownerTags());
    const attributesEvent = attributes.create(name, { Shares: [{ Account: '111111111111', AllowFleet: 'true', AllowImageBuilder: 'false' }] });
    await onEvent(attributesEvent);
    expect((await isComplete({ ...attributesEvent, PhysicalResourceId: name })).IsComplete).toBe(true);

    // Update: tags, a new handle, and a refused replacement with a fixed name.
    const newHandle = `${server.url}&n=2`;
    const retagged = importProperties({ ...props, Tags: [{ Key: 'team', Value: 'apps' }], WaitHandle: newHandle });
    await onEvent(updateEvent(name, props, retagged));
    const fixedBefore = importProperties({ ...props, ImageName: 'fixed', NamePrefix: undefined });
    const fixedAfter = importProperties({ ...fixedBefore, Applications: [{ Name: 'Admin', AbsoluteAppPath: 'C:\\admin.exe', LaunchParameters: '--password=HUNTER2 --x' }] });
    await expectFailure(onEvent(updateEvent('fixed', fixedBefore, fixedAfter)));

    // Delete: waits for an importing image, then deletes it; then an in-use failure.
    appstream.on(DeleteImageCommand).resolves({});
    givenImage(appstream, name, image(name, 'IMPORTING'), ownerTags());
    const del = deleteEvent(name, retagged);
    const response = await onEvent(del);
    expect((await isComplete({ ...del, ...response } as IsCompleteEvent)).IsComplete).toBe(false);
    givenImage(appstream, name, image(name, 'AVAILABLE'), ownerTags());
    expect((await isComplete({ ...del, ...response } as IsCompleteEvent)).IsComplete).toBe(true);
    expect(appstream.commandCalls(DeleteImageCommand)).toHaveLength(1);
    givenImage(appstream, name, image(name, 'IMPORTING'), ownerTags());
    await expectFailure(isComplete({ ...del, Data: { DeleteRequestedAt: '0' } } as IsCompleteEvent));
  } finally {
    spies.forEach(spy => spy.mockRestore());
  }

  // The capture worked and covered the paths above...
  const text = lines.join('\n');
  expect(lines.length).toBeGreaterThan(15);
  for (const expected of ['import started', 'retrying', 'poller started', 'onEvent failed', 'check failed', 'wait condition signalled', 'tags updated', 'image deleted']) {
    expect(text).toContain(expected);
  }
  // ...and no line, nor any error the provider framework would log, holds a secret.
  for (const secret of SECRETS) {
    expect(lines.filter(line => line.includes(secret))).toEqual([]);
    expect(errors.filter(message => message.includes(secret))).toEqual([]);
  }
  expect(text).not.toContain(server.url);
  expect(text).not.toContain(new URL(server.url).host);
  expect(errors.length).toBe(4);
});
