import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { ImageSourceConfig } from './image-source';
import { ImportedImageProps } from './imported-image-props';
import {
  checkAgentSoftwareVersion, checkAmiId, checkApplications, checkDescription, checkDisplayName, checkImageName,
  checkInstanceType, checkParameterName, checkRoleWithSource, checkSourceCount, checkTags, checkTiming,
  checkWorkspaceImageId, IsKnown, TagFields,
} from './rules';

const DEFAULT_TIMEOUT = Duration.hours(2);
const DEFAULT_POLL_INTERVAL = Duration.seconds(30);

/** False for unresolved tokens: the handler checks those at deploy time. */
const isKnown: IsKnown = value => !Token.isUnresolved(value);

/**
 * What a machine image gives while its lookup's context is missing: the CLI synthesizes once
 * with these, then looks the values up and synthesizes again. Refusing them would stop the
 * lookup from ever happening; the real value is checked on the second pass (and by the handler).
 * Only a machine image gives them: `fromAmiId('ami-12345')` is a typo, not a lookup.
 */
function isLookupDummy(amiId: string, machineImage: ec2.IMachineImage | undefined): boolean {
  return machineImage !== undefined && (amiId === 'ami-1234' || amiId === 'ami-12345' || amiId.startsWith('dummy-value-for-'));
}

/** Owners whose AMIs are public: an import takes only the account's own. */
const PUBLIC_AMI_OWNERS = ['amazon', 'aws-marketplace'];

/**
 * A machine image that is a public Amazon AMI (`MachineImage.latestWindows()`, an
 * `/aws/service/…` parameter, a lookup among Amazon's AMIs): CreateImportedImage refuses it
 * after the deploy has started, so say so at synth.
 */
function checkPublicAmi(machineImage: ec2.IMachineImage | undefined): string[] {
  if (!machineImage) return [];
  const fix = 'CreateImportedImage takes only an AMI owned by this account. Make your own AMI from it (launch it and create an image, or build one with EC2 Image Builder, meeting the import requirements), '
    + "then use ImageSource.fromAmiId('ami-…'), or MachineImage.fromSsmParameter() with a parameter of your own.";
  const parameterName = (machineImage as { parameterName?: unknown }).parameterName;
  if (typeof parameterName === 'string' && !Token.isUnresolved(parameterName) && /^\/aws\/service\//.test(parameterName)) {
    return [`source is a public Amazon AMI (the SSM parameter '${parameterName}'), which cannot be imported: ${fix}`];
  }
  const owners = (machineImage as { props?: { owners?: unknown } }).props?.owners;
  const publicOwner = Array.isArray(owners) ? owners.find(owner => PUBLIC_AMI_OWNERS.includes(owner)) : undefined;
  if (machineImage instanceof ec2.LookupMachineImage && publicOwner) {
    return [`source looks up a public AMI (owners include '${publicOwner}'), which cannot be imported: ${fix}`];
  }
  return [];
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
  const machineImage = typeof props.source._machineImage === 'function' ? props.source._machineImage() : undefined;
  problems.push(...checkSourceCount(amiId !== undefined, workspaceImageId !== undefined));
  const publicAmi = checkPublicAmi(machineImage);
  problems.push(...publicAmi);
  if (known(amiId) && !isLookupDummy(amiId, machineImage) && publicAmi.length === 0) problems.push(...checkAmiId(amiId));
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

  if (known(props.parameterName)) problems.push(...checkParameterName(props.parameterName));
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

/** The fixed image names of an app (by its root): an image name is unique per account and Region. */
const FIXED_NAMES = new WeakMap<IConstruct, Array<{ readonly imageName: string; readonly path: string; readonly stack: Stack }>>();

/**
 * A fixed `imageName` that another image of the app already has, in the same stack or in a stack
 * of the same account and Region (when both are known at synth): the second import would fail
 * an hour into the deploy, or worse, find the first image and refuse it as not its own.
 */
export function checkUniqueImageName(image: Construct, imageName: string | undefined): string[] {
  if (!known(imageName)) return [];
  const stack = Stack.of(image);
  const named = FIXED_NAMES.get(image.node.root) ?? [];
  FIXED_NAMES.set(image.node.root, named);
  const knownEnvironment = (s: Stack) => !Token.isUnresolved(s.account) && !Token.isUnresolved(s.region);
  const sameEnvironment = (other: Stack) => other === stack
    || (knownEnvironment(other) && knownEnvironment(stack) && other.account === stack.account && other.region === stack.region);
  const clash = named.find(entry => entry.imageName === imageName && sameEnvironment(entry.stack));
  named.push({ imageName, path: image.node.path, stack });
  if (!clash) return [];
  const where = clash.stack === stack ? 'in the same stack' : `in stack '${clash.stack.node.path}', of the same account (${stack.account}) and Region (${stack.region})`;
  return [`imageName '${imageName}' is also the imageName of ImportedImage '${clash.path}' ${where}; an account holds one image of a name per Region. `
    + 'Give each image its own imageName, or remove imageName so that a unique name is generated.'];
}
