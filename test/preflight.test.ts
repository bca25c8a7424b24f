/** The AMI import requirements, judged from EC2's description of the AMI (no calls). */
import { Image } from '@aws-sdk/client-ec2';
import { evaluateAmi, existenceRequirement, Requirement, violationLine } from '../lambda/preflight/ami-requirements';

const ACCOUNT = '123456789012';
const AMI = 'ami-0123456789abcdef0';

/** What DescribeImages answers for an AMI that meets every requirement. */
function compliant(overrides: Partial<Image> = {}): Image {
  return {
    ImageId: AMI,
    OwnerId: ACCOUNT,
    State: 'available',
    Architecture: 'x86_64',
    VirtualizationType: 'hvm',
    BootMode: 'uefi',
    TpmSupport: 'v2.0',
    EnaSupport: true,
    Platform: 'windows' as any, // what EC2 sends (the SDK's enum says "Windows")
    PlatformDetails: 'Windows',
    RootDeviceName: '/dev/sda1',
    RootDeviceType: 'ebs',
    BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 50, Encrypted: false, SnapshotId: 'snap-0123456789abcdef0', VolumeType: 'gp3' } }],
    ...overrides,
  };
}

const failed = (requirements: Requirement[]) => requirements.filter(r => !r.passed);

test('a compliant AMI passes every requirement, in a fixed order', () => {
  const requirements = evaluateAmi(compliant(), ACCOUNT);
  expect(requirements.map(r => [r.name, r.passed])).toEqual([
    [`owned by this account (${ACCOUNT})`, true],
    ['state available', true],
    ['not encrypted', true],
    ['architecture x86_64', true],
    ['virtualization HVM', true],
    ['boot mode uefi', true],
    ['TPM support v2.0', true],
    ['ENA support', true],
    ['platform Windows', true],
    ['exactly one EBS volume', true],
    ['EBS volume at most 500 GB', true],
    ['EBS volume type gp2 or gp3', true],
    ['root device /dev/sda1', true],
  ]);
  for (const r of requirements) {
    expect(r.detail).toBe('');
    expect(r.fix).toBe('');
  }
});

test('the platform is accepted as EC2 sends it (windows) and as the SDK spells it (Windows)', () => {
  expect(failed(evaluateAmi(compliant({ Platform: 'Windows' }), ACCOUNT))).toEqual([]);
});

test('a volume of exactly 500 GB and an instance-store mapping next to the EBS volume pass', () => {
  const image = compliant({
    BlockDeviceMappings: [
      { DeviceName: '/dev/sda1', Ebs: { VolumeSize: 500, Encrypted: false } },
      { DeviceName: 'xvdca', VirtualName: 'ephemeral0' },
      { DeviceName: 'xvdf', NoDevice: '' },
    ],
  });
  expect(failed(evaluateAmi(image, ACCOUNT))).toEqual([]);
});

