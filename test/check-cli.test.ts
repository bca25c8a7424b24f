/**
 * The `check` command as shipped (assets/cli/index.js, the package's bin), run in a child
 * process with dummy credentials against local EC2, STS and AppStream endpoints.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { AppStreamEndpoint } from './fixtures/appstream-endpoint';
import { compliantAmi, EC2_ACCOUNT, Ec2Endpoint } from './fixtures/ec2-endpoint';
import { OFFLINE_AWS_ENV } from './fixtures/offline-aws-env';
import { StsEndpoint } from './fixtures/sts-endpoint';
import { IMAGE_NAME_PATTERN } from '../src/rules';

const CLI = path.resolve(__dirname, '..', 'assets', 'cli', 'index.js');
const REGION = 'eu-west-1';
const ROLE = `arn:aws:iam::${EC2_ACCOUNT}:role/AppStreamImportRole`;
const GOOD = 'ami-0123456789abcdef0';
const BAD = 'ami-0badbadbadbadbad0';
const MISSING = 'ami-00000000000000000';

const ec2 = new Ec2Endpoint();
const sts = new StsEndpoint(EC2_ACCOUNT);
const appstream = new AppStreamEndpoint();

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        ...OFFLINE_AWS_ENV,
        // The SDK warns on Node.js < 22 (a process warning): not what these tests look at.
        NODE_NO_WARNINGS: '1',
        AWS_ENDPOINT_URL_EC2: ec2.url,
        AWS_ENDPOINT_URL_STS: sts.url,
        AWS_ENDPOINT_URL_APPSTREAM: appstream.url,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => { stdout += chunk; });
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

const lines = (text: string) => text.split('\n').filter(line => line !== '');

/** As the real service does: a dry run that would succeed answers DryRunOperationException. */
const dryRunSucceeds = () => appstream.inject('CreateImportedImage', 1, 400, 'DryRunOperationException',
  'Request would have succeeded, but DryRun flag is set.');

beforeAll(async () => {
  expect(fs.existsSync(CLI)).toBe(true); // built by `npx projen bundle`, which the test task runs first
  await Promise.all([ec2.start(), sts.start(), appstream.start()]);
});
afterAll(() => Promise.all([ec2.stop(), sts.stop(), appstream.stop()]));
beforeEach(() => {
  ec2.reset();
  sts.reset();
  appstream.reset();
  ec2.putAmi(compliantAmi(GOOD));
  ec2.putAmi(compliantAmi(BAD, {
    ownerId: '801119661308',
    tpmSupport: undefined,
    bootMode: 'legacy-bios',
    blockDeviceMappings: [{ deviceName: '/dev/sda1', ebs: { volumeSize: 1024, encrypted: true, snapshotId: 'snap-0aaaaaaaaaaaaaaa1', volumeType: 'io1' } }],
  }));
});

test('a compliant AMI and an accepted dry run: every line PASS, exit code 0', async () => {
  dryRunSucceeds();
  const run = await runCli(['check', '--ami', GOOD, '--role', ROLE, '--region', REGION]);

  expect(run.stderr).toBe('');
  expect(lines(run.stdout)).toEqual([
    `Checking ${GOOD} in ${REGION} for account ${EC2_ACCOUNT} (arn:aws:iam::${EC2_ACCOUNT}:user/ami-checker) with import role ${ROLE}`,
    `PASS  AMI exists and is visible to account ${EC2_ACCOUNT} in ${REGION}`,
    `PASS  owned by this account (${EC2_ACCOUNT})`,
    'PASS  state available',
    'PASS  not encrypted',
    'PASS  architecture x86_64',
    'PASS  virtualization HVM',
    'PASS  boot mode uefi',
    'PASS  TPM support v2.0',
    'PASS  ENA support',
    'PASS  platform Windows',
    'PASS  exactly one EBS volume',
    'PASS  EBS volume at most 500 GB',
    'PASS  EBS volume type gp2 or gp3',
    'PASS  root device /dev/sda1',
    'PASS  CreateImportedImage dry run',
    `Result: 15 passed, 0 failed, 0 skipped. AMI ${GOOD} can be imported.`,
  ]);
  expect(run.code).toBe(0);

  // The dry run carried the AMI, the role and DryRun, and created nothing.
  const [dryRun] = appstream.requestsFor('CreateImportedImage');
  expect(dryRun.body).toMatchObject({ SourceAmiId: GOOD, IamRoleArn: ROLE, DryRun: true });
  expect(dryRun.body.Name).toMatch(IMAGE_NAME_PATTERN); // the service's rule, which the test endpoint enforces too
  expect(appstream.images.size).toBe(0);
  expect(ec2.requestsFor('DescribeImages').map(r => r.params['ImageId.1'])).toEqual([GOOD]);
});

