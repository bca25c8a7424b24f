/**
 * The whole life of one image through the bundled handler and real HTTP: Create, the poller
 * from IMPORTING to AVAILABLE, the wait condition's signal, the attributes, Delete.
 */
import * as fs from 'fs';
import { imageArn } from '../fixtures/appstream-endpoint';
import {
  attributesProperties, ATTRIBUTES_TYPE, BUNDLE_PATH, createEvent, deleteEvent, isCompleteEvent, OWNER_TAG, ownerTagValue,
} from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());

test('the bundle under test exists (built by `npx projen bundle` before the tests)', () => {
  expect(fs.existsSync(BUNDLE_PATH)).toBe(true);
});

test('Create, poll to AVAILABLE, signal SUCCESS, read attributes, Delete', async () => {
  const applications = [{
    Name: 'Notepad', DisplayName: 'Notepad', AbsoluteAppPath: 'C:\\Windows\\notepad.exe', LaunchParameters: '--safe',
  }];

  // Create: the import starts and the poller is started.
  const { name, properties, event, pollInput } = await env.createImage('happy', { Applications: applications }, 'HappyImport');
  expect(name).toMatch(/^TestStackImage-[0-9a-f]{10}$/);
  const creates = env.appstream.requestsFor('CreateImportedImage');
  expect(creates).toHaveLength(1);
  expect(creates[0].headers['x-amz-target']).toBe('PhotonAdminProxyService.CreateImportedImage');
  expect(creates[0].body).toEqual({
    Name: name,
    SourceAmiId: 'ami-0123456789abcdef0',
    IamRoleArn: properties.IamRoleArn,
    DisplayName: 'Test image',
    Description: 'Imported by the e2e tests',
    AgentSoftwareVersion: 'CURRENT_LATEST',
    AppCatalogConfig: applications,
    Tags: { 'team': 'imaging', [OWNER_TAG]: ownerTagValue('HappyImport'), 'cdk-appstream-imported-image:properties': expect.stringMatching(/^[0-9a-f]{32}$/) },
  });
  expect(env.appstream.image(name)?.state).toBe('IMPORTING');

  // The poller's input, as Step Functions received it.
  expect(env.sfn.executions).toHaveLength(1);
  expect(env.sfn.executions[0].stateMachineArn).toBe(env.sfn.stateMachineArn);
  expect(pollInput).toMatchObject({ imageName: name, handleUrl: env.signals.handleUrl('happy'), pollIntervalSeconds: 30, checks: 0 });
  expect(pollInput.deadline - pollInput.startedAt).toBe(7200 * 1000);

  // The poller: IMPORTING, VALIDATING, then AVAILABLE.
  const first = await env.handler.poll(pollInput);
  expect(first).toMatchObject({ done: false, lastState: 'IMPORTING', checks: 1 });
  const second = await env.handler.poll(first);
  expect(second).toMatchObject({ done: false, lastState: 'VALIDATING', checks: 2 });
  expect(env.signals.requests).toHaveLength(0);
  const third = await env.handler.poll(second);
  expect(third).toMatchObject({ done: true, lastState: 'AVAILABLE', checks: 3 });

  // Exactly one signal: a PUT with no Content-Type and CloudFormation's JSON body.
  const signals = env.signals.signalsFor('happy');
  expect(env.signals.requests).toHaveLength(1);
  expect(signals).toHaveLength(1);
  expect(signals[0].method).toBe('PUT');
  expect(signals[0].headers['content-type']).toBeUndefined();
  expect(signals[0].query['X-Amz-Signature']).toBeDefined();
  expect(signals[0].json).toEqual({
    Status: 'SUCCESS',
    Reason: expect.stringContaining(name),
    UniqueId: name,
    Data: imageArn(name),
  });

  // The attributes resource, once the wait is over.
  const attributesEvent = createEvent(attributesProperties(name), { logicalId: 'HappyAttributes', resourceType: ATTRIBUTES_TYPE });
  const attributesAnswer = await env.handler.onEvent(attributesEvent);
  expect(attributesAnswer.PhysicalResourceId).toBe(name);
  const attributes = await env.handler.isComplete(isCompleteEvent(attributesEvent, attributesAnswer));
  expect(attributes).toEqual({
    IsComplete: true,
    Data: {
      Arn: imageArn(name),
      Name: name,
      Platform: 'WINDOWS_SERVER_2022',
      ImageType: 'CUSTOM',
      AgentVersion: '1.1.1400',
      SupportedInstanceFamilies: 'GENERAL_PURPOSE,MEMORY_OPTIMIZED,COMPUTE_OPTIMIZED',
    },
  });

  // Delete: the image is deleted and gone.
  const { answer, complete } = await env.run(deleteEvent(name, properties, { logicalId: event.LogicalResourceId }));
  expect(answer.PhysicalResourceId).toBe(name);
  expect(complete.IsComplete).toBe(true);
  expect(env.appstream.requestsFor('DeleteImage').map(r => r.body)).toEqual([{ Name: name }]);
  expect(env.appstream.image(name)).toBeUndefined();
});
