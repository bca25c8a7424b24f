/**
 * The attributes resource (Custom::AppStreamImportedImageAttributes): its physical id, the six
 * data keys once the image is AVAILABLE, waiting before that, failing on FAILED, sharing.
 */
import {
  AppStreamClient, DeleteImagePermissionsCommand, DescribeImagesCommand, UpdateImagePermissionsCommand,
} from '@aws-sdk/client-appstream';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { arnOf, attributes, image, notFound, silenceLogs } from './events';
import { isComplete, onEvent } from '../../lambda/index';
import { ATTRIBUTE_KEYS } from '../../src/contract';

const appstream = mockClient(AppStreamClient);
const sfn = mockClient(SFNClient);
silenceLogs();

const NAME = 'MyStack-Image-1A2B3C4D-0123456789';

beforeEach(() => {
  appstream.reset();
  sfn.reset();
  appstream.on(UpdateImagePermissionsCommand).resolves({});
  appstream.on(DeleteImagePermissionsCommand).resolves({});
});

const answer = (img: any) => appstream.on(DescribeImagesCommand, { Names: [NAME] }).resolves({ Images: img ? [img] : [] });

describe('onEvent', () => {
  test('Create: PhysicalResourceId is the ImageName, with no AWS call', async () => {
    expect(await onEvent(attributes.create(NAME))).toEqual({ PhysicalResourceId: NAME });
    expect(appstream.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  test('Update to a replaced image: the new ImageName', async () => {
    expect(await onEvent(attributes.update('old-name', { ImageName: 'old-name' }, { ImageName: NAME }))).toEqual({ PhysicalResourceId: NAME });
    expect(appstream.calls()).toHaveLength(0);
  });

  test('Delete: keeps the physical id and touches nothing', async () => {
    expect(await onEvent(attributes.delete(NAME, NAME))).toEqual({ PhysicalResourceId: NAME });
    expect(appstream.calls()).toHaveLength(0);
  });
});

describe('isComplete', () => {
  test('AVAILABLE: complete, Data has all six keys (SupportedInstanceFamilies joined by ",")', async () => {
    answer(image(NAME, 'AVAILABLE', {
      Platform: 'WINDOWS_SERVER_2022' as any,
      ImageType: 'CUSTOM' as any,
      AppstreamAgentVersion: '10-03-2025',
      SupportedInstanceFamilies: ['GENERAL_PURPOSE', 'COMPUTE_OPTIMIZED', 'GRAPHICS_G5'],
    }));
    const result = await isComplete({ ...attributes.create(NAME), PhysicalResourceId: NAME });
    expect(result).toEqual({
      IsComplete: true,
      Data: {
        Arn: arnOf(NAME),
        Name: NAME,
        Platform: 'WINDOWS_SERVER_2022',
        ImageType: 'CUSTOM',
        AgentVersion: '10-03-2025',
        SupportedInstanceFamilies: 'GENERAL_PURPOSE,COMPUTE_OPTIMIZED,GRAPHICS_G5',
      },
    });
    expect(Object.keys(result.Data!).sort()).toEqual(Object.values(ATTRIBUTE_KEYS).sort());
  });

  test('AVAILABLE with fields absent: every key still present, as ""', async () => {
    answer({ Name: NAME, State: 'AVAILABLE' });
    const result = await isComplete({ ...attributes.create(NAME), PhysicalResourceId: NAME });
    expect(result).toEqual({
      IsComplete: true,
      Data: { Arn: '', Name: NAME, Platform: '', ImageType: '', AgentVersion: '', SupportedInstanceFamilies: '' },
    });
  });

  test.each(['IMPORTING', 'VALIDATING', 'PENDING'])('%s: not complete yet', async state => {
    answer(image(NAME, state));
    expect(await isComplete({ ...attributes.create(NAME), PhysicalResourceId: NAME })).toEqual({ IsComplete: false });
    expect(appstream.commandCalls(UpdateImagePermissionsCommand)).toHaveLength(0);
  });

  test('not visible (empty answer or ResourceNotFoundException): not complete yet', async () => {
    answer(undefined);
    expect(await isComplete({ ...attributes.create(NAME), PhysicalResourceId: NAME })).toEqual({ IsComplete: false });
    appstream.on(DescribeImagesCommand, { Names: [NAME] }).rejects(notFound());
    expect(await isComplete({ ...attributes.create(NAME), PhysicalResourceId: NAME })).toEqual({ IsComplete: false });
  });

  test('FAILED: throws with the service\'s reason', async () => {
    answer(image(NAME, 'FAILED', {
      StateChangeReason: { Code: 'IMAGE_IMPORT_FAILURE' as any, Message: 'The AMI is encrypted.' },
      ImageErrors: [{ ErrorCode: 'INTERNAL_ERROR' as any, ErrorMessage: 'Validation failed.' }],
    }));
    const error = await isComplete({ ...attributes.create(NAME), PhysicalResourceId: NAME }).catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`Image ${NAME} FAILED`);
    expect(error.message).toContain('IMAGE_IMPORT_FAILURE: The AMI is encrypted.');
    expect(error.message).toContain('INTERNAL_ERROR: Validation failed.');
  });

  test('Delete: complete, with no AWS call', async () => {
    expect(await isComplete({ ...attributes.delete(NAME, NAME), PhysicalResourceId: NAME })).toEqual({ IsComplete: true });
    expect(appstream.calls()).toHaveLength(0);
  });

  test('Update (same image): the data again', async () => {
    answer(image(NAME, 'AVAILABLE'));
    const result = await isComplete({ ...attributes.update(NAME, { ImageName: NAME }, { ImageName: NAME }), PhysicalResourceId: NAME });
    expect(result.IsComplete).toBe(true);
    expect(result.Data!.Arn).toBe(arnOf(NAME));
  });
});

describe('sharing (done once AVAILABLE)', () => {
  test('Create shares with each account, with the permissions parsed from strings', async () => {
    answer(image(NAME, 'AVAILABLE'));
    await isComplete({
      ...attributes.create(NAME, {
        Shares: [
          { Account: '111111111111', AllowFleet: 'true', AllowImageBuilder: 'false' },
          { Account: '222222222222', AllowFleet: 'false', AllowImageBuilder: 'true' },
        ],
      }),
      PhysicalResourceId: NAME,
    });
    expect(appstream.commandCalls(UpdateImagePermissionsCommand).map(c => c.args[0].input)).toEqual([
      { Name: NAME, SharedAccountId: '111111111111', ImagePermissions: { allowFleet: true, allowImageBuilder: false } },
      { Name: NAME, SharedAccountId: '222222222222', ImagePermissions: { allowFleet: false, allowImageBuilder: true } },
    ]);
  });

  test('not yet AVAILABLE: nothing shared', async () => {
    answer(image(NAME, 'IMPORTING'));
    await isComplete({ ...attributes.create(NAME, { Shares: [{ Account: '111111111111', AllowFleet: 'true', AllowImageBuilder: 'false' }] }), PhysicalResourceId: NAME });
    expect(appstream.commandCalls(UpdateImagePermissionsCommand)).toHaveLength(0);
  });

  test('Update of the same image: an account no longer listed is unshared', async () => {
    answer(image(NAME, 'AVAILABLE'));
    const a = { Account: '111111111111', AllowFleet: 'true', AllowImageBuilder: 'false' };
    const b = { Account: '222222222222', AllowFleet: 'true', AllowImageBuilder: 'false' };
    await isComplete({ ...attributes.update(NAME, { ImageName: NAME, Shares: [a, b] }, { ImageName: NAME, Shares: [a] }), PhysicalResourceId: NAME });
    expect(appstream.commandCalls(DeleteImagePermissionsCommand).map(c => c.args[0].input)).toEqual([{ Name: NAME, SharedAccountId: '222222222222' }]);
  });

  test('Update to a replaced image: the new image starts unshared, so nothing is unshared on it; the old one stops being shared with accounts no longer listed', async () => {
    answer(image(NAME, 'AVAILABLE'));
    const a = { Account: '111111111111', AllowFleet: 'true', AllowImageBuilder: 'false' };
    await isComplete({ ...attributes.update('old-name', { ImageName: 'old-name', Shares: [a] }, { ImageName: NAME }), PhysicalResourceId: NAME });
    const unshared = appstream.commandCalls(DeleteImagePermissionsCommand).map(c => c.args[0].input);
    expect(unshared.filter(input => input.Name === NAME)).toEqual([]);
    // The old image stays shared through its grace period, but not with an account removed from sharedWith.
    expect(unshared).toEqual([{ Name: 'old-name', SharedAccountId: '111111111111' }]);
  });

  test('Update to a replaced image with the same accounts: the old image keeps them (it is unshared after its grace period)', async () => {
    answer(image(NAME, 'AVAILABLE'));
    const a = { Account: '111111111111', AllowFleet: 'true', AllowImageBuilder: 'false' };
    await isComplete({ ...attributes.update('old-name', { ImageName: 'old-name', Shares: [a] }, { ImageName: NAME, Shares: [a] }), PhysicalResourceId: NAME });
    expect(appstream.commandCalls(DeleteImagePermissionsCommand)).toHaveLength(0);
  });
});
