/**
 * The AMI import requirements of WorkSpaces Applications (AppStream 2.0), checked against EC2's
 * own description of the AMI. Shared by the deploy-time pre-flight (lambda/preflight/preflight.ts) and the
 * `check` command (lambda/cli/), so that both judge an AMI the same way and say the same thing.
 * Takes its EC2 client as an argument: it pulls in no other client.
 */
import type { DescribeImagesCommand, EC2Client, Image } from '@aws-sdk/client-ec2';
import { withRetries } from '../aws/retry';
import { errorMessage, errorName } from '../shared/errors';

/** One import requirement and how the AMI fares against it. */
export interface Requirement {
  /** What is required, e.g. "TPM support v2.0". */
  readonly name: string;
  readonly passed: boolean;
  /** What the AMI has, e.g. "none". */
  readonly found: string;
  /** When it fails: what is wrong, e.g. "TPM support is missing". Empty when it passes. */
  readonly detail: string;
  /** When it fails: how to fix it. Empty when it passes. */
  readonly fix: string;
}

export const MAX_VOLUME_GB = 500;
/** The EBS volume types the import accepts (admin guide, importing an image). */
export const VOLUME_TYPES = ['gp2', 'gp3'];
/**
 * The operating system the service documents for an imported AMI: Windows Server 2022 Full Base
 * (admin guide, importing an image; API reference, CreateImportedImage SourceAmiId). Later
 * versions are not documented: the pre-flight cannot tell the version (EC2 reports "Windows"
 * only) and does not claim them.
 */
export const DOCUMENTED_OS = 'Windows Server 2022 Full Base';
export const ROOT_DEVICE = '/dev/sda1';
/** A base AMI that meets every requirement but ownership (copy it, or build from it). */
export const COMPLIANT_BASE_AMI = 'TPM-Windows_Server-2022-English-Full-Base';

/** A failed requirement as one line: "<what is wrong> (found <value>): <fix>". */
export function violationLine(failed: Requirement): string {
  return `${failed.detail} (found ${failed.found}): ${failed.fix}`;
}

function requirement(name: string, passed: boolean, found: string, detail: string, fix: string): Requirement {
  return passed ? { name, passed, found, detail: '', fix: '' } : { name, passed, found, detail, fix };
}

/**
 * Every requirement, in a fixed order, judged from the DescribeImages answer. Pure: no calls.
 * `accountId` is the account that imports the AMI (it must own it).
 */
