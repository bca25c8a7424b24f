/**
 * What the construct writes into its custom resources and what the handler reads back.
 * Shared by `src/` and `lambda/`; not part of the public API.
 *
 * CloudFormation passes every scalar as a string, so every value here is a string or a
 * list/struct of strings. New properties must be optional so that resources written by an
 * older release keep working (SCHEMA_VERSION says which shape wrote them).
 */

/** Resource type of the resource that creates, updates and deletes the image. */
export const IMPORT_RESOURCE_TYPE = 'Custom::AppStreamImportedImage';

/** Resource type of the resource, after the wait, that reads the image's attributes. */
export const ATTRIBUTES_RESOURCE_TYPE = 'Custom::AppStreamImportedImageAttributes';

/**
 * Resource type of one wait segment: used instead of the wait condition when a create-only
 * property is a deploy-time value, so that a replacement waits (segment after segment, each
 * under CloudFormation's hour) as long as a first import does.
 */
export const WAIT_SEGMENT_RESOURCE_TYPE = 'Custom::AppStreamImportedImageWait';

/** Version of the property shape written by this release. */
export const SCHEMA_VERSION = '1';

/** Prefix of the tags this library puts on images; users cannot set tags with it. */
export const RESERVED_TAG_PREFIX = 'cdk-appstream-imported-image:';

/** Tag that marks an image as made by one stack's resource: only such images are adopted or deleted. */
export const OWNER_TAG_KEY = 'cdk-appstream-imported-image:owner';

/**
 * Tag holding a hash of the create-only properties the image was made from: an Update whose
 * new properties have that hash (a rollback) needs no new image, even under a fixed name.
 */
export const PROPERTIES_TAG_KEY = 'cdk-appstream-imported-image:properties';

/** Tag left on a replaced image that was still in use when the handler stopped trying to delete it. */
export const RETIRED_TAG_KEY = 'cdk-appstream-imported-image:retired';

/** One application of the image's catalog, in the API's own field names. */
export interface ApplicationProperties {
  readonly Name: string;
  readonly DisplayName?: string;
  readonly AbsoluteAppPath: string;
  readonly AbsoluteIconPath?: string;
  readonly AbsoluteManifestPath?: string;
  readonly WorkingDirectory?: string;
  readonly LaunchParameters?: string;
}

/** A tag in CloudFormation's list form. */
export interface TagProperty {
  readonly Key: string;
  readonly Value: string;
}

/** Properties of the `Custom::AppStreamImportedImage` resource. */
export interface ImportProperties {
  readonly SchemaVersion?: string;
  /** A fixed name (`imageName`); when absent the handler generates one from NamePrefix. */
  readonly ImageName?: string;
  readonly NamePrefix?: string;
  readonly SourceAmiId?: string;
  readonly WorkspaceImageId?: string;
  readonly IamRoleArn?: string;
  readonly DisplayName?: string;
  readonly Description?: string;
  readonly Applications?: ApplicationProperties[];
  readonly RuntimeValidationInstanceType?: string;
  readonly AgentSoftwareVersion?: string;
  readonly Tags?: TagProperty[];
  /** The wait condition handle's presigned URL: never logged. */
  readonly WaitHandle?: string;
  readonly TimeoutSeconds?: string;
  readonly PollIntervalSeconds?: string;
  /** "true" or "false". */
  readonly Preflight?: string;
  /** "destroy" or "retain". */
  readonly RemovalPolicy?: string;
  /** How long a replaced image that is still in use keeps being retried for deletion (seconds). */
  readonly RetireTimeoutSeconds?: string;
  /**
   * How long a replaced image that is shared with other accounts stays shared, untouched, before
   * the poller unshares and deletes it (seconds). Absent in resources written before it existed:
   * the handler's default (7 days) applies.
   */
  readonly SharedGraceSeconds?: string;
}

/**
 * Properties whose change needs a new image (CreateImportedImage has no update call).
 * Everything else (tags, the wait's settings, pre-flight, removal policy) changes in place.
 */
export const CREATE_ONLY_PROPERTIES = [
  'ImageName',
  'NamePrefix',
  'SourceAmiId',
  'WorkspaceImageId',
  'IamRoleArn',
  'DisplayName',
  'Description',
  'Applications',
  'RuntimeValidationInstanceType',
  'AgentSoftwareVersion',
] as const;

/** One account the image is shared with. */
export interface ShareProperty {
  readonly Account: string;
  /** "true" or "false". */
  readonly AllowFleet: string;
  /** "true" or "false". */
  readonly AllowImageBuilder: string;
}

/**
 * Properties of the `Custom::AppStreamImportedImageAttributes` resource. It runs after the
 * wait, so it is also where the image is shared (sharing needs an AVAILABLE image).
 */
export interface AttributesProperties {
  readonly SchemaVersion?: string;
  readonly ImageName: string;
  readonly Shares?: ShareProperty[];
  /** The image's Region when it is not the stack's (an image copy). */
  readonly Region?: string;
}

/** Properties of one `Custom::AppStreamImportedImageWait` segment. */
export interface WaitSegmentProperties {
  readonly SchemaVersion?: string;
  readonly ImageName: string;
  /** "1" to Segments. */
  readonly Segment: string;
  readonly Segments: string;
  /** The whole wait, counted from the image's creation. */
  readonly TimeoutSeconds: string;
  /** The image's Region when it is not the stack's (an image copy). */
  readonly Region?: string;
}

/** Keys of the attributes resource's data (each is always returned, '' when absent). */
export const ATTRIBUTE_KEYS = {
  arn: 'Arn',
  name: 'Name',
  platform: 'Platform',
  imageType: 'ImageType',
  agentVersion: 'AgentVersion',
  supportedInstanceFamilies: 'SupportedInstanceFamilies',
} as const;

/** Input and output of the poller's check function (a Step Functions state). */
export interface PollState {
  /**
   * 'wait' (absent in executions started by earlier versions): signal the wait condition when
   * the image settles. 'retire': delete an image the stack no longer uses once nothing else does.
   */
  readonly mode?: 'wait' | 'retire';
  readonly imageName: string;
  /** The image's Region when it is not the stack's (an image copy, retired in its own Region). */
  readonly region?: string;
  /** The wait condition handle's presigned URL (wait mode only): never logged. */
  readonly handleUrl?: string;
  /** The stack and logical id of the resource the image belongs to (absent in earlier versions' executions). */
  readonly stackId?: string;
  readonly logicalResourceId?: string;
  /** Epoch milliseconds when the wait started. */
  readonly startedAt: number;
  /** Epoch milliseconds after which the wait condition is failed (wait) or the image left tagged (retire). */
  readonly deadline: number;
  readonly pollIntervalSeconds: number;
  /** Wait mode: how long to keep retrying the delete of an image its stack turns out not to track. */
  readonly retireTimeoutSeconds?: number;
  /**
   * Retire mode: epoch milliseconds until which the image, shared with other accounts whose fleets
   * may still run it, is left shared and untouched. Absent: no grace (an image of this account only).
   */
  readonly graceUntil?: number;
  /** Retire mode: the accounts the image was shared with when it was handed over (for messages). */
  readonly sharedWith?: string[];
  /** Epoch milliseconds when a check first saw the image: once seen, an image that is gone is gone for good. */
  readonly seenAt?: number;
  readonly checks?: number;
  readonly lastState?: string;
  readonly lastError?: string;
  readonly done?: boolean;
}
