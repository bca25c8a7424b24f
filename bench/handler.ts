/**
 * The handler's size and cold start. Prints the bundle's size (goal: at most 600 KB) and the
 * time for a fresh Node.js 22 process (the Lambda runtime's version) to load the bundle and
 * answer its first Create (with the AMI pre-flight) against the local endpoints, and its first
 * poll check (what the poller runs every interval), next to a naive bundle of the same handler
 * that also bundles the EC2 and Step Functions clients, loads them up front and is not
 * minified, as ratios measured in the same run (alternating; min, median and max of --runs, the
 * ratios from the medians). The inputs are fixed: one Create event and the poll input it starts.
 *
 *   npx ts-node --project tsconfig.dev.json bench/handler.ts [--runs 7]
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { node22 } from './node22';
import { machine, median, minMedianMax, numberFlag, printTable } from './util';
import { ACCOUNT, AppStreamEndpoint } from '../test/fixtures/appstream-endpoint';
import { BundledHandler, BUNDLE_PATH, createEvent, importProperties } from '../test/fixtures/bundled-handler';
import { compliantAmi, Ec2Endpoint } from '../test/fixtures/ec2-endpoint';
import { SfnEndpoint } from '../test/fixtures/sfn-endpoint';
import { SignalServer } from '../test/fixtures/signal-server';

const root = path.join(__dirname, '..');

/** Loads the bundle, makes one call, prints how long each took (ms since the process began). */
const DRIVER = `
const { performance } = require('perf_hooks');
const handler = require(process.env.BUNDLE_PATH);
const loaded = performance.now();
handler[process.env.CALL](JSON.parse(process.env.EVENT)).then(() => {
  console.log(JSON.stringify({ loaded, answered: performance.now() }));
}, error => { console.error(error.message); process.exit(1); });
`;

/** The same handler, naively: every SDK client bundled and loaded up front, not minified. */
function buildNaiveBundle(outfile: string): void {
  const entry = path.join(path.dirname(outfile), 'entry.ts');
  fs.writeFileSync(entry, [
    // Re-exported, so that they are bundled and loaded up front (a bare import would be dropped).
    "export { EC2Client } from '@aws-sdk/client-ec2';",
    "export { SFNClient } from '@aws-sdk/client-sfn';",
    `export * from ${JSON.stringify(path.join(root, 'lambda', 'index'))};`,
  ].join('\n'));
  execFileSync('npx', ['esbuild', entry, '--bundle', '--platform=node', '--target=node22', `--outfile=${outfile}`, '--log-level=warning'], {
    cwd: root,
    env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
  });
}

interface ColdStart { readonly wallMs: number; readonly loadMs: number; readonly answerMs: number }

async function coldStart(node: string, bundle: string, env: Record<string, string>, call: string, event: unknown): Promise<ColdStart> {
  const started = process.hrtime.bigint();
  const child = spawn(node, ['-e', DRIVER], { cwd: path.dirname(bundle), env: { ...env, BUNDLE_PATH: bundle, CALL: call, EVENT: JSON.stringify(event) } });
  let out = '';
  let err = '';
  child.stdout.on('data', chunk => { out += chunk; });
  child.stderr.on('data', chunk => { err += chunk; });
  const code = await new Promise<number>(resolve => child.on('exit', c => resolve(c ?? 1)));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) throw new Error(`cold start of ${bundle} failed: ${err}`);
  const { loaded, answered } = JSON.parse(out.trim().split('\n').pop()!);
  return { wallMs, loadMs: loaded, answerMs: answered };
}

