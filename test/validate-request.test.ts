/**
 * lambda/provider/validate-request.ts: at deploy time the handler checks, by the construct's own rules,
 * the values that were tokens at synth, and fails before any AWS call.
 */
import { AppStreamClient } from '@aws-sdk/client-appstream';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { createImportedImage } from '../lambda/provider/create';
import { importRequestProblems, validateImportRequest } from '../lambda/provider/validate-request';
import { UserFacingError } from '../lambda/shared/errors';
import { parseImportProperties } from '../lambda/shared/properties';
import { ImportProperties, OWNER_TAG_KEY, PROPERTIES_TAG_KEY } from '../src/contract';

process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIATESTTESTTESTTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';

const GOOD: ImportProperties = {
  SchemaVersion: '1',
  NamePrefix: 'MyStack-Image-1A2B3C4D',
  SourceAmiId: 'ami-0123456789abcdef0',
  IamRoleArn: 'arn:aws:iam::123456789012:role/import',
  DisplayName: 'My image',
  Description: 'Imported from an AMI',
  Applications: [{ Name: 'Notepad', AbsoluteAppPath: 'C:\\Windows\\notepad.exe', LaunchParameters: '--x' }],
  RuntimeValidationInstanceType: 'GeneralPurpose.t3.large',
  AgentSoftwareVersion: 'ALWAYS_LATEST',
  Tags: [{ Key: 'team', Value: 'desktops' }, { Key: OWNER_TAG_KEY, Value: 'arn:aws:cloudformation:...' }],
  WaitHandle: 'https://example.com/handle',
  TimeoutSeconds: '7200',
  PollIntervalSeconds: '30',
  Preflight: 'true',
  RemovalPolicy: 'destroy',
};

const problemsOf = (overrides: Partial<Record<keyof ImportProperties, unknown>>) => {
  const properties = { ...GOOD, ...overrides } as ImportProperties;
  return importRequestProblems(parseImportProperties(properties), properties.ImageName);
};

test('a good request, and one with a fixed name, have no problems', () => {
  expect(problemsOf({})).toEqual([]);
  expect(problemsOf({ ImageName: 'golden-2025', NamePrefix: undefined })).toEqual([]);
});

test('a WorkSpaces image source without a role has no problems', () => {
  expect(problemsOf({ SourceAmiId: undefined, IamRoleArn: undefined, WorkspaceImageId: 'wsi-0123456789abc' })).toEqual([]);
});

