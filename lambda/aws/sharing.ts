import {
  DeleteImagePermissionsCommand, DescribeImagePermissionsCommand, UpdateImagePermissionsCommand,
} from '@aws-sdk/client-appstream';
import { appStreamClient } from './clients';
import { withRetries } from './retry';
import { ShareProperty } from '../../src/contract';
import { errorName, isNotFound } from '../shared/errors';
import { log } from '../shared/log';
import { parseBoolean } from '../shared/properties';

export interface Share {
  readonly account: string;
  readonly allowFleet: boolean;
  readonly allowImageBuilder: boolean;
}

export function parseShares(shares: ShareProperty[] | undefined): Share[] {
  return (shares ?? []).map(share => ({
    account: String(share.Account),
    allowFleet: parseBoolean(share.AllowFleet, true, 'AllowFleet'),
    allowImageBuilder: parseBoolean(share.AllowImageBuilder, false, 'AllowImageBuilder'),
  }));
}

/** Shares the image as asked and stops sharing it with accounts no longer listed. */
export async function applyShares(name: string, shares: Share[], previous: Share[]): Promise<void> {
  for (const share of shares) {
    await withRetries(() => appStreamClient().send(new UpdateImagePermissionsCommand({
      Name: name,
      SharedAccountId: share.account,
      ImagePermissions: { allowFleet: share.allowFleet, allowImageBuilder: share.allowImageBuilder },
    })), { what: 'UpdateImagePermissions', maxElapsedMs: 60_000 });
  }
  const kept = new Set(shares.map(share => share.account));
  const removed = previous.map(share => share.account).filter(a => !kept.has(a));
  for (const account of removed) {
    await unshare(name, account);
  }
  if (removed.length > 0) log(unsharedMessage(name, removed, 'they were removed from sharedWith'), { imageName: name });
  if (shares.length > 0 || previous.length > 0) log('image sharing updated', { imageName: name });
}

/**
 * A replacement that also drops accounts from sharedWith: the replaced image, which stays shared
 * through its grace period, stops being shared with them at once. Best effort: the new image is
 * what this update is about (the replaced one is unshared from everyone when it is deleted).
 */
export async function unshareDropped(replacedName: string, previous: Share[], shares: Share[]): Promise<void> {
  const kept = new Set(shares.map(share => share.account));
  const removed = previous.map(share => share.account).filter(a => !kept.has(a));
  if (removed.length === 0) return;
  try {
    for (const account of removed) await unshare(replacedName, account);
    log(unsharedMessage(replacedName, removed, 'they were removed from sharedWith'), { imageName: replacedName });
  } catch (error) {
    log('could not unshare the replaced image from the accounts removed from sharedWith; it is unshared when it is deleted',
      { imageName: replacedName, error: errorName(error) });
  }
}

/** What stopping a share does to the accounts, for the provider's log. */
export function unsharedMessage(name: string, accounts: string[], why: string): string {
  return `Image '${name}' is no longer shared with account${accounts.length === 1 ? '' : 's'} ${accounts.join(', ')} (${why}): ` +
    'they can no longer use it, so a fleet or image builder there that still runs it must move to another image.';
}

/** The accounts the image is shared with (every page). */
export async function sharedAccounts(name: string): Promise<string[]> {
  const accounts: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withRetries(() => appStreamClient().send(new DescribeImagePermissionsCommand({ Name: name, NextToken: nextToken })),
      { what: 'DescribeImagePermissions', maxElapsedMs: 60_000 });
    accounts.push(...(page.SharedImagePermissionsList ?? []).map(permission => permission.sharedAccountId!));
    nextToken = page.NextToken;
  } while (nextToken);
  return accounts;
}

/** Stops sharing the image with every account (before it is deleted: a shared image cannot be); returns those accounts. */
export async function unshareAll(name: string): Promise<string[]> {
  const accounts = await sharedAccounts(name);
  for (const account of accounts) {
    await unshare(name, account);
  }
  return accounts;
}

async function unshare(name: string, account: string): Promise<void> {
  try {
    await withRetries(() => appStreamClient().send(new DeleteImagePermissionsCommand({ Name: name, SharedAccountId: account })),
      { what: 'DeleteImagePermissions', maxElapsedMs: 60_000 });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
