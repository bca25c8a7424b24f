/**
 * The `check` command: vets an AMI before any CDK is written, with the user's own credentials.
 * Runs the construct's pre-flight (the same requirements, the same messages) and a DryRun
 * CreateImportedImage, prints one line per requirement and a summary, and answers an exit code:
 * 0 when every requirement passes, 1 when one fails or could not be checked, 2 for bad arguments.
 * Every AWS call has connect and request timeouts and the whole command a deadline (network.ts).
 */
import { AppStreamClient, CreateImportedImageCommand } from '@aws-sdk/client-appstream';
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CallTracker, clientConfig, CONNECT_TIMEOUT_MS, deadlineMessage, DEFAULT_DEADLINE_SECONDS, networkMessage, networkProblem,
  REQUEST_TIMEOUT_MS, track, withDeadline,
} from './network';
import { checkAmiRequirements, Requirement } from '../preflight/ami-requirements';
import { errorMessage, errorName } from '../shared/errors';

export const COMMAND = 'cdk-appstream-imported-image';

export const USAGE = `Usage: ${COMMAND} check --ami <ami-id> [--role <role-arn>] [--region <region>] [--profile <name>] [--timeout <seconds>] [--json]

Checks that an EC2 AMI can be imported into Amazon WorkSpaces Applications (AppStream 2.0),
with the AWS credentials of this shell, before any CDK is written:
  - the construct's deploy-time pre-flight (EC2 DescribeImages against every import
    requirement: owner, state, encryption, x86_64, HVM, UEFI, TPM v2.0, ENA, Windows,
    one EBS volume of at most 500 GB, root device /dev/sda1);
  - a DryRun CreateImportedImage, in which the service runs its own checks and creates nothing.

Options:
  --ami <ami-id>        the AMI to check: ami- and 8 or 17 hex digits (required)
  --role <role-arn>     the import role WorkSpaces Applications assumes (IamRoleArn) for the
                        dry run: trusted by appstream.amazonaws.com, allowed ec2:DescribeImages
                        and ec2:ModifyImageAttribute. Without it the dry run is SKIPPED, and a
                        skipped check is not a pass (exit code 1)
  --region <region>     the AMI's Region (default: AWS_REGION, or your AWS profile's Region)
  --profile <name>      the AWS profile for credentials and Region (default: AWS_PROFILE, or default)
  --timeout <seconds>   deadline for the whole command (default ${DEFAULT_DEADLINE_SECONDS}); each call also gives up
                        after ${CONNECT_TIMEOUT_MS / 1000} s connecting or ${REQUEST_TIMEOUT_MS / 1000} s waiting for an answer
  --json                print one JSON object (the lines, the counts, the result) instead of text
  -h, --help            show this help

Prints one line per requirement (PASS, FAIL with the fix, or SKIP), then a summary.
Exit codes: 0 every requirement passes; 1 one fails or was not checked (also when AWS could not
be reached in time, or the credentials were refused); 2 bad arguments.

Example:
  npx ${COMMAND} check --ami ami-0123456789abcdef0 \\
    --role arn:aws:iam::123456789012:role/AppStreamImportRole --region eu-west-1`;

const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export interface CheckOptions {
  readonly amiId: string;
  readonly roleArn?: string;
  readonly region?: string;
  readonly profile?: string;
  /** The whole command's deadline. */
  readonly timeoutSeconds: number;
  readonly json: boolean;
}

export type ParsedArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'check'; readonly options: CheckOptions }
  | { readonly kind: 'error'; readonly message: string };

