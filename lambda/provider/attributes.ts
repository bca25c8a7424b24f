import { Image } from '@aws-sdk/client-appstream';
import { ATTRIBUTE_KEYS } from '../../src/contract';
import { failureReason, findImage } from '../aws/images';
import { UserFacingError } from '../shared/errors';

/**
 * The image's attributes once it is AVAILABLE, or undefined while it is not (yet). Every key is
 * always present ('' when the service gives no value): CloudFormation fails on a missing one.
 */
export async function readAttributes(name: string): Promise<Record<string, string> | undefined> {
  const image = await findImage(name);
  if (image?.State === 'FAILED') {
    throw new UserFacingError(`Image ${name} FAILED: ${failureReason(image)}`);
  }
  return image?.State === 'AVAILABLE' ? attributesOf(image) : undefined;
}

export function attributesOf(image: Image): Record<string, string> {
  return {
    [ATTRIBUTE_KEYS.arn]: image.Arn ?? '',
    [ATTRIBUTE_KEYS.name]: image.Name ?? '',
    [ATTRIBUTE_KEYS.platform]: image.Platform ?? '',
    [ATTRIBUTE_KEYS.imageType]: image.ImageType ?? '',
    [ATTRIBUTE_KEYS.agentVersion]: image.AppstreamAgentVersion ?? '',
    [ATTRIBUTE_KEYS.supportedInstanceFamilies]: (image.SupportedInstanceFamilies ?? []).join(','),
  };
}
