/**
 * Synth-time validation of ImportedImage's properties: every request rule of the service and
 * this library's own, each with its exact message; all of one construct's problems reported
 * together; unresolved tokens left to the handler; tags (applied by Tags.of()) checked at synth.
 */
import { App, CfnParameter, Duration, Lazy, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  AgentSoftwareVersion, ApplicationConfig, ImageSource, ImageSourceConfig, ImportedImage, ImportedImageProps,
} from '../src';

const AMI = 'ami-0123456789abcdef0';
const WSI = 'wsi-0123456789abc';
const APP: ApplicationConfig = { name: 'Notepad', absoluteAppPath: 'C:\\Windows\\notepad.exe' };

/** A source whose bind() gives anything, as a third-party ImageSource could. */
class RawSource extends ImageSource {
  constructor(private readonly config: ImageSourceConfig) { super(); }
  public bind(_scope: Construct): ImageSourceConfig { return this.config; }
}

function newStack() {
  const app = new App();
  return { app, stack: new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } }) };
}

function build(props: Partial<ImportedImageProps>) {
  const { app, stack } = newStack();
  const image = new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI), ...props });
  return { app, stack, image };
}

/** The construct's error for these problems, exactly. */
const invalid = (...problems: string[]) =>
  new Error(`ImportedImage 'Stack/Image' has invalid properties:\n${problems.map(p => `- ${p}`).join('\n')}`);

const cut = (c: string) => `${c.repeat(40)}…`;
const apps = (...list: Array<Partial<ApplicationConfig>>) => list.map(a => ({ ...APP, ...a }) as ApplicationConfig);
const role = () => iam.Role.fromRoleArn(newStack().stack, 'Role', 'arn:aws:iam::111111111111:role/import');

const AMI_RULE = "expected 'ami-' followed by 8 or 17 lowercase hexadecimal digits (for example 'ami-0123456789abcdef0').";
const WSI_RULE = "expected 'wsi-' followed by 9 to 63 lowercase letters or digits (for example 'wsi-0123456789abc').";
const ONE_SOURCE = 'an image has exactly one source: use ImageSource.fromAmiId(), fromMachineImage() or fromWorkspaceImageId().';
const APP_NAME_RULE = "it must start with a letter or digit, followed by letters, digits, '_', '.' or '-'.";
const APP_DISPLAY_RULE = "it must start with a letter or digit, followed by letters, digits, spaces, '_', '.' or '-'.";
const INSTANCE_RULE = "is not an instance type in the service's form: expected 'stream.<family>.<size>' (for example 'stream.standard.medium') " +
  "or 'GeneralPurpose', 'ComputeOptimized', 'MemoryOptimized' or 'Accelerated' followed by '.' and an EC2 instance type (for example 'GeneralPurpose.t3.large').";