async function main(): Promise<void> {
  const runs = numberFlag('--runs', 7);
  const node = node22();
  const naive = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-naive-')), 'index.js');
  buildNaiveBundle(naive);
  const sizeKb = (file: string) => fs.statSync(file).size / 1024;
  const bundleKb = sizeKb(BUNDLE_PATH);
  const naiveKb = sizeKb(naive);

  const appstream = new AppStreamEndpoint();
  const sfn = new SfnEndpoint();
  const signals = new SignalServer();
  const ec2 = new Ec2Endpoint();
  await Promise.all([appstream.start(), sfn.start(), signals.start(), ec2.start()]);
  const amiId = 'ami-0123456789abcdef0';
  const env = new BundledHandler({ appstream: appstream.url, sfn: sfn.url, ec2: ec2.url, stateMachineArn: sfn.stateMachineArn }).environment();
  // The external EC2 and Step Functions clients resolve from node_modules, as the Lambda runtime's SDK would.
  env.NODE_PATH = path.join(root, 'node_modules');
  env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING = 'true';

  type Kind = 'bundle' | 'naive';
  const samples: Record<string, ColdStart[]> = {};
  const record = (key: string, sample: ColdStart) => (samples[key] ??= []).push(sample);
  try {
    for (let run = 0; run < runs + 1; run++) {
      for (const [kind, file] of [['bundle', BUNDLE_PATH], ['naive', naive]] as const) {
        appstream.reset();
        sfn.reset();
        ec2.reset();
        ec2.putAmi(compliantAmi(amiId, { ownerId: ACCOUNT }));
        const create = createEvent(importProperties({ WaitHandle: signals.handleUrl(`cold-${kind}-${run}`), SourceAmiId: amiId }));
        const createSample = await coldStart(node, file, env, 'onEvent', create);
        const pollInput = sfn.inputs().pop();
        const pollSample = await coldStart(node, file, env, 'poll', pollInput);
        if (run === 0) continue; // the first run warms the disk cache
        record(`${kind as Kind}:create`, createSample);
        record(`${kind as Kind}:poll`, pollSample);
      }
    }
  } finally {
    await Promise.all([appstream.stop(), sfn.stop(), signals.stop(), ec2.stop()]);
    fs.rmSync(path.dirname(naive), { recursive: true, force: true });
  }

  const figures = (key: string) => ({
    wall: median(samples[key].map(s => s.wallMs)),
    load: median(samples[key].map(s => s.loadMs)),
    answer: median(samples[key].map(s => s.answerMs)),
  });
  const nodeVersion = execFileSync(node, ['--version']).toString().trim();
  const rows = (['create', 'poll'] as const).flatMap(call => ([['bundle', bundleKb], ['naive', naiveKb]] as const).map(([kind, kb]) => {
    const f = figures(`${kind}:${call}`);
    const wall = minMedianMax(samples[`${kind}:${call}`].map(s => s.wallMs));
    return [kind === 'bundle' ? 'assets/handler/index.js' : 'naive (all SDK clients up front)', kb.toFixed(0), call === 'create' ? 'first Create (pre-flight on)' : 'first poll check', f.load.toFixed(0), f.answer.toFixed(0), wall];
  }));
  printTable(['bundle', 'size KB', 'call', 'load ms (median)', 'answered ms (median)', 'spawn to answer ms min / median / max'], rows);
  const ratio = (call: string) => figures(`naive:${call}`).wall / figures(`bundle:${call}`).wall;
  console.log(`${runs} alternating runs of each (after one to warm the disk cache); ratios from the medians`);
  console.log(machine(nodeVersion));
  const met = bundleKb <= 600;
  console.log(`SUMMARY handler: bundle ${bundleKb.toFixed(0)} KB (goal <= 600 KB: ${met ? 'met' : 'NOT met'}); cold start to first Create ${figures('bundle:create').wall.toFixed(0)} ms ` +
    `(naive ${figures('naive:create').wall.toFixed(0)} ms, ${ratio('create').toFixed(2)}x), to first poll check ${figures('bundle:poll').wall.toFixed(0)} ms ` +
    `(naive ${figures('naive:poll').wall.toFixed(0)} ms, ${ratio('poll').toFixed(2)}x)`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
