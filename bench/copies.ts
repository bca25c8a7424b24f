/**
 * What copies of an image in other Regions add, and how long the deployment waits for N copies
 * against one.
 *
 * 1. Template (exact, no timing): an image alone, with 1, 2 and 4 copies, and with 2 copies each
 *    published for a fleet stack of its Region (`referenceFrom`): resources, template bytes, the
 *    characters of the handler role's inline policies (IAM allows 10,240 per role).
 * 2. Calls (exact): the AppStream and SSM calls, per operation and Region, that the bundled
 *    handler makes for one copy, from CopyImage to the parameter, against the local endpoints.
 * 3. The wait for N copies (1, 2, 4) made at once, as CloudFormation makes them (they do not
 *    depend on each other): each copy's length drawn at random (seeded; default 10-30 minutes),
 *    time compressed (default 120x), each copy's wait segment asked by the framework's waiter
 *    every 30 s (compressed). The deploy's copy phase is compared with the slowest copy and the
 *    sum of the copies. Repeated --runs times; min / median / max.
 *
 *   npx projen bundle
 *   npx ts-node --project tsconfig.dev.json bench/copies.ts [--seed 1] [--runs 3] [--compression 120]
 */
import { App, Stack, aws_appstream as appstream } from 'aws-cdk-lib';
import { mulberry32, uniform } from './random';
import { machine, minMedianMax, numberFlag, printTable, seedFlag } from './util';
import { ImageSource, ImportedImage } from '../src';
import { createEvent, isCompleteEvent } from '../test/fixtures/bundled-handler';
import { COPY_TYPE, copyIds, copyProperties, deployCopy, segmentProperties, WAIT_SEGMENT_TYPE } from '../test/fixtures/copies';
import { E2eEnvironment } from '../test/fixtures/e2e-environment';
import { SsmEndpoint } from '../test/fixtures/ssm-endpoint';

const REGIONS = ['eu-west-1', 'ap-southeast-2', 'eu-central-1', 'ap-northeast-1'];
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function templateFigures(copies: number, published: boolean) {
  const app = new App();
  const env = { account: '111111111111', region: 'us-east-1' };
  const stack = new Stack(app, 'Images', { env });
  const image = new ImportedImage(stack, 'Image', { source: ImageSource.fromAmiId('ami-0123456789abcdef0'), copyToRegions: REGIONS.slice(0, copies) });
  if (published) {
    for (const region of REGIONS.slice(0, copies)) {
      const fleets = new Stack(app, `Fleets-${region}`, { env: { ...env, region } });
      new appstream.CfnFleet(fleets, 'Fleet', {
        name: 'f', instanceType: 'GeneralPurpose.t3.large', imageArn: image.referenceFrom(fleets).imageArn, computeCapacity: { desiredInstances: 1 },
      });
    }
  }
  const template = app.synth().getStackByName('Images').template;
  const resources = Object.values<any>(template.Resources);
  const handlerRole = Object.entries<any>(template.Resources).find(([id, r]) => r.Type === 'AWS::IAM::Role' && id.includes('HandlerRole'))![0];
  const policyChars = resources
    .filter(r => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(handlerRole))
    .map(r => JSON.stringify(r.Properties.PolicyDocument).length)
    .concat(JSON.stringify(template.Resources[handlerRole].Properties.Policies ?? []).length)
    .reduce((a, b) => a + b, 0);
  return {
    resources: resources.length,
    bytes: JSON.stringify(template).length,
    exports: Object.values<any>(template.Outputs ?? {}).filter(o => o.Export).length,
    policyChars,
  };
}

