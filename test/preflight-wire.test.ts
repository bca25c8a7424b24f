/**
 * The deploy-time pre-flight through the wire: the real EC2 client (the SDK's query protocol
 * and XML parsing) against a local endpoint that speaks EC2's DescribeImages. First in this
 * process (lambda/preflight/preflight.ts), then in the bundled handler as shipped (assets/handler).
 */
import { AppStreamEndpoint } from './fixtures/appstream-endpoint';
import { assertBundleExists, BundledHandler, createEvent, importProperties } from './fixtures/bundled-handler';
import { compliantAmi, EC2_ACCOUNT, Ec2Endpoint } from './fixtures/ec2-endpoint';
import { OFFLINE_AWS_ENV } from './fixtures/offline-aws-env';
import { SfnEndpoint } from './fixtures/sfn-endpoint';
import { SignalServer } from './fixtures/signal-server';
import { preflightAmi } from '../lambda/preflight/preflight';

const REGION = 'us-east-1';
const GOOD = 'ami-0123456789abcdef0';
const BAD = 'ami-0badbadbadbadbad0';
const MISSING = 'ami-00000000000000000';

/** Breaks eight rules at once: someone else's, encrypted, arm64, Linux, two volumes (one too big), wrong root device, no TPM. */
const multiViolation = () => compliantAmi(BAD, {
  ownerId: '137112412989',
  ownerAlias: 'amazon',
  architecture: 'arm64',
  tpmSupport: undefined,
  platform: undefined,
  platformDetails: 'Linux/UNIX',
  rootDeviceName: '/dev/xvda',
  blockDeviceMappings: [
    { deviceName: '/dev/xvda', ebs: { volumeSize: 8, encrypted: true, snapshotId: 'snap-0aaaaaaaaaaaaaaa1' } },
    { deviceName: '/dev/xvdb', ebs: { volumeSize: 600, encrypted: false, snapshotId: 'snap-0aaaaaaaaaaaaaaa2' } },
  ],
});

const ec2 = new Ec2Endpoint();
const savedEnv = { ...process.env };

beforeAll(async () => {
  await ec2.start();
  // The handler's clients read these, as in Lambda. No real credentials or config are used.
  Object.assign(process.env, {
    AWS_REGION: REGION,
    ...OFFLINE_AWS_ENV,
    AWS_ENDPOINT_URL_EC2: ec2.url,
    IMPORTED_IMAGE_RETRY_DELAY_SCALE: '0.01',
  });
});
afterAll(async () => {
  process.env = savedEnv;
  await ec2.stop();
});
beforeEach(() => {
  ec2.reset();
  ec2.putAmi(compliantAmi(GOOD));
  ec2.putAmi(multiViolation());
});

