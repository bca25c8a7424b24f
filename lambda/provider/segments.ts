import { WaitSegmentProperties } from '../../src/contract';
import { SEGMENT_SECONDS } from '../../src/wait-timing';
import { failureReason, findImage } from '../aws/images';
import { formatDuration } from '../poller/poll';
import { UserFacingError } from '../shared/errors';
import { log } from '../shared/log';
import { parseSeconds } from '../shared/properties';

/** A segment's window; tests compress it with IMPORTED_IMAGE_SEGMENT_SECONDS. */
function segmentMs(): number {
  const override = Number(process.env.IMPORTED_IMAGE_SEGMENT_SECONDS);
  return (Number.isFinite(override) && override > 0 ? override : SEGMENT_SECONDS) * 1000;
}

export interface SegmentEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: unknown;
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
}

/** Create and Update start a window; Delete has nothing to do. */
export function segmentOnEvent(event: SegmentEvent): { PhysicalResourceId: string; Data?: Record<string, string> } {
  const properties = event.ResourceProperties as WaitSegmentProperties;
  const physicalId = `${properties.ImageName}/wait-${properties.Segment}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId ?? physicalId };
  return { PhysicalResourceId: physicalId, Data: { SegmentStartedAt: String(Date.now()) } };
}

/**
 * Complete when the image is AVAILABLE, or when this segment's window is over and a later
 * segment takes the wait on. Fails with the service's reason when the image FAILED, and with
 * the last state and the time waited when the timeout (counted from the image's creation) passes.
 */
export async function segmentIsComplete(event: SegmentEvent, now = Date.now()): Promise<boolean> {
  if (event.RequestType === 'Delete') return true;
  const properties = event.ResourceProperties as WaitSegmentProperties;
  const name = String(properties.ImageName);
  const segment = Number(properties.Segment);
  const segments = Number(properties.Segments);
  const timeoutMs = parseSeconds(properties.TimeoutSeconds, 7200, 'TimeoutSeconds') * 1000;
  const segmentStartedAt = Number(event.Data?.SegmentStartedAt ?? now);

  // A copy's segments name its Region (their calls are made there: see index.ts).
  const region = properties.Region ? String(properties.Region) : undefined;
  const image = await findImage(name);
  if (image?.State === 'AVAILABLE') return true;
  if (image?.State === 'FAILED') {
    throw new UserFacingError(region
      ? `The copy of image ${name} in ${region} FAILED: ${failureReason(image)}`
      : `Image ${name} FAILED to import: ${failureReason(image)}`);
  }
  const createdAt = image?.CreatedTime ? new Date(image.CreatedTime).getTime() : segmentStartedAt;
  const windowOver = now - segmentStartedAt >= segmentMs();
  if (now - createdAt >= timeoutMs || (windowOver && segment >= segments)) {
    throw new UserFacingError(
      `${region ? `The copy of image ${name} in ${region}` : `Image ${name}`} was not AVAILABLE within the timeout: last state ${image?.State ?? 'NOT_VISIBLE_YET'} after waiting ` +
      `${formatDuration(now - createdAt)}. The deployment rolls back and deletes the image. Raise timeout (up to 12 hours) if imports take longer.`,
    );
  }
  if (windowOver) {
    log('wait segment over: the next one waits on', { imageName: name, state: image?.State });
    return true;
  }
  return false;
}
