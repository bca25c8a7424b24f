/**
 * What the wait adds to the import: against the local endpoint with a compressed import
 * (default 60 s: 30 s IMPORTING, 30 s VALIDATING, then AVAILABLE) and a 2 s poll interval, the
 * bundled handler creates the image and the poller's check runs as Step Functions runs it
 * (check, wait the interval, check). Prints the detection latency (AVAILABLE to the wait
 * condition's signal) and DescribeImages calls per image.
 * Goals: latency at most one poll interval; calls at most duration / interval + 3.
 *
 *   npx ts-node --project tsconfig.dev.json bench/wait.ts [--import-seconds 60] [--interval 2] [--images 3]
 */
import { numberFlag, printTable } from './util';
import { AppStreamEndpoint } from '../test/fixtures/appstream-endpoint';
import { BundledHandler, createEvent, importProperties } from '../test/fixtures/bundled-handler';
import { SfnEndpoint } from '../test/fixtures/sfn-endpoint';
import { SignalServer } from '../test/fixtures/signal-server';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

interface Result { readonly name: string; readonly latencyMs: number; readonly describes: number; readonly checks: number }

async function main(): Promise<void> {
  const importSeconds = numberFlag('--import-seconds', 60);
  const interval = numberFlag('--interval', 2);
  const images = numberFlag('--images', 3);
  const appstream = new AppStreamEndpoint();
  const sfn = new SfnEndpoint();
  const signals = new SignalServer();
  const ec2 = new SignalServer();
  await Promise.all([appstream.start(), sfn.start(), signals.start(), ec2.start()]);
  appstream.setLifecycle({ states: ['IMPORTING', 'VALIDATING', 'AVAILABLE'], msPerState: (importSeconds * 1000) / 2 });
  const handler = new BundledHandler({ appstream: appstream.url, sfn: sfn.url, ec2: ec2.url, stateMachineArn: sfn.stateMachineArn });
  await handler.start();

  try {
    const results = await Promise.all(Array.from({ length: images }, async (_, i): Promise<Result> => {
      const event = createEvent(importProperties({
        WaitHandle: signals.handleUrl(`bench-${i}`),
        // The construct allows 10 s at the least; the loop below runs at the compressed --interval.
        PollIntervalSeconds: '10',
        TimeoutSeconds: String(importSeconds * 10),
        Preflight: 'false',
        NamePrefix: `BenchImage${i}`,
      }), { logicalId: `Image${i}` });
      const { PhysicalResourceId: name } = await handler.onEvent(event);
      let state = { ...sfn.inputs().find(input => input.imageName === name), pollIntervalSeconds: interval };
      // Step Functions: check, then (not done) wait the interval, then check again.
      for (;;) {
        state = await handler.poll(state);
        if (state.done) break;
        await sleep(state.pollIntervalSeconds * 1000);
      }
      const signalledAt = Date.now();
      const image = appstream.image(name!)!;
      const availableAt = image.script.startedAt + (image.script.states.length - 1) * image.script.msPerState!;
      const describes = appstream.requestsFor('DescribeImages').filter(r => (r.body.Names ?? []).includes(name)).length;
      return { name: name!, latencyMs: signalledAt - availableAt, describes, checks: state.checks };
    }));

    printTable(['image', 'AVAILABLE -> signal (ms)', 'DescribeImages calls', 'checks'],
      results.map(r => [r.name, r.latencyMs, r.describes, r.checks]));
    const worstLatency = Math.max(...results.map(r => r.latencyMs));
    const worstCalls = Math.max(...results.map(r => r.describes));
    const callGoal = importSeconds / interval + 3;
    console.log(`import ${importSeconds} s, poll interval ${interval} s, ${images} images in parallel`);
    console.log(`worst detection latency ${(worstLatency / 1000).toFixed(2)} s (goal <= ${interval} s); worst DescribeImages calls per image ${worstCalls} (goal <= ${callGoal})`);
    const met = worstLatency <= interval * 1000 && worstCalls <= callGoal;
    console.log(`SUMMARY wait: AVAILABLE detected within ${(worstLatency / 1000).toFixed(2)} s at a ${interval} s interval, ${worstCalls} DescribeImages calls per ${importSeconds} s import: goals ${met ? 'met' : 'NOT met'}`);
  } finally {
    await handler.stop();
    await Promise.all([appstream.stop(), sfn.stop(), signals.stop(), ec2.stop()]);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
