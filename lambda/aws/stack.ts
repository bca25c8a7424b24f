/**
 * What CloudFormation says about the stack an image belongs to. Two questions only this can
 * answer: is a Delete part of an update's cleanup (the stack, and the poller, live on) or of the
 * stack's own deletion; and does the stack still track an image under its name.
 */
import { cloudFormationClient, cloudFormationModule } from './clients';
import { withRetries } from './retry';
import { IMPORT_RESOURCE_TYPE } from '../../src/contract';
import { errorName } from '../shared/errors';
import { log } from '../shared/log';

/** Stack statuses in which deletes are an update's cleanup: the stack and its poller stay. */
const CLEANUP_STATUSES = new Set(['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS']);

export interface StackIdentity {
  readonly StackId: string;
  readonly LogicalResourceId: string;
}

/**
 * True when an image deleted now can be handed to the poller: the stack is in an update's
 * cleanup and keeps at least one image resource (so the shared provider and poller stay). False
 * for a stack that is being deleted or rolled back from its first create, and whenever
 * CloudFormation cannot be asked (then the delete behaves as it always did).
 */
export async function stackOutlivesDelete(event: StackIdentity, imageName: string): Promise<boolean> {
  try {
    const { DescribeStacksCommand, DescribeStackResourcesCommand } = cloudFormationModule();
    const stacks = await withRetries(() => cloudFormationClient().send(new DescribeStacksCommand({ StackName: event.StackId })),
      { what: 'DescribeStacks', maxElapsedMs: 60_000 });
    const status = stacks.Stacks?.[0]?.StackStatus ?? '';
    if (!CLEANUP_STATUSES.has(status)) {
      log('the stack does not outlive this delete', { imageName, state: status });
      return false;
    }
    const resources = await withRetries(() => cloudFormationClient().send(new DescribeStackResourcesCommand({ StackName: event.StackId })),
      { what: 'DescribeStackResources', maxElapsedMs: 60_000 });
    // This resource replaced (another physical id under the same logical id), or another image.
    return (resources.StackResources ?? []).some(resource =>
      resource.ResourceType === IMPORT_RESOURCE_TYPE &&
      !String(resource.ResourceStatus ?? '').startsWith('DELETE_') &&
      resource.PhysicalResourceId !== imageName);
  } catch (error) {
    log('could not ask CloudFormation about the stack', { imageName, error: errorName(error) });
    return false;
  }
}

/**
 * Whether the stack tracks the image: 'tracked' (its resource holds the image's name),
 * 'pending' (the resource is still being created or updated, so CloudFormation does not know
 * the name yet) or 'untracked' (the resource failed, holds another name, or is gone).
 * When CloudFormation cannot be asked, 'tracked': the poller then does what it always did.
 */
export async function trackingOf(event: StackIdentity, imageName: string): Promise<'tracked' | 'pending' | 'untracked'> {
  try {
    const { DescribeStackResourceCommand } = cloudFormationModule();
    const answer = await withRetries(() => cloudFormationClient().send(new DescribeStackResourceCommand({
      StackName: event.StackId,
      LogicalResourceId: event.LogicalResourceId,
    })), { what: 'DescribeStackResource', maxElapsedMs: 60_000 });
    const resource = answer.StackResourceDetail;
    if (resource?.PhysicalResourceId === imageName && !String(resource.ResourceStatus).startsWith('DELETE_')) return 'tracked';
    const status = String(resource?.ResourceStatus ?? '');
    if (status === 'CREATE_IN_PROGRESS' || status === 'UPDATE_IN_PROGRESS') return 'pending';
    return 'untracked';
  } catch (error) {
    // "Resource ... does not exist for stack" / "Stack ... does not exist": nothing tracks it.
    if (errorName(error) === 'ValidationError') return 'untracked';
    log('could not ask CloudFormation whether it tracks the image', { imageName, error: errorName(error) });
    return 'tracked';
  }
}
