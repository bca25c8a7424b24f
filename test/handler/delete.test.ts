/**
 * Delete (onEvent + isComplete of Custom::AppStreamImportedImage): what is deleted, what is left
 * alone, waiting for an image still importing, and the messages when it cannot be deleted.
 */
import {
  AppStreamClient, DeleteImageCommand, DeleteImagePermissionsCommand, DescribeImagePermissionsCommand, DescribeImagesCommand,
  ResourceInUseException, ResourceNotFoundException,
} from '@aws-sdk/client-appstream';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import {
  commandNames, deleteEvent, givenImage, image, importProperties, MUTATING, notFound, ownerTags, silenceLogs, STACK_ID, throttled,
} from './events';
import { IsCompleteEvent, isComplete, onEvent } from '../../lambda/index';
import { DELETE_WAIT_MS, NOT_VISIBLE_GRACE_MS } from '../../lambda/provider/delete';
import { imageNameFor } from '../../lambda/shared/properties';
import { OWNER_TAG_KEY } from '../../src/contract';

const appstream = mockClient(AppStreamClient);
const sfn = mockClient(SFNClient);
silenceLogs();

const PROPS = importProperties();
const NAME = imageNameFor(PROPS);

beforeEach(() => {
  appstream.reset();
  sfn.reset();
  appstream.on(DeleteImageCommand).resolves({});
  appstream.on(DeleteImagePermissionsCommand).resolves({});
});

const event = (overrides: Parameters<typeof importProperties>[0] = {}, physicalId = NAME) =>
  deleteEvent(physicalId, importProperties(overrides));

/** onEvent, then isComplete with what onEvent answered (as the provider framework does). */
async function runDelete(overrides: Parameters<typeof importProperties>[0] = {}, physicalId = NAME) {
  const e = event(overrides, physicalId);
  const response = await onEvent(e);
  const completion = await isComplete({ ...e, ...response } as IsCompleteEvent);
  return { response, completion };
}

const deletes = () => appstream.commandCalls(DeleteImageCommand).map(c => c.args[0].input);

test('an owned, AVAILABLE image is deleted, and the Delete completes', async () => {
  givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), ownerTags());
  const before = Date.now();
  const e = event();
  const response = await onEvent(e);
  expect(response.PhysicalResourceId).toBe(NAME);
  expect(Number(response.Data!.DeleteRequestedAt)).toBeGreaterThanOrEqual(before);
  expect(deletes()).toEqual([{ Name: NAME }]);

  // The image is gone by the time isComplete looks.
  givenImage(appstream, NAME, undefined);
  expect(await isComplete({ ...e, ...response } as IsCompleteEvent)).toEqual({ IsComplete: true });
  expect(deletes()).toHaveLength(1);
});

test('the rollback of a failed create: the FAILED image is deleted', async () => {
  givenImage(appstream, NAME, image(NAME, 'FAILED'), ownerTags());
  await onEvent(event());
  expect(deletes()).toEqual([{ Name: NAME }]);
});