// Each rule broken alone: exactly that requirement fails, with its line (what is wrong, what was found, the fix).
test.each<[string, Partial<Image>, string, string]>([
  ['owned by this account (123456789012)', { OwnerId: '801119661308', ImageOwnerAlias: 'amazon' },
    'the AMI belongs to another account (public and shared AMIs cannot be imported) (found owner 801119661308 (amazon))',
    `copy it into this account (aws ec2 copy-image --source-image-id ${AMI}`],
  ['state available', { State: 'pending' },
    'the AMI is not available (found pending)',
    `wait until it is available (aws ec2 wait image-available --image-ids ${AMI})`],
  ['state available', { State: 'failed', StateReason: { Code: 'Client.SnapshotError', Message: 'Snapshot failed' } },
    'the AMI is not available (found failed: Snapshot failed)',
    'an AMI in state failed cannot become available: create the AMI again'],
  ['not encrypted', { BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 50, Encrypted: true } }] },
    'the AMI has encrypted EBS snapshots (encrypted AMIs cannot be imported) (found encrypted: /dev/sda1)',
    'create the AMI again from an instance whose volumes are not encrypted'],
  ['architecture x86_64', { Architecture: 'arm64' },
    'the AMI is not x86_64 (found arm64)',
    'start from an x86_64 Windows Server 2022 Full Base AMI'],
  ['virtualization HVM', { VirtualizationType: 'paravirtual' },
    'the AMI is not HVM (found paravirtual)',
    'start from an HVM AMI'],
  ['boot mode uefi', { BootMode: 'legacy-bios' },
    'the AMI does not boot with UEFI (found legacy-bios)',
    'register the AMI again from its snapshot with `--boot-mode uefi`'],
  ['boot mode uefi', { BootMode: undefined },
    'the AMI does not boot with UEFI (found not set (legacy-bios))',
    '`--boot-mode uefi`'],
  ['boot mode uefi', { BootMode: 'uefi-preferred' },
    'the AMI does not boot with UEFI (found uefi-preferred)',
    '`--boot-mode uefi`'],
  ['TPM support v2.0', { TpmSupport: undefined },
    'TPM support is missing (found none)',
    'register the AMI with `--tpm-support v2.0`, or start from a `TPM-Windows_Server-2022-English-Full-Base` AMI'],
  ['ENA support', { EnaSupport: false },
    'ENA support is not enabled (found false)',
    'register the AMI again from its snapshot with `--ena-support`'],
  ['ENA support', { EnaSupport: undefined },
    'ENA support is not enabled (found not set)',
    '`--ena-support`'],
  ['platform Windows', { Platform: undefined, PlatformDetails: 'Linux/UNIX' },
    'the AMI is not a Windows AMI (found Linux/UNIX)',
    'start from a Windows Server 2022 Full Base AMI'],
  ['exactly one EBS volume', {
    BlockDeviceMappings: [
      { DeviceName: '/dev/sda1', Ebs: { VolumeSize: 50, Encrypted: false } },
      { DeviceName: 'xvdf', Ebs: { VolumeSize: 100, Encrypted: false } },
    ],
  },
  'the AMI has more than one EBS volume (found 2 EBS volumes (/dev/sda1, xvdf))',
  'create the AMI with its root volume only'],
  ['EBS volume type gp2 or gp3', { BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 50, Encrypted: false, VolumeType: 'io2' } }] },
    'a volume is not gp2 or gp3 (found /dev/sda1 io2)',
    "launch an instance from it with a gp3 root volume (`aws ec2 run-instances --image-id ami-0123456789abcdef0 --block-device-mappings 'DeviceName=/dev/sda1,Ebs={VolumeType=gp3}' …`) and create the AMI from that instance (aws ec2 create-image)"],
  ['EBS volume type gp2 or gp3', { BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 50, Encrypted: false, VolumeType: 'standard' } }] },
    'a volume is not gp2 or gp3 (found /dev/sda1 standard)',
    'with a gp3 root volume'],
  ['root device /dev/sda1', { RootDeviceName: '/dev/xvda' },
    'the root device is not /dev/sda1 (found /dev/xvda)',
    'register the AMI again from its snapshot with `--root-device-name /dev/sda1`'],
])('%s fails alone: %s', (name, overrides, problem, fix) => {
  const violations = failed(evaluateAmi(compliant(overrides), ACCOUNT));
  expect(violations.map(r => r.name)).toEqual([name]);
  const line = violationLine(violations[0]);
  expect(line.startsWith(`${problem}: `)).toBe(true);
  expect(line).toContain(fix);
});

test('a volume whose type EC2 does not report is left to the service (not failed on a guess)', () => {
  const image = compliant({ BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 50, Encrypted: false } }] });
  const [type] = evaluateAmi(image, ACCOUNT).filter(r => r.name === 'EBS volume type gp2 or gp3');
  expect(type).toMatchObject({ passed: true, found: '/dev/sda1 type not set' });
});

test.each(['gp2', 'gp3'] as const)('a %s volume passes the type rule', type => {
  const image = compliant({ BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 50, Encrypted: false, VolumeType: type } }] });
  expect(failed(evaluateAmi(image, ACCOUNT))).toEqual([]);
});

