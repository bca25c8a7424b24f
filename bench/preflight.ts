/**
 * What the deploy-time pre-flight saves: the time from Create to a failed deployment for a
 * non-compliant AMI, with pre-flight (Create fails at once, before CreateImportedImage) and
 * without it (the import starts, the poller waits until the service ends it FAILED, then
 * signals the wait condition FAILURE). Runs the bundled handler (assets/handler, as shipped)
 * against the local AppStream, Step Functions, EC2 and wait-condition fixtures. The poller's
 * loop is played as the state machine plays it: run the check, wait the poll interval, repeat.
 *
 * With pre-flight: --runs runs, one after another (the inputs are fixed: one AMI without UEFI
 * and TPM); min, median and max. Without: --off-runs imports at once, each failing after a
 * length drawn (seeded by --seed) from --import-seconds +- half a poll interval (default
 * 25-35 s; real imports take 30-60 minutes), so that each failure lands at its own point
 * between two checks; min, median and max, and how long after the failure each was noticed.
 *
 *   npx projen bundle
 *   npx ts-node --project tsconfig.dev.json bench/preflight.ts [--import-seconds 30] [--poll-seconds 10]
 *     [--runs 9] [--off-runs 5] [--seed 1]
 *
 * --poll-seconds defaults to 10 s, the construct's smallest pollInterval (its default is 30 s),
 * capped at --import-seconds: the fastest the deployment without pre-flight can learn of the
 * failure, so the ratio is a floor. Quick run: --import-seconds 3 --poll-seconds 1.
 */
import { mulberry32, uniform } from './random';
import { distribution, machine, minMedianMax, numberFlag, printTable, seedFlag } from './util';
import { AppStreamEndpoint } from '../test/fixtures/appstream-endpoint';
import { assertBundleExists, BundledHandler, createEvent, IMPORT_TYPE, importProperties, STACK_ID } from '../test/fixtures/bundled-handler';
import { CloudFormationEndpoint } from '../test/fixtures/cloudformation-endpoint';
import { compliantAmi, Ec2Endpoint } from '../test/fixtures/ec2-endpoint';
import { SfnEndpoint } from '../test/fixtures/sfn-endpoint';
import { SignalServer } from '../test/fixtures/signal-server';

const AMI = 'ami-0123456789abcdef0';
const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

class Bench {
  public readonly appstream = new AppStreamEndpoint();
  public readonly sfn = new SfnEndpoint();
  public readonly signals = new SignalServer();
  public readonly ec2 = new Ec2Endpoint();
  /** The settled image's check asks whether its stack tracks it: each create is recorded here. */
  public readonly cfn = new CloudFormationEndpoint();
  public handler!: BundledHandler;
  private run = 0;

  constructor(private readonly pollMs: number) {}

  public async start(): Promise<void> {
    assertBundleExists();
    await Promise.all([this.appstream.start(), this.sfn.start(), this.signals.start(), this.ec2.start(), this.cfn.start()]);
    this.handler = new BundledHandler(
      {
        appstream: this.appstream.url, sfn: this.sfn.url, ec2: this.ec2.url, cloudformation: this.cfn.url, stateMachineArn: this.sfn.stateMachineArn,
      },
      // The handler's real retry timing, not the tests' compressed one.
      { IMPORTED_IMAGE_RETRY_DELAY_SCALE: '1' },
    );
    await this.handler.start();
  }

  public async stop(): Promise<void> {
    await this.handler?.stop();
    await Promise.all([this.appstream.stop(), this.sfn.stop(), this.signals.stop(), this.ec2.stop(), this.cfn.stop()]);
  }

  /** Forgets earlier runs; the AMI has no UEFI and no TPM (a common miss). */
  public reset(): void {
    for (const fixture of [this.appstream, this.sfn, this.signals, this.ec2, this.cfn]) fixture.reset();
    this.ec2.putAmi(compliantAmi(AMI, { bootMode: 'legacy-bios', tpmSupport: undefined }));
  }

  private createFor(preflight: boolean, importMs: number) {
    // The endpoint gives each import the lifecycle set when it is created: FAILED after importMs.
    this.appstream.setLifecycle({
      states: ['IMPORTING', 'FAILED'],
      msPerState: importMs,
      stateChangeReason: { Code: 'IMAGE_IMPORT_FAILURE', Message: 'The AMI must use UEFI boot mode and support TPM 2.0.' },
      imageErrors: [{ ErrorCode: 'INVALID_AMI_BOOT_MODE', ErrorMessage: 'The AMI must boot with UEFI.' }],
    });
    const handleId = `bench-${++this.run}`;
    const event = createEvent(importProperties({
      NamePrefix: `Bench${this.run}`,
      Preflight: String(preflight),
      WaitHandle: this.signals.handleUrl(handleId),
      // The construct allows 10 s at the least; the loop below waits the (maybe shorter) --poll-seconds.
      PollIntervalSeconds: String(Math.max(10, this.pollMs / 1000)),
    }), { logicalId: `Image${this.run}` });
    return { handleId, event };
  }