test('an AMI that breaks several rules: a FAIL line per rule with its fix, exit code 1', async () => {
  dryRunSucceeds();
  const run = await runCli(['check', '--ami', BAD, '--role', ROLE], { AWS_REGION: REGION });

  const out = lines(run.stdout);
  expect(out.filter(line => line.startsWith('FAIL  '))).toEqual([
    `FAIL  owned by this account (${EC2_ACCOUNT}): the AMI belongs to another account (public and shared AMIs cannot be imported) (found owner 801119661308) — fix: copy it into this account (aws ec2 copy-image --source-image-id ${BAD} --source-region <its Region> --name <name>) and import the copy`,
    expect.stringMatching(/^FAIL {2}not encrypted: the AMI has encrypted EBS snapshots .*\(found encrypted: \/dev\/sda1\) — fix: create the AMI again/),
    expect.stringMatching(/^FAIL {2}boot mode uefi: the AMI does not boot with UEFI \(found legacy-bios\) — fix: .*--boot-mode uefi/),
    'FAIL  TPM support v2.0: TPM support is missing (found none) — fix: register the AMI with `--tpm-support v2.0`, or start from a `TPM-Windows_Server-2022-English-Full-Base` AMI',
    expect.stringMatching(/^FAIL {2}EBS volume at most 500 GB: a volume is larger than 500 GB \(found \/dev\/sda1 1024 GB\) — fix: /),
    expect.stringMatching(/^FAIL {2}EBS volume type gp2 or gp3: a volume is not gp2 or gp3 \(found \/dev\/sda1 io1\) — fix: launch an instance from it with a gp3 root volume/),
  ]);
  expect(out.filter(line => line.startsWith('PASS  '))).toHaveLength(15 - 6);
  expect(out[out.length - 1]).toBe(`Result: 9 passed, 6 failed, 0 skipped. AMI ${BAD} cannot be imported as it is: fix the FAIL lines and run check again.`);
  expect(run.code).toBe(1);
});

test('an AMI that does not exist: a FAIL line that says so, exit code 1', async () => {
  appstream.inject('CreateImportedImage', 1, 400, 'ResourceNotFoundException', `The AMI ${MISSING} was not found.`);
  const run = await runCli(['check', `--ami=${MISSING}`, `--role=${ROLE}`, `--region=${REGION}`]);

  const out = lines(run.stdout);
  expect(out.slice(1)).toEqual([
    `FAIL  AMI exists and is visible to account ${EC2_ACCOUNT} in ${REGION}: AMI ${MISSING} does not exist in ${REGION} or is not visible to account ${EC2_ACCOUNT} ` +
      `(found InvalidAMIID.NotFound: The image id '[${MISSING}]' does not exist) — fix: check the AMI id and that you deploy to the AMI's Region (copy it with aws ec2 copy-image otherwise); ` +
      'an AMI of another account must be shared with this one and then copied into it',
    `FAIL  CreateImportedImage dry run: the service refused it: ResourceNotFoundException: The AMI ${MISSING} was not found. — fix: fix what the service says, then run check again`,
    `Result: 0 passed, 2 failed, 0 skipped. AMI ${MISSING} cannot be imported as it is: fix the FAIL lines and run check again.`,
  ]);
  expect(run.code).toBe(1);
});

