/**
 * Create: the CreateImportedImage request, the poller's start, adoption of an image a
 * retried create made, refusal of one it did not, and the transient / quota / IAM faults.
 */
import {
  AppStreamClient, CreateImportedImageCommand, DescribeImagesCommand, InvalidRoleException, LimitExceededException,
  ListTagsForResourceCommand, ResourceAlreadyExistsException, TagResourceCommand,
} from '@aws-sdk/client-appstream';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT, AMI_ID, commandNames, createEvent, executionInput, givenImage, HANDLE_URL, image, importProperties, MUTATING,
  LOGICAL_ID, NAME_PREFIX, OWNER, ownerTags, ROLE_ARN, silenceLogs, STATE_MACHINE_ARN, throttled,
} from './events';
import { onEvent } from '../../lambda/index';
import { executionName } from '../../lambda/poller/start';
import { preflightAmi } from '../../lambda/preflight/preflight';
import { createOnlyHash, imageNameFor } from '../../lambda/shared/properties';
import { OWNER_TAG_KEY, PROPERTIES_TAG_KEY } from '../../src/contract';

const PROPERTIES_HASH = expect.stringMatching(/^[0-9a-f]{32}$/);

jest.mock('../../lambda/preflight/preflight', () => ({ preflightAmi: jest.fn() }));
const preflight = preflightAmi as jest.MockedFunction<typeof preflightAmi>;

const appstream = mockClient(AppStreamClient);
const sfn = mockClient(SFNClient);
silenceLogs();

beforeEach(() => {
  appstream.reset();
  sfn.reset();
  preflight.mockReset();
  preflight.mockResolvedValue([]);
  // By default: no image yet, the import starts, the poller starts.
  appstream.on(DescribeImagesCommand).resolves({ Images: [] });
  appstream.on(CreateImportedImageCommand).resolves({ Image: { Name: 'x', Arn: 'arn', State: 'IMPORTING' } as any });
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:ImagePoller:x', startDate: new Date() });
});

async function create(overrides: Parameters<typeof importProperties>[0] = {}) {
  return onEvent(createEvent(importProperties(overrides)));
}

const createInput = (index = 0) => appstream.commandCalls(CreateImportedImageCommand)[index].args[0].input;

