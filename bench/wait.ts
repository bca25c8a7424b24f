/**
 * What the wait adds to the import: the detection latency (AVAILABLE to the wait condition's
 * signal) over many imports whose lengths are drawn at random (seeded), so that each import
 * ends at its own point between two checks, as a user's does. An import whose length is a whole
 * number of intervals would only show the best case.
 *
 * Time is compressed: at the default --compression 30, one second here stands for 30 s, so the
 * default 30 s poll interval runs as 1 s and a 30-60 minute import as 60-120 s. (At 60x, the
 * checks of 48 images at once in one process on a shared 2-core machine take a tenth of the
 * interval, which real checks do not: it distorts the figures.) The bundled
 * handler creates each image against the local AppStream endpoint (its lifecycle set with
 * setLifecycle: half the length IMPORTING, half VALIDATING, then AVAILABLE), then the poller's
 * check runs as the Step Functions loop runs it (check, wait the interval, check), all images at
 * once. The signal's time is when the local wait condition handle receives it.
 *
 * Latency is printed in compressed seconds, in intervals, and as seconds at the real interval
 * (intervals x --interval). The check itself is not compressed (a local check takes
 * milliseconds; a real one, a Lambda invocation and a DescribeImages call, a few hundred).
 * Goals: the worst latency at most one interval plus one check (the slowest measured);
 * DescribeImages calls per image at most import length / interval + 3.
 *
 *   npx projen bundle
 *   npx ts-node --project tsconfig.dev.json bench/wait.ts [--seed 1] [--images 48] [--interval 30]
 *     [--compression 30] [--min-minutes 30] [--max-minutes 60]
 */
import * as http from 'http';
import { mulberry32, uniform } from './random';
import { Distribution, distribution, machine, numberFlag, printTable, seedFlag } from './util';
import { AppStreamEndpoint } from '../test/fixtures/appstream-endpoint';
import { BundledHandler, createEvent, IMPORT_TYPE, importProperties, STACK_ID } from '../test/fixtures/bundled-handler';
import { CloudFormationEndpoint } from '../test/fixtures/cloudformation-endpoint';
import { SfnEndpoint } from '../test/fixtures/sfn-endpoint';
import { SignalServer } from '../test/fixtures/signal-server';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A wait condition handle that also notes when each signal arrived (before its body is read). */
class TimedSignalServer extends SignalServer {
  private readonly arrivals = new Map<string, number>();

  public arrivalOf(path: string): number | undefined {
    return this.arrivals.get(path);
  }

  protected handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!this.arrivals.has(path)) this.arrivals.set(path, Date.now());
    super.handle(request, response);
  }
}

interface Result {
  readonly importMs: number;
  readonly latencyMs: number;
  readonly describes: number;
  readonly checkMs: number[];
}

