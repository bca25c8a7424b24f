/**
 * What the deploy-time pre-flight saves: the time from Create to a failed deployment for a
 * non-compliant AMI, with pre-flight (Create fails at once, before CreateImportedImage) and
 * without it (the import starts, the poller waits until the service ends it FAILED, then
 * signals the wait condition FAILURE). Runs the bundled handler (assets/handler, as shipped)
 * against the local AppStream, Step Functions, EC2 and wait-condition fixtures; the import ends
 * FAILED after --import-seconds (default 30 s; real imports take 30-60 minutes). The poller's
 * loop is played as the state machine plays it: wait the poll interval, run the check, repeat.
 *
 *   npx projen bundle
 *   npx ts-node --project tsconfig.dev.json bench/preflight.ts [--import-seconds 30] [--poll-seconds 10] [--runs 5]
 *
 * --poll-seconds defaults to 10 s, the construct's smallest pollInterval (its default is 30 s),
 * capped at --import-seconds: the fastest the deployment without pre-flight can learn of the
 * failure, so the ratio is a floor. Quick run: --import-seconds 3 --poll-seconds 1.
 */
import { median, numberFlag, printTable } from './util';
import { AppStreamEndpoint } from '../test/fixtures/appstream-endpoint';
import { assertBundleExists, BundledHandler, createEvent, importProperties } from '../test/fixtures/bundled-handler';
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
  public handler!: BundledHandler;
  private run = 0;

  constructor(private readonly importMs: number, private readonly pollMs: number) {}

  public async start(): Promise<void> {
    assertBundleExists();
    await Promise.all([this.appstream.start(), this.sfn.start(), this.signals.start(), this.ec2.start()]);
    this.handler = new BundledHandler(
      { appstream: this.appstream.url, sfn: this.sfn.url, ec2: this.ec2.url, stateMachineArn: this.sfn.stateMachineArn },
      // The handler's real retry timing, not the tests' compressed one.
      { IMPORTED_IMAGE_RETRY_DELAY_SCALE: '1' },
    );
    await this.handler.start();
  }

  public async stop(): Promise<void> {
    await this.handler?.stop();
    await Promise.all([this.appstream.stop(), this.sfn.stop(), this.signals.stop(), this.ec2.stop()]);
  }

  /** A Windows AMI without UEFI and TPM (a common miss), and an import that ends FAILED after importMs. */
  private reset(): void {
    for (const fixture of [this.appstream, this.sfn, this.signals, this.ec2]) fixture.reset();
    this.ec2.putAmi(compliantAmi(AMI, { bootMode: 'legacy-bios', tpmSupport: undefined }));
    this.appstream.setLifecycle({
      states: ['IMPORTING', 'FAILED'],
      msPerState: this.importMs,
      stateChangeReason: { Code: 'IMAGE_IMPORT_FAILURE', Message: 'The AMI must use UEFI boot mode and support TPM 2.0.' },
      imageErrors: [{ ErrorCode: 'INVALID_AMI_BOOT_MODE', ErrorMessage: 'The AMI must boot with UEFI.' }],
    });
  }

  /** Milliseconds from Create to the deployment's failure, and how it failed. */
  public async timeToFailure(preflight: boolean): Promise<{ ms: number; how: string }> {
    this.reset();
    const handleId = `bench-${++this.run}`;
    const event = createEvent(importProperties({
      NamePrefix: `Bench${this.run}`,
      Preflight: String(preflight),
      WaitHandle: this.signals.handleUrl(handleId),
      PollIntervalSeconds: String(this.pollMs / 1000),
    }));
    const started = performance.now();
    try {
      await this.handler.onEvent(event);
    } catch (error) {
      // The custom resource fails: CloudFormation fails the deployment now.
      const ms = performance.now() - started;
      if (this.appstream.requestsFor('CreateImportedImage').length > 0) throw new Error('the import started despite the pre-flight');
      return { ms, how: `Create failed: ${(error as Error).message.replace(/\n/g, '\n       ')}` };
    }
    // The import started: the poller waits, checks, and signals the wait condition when it ends.
    let state = this.sfn.inputs().pop();
    if (!state) throw new Error('the poller was not started');
    while (!state.done) {
      await sleep(this.pollMs);
      state = await this.handler.poll(state);
    }
    const ms = performance.now() - started;
    const [signal] = this.signals.signalsFor(handleId);
    if (signal?.json?.Status !== 'FAILURE') throw new Error(`expected a FAILURE signal, got ${JSON.stringify(signal?.json)}`);
    return { ms, how: `wait condition FAILURE after ${state.checks} checks: ${signal.json.Reason}` };
  }
}

async function main(): Promise<void> {
  const importSeconds = numberFlag('--import-seconds', 30);
  const pollSeconds = numberFlag('--poll-seconds', Math.min(10, importSeconds));
  const runs = numberFlag('--runs', 5);
  const bench = new Bench(importSeconds * 1000, pollSeconds * 1000);
  await bench.start();
  try {
    await bench.timeToFailure(true); // warm up the child process and its clients
    const on: Array<{ ms: number; how: string }> = [];
    for (let i = 0; i < runs; i++) on.push(await bench.timeToFailure(true));
    console.log(`without pre-flight: waiting for the import to end FAILED (${importSeconds} s, checked every ${pollSeconds} s)...`);
    const off = await bench.timeToFailure(false);

    const onMs = median(on.map(r => r.ms));
    const ratio = off.ms / onMs;
    printTable(['pre-flight', 'runs', 'Create -> failed deployment'], [
      ['on', runs, `${(onMs / 1000).toFixed(3)} s (median)`],
      ['off', 1, `${(off.ms / 1000).toFixed(1)} s`],
    ]);
    console.log(`on:  ${on[0].how}`);
    console.log(`off: ${off.how}`);
    console.log(`ratio (off / on): ${ratio.toFixed(0)}x`);
    console.log(`SUMMARY preflight: a non-compliant AMI fails the deployment in ${(onMs / 1000).toFixed(3)} s with pre-flight, ` +
      `${(off.ms / 1000).toFixed(1)} s without (import simulated to fail after ${importSeconds} s, checked every ${pollSeconds} s): ` +
      `${ratio.toFixed(0)}x sooner; a real import runs 30-60 minutes before it fails.`);
  } finally {
    await bench.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