const BAD_INPUTS: Array<[string, Partial<ImportedImageProps>, string]> = [
  // imageName
  ['imageName empty', { imageName: '' },
    'imageName is empty; it must be 1 to 100 characters, or omit it to have a unique name generated.'],
  ['imageName too long', { imageName: 'a'.repeat(101) },
    `imageName '${cut('a')}' is 101 characters long; the maximum is 100, or omit it to have a unique name generated.`],
  ['imageName with a space and !', { imageName: 'my image!' },
    "imageName 'my image!' contains ' ' and '!': use only letters, digits, '_', '.' and '-'."],
  ['imageName with / and :', { imageName: 'team/golden:2025' },
    "imageName 'team/golden:2025' contains '/' and ':': use only letters, digits, '_', '.' and '-'."],
  ['imageName with a newline', { imageName: 'golden\n' },
    "imageName 'golden\\n' contains '\\n': use only letters, digits, '_', '.' and '-'."],
  ['imageName starting with _', { imageName: '_golden' },
    "imageName '_golden' starts with '_': the service wants a letter or a digit first (then letters, digits, '_', '.' and '-')."],
  // displayName, description
  ['displayName too long', { displayName: 'D'.repeat(101) },
    `displayName '${cut('D')}' is 101 characters long; the maximum is 100.`],
  ['description too long', { description: 'd'.repeat(257) },
    `description '${cut('d')}' is 257 characters long; the maximum is 256.`],
  // source
  ['AMI id too short', { source: ImageSource.fromAmiId('ami-123') },
    `source AMI id 'ami-123' is not an AMI id: ${AMI_RULE}`],
  ['AMI id in capitals', { source: ImageSource.fromAmiId('ami-0123456789ABCDEF0') },
    `source AMI id 'ami-0123456789ABCDEF0' is not an AMI id: ${AMI_RULE}`],
  ['AMI id of 16 hex digits', { source: ImageSource.fromAmiId('ami-0123456789abcdef') },
    `source AMI id 'ami-0123456789abcdef' is not an AMI id: ${AMI_RULE}`],
  ['AMI id empty', { source: ImageSource.fromAmiId('') },
    `source AMI id '' is not an AMI id: ${AMI_RULE}`],
  ['a snapshot id for an AMI id', { source: ImageSource.fromAmiId('snap-0123456789abcdef0') },
    `source AMI id 'snap-0123456789abcdef0' is not an AMI id: ${AMI_RULE}`],
  ['WorkSpaces image id too short', { source: ImageSource.fromWorkspaceImageId('wsi-12345678') },
    `source WorkSpaces image id 'wsi-12345678' is not a WorkSpaces image id: ${WSI_RULE}`],
  ['WorkSpaces image id in capitals', { source: ImageSource.fromWorkspaceImageId('wsi-ABCDEFGHIJ') },
    `source WorkSpaces image id 'wsi-ABCDEFGHIJ' is not a WorkSpaces image id: ${WSI_RULE}`],
  ['an AMI id as a WorkSpaces image id', { source: ImageSource.fromWorkspaceImageId(AMI) },
    `source WorkSpaces image id '${AMI}' is not a WorkSpaces image id: ${WSI_RULE}`],
  ['a source with both ids', { source: new RawSource({ amiId: AMI, workspaceImageId: WSI }) },
    `source gives both an AMI id and a WorkSpaces image id; ${ONE_SOURCE}`],
  ['a source with neither id', { source: new RawSource({}) },
    `source gives neither an AMI id nor a WorkSpaces image id; ${ONE_SOURCE}`],
  ['a role with a WorkSpaces image source', { source: ImageSource.fromWorkspaceImageId(WSI), role: role() },
    'role is set, but the source is a WorkSpaces image, which is imported without a role: remove role.'],
  // applications
  ['51 applications', { applications: Array.from({ length: 51 }, (_, i) => ({ ...APP, name: `App${i}` })) },
    'applications has 51 entries; the maximum is 50.'],
  ['application name missing', { applications: [{ absoluteAppPath: 'C:\\a.exe' } as ApplicationConfig] },
    'applications[0].name is missing; every application needs a name.'],
  ['application name empty', { applications: apps({ name: '' }) },
    'applications[0].name is empty; it must be 1 to 100 characters.'],
  ['application name too long', { applications: apps({ name: 'n'.repeat(101) }) },
    `applications[0].name '${cut('n')}' is 101 characters long; the maximum is 100.`],
  ['application name with a space', { applications: apps({ name: 'Note pad' }) },
    `applications[0].name 'Note pad' is not valid: ${APP_NAME_RULE}`],
  ['application name starting with _', { applications: apps({ name: '_notepad' }) },
    `applications[0].name '_notepad' is not valid: ${APP_NAME_RULE}`],
  ['application names not unique', { applications: apps({ name: 'Notepad' }, { name: 'Calc' }, { name: 'Notepad' }) },
    "applications[2].name 'Notepad' is also the name of applications[0]; application names must be unique: rename one of them."],
  ['application displayName starting with a space', { applications: apps({ displayName: ' Notepad' }) },
    `applications[0].displayName ' Notepad' is not valid: ${APP_DISPLAY_RULE}`],
  ['application displayName with !', { applications: apps({ displayName: 'Notepad!' }) },
    `applications[0].displayName 'Notepad!' is not valid: ${APP_DISPLAY_RULE}`],
  ['application displayName too long', { applications: apps({ displayName: 'N'.repeat(101) }) },
    `applications[0].displayName '${cut('N')}' is 101 characters long; the maximum is 100.`],
  ['application absoluteAppPath missing', { applications: [{ name: 'Notepad' } as ApplicationConfig] },
    'applications[0].absoluteAppPath is missing; every application needs the absolute path of its executable.'],
  ['application absoluteAppPath empty', { applications: apps({ absoluteAppPath: '' }) },
    'applications[0].absoluteAppPath is empty; it must be 1 to 32767 characters.'],
  ['application absoluteAppPath too long', { applications: apps({ absoluteAppPath: 'p'.repeat(32768) }) },
    `applications[0].absoluteAppPath '${cut('p')}' is 32768 characters long; the maximum is 32767.`],
  ['application absoluteIconPath empty', { applications: apps({ absoluteIconPath: '' }) },
    'applications[0].absoluteIconPath is empty; it must be 1 to 32767 characters, or omit it.'],
  ['application absoluteManifestPath too long', { applications: apps({ absoluteManifestPath: 'm'.repeat(32768) }) },
    `applications[0].absoluteManifestPath '${cut('m')}' is 32768 characters long; the maximum is 32767, or omit it.`],
  ['application workingDirectory too long', { applications: apps({ workingDirectory: 'w'.repeat(32768) }) },
    `applications[0].workingDirectory '${cut('w')}' is 32768 characters long; the maximum is 32767.`],
  ['application launchParameters too long (value never shown)',
    { applications: apps({ launchParameters: `--password=HUNTER2 ${'x'.repeat(1010)}` }) },
    'applications[0].launchParameters is 1029 characters long (value not shown: it may hold secrets); the maximum is 1024.'],
  // runtimeValidationInstanceType
  ['instance type: a bare EC2 type', { runtimeValidationInstanceType: 't3.large' },
    `runtimeValidationInstanceType 't3.large' ${INSTANCE_RULE} Did you mean 'GeneralPurpose.t3.large'?`],
  ['instance type: a bare GPU EC2 type', { runtimeValidationInstanceType: 'g5.xlarge' },
    `runtimeValidationInstanceType 'g5.xlarge' ${INSTANCE_RULE} Did you mean 'Accelerated.g5.xlarge'?`],
  ['instance type: a bare memory EC2 type', { runtimeValidationInstanceType: 'r6i.2xlarge' },
    `runtimeValidationInstanceType 'r6i.2xlarge' ${INSTANCE_RULE} Did you mean 'MemoryOptimized.r6i.2xlarge'?`],
  ['instance type: wrong case', { runtimeValidationInstanceType: 'generalpurpose.T3.Large' },
    `runtimeValidationInstanceType 'generalpurpose.T3.Large' ${INSTANCE_RULE} Did you mean 'GeneralPurpose.t3.large'?`],
  ['instance type: a stream type in capitals', { runtimeValidationInstanceType: 'Stream.Standard.Medium' },
    `runtimeValidationInstanceType 'Stream.Standard.Medium' ${INSTANCE_RULE} Did you mean 'stream.standard.medium'?`],
  ['instance type: a stream type without a size', { runtimeValidationInstanceType: 'stream.standard' },
    `runtimeValidationInstanceType 'stream.standard' ${INSTANCE_RULE}`],
  ['instance type: a family alone', { runtimeValidationInstanceType: 'GeneralPurpose' },
    `runtimeValidationInstanceType 'GeneralPurpose' ${INSTANCE_RULE}`],
  ['instance type: an unknown family', { runtimeValidationInstanceType: 'StorageOptimized.i4i.large' },
    `runtimeValidationInstanceType 'StorageOptimized.i4i.large' ${INSTANCE_RULE}`],
  // agentSoftwareVersion
  ['an agent version the service does not accept', { agentSoftwareVersion: AgentSoftwareVersion.of('LATEST') },
    "agentSoftwareVersion 'LATEST' is not an agent version the service accepts: use AgentSoftwareVersion.CURRENT_LATEST or AgentSoftwareVersion.ALWAYS_LATEST."],
  // pollInterval, timeout
  ['pollInterval under 10 s', { pollInterval: Duration.seconds(5) },
    'pollInterval 5 seconds is out of range: it must be between 10 seconds and 15 minutes.'],
  ['pollInterval over 15 min', { pollInterval: Duration.minutes(20) },
    'pollInterval 20 minutes is out of range: it must be between 10 seconds and 15 minutes.'],
  ['pollInterval not whole seconds', { pollInterval: Duration.millis(10_500) },
    'pollInterval 10.5 seconds is not a whole number of seconds.'],
  ['timeout over 12 h', { timeout: Duration.hours(13) },
    'timeout 13 hours is too long: the maximum is 12 hours, the longest a CloudFormation wait condition waits.'],
  ['timeout not whole seconds', { timeout: Duration.millis(3_600_250) },
    'timeout 3600.25 seconds is not a whole number of seconds.'],
  ['timeout shorter than pollInterval', { timeout: Duration.seconds(20) },
    'timeout 20 seconds is shorter than pollInterval 30 seconds: the image would never be checked. Raise timeout or lower pollInterval.'],
  ['timeout shorter than a given pollInterval', { timeout: Duration.minutes(5), pollInterval: Duration.minutes(10) },
    'timeout 5 minutes is shorter than pollInterval 10 minutes: the image would never be checked. Raise timeout or lower pollInterval.'],
  ['timeout far over 12 h', { timeout: Duration.seconds(25_001 * 12), pollInterval: Duration.seconds(120) },
    'timeout 83 hours 20 minutes 12 seconds is too long: the maximum is 12 hours, the longest a CloudFormation wait condition waits.'],
  // removalPolicy
  ['RemovalPolicy.SNAPSHOT', { removalPolicy: RemovalPolicy.SNAPSHOT },
    'removalPolicy RemovalPolicy.SNAPSHOT is not supported: an image has no snapshot. Use RemovalPolicy.RETAIN to keep the image or RemovalPolicy.DESTROY to delete it.'],
  ['RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE', { removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE },
    'removalPolicy RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE is not supported: use RemovalPolicy.RETAIN to keep the image or RemovalPolicy.DESTROY to delete it.'],
];

