/**
 * Scale: stacks of 1, 10 and 50 images through the e2e harness (the BUNDLED handler against the
 * local AppStream, Step Functions and CloudFormation endpoints, test/fixtures): create every
 * image (Create, the poller's wait to AVAILABLE, the attributes), rotate one image while a fleet
 * still runs it (Update, wait, attributes, the cleanup's Delete handed to the poller, the
 * poller deleting it once free), then delete the stack. Prints, per phase, the wall time and
 * the CloudFormation, AppStream and Step Functions calls, in all and per image.
 *
 * The local CloudFormation endpoint holds the stack as CloudFormation would at that size: the
 * rest of the app (a VPC, fleets: `--app-resources`, 120 by default, whose logical ids sort
 * before the images'), the shared provider's resources and five per image, so that 50 images
 * make about 390 resources (DescribeStackResources answers the first 100), and lists them as
 * the real API does.
 *
 *   npx projen bundle && npx ts-node --project tsconfig.dev.json bench/scale.ts [--images 1,10,50] [--app-resources 120]
 *   E2E_HANDLER_BUNDLE=<another build of assets/handler/index.js> npx ts-node ... bench/scale.ts
 */
import { machine, numberFlag, printTable } from './util';
import {
  ATTRIBUTES_TYPE, attributesProperties, BUNDLE_PATH, createEvent, deleteEvent, importProperties, STACK_ID, updateEvent,
} from '../test/fixtures/bundled-handler';
import { E2eEnvironment } from '../test/fixtures/e2e-environment';

/** Resources the stack's shared provider adds once (functions, roles, policies, state machine, log group). */
const SHARED_RESOURCES = 20;
/** Per image besides its Import and Attributes resources: the import role, the wait condition and its handle. */
const OTHER_RESOURCES_PER_IMAGE = ['ImportRole', 'WaitHandle', 'Wait'];

const counts = (env: E2eEnvironment) => ({
  cloudformation: env.cfn.requests.length,
  appstream: env.appstream.requests.length,
  sfn: env.sfn.requests.length,
  cfnActions: env.cfn.requests.map(r => r.action),
});
type Counts = ReturnType<typeof counts>;

interface PhaseFigures {
  readonly phase: string;
  readonly images: number;
  /** What the per-image figures divide by: images created or deleted, or the one image rotated. */
  readonly per: number;
  readonly ms: number;
  readonly cloudformation: number;
  readonly appstream: number;
  readonly sfn: number;
  readonly wholeStackReads: number;
  readonly outcome: string;
}