async function main(): Promise<void> {
  const seed = seedFlag(1);
  const images = numberFlag('--images', 48);
  const intervalSeconds = numberFlag('--interval', 30);
  const compression = numberFlag('--compression', 30);
  const minMinutes = numberFlag('--min-minutes', 30);
  const maxMinutes = numberFlag('--max-minutes', 60);
  const intervalMs = (intervalSeconds * 1000) / compression;
  const random = mulberry32(seed);
  // Lengths in compressed milliseconds, drawn before anything runs: the same seed, the same inputs.
  const lengthsMs = Array.from({ length: images }, () => (uniform(random, minMinutes, maxMinutes) * 60_000) / compression);

  const appstream = new AppStreamEndpoint();
  const sfn = new SfnEndpoint();
  const signals = new TimedSignalServer();
  const ec2 = new SignalServer(); // pre-flight is off: a recorder that nothing calls
  const cfn = new CloudFormationEndpoint(); // the settled image's check asks whether its stack tracks it
  await Promise.all([appstream.start(), sfn.start(), signals.start(), ec2.start(), cfn.start()]);
  const handler = new BundledHandler({
    appstream: appstream.url, sfn: sfn.url, ec2: ec2.url, cloudformation: cfn.url, stateMachineArn: sfn.stateMachineArn,
  });
  await handler.start();
  const started = Date.now();

  try {
    // One create at a time, each with its own lifecycle (the endpoint applies the one set at create).
    const names: string[] = [];
    for (const [i, lengthMs] of lengthsMs.entries()) {
      appstream.setLifecycle({ states: ['IMPORTING', 'VALIDATING', 'AVAILABLE'], msPerState: lengthMs / 2 });
      const { PhysicalResourceId: name } = await handler.onEvent(createEvent(importProperties({
        WaitHandle: signals.handleUrl(`bench-${i}`),
        PollIntervalSeconds: String(intervalSeconds),
        TimeoutSeconds: String(12 * 3600),
        Preflight: 'false',
        NamePrefix: `BenchImage${i}`,
      }), { logicalId: `Image${i}` }));
      cfn.setResource(STACK_ID, `Image${i}`, { type: IMPORT_TYPE, physicalId: name, status: 'CREATE_COMPLETE' });
      names.push(name!);
    }

    const results = await Promise.all(names.map(async (name, i): Promise<Result> => {
      // The poller's input as the handler started it, with the interval compressed.
      let state = { ...sfn.inputs().find(input => input.imageName === name), pollIntervalSeconds: intervalMs / 1000 };
      const checkMs: number[] = [];
      // Step Functions: check, then (not done) wait the interval, then check again.
      for (;;) {
        const checkStarted = performance.now();
        state = await handler.poll(state);
        checkMs.push(performance.now() - checkStarted);
        if (state.done) break;
        await sleep(state.pollIntervalSeconds * 1000);
      }
      const [signal] = signals.signalsFor(`bench-${i}`);
      if (signal?.json?.Status !== 'SUCCESS') throw new Error(`${name}: expected a SUCCESS signal, got ${JSON.stringify(signal?.json)}`);
      const script = appstream.image(name)!.script;
      const availableAt = script.startedAt + (script.states.length - 1) * script.msPerState!;
      const describes = appstream.requestsFor('DescribeImages').filter(r => (r.body.Names ?? []).includes(name)).length;
      return { importMs: lengthsMs[i], latencyMs: signals.arrivalOf(signal.path)! - availableAt, describes, checkMs };
    }));
    const wallSeconds = (Date.now() - started) / 1000;

    const latency = distribution(results.map(r => r.latencyMs));
    const checks = distribution(results.flatMap(r => r.checkMs));
    const calls = distribution(results.map(r => r.describes));
    const callsOverLength = distribution(results.map(r => r.describes - r.importMs / intervalMs));
    const minutes = distribution(results.map(r => (r.importMs * compression) / 60_000));
    const row = (label: string, d: Distribution, format: (value: number) => string) =>
      [label, format(d.min), format(d.median), format(d.mean), format(d.p90), format(d.max)];
    const scale = (d: Distribution, factor: number): Distribution =>
      ({ n: d.n, min: d.min * factor, median: d.median * factor, mean: d.mean * factor, p90: d.p90 * factor, max: d.max * factor });
    printTable(['per image', 'min', 'median', 'mean', 'p90', 'max'], [
      row('import length (real minutes)', minutes, v => v.toFixed(1)),
      row('AVAILABLE -> signal (compressed s)', scale(latency, 1 / 1000), v => v.toFixed(3)),
      row('  in poll intervals', scale(latency, 1 / intervalMs), v => v.toFixed(2)),
      row(`  at a real ${intervalSeconds} s interval (s)`, scale(latency, intervalSeconds / intervalMs), v => v.toFixed(1)),
      row('DescribeImages calls', calls, v => v.toFixed(0)),
      row('  minus length / interval', callsOverLength, v => v.toFixed(2)),
      row('one check (ms, every check)', checks, v => v.toFixed(1)),
    ]);
    console.log(`seed ${seed}: ${images} imports of ${minMinutes}-${maxMinutes} minutes (the first ${results.slice(0, 3).map(r => ((r.importMs * compression) / 60_000).toFixed(2)).join(', ')} ...), ` +
      `poll interval ${intervalSeconds} s, time compressed ${compression}x (interval ${(intervalMs / 1000).toFixed(3)} s), all in parallel, ${wallSeconds.toFixed(0)} s wall`);
    console.log(machine());

    const goalMs = intervalMs + checks.max;
    const latencyMet = latency.max <= goalMs;
    const callsMet = callsOverLength.max <= 3;
    console.log(`goal: worst latency <= one interval + one check = ${intervalMs.toFixed(0)} + ${checks.max.toFixed(1)} ms = ${goalMs.toFixed(1)} ms ` +
      `(${(goalMs / intervalMs).toFixed(2)} intervals): worst ${latency.max.toFixed(0)} ms (${(latency.max / intervalMs).toFixed(2)} intervals): ${latencyMet ? 'met' : 'NOT met'}`);
    console.log(`goal: DescribeImages calls per image <= length / interval + 3: worst ${callsOverLength.max.toFixed(2)} over length / interval: ${callsMet ? 'met' : 'NOT met'}`);
    const real = (ms: number) => ((ms / intervalMs) * intervalSeconds).toFixed(1);
    console.log(`SUMMARY wait: AVAILABLE -> signal at a ${intervalSeconds} s interval over ${images} seeded imports: ` +
      `min ${real(latency.min)} s, median ${real(latency.median)} s, mean ${real(latency.mean)} s, p90 ${real(latency.p90)} s, max ${real(latency.max)} s ` +
      `(${(latency.mean / intervalMs).toFixed(2)} / ${(latency.max / intervalMs).toFixed(2)} intervals mean / max); ` +
      `${calls.median.toFixed(0)} DescribeImages calls per image (median): goals ${latencyMet && callsMet ? 'met' : 'NOT met'}`);
  } finally {
    await handler.stop();
    await Promise.all([appstream.stop(), sfn.stop(), signals.stop(), ec2.stop(), cfn.stop()]);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
