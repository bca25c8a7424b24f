import { Image } from '@aws-sdk/client-appstream';
import { imageTags } from './images';
import { OWNER_TAG_KEY } from '../src/contract';

export interface ResourceIdentity {
  readonly StackId: string;
  readonly LogicalResourceId: string;
}

/** The ownership tag's value: which stack's which resource made the image. */
export function ownerTagValue(event: ResourceIdentity): string {
  return `${event.StackId}/${event.LogicalResourceId}`.slice(0, 256);
}

/** True when the image carries this resource's ownership tag. */
export async function isOwnedBy(image: Image, event: ResourceIdentity): Promise<boolean> {
  if (!image.Arn) return false;
  const tags = await imageTags(image.Arn);
  return tags[OWNER_TAG_KEY] === ownerTagValue(event);
}