describe('nothing to delete', () => {
  // An image made a moment ago may not be visible yet: a delete that never saw it keeps
  // looking for NOT_VISIBLE_GRACE_MS before it counts as gone.
  async function deleteOfAnInvisibleImage() {
    const e = event();
    const response = await onEvent(e);
    expect(response.Data!.DeleteProgress).toBe('absent');
    const soon = await isComplete({ ...e, ...response } as IsCompleteEvent);
    const past = String(Date.now() - NOT_VISIBLE_GRACE_MS - 1);
    const later = await isComplete({ ...e, ...response, Data: { ...response.Data, DeleteRequestedAt: past } } as IsCompleteEvent);
    return { soon, later };
  }

  test('NotFound from DescribeImages: not complete within the grace period, then complete, no DeleteImage', async () => {
    appstream.on(DescribeImagesCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    expect(await deleteOfAnInvisibleImage()).toEqual({ soon: { IsComplete: false }, later: { IsComplete: true } });
    expect(deletes()).toEqual([]);
  });

  test('an empty DescribeImages answer: not complete within the grace period, then complete, no DeleteImage', async () => {
    givenImage(appstream, NAME, undefined);
    expect(await deleteOfAnInvisibleImage()).toEqual({ soon: { IsComplete: false }, later: { IsComplete: true } });
    expect(deletes()).toEqual([]);
  });

  test('an image that becomes visible during the grace period is deleted', async () => {
    givenImage(appstream, NAME, undefined);
    const e = event();
    const response = await onEvent(e);
    givenImage(appstream, NAME, image(NAME, 'FAILED'), ownerTags());
    expect(await isComplete({ ...e, ...response } as IsCompleteEvent)).toEqual({ IsComplete: true });
    expect(deletes()).toEqual([{ Name: NAME }]);
  });

  test.each([
    ['a failed create\'s placeholder id', '2025/01/01/[$LATEST]0123456789abcdef'],
    ['an empty id', ''],
    ['an ARN', 'arn:aws:appstream:us-east-1:123456789012:image/x'],
  ])('%s (cannot be an image name): complete, no AWS call at all', async (_label, physicalId) => {
    const { completion } = await runDelete({}, physicalId);
    expect(completion).toEqual({ IsComplete: true });
    expect(appstream.calls()).toHaveLength(0);
  });
});

describe('left untouched', () => {
  test.each([
    ['no tags', {}],
    ['another stack\'s tag', { [OWNER_TAG_KEY]: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Other/x/ImageImport1A2B3C4D' }],
    ['another resource of this stack', { [OWNER_TAG_KEY]: `${STACK_ID}/OtherResource` }],
  ])('not owned (%s): no mutating call, complete', async (_label, tags) => {
    givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), tags);
    const { completion } = await runDelete();
    expect(completion).toEqual({ IsComplete: true });
    expect(commandNames(appstream, sfn).filter(c => MUTATING.includes(c))).toEqual([]);
    expect(appstream.commandCalls(DescribeImagePermissionsCommand)).toHaveLength(0);
  });

  test('not owned and still IMPORTING: not waited on either', async () => {
    givenImage(appstream, NAME, image(NAME, 'IMPORTING'), {});
    const { completion } = await runDelete();
    expect(completion).toEqual({ IsComplete: true });
    expect(deletes()).toEqual([]);
  });

  test('RemovalPolicy "retain" with an AVAILABLE image: kept, complete', async () => {
    givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), ownerTags());
    const { completion } = await runDelete({ RemovalPolicy: 'retain' });
    expect(completion).toEqual({ IsComplete: true });
    expect(commandNames(appstream, sfn).filter(c => MUTATING.includes(c))).toEqual([]);
  });

  test('RemovalPolicy "retain" with an IMPORTING image: kept without waiting', async () => {
    givenImage(appstream, NAME, image(NAME, 'IMPORTING'), ownerTags());
    const { completion } = await runDelete({ RemovalPolicy: 'retain' });
    expect(completion).toEqual({ IsComplete: true });
    expect(deletes()).toEqual([]);
  });

  test('RemovalPolicy "retain" with a FAILED image: deleted all the same', async () => {
    givenImage(appstream, NAME, image(NAME, 'FAILED'), ownerTags());
    await onEvent(event({ RemovalPolicy: 'retain' }));
    expect(deletes()).toEqual([{ Name: NAME }]);
  });
});

