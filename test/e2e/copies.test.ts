/**
 * Copies of the image in other Regions, through the bundled handler, against local endpoints
 * that answer per Region (the SigV4 credential scope's Region): AppStream (CopyImage, COPYING,
 * then AVAILABLE or FAILED in the copy's Region) and SSM (the parameter a fleet stack in the
 * copy's Region reads). Create with copies, a copy that fails (and the rollback), a rotation with
 * a copy still in use in one Region, and a stack delete: nothing is left untracked in any Region.
 */
import { AppStreamClient, DescribeImagesCommand } from '@aws-sdk/client-appstream';
import { attributesProperties, ATTRIBUTES_TYPE, createEvent, deleteEvent, failureOf, importProperties, ownerTagValue, STACK_ID, updateEvent } from '../fixtures/bundled-handler';
import { COPY_TYPE, copyIds, copyProperties, deleteCopyEvent, deleteParameterEvent, deployCopy, DeployedCopy, PARAMETER_NAME } from '../fixtures/copies';
import { E2eEnvironment } from '../fixtures/e2e-environment';
import { SsmEndpoint } from '../fixtures/ssm-endpoint';

const env = new E2eEnvironment();
const ssm = new SsmEndpoint();
beforeAll(async () => {
  await ssm.start();
  await env.start({ AWS_ENDPOINT_URL_SSM: ssm.url });
});
afterAll(async () => {
  await env.stop();
  await ssm.stop();
});
beforeEach(() => {
  env.reset();
  ssm.reset();
});

const OWNER_TAG = 'cdk-appstream-imported-image:owner';
const REGIONS = ['eu-west-1', 'ap-southeast-2'];

/** The image as the stack deploys it before its copies: Create, the wait, the attributes. */
async function deployImage(overrides: Record<string, any> = {}) {
  const properties = importProperties({ WaitHandle: env.signals.handleUrl('v1'), ...overrides });
  const { answer } = await env.run(createEvent(properties));
  const name = answer.PhysicalResourceId!;
  await env.pollUntilDone(env.sfn.inputs().find(input => input.imageName === name));
  const attributes = attributesProperties(name);
  await env.run(createEvent(attributes, { logicalId: 'ImageAttributes', resourceType: ATTRIBUTES_TYPE }), 5);
  return { properties, name, attributes };
}

test('create with copies: CopyImage from the image\'s Region once it is AVAILABLE, each copy tagged, shared and published in its own Region', async () => {
  for (const region of REGIONS) env.appstream.setCopyLifecycle(region, { states: ['COPYING', 'AVAILABLE'], describesPerState: 3 });
  const { name } = await deployImage();
  const shares = [{ Account: '222222222222', AllowFleet: 'true', AllowImageBuilder: 'false' }];
  // CloudFormation creates the copies at once (they do not depend on each other): both are
  // COPYING together, so the deployment waits for the slowest copy, not for the sum.
  await Promise.all(REGIONS.map(region =>
    env.run(createEvent(copyProperties(name, region), { logicalId: copyIds(region).copy, resourceType: COPY_TYPE }), 3)));
  expect(REGIONS.map(region => env.appstream.image(name, region)?.state)).toEqual(['COPYING', 'COPYING']);
  // CopyImage is called in the image's Region (signed for us-east-1), once per Region.
  const copyCalls = env.appstream.requestsFor('CopyImage');
  expect(copyCalls.map(r => [r.region, r.body.DestinationRegion, r.body.SourceImageName, r.body.DestinationImageName]).sort())
    .toEqual([['us-east-1', 'ap-southeast-2', name, name], ['us-east-1', 'eu-west-1', name, name]]);

  // The rest of each copy's resources (a retried Create of the copy adopts it: no second CopyImage).
  const copies = await Promise.all(REGIONS.map(region => deployCopy(env, name, region, { shares })));
  expect(env.appstream.requestsFor('CopyImage')).toHaveLength(2);

  for (const copy of copies) {
    const image = env.appstream.image(name, copy.region)!;
    expect(copy.physicalId).toBe(`arn:aws:appstream:${copy.region}:123456789012:image/${name}`);
    expect(copy.arn).toBe(copy.physicalId);
    expect(image.state).toBe('AVAILABLE');
    // Tags are not copied by the service: the handler puts the ownership tag and the image's tags on the copy.
    expect(image.tags).toEqual({ [OWNER_TAG]: ownerTagValue(copyIds(copy.region).copy), team: 'imaging' });
    expect([...image.permissions.keys()]).toEqual(['222222222222']);
    // The fleet stack of that Region reads this parameter.
    expect(ssm.value(copy.region, PARAMETER_NAME)).toBe(copy.arn);
    // Tagging, sharing and the parameter went to the copy's Region.
    expect(env.appstream.requests.filter(r => r.operation === 'TagResource' && r.body.ResourceArn === copy.arn).map(r => r.region))
      .toEqual([copy.region]);
    expect(ssm.requests.filter(r => r.body.Name === PARAMETER_NAME && r.region === copy.region).map(r => r.operation)).toEqual(['PutParameter']);
  }
  expect(env.appstream.image(name)?.state).toBe('AVAILABLE');
});

