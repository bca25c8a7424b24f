/**
 * Update: tags in place, a new wait handle restarts the poller, a create-only change replaces
 * the image (or, with a fixed name, fails before any call), and older property shapes work.
 */
import {
  AppStreamClient, CreateImportedImageCommand, DeleteImageCommand, DescribeImagesCommand, TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-appstream';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import {
  arnOf, commandNames, createEvent, deleteEvent, executionInput, givenImage, HANDLE_URL, image, importProperties, MUTATING,
  NAME_PREFIX, OWNER, ownerTags, silenceLogs, throttled, updateEvent,
} from './events';
import { isComplete, onEvent } from '../../lambda/index';
import { preflightAmi } from '../../lambda/preflight/preflight';
import { createOnlyHash, imageNameFor } from '../../lambda/shared/properties';
import { OWNER_TAG_KEY, PROPERTIES_TAG_KEY } from '../../src/contract';

jest.mock('../../lambda/preflight/preflight', () => ({ preflightAmi: jest.fn() }));
const preflight = preflightAmi as jest.MockedFunction<typeof preflightAmi>;

const appstream = mockClient(AppStreamClient);
const sfn = mockClient(SFNClient);
silenceLogs();

const BEFORE = importProperties();
const NAME = imageNameFor(BEFORE);

beforeEach(() => {
  appstream.reset();
  sfn.reset();
  preflight.mockReset();
  preflight.mockResolvedValue([]);
  appstream.on(DescribeImagesCommand).resolves({ Images: [] });
  givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), ownerTags({ team: 'desktops' }));
  appstream.on(TagResourceCommand).resolves({});
  appstream.on(UntagResourceCommand).resolves({});
  appstream.on(CreateImportedImageCommand).resolves({});
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });
});

const update = (before: ReturnType<typeof importProperties>, after: ReturnType<typeof importProperties>, physicalId = NAME) =>
  onEvent(updateEvent(physicalId, before, after));