describe('preflightAmi with the real EC2 client', () => {
  test('a compliant AMI: no violation, after one DescribeImages for that id in EC2\'s query form', async () => {
    expect(await preflightAmi(GOOD, EC2_ACCOUNT)).toEqual([]);

    const requests = ec2.requestsFor('DescribeImages');
    expect(requests).toHaveLength(1);
    expect(requests[0].params).toEqual({ 'Action': 'DescribeImages', 'Version': '2016-11-15', 'ImageId.1': GOOD });
    expect(requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/ec2\/aws4_request/);
  });

  test('an AMI that breaks several rules: every violation, each with what was found and its fix', async () => {
    const violations = await preflightAmi(BAD, EC2_ACCOUNT);
    expect(violations).toEqual([
      'the AMI belongs to another account (public and shared AMIs cannot be imported) (found owner 137112412989 (amazon)): ' +
        `copy it into this account (aws ec2 copy-image --source-image-id ${BAD} --source-region <its Region> --name <name>) and import the copy`,
      expect.stringMatching(/^the AMI has encrypted EBS snapshots .* \(found encrypted: \/dev\/xvda\): create the AMI again/),
      expect.stringMatching(/^the AMI is not x86_64 \(found arm64\): start from an x86_64/),
      'TPM support is missing (found none): register the AMI with `--tpm-support v2.0`, or start from a `TPM-Windows_Server-2022-English-Full-Base` AMI',
      expect.stringMatching(/^the AMI is not a Windows AMI \(found Linux\/UNIX\): /),
      expect.stringMatching(/^the AMI has more than one EBS volume \(found 2 EBS volumes \(\/dev\/xvda, \/dev\/xvdb\)\): /),
      expect.stringMatching(/^a volume is larger than 500 GB \(found \/dev\/xvda 8 GB, \/dev\/xvdb 600 GB\): /),
      expect.stringMatching(/^the root device is not \/dev\/sda1 \(found \/dev\/xvda\): /),
    ]);
  });

  test.each([
    ['does not exist', MISSING, 'InvalidAMIID.NotFound', `The image id '[${MISSING}]' does not exist`],
    ['is malformed', 'ami-NOTHEX', 'InvalidAMIID.Malformed', 'Invalid id: "ami-NOTHEX"'],
  ])('an AMI id that %s: one violation that says so, with EC2\'s words', async (_label, amiId, code, message) => {
    const violations = await preflightAmi(amiId, EC2_ACCOUNT);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(`AMI ${amiId} does not exist in ${REGION} or is not visible to account ${EC2_ACCOUNT}`);
    expect(violations[0]).toContain(`${code}: ${message}`);
    expect(violations[0]).toContain('check the AMI id');
  });

  test('throttling is retried (by the SDK, then by the handler): the answer is the same as without it', async () => {
    // Three throttled answers use up the SDK's own attempts; the handler's retry makes the fourth call.
    ec2.throttle('DescribeImages', 3);
    process.env.IMPORTED_IMAGE_RETRY_DELAY_SCALE = '1';
    try {
      expect(await preflightAmi(GOOD, EC2_ACCOUNT)).toEqual([]);
    } finally {
      process.env.IMPORTED_IMAGE_RETRY_DELAY_SCALE = '0.01';
    }
    expect(ec2.requestsFor('DescribeImages').map(r => r.errorCode ?? r.status)).toEqual([
      'RequestLimitExceeded', 'RequestLimitExceeded', 'RequestLimitExceeded', 200,
    ]);
  });

  test('no permission to describe images: a deployment error that names the permission and the way out', async () => {
    ec2.inject('DescribeImages', 1, 403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.');
    await expect(preflightAmi(GOOD, EC2_ACCOUNT)).rejects.toThrow(
      new RegExp(`could not read AMI ${GOOD} with ec2:DescribeImages: UnauthorizedOperation: You are not authorized.*set preflight: false`),
    );
  });
});

describe('the bundled handler (assets/handler) runs the pre-flight on Create', () => {
  const appstream = new AppStreamEndpoint();
  const sfn = new SfnEndpoint();
  const signals = new SignalServer();
  let handler: BundledHandler;

  beforeAll(async () => {
    assertBundleExists();
    await Promise.all([appstream.start(), sfn.start(), signals.start()]);
    handler = new BundledHandler({ appstream: appstream.url, sfn: sfn.url, ec2: ec2.url, stateMachineArn: sfn.stateMachineArn });
    await handler.start();
  });
  afterAll(async () => {
    await handler?.stop();
    await Promise.all([appstream.stop(), sfn.stop(), signals.stop()]);
  });
  beforeEach(() => {
    appstream.reset();
    sfn.reset();
    signals.reset();
  });

  const create = (amiId: string, preflight?: string) => handler.onEvent(createEvent(importProperties({
    SourceAmiId: amiId, Preflight: preflight, WaitHandle: signals.handleUrl('preflight'),
  })));

  test('a non-compliant AMI fails Create at once with every violation; nothing is imported', async () => {
    const error = await create(BAD, 'true').then(() => undefined, e => e);
    expect(error?.message).toMatch(new RegExp(`^AMI ${BAD} cannot be imported \\(pre-flight found 8 problems\\):\n- the AMI belongs to another account`));
    expect(error.message).toContain('- TPM support is missing (found none): register the AMI with `--tpm-support v2.0`');
    expect(error.message.split('\n').filter((line: string) => line.startsWith('- '))).toHaveLength(8);
    expect(error.message).toContain('set preflight: false');
    expect(ec2.requestsFor('DescribeImages')).toHaveLength(1);
    expect(appstream.requestsFor('CreateImportedImage')).toHaveLength(0);
    expect(sfn.executions).toHaveLength(0);
  });

  test('pre-flight is on by default (no Preflight property): a missing AMI fails Create, saying so', async () => {
    const error = await create(MISSING, undefined).then(() => undefined, e => e);
    expect(error?.message).toContain(`(pre-flight found 1 problem):\n- AMI ${MISSING} does not exist in ${REGION} or is not visible to account ${EC2_ACCOUNT}`);
    expect(appstream.requestsFor('CreateImportedImage')).toHaveLength(0);
  });

  test('a compliant AMI passes the pre-flight and the import starts', async () => {
    const answer = await create(GOOD, 'true');
    expect(answer.PhysicalResourceId).toMatch(/^TestStackImage-[0-9a-f]{10}$/);
    expect(ec2.requestsFor('DescribeImages').map(r => r.params['ImageId.1'])).toEqual([GOOD]);
    expect(appstream.requestsFor('CreateImportedImage').map(r => r.body.SourceAmiId)).toEqual([GOOD]);
  });

  test('Preflight "false": no EC2 call, the import starts even for a non-compliant AMI', async () => {
    await create(BAD, 'false');
    expect(ec2.requests).toHaveLength(0);
    expect(appstream.requestsFor('CreateImportedImage').map(r => r.body.SourceAmiId)).toEqual([BAD]);
  });
});
