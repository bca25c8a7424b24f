/**
 * The request rules of CreateImportedImage (and a few of this library's own), as pure functions
 * of plain values. Each returns the problems it finds, every one naming the prop, showing the
 * value and stating the rule (and the fix where there is one).
 *
 * Used by the construct at synth time (on the values that are not tokens) and by the handler at
 * deploy time, so this file must import nothing from aws-cdk-lib or constructs: it is bundled
 * into the Lambda function. Not part of the public API.
 */
import { OWNER_TAG_KEY, PROPERTIES_TAG_KEY, RESERVED_TAG_PREFIX } from './contract';

/** The agent versions the service accepts. */
export const AGENT_SOFTWARE_VERSIONS = ['CURRENT_LATEST', 'ALWAYS_LATEST'] as const;

export const MAX_APPLICATIONS = 50;
/** An image holds at most 50 tags, and the handler adds two of its own (owner and properties). */
export const MAX_TAGS = 48;
export const MIN_POLL_INTERVAL_SECONDS = 10;
export const MAX_POLL_INTERVAL_SECONDS = 15 * 60;
export const MAX_TIMEOUT_SECONDS = 12 * 3600;

const PATH_MAX = 32767;

/**
 * An image name as the service accepts it: a letter or a digit, then letters, digits, `_`, `.`
 * or `-`, 1 to 100 characters in all. The service's pattern is `^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$`
 * (the first character is not `_`, `.` or `-`, which the API's prose omits) and its length
 * 1 to 100; this is both. The one rule for the construct, the handler's deploy-time check, the
 * generated names, its delete, the `check` command and the test endpoint.
 */
export const IMAGE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$/;
export const MAX_IMAGE_NAME_LENGTH = 100;

/** True for a string that can be an image name (a physical id that is not one names nothing to delete). */
export function isImageName(value: string): boolean {
  return IMAGE_NAME_PATTERN.test(value);
}
const APP_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$/;
const APP_DISPLAY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_. -]{0,99}$/;
const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
const WORKSPACE_IMAGE_ID = /^wsi-[0-9a-z]{9,63}$/;
const INSTANCE_FAMILIES = ['GeneralPurpose', 'ComputeOptimized', 'MemoryOptimized', 'Accelerated'] as const;
/** What a bare EC2 instance type looks like (`t3.large`, `m7i-flex.xlarge`), for a suggestion. */
const EC2_TYPE = /^[a-z]+\d[a-z0-9-]*\.[a-z0-9-]+$/;
const STREAM_TYPE = /^stream(\.[a-z0-9-]+){2,3}$/;
const SERVICE_TYPE = new RegExp(`^(${INSTANCE_FAMILIES.join('|')})\\.[a-z][a-z0-9-]*\\.[a-z0-9-]+$`);

/** One application, in the construct's field names. */
export interface ApplicationFields {
  readonly name?: string;
  readonly displayName?: string;
  readonly absoluteAppPath?: string;
  readonly absoluteIconPath?: string;
  readonly absoluteManifestPath?: string;
  readonly workingDirectory?: string;
  readonly launchParameters?: string;
}

/** One tag (a field left undefined is not checked, e.g. because it is a token). */
export interface TagFields {
  readonly key?: string;
  readonly value?: string;
}

/**
 * Whether a value is known. The construct passes one that is false for unresolved tokens, which
 * are then skipped (the handler checks them at deploy time, when they are known).
 */
export type IsKnown = (value: string) => boolean;

const ALL_KNOWN: IsKnown = () => true;

/** A value that is neither absent nor null (JavaScript users can pass null). */
function given(value: string | undefined | null): value is string {
  return value !== undefined && value !== null;
}