test('a copy that fails: the deployment fails with the service\'s reason, and the rollback deletes every copy and the image in every Region', async () => {
  env.appstream.setCopyLifecycle('ap-southeast-2', {
    states: ['COPYING', 'FAILED'],
    stateChangeReason: { Code: 'IMAGE_COPY_FAILURE', Message: 'The image could not be copied to ap-southeast-2.' },
  });
  const { name, properties } = await deployImage();
  const eu = await deployCopy(env, name, 'eu-west-1');
  const failure = await failureOf(deployCopy(env, name, 'ap-southeast-2'));
  expect(failure.message).toBe(
    `The copy of image ${name} in ap-southeast-2 FAILED: IMAGE_COPY_FAILURE: The image could not be copied to ap-southeast-2.`);

  // The rollback of the stack's first create deletes what was made, newest first.
  env.cfn.setStackStatus(STACK_ID, 'ROLLBACK_IN_PROGRESS');
  const apCopy = env.cfn.resource(STACK_ID, copyIds('ap-southeast-2').copy)!;
  expect(apCopy.status).toBe('CREATE_COMPLETE');
  const ap = { region: 'ap-southeast-2', properties: { ...eu.properties, DestinationRegion: 'ap-southeast-2' }, physicalId: apCopy.physicalId!, arn: '', attributes: {} };
  expect((await env.run(deleteCopyEvent(ap), 3)).complete.IsComplete).toBe(true);
  await env.run(deleteParameterEvent(eu));
  expect((await env.run(deleteCopyEvent(eu), 3)).complete.IsComplete).toBe(true);
  expect((await env.run(deleteEvent(name, properties), 3)).complete.IsComplete).toBe(true);

  for (const region of ['us-east-1', ...REGIONS]) expect([...env.appstream.imagesIn(region).keys()]).toEqual([]);
  expect(ssm.value('eu-west-1', PARAMETER_NAME)).toBeUndefined();
  expect(env.appstream.requestsFor('DeleteImage').map(r => r.region)).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
});

test('CopyImage refused by the service: its own code and message, and nothing to clean up', async () => {
  const { name } = await deployImage();
  env.appstream.inject('CopyImage', 1, 400, 'InvalidParameterCombinationException', 'Imported images cannot be copied.');
  const failure = await failureOf(deployCopy(env, name, 'eu-west-1'));
  expect(failure.message).toBe(`CopyImage of image '${name}' to eu-west-1 failed: InvalidParameterCombinationException: Imported images cannot be copied.`);
  expect(env.cfn.resource(STACK_ID, copyIds('eu-west-1').copy)?.physicalId).toBe('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED');
  expect([...env.appstream.imagesIn('eu-west-1').keys()]).toEqual([]);
});

