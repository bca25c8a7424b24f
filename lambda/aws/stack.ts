/**
 * What CloudFormation says about the stack an image belongs to. Two questions only this can
 * answer: is a Delete part of an update's cleanup (the stack, and the poller, live on) or of the
 * stack's own deletion; and does the stack still track an image under its name.
 */
import type { CloudFormationClient, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { cloudFormationClient, cloudFormationModule } from './clients';
import { withRetries } from './retry';
import { IMPORT_RESOURCE_TYPE } from '../../src/contract';
import { errorName } from '../shared/errors';
import { log } from '../shared/log';

/** Stack statuses in which deletes are an update's cleanup: the stack and its poller stay. */
export const CLEANUP_STATUSES: ReadonlySet<string> = new Set(['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS']);

export interface StackIdentity {
  readonly StackId: string;
  readonly LogicalResourceId: string;
}

/**
 * True when an image deleted now can be handed to the poller: the stack is in an update's
 * cleanup and keeps at least one image resource (so the shared provider and poller stay). False
 * for a stack that is being deleted or rolled back from its first create, and whenever
 * CloudFormation cannot be asked (then the delete behaves as it always did).
 *
 * A rotation (this logical id now holds the new image) is answered by this resource's own row,
 * one call whatever the stack's size. Only an image that leaves the stack needs the whole list
 * of resources (ListStackResources, every page: DescribeStackResources stops at 100).
 */
export async function stackOutlivesDelete(event: StackIdentity, imageName: string): Promise<boolean> {
  try {
    const { DescribeStacksCommand, DescribeStackResourceCommand } = cloudFormationModule();
    const client = cloudFormationClient();
    const stacks = await withRetries(() => client.send(new DescribeStacksCommand({ StackName: event.StackId })),
      { what: 'DescribeStacks', maxElapsedMs: 60_000 });
    const status = stacks.Stacks?.[0]?.StackStatus ?? '';
    if (!CLEANUP_STATUSES.has(status)) {
      log('the stack does not outlive this delete', { imageName, state: status });
      return false;
    }
    const own = await withRetries(() => client.send(new DescribeStackResourceCommand({
      StackName: event.StackId, LogicalResourceId: event.LogicalResourceId,
    })), { what: 'DescribeStackResource', maxElapsedMs: 60_000 });
    if (keepsAnImage(own.StackResourceDetail, imageName)) return true; // replaced: this logical id holds another image
    return (await allResources(client, event.StackId)).some(resource => keepsAnImage(resource, imageName));
  } catch (error) {
    log('could not ask CloudFormation about the stack', { imageName, error: errorName(error) });
    return false;
  }
}

/** An image resource that stays in the stack and holds another image than this one. */
function keepsAnImage(resource: Pick<StackResourceSummary, 'ResourceType' | 'ResourceStatus' | 'PhysicalResourceId'> | undefined, imageName: string): boolean {
  return resource?.ResourceType === IMPORT_RESOURCE_TYPE &&
    !String(resource.ResourceStatus ?? '').startsWith('DELETE_') &&
    resource.PhysicalResourceId !== imageName;
}

/**
 * Every resource of the stack: ListStackResources page by page (each page retried on its own,
 * so a throttle on the third page does not read the first two again).
 */
async function allResources(client: CloudFormationClient, stackId: string): Promise<StackResourceSummary[]> {
  const { ListStackResourcesCommand } = cloudFormationModule();
  const resources: StackResourceSummary[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await withRetries(() => client.send(new ListStackResourcesCommand({ StackName: stackId, NextToken: token })),
      { what: 'ListStackResources', maxElapsedMs: 60_000 });
    resources.push(...(page.StackResourceSummaries ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return resources;
}

/**
 * Whether the stack tracks the image, from the image resource's own row (one call, whatever
 * the stack's size):
 * - 'tracked': CloudFormation knows the image's name, so it will send the image's Delete if it
 *   ever drops it: the wait condition learns the outcome.
 * - 'pending': an operation on the resource is under way (CloudFormation may not know the name
 *   yet, or a rollback or cleanup is deciding): ask again at the next check.
 * - 'released': CloudFormation has deleted (or deliberately skipped deleting) the resource that
 *   held the name: its Delete decided (deleted, kept for RETAIN, or handed to a retirement).
 *   Nothing left to do.
 * - 'untracked': the resource holds another name, failed before it learned this one, is gone,
 *   or its Delete failed: nothing else will ever delete the image, so the poller retires it.
 * When CloudFormation cannot be asked, 'tracked': the poller then does what it always did.
 */
export type Tracking = 'tracked' | 'pending' | 'released' | 'untracked';

/** One row of the decision: the answer when the resource holds the image's name, and when it holds another (or none). */
export interface TrackingRow {
  readonly holdsName: Tracking;
  readonly holdsAnother: Tracking;
}

const IN_PROGRESS: TrackingRow = { holdsName: 'tracked', holdsAnother: 'pending' };
const SETTLED: TrackingRow = { holdsName: 'tracked', holdsAnother: 'untracked' };

/**
 * The decision over every resource status CloudFormation documents (ResourceStatus,
 * @aws-sdk/client-cloudformation 3.1169). The stack's own status never changes it: a resource
 * whose operation has ended keeps its physical id whatever the stack does next (a rollback or
 * cleanup is a new operation on the resource, which shows as *_IN_PROGRESS on its row), so it
 * is not read.
 */
export const TRACKING_BY_RESOURCE_STATUS: Readonly<Record<string, TrackingRow>> = {
  CREATE_IN_PROGRESS: IN_PROGRESS,
  CREATE_COMPLETE: SETTLED,
  // The Provider framework answers a failed Create with its CREATE_FAILED marker: never this name.
  CREATE_FAILED: SETTLED,
  UPDATE_IN_PROGRESS: IN_PROGRESS,
  UPDATE_COMPLETE: SETTLED,
  // A failed Update keeps the physical id it had: the old image's, never the new one's.
  UPDATE_FAILED: SETTLED,
  // A rollback, an import or an export of the resource: under way, its outcome not known yet.
  ROLLBACK_IN_PROGRESS: IN_PROGRESS,
  ROLLBACK_COMPLETE: SETTLED,
  ROLLBACK_FAILED: SETTLED,
  UPDATE_ROLLBACK_IN_PROGRESS: IN_PROGRESS,
  UPDATE_ROLLBACK_COMPLETE: SETTLED,
  UPDATE_ROLLBACK_FAILED: SETTLED,
  IMPORT_IN_PROGRESS: IN_PROGRESS,
  IMPORT_COMPLETE: SETTLED,
  IMPORT_FAILED: SETTLED,
  IMPORT_ROLLBACK_IN_PROGRESS: IN_PROGRESS,
  IMPORT_ROLLBACK_COMPLETE: SETTLED,
  IMPORT_ROLLBACK_FAILED: SETTLED,
  EXPORT_IN_PROGRESS: IN_PROGRESS,
  EXPORT_COMPLETE: SETTLED,
  EXPORT_FAILED: SETTLED,
  EXPORT_ROLLBACK_IN_PROGRESS: IN_PROGRESS,
  EXPORT_ROLLBACK_COMPLETE: SETTLED,
  EXPORT_ROLLBACK_FAILED: SETTLED,
  // The Delete of the resource that holds the name is deciding (it waits for an importing image).
  DELETE_IN_PROGRESS: { holdsName: 'pending', holdsAnother: 'untracked' },
  // It has decided: deleted the image, kept it (RETAIN), or handed it to a retirement.
  DELETE_COMPLETE: { holdsName: 'released', holdsAnother: 'untracked' },
  // CloudFormation kept the resource on purpose (a DeletionPolicy of Retain): so is the image.
  DELETE_SKIPPED: { holdsName: 'released', holdsAnother: 'untracked' },
  // It gave up (the image in use, or still importing after 50 minutes): nothing else will delete it.
  DELETE_FAILED: { holdsName: 'untracked', holdsAnother: 'untracked' },
};

/** The decision for one resource row (undefined: the resource does not exist in the stack). */
export function trackingDecision(resource: { PhysicalResourceId?: string; ResourceStatus?: string } | undefined, imageName: string): Tracking {
  if (!resource) return 'untracked';
  const status = String(resource.ResourceStatus ?? '');
  // A status newer than this table: in progress by its name, else settled.
  const row = TRACKING_BY_RESOURCE_STATUS[status] ?? (status.endsWith('_IN_PROGRESS') ? IN_PROGRESS : SETTLED);
  return resource.PhysicalResourceId === imageName ? row.holdsName : row.holdsAnother;
}

export async function trackingOf(event: StackIdentity, imageName: string): Promise<Tracking> {
  try {
    const { DescribeStackResourceCommand } = cloudFormationModule();
    const answer = await withRetries(() => cloudFormationClient().send(new DescribeStackResourceCommand({
      StackName: event.StackId,
      LogicalResourceId: event.LogicalResourceId,
    })), { what: 'DescribeStackResource', maxElapsedMs: 60_000 });
    return trackingDecision(answer.StackResourceDetail, imageName);
  } catch (error) {
    // "Resource ... does not exist for stack" / "Stack ... does not exist": nothing tracks it.
    if (errorName(error) === 'ValidationError') return 'untracked';
    log('could not ask CloudFormation whether it tracks the image', { imageName, error: errorName(error) });
    return 'tracked';
  }
}
