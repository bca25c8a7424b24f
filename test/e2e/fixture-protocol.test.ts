/**
 * The fixtures speak the real wire protocols: the AWS SDK's own clients (in this process) parse
 * their answers, dates and errors the way they parse the real services'.
 */
import {
  AppStreamClient, CreateImportedImageCommand, DescribeImagesCommand, ResourceNotFoundException,
} from '@aws-sdk/client-appstream';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { AppStreamEndpoint, imageArn } from '../fixtures/appstream-endpoint';
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