test('a rotation with a copy still in use in one Region: new copies everywhere, the free old copy deleted, the busy one handed to the poller in its Region', async () => {
  const v1 = await deployImage();
  const v1Copies = await Promise.all(REGIONS.map(region => deployCopy(env, v1.name, region)));
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');
  // The fleet in eu-west-1 runs v1's copy.
  env.appstream.setInUse(v1.name, 'eu-fleet', 'eu-west-1');

  // The image stack's update: v2, then its copies (the copies' SourceImageName is the image's new name).
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_IN_PROGRESS');
  const v2Properties = { ...v1.properties, SourceAmiId: 'ami-0fedcba9876543210', WaitHandle: env.signals.handleUrl('v2') };
  const v2Name = (await env.run(updateEvent(v1.name, v2Properties, v1.properties))).answer.PhysicalResourceId!;
  await env.pollUntilDone(env.sfn.inputs().find(input => input.imageName === v2Name));
  await env.run(updateEvent(v2Name, attributesProperties(v2Name), v1.attributes, { logicalId: 'ImageAttributes', resourceType: ATTRIBUTES_TYPE }), 5);
  const v2Copies: DeployedCopy[] = [];
  for (const previous of v1Copies) v2Copies.push(await deployCopy(env, v2Name, previous.region, { previous }));
  for (const copy of v2Copies) {
    expect(copy.physicalId).toBe(`arn:aws:appstream:${copy.region}:123456789012:image/${v2Name}`);
    // The parameter moved: `cdk deploy --all` then moves the fleet stack of that Region.
    expect(ssm.value(copy.region, PARAMETER_NAME)).toBe(copy.arn);
  }

  // Cleanup phase: the old copies (and v1) are deleted; the stack lives on.
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  for (const old of v1Copies) expect((await env.run(deleteCopyEvent(old), 3)).complete.IsComplete).toBe(true);
  expect((await env.run(deleteEvent(v1.name, v1.properties), 3)).complete.IsComplete).toBe(true);
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_COMPLETE');

  expect(env.appstream.image(v1.name, 'ap-southeast-2')).toBeUndefined();
  expect(env.appstream.image(v1.name)).toBeUndefined();
  expect(env.appstream.image(v1.name, 'eu-west-1')?.state).toBe('AVAILABLE');
  const retirement = env.sfn.inputs().find(input => input.mode === 'retire' && input.imageName === v1.name);
  expect(retirement).toMatchObject({ region: 'eu-west-1', logicalResourceId: copyIds('eu-west-1').copy, pollIntervalSeconds: 300 });
  expect(retirement.deadline - retirement.startedAt).toBe(604_800_000);

  // The poller checks the copy in its Region: still in use, then free, then deleted.
  const first = await env.handler.poll(retirement);
  expect(first).toMatchObject({ done: false, lastState: 'IN_USE' });
  env.appstream.setInUse(v1.name, false, 'eu-west-1');
  const second = await env.handler.poll(first);
  expect(second).toMatchObject({ done: true, lastState: 'DELETED' });
  for (const region of ['us-east-1', ...REGIONS]) expect([...env.appstream.imagesIn(region).keys()]).toEqual([v2Name]);
  expect(env.appstream.requestsFor('DeleteImage').filter(r => r.status === 200).map(r => r.region).sort())
    .toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
});

test('a stack delete: parameters, copies and the image are deleted in every Region; with RETAIN the copies are kept', async () => {
  const { name, properties } = await deployImage();
  const copies = await Promise.all(REGIONS.map(region => deployCopy(env, name, region)));
  env.cfn.setStackStatus(STACK_ID, 'DELETE_IN_PROGRESS');
  for (const copy of copies) {
    await env.run(deleteParameterEvent(copy));
    expect((await env.run(deleteCopyEvent(copy), 3)).complete.IsComplete).toBe(true);
  }
  expect((await env.run(deleteEvent(name, properties), 3)).complete.IsComplete).toBe(true);
  for (const region of ['us-east-1', ...REGIONS]) {
    expect([...env.appstream.imagesIn(region).keys()]).toEqual([]);
    expect(ssm.value(region, PARAMETER_NAME)).toBeUndefined();
  }
  // No retirement: the stack (and its poller) is going.
  expect(env.sfn.inputs().filter(input => input.mode === 'retire')).toEqual([]);

  // RETAIN: the copies stay, as the image does.
  env.reset();
  ssm.reset();
  const kept = await deployImage({ RemovalPolicy: 'retain' });
  const keptCopy = await deployCopy(env, kept.name, 'eu-west-1', { overrides: { RemovalPolicy: 'retain' } });
  env.cfn.setStackStatus(STACK_ID, 'DELETE_IN_PROGRESS');
  await env.run(deleteCopyEvent(keptCopy), 3);
  await env.run(deleteEvent(kept.name, kept.properties), 3);
  expect(env.appstream.image(kept.name, 'eu-west-1')?.state).toBe('AVAILABLE');
  expect(env.appstream.image(kept.name)?.state).toBe('AVAILABLE');
});

test('a copy stack delete while a fleet in the copy\'s Region still runs it fails with the service\'s reason', async () => {
  const { name } = await deployImage();
  const copy = await deployCopy(env, name, 'eu-west-1');
  env.appstream.setInUse(name, 'eu-fleet', 'eu-west-1');
  env.cfn.setStackStatus(STACK_ID, 'DELETE_IN_PROGRESS');
  const failure = await failureOf(env.run(deleteCopyEvent(copy), 3));
  expect(failure.message).toMatch(new RegExp(`^Image '${name}' cannot be deleted because it is in use: The image ${name} is in use by fleet eu-fleet\\.`));
});

