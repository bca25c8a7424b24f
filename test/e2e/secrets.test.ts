/**
 * Nothing secret reaches the logs: the app catalog's LaunchParameters and the presigned URLs
 * (the wait condition handle, CloudFormation's response URL). Every line the bundled handler's
 * process writes, over a whole lifecycle with retries and failures, is checked.
 */
import {
  attributesProperties, ATTRIBUTES_TYPE, createEvent, deleteEvent, importProperties, RESPONSE_URL_SIGNATURE, updateEvent,
} from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';
import { HANDLE_SIGNATURE } from '../fixtures/signal-server';

const SECRET = 'SUPERSECRET';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());

test('a full lifecycle logs neither LaunchParameters nor any presigned URL', async () => {
  const applications = [
    { Name: 'Tool', DisplayName: 'Tool', AbsoluteAppPath: 'C:\\Tool\\tool.exe', LaunchParameters: `--token=${SECRET}`, WorkingDirectory: 'C:\\Tool' },
  ];
  env.appstream.setLifecycle({ describesPerState: 1 });
  env.appstream.throttle('DescribeImages', 2);
  env.appstream.invalidRole(1);

  // Create (with retries), poll to AVAILABLE (with a not-yet-visible phase), attributes.
  env.appstream.hideAfterCreate(1, 'notFound');
  const { name, properties, pollInput } = await env.createImage('secret', { Applications: applications });
  expect(env.appstream.requestsFor('CreateImportedImage').pop()?.body.AppCatalogConfig[0].LaunchParameters).toBe(`--token=${SECRET}`);
  expect(pollInput.handleUrl).toContain(HANDLE_SIGNATURE);
  await env.pollUntilDone(pollInput);
  expect(env.signals.signalsFor('secret')).toHaveLength(1);
  await env.run(createEvent(attributesProperties(name), { resourceType: ATTRIBUTES_TYPE, logicalId: 'ImageAttributes' }));

  // Update: tags in place, then a refused replacement (fixed name), then a refused create.
  const retagged = { ...properties, Tags: [{ Key: 'team', Value: 'other' }] };
  await env.run(updateEvent(name, retagged, properties));
  const fixed = importProperties({ ImageName: name, Applications: applications, WaitHandle: env.signals.handleUrl('secret') });
  await expect(env.handler.onEvent(updateEvent(name, { ...fixed, Description: 'changed' }, fixed))).rejects.toThrow();
  env.appstream.putImage({ name: 'someone-else', tags: {} });
  await expect(env.handler.onEvent(createEvent(importProperties({
    ImageName: 'someone-else', Applications: applications, WaitHandle: env.signals.handleUrl('secret-2'),
  })))).rejects.toThrow();

  // A failed import and its deadline, then Delete of everything.
  env.appstream.setLifecycle({ states: ['IMPORTING', 'FAILED'], imageErrors: [{ ErrorCode: 'X', ErrorMessage: 'broken' }] });
  const failed = await env.createImage('secret-failed', { Applications: applications, Description: 'second' });
  await env.pollUntilDone(failed.pollInput);
  await env.handler.poll({ ...failed.pollInput, deadline: Date.now() - 1 });
  await env.run(deleteEvent(failed.name, failed.properties));
  await env.run(deleteEvent(name, retagged));

  await env.handler.stop();
  const lines = env.handler.logs.map(l => l.line);

  // The capture works: the handler did log this lifecycle.
  expect(lines.some(line => line.includes('import started') && line.includes(name))).toBe(true);
  expect(lines.some(line => line.includes('retrying'))).toBe(true);
  expect(lines.some(line => line.includes('image deleted'))).toBe(true);
  // And nothing secret is in it.
  for (const line of lines) {
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain(HANDLE_SIGNATURE);
    expect(line).not.toContain(RESPONSE_URL_SIGNATURE);
    expect(line).not.toContain('X-Amz-Signature');
    expect(line).not.toContain('X-Amz-Credential');
  }
});
