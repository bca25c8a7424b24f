import { Construct } from 'constructs';
import type { IImportedImage } from './imported-image';

/** Options of one copy of an image in another Region. */
export interface ImageCopyOptions {
  /**
   * Description of the copy (at most 256 characters).
   *
   * @default - the image's description
   */
  readonly description?: string;

  /**
   * Name of the SSM String parameter, in the copy's Region, that `referenceFrom` publishes the
   * copy's ARN in (once the copy is AVAILABLE).
   *
   * @default - the image's `parameterName` if set, else `/cdk-appstream-imported-image/<stack name>/<construct path in the stack>`:
   * the same name as the image's own parameter, in the copy's Region
   */
  readonly parameterName?: string;
}

/**
 * A copy of an `ImportedImage` in another Region of the account, made with `CopyImage` once the
 * image is AVAILABLE. It has the image's name, carries the library's ownership tag in its Region,
 * and follows the image: a new image (a new AMI) brings a new copy, and the old copy is deleted
 * like the old image (once nothing uses it). `imageArn` and `imageName` are only available once
 * the copy is AVAILABLE.
 */
export interface IImageCopy extends IImportedImage {
  /** The Region the copy is in. */
  readonly copyRegion: string;

  /**
   * The copy as a stack in its Region should use it: through an SSM String parameter in that
   * Region (written once the copy is AVAILABLE), read with an SSM-typed CloudFormation
   * parameter, so `cdk deploy --all` moves that stack's fleets at every rotation. The stack must
   * be in the copy's account and Region; it is deployed after the image's stack.
   */
  referenceFrom(scope: Construct): IImportedImage;
}