test('a volume over 500 GB fails the size rule alone, naming the device and its size', () => {
  const image = compliant({ BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 501, Encrypted: false } }] });
  const violations = failed(evaluateAmi(image, ACCOUNT));
  expect(violations.map(r => r.name)).toEqual(['EBS volume at most 500 GB']);
  expect(violationLine(violations[0])).toBe(
    'a volume is larger than 500 GB (found /dev/sda1 501 GB): EBS volumes cannot shrink: build the image on an instance whose root volume is 500 GB or less and create the AMI again',
  );
});

test('an instance-store AMI (no EBS volume) fails the one-volume rule with its own message', () => {
  const image = compliant({ RootDeviceType: 'instance-store', BlockDeviceMappings: [{ DeviceName: 'sda1', VirtualName: 'ephemeral0' }] });
  const violations = failed(evaluateAmi(image, ACCOUNT));
  expect(violations.map(r => r.name)).toEqual(['exactly one EBS volume']);
  expect(violationLine(violations[0])).toContain('the AMI has no EBS volume (instance-store AMIs cannot be imported) (found no EBS volume)');
});

test('an AMI that breaks several rules at once gets every violation, each with its fix', () => {
  // A public Amazon Linux arm64 AMI: wrong on almost every count.
  const image: Image = {
    ImageId: 'ami-0fedcba9876543210',
    OwnerId: '137112412989',
    ImageOwnerAlias: 'amazon',
    State: 'available',
    Architecture: 'arm64',
    VirtualizationType: 'hvm',
    BootMode: 'uefi',
    EnaSupport: true,
    PlatformDetails: 'Linux/UNIX',
    RootDeviceName: '/dev/xvda',
    BlockDeviceMappings: [
      { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, Encrypted: true } },
      { DeviceName: '/dev/xvdb', Ebs: { VolumeSize: 600, Encrypted: true } },
    ],
  };
  const violations = failed(evaluateAmi(image, ACCOUNT));
  expect(violations.map(r => r.name)).toEqual([
    `owned by this account (${ACCOUNT})`,
    'not encrypted',
    'architecture x86_64',
    'TPM support v2.0',
    'platform Windows',
    'exactly one EBS volume',
    'EBS volume at most 500 GB',
    'root device /dev/sda1',
  ]);
  const lines = violations.map(violationLine);
  expect(lines).toEqual([
    expect.stringContaining('(found owner 137112412989 (amazon)): copy it into this account'),
    expect.stringContaining('(found encrypted: /dev/xvda, /dev/xvdb): create the AMI again'),
    expect.stringContaining('(found arm64): start from an x86_64'),
    expect.stringContaining('TPM support is missing (found none): register the AMI with `--tpm-support v2.0`'),
    expect.stringContaining('(found Linux/UNIX): start from a Windows Server'),
    expect.stringContaining('(found 2 EBS volumes (/dev/xvda, /dev/xvdb)): create the AMI with its root volume only'),
    expect.stringContaining('(found /dev/xvda 8 GB, /dev/xvdb 600 GB): EBS volumes cannot shrink'),
    expect.stringContaining('(found /dev/xvda): register the AMI again'),
  ]);
  for (const r of violations) {
    expect(r.detail).not.toBe('');
    expect(r.fix).not.toBe('');
  }
});

test('an empty DescribeImages item fails every rule that needs a value, without throwing', () => {
  const requirements = evaluateAmi({}, ACCOUNT);
  expect(requirements).toHaveLength(13);
  // Encryption, size and type hold vacuously (there is no volume); the one-volume rule fails instead.
  expect(requirements.filter(r => r.passed).map(r => r.name)).toEqual(['not encrypted', 'EBS volume at most 500 GB', 'EBS volume type gp2 or gp3']);
});

test('the existence requirement names the AMI, the Region and the account', () => {
  expect(existenceRequirement(AMI, 'eu-west-1', ACCOUNT).passed).toBe(true);
  const missing = existenceRequirement(AMI, 'eu-west-1', ACCOUNT, 'InvalidAMIID.NotFound: gone');
  expect(missing.passed).toBe(false);
  expect(violationLine(missing)).toMatch(
    new RegExp(`^AMI ${AMI} does not exist in eu-west-1 or is not visible to account ${ACCOUNT} \\(found InvalidAMIID.NotFound: gone\\): check the AMI id`),
  );
});