describe('the image name', () => {
  test('is NamePrefix plus a 10-hex hash, stable for the same properties, and is the physical id', async () => {
    const first = await create();
    const name = createInput(0).Name!;
    expect(name).toMatch(new RegExp(`^${NAME_PREFIX}-[0-9a-f]{10}$`));
    expect(first).toEqual({ PhysicalResourceId: name });

    const second = await create();
    expect(createInput(1).Name).toBe(name);
    expect(second.PhysicalResourceId).toBe(name);
  });

  test.each([
    ['SourceAmiId', { SourceAmiId: 'ami-0fedcba9876543210' }],
    ['Description', { Description: 'Another description' }],
    ['DisplayName', { DisplayName: 'Other' }],
    ['IamRoleArn', { IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/Other` }],
    ['NamePrefix', { NamePrefix: 'Other-Prefix' }],
    ['AgentSoftwareVersion', { AgentSoftwareVersion: 'ALWAYS_LATEST' }],
    ['RuntimeValidationInstanceType', { RuntimeValidationInstanceType: 'stream.standard.medium' }],
    ['Applications', { Applications: [{ Name: 'Notepad', AbsoluteAppPath: 'C:\\Windows\\notepad.exe' }] }],
  ])('changes when the create-only property %s changes', async (_key, overrides) => {
    await create();
    await create(overrides);
    expect(createInput(1).Name).not.toBe(createInput(0).Name);
  });

  test('does not change when only tags, timeout, poll interval, pre-flight or removal policy change', () => {
    const name = imageNameFor(importProperties());
    expect(imageNameFor(importProperties({
      Tags: [{ Key: 'other', Value: 'x' }],
      TimeoutSeconds: '3600',
      PollIntervalSeconds: '60',
      Preflight: 'false',
      RemovalPolicy: 'retain',
      WaitHandle: 'https://example.com/other',
    }))).toBe(name);
  });

  test('a fixed ImageName is used as is', async () => {
    const result = await create({ ImageName: 'my-fixed.image_1', NamePrefix: undefined });
    expect(createInput().Name).toBe('my-fixed.image_1');
    expect(result.PhysicalResourceId).toBe('my-fixed.image_1');
    expect(appstream.commandCalls(DescribeImagesCommand)[0].args[0].input).toEqual({ Names: ['my-fixed.image_1'] });
  });
});

describe('the CreateImportedImage request', () => {
  test('carries every property, the ownership tag and the user tags', async () => {
    await create({
      Tags: [{ Key: 'team', Value: 'desktops' }, { Key: 'cost-center', Value: '42' }],
      Applications: [
        {
          Name: 'Notepad',
          DisplayName: 'Note pad',
          AbsoluteAppPath: 'C:\\Windows\\notepad.exe',
          AbsoluteIconPath: 'C:\\icons\\notepad.png',
          AbsoluteManifestPath: 'C:\\manifests\\notepad.txt',
          WorkingDirectory: 'C:\\Users\\Public',
          LaunchParameters: '--flag',
        },
        { Name: 'Calc', AbsoluteAppPath: 'C:\\Windows\\calc.exe' },
      ],
      RuntimeValidationInstanceType: 'stream.standard.medium',
      AgentSoftwareVersion: 'ALWAYS_LATEST',
    });
    const input = createInput();
    expect(input).toEqual({
      Name: expect.stringMatching(new RegExp(`^${NAME_PREFIX}-[0-9a-f]{10}$`)),
      SourceAmiId: AMI_ID,
      IamRoleArn: ROLE_ARN,
      DisplayName: 'My image',
      Description: 'Imported from an AMI',
      AppCatalogConfig: [
        {
          Name: 'Notepad',
          DisplayName: 'Note pad',
          AbsoluteAppPath: 'C:\\Windows\\notepad.exe',
          AbsoluteIconPath: 'C:\\icons\\notepad.png',
          AbsoluteManifestPath: 'C:\\manifests\\notepad.txt',
          WorkingDirectory: 'C:\\Users\\Public',
          LaunchParameters: '--flag',
        },
        { Name: 'Calc', AbsoluteAppPath: 'C:\\Windows\\calc.exe' },
      ],
      RuntimeValidationConfig: { IntendedInstanceType: 'stream.standard.medium' },
      AgentSoftwareVersion: 'ALWAYS_LATEST',
      Tags: { 'team': 'desktops', 'cost-center': '42', [OWNER_TAG_KEY]: OWNER, [PROPERTIES_TAG_KEY]: PROPERTIES_HASH },
    });
    // Absent optional fields are not sent as empty strings.
    expect(Object.entries(input.AppCatalogConfig![1]).filter(([, v]) => v !== undefined).map(([k]) => k).sort())
      .toEqual(['AbsoluteAppPath', 'Name']);
  });

  test('the ownership tag is StackId/LogicalResourceId and a user tag cannot override it', async () => {
    await create({ Tags: [{ Key: OWNER_TAG_KEY, Value: 'spoofed' }, { Key: PROPERTIES_TAG_KEY, Value: 'spoofed' }] });
    expect(createInput().Tags).toEqual({ [OWNER_TAG_KEY]: OWNER, [PROPERTIES_TAG_KEY]: PROPERTIES_HASH });
    expect(OWNER).toBe(`${createEvent(importProperties()).StackId}/${createEvent(importProperties()).LogicalResourceId}`);
  });

  test('without applications, runtime validation or agent version those fields are left out', async () => {
    await create({ Tags: undefined });
    const input = createInput();
    expect(input.AppCatalogConfig).toBeUndefined();
    expect(input.RuntimeValidationConfig).toBeUndefined();
    expect(input.AgentSoftwareVersion).toBeUndefined();
    expect(input.Tags).toEqual({ [OWNER_TAG_KEY]: OWNER, [PROPERTIES_TAG_KEY]: PROPERTIES_HASH });
  });

  test('a WorkSpaces image source: WorkspaceImageId, no role, no AMI pre-flight', async () => {
    await create({ SourceAmiId: undefined, IamRoleArn: undefined, WorkspaceImageId: 'wsi-0123456789abc' });
    const input = createInput();
    expect(input.WorkspaceImageId).toBe('wsi-0123456789abc');
    expect(input.SourceAmiId).toBeUndefined();
    expect(input.IamRoleArn).toBeUndefined();
    expect(preflight).not.toHaveBeenCalled();
  });
});

describe('the poller', () => {
  test('is started with {mode wait, imageName, handleUrl, the resource, deadline = now + TimeoutSeconds, intervals}', async () => {
    const before = Date.now();
    const { PhysicalResourceId } = await create({ TimeoutSeconds: '5400', PollIntervalSeconds: '45', RetireTimeoutSeconds: '86400' });
    const after = Date.now();

    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input.stateMachineArn).toBe(STATE_MACHINE_ARN);
    const input = executionInput(sfn);
    const event = createEvent(importProperties());
    expect(input).toEqual({
      mode: 'wait',
      imageName: PhysicalResourceId,
      handleUrl: HANDLE_URL,
      stackId: event.StackId,
      logicalResourceId: event.LogicalResourceId,
      startedAt: expect.any(Number),
      deadline: input.startedAt + 5400 * 1000,
      pollIntervalSeconds: 45,
      retireTimeoutSeconds: 86400,
      checks: 0,
    });
    expect(input.startedAt).toBeGreaterThanOrEqual(before);
    expect(input.startedAt).toBeLessThanOrEqual(after);
  });

  test('the execution name is deterministic (image + handle), valid for Step Functions', async () => {
    await create();
    await create();
    const [first, second] = sfn.commandCalls(StartExecutionCommand).map(call => call.args[0].input.name);
    expect(first).toBe(second);
    expect(first).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(first).toBe(executionName(createInput().Name!, HANDLE_URL));
    expect(executionName(createInput().Name!, `${HANDLE_URL}x`)).not.toBe(first);
    // Long names with dots still give a valid name.
    expect(executionName(`${'a.b'.repeat(33)}x`, HANDLE_URL)).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });

  test('ExecutionAlreadyExists is tolerated (a retried create does not start a second poller)', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution already exists', $metadata: {} }));
    const result = await create();
    expect(result.PhysicalResourceId).toBe(createInput().Name);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  test('is started before the import: a StartExecution failure (an SCP) fails the create with no image made', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await expect(create()).rejects.toThrow(/not authorized/);
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
  });

  test('StartExecution throttled past its retries: the create fails with no image made', async () => {
    sfn.on(StartExecutionCommand).rejects(throttled());
    await expect(create()).rejects.toThrow(/Rate exceeded/);
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
  });

  test('the import is the last call: once CreateImportedImage succeeds, nothing else can fail the create', async () => {
    await create();
    // sinon numbers every call across stubs: the order they were made in.
    const calls = [...appstream.calls(), ...sfn.calls()].sort((a: any, b: any) => a.callId - b.callId);
    expect(calls.map(call => (call.args[0] as any).constructor.name).slice(-2)).toEqual(['StartExecutionCommand', 'CreateImportedImageCommand']);
  });

  test('StartExecution throttling is retried', async () => {
    sfn.on(StartExecutionCommand).rejectsOnce(throttled()).resolves({ executionArn: 'arn', startDate: new Date() });
    await create();
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(2);
  });

  test('no WaitHandle (an older property shape): no poller', async () => {
    await create({ WaitHandle: undefined });
    expect(createInput().Name).toBeDefined();
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('an image that already has the name', () => {
  const name = imageNameFor(importProperties());

  test('owned by this resource (a retried create): adopted, no CreateImportedImage, poller started', async () => {
    givenImage(appstream, name, image(name, 'IMPORTING'), ownerTags({ team: 'desktops' }));
    const result = await create();
    expect(result).toEqual({ PhysicalResourceId: name });
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
    expect(preflight).not.toHaveBeenCalled();
    expect(executionInput(sfn).imageName).toBe(name);
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.name).toBe(executionName(name, HANDLE_URL));
  });

  const otherStackOwner = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Other/x/Import';

  test('a generated name owned by another stack: fails naming the owner, with advice that applies (no imageName advice)', async () => {
    givenImage(appstream, name, image(name, 'AVAILABLE'), { [OWNER_TAG_KEY]: otherStackOwner });
    const error = await create().catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(
      `An image named '${name}' (the name generated for this construct) already exists in this account and Region and it belongs to ` +
      `${otherStackOwner} (its ${OWNER_TAG_KEY} tag), so it was left untouched. If it is no longer needed, delete it (aws appstream delete-image --name ${name}) and deploy again.`);
    expect(error.message).not.toContain('imageName');
    expect(commandNames(appstream, sfn)).toEqual(['DescribeImagesCommand', 'ListTagsForResourceCommand']);
  });

  test('a fixed name owned by another stack: fails, advising another imageName', async () => {
    givenImage(appstream, 'fixed-name', image('fixed-name', 'AVAILABLE'), { [OWNER_TAG_KEY]: otherStackOwner });
    const error = await create({ ImageName: 'fixed-name' }).catch(e => e);
    expect(error.message).toContain(`An image named 'fixed-name' already exists in this account and Region and it belongs to ${otherStackOwner}`);
    expect(error.message).toMatch(/Choose another imageName, or remove imageName/);
    expect(commandNames(appstream, sfn).filter(c => MUTATING.includes(c))).toEqual([]);
  });

  test('with no tags at all: not owned, never touched', async () => {
    givenImage(appstream, name, image(name, 'AVAILABLE'), {});
    await expect(create()).rejects.toThrow(/it was not created by this library \(it has no cdk-appstream-imported-image:owner tag\), so it was left untouched/);
    expect(commandNames(appstream, sfn).filter(c => MUTATING.includes(c))).toEqual([]);
  });

  test('owned by another resource of the same stack: not owned', async () => {
    givenImage(appstream, name, image(name, 'AVAILABLE'), { [OWNER_TAG_KEY]: `${createEvent(importProperties()).StackId}/OtherImage` });
    await expect(create()).rejects.toThrow(/belongs to .*\/OtherImage \(its cdk-appstream-imported-image:owner tag\), so it was left untouched/);
    expect(commandNames(appstream, sfn).filter(c => MUTATING.includes(c))).toEqual([]);
  });

  describe('made by the same resource of an earlier stack of the same name (RETAIN, then the stack was re-created)', () => {
    const earlierOwner = OWNER.replace('0f1e2d3c-aaaa-bbbb-cccc-0123456789ab', '99999999-aaaa-bbbb-cccc-000000000000');

    test('a generated name: adopted, the owner tag moved to this stack, no import', async () => {
      givenImage(appstream, name, image(name, 'AVAILABLE'), { [OWNER_TAG_KEY]: earlierOwner });
      const result = await create();
      expect(result).toEqual({ PhysicalResourceId: name });
      expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
      expect(appstream.commandCalls(TagResourceCommand).map(c => c.args[0].input)).toEqual([
        { ResourceArn: `arn:aws:appstream:us-east-1:${ACCOUNT}:image/${name}`, Tags: { [OWNER_TAG_KEY]: OWNER } },
      ]);
      expect(executionInput(sfn).imageName).toBe(name);
    });

    test('a fixed name made from the same properties: adopted', async () => {
      const properties = importProperties({ ImageName: 'golden', NamePrefix: undefined });
      givenImage(appstream, 'golden', image('golden', 'AVAILABLE'), { [OWNER_TAG_KEY]: earlierOwner, [PROPERTIES_TAG_KEY]: createOnlyHash(properties) });
      await expect(onEvent(createEvent(properties))).resolves.toEqual({ PhysicalResourceId: 'golden' });
      expect(appstream.commandCalls(TagResourceCommand)).toHaveLength(1);
      expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
    });

    test('a fixed name made from other properties: refused, untouched, with the delete command', async () => {
      givenImage(appstream, 'golden', image('golden', 'AVAILABLE'), { [OWNER_TAG_KEY]: earlierOwner, [PROPERTIES_TAG_KEY]: 'another-hash' });
      const error = await create({ ImageName: 'golden', NamePrefix: undefined }).catch(e => e);
      expect(error.message).toContain('an earlier stack of the same name made it');
      expect(error.message).toContain('from other properties than these');
      expect(error.message).toContain('aws appstream delete-image --name golden');
      expect(commandNames(appstream, sfn).filter(c => MUTATING.includes(c))).toEqual([]);
    });

    test('a stack of another name, or another logical id: not adopted', async () => {
      givenImage(appstream, name, image(name, 'AVAILABLE'), { [OWNER_TAG_KEY]: earlierOwner.replace('/MyStack/', '/MyStack2/') });
      await expect(create()).rejects.toThrow(/left untouched/);
      givenImage(appstream, name, image(name, 'AVAILABLE'), { [OWNER_TAG_KEY]: earlierOwner.replace(LOGICAL_ID, 'Other') });
      await expect(create()).rejects.toThrow(/left untouched/);
      expect(commandNames(appstream, sfn).filter(c => MUTATING.includes(c))).toEqual([]);
    });
  });
});

describe('transient and permanent faults', () => {
  test('InvalidRoleException (IAM propagation) is retried, then the import starts', async () => {
    appstream.on(CreateImportedImageCommand)
      .rejectsOnce(new InvalidRoleException({ message: 'AppStream 2.0 cannot assume the role', $metadata: {} }))
      .rejectsOnce(new InvalidRoleException({ message: 'AppStream 2.0 cannot assume the role', $metadata: {} }))
      .resolves({});
    const result = await create();
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(3);
    expect(result.PhysicalResourceId).toBe(createInput().Name);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  test('InvalidRoleException for longer than the window: fails with the IAM-propagation message', async () => {
    appstream.on(CreateImportedImageCommand).rejects(new InvalidRoleException({ message: 'AppStream 2.0 cannot assume the role', $metadata: {} }));
    const error = await create().catch(e => e);
    expect(error.message).toContain('kept failing with InvalidRoleException for 3 minutes');
    expect(error.message).toContain('AppStream 2.0 cannot assume the role');
    expect(error.message).toContain('can take a few minutes to become usable');
    expect(error.message).toContain('trusts appstream.amazonaws.com');
    expect(error.message).toContain('ec2:DescribeImages and ec2:ModifyImageAttribute');
    expect(appstream.commandCalls(CreateImportedImageCommand).length).toBeGreaterThan(1);
    // The poller started first finds no image and stops (see poll.test.ts).
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  test('throttling of CreateImportedImage is retried', async () => {
    appstream.on(CreateImportedImageCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({});
    await create();
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(3);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  test('throttling of DescribeImages and ListTagsForResource is retried', async () => {
    const name = imageNameFor(importProperties());
    givenImage(appstream, name, image(name, 'IMPORTING'), ownerTags());
    appstream.on(DescribeImagesCommand, { Names: [name] }).rejectsOnce(throttled()).resolves({ Images: [image(name, 'IMPORTING')] });
    appstream.on(ListTagsForResourceCommand).rejectsOnce(throttled()).resolves({ Tags: ownerTags() });
    await create();
    expect(appstream.commandCalls(DescribeImagesCommand)).toHaveLength(2);
    expect(appstream.commandCalls(ListTagsForResourceCommand)).toHaveLength(2);
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
  });

  test('LimitExceededException: not retried, the message names the 10 images quota', async () => {
    appstream.on(CreateImportedImageCommand).rejects(new LimitExceededException({ message: 'The limit of images has been reached.', $metadata: {} }));
    const error = await create().catch(e => e);
    expect(error.message).toContain('LimitExceededException: The limit of images has been reached.');
    expect(error.message).toContain('10 images per Region');
    expect(error.message).toMatch(/delete unused images or ask for a higher quota/);
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(1);
  });

  test('any other error names the image and the service error', async () => {
    appstream.on(CreateImportedImageCommand).rejects(Object.assign(new Error('The AMI is encrypted'), { name: 'InvalidParameterCombinationException' }));
    const error = await create().catch(e => e);
    expect(error.message).toBe(`CreateImportedImage failed for image '${imageNameFor(importProperties())}': InvalidParameterCombinationException: The AMI is encrypted`);
  });

  test('ResourceAlreadyExistsException race: the image appeared meanwhile and is ours, so it is adopted', async () => {
    const name = imageNameFor(importProperties());
    givenImage(appstream, name, image(name, 'IMPORTING'), ownerTags());
    appstream.on(DescribeImagesCommand, { Names: [name] }).resolvesOnce({ Images: [] }).resolves({ Images: [image(name, 'IMPORTING')] });
    appstream.on(CreateImportedImageCommand).rejects(new ResourceAlreadyExistsException({ message: 'exists', $metadata: {} }));
    const result = await create();
    expect(result.PhysicalResourceId).toBe(name);
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(1);
    expect(executionInput(sfn).imageName).toBe(name);
  });

  test('ResourceAlreadyExistsException race with an image that is not ours: refused, nothing touched', async () => {
    const name = imageNameFor(importProperties());
    givenImage(appstream, name, image(name, 'AVAILABLE'), {});
    appstream.on(DescribeImagesCommand, { Names: [name] }).resolvesOnce({ Images: [] }).resolves({ Images: [image(name, 'AVAILABLE')] });
    appstream.on(CreateImportedImageCommand).rejects(new ResourceAlreadyExistsException({ message: 'exists', $metadata: {} }));
    await expect(create()).rejects.toThrow(/already exists in this account and Region and it was not created by this library/);
    expect(commandNames(appstream).filter(c => MUTATING.includes(c))).toEqual(['CreateImportedImageCommand']);
  });
});

describe('pre-flight', () => {
  test('runs on the AMI with the stack account by default ("true")', async () => {
    await create();
    expect(preflight).toHaveBeenCalledWith(AMI_ID, ACCOUNT);
  });

  test.each([['"false"', 'false'], ['"False"', 'False'], ['false (JSON boolean)', false]])(
    'Preflight %s skips it', async (_label, value) => {
      preflight.mockResolvedValue(['would fail']);
      await create({ Preflight: value });
      expect(preflight).not.toHaveBeenCalled();
      expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(1);
    });

  test('violations fail the create before CreateImportedImage, listing every one', async () => {
    preflight.mockResolvedValue([
      'The AMI is encrypted: import an unencrypted copy.',
      'The boot mode is legacy-bios: the AMI must boot with UEFI.',
    ]);
    const error = await create().catch(e => e);
    expect(error.message).toContain(`AMI ${AMI_ID} cannot be imported (pre-flight found 2 problems)`);
    expect(error.message).toContain('- The AMI is encrypted: import an unencrypted copy.');
    expect(error.message).toContain('- The boot mode is legacy-bios: the AMI must boot with UEFI.');
    expect(error.message).toContain('preflight: false');
    expect(appstream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  test('one violation: singular wording', async () => {
    preflight.mockResolvedValue(['The AMI is encrypted.']);
    await expect(create()).rejects.toThrow('(pre-flight found 1 problem)');
  });

  test('an invalid Preflight value fails with a message naming it', async () => {
    await expect(create({ Preflight: 'yes' })).rejects.toThrow(/Preflight.*"yes"/);
    expect(appstream.calls()).toHaveLength(0);
  });
});
