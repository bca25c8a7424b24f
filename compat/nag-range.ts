/**
 * cdk-nag across aws-cdk-lib versions (`npx projen nag:range`; not part of CI: it installs one
 * aws-cdk-lib per version from the registry). For each version, the packed tarball is installed
 * in a fresh app with cdk-nag 3 and cdk-nag 2 (compat/versions.json `tests`), which synthesizes
 * the README's TypeScript example plus a stack with every landing-zone setting on, and both
 * cdk-nag versions report their findings. The library's resources must have none.
 *
 *   npx ts-node --project tsconfig.dev.json compat/nag-range.ts                  # cdk-nag 3's floor and the newest
 *   npx ts-node --project tsconfig.dev.json compat/nag-range.ts --every-minor    # the newest patch of every minor in between too
 *   npx ts-node --project tsconfig.dev.json compat/nag-range.ts --versions 2.257.0,2.266.0
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { installTempApp } from './temp-app';

const { tests } = JSON.parse(fs.readFileSync(path.join(__dirname, 'versions.json'), 'utf8'));

/** cdk-nag 3's peer floor, from its own package.json (`^2.257.0`). */
function nagFloor(): string {
  const peer: string = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'node_modules', 'cdk-nag', 'package.json'), 'utf8')).peerDependencies['aws-cdk-lib'];
  const floor = /^\^(\d+\.\d+\.\d+)$/.exec(peer)?.[1];
  if (!floor) throw new Error(`cdk-nag's aws-cdk-lib peer range ${peer} is not ^x.y.z`);
  return floor;
}

const numeric = (v: string) => v.split('.').map(Number);
const compare = (a: string, b: string) => { const [x, y] = [numeric(a), numeric(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; };

function versionsToCheck(): string[] {
  const at = process.argv.indexOf('--versions');
  if (at >= 0) return process.argv[at + 1].split(',');
  const floor = nagFloor();
  const released: string[] = JSON.parse(execFileSync('npm', ['view', 'aws-cdk-lib', 'versions', '--json'], { encoding: 'utf8' }))
    .filter((v: string) => /^2\.\d+\.\d+$/.test(v) && compare(v, floor) >= 0).sort(compare);
  const newest = released[released.length - 1];
  if (!process.argv.includes('--every-minor')) return [floor, newest];
  const byMinor = new Map<number, string>();
  for (const v of released) byMinor.set(numeric(v)[1], v); // sorted: the last one per minor is its newest patch
  return [...new Set([floor, ...byMinor.values()])].sort(compare);
}

// Plain JavaScript run after the README example (it sees `app`).
const HARNESS = `
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const kms = require('aws-cdk-lib/aws-kms');
const logs = require('aws-cdk-lib/aws-logs');
const sfn = require('aws-cdk-lib/aws-stepfunctions');
const { ImageSource, ImportedImage } = require('cdk-appstream-imported-image');
const { AwsSolutionsChecks } = require('cdk-nag');
const { AwsSolutionsChecks: AwsSolutionsChecksV2 } = require('cdk-nag-v2');
const lz = new cdk.Stack(app, 'LandingZone', { env: { account: '111111111111', region: 'us-east-1' } });
const providerOptions = {
  vpc: new ec2.Vpc(lz, 'Vpc', { maxAzs: 2, natGateways: 1 }),
  logRetention: logs.RetentionDays.ONE_YEAR,
  logEncryptionKey: new kms.Key(lz, 'LogKey', { enableKeyRotation: true }),
  stateMachineLogLevel: sfn.LogLevel.ALL,
  stateMachineTracing: true,
};
new ImportedImage(lz, 'Golden', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), providerOptions });
new ImportedImage(lz, 'Fixed', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), imageName: 'golden', providerOptions });
cdk.Aspects.of(app).add(new AwsSolutionsChecksV2());
const assembly = app.synth();
const v3 = new AwsSolutionsChecks().validateScope(app).violations.flatMap(v => v.violatingResources.map(r => v.ruleName + ' ' + r.constructPath));
const v2 = assembly.stacks.flatMap(s => Object.entries(s.manifest.metadata || {}).flatMap(([p, entries]) => entries
  .filter(e => (e.type === 'aws:cdk:error' || e.type === 'aws:cdk:warning') && String(e.data).startsWith('AwsSolutions-'))
  .map(e => String(e.data).split(':')[0] + ' ' + p.replace(/^\\//, ''))));
console.log(JSON.stringify({ v3, v2 }));`;

/** The library's resources: an ImportedImage, or the stack's shared provider. */
const ours = (finding: string) => /\/(GoldenImage|Golden|Fixed|AppStreamImportedImageProvider)(\/|$)/.test(finding);

const rows: string[] = [];
let failed = false;
for (const version of versionsToCheck()) {
  const app = installTempApp({ 'aws-cdk-lib': version, 'constructs': '^10.0.5', 'cdk-nag': tests['cdk-nag'], 'cdk-nag-v2': `npm:cdk-nag@${tests['cdk-nag-v2']}` });
  try {
    const { v3, v2 } = JSON.parse(app.run(HARNESS).trim().split('\n').pop()!);
    const mine = [...v3.filter(ours).map((f: string) => `cdk-nag 3: ${f}`), ...v2.filter(ours).map((f: string) => `cdk-nag 2: ${f}`)];
    for (const f of mine) console.log(`  ${f}  <- library`);
    for (const f of [...v3, ...v2].filter((x: string) => !ours(x))) console.log(`  (the app's own: ${f})`);
    rows.push(`aws-cdk-lib ${app.version('aws-cdk-lib')}: cdk-nag ${app.version('cdk-nag')} ${v3.length} findings, cdk-nag ${app.version('cdk-nag-v2')} ${v2.length}; ` +
      `on the library's resources: ${mine.length}`);
    if (mine.length > 0) failed = true;
  } finally {
    app.dispose();
  }
  console.log(rows[rows.length - 1]);
}
console.log(`SUMMARY nag-range: ${rows.length} aws-cdk-lib versions; ${failed ? 'FINDINGS on the library' : 'no finding on the library\'s resources'}`);
if (failed) process.exitCode = 1;
