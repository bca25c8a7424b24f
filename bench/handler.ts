/**
 * The handler's size and cold start. Prints the bundle's size (goal: at most 600 KB) and the
 * time for a fresh Node.js 22 process (the Lambda runtime's version) to load the bundle and
 * answer its first Create against the local endpoint, next to a naive bundle of the same
 * handler that also bundles the EC2 and Step Functions clients and is not minified, as a ratio
 * measured in the same run (alternating, median of --runs).
 *
 *   npx ts-node --project tsconfig.dev.json bench/handler.ts [--runs 7]
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { node22 } from './node22';
import { median, numberFlag, printTable } from './util';
import { AppStreamEndpoint } from '../test/fixtures/appstream-endpoint';
import { BundledHandler, BUNDLE_PATH, createEvent, importProperties } from '../test/fixtures/bundled-handler';
import { SfnEndpoint } from '../test/fixtures/sfn-endpoint';
import { SignalServer } from '../test/fixtures/signal-server';

const root = path.join(__dirname, '..');

/** Loads the bundle, answers one Create, prints how long each took (ms since the process began). */
const DRIVER = `
const { performance } = require('perf_hooks');
const handler = require(process.env.BUNDLE_PATH);
const loaded = performance.now();
handler.onEvent(JSON.parse(process.env.EVENT)).then(answer => {
  console.log(JSON.stringify({ loaded, answered: performance.now(), physicalId: answer.PhysicalResourceId }));
}, error => { console.error(error.message); process.exit(1); });
`;

function buildNaiveBundle(outfile: string): void {
  execFileSync('npx', ['esbuild', 'lambda/index.ts', '--bundle', '--platform=node', '--target=node22', `--outfile=${outfile}`, '--log-level=warning'], { cwd: root });
}

interface ColdStart { readonly wallMs: number; readonly loadMs: number; readonly answerMs: number }

async function coldStart(node: string, bundle: string, env: Record<string, string>, event: unknown): Promise<ColdStart> {
  const started = process.hrtime.bigint();
  const child = spawn(node, ['-e', DRIVER], { cwd: path.dirname(bundle), env: { ...env, BUNDLE_PATH: bundle, EVENT: JSON.stringify(event) } });
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
  const ec2 = new SignalServer();
  await Promise.all([appstream.start(), sfn.start(), signals.start(), ec2.start()]);
  const env = new BundledHandler({ appstream: appstream.url, sfn: sfn.url, ec2: ec2.url, stateMachineArn: sfn.stateMachineArn }).environment();
  // The external EC2 and Step Functions clients resolve from node_modules, as the Lambda runtime's SDK would.
  env.NODE_PATH = path.join(root, 'node_modules');
  env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING = 'true';

  const samples: Record<'bundle' | 'naive', ColdStart[]> = { bundle: [], naive: [] };
  try {
    for (let run = 0; run < runs + 1; run++) {
      for (const [kind, file] of [['bundle', BUNDLE_PATH], ['naive', naive]] as const) {
        appstream.reset();
        sfn.reset();
        const event = createEvent(importProperties({ WaitHandle: signals.handleUrl(`cold-${kind}-${run}`), Preflight: 'false' }));
        const sample = await coldStart(node, file, env, event);
        if (run > 0) samples[kind].push(sample); // the first run warms the disk cache
      }
    }
  } finally {
    await Promise.all([appstream.stop(), sfn.stop(), signals.stop(), ec2.stop()]);
    fs.rmSync(path.dirname(naive), { recursive: true, force: true });
  }

  const figures = (kind: 'bundle' | 'naive') => ({
    wall: median(samples[kind].map(s => s.wallMs)),
    load: median(samples[kind].map(s => s.loadMs)),
    answer: median(samples[kind].map(s => s.answerMs)),
  });
  const ours = figures('bundle');
  const theirs = figures('naive');
  const nodeVersion = execFileSync(node, ['--version']).toString().trim();
  printTable(['bundle', 'size KB', 'load ms', 'first Create answered ms', 'spawn to answer ms'], [
    ['assets/handler/index.js', bundleKb.toFixed(0), ours.load.toFixed(0), ours.answer.toFixed(0), ours.wall.toFixed(0)],
    ['naive (all SDK clients, not minified)', naiveKb.toFixed(0), theirs.load.toFixed(0), theirs.answer.toFixed(0), theirs.wall.toFixed(0)],
  ]);
  const ratio = theirs.wall / ours.wall;
  console.log(`node ${nodeVersion}, median of ${runs} alternating runs, ${os.cpus().length} cores`);
  const met = bundleKb <= 600;
  console.log(`SUMMARY handler: bundle ${bundleKb.toFixed(0)} KB (goal <= 600 KB: ${met ? 'met' : 'NOT met'}); cold start to first Create ${ours.wall.toFixed(0)} ms vs ${theirs.wall.toFixed(0)} ms for the naive bundle (${ratio.toFixed(2)}x faster)`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