describe('an image still importing', () => {
  test('IMPORTING: onEvent does not delete, isComplete waits; once AVAILABLE it is deleted and complete', async () => {
    givenImage(appstream, NAME, image(NAME, 'IMPORTING'), ownerTags());
    const e = event();
    const response = await onEvent(e);
    expect(deletes()).toEqual([]);
    const next = { ...e, ...response } as IsCompleteEvent;

    expect(await isComplete(next)).toEqual({ IsComplete: false });
    givenImage(appstream, NAME, image(NAME, 'VALIDATING'), ownerTags());
    expect(await isComplete(next)).toEqual({ IsComplete: false });
    expect(deletes()).toEqual([]);

    givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), ownerTags());
    expect(await isComplete(next)).toEqual({ IsComplete: true });
    expect(deletes()).toEqual([{ Name: NAME }]);
  });

  test('past DELETE_WAIT_MS: throws the left-behind message with the delete-image command', async () => {
    givenImage(appstream, NAME, image(NAME, 'IMPORTING'), ownerTags());
    const e = { ...event(), Data: { DeleteRequestedAt: String(Date.now() - DELETE_WAIT_MS - 60_000) } } as IsCompleteEvent;
    const error = await isComplete(e).catch(err => err);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`Image '${NAME}' was still IMPORTING after 50 minutes`);
    expect(error.message).toContain('left in your account');
    expect(error.message).toContain(`aws appstream delete-image --name ${NAME}`);
    expect(deletes()).toEqual([]);
  });

  test('just within DELETE_WAIT_MS: still waiting', async () => {
    givenImage(appstream, NAME, image(NAME, 'IMPORTING'), ownerTags());
    const e = { ...event(), Data: { DeleteRequestedAt: String(Date.now() - DELETE_WAIT_MS + 60_000) } } as IsCompleteEvent;
    expect(await isComplete(e)).toEqual({ IsComplete: false });
  });
});

describe('DeleteImage errors', () => {
  test('ResourceNotFoundException (deleted meanwhile): complete', async () => {
    givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), ownerTags());
    appstream.on(DeleteImageCommand).rejects(notFound());
    const { completion } = await runDelete();
    expect(completion).toEqual({ IsComplete: true });
    expect(deletes().length).toBeGreaterThanOrEqual(1);
  });

  test('ResourceInUseException: throws the in-use message', async () => {
    givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), ownerTags());
    appstream.on(DeleteImageCommand).rejects(new ResourceInUseException({ message: 'The image is used by fleet my-fleet.', $metadata: {} }));
    const error = await onEvent(event()).catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`Image '${NAME}' cannot be deleted because it is in use: The image is used by fleet my-fleet.`);
    expect(error.message).toContain('RemovalPolicy.RETAIN');
    expect(deletes()).toHaveLength(1);
  });

  test('throttling is retried', async () => {
    givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), ownerTags());
    appstream.on(DeleteImageCommand).rejectsOnce(throttled()).resolves({});
    await onEvent(event());
    expect(deletes()).toHaveLength(2);
  });

  test('another error is passed on', async () => {
    givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), ownerTags());
    appstream.on(DeleteImageCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    await expect(onEvent(event())).rejects.toThrow('not allowed');
  });
});

test('a shared image is unshared from every account (every page) before DeleteImage', async () => {
  givenImage(appstream, NAME, image(NAME, 'AVAILABLE'), ownerTags());
  appstream.on(DescribeImagePermissionsCommand, { Name: NAME, NextToken: undefined })
    .resolves({ SharedImagePermissionsList: [{ sharedAccountId: '111111111111', imagePermissions: {} }], NextToken: 'page2' });
  appstream.on(DescribeImagePermissionsCommand, { Name: NAME, NextToken: 'page2' })
    .resolves({ SharedImagePermissionsList: [{ sharedAccountId: '222222222222', imagePermissions: {} }] });
  await onEvent(event());
  expect(commandNames(appstream).filter(c => MUTATING.includes(c))).toEqual([
    'DeleteImagePermissionsCommand', 'DeleteImagePermissionsCommand', 'DeleteImageCommand',
  ]);
  expect(appstream.commandCalls(DeleteImagePermissionsCommand).map(c => c.args[0].input.SharedAccountId)).toEqual(['111111111111', '222222222222']);
});
