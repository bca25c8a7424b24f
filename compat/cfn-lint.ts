/**
 * AWS's CloudFormation linter over every template the examples and tests synthesize
 * (`npx projen cfn-lint`, run by .ci/run after `npx projen languages`): the main example
 * (examples/app.ts) and the two-account and Image Builder examples, the README example in each language (examples/cdk.out.<language>, when
 * `languages` has written them), the integ snapshots (test/*.snapshot), the landing-zone stack
 * (test/fixtures/landing-zone.ts) and a stack whose AMI id is a deploy-time value (wait
 * segments). cfn-lint comes from PyPI, pinned, into the venv under .languages/.
 * Any error, or any warning of a rule not ignored below, fails the check.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { buildApp } from '../examples/app';
import { buildCrossAccountApp } from '../examples/cross-account';
import { buildImageBuilderApp } from '../examples/image-builder-app';
import { ImageSource, ImportedImage } from '../src';
import { ROOT, WORK, pythonVenv, timed } from './languages-env';
import { landingZoneImages } from '../test/fixtures/landing-zone';

const CFN_LINT = 'cfn-lint==1.58.0';

/** Rules not applied, each with the reason. */
const IGNORED: Record<string, string> = {
  W3005: 'aws-cdk-lib makes every Lambda function and state machine DependsOn its role as well as the role\'s policy; '
    + 'the role part repeats what the GetAtt of the role already orders (redundant, harmless, and not ours to change)',
};

interface Match {
  readonly Rule: { readonly Id: string; readonly Description: string };
  readonly Level: string;
  readonly Message: string;
  readonly Filename: string;
  readonly Location: { readonly Start: { readonly LineNumber: number } };
}

/** Synthesizes the stacks no other step writes to a file, into `outdir`. */
function synthesizeOwnStacks(outdir: string): void {
  fs.rmSync(outdir, { recursive: true, force: true });
  const env = { account: '111111111111', region: 'us-east-1' };
  const example = new App({ outdir: path.join(outdir, 'example') });
  buildApp(example);
  example.synth();
  // The other example apps: two accounts (a RAM-shared parameter), and Image Builder with copies in two Regions.
  for (const [name, build] of [['cross-account', buildCrossAccountApp], ['image-builder', buildImageBuilderApp]] as const) {
    const other = new App({ outdir: path.join(outdir, name) });
    build(other);
    other.synth();
  }
  const app = new App({ outdir: path.join(outdir, 'stacks') });
  // Without an env, so that the test VPC takes its zones from Fn::GetAZs: with an account and
  // Region but no lookup context, aws-cdk-lib writes placeholder zones (dummy1a), which cfn-lint
  // rightly flags (W3010).
  landingZoneImages(new Stack(app, 'LandingZone'));
  // A deploy-time AMI id (an SSM parameter): the wait is a chain of wait segments.
  new ImportedImage(new Stack(app, 'TokenSource', { env }), 'Golden', {
    source: ImageSource.fromMachineImage(ec2.MachineImage.fromSsmParameter('/golden/ami-id', { os: ec2.OperatingSystemType.WINDOWS })),
  });
  app.synth();
}

function templatesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter(f => f.endsWith('.template.json')).map(f => path.join(dir, f));
}

const own = path.join(WORK, 'cfn-lint');
timed('synth of the example, the landing-zone and the token-source stacks', () => synthesizeOwnStacks(own));
const folders = [
  path.join(own, 'example'),
  path.join(own, 'cross-account'),
  path.join(own, 'image-builder'),
  path.join(own, 'stacks'),
  ...fs.readdirSync(path.join(ROOT, 'examples')).filter(d => d.startsWith('cdk.out.')).map(d => path.join(ROOT, 'examples', d)),
  ...fs.readdirSync(path.join(ROOT, 'test')).filter(d => d.endsWith('.snapshot')).map(d => path.join(ROOT, 'test', d)),
];
const templates = folders.flatMap(templatesIn);
for (const folder of folders) {
  console.log(`   ${path.relative(ROOT, folder)}: ${templatesIn(folder).map(f => path.basename(f, '.template.json')).join(', ')}`);
}

const python = timed(`venv with ${CFN_LINT} from PyPI`, () => pythonVenv([CFN_LINT]));
const cfnLint = path.join(path.dirname(python), 'cfn-lint');
const version = execFileSync(cfnLint, ['--version'], { encoding: 'utf8' }).trim();
const result = timed(`${version} over ${templates.length} templates`, () => spawnSync(cfnLint, [
  '--format', 'json', '--ignore-checks', ...Object.keys(IGNORED), '--', ...templates,
], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
if (result.error) throw result.error;
// cfn-lint's exit code is a bit mask of what it found (2 errors, 4 warnings, 8 informational); 1 is its own failure.
if (result.status === 1 || !result.stdout.trim().startsWith('[')) throw new Error(`cfn-lint failed to run (exit ${result.status}):\n${result.stderr}${result.stdout}`);
const matches: Match[] = JSON.parse(result.stdout);
for (const m of matches) {
  console.log(`${m.Level} ${m.Rule.Id} ${path.relative(ROOT, m.Filename)}:${m.Location.Start.LineNumber}: ${m.Message}`);
}
const count = (level: string) => matches.filter(m => m.Level === level).length;
for (const [rule, reason] of Object.entries(IGNORED)) console.log(`   ignored ${rule}: ${reason}`);
console.log(`cfn-lint: ${templates.length} templates, ${count('Error')} errors, ${count('Warning')} warnings, ${count('Informational')} informational (${Object.keys(IGNORED).join(', ')} ignored)`);
if (matches.length) process.exitCode = 1;