/** A value for a message: single-quoted, control characters escaped, long ones cut short. */
export function show(value: string): string {
  const chars = Array.from(value);
  const cut = chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : value;
  return `'${JSON.stringify(cut).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** Length in characters (code points), as the service counts them. */
function lengthOf(value: string): number {
  return Array.from(value).length;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A length rule: `min` to `max` characters. */
function checkLength(prop: string, value: string, min: number, max: number, hint = ''): string[] {
  const length = lengthOf(value);
  if (length < min) return [`${prop} is empty; it must be ${min} to ${max} characters${hint}.`];
  if (length > max) return [`${prop} ${show(value)} is ${length} characters long; the maximum is ${max}${hint}.`];
  return [];
}

/** `imageName` (or the handler's ImageName): IMAGE_NAME_PATTERN. */
export function checkImageName(value: string, prop = 'imageName'): string[] {
  const fix = ', or omit it to have a unique name generated';
  const length = checkLength(prop, value, 1, MAX_IMAGE_NAME_LENGTH, fix);
  if (length.length > 0) return length;
  if (isImageName(value)) return [];
  if (/[^a-zA-Z0-9_.-]/.test(value)) {
    return [`${prop} ${show(value)} contains ${badCharacters(value, /[a-zA-Z0-9_.-]/)}: use only letters, digits, '_', '.' and '-'.`];
  }
  return [`${prop} ${show(value)} starts with ${show(Array.from(value)[0])}: the service wants a letter or a digit first (then letters, digits, '_', '.' and '-').`];
}

/** The distinct characters of `value` that `allowed` does not match, for a message. */
function badCharacters(value: string, allowed: RegExp): string {
  const bad = [...new Set(Array.from(value).filter(c => !allowed.test(c)))].map(show);
  return bad.length === 1 ? bad[0] : `${bad.slice(0, -1).join(', ')} and ${bad[bad.length - 1]}`;
}

/** `displayName`: at most 100 characters. */
export function checkDisplayName(value: string, prop = 'displayName'): string[] {
  return checkLength(prop, value, 0, 100);
}

/** `description`: at most 256 characters. */
export function checkDescription(value: string, prop = 'description'): string[] {
  return checkLength(prop, value, 0, 256);
}

/** `agentSoftwareVersion`: one of the values the service accepts. */
export function checkAgentSoftwareVersion(value: string, prop = 'agentSoftwareVersion'): string[] {
  if ((AGENT_SOFTWARE_VERSIONS as readonly string[]).includes(value)) return [];
  return [`${prop} ${show(value)} is not an agent version the service accepts: use ${AGENT_SOFTWARE_VERSIONS.map(v => `AgentSoftwareVersion.${v}`).join(' or ')}.`];
}

/**
 * Exactly one source: `hasAmiId` / `hasWorkspaceImageId` say whether each is given (a token counts as given).
 */
export function checkSourceCount(hasAmiId: boolean, hasWorkspaceImageId: boolean, prop = 'source'): string[] {
  if (hasAmiId && hasWorkspaceImageId) {
    return [`${prop} gives both an AMI id and a WorkSpaces image id; an image has exactly one source: use ImageSource.fromAmiId(), fromMachineImage() or fromWorkspaceImageId().`];
  }
  if (!hasAmiId && !hasWorkspaceImageId) {
    return [`${prop} gives neither an AMI id nor a WorkSpaces image id; an image has exactly one source: use ImageSource.fromAmiId(), fromMachineImage() or fromWorkspaceImageId().`];
  }
  return [];
}

/** An AMI id: `ami-` and 8 or 17 hex digits. */
export function checkAmiId(value: string, prop = 'source'): string[] {
  if (AMI_ID.test(value)) return [];
  return [`${prop} AMI id ${show(value)} is not an AMI id: expected 'ami-' followed by 8 or 17 lowercase hexadecimal digits (for example 'ami-0123456789abcdef0').`];
}

/** A WorkSpaces image id: `wsi-` and 9 to 63 lowercase letters or digits. */
export function checkWorkspaceImageId(value: string, prop = 'source'): string[] {
  if (WORKSPACE_IMAGE_ID.test(value)) return [];
  return [`${prop} WorkSpaces image id ${show(value)} is not a WorkSpaces image id: expected 'wsi-' followed by 9 to 63 lowercase letters or digits (for example 'wsi-0123456789abc').`];
}

/** No import role with a WorkSpaces image source. */
export function checkRoleWithSource(hasRole: boolean, workspaceImageId: string | undefined, prop = 'role'): string[] {
  if (!hasRole || workspaceImageId === undefined) return [];
  return [`${prop} is set, but the source is a WorkSpaces image, which is imported without a role: remove ${prop}.`];
}

/** `runtimeValidationInstanceType`: the service's form of an instance type. */
export function checkInstanceType(value: string, prop = 'runtimeValidationInstanceType'): string[] {
  if (STREAM_TYPE.test(value) || SERVICE_TYPE.test(value)) return [];
  const suggestion = suggestInstanceType(value);
  return [
    `${prop} ${show(value)} is not an instance type in the service's form: expected 'stream.<family>.<size>' ` +
    `(for example 'stream.standard.medium') or ${INSTANCE_FAMILIES.map(f => `'${f}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')} ` +
    `followed by '.' and an EC2 instance type (for example 'GeneralPurpose.t3.large').${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
  ];
}

