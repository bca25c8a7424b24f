import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { ImageSourceConfig } from './image-source';
import { ImportedImageProps } from './imported-image-props';
import {
  checkAgentSoftwareVersion, checkAmiId, checkApplications, checkDescription, checkDisplayName, checkImageName,
  checkInstanceType, checkRoleWithSource, checkSourceCount, checkTags, checkTiming, checkWorkspaceImageId, IsKnown,
  TagFields,
} from './rules';

const DEFAULT_TIMEOUT = Duration.hours(2);
const DEFAULT_POLL_INTERVAL = Duration.seconds(30);

/** False for unresolved tokens: the handler checks those at deploy time. */
const isKnown: IsKnown = value => !Token.isUnresolved(value);

/**
 * What a machine image gives while its lookup's context is missing: the CLI synthesizes once
 * with these, then looks the values up and synthesizes again. Refusing them would stop the
 * lookup from ever happening; the real value is checked on the second pass (and by the handler).
 */
function isLookupDummy(amiId: string): boolean {
  return amiId === 'ami-1234' || amiId === 'ami-12345' || amiId.startsWith('dummy-value-for-');
}

/** A string prop's value when it is given and known, else undefined (nothing to check now). */
function known(value: string | undefined | null): value is string {
  return value !== undefined && value !== null && isKnown(value);
}

/**
 * Every problem with an image's properties, each naming the prop, showing the value and
 * stating the rule. Unresolved tokens are skipped: the handler checks them at deploy time.
 * Tags are checked separately (`validateTags`), once aspects have applied them.
 */
export function validateImportedImageProps(props: ImportedImageProps, source: ImageSourceConfig): string[] {
  const problems: string[] = [];

  // The source: exactly one, well formed, and no role with a WorkSpaces image.
  const amiId = source.amiId ?? undefined;
  const workspaceImageId = source.workspaceImageId ?? undefined;
  problems.push(...checkSourceCount(amiId !== undefined, workspaceImageId !== undefined));
  if (known(amiId) && !isLookupDummy(amiId)) problems.push(...checkAmiId(amiId));
  if (known(workspaceImageId)) problems.push(...checkWorkspaceImageId(workspaceImageId));
  problems.push(...checkRoleWithSource(props.role !== undefined && props.role !== null, workspaceImageId));

  if (known(props.imageName)) problems.push(...checkImageName(props.imageName));
  if (known(props.displayName)) problems.push(...checkDisplayName(props.displayName));
  if (known(props.description)) problems.push(...checkDescription(props.description));
  if (props.applications && !Token.isUnresolved(props.applications)) {
    const apps = props.applications.map(app => (app && !Token.isUnresolved(app) ? app : undefined));
    problems.push(...checkApplications(apps, isKnown));
  }
  if (known(props.runtimeValidationInstanceType)) problems.push(...checkInstanceType(props.runtimeValidationInstanceType));
  const agent = props.agentSoftwareVersion?.value;
  if (known(agent)) problems.push(...checkAgentSoftwareVersion(agent));

  problems.push(...checkTiming(
    secondsOf(props.timeout ?? DEFAULT_TIMEOUT),
    secondsOf(props.pollInterval ?? DEFAULT_POLL_INTERVAL),
  ));

  problems.push(...checkRemovalPolicy(props.removalPolicy));
  if (props.replacedImageDeleteTimeout) problems.push(...checkHourToNinetyDays('replacedImageDeleteTimeout', props.replacedImageDeleteTimeout));
  if (props.sharedImageGracePeriod) problems.push(...checkHourToNinetyDays('sharedImageGracePeriod', props.sharedImageGracePeriod));
  return problems;
}

/** At least an hour (fleets take that long to let go), at most 90 days. */
function checkHourToNinetyDays(prop: string, duration: Duration): string[] {
  const seconds = secondsOf(duration);
  if (seconds === undefined || (seconds >= 3600 && seconds <= 90 * 86400)) return [];
  return [`${prop} ${duration.toHumanString()} is out of range: use between Duration.hours(1) and Duration.days(90).`];
}

/** The image's tags as the construct renders them (`Tags.of()` included), tokens skipped. */
export function validateTags(tags: Array<{ Key?: unknown; Value?: unknown }>): string[] {
  const fields: TagFields[] = tags.map(tag => ({
    key: typeof tag.Key === 'string' ? tag.Key : undefined,
    value: typeof tag.Value === 'string' ? tag.Value : undefined,
  }));
  return checkTags(fields, isKnown);
}

/** A Duration in seconds, or undefined when it is a token (checked at deploy time). */
function secondsOf(duration: Duration): number | undefined {
  if (duration.isUnresolved()) return undefined;
  return duration.toSeconds({ integral: false });
}

/** Only DESTROY and RETAIN mean something for an image. */
function checkRemovalPolicy(policy: RemovalPolicy | undefined): string[] {
  if (policy === undefined || policy === RemovalPolicy.DESTROY || policy === RemovalPolicy.RETAIN) return [];
  const name = Object.entries(RemovalPolicy).find(([, value]) => value === policy)?.[0] ?? String(policy);
  if (policy === RemovalPolicy.SNAPSHOT) {
    return ['removalPolicy RemovalPolicy.SNAPSHOT is not supported: an image has no snapshot. Use RemovalPolicy.RETAIN to keep the image or RemovalPolicy.DESTROY to delete it.'];
  }
  return [`removalPolicy RemovalPolicy.${name} is not supported: use RemovalPolicy.RETAIN to keep the image or RemovalPolicy.DESTROY to delete it.`];
}