test('a rotation whose new copy fails in one Region: the rollback returns the old copies with no AWS write, and its cleanup deletes the new ones', async () => {
  const v1 = await deployImage();
  const v1Copies = await Promise.all(REGIONS.map(region => deployCopy(env, v1.name, region)));
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_IN_PROGRESS');
  const v2Properties = { ...v1.properties, SourceAmiId: 'ami-0fedcba9876543210', WaitHandle: env.signals.handleUrl('v2') };
  const v2Name = (await env.run(updateEvent(v1.name, v2Properties, v1.properties))).answer.PhysicalResourceId!;
  await env.pollUntilDone(env.sfn.inputs().find(input => input.imageName === v2Name));
  await env.run(updateEvent(v2Name, attributesProperties(v2Name), v1.attributes, { logicalId: 'ImageAttributes', resourceType: ATTRIBUTES_TYPE }), 5);
  env.appstream.setCopyLifecycle('ap-southeast-2', { states: ['COPYING', 'FAILED'] });
  await deployCopy(env, v2Name, 'eu-west-1', { previous: v1Copies[0] });
  const failure = await failureOf(deployCopy(env, v2Name, 'ap-southeast-2', { previous: v1Copies[1] }));
  expect(failure.message).toBe(`The copy of image ${v2Name} in ap-southeast-2 FAILED: IMAGE_COPY_FAILURE: The image copy failed.`);

  // The rollback: each copy resource gets an Update with its old properties and its new physical id.
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_ROLLBACK_IN_PROGRESS');
  const writesBefore = env.appstream.requests.filter(r => !['DescribeImages', 'ListTagsForResource'].includes(r.operation)).length;
  for (const old of v1Copies) {
    const ids = copyIds(old.region);
    const current = env.cfn.resource(STACK_ID, ids.copy)!;
    const v2CopyProperties = { ...old.properties, SourceImageName: v2Name };
    const rollback = updateEvent(current.physicalId!, old.properties, v2CopyProperties, { logicalId: ids.copy, resourceType: COPY_TYPE });
    const { answer } = await env.run(rollback, 3);
    expect(answer.PhysicalResourceId).toBe(old.physicalId);
  }
  expect(env.appstream.requests.filter(r => !['DescribeImages', 'ListTagsForResource'].includes(r.operation))).toHaveLength(writesBefore);

  // The rollback's cleanup deletes the new copies (and the new image), in their Regions.
  env.cfn.setStackStatus(STACK_ID, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  for (const old of v1Copies) {
    const v2Copy = {
      ...old,
      physicalId: `arn:aws:appstream:${old.region}:123456789012:image/${v2Name}`,
      properties: { ...old.properties, SourceImageName: v2Name },
    };
    expect((await env.run(deleteCopyEvent(v2Copy), 3)).complete.IsComplete).toBe(true);
  }
  await env.run(deleteEvent(v2Name, v2Properties), 3);
  for (const region of ['us-east-1', ...REGIONS]) expect([...env.appstream.imagesIn(region).keys()]).toEqual([v1.name]);
});

test('a copy to the image\'s own Region (a token at synth) is refused at deploy time before any AppStream call', async () => {
  const failure = await failureOf(env.run(createEvent(copyProperties('TestStackImage-0123456789', 'us-east-1'),
    { logicalId: copyIds('us-east-1').copy, resourceType: COPY_TYPE })));
  expect(failure.message).toBe('The image copy\'s properties are invalid (values that were tokens at synth are checked at deploy time):\n' +
    "- copyToRegions 'us-east-1' is the image's own Region: fleets there use the image itself; remove it from copyToRegions.");
  expect(env.appstream.requests).toEqual([]);
});

test('the local endpoint answers per Region, by the SigV4 credential scope, and refuses an unsigned request', async () => {
  env.appstream.putImage({ name: 'only-in-eu', region: 'eu-west-1' });
  const client = (region: string) => new AppStreamClient({
    region, endpoint: env.appstream.url, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' },
  });
  const names = async (region: string) => ((await client(region).send(new DescribeImagesCommand({}))).Images ?? []).map(i => i.Name);
  expect(await names('eu-west-1')).toEqual(['only-in-eu']);
  expect(await names('us-east-1')).toEqual([]);
  const unsigned = await fetch(env.appstream.url, {
    method: 'POST', headers: { 'X-Amz-Target': 'PhotonAdminProxyService.DescribeImages', 'Content-Type': 'application/x-amz-json-1.1' }, body: '{}',
  });
  expect(unsigned.status).toBe(403);
  expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
});
