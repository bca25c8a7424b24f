import {
  DeleteImagePermissionsCommand, DescribeImagePermissionsCommand, UpdateImagePermissionsCommand,
} from '@aws-sdk/client-appstream';
import { appStreamClient } from './clients';
import { withRetries } from './retry';
import { ShareProperty } from '../../src/contract';
import { isNotFound } from '../shared/errors';
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
  for (const account of previous.map(share => share.account).filter(a => !kept.has(a))) {
    await unshare(name, account);
  }
  if (shares.length > 0 || previous.length > 0) log('image sharing updated', { imageName: name });
}

/** Stops sharing the image with every account (before it is deleted: a shared image cannot be). */
export async function unshareAll(name: string): Promise<void> {
  let nextToken: string | undefined;
  do {
    const page = await withRetries(() => appStreamClient().send(new DescribeImagePermissionsCommand({ Name: name, NextToken: nextToken })),
      { what: 'DescribeImagePermissions', maxElapsedMs: 60_000 });
    for (const permission of page.SharedImagePermissionsList ?? []) {
      await unshare(name, permission.sharedAccountId!);
    }
    nextToken = page.NextToken;
  } while (nextToken);
}

async function unshare(name: string, account: string): Promise<void> {
  try {
    await withRetries(() => appStreamClient().send(new DeleteImagePermissionsCommand({ Name: name, SharedAccountId: account })),
      { what: 'DeleteImagePermissions', maxElapsedMs: 60_000 });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
