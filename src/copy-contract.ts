/**
 * What the construct writes into the custom resources of image copies (copies of an image in
 * other Regions of the account) and what the handler reads back. Not part of the public API.
 * Like everything CloudFormation passes, every scalar is a string.
 */
import { TagProperty } from './contract';

/** Resource type of the resource that copies the image to another Region (CopyImage), and deletes the copy. */
export const COPY_RESOURCE_TYPE = 'Custom::AppStreamImageCopy';

/** Resource type of the SSM String parameter, in the copy's Region, that holds the copy's ARN. */
export const COPY_PARAMETER_RESOURCE_TYPE = 'Custom::AppStreamImageCopyParameter';

/** Properties of the `Custom::AppStreamImageCopy` resource. */
export interface CopyProperties {
  readonly SchemaVersion?: string;
  /** The image to copy (read from the image's attributes, so it is AVAILABLE and shared first). */
  readonly SourceImageName: string;
  /** The copy's Region (the copy keeps the image's name there). */
  readonly DestinationRegion: string;
  readonly DestinationImageDescription?: string;
  /** The image's own tags, put on the copy too (CopyImage does not copy tags). */
  readonly Tags?: TagProperty[];
  /** "destroy" or "retain". */
  readonly RemovalPolicy?: string;
  /** How long a replaced copy still in use keeps being retried for deletion (seconds). */
  readonly RetireTimeoutSeconds?: string;
  /** The image's sharedImageGracePeriod in seconds (unset: the handler's default, 7 days). */
  readonly SharedGraceSeconds?: string;
}

/** Properties of the `Custom::AppStreamImageCopyParameter` resource. */
export interface CopyParameterProperties {
  readonly SchemaVersion?: string;
  readonly Region: string;
  readonly ParameterName: string;
  /** The copy's ARN, read from the copy's attributes: written once the copy is AVAILABLE. */
  readonly Value: string;
  readonly Description?: string;
}

/** Keys of the copy resource's data. */
export const COPY_ATTRIBUTE_KEYS = { arn: 'Arn', name: 'Name', region: 'Region' } as const;