describe('each bad input is refused at construction with its exact message', () => {
  test('the table has at least 40 bad inputs', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BAD_INPUTS)('%s', (_label, props, problem) => {
    expect(() => build(props)).toThrow(invalid(problem));
  });
});

test('a launchParameters value is never shown, even among other problems', () => {
  let message = '';
  try {
    build({ imageName: 'bad name', applications: apps({ name: 'bad name', launchParameters: `--token=S3CRET ${'x'.repeat(2000)}` }) });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain('launchParameters is 2015 characters long');
  expect(message).not.toContain('S3CRET');
  expect(message).not.toContain('--token');
});

test('every problem of one construct is reported together, in one error', () => {
  expect(() => build({
    source: ImageSource.fromWorkspaceImageId('wsi-bad'),
    role: role(),
    imageName: 'my image',
    description: 'x'.repeat(300),
    applications: apps({ name: 'A b' }, { name: 'A b', launchParameters: 'y'.repeat(1500) }),
    runtimeValidationInstanceType: 'm5.large',
    agentSoftwareVersion: AgentSoftwareVersion.of('NEWEST'),
    timeout: Duration.hours(24),
    pollInterval: Duration.seconds(1),
    removalPolicy: RemovalPolicy.SNAPSHOT,
  })).toThrow(invalid(
    `source WorkSpaces image id 'wsi-bad' is not a WorkSpaces image id: ${WSI_RULE}`,
    'role is set, but the source is a WorkSpaces image, which is imported without a role: remove role.',
    "imageName 'my image' contains ' ': use only letters, digits, '_', '.' and '-'.",
    `description '${cut('x')}' is 300 characters long; the maximum is 256.`,
    `applications[0].name 'A b' is not valid: ${APP_NAME_RULE}`,
    `applications[1].name 'A b' is not valid: ${APP_NAME_RULE}`,
    'applications[1].launchParameters is 1500 characters long (value not shown: it may hold secrets); the maximum is 1024.',
    "applications[1].name 'A b' is also the name of applications[0]; application names must be unique: rename one of them.",
    `runtimeValidationInstanceType 'm5.large' ${INSTANCE_RULE} Did you mean 'GeneralPurpose.m5.large'?`,
    "agentSoftwareVersion 'NEWEST' is not an agent version the service accepts: use AgentSoftwareVersion.CURRENT_LATEST or AgentSoftwareVersion.ALWAYS_LATEST.",
    'timeout 24 hours is too long: the maximum is 12 hours, the longest a CloudFormation wait condition waits.',
    'pollInterval 1 second is out of range: it must be between 10 seconds and 15 minutes.',
    'removalPolicy RemovalPolicy.SNAPSHOT is not supported: an image has no snapshot. Use RemovalPolicy.RETAIN to keep the image or RemovalPolicy.DESTROY to delete it.',
  ));
});

describe('unresolved tokens are not checked at synth (the handler checks them at deploy time)', () => {
  test('CfnParameter values, Lazy values and token Durations pass and reach the template as references', () => {
    const { app, stack } = newStack();
    const param = (id: string) => new CfnParameter(stack, id).valueAsString;
    const seconds = (id: string) => Duration.seconds(new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber);
    new ImportedImage(stack, 'FromAmi', {
      source: ImageSource.fromAmiId(param('Ami')),
      imageName: param('Name'),
      displayName: Lazy.string({ produce: () => 'x'.repeat(500) }),
      description: param('Description'),
      applications: [
        { name: param('AppName'), absoluteAppPath: param('AppPath'), launchParameters: param('Secret'), displayName: param('AppDisplay') },
        { name: param('AppName2'), absoluteAppPath: 'C:\\b.exe', workingDirectory: Lazy.string({ produce: () => '' }) },
      ],
      runtimeValidationInstanceType: param('InstanceType'),
      agentSoftwareVersion: AgentSoftwareVersion.of(param('Agent')),
      timeout: seconds('Timeout'),
      pollInterval: seconds('PollInterval'),
    });
    new ImportedImage(stack, 'FromWorkspaces', {
      source: ImageSource.fromWorkspaceImageId(param('Wsi')),
      timeout: Duration.hours(1),
      pollInterval: seconds('PollInterval2'),
    });
    Tags.of(stack.node.findChild('FromAmi')).add(param('TagKey'), param('TagValue'));
    Tags.of(stack.node.findChild('FromAmi')).add('team', Lazy.string({ produce: () => 'v'.repeat(300) }));

    const template = Template.fromStack(stack);
    expect(() => app.synth()).not.toThrow();
    const resources = template.findResources('Custom::AppStreamImportedImage');
    const fromAmi = Object.entries(resources).find(([id]) => id.startsWith('FromAmi'))![1].Properties;
    expect(fromAmi.SourceAmiId).toEqual({ Ref: 'Ami' });
    expect(fromAmi.ImageName).toEqual({ Ref: 'Name' });
    expect(fromAmi.TimeoutSeconds).toEqual({ Ref: 'Timeout' });
    expect(fromAmi.Applications[0]).toEqual(expect.objectContaining({ Name: { Ref: 'AppName' }, LaunchParameters: { Ref: 'Secret' } }));
  });

  test('a token field is skipped while the known fields of the same application are still checked', () => {
    const { stack } = newStack();
    const name = new CfnParameter(stack, 'AppName').valueAsString;
    expect(() => new ImportedImage(stack, 'Image', {
      source: ImageSource.fromAmiId(AMI),
      applications: [{ name, absoluteAppPath: '' }, { name, absoluteAppPath: 'C:\\a.exe' }],
    })).toThrow(invalid('applications[0].absoluteAppPath is empty; it must be 1 to 32767 characters.'));
  });

  test('a token Duration with a known one: the known one is still checked, the pair is not', () => {
    const { stack } = newStack();
    const poll = Duration.seconds(Token.asNumber(new CfnParameter(stack, 'Poll', { type: 'Number' }).valueAsNumber));
    expect(() => new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId(AMI), timeout: Duration.hours(20), pollInterval: poll }))
      .toThrow(invalid('timeout 20 hours is too long: the maximum is 12 hours, the longest a CloudFormation wait condition waits.'));
    expect(() => new ImportedImage(stack, 'Image2', { source: ImageSource.fromAmiId(AMI), timeout: Duration.seconds(5), pollInterval: poll }))
      .not.toThrow();
  });
});