async function phase(env: E2eEnvironment, name: string, images: number, per: number, body: () => Promise<string>): Promise<PhaseFigures> {
  const before: Counts = counts(env);
  const started = process.hrtime.bigint();
  let outcome: string;
  try {
    outcome = await body();
  } catch (error) {
    outcome = `FAILED: ${String((error as Error).message).slice(0, 110)}`;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const after = counts(env);
  const actions = after.cfnActions.slice(before.cfnActions.length);
  return {
    phase: name,
    images,
    per,
    ms,
    cloudformation: after.cloudformation - before.cloudformation,
    appstream: after.appstream - before.appstream,
    sfn: after.sfn - before.sfn,
    wholeStackReads: actions.filter(a => a === 'ListStackResources' || a === 'DescribeStackResources').length,
    outcome,
  };
}

const logicalId = (i: number) => `Image${String(i).padStart(3, '0')}`;

async function scenario(env: E2eEnvironment, images: number, appResources: number): Promise<PhaseFigures[]> {
  env.reset();
  env.cfn.addOtherResources(STACK_ID, appResources, 'App', 'AWS::EC2::Subnet');
  for (let i = 0; i < SHARED_RESOURCES; i++) {
    env.cfn.setResource(STACK_ID, `AppStreamImportedImageProvider${String(i).padStart(2, '0')}`, { type: 'AWS::Lambda::Function', physicalId: `fn-${i}`, status: 'CREATE_COMPLETE' });
  }
  const deployed: Array<{ id: string; name: string; properties: Record<string, any> }> = [];
  const figures: PhaseFigures[] = [];

  figures.push(await phase(env, 'create', images, images, async () => {
    for (let i = 0; i < images; i++) {
      const id = logicalId(i);
      for (const other of OTHER_RESOURCES_PER_IMAGE) {
        env.cfn.setResource(STACK_ID, `${id}${other}`, { type: other === 'ImportRole' ? 'AWS::IAM::Role' : `AWS::CloudFormation::${other === 'Wait' ? 'WaitCondition' : 'WaitConditionHandle'}`, physicalId: `${id}-${other}`, status: 'CREATE_COMPLETE' });
      }
      const properties = importProperties({ WaitHandle: env.signals.handleUrl(id), NamePrefix: `TestStack${id}` });
      const { answer } = await env.run(createEvent(properties, { logicalId: `${id}Import` }));
      const name = answer.PhysicalResourceId!;
      await env.pollUntilDone(env.sfn.inputs().find(input => input.imageName === name));
      await env.run(createEvent(attributesProperties(name), { logicalId: `${id}Attributes`, resourceType: ATTRIBUTES_TYPE }), 5);
      deployed.push({ id, name, properties });
    }
    env.cfn.setStackStatus(STACK_ID, 'CREATE_COMPLETE');
    return `${env.cfn.stack(STACK_ID).resources.size} resources in the stack`;
  }));

  figures.push(await phase(env, 'rotate one (in use)', images, 1, async () => {
    const target = deployed[deployed.length - 1];
    env.appstream.setInUse(target.name, 'golden-fleet');
    env.cfn.setStackStatus(STACK_ID, 'UPDATE_IN_PROGRESS');
    const v2 = { ...target.properties, SourceAmiId: 'ami-0fedcba9876543210', WaitHandle: env.signals.handleUrl(`${target.id}-v2`) };
    const { answer } = await env.run(updateEvent(target.name, v2, target.properties, { logicalId: `${target.id}Import` }));
    const v2Name = answer.PhysicalResourceId!;
    await env.pollUntilDone(env.sfn.inputs().find(input => input.imageName === v2Name));
    await env.run(updateEvent(v2Name, attributesProperties(v2Name), attributesProperties(target.name),
      { logicalId: `${target.id}Attributes`, resourceType: ATTRIBUTES_TYPE }), 5);
    env.appstream.setInUse(v2Name, 'golden-fleet');
    env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    await env.run(deleteEvent(target.name, target.properties, { logicalId: `${target.id}Import` }));
    env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');
    const retirement = env.sfn.inputs().find(input => input.mode === 'retire' && input.imageName === target.name);
    if (!retirement) throw new Error('the replaced image was not handed to the poller');
    const first = await env.handler.poll(retirement); // still in use: the fleet drains
    env.appstream.setInUse(target.name, false);
    const last = await env.handler.poll(first);
    if (last.lastState !== 'DELETED') throw new Error(`the replaced image was not deleted: ${last.lastState}`);
    deployed[deployed.length - 1] = { ...target, name: v2Name, properties: v2 };
    return 'UPDATE_COMPLETE, old image deleted once free';
  }));

  // The one path that reads the whole stack: an image still in use leaves the stack while
  // others stay (is any image left to keep the poller?). Calls grow with the stack's size, by
  // one ListStackResources page per 100 resources, once per such delete: never per poll.
  if (images > 1) {
    figures.push(await phase(env, 'remove one (in use)', images, 1, async () => {
      const [gone] = deployed.splice(0, 1);
      env.appstream.setInUse(gone.name, 'old-fleet');
      env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
      await env.run(deleteEvent(gone.name, attributesProperties(gone.name), { logicalId: `${gone.id}Attributes`, resourceType: ATTRIBUTES_TYPE }));
      await env.run(deleteEvent(gone.name, gone.properties, { logicalId: `${gone.id}Import` }));
      env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');
      const retirement = env.sfn.inputs().find(input => input.mode === 'retire' && input.imageName === gone.name);
      if (!retirement) throw new Error('the removed image was not handed to the poller');
      env.appstream.setInUse(gone.name, false);
      const last = await env.handler.poll(retirement);
      if (last.lastState !== 'DELETED') throw new Error(`the removed image was not deleted: ${last.lastState}`);
      return `handed over, deleted once free (${env.cfn.stack(STACK_ID).resources.size} resources listed)`;
    }));
  }

  figures.push(await phase(env, 'delete stack', images, deployed.length, async () => {
    env.cfn.setStackStatus(STACK_ID, 'DELETE_IN_PROGRESS');
    for (const { id, name, properties } of deployed) {
      env.appstream.setInUse(name, false);
      await env.run(deleteEvent(name, attributesProperties(name), { logicalId: `${id}Attributes`, resourceType: ATTRIBUTES_TYPE }));
      await env.run(deleteEvent(name, properties, { logicalId: `${id}Import` }), 5);
    }
    if (env.appstream.images.size !== 0) throw new Error(`${env.appstream.images.size} images left`);
    return 'every image deleted';
  }));
  return figures;
}

async function main() {
  const at = process.argv.indexOf('--images');
  const sizes = at >= 0 ? process.argv[at + 1].split(',').map(Number) : [1, 10, 50];
  const appResources = process.argv.includes('--app-resources') ? numberFlag('--app-resources', 120) : 120;
  const env = new E2eEnvironment();
  await env.start();
  const rows: PhaseFigures[] = [];
  try {
    for (const images of sizes) rows.push(...await scenario(env, images, appResources));
  } finally {
    await env.stop();
  }
  const per = (value: number, row: PhaseFigures) => (value / row.per).toFixed(1);
  printTable(
    ['images', 'phase', 'ms', 'ms/image', 'CFN', 'CFN/image', 'AppStream', 'AppStream/image', 'SFN', 'SFN/image', 'whole-stack reads', 'outcome'],
    rows.map(r => [r.images, r.phase, r.ms.toFixed(0), per(r.ms, r), r.cloudformation, per(r.cloudformation, r), r.appstream, per(r.appstream, r),
      r.sfn, per(r.sfn, r), r.wholeStackReads, r.outcome]),
  );
  console.log('per image: create and delete divide by the number of images they handle; "rotate one" and "remove one" are one image each, so their figures are per operation');
  console.log(`handler: ${BUNDLE_PATH}; the app's other resources: ${appResources}`);
  console.log(machine());
  const largest = rows.filter(r => r.images === Math.max(...sizes));
  const smallest = rows.filter(r => r.images === Math.min(...sizes));
  const total = (r: PhaseFigures) => per(r.cloudformation + r.appstream + r.sfn, r);
  const summary = largest.map(r => {
    const small = smallest.find(s => s.phase === r.phase);
    return `${r.phase} ${total(r)} calls/image at ${r.images}${small && small !== r ? ` vs ${total(small)} at ${small.images}` : ''}`;
  });
  console.log(`SUMMARY scale: ${summary.join('; ')}; whole-stack reads: ${rows.reduce((n, r) => n + r.wholeStackReads, 0)}`);
}

void main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
