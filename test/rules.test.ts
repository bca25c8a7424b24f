/**
 * src/rules.ts on its own: the pure request rules shared by the construct (synth time) and the
 * handler (deploy time).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  checkAgentSoftwareVersion, checkAmiId, checkApplications, checkDisplayName, checkImageName, checkInstanceType,
  checkPollInterval, checkRoleWithSource, checkSourceCount, checkTags, checkTimeout, checkTiming, checkWorkspaceImageId,
  humanSeconds, show,
} from '../src/rules';

test('rules.ts imports nothing but the contract (it is bundled into the Lambda handler)', () => {
  const source = fs.readFileSync(path.join(__dirname, '..', 'src', 'rules.ts'), 'utf8');
  const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map(m => m[1]);
  expect(imports).toEqual(['./contract']);
});

describe('show', () => {
  test.each([
    ['plain', "'plain'"],
    ['', "''"],
    ["it's", "'it\\'s'"],
    ['say "hi"', '\'say "hi"\''],
    ['a\nb\tc', "'a\\nb\\tc'"],
    ['x'.repeat(40), `'${'x'.repeat(40)}'`],
    ['x'.repeat(41), `'${'x'.repeat(40)}…'`],
    ['🙂'.repeat(41), `'${'🙂'.repeat(40)}…'`],
  ])('%j is shown as %s', (value, shown) => {
    expect(show(value)).toBe(shown);
  });
});

test.each([
  [1, '1 second'], [10, '10 seconds'], [59, '59 seconds'], [60, '1 minute'], [90, '1 minute 30 seconds'],
  [3600, '1 hour'], [3661, '1 hour 1 minute 1 second'], [43200, '12 hours'], [10.5, '10.5 seconds'],
])('humanSeconds(%d) is %s', (seconds, text) => {
  expect(humanSeconds(seconds)).toBe(text);
});

describe('lengths count characters, not UTF-16 units', () => {
  test('100 emoji are a valid display name, 101 are not', () => {
    expect(checkDisplayName('🙂'.repeat(100))).toEqual([]);
    expect(checkDisplayName('🙂'.repeat(101))).toEqual([`displayName '${'🙂'.repeat(40)}…' is 101 characters long; the maximum is 100.`]);
  });
});

describe('names and ids', () => {
  test.each(['a', 'A', '0', '0_', 'a.', 'z-', 'golden-2025.v1_final', 'x'.repeat(100), `A-z_0.9${'x'.repeat(93)}`])('image name %j is valid', name => {
    expect(checkImageName(name)).toEqual([]);
  });

  test.each(['_', '.', '-', '_golden', '.golden', '-golden'])('image name %j starts with a character the service refuses first', name => {
    expect(checkImageName(name)).toEqual([
      `imageName '${name}' starts with '${name[0]}': the service wants a letter or a digit first (then letters, digits, '_', '.' and '-').`,
    ]);
  });

  test('101 characters that match the service\'s pattern are still one too many (its length is 1 to 100)', () => {
    expect(checkImageName('x'.repeat(101))).toEqual([`imageName '${'x'.repeat(40)}…' is 101 characters long; the maximum is 100, or omit it to have a unique name generated.`]);
  });

  test('the prop name is the caller\'s', () => {
    expect(checkImageName('a b', 'ImageName')).toEqual(["ImageName 'a b' contains ' ': use only letters, digits, '_', '.' and '-'."]);
  });

  test('three distinct bad characters are listed once each', () => {
    expect(checkImageName('a b c/d:e')).toEqual(["imageName 'a b c/d:e' contains ' ', '/' and ':': use only letters, digits, '_', '.' and '-'."]);
  });

  test.each(['ami-0123abcd', 'ami-0123456789abcdef0'])('AMI id %s is valid', id => expect(checkAmiId(id)).toEqual([]));
  test.each(['ami-0123abc', 'ami-0123abcde', 'ami-0123456789abcdef01', 'ami-0123456789abcdefg', 'AMI-0123abcd', ' ami-0123abcd'])(
    'AMI id %j is not', id => expect(checkAmiId(id)).toHaveLength(1));

  test.each([`wsi-${'a'.repeat(9)}`, `wsi-${'0'.repeat(63)}`])('WorkSpaces image id %s is valid', id => expect(checkWorkspaceImageId(id)).toEqual([]));
  test.each([`wsi-${'a'.repeat(8)}`, `wsi-${'0'.repeat(64)}`, 'wsi-abc_defghij', 'WSI-abcdefghij'])(
    'WorkSpaces image id %j is not', id => expect(checkWorkspaceImageId(id)).toHaveLength(1));

  test('exactly one source; no role with a WorkSpaces image', () => {
    expect(checkSourceCount(true, false)).toEqual([]);
    expect(checkSourceCount(false, true)).toEqual([]);
    expect(checkSourceCount(true, true)).toHaveLength(1);
    expect(checkSourceCount(false, false)).toHaveLength(1);
    expect(checkRoleWithSource(true, undefined)).toEqual([]);
    expect(checkRoleWithSource(false, 'wsi-0123456789')).toEqual([]);
    expect(checkRoleWithSource(true, 'wsi-0123456789', 'IamRoleArn')).toEqual(
      ['IamRoleArn is set, but the source is a WorkSpaces image, which is imported without a role: remove IamRoleArn.']);
  });

  test.each(['CURRENT_LATEST', 'ALWAYS_LATEST'])('agent version %s is accepted', v => expect(checkAgentSoftwareVersion(v)).toEqual([]));
  test.each(['current_latest', 'LATEST', ''])('agent version %j is not', v => expect(checkAgentSoftwareVersion(v)).toHaveLength(1));

  test.each(['stream.standard.small', 'stream.graphics.g5.2xlarge', 'Accelerated.g6.xlarge', 'MemoryOptimized.u-6tb1.metal'])(
    'instance type %s is valid', type => expect(checkInstanceType(type)).toEqual([]));

  test.each([
    ['c5.large', 'ComputeOptimized.c5.large'], ['p3.2xlarge', 'Accelerated.p3.2xlarge'],
    ['x2iedn.xlarge', 'MemoryOptimized.x2iedn.xlarge'], ['MEMORYOPTIMIZED.R5.LARGE', 'MemoryOptimized.r5.large'],
    ['stream.standard', undefined], ['large', undefined], ['GeneralPurpose.', undefined],
  ])('instance type %s is not; suggestion: %s', (type, suggestion) => {
    const [problem, ...more] = checkInstanceType(type);
    expect(more).toEqual([]);
    expect(problem.endsWith(suggestion ? ` Did you mean '${suggestion}'?` : "(for example 'GeneralPurpose.t3.large').")).toBe(true);
  });
});

describe('applications', () => {
  const app = { name: 'Notepad', absoluteAppPath: 'C:\\notepad.exe' };

  test('unknown values (tokens at synth) are skipped, and are never duplicates of each other', () => {
    const token = '${Token[TOKEN.1]}';
    const known = (v: string) => !v.includes('${Token');
    expect(checkApplications([
      { ...app, name: token, absoluteAppPath: token, launchParameters: token },
      { ...app, name: token, displayName: token },
      undefined,
    ], known)).toEqual([]);
  });

  test('null fields from JavaScript callers count as absent', () => {
    expect(checkApplications([{ ...app, displayName: null as any, workingDirectory: null as any }])).toEqual([]);
    expect(checkApplications([{ name: null as any, absoluteAppPath: null as any }])).toEqual([
      'applications[0].name is missing; every application needs a name.',
      'applications[0].absoluteAppPath is missing; every application needs the absolute path of its executable.',
    ]);
  });

  test('every duplicate points at the first application of that name', () => {
    expect(checkApplications([app, { ...app }, { ...app }])).toEqual([
      "applications[1].name 'Notepad' is also the name of applications[0]; application names must be unique: rename one of them.",
      "applications[2].name 'Notepad' is also the name of applications[0]; application names must be unique: rename one of them.",
    ]);
  });

  test('launch parameters are never shown', () => {
    const [problem] = checkApplications([{ ...app, launchParameters: `SECRET${'s'.repeat(1100)}` }]);
    expect(problem).toBe('applications[0].launchParameters is 1106 characters long (value not shown: it may hold secrets); the maximum is 1024.');
  });
});

describe('tags', () => {
  test('unknown keys or values are skipped but counted', () => {
    const tags = Array.from({ length: 50 }, () => ({ key: 'TOKEN', value: 'TOKEN' }));
    expect(checkTags(tags, v => v !== 'TOKEN')).toEqual([
      '50 tags are applied to the image; the maximum is 48 (an image holds 50, and this library adds its own cdk-appstream-imported-image:owner and cdk-appstream-imported-image:properties tags): remove 2 of them.',
    ]);
  });

  test('a long value under an unknown key', () => {
    expect(checkTags([{ key: 'TOKEN', value: 'v'.repeat(300) }], v => v !== 'TOKEN'))
      .toEqual([`tag (key is a token) value '${'v'.repeat(40)}…' is 300 characters long; the maximum is 256.`]);
  });

  test('an empty value is fine', () => {
    expect(checkTags([{ key: 'team', value: '' }])).toEqual([]);
  });
});

describe('timing', () => {
  test.each([[10], [30], [900]])('pollInterval %d s is valid', s => expect(checkPollInterval(s)).toEqual([]));
  test.each([[9], [901], [0], [-1]])('pollInterval %d s is not', s => expect(checkPollInterval(s)).toHaveLength(1));
  test.each([[1], [43200]])('timeout %d s is valid', s => expect(checkTimeout(s)).toEqual([]));
  test('timeout 43201 s is not', () => expect(checkTimeout(43201)).toHaveLength(1));

  test('no upper bound on the number of checks: 12 hours every 10 seconds (4320 checks) is valid', () => {
    expect(checkTiming(43200, 10)).toEqual([]);
    expect(checkTiming(2501 * 17, 17)).toEqual([]);
  });

  test('an unknown value skips its own rule and the combined one', () => {
    expect(checkTiming(undefined, 5)).toEqual(['pollInterval 5 seconds is out of range: it must be between 10 seconds and 15 minutes.']);
    expect(checkTiming(5, undefined)).toEqual([]);
    expect(checkTiming(undefined, undefined)).toEqual([]);
  });

  test('an invalid value on its own skips the combined rule', () => {
    expect(checkTiming(5, 5)).toEqual(['pollInterval 5 seconds is out of range: it must be between 10 seconds and 15 minutes.']);
  });
});