describe('machine images', () => {
  test.each([
    ['MachineImage.lookup()', () => ec2.MachineImage.lookup({ name: 'golden-*', windows: true })],
    ['MachineImage.fromSsmParameter(cachedInContext)', () => ec2.MachineImage.fromSsmParameter('/golden/ami', { cachedInContext: true })],
  ])('%s before its context is looked up: the dummy value is not refused, so the CLI can do the lookup', (_label, machineImage) => {
    const { app, stack } = newStack();
    new ImportedImage(stack, 'Image', { source: ImageSource.fromMachineImage(machineImage()) });
    const assembly = app.synth();
    expect(assembly.manifest.missing?.length).toBe(1);
  });

  test('a machine image with a malformed AMI id is refused', () => {
    expect(() => build({ source: ImageSource.fromMachineImage(ec2.MachineImage.genericWindows({ 'us-east-1': 'ami-xyz' })) }))
      .toThrow(invalid(`source AMI id 'ami-xyz' is not an AMI id: ${AMI_RULE}`));
  });
});

describe('tags, which Tags.of() applies after construction, are checked at synth', () => {
  const OWNER_KEY = 'cdk-appstream-imported-image:owner';
  const TAG_CASES: Array<[string, (scope: Construct) => void, string[]]> = [
    ['a key starting with aws:', s => Tags.of(s).add('aws:team', 'euc'),
      ["tag key 'aws:team' starts with 'aws:', a prefix reserved for AWS: use another key."]],
    ['a key starting with AWS: in capitals', s => Tags.of(s).add('AWS:team', 'euc'),
      ["tag key 'AWS:team' starts with 'aws:', a prefix reserved for AWS: use another key."]],
    ['a key too long', s => Tags.of(s).add('k'.repeat(129), 'v'),
      [`tag key '${cut('k')}' is 129 characters long; the maximum is 128.`]],
    ['an empty key', s => Tags.of(s).add('', 'v'),
      ['tag key is empty; it must be 1 to 128 characters.']],
    ['a value too long', s => Tags.of(s).add('team', 'v'.repeat(257)),
      [`tag 'team' value '${cut('v')}' is 257 characters long; the maximum is 256.`]],
    ['the ownership tag key', s => Tags.of(s).add(OWNER_KEY, 'me'),
      [`tag key '${OWNER_KEY}' is reserved: this library uses the 'cdk-appstream-imported-image:' prefix to mark the stack that owns the image. Use another key.`]],
    ['50 tags', s => { for (let i = 0; i < 50; i++) Tags.of(s).add(`k${i}`, 'v'); },
      [`50 tags are applied to the image; the maximum is 48 (an image holds 50, and this library adds its own ${OWNER_KEY} and cdk-appstream-imported-image:properties tags): remove 2 of them.`]],
  ];

  it.each(TAG_CASES)('%s', (_label, tag, problems) => {
    const { app, stack } = build({});
    tag(stack);
    expect(() => app.synth()).toThrow(new Error(
      `Validation failed with the following errors:\n${problems.map(p => `  [Stack/Image] ${p}`).join('\n')}`,
    ));
  });

  test('tags set on the image itself are checked too', () => {
    const { app, image } = build({});
    image.tags.setTag('aws:cost', '1');
    expect(() => app.synth()).toThrow("[Stack/Image] tag key 'aws:cost' starts with 'aws:', a prefix reserved for AWS: use another key.");
  });

  test('48 tags of the longest keys and values pass', () => {
    const { app, stack } = build({});
    for (let i = 0; i < 48; i++) Tags.of(stack).add(`${i}`.padStart(128, 'k'), 'v'.repeat(256));
    expect(() => app.synth()).not.toThrow();
  });
});

