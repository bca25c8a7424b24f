import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AgentSoftwareVersion } from './agent-software-version';
import { ApplicationConfig } from './application-config';
import { ImageShare } from './image-share';
import { ImageSource } from './image-source';
import { ImportedImageProviderOptions } from './provider-options';
import { SharedParameterOptions } from './shared-parameter-options';

/** Properties of an `ImportedImage`. */
export interface ImportedImageProps {
  /** The AMI or Amazon WorkSpaces image to import. */
  readonly source: ImageSource;

  /**
   * A fixed name for the image: 1 to 100 letters, digits, `_`, `.` or `-`.
   *
   * A fixed name cannot be replaced in place: changing a property that needs a new image then
   * fails the deployment, asking you to rename it or drop the name.
   *
   * @default - a unique name is generated from the construct path, and a new one for each replacement
   */
  readonly imageName?: string;

  /**
   * Name shown to users, at most 100 characters.
   *
   * @default - the service shows the image name
   */
  readonly displayName?: string;

  /**
   * Description of the image, at most 256 characters.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * Role the service assumes to read and modify the AMI. It must trust `appstream.amazonaws.com`
   * and allow `ec2:DescribeImages` and `ec2:ModifyImageAttribute` on the AMI. Not allowed with a
   * WorkSpaces image source, which uses no role.
   *
   * @default - for an AMI source, a role is created with exactly these permissions, scoped to the AMI
   */
  readonly role?: iam.IRole;

  /**
   * Applications of the image's catalog (at most 50, unique names).
   *
   * @default - no catalog: the image carries no application entries
   */
  readonly applications?: ApplicationConfig[];

  /**
   * Run the service's runtime validation on this instance type before the image becomes
   * AVAILABLE: AWS starts a billed instance and runs streaming tests, and the import takes
   * longer. The service's form: `stream.<family>.<size>` (`stream.standard.medium`) or
   * `GeneralPurpose|ComputeOptimized|MemoryOptimized|Accelerated` + `.` + an EC2 type
   * (`GeneralPurpose.t3.large`).
   *
   * @default - no runtime validation
   */
  readonly runtimeValidationInstanceType?: string;

  /**
   * Agent software the image runs.
   *
   * @default - the service's default (AgentSoftwareVersion.CURRENT_LATEST)
   */
  readonly agentSoftwareVersion?: AgentSoftwareVersion;

  /**
   * How long the deployment waits for the image to become AVAILABLE before it fails (and rolls
   * back, deleting the image). Between `pollInterval` and 12 hours.
   *
   * @default Duration.hours(2)
   */
  readonly timeout?: Duration;

  /**
   * How often the image's state is checked while waiting. Between 10 seconds and 15 minutes.
   *
   * @default Duration.seconds(30)
   */
  readonly pollInterval?: Duration;

  /**
   * What happens to the image when it leaves the stack. `RETAIN` keeps an AVAILABLE image
   * (a FAILED one is always deleted); `SNAPSHOT` is not supported.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Check the AMI against every import requirement (EC2 DescribeImages) before the import
   * starts, so a non-compliant AMI fails the deployment in seconds rather than after the
   * import. Only applies to AMI sources.
   *
   * @default true
   */
  readonly preflight?: boolean;

  /**
   * Accounts the image is shared with once it is AVAILABLE (see also `shareWith()`). Removing
   * an account stops sharing with it; the image is unshared before it is deleted.
   *
   * @default - not shared
   */
  readonly sharedWith?: ImageShare[];

  /**
   * How long an image that this construct replaced (a new AMI, or any other create-only change)
   * and that is shared with other accounts stays shared, untouched, after the update that
   * replaced it: their fleets move to the new image only when their own stacks deploy, and this
   * account cannot see whether they still run it. Then the poller unshares and deletes it (a fleet
   * of this account that still runs it gets `replacedImageDeleteTimeout` more, as any replaced
   * image). The image counts against the Region's image quota meanwhile. Between 1 hour and
   * 90 days. Not applied when the whole stack is deleted (the poller goes with it): the image is
   * then unshared and deleted at once, as always.
   *
   * @default Duration.days(7)
   */
  readonly sharedImageGracePeriod?: Duration;

  /**
   * Publish the image's ARN, once the image is AVAILABLE and shared, in an advanced-tier SSM
   * parameter shared through AWS RAM with the accounts the image is shared with (or the
   * principals given). In those accounts, `ImportedImage.fromSharedParameterArn` reads it at every
   * deploy, so their fleets follow each replacement of the image. Advanced-tier parameters are
   * billed per parameter per month.
   *
   * @default - no shared parameter
   */
  readonly sharedParameter?: SharedParameterOptions;

  /**
   * How long an image that this construct replaced (a new AMI, or any other create-only change)
   * or removed keeps being retried for deletion while a fleet or image builder still runs it.
   * The stack's update does not wait: the poller tries again every 5 minutes, deletes the image
   * once nothing uses it, and at the deadline leaves it in the account, tagged
   * `cdk-appstream-imported-image:retired`, with a log line that gives the command to delete it.
   * Between 1 hour and 90 days. (When the whole stack is deleted, an image in use fails the
   * delete instead: the functions that would retry are deleted with the stack.)
   *
   * @default Duration.days(7)
   */
  readonly replacedImageDeleteTimeout?: Duration;

  /**
   * Publish the image's ARN, once the image is AVAILABLE, in an SSM String parameter of this
   * name (same account and Region). Fleets in other stacks read it with
   * `ImportedImage.fromParameterName` or `image.referenceFrom(scope)`: an SSM-typed
   * CloudFormation parameter, which the CDK CLI redeploys on every `cdk deploy`, so they follow
   * each replacement of the image without an export lock.
   *
   * @default - no parameter, unless `referenceFrom()` is called: it then publishes one named
   * `/cdk-appstream-imported-image/<stack name>/<construct path in the stack>`
   */
  readonly parameterName?: string;

  /**
   * Other Regions of the account to copy the image to once it is AVAILABLE (`CopyImage`; see
   * also `copyTo()`). The deployment waits until every copy is AVAILABLE, all at once, within
   * `timeout`; a copy that fails fails the deployment with the service's reason, and the rollback
   * deletes it. Each copy carries the ownership tag and the image's tags, is shared like the
   * image (`sharedWith`), and is rotated, retired and retained like it. Fleets there use
   * `image.referenceFrom(stack)` (an SSM parameter in their Region). Not the image's own Region;
   * each Region once.
   *
   * @default - no copies: the image is in the stack's Region only
   */
  readonly copyToRegions?: string[];

  /**
   * Settings of the provider and poller that all images of the stack share (log retention,
   * VPC, framework logging, and for landing zones a log encryption key, state machine logging
   * and tracing). The first image of the stack creates them with its options; a later image may
   * leave them out, and one that sets them must set the same values.
   *
   * @default - logs kept one month, no VPC, framework logging off, no KMS key, state machines neither logged nor traced
   */
  readonly providerOptions?: ImportedImageProviderOptions;
}