/** `check --ami ami-... [--role arn] [--region r] [--profile p] [--timeout s] [--json]`, flags as `--flag value` or `--flag=value`. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { kind: 'help' };
  const [command, ...rest] = argv;
  if (command === undefined) return { kind: 'error', message: 'No command given: the command is `check`.' };
  if (command !== 'check') return { kind: 'error', message: `Unknown command '${command}': the command is \`check\`.` };

  const values: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') {
      json = true;
      continue;
    }
    const match = /^--(ami|role|region|profile|timeout)(?:=(.*))?$/.exec(arg);
    if (!match) {
      return { kind: 'error', message: arg.startsWith('-') ? `Unknown option '${arg}'.` : `Unexpected argument '${arg}'.` };
    }
    const [, flag, inline] = match;
    const value = inline ?? rest[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      return { kind: 'error', message: `--${flag} needs a value.` };
    }
    if (flag in values) return { kind: 'error', message: `--${flag} is given more than once.` };
    values[flag] = value;
  }

  if (!values.ami) return { kind: 'error', message: 'Missing --ami <ami-id>.' };
  if (!AMI_ID.test(values.ami)) {
    return { kind: 'error', message: `--ami '${values.ami}' is not an AMI id: ami- and 8 or 17 lowercase hex digits, e.g. ami-0123456789abcdef0.` };
  }
  if (values.role !== undefined && !ROLE_ARN.test(values.role)) {
    return { kind: 'error', message: `--role '${values.role}' is not an IAM role ARN, e.g. arn:aws:iam::123456789012:role/AppStreamImportRole.` };
  }
  if (values.region !== undefined && !REGION.test(values.region)) {
    return { kind: 'error', message: `--region '${values.region}' is not a Region name, e.g. us-east-1.` };
  }
  const timeoutSeconds = values.timeout === undefined ? DEFAULT_DEADLINE_SECONDS : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 3600) {
    return { kind: 'error', message: `--timeout '${values.timeout}' is not a number of seconds between 0 and 3600, e.g. --timeout 60.` };
  }
  return {
    kind: 'check',
    options: { amiId: values.ami, roleArn: values.role, region: values.region, profile: values.profile, timeoutSeconds, json },
  };
}

/** Where the command writes: stdout for results, stderr for usage and errors. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export type Status = 'PASS' | 'FAIL' | 'SKIP';

export interface CheckLine {
  readonly status: Status;
  readonly name: string;
  /** FAIL and SKIP: what is wrong (and what was found). */
  readonly detail?: string;
  readonly fix?: string;
}

export function formatLine(line: CheckLine): string {
  if (line.status === 'PASS') return `PASS  ${line.name}`;
  const fix = line.fix ? ` — fix: ${line.fix}` : '';
  return `${line.status}  ${line.name}: ${line.detail ?? ''}${fix}`;
}

export function fromRequirement(requirement: Requirement): CheckLine {
  return requirement.passed
    ? { status: 'PASS', name: requirement.name }
    : { status: 'FAIL', name: requirement.name, detail: `${requirement.detail} (found ${requirement.found})`, fix: requirement.fix };
}

const DRY_RUN = 'CreateImportedImage dry run';

/** What to do about each way the service can refuse the dry run. */
function dryRunFix(code: string): string {
  switch (code) {
    case 'InvalidRoleException':
      return 'make the role trust appstream.amazonaws.com (sts:AssumeRole) and allow ec2:DescribeImages and ec2:ModifyImageAttribute on the AMI';
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'UnrecognizedClientException':
    case 'NotAuthorized':
      return 'your credentials need appstream:CreateImportedImage and iam:PassRole on the import role';
    case 'LimitExceededException':
      return 'accounts hold 10 images per Region by default: delete unused images or ask for a higher quota (Service Quotas, WorkSpaces Applications "Images")';
    default:
      return 'fix what the service says, then run check again';
  }
}

/**
 * DryRun CreateImportedImage. The service answers DryRunOperationException when the request
 * would have succeeded: that is the pass. (A plain success, which some endpoints answer to a
 * dry run, is one too.) Any other answer fails, with the service's own words.
 */
export async function dryRun(appstream: AppStreamClient, amiId: string, roleArn: string | undefined): Promise<CheckLine> {
  if (!roleArn) {
    return {
      status: 'SKIP',
      name: DRY_RUN,
      detail: 'needs the import role (the service assumes it to read and modify the AMI)',
      fix: 'run again with --role <arn of a role trusted by appstream.amazonaws.com that allows ec2:DescribeImages and ec2:ModifyImageAttribute>',
    };
  }
  const name = `${DRY_RUN.replace(/\W+/g, '-')}-${amiId}-${Date.now().toString(36)}`;
  try {
    await appstream.send(new CreateImportedImageCommand({ Name: name, SourceAmiId: amiId, IamRoleArn: roleArn, DryRun: true }));
    return { status: 'PASS', name: DRY_RUN };
  } catch (error) {
    const code = errorName(error);
    if (code === 'DryRunOperationException') return { status: 'PASS', name: DRY_RUN };
    return { status: 'FAIL', name: DRY_RUN, detail: `the service refused it: ${code}: ${errorMessage(error)}`, fix: dryRunFix(code) };
  }
}