describe('good inputs pass', () => {
  const GOOD: Array<[string, Partial<ImportedImageProps>]> = [
    ['the defaults', {}],
    ['an 8-digit AMI id', { source: ImageSource.fromAmiId('ami-0123abcd') }],
    ['a WorkSpaces image id of 9 characters', { source: ImageSource.fromWorkspaceImageId('wsi-abc123xyz') }],
    ['a WorkSpaces image id of 63 characters', { source: ImageSource.fromWorkspaceImageId(`wsi-${'a1'.repeat(31)}b`) }],
    ['a name of 100 characters, every allowed character', { imageName: `A-z_0.9${'x'.repeat(93)}` }],
    ['a name of 1 character', { imageName: '0' }],
    ['displayName of 100, description of 256 (any characters)', { displayName: '🙂'.repeat(100), description: 'Ünïcödé! '.repeat(28) + 'abcd' }],
    ['50 applications with every field at its limit', {
      applications: Array.from({ length: 50 }, (_, i) => ({
        name: `${i}${'n'.repeat(99 - String(i).length)}`.padEnd(100, 'n'),
        displayName: `App ${i}. x_y-z`,
        absoluteAppPath: 'p'.repeat(32767),
        absoluteIconPath: 'C:\\icon.ico',
        absoluteManifestPath: 'm',
        workingDirectory: '',
        launchParameters: 'l'.repeat(1024),
      })),
    }],
    ...['stream.standard.medium', 'stream.graphics.g4dn.xlarge', 'stream.memory.z1d.large', 'stream.graphics-pro.4xlarge',
      'GeneralPurpose.t3.large', 'ComputeOptimized.c5n.2xlarge', 'MemoryOptimized.r6i.large', 'Accelerated.g5.xlarge',
      'GeneralPurpose.m7i-flex.large'].map(type => [`instance type ${type}`, { runtimeValidationInstanceType: type }] as [string, Partial<ImportedImageProps>]),
    ['AgentSoftwareVersion.CURRENT_LATEST', { agentSoftwareVersion: AgentSoftwareVersion.CURRENT_LATEST }],
    ['AgentSoftwareVersion.of("ALWAYS_LATEST")', { agentSoftwareVersion: AgentSoftwareVersion.of('ALWAYS_LATEST') }],
    ['timeout 12 h with pollInterval 18 s (2400 checks)', { timeout: Duration.hours(12), pollInterval: Duration.seconds(18) }],
    ['timeout 12 h with pollInterval 10 s (4320 checks: the poller continues in new executions)', { timeout: Duration.hours(12), pollInterval: Duration.seconds(10) }],
    ['2501 checks', { timeout: Duration.seconds(2501 * 12), pollInterval: Duration.seconds(12) }],
    ['timeout equal to pollInterval, both at the bounds', { timeout: Duration.minutes(15), pollInterval: Duration.minutes(15) }],
    ['pollInterval 10 s', { pollInterval: Duration.seconds(10) }],
    ['RemovalPolicy.RETAIN', { removalPolicy: RemovalPolicy.RETAIN }],
    ['RemovalPolicy.DESTROY', { removalPolicy: RemovalPolicy.DESTROY }],
    ['a role with an AMI source', { role: role() }],
  ];

  it.each(GOOD)('%s', (_label, props) => {
    const { app } = build(props);
    expect(() => app.synth()).not.toThrow();
  });
});