export function evaluateAmi(image: Image, accountId: string): Requirement[] {
  const id = image.ImageId ?? 'the AMI';
  const ebs = (image.BlockDeviceMappings ?? []).filter(mapping => mapping.Ebs !== undefined && mapping.NoDevice === undefined);
  const device = (name: string | undefined) => name ?? '(no device name)';
  const encrypted = ebs.filter(mapping => mapping.Ebs?.Encrypted === true);
  const oversized = ebs.filter(mapping => (mapping.Ebs?.VolumeSize ?? 0) > MAX_VOLUME_GB);
  const sizes = ebs.map(mapping => `${device(mapping.DeviceName)} ${mapping.Ebs?.VolumeSize ?? '?'} GB`).join(', ');
  // EC2 reports the type of every EBS mapping of an AMI; one without a type is left to the service.
  const wrongType = ebs.filter(mapping => mapping.Ebs?.VolumeType !== undefined && !VOLUME_TYPES.includes(String(mapping.Ebs.VolumeType)));
  const types = ebs.map(mapping => `${device(mapping.DeviceName)} ${mapping.Ebs?.VolumeType ?? 'type not set'}`).join(', ');
  const state = image.State ?? 'unknown';

  return [
    requirement(`owned by this account (${accountId})`, image.OwnerId === accountId,
      `owner ${image.OwnerId ?? 'unknown'}${image.ImageOwnerAlias ? ` (${image.ImageOwnerAlias})` : ''}`,
      'the AMI belongs to another account (public and shared AMIs cannot be imported)',
      `copy it into this account (aws ec2 copy-image --source-image-id ${id} --source-region <its Region> --name <name>) and import the copy`),

    requirement('state available', state === 'available',
      image.StateReason?.Message ? `${state}: ${image.StateReason.Message}` : state,
      'the AMI is not available',
      state === 'pending'
        ? `wait until it is available (aws ec2 wait image-available --image-ids ${id}) and try again`
        : `an AMI in state ${state} cannot become available: create the AMI again (or enable it, if it is disabled)`),

    requirement('not encrypted', encrypted.length === 0,
      encrypted.length > 0 ? `encrypted: ${encrypted.map(m => device(m.DeviceName)).join(', ')}` : 'no encrypted volume',
      'the AMI has encrypted EBS snapshots (encrypted AMIs cannot be imported)',
      'create the AMI again from an instance whose volumes are not encrypted (EBS encryption by default must be off while you build it: ' +
      'aws ec2 get-ebs-encryption-by-default); copying cannot remove encryption'),

    requirement('architecture x86_64', image.Architecture === 'x86_64',
      image.Architecture ?? 'unknown',
      'the AMI is not x86_64',
      `start from an x86_64 ${DOCUMENTED_OS} AMI, for example \`${COMPLIANT_BASE_AMI}\` (arm64 and i386 are not supported)`),

    requirement('virtualization HVM', image.VirtualizationType === 'hvm',
      image.VirtualizationType ?? 'unknown',
      'the AMI is not HVM',
      `start from an HVM AMI, for example \`${COMPLIANT_BASE_AMI}\` (paravirtual AMIs cannot be imported)`),

    requirement('boot mode uefi', image.BootMode === 'uefi',
      image.BootMode ?? 'not set (legacy-bios)',
      'the AMI does not boot with UEFI',
      `register the AMI again from its snapshot with \`--boot-mode uefi\` (Windows must be installed on a GPT disk: convert it with mbr2gpt first), or start from a \`${COMPLIANT_BASE_AMI}\` AMI`),

    requirement('TPM support v2.0', image.TpmSupport === 'v2.0',
      image.TpmSupport ?? 'none',
      'TPM support is missing',
      `register the AMI with \`--tpm-support v2.0\`, or start from a \`${COMPLIANT_BASE_AMI}\` AMI`),

    requirement('ENA support', image.EnaSupport === true,
      image.EnaSupport === false ? 'false' : 'not set',
      'ENA support is not enabled',
      `register the AMI again from its snapshot with \`--ena-support\` (the ENA driver must be installed in Windows), or start from a \`${COMPLIANT_BASE_AMI}\` AMI`),

    // EC2 answers "windows"; the SDK's enum spells it "Windows".
    requirement('platform Windows', String(image.Platform ?? '').toLowerCase() === 'windows',
      image.Platform ?? image.PlatformDetails ?? 'Linux/UNIX',
      'the AMI is not a Windows AMI',
      `start from a ${DOCUMENTED_OS} AMI, for example \`${COMPLIANT_BASE_AMI}\``),

    requirement('exactly one EBS volume', ebs.length === 1,
      ebs.length === 0 ? 'no EBS volume' : `${ebs.length} EBS volumes (${ebs.map(m => device(m.DeviceName)).join(', ')})`,
      ebs.length === 0 ? 'the AMI has no EBS volume (instance-store AMIs cannot be imported)' : 'the AMI has more than one EBS volume',
      ebs.length === 0
        ? `start from an EBS-backed Windows AMI, for example \`${COMPLIANT_BASE_AMI}\``
        : 'create the AMI with its root volume only: detach the other volumes, or leave them out with ' +
          '`aws ec2 create-image --block-device-mappings \'[{"DeviceName":"xvdf","NoDevice":""}]\'`'),

    requirement(`EBS volume at most ${MAX_VOLUME_GB} GB`, oversized.length === 0,
      ebs.length > 0 ? sizes : 'no EBS volume',
      `a volume is larger than ${MAX_VOLUME_GB} GB`,
      `EBS volumes cannot shrink: build the image on an instance whose root volume is ${MAX_VOLUME_GB} GB or less and create the AMI again`),

    requirement(`EBS volume type ${VOLUME_TYPES.join(' or ')}`, wrongType.length === 0,
      ebs.length > 0 ? types : 'no EBS volume',
      `a volume is not ${VOLUME_TYPES.join(' or ')}`,
      `launch an instance from it with a gp3 root volume (\`aws ec2 run-instances --image-id ${id} --block-device-mappings 'DeviceName=${ROOT_DEVICE},Ebs={VolumeType=gp3}' …\`) ` +
      'and create the AMI from that instance (aws ec2 create-image)'),

    requirement(`root device ${ROOT_DEVICE}`, image.RootDeviceName === ROOT_DEVICE,
      image.RootDeviceName ?? 'none',
      `the root device is not ${ROOT_DEVICE}`,
      `register the AMI again from its snapshot with \`--root-device-name ${ROOT_DEVICE}\` (the Windows default)`),
  ];
}

/** EC2's answers for an AMI id that names no AMI this account can see. */
const MISSING = new Set(['InvalidAMIID.NotFound', 'InvalidAMIID.Malformed', 'InvalidAMIID.Unavailable']);

/** The requirement that comes before every other: the AMI can be read at all. */
export function existenceRequirement(amiId: string, region: string, accountId: string, missing?: string): Requirement {
  return requirement(`AMI exists and is visible to account ${accountId} in ${region}`, missing === undefined,
    missing ?? amiId,
    `AMI ${amiId} does not exist in ${region} or is not visible to account ${accountId}`,
    'check the AMI id and that you deploy to the AMI\'s Region (copy it with aws ec2 copy-image otherwise); ' +
    'an AMI of another account must be shared with this one and then copied into it');
}

/**
 * Reads the AMI with EC2 DescribeImages (throttling and 5xx retried) and judges it: the
 * existence requirement first, then, when the AMI could be read, every other one. Throws what
 * EC2 answered when that is neither the AMI nor "no such AMI" (permissions, network).
 */
export async function checkAmiRequirements(
  ec2: EC2Client,
  // Passed in, not imported: the handler loads the EC2 client only when the pre-flight runs.
  Describe: typeof DescribeImagesCommand,
  amiId: string,
  accountId: string,
  options: { readonly retries?: boolean } = {},
): Promise<Requirement[]> {
  const region = await ec2.config.region();
  const describe = () => ec2.send(new Describe({ ImageIds: [amiId] }));
  let image: Image | undefined;
  let missing: string | undefined;
  try {
    // The handler retries on top of the SDK (and logs each retry); the check command has only the SDK's retries.
    const answer = options.retries === false
      ? await describe()
      : await withRetries(describe, { what: 'ec2:DescribeImages', maxElapsedMs: 60_000 });
    image = answer.Images?.find(candidate => candidate.ImageId === amiId);
    if (!image) missing = 'no such AMI in the DescribeImages answer';
  } catch (error) {
    if (!MISSING.has(errorName(error))) throw error;
    missing = `${errorName(error)}: ${errorMessage(error)}`;
  }
  const exists = existenceRequirement(amiId, region, accountId, missing);
  return image ? [exists, ...evaluateAmi(image, accountId)] : [exists];
}