test.each<[string, Partial<Record<keyof ImportProperties, unknown>>, string]>([
  ['ImageName', { ImageName: 'my image' }, "imageName 'my image' contains ' ': use only letters, digits, '_', '.' and '-'."],
  ['ImageName starting with .', { ImageName: '.golden' }, "imageName '.golden' starts with '.': the service wants a letter or a digit first (then letters, digits, '_', '.' and '-')."],
  ['SourceAmiId', { SourceAmiId: 'ami-12' },
    "source AMI id 'ami-12' is not an AMI id: expected 'ami-' followed by 8 or 17 lowercase hexadecimal digits (for example 'ami-0123456789abcdef0')."],
  ['WorkspaceImageId', { SourceAmiId: undefined, IamRoleArn: undefined, WorkspaceImageId: 'wsi-1' },
    "source WorkSpaces image id 'wsi-1' is not a WorkSpaces image id: expected 'wsi-' followed by 9 to 63 lowercase letters or digits (for example 'wsi-0123456789abc')."],
  ['both sources', { WorkspaceImageId: 'wsi-0123456789abc', IamRoleArn: undefined },
    'source gives both an AMI id and a WorkSpaces image id; an image has exactly one source: use ImageSource.fromAmiId(), fromMachineImage() or fromWorkspaceImageId().'],
  ['no source', { SourceAmiId: '' },
    'source gives neither an AMI id nor a WorkSpaces image id; an image has exactly one source: use ImageSource.fromAmiId(), fromMachineImage() or fromWorkspaceImageId().'],
  ['IamRoleArn with a WorkSpaces image', { SourceAmiId: undefined, WorkspaceImageId: 'wsi-0123456789abc' },
    'role is set, but the source is a WorkSpaces image, which is imported without a role: remove role.'],
  ['DisplayName', { DisplayName: 'D'.repeat(101) }, `displayName '${'D'.repeat(40)}…' is 101 characters long; the maximum is 100.`],
  ['Description', { Description: 'd'.repeat(257) }, `description '${'d'.repeat(40)}…' is 257 characters long; the maximum is 256.`],
  ['an application Name', { Applications: [{ Name: '-x', AbsoluteAppPath: 'C:\\x.exe' }] },
    "applications[0].name '-x' is not valid: it must start with a letter or digit, followed by letters, digits, '_', '.' or '-'."],
  ['LaunchParameters', { Applications: [{ Name: 'x', AbsoluteAppPath: 'C:\\x.exe', LaunchParameters: `pw=SECRET ${'z'.repeat(1100)}` }] },
    'applications[0].launchParameters is 1110 characters long (value not shown: it may hold secrets); the maximum is 1024.'],
  ['RuntimeValidationInstanceType', { RuntimeValidationInstanceType: 't3.large' },
    "runtimeValidationInstanceType 't3.large' is not an instance type in the service's form: expected 'stream.<family>.<size>' (for example 'stream.standard.medium') " +
    "or 'GeneralPurpose', 'ComputeOptimized', 'MemoryOptimized' or 'Accelerated' followed by '.' and an EC2 instance type (for example 'GeneralPurpose.t3.large'). " +
    "Did you mean 'GeneralPurpose.t3.large'?"],
  ['AgentSoftwareVersion', { AgentSoftwareVersion: 'LATEST' },
    "agentSoftwareVersion 'LATEST' is not an agent version the service accepts: use AgentSoftwareVersion.CURRENT_LATEST or AgentSoftwareVersion.ALWAYS_LATEST."],
  ['a tag key', { Tags: [{ Key: 'aws:team', Value: 'x' }] }, "tag key 'aws:team' starts with 'aws:', a prefix reserved for AWS: use another key."],
  ['TimeoutSeconds', { TimeoutSeconds: '86400' },
    'timeout 24 hours is too long: the maximum is 12 hours, the longest a CloudFormation wait condition waits.'],
  ['PollIntervalSeconds', { PollIntervalSeconds: '5' }, 'pollInterval 5 seconds is out of range: it must be between 10 seconds and 15 minutes.'],
])('%s is checked with the construct\'s message', (_label, overrides, problem) => {
  expect(problemsOf(overrides)).toEqual([problem]);
});

test('any number of checks is accepted: 12 hours with a check every 10 seconds', () => {
  expect(problemsOf({ TimeoutSeconds: '43200', PollIntervalSeconds: '10' })).toEqual([]);
});

test('the library\'s own tags do not count against the 48 user tags', () => {
  const tags = Array.from({ length: 48 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  expect(problemsOf({ Tags: [...tags, { Key: OWNER_TAG_KEY, Value: 'me' }, { Key: PROPERTIES_TAG_KEY, Value: 'h' }] })).toEqual([]);
  expect(problemsOf({ Tags: [...tags, { Key: 'one-more', Value: 'v' }] })).toHaveLength(1);
});

test('validateImportRequest throws one UserFacingError listing every problem', () => {
  const request = parseImportProperties({ ...GOOD, SourceAmiId: 'ami-12', PollIntervalSeconds: '5' });
  expect(() => validateImportRequest(request)).toThrow(UserFacingError);
  expect(() => validateImportRequest(request)).toThrow(new Error(
    "The image's properties are invalid (values that were tokens at synth are checked at deploy time):\n" +
    "- source AMI id 'ami-12' is not an AMI id: expected 'ami-' followed by 8 or 17 lowercase hexadecimal digits (for example 'ami-0123456789abcdef0').\n" +
    '- pollInterval 5 seconds is out of range: it must be between 10 seconds and 15 minutes.',
  ));
});

describe('createImportedImage', () => {
  const appstream = mockClient(AppStreamClient);
  const sfn = mockClient(SFNClient);
  beforeEach(() => {
    appstream.reset();
    sfn.reset();
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  test('fails on an invalid request before any AWS call, and never shows launch parameters', async () => {
    const event = {
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/MyStack/guid',
      LogicalResourceId: 'ImageImport1A2B3C4D',
    } as any;
    const properties = {
      ...GOOD,
      ImageName: 'bad name',
      Applications: [{ Name: 'x', AbsoluteAppPath: 'C:\\x.exe', LaunchParameters: `--password=HUNTER2 ${'x'.repeat(1100)}` }],
    };
    const error: Error = await createImportedImage(event, properties).then(() => { throw new Error('expected a failure'); }, e => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error.message).toContain("imageName 'bad name' contains ' '");
    expect(error.message).toContain('applications[0].launchParameters is 1119 characters long');
    expect(error.message).not.toContain('HUNTER2');
    expect(appstream.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });
});