describe('mistakes that would otherwise fail an hour into the deploy', () => {
  const PUBLIC_FIX = 'CreateImportedImage takes only an AMI owned by this account. Make your own AMI from it (launch it and create an image, or build one with EC2 Image Builder, meeting the import requirements), '
    + "then use ImageSource.fromAmiId('ami-…'), or MachineImage.fromSsmParameter() with a parameter of your own.";

  test('MachineImage.latestWindows(): a public Amazon AMI, refused with the parameter it reads', () => {
    const latest = ec2.MachineImage.latestWindows(ec2.WindowsVersion.WINDOWS_SERVER_2022_ENGLISH_FULL_BASE);
    expect(() => build({ source: ImageSource.fromMachineImage(latest) }))
      .toThrow(invalid(`source is a public Amazon AMI (the SSM parameter '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base'), which cannot be imported: ${PUBLIC_FIX}`));
  });

  test.each([
    ['fromSsmParameter', () => ec2.MachineImage.fromSsmParameter('/aws/service/ami-windows-latest/Windows_Server-2025-English-Full-Base')],
    ['resolveSsmParameterAtLaunch', () => ec2.MachineImage.resolveSsmParameterAtLaunch('/aws/service/ami-windows-latest/Windows_Server-2025-English-Full-Base')],
  ])('an /aws/service/ parameter through %s is refused too', (_label, machineImage) => {
    expect(() => build({ source: ImageSource.fromMachineImage(machineImage()) }))
      .toThrow(invalid(`source is a public Amazon AMI (the SSM parameter '/aws/service/ami-windows-latest/Windows_Server-2025-English-Full-Base'), which cannot be imported: ${PUBLIC_FIX}`));
  });

  test('a lookup among Amazon\'s AMIs is refused; one among the account\'s own is not', () => {
    expect(() => build({ source: ImageSource.fromMachineImage(ec2.MachineImage.lookup({ name: 'Windows_Server-2022-*', owners: ['amazon'], windows: true })) }))
      .toThrow(invalid(`source looks up a public AMI (owners include 'amazon'), which cannot be imported: ${PUBLIC_FIX}`));
    expect(() => build({ source: ImageSource.fromMachineImage(ec2.MachineImage.lookup({ name: 'golden-*', owners: ['self'], windows: true })) }))
      .not.toThrow();
  });

  test('an SSM parameter of the user\'s own is not refused', () => {
    expect(() => build({ source: ImageSource.fromMachineImage(ec2.MachineImage.fromSsmParameter('/golden/ami')) })).not.toThrow();
  });

  test.each(['ami-1234', 'ami-12345', 'dummy-value-for-golden'])('fromAmiId(\'%s\'), which looks like a lookup placeholder but is not one, is refused', amiId => {
    expect(() => build({ source: ImageSource.fromAmiId(amiId) }))
      .toThrow(invalid(`source AMI id '${amiId}' is not an AMI id: ${AMI_RULE}`));
  });

  describe('parameterName', () => {
    test.each([
      ['golden/image-arn', "parameterName 'golden/image-arn' is a relative name: an SSM parameter name with '/' must start with '/' (for example '/golden/image-arn')."],
      ['/aws/golden', "parameterName '/aws/golden' starts with 'aws', a prefix SSM reserves ('aws' and 'ssm', in any case): use another name, for example '/golden/image-arn'."],
      ['SSM-golden', "parameterName 'SSM-golden' starts with 'SSM', a prefix SSM reserves ('aws' and 'ssm', in any case): use another name, for example '/golden/image-arn'."],
      ['/golden image', "parameterName '/golden image' is not a valid SSM parameter name; use 1 to 1011 letters, digits, '_', '.', '-' and '/'."],
    ])('%s is refused with the library\'s own message', (parameterName, message) => {
      expect(() => build({ parameterName })).toThrow(invalid(message));
    });

    test.each(['/golden/image-arn', 'golden-image-arn', '/team/awsome'])('%s is accepted', parameterName => {
      expect(() => build({ parameterName })).not.toThrow();
    });
  });

  describe('a fixed imageName used twice', () => {
    const env = { account: '111111111111', region: 'us-east-1' };
    const image = (stack: Stack, id: string, imageName = 'golden') => new ImportedImage(stack, id, { source: ImageSource.fromAmiId(AMI), imageName });

    test('in one stack: refused, naming the other image', () => {
      const { stack } = newStack();
      image(stack, 'First');
      expect(() => image(stack, 'Image')).toThrow(invalid(
        "imageName 'golden' is also the imageName of ImportedImage 'Stack/First' in the same stack; an account holds one image of a name per Region. "
        + 'Give each image its own imageName, or remove imageName so that a unique name is generated.'));
    });

    test('in two stacks of one account and Region: refused, naming the other stack', () => {
      const app = new App();
      image(new Stack(app, 'One', { env }), 'First');
      const stack = new Stack(app, 'Stack', { env });
      expect(() => image(stack, 'Image')).toThrow(invalid(
        "imageName 'golden' is also the imageName of ImportedImage 'One/First' in stack 'One', of the same account (111111111111) and Region (us-east-1); "
        + 'an account holds one image of a name per Region. Give each image its own imageName, or remove imageName so that a unique name is generated.'));
    });

    test('in another Region, another account, or where the environment is not known: accepted', () => {
      const app = new App();
      image(new Stack(app, 'One', { env }), 'First');
      expect(() => image(new Stack(app, 'West', { env: { ...env, region: 'us-west-2' } }), 'Image')).not.toThrow();
      expect(() => image(new Stack(app, 'Other', { env: { ...env, account: '222222222222' } }), 'Image')).not.toThrow();
      expect(() => image(new Stack(app, 'Agnostic'), 'Image')).not.toThrow();
      expect(() => image(new Stack(app, 'Agnostic2'), 'Image')).not.toThrow();
    });

    test('different names, and generated names, are never a clash', () => {
      const { stack } = newStack();
      image(stack, 'First', 'golden-a');
      expect(() => image(stack, 'Second', 'golden-b')).not.toThrow();
      expect(() => new ImportedImage(stack, 'Third', { source: ImageSource.fromAmiId(AMI) })).not.toThrow();
      expect(() => new ImportedImage(stack, 'Fourth', { source: ImageSource.fromAmiId(AMI) })).not.toThrow();
    });
  });
});
