/**
 * The fixtures speak the real wire protocols: the AWS SDK's own clients (in this process) parse
 * their answers, dates and errors the way they parse the real services'.
 */
import {
  AppStreamClient, CreateImportedImageCommand, DescribeImagesCommand, ResourceNotFoundException,
} from '@aws-sdk/client-appstream';
import {
  CloudFormationClient, DescribeStackResourcesCommand, ListStackResourcesCommand, paginateListStackResources,
} from '@aws-sdk/client-cloudformation';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { AppStreamEndpoint, imageArn } from '../fixtures/appstream-endpoint';
import { CloudFormationEndpoint } from '../fixtures/cloudformation-endpoint';
import { SfnEndpoint } from '../fixtures/sfn-endpoint';

const appstream = new AppStreamEndpoint();
const sfn = new SfnEndpoint();
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' };
let appstreamClient: AppStreamClient;
let sfnClient: SFNClient;

beforeAll(async () => {
  await Promise.all([appstream.start(), sfn.start()]);
  appstreamClient = new AppStreamClient({ region: 'us-east-1', endpoint: appstream.url, credentials, maxAttempts: 1 });
  sfnClient = new SFNClient({ region: 'us-east-1', endpoint: sfn.url, credentials, maxAttempts: 1 });
});
afterAll(async () => {
  appstreamClient.destroy();
  sfnClient.destroy();
  await Promise.all([appstream.stop(), sfn.stop()]);
});

test('AppStream: images with Dates, a scripted lifecycle, modelled errors', async () => {
  appstream.setLifecycle({ states: ['IMPORTING', 'FAILED'], stateChangeReason: { Code: 'IMAGE_IMPORT_FAILURE', Message: 'no' } });
  const created = await appstreamClient.send(new CreateImportedImageCommand({ Name: 'proto', SourceAmiId: 'ami-12345678', IamRoleArn: 'arn:aws:iam::1:role/r' }));
  expect(created.Image).toMatchObject({ Name: 'proto', Arn: imageArn('proto'), State: 'IMPORTING' });
  expect(created.Image?.CreatedTime).toBeInstanceOf(Date);
  expect(Math.abs(created.Image!.CreatedTime!.getTime() - Date.now())).toBeLessThan(60_000);

  const first = await appstreamClient.send(new DescribeImagesCommand({ Names: ['proto'] }));
  expect(first.Images?.map(i => i.State)).toEqual(['IMPORTING']);
  const second = await appstreamClient.send(new DescribeImagesCommand({ Names: ['proto'] }));
  expect(second.Images?.[0]).toMatchObject({ State: 'FAILED', StateChangeReason: { Code: 'IMAGE_IMPORT_FAILURE', Message: 'no' } });

  const missing = await appstreamClient.send(new DescribeImagesCommand({ Names: ['nope'] })).catch(e => e);
  expect(missing).toBeInstanceOf(ResourceNotFoundException);
  expect(missing.$metadata.httpStatusCode).toBe(400);

  appstream.throttle('DescribeImages', 1);
  const throttled = await appstreamClient.send(new DescribeImagesCommand({ Names: ['proto'] })).catch(e => e);
  expect(throttled.name).toBe('ThrottlingException');
  appstream.serverError('DescribeImages', 1);
  const failed = await appstreamClient.send(new DescribeImagesCommand({ Names: ['proto'] })).catch(e => e);
  expect(failed.$metadata.httpStatusCode).toBe(500);
});

test('Step Functions: StartExecution is idempotent for the same input, ExecutionAlreadyExists otherwise', async () => {
  const start = (input: string) => sfnClient.send(new StartExecutionCommand({ stateMachineArn: sfn.stateMachineArn, name: 'exec-1', input }));
  const first = await start('{"a":1}');
  expect(first.startDate).toBeInstanceOf(Date);
  expect((await start('{"a":1}')).executionArn).toBe(first.executionArn);
  const other = await start('{"a":2}').catch(e => e);
  expect(other.name).toBe('ExecutionAlreadyExists');
  expect(sfn.executions).toHaveLength(1);
});

test('CloudFormation at scale: DescribeStackResources stops at 100; ListStackResources pages with NextToken, as the SDK paginator reads it', async () => {
  const cfn = new CloudFormationEndpoint();
  await cfn.start();
  const client = new CloudFormationClient({ region: 'us-east-1', endpoint: cfn.url, credentials, maxAttempts: 1 });
  try {
    const stackId = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Big/guid';
    cfn.addOtherResources(stackId, 250, 'A');
    cfn.setResource(stackId, 'ImageImport', { type: 'Custom::AppStreamImportedImage', physicalId: 'golden-1', status: 'UPDATE_COMPLETE' });

    const described = await client.send(new DescribeStackResourcesCommand({ StackName: stackId }));
    expect(described.StackResources).toHaveLength(100);
    expect(described.StackResources?.some(r => r.LogicalResourceId === 'ImageImport')).toBe(false);
    expect(described.StackResources?.[0].Timestamp).toBeInstanceOf(Date);

    const pages: number[] = [];
    const listed: string[] = [];
    for await (const page of paginateListStackResources({ client }, { StackName: stackId })) {
      pages.push(page.StackResourceSummaries?.length ?? 0);
      listed.push(...(page.StackResourceSummaries ?? []).map(r => r.LogicalResourceId!));
    }
    expect(pages).toEqual([100, 100, 51]);
    expect(new Set(listed).size).toBe(251);
    expect(listed[listed.length - 1]).toBe('ImageImport');

    const forged = await client.send(new ListStackResourcesCommand({ StackName: stackId, NextToken: 'page-100-00000000' })).catch(e => e);
    expect(forged.name).toBe('ValidationError');
  } finally {
    client.destroy();
    await cfn.stop();
  }
});