/** The service's form of a bare EC2 type or of a wrongly-cased one, when there is an obvious one. */
function suggestInstanceType(value: string): string | undefined {
  const lower = value.toLowerCase();
  for (const family of INSTANCE_FAMILIES) {
    if (lower.startsWith(`${family.toLowerCase()}.`)) {
      const candidate = `${family}.${lower.slice(family.length + 1)}`;
      return SERVICE_TYPE.test(candidate) ? candidate : undefined;
    }
  }
  if (lower.startsWith('stream.')) return STREAM_TYPE.test(lower) ? lower : undefined;
  if (!EC2_TYPE.test(lower)) return undefined;
  const family = /^(g|p|inf|trn|dl|f|vt)\d/.test(lower) ? 'Accelerated'
    : /^c\d/.test(lower) ? 'ComputeOptimized'
      : /^(r|x|z|u-)/.test(lower) ? 'MemoryOptimized'
        : 'GeneralPurpose';
  return `${family}.${lower}`;
}

/** `applications`: at most 50, unique names, and each application's fields. */
export function checkApplications(
  apps: ReadonlyArray<ApplicationFields | undefined>, known: IsKnown = ALL_KNOWN, prop = 'applications',
): string[] {
  const problems: string[] = [];
  if (apps.length > MAX_APPLICATIONS) {
    problems.push(`${prop} has ${apps.length} entries; the maximum is ${MAX_APPLICATIONS}.`);
  }
  const firstWithName = new Map<string, number>();
  apps.forEach((app, i) => {
    const at = `${prop}[${i}]`;
    if (app === undefined || app === null) return;
    problems.push(...checkApplication(app, at, known));
    if (given(app.name) && known(app.name)) {
      const first = firstWithName.get(app.name);
      if (first === undefined) {
        firstWithName.set(app.name, i);
      } else {
        problems.push(`${at}.name ${show(app.name)} is also the name of ${prop}[${first}]; application names must be unique: rename one of them.`);
      }
    }
  });
  return problems;
}

