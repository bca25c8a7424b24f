/**
 * Entry points of the bundled handler:
 * - `onEvent` / `isComplete`: the custom resource provider (every resource type: the image's and its copies');
 * - `poll`: one check of the Step Functions poller.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { inRegion } from './aws/regions';
import { applyShares, parseShares, unshareDropped } from './aws/sharing';
import { checkImage } from './poller/poll';
import { readAttributes } from './provider/attributes';
import { copyIsComplete, copyOnEvent } from './provider/copy';
import { copyParameterOnEvent } from './provider/copy-parameter';
import { createImportedImage } from './provider/create';
import { firstDeleteStep, nextDeleteStep } from './provider/remove';
import { segmentIsComplete, segmentOnEvent } from './provider/segments';
import { updateImportedImage } from './provider/update';
import { errorName } from './shared/errors';
import { log } from './shared/log';
import { imageNameFor, parseImportProperties } from './shared/properties';
import { ATTRIBUTES_RESOURCE_TYPE, AttributesProperties, ImportProperties, PollState, WAIT_SEGMENT_RESOURCE_TYPE } from '../src/contract';
import { COPY_PARAMETER_RESOURCE_TYPE, COPY_RESOURCE_TYPE } from '../src/copy-contract';

export interface OnEventResponse {
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
}

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}

/** The event isComplete receives: the original event and what onEvent answered. */
export type IsCompleteEvent = CloudFormationCustomResourceEvent & OnEventResponse;

export async function onEvent(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  log('onEvent', describe(event));
  try {
    if (event.ResourceType === WAIT_SEGMENT_RESOURCE_TYPE) return segmentOnEvent(event);
    if (event.ResourceType === COPY_RESOURCE_TYPE) return await copyOnEvent(event);
    if (event.ResourceType === COPY_PARAMETER_RESOURCE_TYPE) return await copyParameterOnEvent(event);
    return event.ResourceType === ATTRIBUTES_RESOURCE_TYPE ? await attributesOnEvent(event) : await importOnEvent(event);
  } catch (error) {
    log('onEvent failed', { ...describe(event), error: errorName(error) });
    throw error;
  }
}

export async function isComplete(event: IsCompleteEvent): Promise<IsCompleteResponse> {
  // A copy's segments and attributes are read in the copy's Region.
  const region = regionOf(event.ResourceProperties);
  if (event.ResourceType === WAIT_SEGMENT_RESOURCE_TYPE) return { IsComplete: await inRegion(region, () => segmentIsComplete(event)) };
  if (event.ResourceType === COPY_RESOURCE_TYPE) return copyIsComplete(event);
  if (event.ResourceType === COPY_PARAMETER_RESOURCE_TYPE) return { IsComplete: true };
  return event.ResourceType === ATTRIBUTES_RESOURCE_TYPE ? inRegion(region, () => attributesIsComplete(event)) : importIsComplete(event);
}

export async function poll(state: PollState): Promise<PollState> {
  // A retired copy is checked in its own Region.
  return inRegion(state.region, () => checkImage(state));
}

function regionOf(properties: unknown): string | undefined {
  const region = (properties as { Region?: unknown } | undefined)?.Region;
  return region ? String(region) : undefined;
}

async function importOnEvent(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  const properties = event.ResourceProperties as unknown as ImportProperties;
  switch (event.RequestType) {
    case 'Create':
      return { PhysicalResourceId: await createImportedImage(event, properties) };
    case 'Update':
      return {
        PhysicalResourceId: await updateImportedImage(event, event.OldResourceProperties as unknown as ImportProperties, properties),
      };
    case 'Delete': {
      const progress = await firstDeleteStep(event, parseImportProperties(properties));
      // isComplete finishes a delete that has to wait for the import to settle, or for an image
      // that is not visible yet.
      return { PhysicalResourceId: event.PhysicalResourceId, Data: { DeleteRequestedAt: String(Date.now()), DeleteProgress: progress } };
    }
  }
}

async function importIsComplete(event: IsCompleteEvent): Promise<IsCompleteResponse> {
  if (event.RequestType !== 'Delete') return { IsComplete: true };
  const first = event.Data?.DeleteProgress;
  if (first === 'done') return { IsComplete: true };
  const request = parseImportProperties(event.ResourceProperties as unknown as ImportProperties);
  const requestedAt = Number(event.Data?.DeleteRequestedAt ?? Date.now());
  return { IsComplete: await nextDeleteStep({ ...event, PhysicalResourceId: event.PhysicalResourceId! }, request, first, requestedAt) };
}

async function attributesOnEvent(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  const properties = event.ResourceProperties as unknown as AttributesProperties;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  return { PhysicalResourceId: String(properties.ImageName) };
}

/**
 * Attributes are read once the image is AVAILABLE (the wait condition normally made sure it is),
 * and the image is shared then: sharing needs an AVAILABLE image.
 */
async function attributesIsComplete(event: IsCompleteEvent): Promise<IsCompleteResponse> {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const properties = event.ResourceProperties as unknown as AttributesProperties;
  const name = String(properties.ImageName);
  const data = await readAttributes(name);
  if (!data) return { IsComplete: false };
  const before = event.RequestType === 'Update' ? event.OldResourceProperties as unknown as AttributesProperties : undefined;
  // A replaced image starts unshared; the old one is unshared when it is deleted (after a grace
  // period, if shared), except from accounts no longer listed: at once.
  const previous = before && String(before.ImageName) === name ? parseShares(before.Shares) : [];
  await applyShares(name, parseShares(properties.Shares), previous);
  if (before && String(before.ImageName) !== name) {
    await unshareDropped(String(before.ImageName), parseShares(before.Shares), parseShares(properties.Shares));
  }
  return { IsComplete: true, Data: data };
}

/** What may be logged about an event: never its properties or URLs. */
function describe(event: CloudFormationCustomResourceEvent) {
  const physicalId = event.RequestType === 'Create' ? undefined : event.PhysicalResourceId;
  const imageName = event.ResourceType === ATTRIBUTES_RESOURCE_TYPE
    ? String((event.ResourceProperties as unknown as AttributesProperties).ImageName ?? '')
    : physicalId ?? safeName(event.ResourceProperties as unknown as ImportProperties);
  return {
    requestType: event.RequestType,
    resourceType: event.ResourceType,
    logicalResourceId: event.LogicalResourceId,
    imageName,
  };
}

function safeName(properties: ImportProperties): string | undefined {
  try {
    return imageNameFor(properties);
  } catch {
    return undefined;
  }
}