export function summary(amiId: string, lines: readonly CheckLine[]): string {
  const count = (status: Status) => lines.filter(line => line.status === status).length;
  const [passed, failed, skipped] = [count('PASS'), count('FAIL'), count('SKIP')];
  const verdict = failed > 0
    ? `AMI ${amiId} cannot be imported as it is: fix the FAIL lines and run check again`
    : skipped > 0
      ? `AMI ${amiId} passes every check that ran, but not every check ran: see the SKIP lines`
      : `AMI ${amiId} can be imported`;
  return `Result: ${passed} passed, ${failed} failed, ${skipped} skipped. ${verdict}.`;
}

/** What `--json` prints: the same facts as the text. */
export interface JsonReport {
  readonly ami: string;
  readonly region?: string;
  readonly account?: string;
  readonly identity?: string;
  readonly role?: string;
  readonly lines: readonly CheckLine[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** The summary line, or the error. */
  readonly result: string;
  readonly error?: string;
  readonly exitCode: number;
}

/** Runs the command; returns the exit code. */
export async function main(argv: readonly string[], output: Output): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    output.out(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    output.err(`${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const { amiId, roleArn, region: regionFlag, profile, timeoutSeconds, json } = parsed.options;
  const deadlineMs = timeoutSeconds * 1000;
  const tracker = new CallTracker();
  const ec2 = track(new EC2Client(clientConfig(regionFlag, profile, deadlineMs)), 'EC2', tracker);

  let region: string;
  try {
    region = await ec2.config.region();
  } catch {
    output.err(`No AWS Region: pass --region, or set AWS_REGION (or a Region in your AWS profile${profile ? ` '${profile}'` : ''}).\n\n${USAGE}`);
    return 2;
  }
  const sts = track(new STSClient(clientConfig(region, profile, deadlineMs)), 'STS', tracker);
  const appstream = track(new AppStreamClient(clientConfig(region, profile, deadlineMs)), 'AppStream', tracker);

  const report: { -readonly [K in keyof JsonReport]?: JsonReport[K] } = { ami: amiId, region, role: roleArn, lines: [] };
  const text = (line: string) => { if (!json) output.out(line); };
  const fail = (message: string, advice?: string): number => {
    report.error = `could not check ${amiId}: ${message}`;
    if (!json) {
      output.err(`ERROR  ${report.error}`);
      if (advice) output.err(advice);
    }
    return 1;
  };

  const work = async (): Promise<number> => {
    try {
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      const accountId = identity.Account ?? '';
      report.account = accountId;
      report.identity = identity.Arn;
      text(`Checking ${amiId} in ${region} for account ${accountId} (${identity.Arn ?? 'unknown identity'})` +
        (roleArn ? ` with import role ${roleArn}` : ''));

      const requirements = await checkAmiRequirements(ec2, DescribeImagesCommand, amiId, accountId, { retries: false });
      const lines = requirements.map(fromRequirement);
      lines.push(await dryRun(appstream, amiId, roleArn));
      report.lines = lines;

      for (const line of lines) text(formatLine(line));
      report.result = summary(amiId, lines);
      text(report.result);
      return lines.every(line => line.status === 'PASS') ? 0 : 1;
    } catch (error) {
      const problem = networkProblem(error);
      if (problem) return fail(networkMessage(problem, tracker.current));
      return fail(`${errorName(error)}: ${errorMessage(error)}`,
        'Check your AWS credentials (aws sts get-caller-identity) and that they allow sts:GetCallerIdentity and ec2:DescribeImages.');
    }
  };

  let timedOut = false;
  const code = await withDeadline(work(), deadlineMs, () => {
    timedOut = true;
    return fail(deadlineMessage(timeoutSeconds, tracker.current));
  });
  // A request the deadline gave up on still holds its socket: close them, so the process ends.
  if (timedOut) for (const client of [ec2, sts, appstream]) client.destroy();

  if (json) {
    const lines = report.lines ?? [];
    const count = (status: Status) => lines.filter(line => line.status === status).length;
    output.out(JSON.stringify({
      ...report,
      ami: amiId,
      lines,
      passed: count('PASS'),
      failed: count('FAIL'),
      skipped: count('SKIP'),
      result: report.error ?? report.result ?? '',
      exitCode: code,
    } satisfies JsonReport));
  }
  return code;
}