  /** With pre-flight: milliseconds from Create to the custom resource's failure, and the message. */
  public async preflightFailure(): Promise<{ ms: number; how: string }> {
    this.reset();
    const { event } = this.createFor(true, 30_000);
    const started = performance.now();
    try {
      await this.handler.onEvent(event);
    } catch (error) {
      // The custom resource fails: CloudFormation fails the deployment now.
      const ms = performance.now() - started;
      if (this.appstream.requestsFor('CreateImportedImage').length > 0) throw new Error('the import started despite the pre-flight');
      return { ms, how: `Create failed: ${(error as Error).message.replace(/\n/g, '\n       ')}` };
    }
    throw new Error('Create succeeded despite a non-compliant AMI and the pre-flight');
  }

  /**
   * Without pre-flight, imports failing after these lengths, all at once: for each, milliseconds
   * from Create to the wait condition's FAILURE, and from the import's failure to that signal.
   */
  public async importFailures(importMs: number[]): Promise<Array<{ ms: number; afterFailureMs: number; how: string }>> {
    this.reset();
    // One create at a time (each takes the lifecycle set just before it), then every poller at once.
    const runs: Array<{ handleId: string; started: number; createdAt: number; state: any }> = [];
    for (const length of importMs) {
      const { handleId, event } = this.createFor(false, length);
      const started = performance.now();
      const { PhysicalResourceId: name } = await this.handler.onEvent(event);
      this.cfn.setResource(STACK_ID, event.LogicalResourceId, { type: IMPORT_TYPE, physicalId: name, status: 'CREATE_COMPLETE' });
      const state = this.sfn.inputs().find(input => input.imageName === name);
      if (!state) throw new Error(`the poller was not started for ${name}`);
      runs.push({ handleId, started, createdAt: this.appstream.image(name!)!.script.startedAt, state });
    }
    return Promise.all(runs.map(async (run, i) => {
      let state = run.state;
      // The state machine: check; not done, wait the interval; check again.
      for (;;) {
        state = await this.handler.poll(state);
        if (state.done) break;
        await sleep(this.pollMs);
      }
      const ms = performance.now() - run.started;
      const afterFailureMs = Date.now() - (run.createdAt + importMs[i]);
      const [signal] = this.signals.signalsFor(run.handleId);
      if (signal?.json?.Status !== 'FAILURE') throw new Error(`expected a FAILURE signal, got ${JSON.stringify(signal?.json)}`);
      return { ms, afterFailureMs, how: `wait condition FAILURE after ${state.checks} checks: ${signal.json.Reason}` };
    }));
  }
}

async function main(): Promise<void> {
  const importSeconds = numberFlag('--import-seconds', 30);
  const pollSeconds = numberFlag('--poll-seconds', Math.min(10, importSeconds));
  const runs = numberFlag('--runs', 9);
  const offRuns = numberFlag('--off-runs', 5);
  const seed = seedFlag(1);
  const random = mulberry32(seed);
  const lengthsMs = Array.from({ length: offRuns }, () => uniform(random, importSeconds - pollSeconds / 2, importSeconds + pollSeconds / 2) * 1000);
  const bench = new Bench(pollSeconds * 1000);
  await bench.start();
  try {
    await bench.preflightFailure(); // warm up the child process and its clients
    const on: Array<{ ms: number; how: string }> = [];
    for (let i = 0; i < runs; i++) on.push(await bench.preflightFailure());
    console.log(`without pre-flight: ${offRuns} imports failing after ${lengthsMs.map(ms => (ms / 1000).toFixed(1)).join(', ')} s (seed ${seed}), ` +
      `checked every ${pollSeconds} s, all at once...`);
    const off = await bench.importFailures(lengthsMs);

    const onMs = distribution(on.map(r => r.ms));
    const offMs = distribution(off.map(r => r.ms));
    const seconds = (digits: number) => (ms: number) => (ms / 1000).toFixed(digits);
    printTable(['pre-flight', 'runs', 'Create -> failed deployment, s (min / median / max)', 'import failure -> signal, s (min / median / max)'], [
      ['on', runs, minMedianMax(on.map(r => r.ms), seconds(3)), '-'],
      ['off', offRuns, minMedianMax(off.map(r => r.ms), seconds(1)), minMedianMax(off.map(r => r.afterFailureMs), seconds(1))],
    ]);
    console.log(`on:  ${on[0].how}`);
    console.log(`off: ${off[0].how}`);
    const ratio = offMs.median / onMs.median;
    console.log(`ratio (off / on, medians): ${ratio.toFixed(0)}x`);
    console.log(machine());
    console.log(`SUMMARY preflight: a non-compliant AMI fails the deployment in ${seconds(3)(onMs.median)} s (median of ${runs}; ` +
      `${seconds(3)(onMs.min)}-${seconds(3)(onMs.max)} s) with pre-flight, ${seconds(1)(offMs.median)} s (median of ${offRuns}; ${seconds(1)(offMs.min)}-${seconds(1)(offMs.max)} s) ` +
      `without (imports simulated to fail after ${importSeconds} +- ${pollSeconds / 2} s, checked every ${pollSeconds} s): ` +
      `${ratio.toFixed(0)}x sooner; a real import runs 30-60 minutes before it fails.`);
  } finally {
    await bench.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
