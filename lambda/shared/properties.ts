import { createHash } from 'crypto';
import { ApplicationConfig } from '@aws-sdk/client-appstream';
import { UserFacingError } from './errors';
import { CREATE_ONLY_PROPERTIES, ImportProperties, RESERVED_TAG_PREFIX, SCHEMA_VERSION, TagProperty } from '../../src/contract';

/** The Import resource's properties, parsed from CloudFormation's strings. */
export interface ImportRequest {
  readonly schemaVersion: string;
  readonly sourceAmiId?: string;
  readonly workspaceImageId?: string;
  readonly iamRoleArn?: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly applications?: ApplicationConfig[];
  readonly runtimeValidationInstanceType?: string;
  readonly agentSoftwareVersion?: string;
  readonly tags: Record<string, string>;
  readonly waitHandle?: string;
  readonly timeoutSeconds: number;
  readonly pollIntervalSeconds: number;
  readonly preflight: boolean;
  readonly retain: boolean;
  /** How long a replaced image that is still in use keeps being retried for deletion. */
  readonly retireTimeoutSeconds: number;
  /** How long a replaced image shared with other accounts stays shared before it is unshared and deleted. */
  readonly sharedGraceSeconds: number;
}

const DEFAULT_TIMEOUT_SECONDS = 7200;
const DEFAULT_POLL_INTERVAL_SECONDS = 30;
/** Resources written before the property existed get the construct's default (7 days). */
export const DEFAULT_RETIRE_TIMEOUT_SECONDS = 7 * 24 * 3600;
/** Resources written before the property existed get the construct's default (7 days). */
export const DEFAULT_SHARED_GRACE_SECONDS = 7 * 24 * 3600;

/** CloudFormation sends "true"/"false"; older templates or tests may send booleans. */
export function parseBoolean(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (value === true || value === 'true' || value === 'True' || value === 'TRUE') return true;
  if (value === false || value === 'false' || value === 'False' || value === 'FALSE') return false;
  throw new UserFacingError(`${name} must be "true" or "false", got ${JSON.stringify(value)}.`);
}

/** CloudFormation sends numbers as strings ("7200"). */
export function parseSeconds(value: unknown, fallback: number, name: string): number {
  if (value === undefined || value === null || value === '') return fallback;
  const seconds = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UserFacingError(`${name} must be a positive number of seconds, got ${JSON.stringify(value)}.`);
  }
  return seconds;
}

const optional = (value: unknown): string | undefined =>
  value === undefined || value === null || value === '' ? undefined : String(value);

export function parseImportProperties(properties: ImportProperties): ImportRequest {
  return {
    schemaVersion: optional(properties.SchemaVersion) ?? SCHEMA_VERSION,
    sourceAmiId: optional(properties.SourceAmiId),
    workspaceImageId: optional(properties.WorkspaceImageId),
    iamRoleArn: optional(properties.IamRoleArn),
    displayName: optional(properties.DisplayName),
    description: optional(properties.Description),
    applications: properties.Applications?.map(app => ({
      Name: String(app.Name),
      DisplayName: optional(app.DisplayName),
      AbsoluteAppPath: String(app.AbsoluteAppPath),
      AbsoluteIconPath: optional(app.AbsoluteIconPath),
      AbsoluteManifestPath: optional(app.AbsoluteManifestPath),
      WorkingDirectory: optional(app.WorkingDirectory),
      LaunchParameters: optional(app.LaunchParameters),
    })),
    runtimeValidationInstanceType: optional(properties.RuntimeValidationInstanceType),
    agentSoftwareVersion: optional(properties.AgentSoftwareVersion),
    tags: tagMap(properties.Tags),
    waitHandle: optional(properties.WaitHandle),
    timeoutSeconds: parseSeconds(properties.TimeoutSeconds, DEFAULT_TIMEOUT_SECONDS, 'TimeoutSeconds'),
    pollIntervalSeconds: parseSeconds(properties.PollIntervalSeconds, DEFAULT_POLL_INTERVAL_SECONDS, 'PollIntervalSeconds'),
    preflight: parseBoolean(properties.Preflight, true, 'Preflight'),
    retain: String(properties.RemovalPolicy ?? 'destroy').toLowerCase() === 'retain',
    retireTimeoutSeconds: parseSeconds(properties.RetireTimeoutSeconds, DEFAULT_RETIRE_TIMEOUT_SECONDS, 'RetireTimeoutSeconds'),
    sharedGraceSeconds: parseSeconds(properties.SharedGraceSeconds, DEFAULT_SHARED_GRACE_SECONDS, 'SharedGraceSeconds'),
  };
}

/** The user's tags as the API wants them; the library's own tags (owner, properties) are the handler's. */
function tagMap(tags: TagProperty[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (!String(tag.Key).startsWith(RESERVED_TAG_PREFIX)) map[String(tag.Key)] = String(tag.Value ?? '');
  }
  return map;
}

/** A stable JSON form: keys sorted, empty values dropped. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().filter(k => v[k] !== undefined && v[k] !== '').map(k => [k, v[k]]));
    }
    return v;
  }) ?? '';
}

/**
 * Create-only properties whose value differs between two versions of the resource. Compared
 * the way imageNameFor hashes them (inside an object, so '' and absent are the same): a
 * property reported as changed always gives a new generated name.
 */
export function changedCreateOnlyProperties(before: ImportProperties, after: ImportProperties): string[] {
  return CREATE_ONLY_PROPERTIES.filter(key => canonical({ [key]: before[key] }) !== canonical({ [key]: after[key] }));
}

/**
 * The image's name: the fixed one, or the prefix and a hash of every create-only property, so
 * that a retried create finds the same name and a replacement gets a new one.
 */
export function imageNameFor(properties: ImportProperties): string {
  const fixed = optional(properties.ImageName);
  if (fixed) return fixed;
  return `${namePrefixOf(properties.NamePrefix)}-${createOnlyHash(properties).slice(0, 10)}`;
}

/**
 * The prefix of a generated name, made to fit IMAGE_NAME_PATTERN whatever the template holds:
 * at most 89 characters (with '-' and 10 hex digits, 100), other characters than letters,
 * digits, '_', '.' and '-' replaced by '-', and a letter or digit first. The construct's
 * prefixes (Names.uniqueResourceName: letters, digits and '-') pass through unchanged, so
 * their names stay what they were.
 */
function namePrefixOf(value: string | undefined): string {
  const cleaned = (optional(value) ?? '').replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, '').slice(0, 89);
  return cleaned === '' ? 'ImportedImage' : cleaned;
}

/** A hash of every create-only property: equal hashes, the same image (the properties tag holds it). */
export function createOnlyHash(properties: ImportProperties): string {
  const createOnly = Object.fromEntries(CREATE_ONLY_PROPERTIES.map(key => [key, properties[key]]));
  return createHash('sha256').update(canonical(createOnly)).digest('hex').slice(0, 32);
}