/** One application's fields; `at` is how messages name it (`applications[2]`). */
export function checkApplication(app: ApplicationFields, at: string, known: IsKnown = ALL_KNOWN): string[] {
  const problems: string[] = [];
  const check = (value: string | undefined): value is string => given(value) && known(value);
  if (!given(app.name)) {
    problems.push(`${at}.name is missing; every application needs a name.`);
  } else if (check(app.name)) {
    problems.push(...checkPattern(`${at}.name`, app.name, APP_NAME, 100,
      "it must start with a letter or digit, followed by letters, digits, '_', '.' or '-'"));
  }
  if (check(app.displayName)) {
    problems.push(...checkPattern(`${at}.displayName`, app.displayName, APP_DISPLAY_NAME, 100,
      "it must start with a letter or digit, followed by letters, digits, spaces, '_', '.' or '-'"));
  }
  if (!given(app.absoluteAppPath)) {
    problems.push(`${at}.absoluteAppPath is missing; every application needs the absolute path of its executable.`);
  } else if (check(app.absoluteAppPath)) {
    problems.push(...checkLength(`${at}.absoluteAppPath`, app.absoluteAppPath, 1, PATH_MAX));
  }
  if (check(app.absoluteIconPath)) {
    problems.push(...checkLength(`${at}.absoluteIconPath`, app.absoluteIconPath, 1, PATH_MAX, ', or omit it'));
  }
  if (check(app.absoluteManifestPath)) {
    problems.push(...checkLength(`${at}.absoluteManifestPath`, app.absoluteManifestPath, 1, PATH_MAX, ', or omit it'));
  }
  if (check(app.workingDirectory)) {
    problems.push(...checkLength(`${at}.workingDirectory`, app.workingDirectory, 0, PATH_MAX));
  }
  if (check(app.launchParameters)) {
    // Launch parameters may hold secrets: their value is never shown.
    const length = lengthOf(app.launchParameters);
    if (length > 1024) {
      problems.push(`${at}.launchParameters is ${length} characters long (value not shown: it may hold secrets); the maximum is 1024.`);
    }
  }
  return problems;
}

/** A pattern rule that includes a length: the length is reported first, as it is the clearer message. */
function checkPattern(prop: string, value: string, pattern: RegExp, max: number, rule: string): string[] {
  const length = checkLength(prop, value, 1, max);
  if (length.length > 0) return length;
  if (pattern.test(value)) return [];
  return [`${prop} ${show(value)} is not valid: ${rule}.`];
}

/**
 * The image's tags: at most 48 (the handler adds two of its own, and an image holds 50), keys
 * 1 to 128 characters not starting with `aws:` or this library's prefix, values at most 256 characters.
 */
export function checkTags(tags: ReadonlyArray<TagFields>, known: IsKnown = ALL_KNOWN): string[] {
  const count = tags.length;
  const problems: string[] = [];
  if (count > MAX_TAGS) {
    problems.push(`${count} tags are applied to the image; the maximum is ${MAX_TAGS} (an image holds 50, and this library adds its own ${OWNER_TAG_KEY} and ${PROPERTIES_TAG_KEY} tags): remove ${count - MAX_TAGS} of them.`);
  }
  for (const tag of tags) {
    const key = given(tag.key) && known(tag.key) ? tag.key : undefined;
    const value = given(tag.value) && known(tag.value) ? tag.value : undefined;
    if (key !== undefined) {
      problems.push(...checkLength('tag key', key, 1, 128));
      if (key.toLowerCase().startsWith('aws:')) {
        problems.push(`tag key ${show(key)} starts with 'aws:', a prefix reserved for AWS: use another key.`);
      }
      if (key.startsWith(RESERVED_TAG_PREFIX)) {
        problems.push(`tag key ${show(key)} is reserved: this library uses the '${RESERVED_TAG_PREFIX}' prefix to mark the stack that owns the image. Use another key.`);
      }
    }
    if (value !== undefined) {
      const length = lengthOf(value);
      if (length > 256) {
        problems.push(`tag ${key === undefined ? '(key is a token)' : show(key)} value ${show(value)} is ${length} characters long; the maximum is 256.`);
      }
    }
  }
  return problems;
}

/** A number of seconds as people say it: `90` is "1 minute 30 seconds". */
export function humanSeconds(total: number): string {
  if (!Number.isInteger(total) || total < 60) return plural(total, 'second');
  const parts: string[] = [];
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) parts.push(plural(hours, 'hour'));
  if (minutes > 0) parts.push(plural(minutes, 'minute'));
  if (seconds > 0) parts.push(plural(seconds, 'second'));
  return parts.join(' ');
}