describe('tags only', () => {
  test('changed and added tags: TagResource; removed: UntagResource; same physical id, no new image', async () => {
    const before = importProperties({ Tags: [{ Key: 'team', Value: 'desktops' }, { Key: 'old', Value: '1' }, { Key: 'same', Value: 's' }] });
    const after = importProperties({ Tags: [{ Key: 'team', Value: 'apps' }, { Key: 'new', Value: '2' }, { Key: 'same', Value: 's' }] });
    expect(imageNameFor(after)).toBe(NAME);
    givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), ownerTags({ team: 'desktops', old: '1', same: 's' }));
    const result = await update(before, after);
    expect(result).toEqual({ PhysicalResourceId: NAME });
    expect(appstream.commandCalls(UntagResourceCommand).map(c => c.args[0].input)).toEqual([{ ResourceArn: arnOf(NAME), TagKeys: ['old'] }]);
    expect(appstream.commandCalls(TagResourceCommand).map(c => c.args[0].input)).toEqual([{ ResourceArn: arnOf(NAME), Tags: { team: 'apps', new: '2' } }]);
    expect(commandNames(appstream, sfn).filter(c => MUTATING.includes(c))).toEqual(['UntagResourceCommand', 'TagResourceCommand']);
  });

  test('the ownership tag is never removed, even when an old property shape listed it among the tags', async () => {
    const before = importProperties({ Tags: [{ Key: OWNER_TAG_KEY, Value: OWNER }, { Key: 'team', Value: 'desktops' }] });
    const after = importProperties({ Tags: undefined });
    await update(before, after);
    expect(appstream.commandCalls(UntagResourceCommand).map(c => c.args[0].input.TagKeys)).toEqual([['team']]);
    expect(appstream.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  test('a user tag named like the ownership tag is never set', async () => {
    const after = importProperties({ Tags: [{ Key: 'team', Value: 'desktops' }, { Key: OWNER_TAG_KEY, Value: 'spoofed' }] });
    await update(BEFORE, after);
    expect(appstream.commandCalls(TagResourceCommand)).toHaveLength(0);
    expect(appstream.commandCalls(UntagResourceCommand)).toHaveLength(0);
  });

  test('nothing changed: no AWS call at all', async () => {
    expect(await update(BEFORE, importProperties())).toEqual({ PhysicalResourceId: NAME });
    expect(appstream.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  test('throttled tag calls are retried', async () => {
    appstream.on(TagResourceCommand).rejectsOnce(throttled()).resolves({});
    await update(BEFORE, importProperties({ Tags: [{ Key: 'team', Value: 'apps' }] }));
    expect(appstream.commandCalls(TagResourceCommand)).toHaveLength(2);
  });

  test('the image is gone: a message that says what to do', async () => {
    givenImage(appstream, NAME, undefined);
    await expect(update(BEFORE, importProperties({ Tags: [{ Key: 'team', Value: 'apps' }] })))
      .rejects.toThrow(`Cannot update the tags of image '${NAME}': it no longer exists.`);
  });

  test('isComplete of an Update is complete at once', async () => {
    expect(await isComplete({ ...updateEvent(NAME, BEFORE, BEFORE), PhysicalResourceId: NAME })).toEqual({ IsComplete: true });
    expect(appstream.calls()).toHaveLength(0);
  });
});

describe('in-place settings', () => {
  test('a new WaitHandle (the timeout changed): the poller starts again for the same image', async () => {
    const newHandle = `${HANDLE_URL}&new=1`;
    const before = Date.now();
    const result = await update(BEFORE, importProperties({ WaitHandle: newHandle, TimeoutSeconds: '14400' }));
    expect(result).toEqual({ PhysicalResourceId: NAME });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    const input = executionInput(sfn);
    expect(input).toMatchObject({ imageName: NAME, handleUrl: newHandle, pollIntervalSeconds: 30 });
    expect(input.deadline - input.startedAt).toBe(14400 * 1000);
    expect(input.startedAt).toBeGreaterThanOrEqual(before);
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
  });

  test('the same WaitHandle with another poll interval, pre-flight or removal policy: nothing to do', async () => {
    await update(BEFORE, importProperties({ PollIntervalSeconds: '60', Preflight: 'false', RemovalPolicy: 'retain' }));
    expect(sfn.calls()).toHaveLength(0);
    expect(appstream.calls()).toHaveLength(0);
  });
});

describe('a create-only property changed', () => {
  test('generated name: a new image under a new name, a new poller; the old image is left to the Delete', async () => {
    const after = importProperties({ Description: 'A new description', WaitHandle: `${HANDLE_URL}&replacement=1` });
    const result = await update(BEFORE, after);
    const newName = imageNameFor(after);
    expect(newName).not.toBe(NAME);
    expect(newName).toMatch(new RegExp(`^${NAME_PREFIX}-[0-9a-f]{10}$`));
    expect(result).toEqual({ PhysicalResourceId: newName });
    expect(appstream.commandCalls(CreateImportedImageCommand).map(c => c.args[0].input)).toEqual([
      expect.objectContaining({
        Name: newName,
        Description: 'A new description',
        Tags: { team: 'desktops', [OWNER_TAG_KEY]: OWNER, [PROPERTIES_TAG_KEY]: createOnlyHash(after) },
      }),
    ]);
    expect(executionInput(sfn)).toMatchObject({ imageName: newName, handleUrl: `${HANDLE_URL}&replacement=1` });
    expect(appstream.commandCalls(DeleteImageCommand)).toHaveLength(0);
    expect(preflight).toHaveBeenCalledTimes(1);
  });

  test('fixed ImageName itself changed: a new image under the new name', async () => {
    const before = importProperties({ ImageName: 'fixed-v1', NamePrefix: undefined });
    const after = importProperties({ ImageName: 'fixed-v2', NamePrefix: undefined });
    const result = await update(before, after, 'fixed-v1');
    expect(result).toEqual({ PhysicalResourceId: 'fixed-v2' });
    expect(appstream.commandCalls(CreateImportedImageCommand)[0].args[0].input.Name).toBe('fixed-v2');
  });

  test('fixed ImageName: fails before any write (it reads only the image\'s properties tag), naming the changed props (construct names) and the fix', async () => {
    const before = importProperties({ ImageName: 'fixed-v1', NamePrefix: undefined });
    givenImage(appstream, 'fixed-v1', image('fixed-v1', 'AVAILABLE'), ownerTags({ [PROPERTIES_TAG_KEY]: createOnlyHash(before) }));
    const after = importProperties({
      ImageName: 'fixed-v1',
      NamePrefix: undefined,
      SourceAmiId: 'ami-0fedcba9876543210',
      Description: 'changed',
      Applications: [{ Name: 'Notepad', AbsoluteAppPath: 'C:\\Windows\\notepad.exe' }],
    });
    const error = await update(before, after, 'fixed-v1').catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain("Cannot replace image 'fixed-v1': source, description, applications changed");
    expect(error.message).toContain('fixed name (imageName)');
    expect(error.message).toContain('rename it (change imageName) or remove imageName');
    expect(error.message).not.toMatch(/SourceAmiId|Description|Applications/);
    expect(commandNames(appstream)).toEqual(['DescribeImagesCommand', 'ListTagsForResourceCommand']);
    expect(sfn.calls()).toHaveLength(0);
    expect(preflight).not.toHaveBeenCalled();
  });

  test.each([
    ['WorkspaceImageId', 'source, role', { SourceAmiId: undefined, IamRoleArn: undefined, WorkspaceImageId: 'wsi-0123456789abc' }],
    ['IamRoleArn', 'role', { IamRoleArn: 'arn:aws:iam::123456789012:role/Other' }],
    ['DisplayName', 'displayName', { DisplayName: 'Other' }],
    ['RuntimeValidationInstanceType', 'runtimeValidationInstanceType', { RuntimeValidationInstanceType: 'stream.standard.large' }],
    ['AgentSoftwareVersion', 'agentSoftwareVersion', { AgentSoftwareVersion: 'ALWAYS_LATEST' }],
  ])('fixed ImageName and %s changed: the message names "%s"', async (_key, names, overrides) => {
    const before = importProperties({ ImageName: 'fixed-v1', NamePrefix: undefined });
    const after = importProperties({ ImageName: 'fixed-v1', NamePrefix: undefined, ...overrides });
    givenImage(appstream, 'fixed-v1', image('fixed-v1', 'AVAILABLE'), ownerTags({ [PROPERTIES_TAG_KEY]: createOnlyHash(before) }));
    await expect(update(before, after, 'fixed-v1')).rejects.toThrow(`: ${names} changed, which needs a new image`);
    expect(commandNames(appstream).filter(c => MUTATING.includes(c))).toEqual([]);
  });

  describe('the rollback Update of a failed replacement (the old properties again, the same physical id)', () => {
    test('generated name: the existing image already has them, so it is returned with no AWS write and no poller', async () => {
      const failedNew = importProperties({ SourceAmiId: 'ami-0fedcba9876543210', WaitHandle: `${HANDLE_URL}&replacement=1` });
      // CloudFormation's rollback: OldResourceProperties = the failed new ones, ResourceProperties = the old ones.
      const result = await update(failedNew, BEFORE, NAME);
      expect(result).toEqual({ PhysicalResourceId: NAME });
      expect(commandNames(appstream, sfn).filter(c => MUTATING.includes(c))).toEqual([]);
      expect(preflight).not.toHaveBeenCalled();
    });

    test('fixed name: the properties tag says the image has the old properties, so the rollback succeeds with no write', async () => {
      const old = importProperties({ ImageName: 'fixed-v1', NamePrefix: undefined });
      const refused = importProperties({ ImageName: 'fixed-v1', NamePrefix: undefined, SourceAmiId: 'ami-0fedcba9876543210' });
      givenImage(appstream, 'fixed-v1', image('fixed-v1', 'AVAILABLE'), ownerTags({ team: 'desktops', [PROPERTIES_TAG_KEY]: createOnlyHash(old) }));
      // The forward Update is refused...
      await expect(update(old, refused, 'fixed-v1')).rejects.toThrow(/Cannot replace image 'fixed-v1': source changed/);
      // ...and its rollback goes through.
      expect(await update(refused, old, 'fixed-v1')).toEqual({ PhysicalResourceId: 'fixed-v1' });
      expect(commandNames(appstream, sfn).filter(c => MUTATING.includes(c))).toEqual([]);
    });

    test('generated name, rolling back a replacement that succeeded (physical id = the new image): the old image is adopted', async () => {
      const newer = importProperties({ Description: 'new' });
      const result = await update(newer, BEFORE, imageNameFor(newer));
      expect(result).toEqual({ PhysicalResourceId: NAME });
      expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
    });
  });

  test('an empty string and an absent value are the same (no replacement, no false "fixed name" failure)', async () => {
    const before = importProperties({ Description: '', DisplayName: '' });
    const after = importProperties({ Description: undefined, DisplayName: undefined });
    const physicalId = imageNameFor(before);
    expect(imageNameFor(after)).toBe(physicalId);
    expect(await update(before, after, physicalId)).toEqual({ PhysicalResourceId: physicalId });
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
  });
});

describe('older property shapes', () => {
  // No SchemaVersion; booleans and numbers as real JSON types.
  const OLD = importProperties({ SchemaVersion: undefined, TimeoutSeconds: 7200, PollIntervalSeconds: 30, Preflight: true });

  test('the generated name does not depend on SchemaVersion or scalar types of in-place settings', () => {
    expect(imageNameFor(OLD)).toBe(NAME);
  });

  test('Update from an old shape to the current shape ("true", "7200"): in place, no call', async () => {
    expect(await update(OLD, importProperties())).toEqual({ PhysicalResourceId: NAME });
    expect(appstream.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  test('Update from an old shape with a tag change: tags applied in place', async () => {
    await update(OLD, importProperties({ Tags: [{ Key: 'team', Value: 'apps' }] }));
    expect(appstream.commandCalls(TagResourceCommand).map(c => c.args[0].input.Tags)).toEqual([{ team: 'apps' }]);
  });

  test('Update from an old shape with a new handle: numbers as JSON types parse', async () => {
    const after = importProperties({ SchemaVersion: undefined, WaitHandle: `${HANDLE_URL}&n=2`, TimeoutSeconds: 3600, PollIntervalSeconds: 60, Preflight: false });
    await update(OLD, after);
    const input = executionInput(sfn);
    expect(input.deadline - input.startedAt).toBe(3600 * 1000);
    expect(input.pollIntervalSeconds).toBe(60);
  });

  test.each([
    ['JSON types', { TimeoutSeconds: 5400, PollIntervalSeconds: 45, Preflight: true }],
    ['strings', { TimeoutSeconds: '5400', PollIntervalSeconds: '45', Preflight: 'true' }],
    ['strings with spaces and capitals', { TimeoutSeconds: ' 5400 ', PollIntervalSeconds: '45', Preflight: 'TRUE' }],
  ])('Create with scalars as %s', async (_label, overrides) => {
    givenImage(appstream, NAME, undefined);
    await onEvent(createEvent(importProperties({ SchemaVersion: undefined, ...overrides })));
    const input = executionInput(sfn);
    expect(input.deadline - input.startedAt).toBe(5400 * 1000);
    expect(input.pollIntervalSeconds).toBe(45);
    expect(preflight).toHaveBeenCalledTimes(1);
  });

  test('Create with no TimeoutSeconds / PollIntervalSeconds / Preflight: the defaults (2 h, 30 s, on)', async () => {
    givenImage(appstream, NAME, undefined);
    await onEvent(createEvent(importProperties({
      SchemaVersion: undefined, TimeoutSeconds: undefined, PollIntervalSeconds: undefined, Preflight: undefined,
    })));
    const input = executionInput(sfn);
    expect(input.deadline - input.startedAt).toBe(7200 * 1000);
    expect(input.pollIntervalSeconds).toBe(30);
    expect(preflight).toHaveBeenCalledTimes(1);
  });

  test.each([['"0"', '0'], ['"abc"', 'abc'], ['-5', -5]])('an invalid TimeoutSeconds %s fails with a message naming it', async (_label, value) => {
    await expect(onEvent(createEvent(importProperties({ TimeoutSeconds: value })))).rejects.toThrow(/TimeoutSeconds/);
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
  });

  test('Delete with an old shape: no RemovalPolicy means destroy, "RETAIN" in capitals means retain', async () => {
    givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), ownerTags());
    await onEvent(deleteEvent(NAME, importProperties({ SchemaVersion: undefined, RemovalPolicy: 'RETAIN' })));
    expect(appstream.commandCalls(DeleteImageCommand)).toHaveLength(0);
    appstream.on(DeleteImageCommand).resolves({});
    await onEvent(deleteEvent(NAME, importProperties({ SchemaVersion: undefined, RemovalPolicy: undefined })));
    expect(appstream.commandCalls(DeleteImageCommand).map(c => c.args[0].input)).toEqual([{ Name: NAME }]);
  });
});