async function main(): Promise<void> {
  const seed = seedFlag(1);
  const runs = numberFlag('--runs', 3);
  const compression = numberFlag('--compression', 120);
  const minMinutes = numberFlag('--min-minutes', 10);
  const maxMinutes = numberFlag('--max-minutes', 30);

  // 1. Template.
  const base = templateFigures(0, false);
  const layouts: Array<[string, number, boolean]> = [['image alone', 0, false], ['1 copy', 1, false], ['2 copies', 2, false],
    ['4 copies', 4, false], ['2 copies, each referenced from its Region', 2, true]];
  const measured = layouts.map(([name, n, published]) => [name, templateFigures(n, published)] as const);
  printTable(['layout', 'resources', 'Δ resources', 'template bytes', 'Δ bytes', 'exports', 'handler role policy chars'],
    measured.map(([name, f]) => [name, f.resources, f.resources - base.resources, f.bytes, f.bytes - base.bytes, f.exports, f.policyChars]));
  const one = measured[1][1];
  const two = measured[2][1];
  const published = measured[4][1];

  // 2. Calls for one copy.
  const env = new E2eEnvironment();
  const ssm = new SsmEndpoint();
  await ssm.start();
  await env.start({ AWS_ENDPOINT_URL_SSM: ssm.url });
  try {
    const name = 'Images-Image-0123456789';
    env.appstream.putImage({ name, state: 'AVAILABLE' });
    await deployCopy(env, name, 'eu-west-1');
    const calls = new Map<string, number>();
    for (const r of env.appstream.requests) calls.set(`appstream ${r.operation} (${r.region})`, (calls.get(`appstream ${r.operation} (${r.region})`) ?? 0) + 1);
    for (const r of ssm.requests) calls.set(`ssm ${r.operation} (${r.region})`, (calls.get(`ssm ${r.operation} (${r.region})`) ?? 0) + 1);
    console.log('');
    printTable(['calls for one copy (COPYING for 1 check, then AVAILABLE)', 'count'], [...calls.entries()].sort());

    // 3. The wait for N copies at once.
    const intervalMs = 30_000 / compression;
    const random = mulberry32(seed);
    console.log('');
    const rows: Array<Array<string | number>> = [];
    const summary: string[] = [];
    for (const copies of [1, 2, 4]) {
      const phase: number[] = [];
      const overSlowest: number[] = [];
      const sums: number[] = [];
      const slowests: number[] = [];
      for (let run = 0; run < runs; run++) {
        env.reset();
        env.appstream.putImage({ name, state: 'AVAILABLE' });
        const lengths = REGIONS.slice(0, copies).map(() => (uniform(random, minMinutes, maxMinutes) * 60_000) / compression);
        REGIONS.slice(0, copies).forEach((region, i) => env.appstream.setCopyLifecycle(region, { states: ['COPYING', 'AVAILABLE'], msPerState: lengths[i] }));
        const started = Date.now();
        await Promise.all(REGIONS.slice(0, copies).map(async region => {
          await env.run(createEvent(copyProperties(name, region), { logicalId: copyIds(region).copy, resourceType: COPY_TYPE }), 3);
          const segment = createEvent(segmentProperties(name, region), { logicalId: copyIds(region).segment, resourceType: WAIT_SEGMENT_TYPE });
          const answer = await env.handler.onEvent(segment);
          // The framework's waiter asks isComplete every queryInterval (30 s).
          while (!(await env.handler.isComplete(isCompleteEvent(segment, answer))).IsComplete) await sleep(intervalMs);
        }));
        const elapsed = Date.now() - started;
        const slowest = Math.max(...lengths);
        phase.push(elapsed);
        slowests.push(slowest);
        sums.push(lengths.reduce((a, b) => a + b, 0));
        overSlowest.push((elapsed - slowest) / intervalMs);
      }
      const real = (ms: number) => (ms * compression / 60_000).toFixed(1);
      const intervals = (v: number) => v.toFixed(2);
      rows.push([copies, minMedianMax(slowests, real), minMedianMax(sums, real), minMedianMax(phase, real), minMedianMax(overSlowest, intervals)]);
      summary.push(`${copies}: ${minMedianMax(overSlowest, v => v.toFixed(2))} intervals over the slowest`);
    }
    printTable(['copies', 'slowest copy (min)', 'sum of copies (min)', 'copy phase (min)', 'copy phase - slowest (intervals of 30 s)'], rows);
    console.log(`(${runs} runs each, min / median / max; lengths ${minMinutes}-${maxMinutes} min drawn with seed ${seed}; ` +
      `time compressed ${compression}x; minutes are real-time equivalents)`);
    console.log(machine());
    console.log(`SUMMARY copies: a copy adds ${one.resources - base.resources} resources and ${one.bytes - base.bytes} bytes ` +
      `(the second ${two.resources - one.resources} and ${two.bytes - one.bytes}); referenced from its Region +${(published.resources - two.resources) / 2} resource each; ` +
      `0 exports; ${[...calls.values()].reduce((a, b) => a + b, 0)} calls for one copy; N copies wait for the slowest: ${summary.join('; ')}`);
  } finally {
    await env.stop();
    await ssm.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