/** `pollInterval`: a whole number of seconds, 10 seconds to 15 minutes. */
export function checkPollInterval(seconds: number, prop = 'pollInterval'): string[] {
  if (!Number.isInteger(seconds)) {
    return [`${prop} ${humanSeconds(seconds)} is not a whole number of seconds.`];
  }
  if (seconds < MIN_POLL_INTERVAL_SECONDS || seconds > MAX_POLL_INTERVAL_SECONDS) {
    return [`${prop} ${humanSeconds(seconds)} is out of range: it must be between ${humanSeconds(MIN_POLL_INTERVAL_SECONDS)} and ${humanSeconds(MAX_POLL_INTERVAL_SECONDS)}.`];
  }
  return [];
}

/** `timeout` on its own: a whole number of seconds, at most 12 hours. */
export function checkTimeout(seconds: number, prop = 'timeout'): string[] {
  if (!Number.isInteger(seconds)) {
    return [`${prop} ${humanSeconds(seconds)} is not a whole number of seconds.`];
  }
  if (seconds > MAX_TIMEOUT_SECONDS) {
    return [`${prop} ${humanSeconds(seconds)} is too long: the maximum is ${humanSeconds(MAX_TIMEOUT_SECONDS)}, the longest a CloudFormation wait condition waits.`];
  }
  return [];
}

/**
 * `timeout` against `pollInterval`: at least one check. (There is no upper bound on the number
 * of checks: the poller continues in a new execution before its history fills.) Only called
 * when both are valid on their own.
 */
export function checkTimeoutAndPollInterval(timeoutSeconds: number, pollIntervalSeconds: number): string[] {
  if (timeoutSeconds < pollIntervalSeconds) {
    return [`timeout ${humanSeconds(timeoutSeconds)} is shorter than pollInterval ${humanSeconds(pollIntervalSeconds)}: the image would never be checked. Raise timeout or lower pollInterval.`];
  }
  return [];
}

/** All three timing rules, the combined one only when each value is valid on its own. */
export function checkTiming(timeoutSeconds: number | undefined, pollIntervalSeconds: number | undefined): string[] {
  const timeout = timeoutSeconds === undefined ? [] : checkTimeout(timeoutSeconds);
  const poll = pollIntervalSeconds === undefined ? [] : checkPollInterval(pollIntervalSeconds);
  const both = timeoutSeconds !== undefined && pollIntervalSeconds !== undefined && timeout.length === 0 && poll.length === 0
    ? checkTimeoutAndPollInterval(timeoutSeconds, pollIntervalSeconds)
    : [];
  return [...timeout, ...poll, ...both];
}

/**
 * An SSM parameter name this library writes (`parameterName`): the service's characters and
 * length, a hierarchy that starts with '/', and no 'aws' or 'ssm' prefix (SSM reserves both, in
 * any case).
 */
export function checkParameterName(value: string, prop = 'parameterName'): string[] {
  if (!/^[a-zA-Z0-9_.\-/]{1,1011}$/.test(value)) {
    return [`${prop} ${show(value)} is not a valid SSM parameter name; use 1 to 1011 letters, digits, '_', '.', '-' and '/'.`];
  }
  const problems: string[] = [];
  if (value.includes('/') && !value.startsWith('/')) {
    problems.push(`${prop} ${show(value)} is a relative name: an SSM parameter name with '/' must start with '/' (for example ${show(`/${value}`)}).`);
  }
  const reserved = /^\/?(aws|ssm)/i.exec(value);
  if (reserved) {
    problems.push(`${prop} ${show(value)} starts with '${reserved[1]}', a prefix SSM reserves ('aws' and 'ssm', in any case): use another name, for example '/golden/image-arn'.`);
  }
  return problems;
}
