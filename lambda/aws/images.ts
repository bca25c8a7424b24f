import {
  DescribeImagesCommand, Image, ListTagsForResourceCommand,
} from '@aws-sdk/client-appstream';
import { appStreamClient } from './clients';
import { withRetries } from './retry';
import { isNotFound } from '../shared/errors';

/** States from which the image will still move on by itself. */
export const SETTLING_STATES = new Set(['PENDING', 'IMPORTING', 'VALIDATING', 'CREATING', 'COPYING', 'DELETING']);

/** The image with this name, or undefined if there is none. */
export async function findImage(name: string): Promise<Image | undefined> {
  try {
    const answer = await withRetries(
      () => appStreamClient().send(new DescribeImagesCommand({ Names: [name] })),
      { what: 'DescribeImages', maxElapsedMs: 60_000 },
    );
    return answer.Images?.find(image => image.Name === name);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The image's tags. */
export async function imageTags(arn: string): Promise<Record<string, string>> {
  const answer = await withRetries(
    () => appStreamClient().send(new ListTagsForResourceCommand({ ResourceArn: arn })),
    { what: 'ListTagsForResource', maxElapsedMs: 60_000 },
  );
  return answer.Tags ?? {};
}

/** The service's own account of why an image failed: its state change reason and every image error. */
export function failureReason(image: Image): string {
  const parts: string[] = [];
  if (image.StateChangeReason) {
    parts.push(`${image.StateChangeReason.Code ?? 'UNKNOWN'}: ${image.StateChangeReason.Message ?? '(no message)'}`);
  }
  for (const error of image.ImageErrors ?? []) {
    parts.push(`${error.ErrorCode ?? 'ERROR'}: ${error.ErrorMessage ?? '(no message)'}`);
  }
  return parts.length > 0 ? parts.join('; ') : 'the service gave no reason';
}