test('the service refuses the dry run (role not usable): FAIL with its words and the fix, exit code 1', async () => {
  appstream.invalidRole(1);
  const run = await runCli(['check', '--ami', GOOD, '--role', ROLE, '--region', REGION]);

  const out = lines(run.stdout);
  expect(out.filter(line => line.startsWith('FAIL  '))).toEqual([
    expect.stringMatching(/^FAIL {2}CreateImportedImage dry run: the service refused it: InvalidRoleException: AppStream 2.0 can't assume the role .* — fix: make the role trust appstream.amazonaws.com/),
  ]);
  expect(out[out.length - 1]).toMatch(/^Result: 14 passed, 1 failed, 0 skipped\./);
  expect(run.code).toBe(1);
});

test('without --role the dry run is SKIPPED and the check does not pass: exit code 1', async () => {
  const run = await runCli(['check', '--ami', GOOD, '--region', REGION]);

  const out = lines(run.stdout);
  expect(out).toContain('SKIP  CreateImportedImage dry run: needs the import role (the service assumes it to read and modify the AMI) — fix: run again with --role ' +
    '<arn of a role trusted by appstream.amazonaws.com that allows ec2:DescribeImages and ec2:ModifyImageAttribute>');
  expect(out[out.length - 1]).toBe(`Result: 14 passed, 0 failed, 1 skipped. AMI ${GOOD} passes every check that ran, but not every check ran: see the SKIP lines.`);
  expect(appstream.requests).toHaveLength(0);
  expect(run.code).toBe(1);
});

test('--help prints the usage on stdout, exit code 0', async () => {
  const run = await runCli(['--help']);
  expect(run.stdout).toMatch(/^Usage: cdk-appstream-imported-image check --ami <ami-id> \[--role <role-arn>\] \[--region <region>\] \[--profile <name>\] \[--timeout <seconds>\] \[--json\]\n/);
  expect(run.stdout).toContain('Exit codes: 0 every requirement passes; 1 one fails or was not checked (also when AWS could not\nbe reached in time, or the credentials were refused); 2 bad arguments.');
  expect(run.code).toBe(0);
});

test.each([
  ['no command', [], 'No command given: the command is `check`.'],
  ['an unknown command', ['vet', '--ami', GOOD], 'Unknown command \'vet\': the command is `check`.'],
  ['no --ami', ['check', '--region', REGION], 'Missing --ami <ami-id>.'],
  ['--ami without a value', ['check', '--ami'], '--ami needs a value.'],
  ['a bad AMI id', ['check', '--ami', 'ami-12345'], '--ami \'ami-12345\' is not an AMI id'],
  ['a WorkSpaces image id', ['check', '--ami', 'wsi-abcdefghi'], '--ami \'wsi-abcdefghi\' is not an AMI id'],
  ['an unknown flag', ['check', '--ami', GOOD, '--proflie', 'dev'], 'Unknown option \'--proflie\'.'],
  ['--profile without a value', ['check', '--ami', GOOD, '--profile'], '--profile needs a value.'],
  ['a --timeout that is not a number', ['check', '--ami', GOOD, '--timeout', 'soon'], '--timeout \'soon\' is not a number of seconds between 0 and 3600'],
  ['a --timeout of 0', ['check', '--ami', GOOD, '--timeout=0'], '--timeout \'0\' is not a number of seconds between 0 and 3600'],
  ['a stray argument', ['check', GOOD], 'Unexpected argument \'ami-0123456789abcdef0\'.'],
  ['a flag given twice', ['check', '--ami', GOOD, '--ami', BAD], '--ami is given more than once.'],
  ['a bad role ARN', ['check', '--ami', GOOD, '--role', 'AppStreamImportRole'], '--role \'AppStreamImportRole\' is not an IAM role ARN'],
  ['a bad Region', ['check', '--ami', GOOD, '--region', 'Ireland'], '--region \'Ireland\' is not a Region name'],
])('bad arguments (%s): the problem and the usage on stderr, exit code 2, no AWS call', async (_label, args, message) => {
  const run = await runCli(args);
  expect(run.stderr.startsWith(message)).toBe(true);
  expect(run.stderr).toContain('Usage: cdk-appstream-imported-image check --ami <ami-id>');
  expect(run.stdout).toBe('');
  expect(run.code).toBe(2);
  expect(ec2.requests).toHaveLength(0);
  expect(sts.requests).toHaveLength(0);
});

test('no Region anywhere: says how to give one, exit code 2', async () => {
  const run = await runCli(['check', '--ami', GOOD]);
  expect(run.stderr).toMatch(/^No AWS Region: pass --region, or set AWS_REGION/);
  expect(run.code).toBe(2);
});

test('no AWS credentials: an ERROR that says what to check, exit code 1', async () => {
  const run = await runCli(['check', '--ami', GOOD, '--region', REGION], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
  expect(run.stderr).toMatch(new RegExp(`^ERROR {2}could not check ${GOOD}: `));
  expect(run.stderr).toContain('Check your AWS credentials (aws sts get-caller-identity)');
  expect(run.stdout).toBe('');
  expect(run.code).toBe(1);
});

describe('the network, not the credentials', () => {
  /** A TCP server that accepts connections and then never answers (`silent`) or drops them at once (`drop`). */
  async function brokenServer(behaviour: 'silent' | 'drop') {
    const sockets = new Set<net.Socket>();
    const server = net.createServer(socket => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      if (behaviour === 'drop') socket.destroy();
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const stop = () => new Promise<void>(resolve => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
    return { url, stop };
  }

  /** A port nothing listens on (it listened a moment ago). */
  async function closedPort(): Promise<string> {
    const { url, stop } = await brokenServer('drop');
    await stop();
    return url;
  }

  const NOT_CREDENTIALS = 'This is the network, not your credentials: check your connection, your proxy (HTTPS_PROXY), the VPC endpoints or firewall between you and AWS, and the Region';

  test('STS accepts the connection and never answers: the deadline (--timeout) ends the command, naming the endpoint; exit code 1', async () => {
    const silent = await brokenServer('silent');
    try {
      const run = await runCli(['check', '--ami', GOOD, '--region', REGION, '--timeout', '1'], { AWS_ENDPOINT_URL_STS: silent.url });
      expect(run.stderr).toBe(`ERROR  could not check ${GOOD}: no answer within the 1 s deadline (--timeout) from STS at ${silent.url} (GetCallerIdentity). ${NOT_CREDENTIALS}; or run again with a longer --timeout.\n`);
      expect(run.stderr).not.toContain('Check your AWS credentials');
      expect(run.stdout).toBe('');
      expect(run.code).toBe(1);
    } finally {
      await silent.stop();
    }
  });

  test('EC2 never answers after STS did: the message names EC2 and DescribeImages', async () => {
    const silent = await brokenServer('silent');
    try {
      const run = await runCli(['check', '--ami', GOOD, '--region', REGION, '--timeout=1'], { AWS_ENDPOINT_URL_EC2: silent.url });
      expect(lines(run.stdout)).toEqual([`Checking ${GOOD} in ${REGION} for account ${EC2_ACCOUNT} (arn:aws:iam::${EC2_ACCOUNT}:user/ami-checker)`]);
      expect(run.stderr).toContain(`no answer within the 1 s deadline (--timeout) from EC2 at ${silent.url} (DescribeImages).`);
      expect(run.code).toBe(1);
    } finally {
      await silent.stop();
    }
  });

  test('a connection that is dropped: says so, names the endpoint, no advice about credentials; exit code 1', async () => {
    const drop = await brokenServer('drop');
    try {
      const run = await runCli(['check', '--ami', GOOD, '--region', REGION], { AWS_ENDPOINT_URL_STS: drop.url });
      expect(run.stderr).toMatch(new RegExp(`^ERROR {2}could not check ${GOOD}: could not reach STS at ${drop.url} \\(GetCallerIdentity\\): the connection was dropped \\((ECONNRESET|EPIPE|socket hang up)\\)\\. `));
      expect(run.stderr).toContain(NOT_CREDENTIALS);
      expect(run.stderr).not.toContain('Check your AWS credentials');
      expect(run.code).toBe(1);
    } finally {
      await drop.stop();
    }
  });

  test('a refused connection: says so, names the endpoint, no advice about credentials; exit code 1', async () => {
    const url = await closedPort();
    const run = await runCli(['check', '--ami', GOOD, '--region', REGION], { AWS_ENDPOINT_URL_STS: url });
    expect(run.stderr).toBe(`ERROR  could not check ${GOOD}: could not reach STS at ${url} (GetCallerIdentity): the connection was refused (ECONNREFUSED). ${NOT_CREDENTIALS}.\n`);
    expect(run.code).toBe(1);
  });
});

describe('--profile', () => {
  /** The STS fixture, also recording which access key signed each request. */
  class SigningSts extends StsEndpoint {
    public readonly accessKeys: string[] = [];
    protected handle(request: http.IncomingMessage, response: http.ServerResponse): void {
      this.accessKeys.push(/Credential=([A-Z0-9]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '');
      super.handle(request, response);
    }
  }

  test('takes the credentials and the Region of that profile', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-profile-'));
    const signing = new SigningSts(EC2_ACCOUNT);
    await signing.start();
    try {
      fs.writeFileSync(path.join(dir, 'config'), '[profile golden]\nregion = ap-southeast-2\n');
      fs.writeFileSync(path.join(dir, 'credentials'), '[golden]\naws_access_key_id = AKIAGOLDENPROFILE000\naws_secret_access_key = golden-secret\n');
      const run = await runCli(['check', '--ami', GOOD, '--profile', 'golden'], {
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_SESSION_TOKEN: '',
        AWS_CONFIG_FILE: path.join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
        AWS_ENDPOINT_URL_STS: signing.url,
      });
      expect(lines(run.stdout)[0]).toBe(`Checking ${GOOD} in ap-southeast-2 for account ${EC2_ACCOUNT} (arn:aws:iam::${EC2_ACCOUNT}:user/ami-checker)`);
      expect(signing.accessKeys).toEqual(['AKIAGOLDENPROFILE000']);
    } finally {
      await signing.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a profile that gives no Region, and no --region: says so, naming the profile, exit code 2', async () => {
    const run = await runCli(['check', '--ami', GOOD, '--profile', 'nope']);
    expect(run.stderr).toMatch(/^No AWS Region: pass --region, or set AWS_REGION \(or a Region in your AWS profile 'nope'\)/);
    expect(run.code).toBe(2);
  });
});

test('--json: one JSON object with every line, the counts and the exit code', async () => {
  dryRunSucceeds();
  const run = await runCli(['check', '--ami', GOOD, '--role', ROLE, '--region', REGION, '--json']);
  expect(run.stderr).toBe('');
  expect(lines(run.stdout)).toHaveLength(1);
  const report = JSON.parse(run.stdout);
  expect(report).toMatchObject({
    ami: GOOD,
    region: REGION,
    account: EC2_ACCOUNT,
    role: ROLE,
    passed: 15,
    failed: 0,
    skipped: 0,
    exitCode: 0,
    result: `Result: 15 passed, 0 failed, 0 skipped. AMI ${GOOD} can be imported.`,
  });
  expect(report.lines[0]).toEqual({ status: 'PASS', name: `AMI exists and is visible to account ${EC2_ACCOUNT} in ${REGION}` });
  expect(run.code).toBe(0);
});

test('--json when AWS cannot be reached: the error in the object, exit code 1', async () => {
  const run = await runCli(['check', '--ami', GOOD, '--region', REGION, '--json'], { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1' });
  const report = JSON.parse(run.stdout);
  expect(report).toMatchObject({ ami: GOOD, lines: [], exitCode: 1 });
  expect(report.error).toMatch(/^could not check ami-0123456789abcdef0: could not reach STS at http:\/\/127\.0\.0\.1:1 \(GetCallerIdentity\): the connection was refused/);
  expect(run.code).toBe(1);
});
