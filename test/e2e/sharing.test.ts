/** Sharing through the attributes resource, and unsharing before Delete (a shared image cannot be deleted). */
import { attributesProperties, ATTRIBUTES_TYPE, createEvent, deleteEvent, updateEvent } from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

const share = (account: string, allowImageBuilder = 'false') => ({ Account: account, AllowFleet: 'true', AllowImageBuilder: allowImageBuilder });

test('shares on create, unshares a removed account on update, unshares all before Delete', async () => {
  const { name, properties } = await env.createImage('shared');
  env.appstream.setState(name, 'AVAILABLE');
  const options = { resourceType: ATTRIBUTES_TYPE, logicalId: 'ImageAttributes' };

  const shared = attributesProperties(name, { Shares: [share('111111111111', 'true'), share('222222222222')] });
  const { complete } = await env.run(createEvent(shared, options));
  expect(complete.IsComplete).toBe(true);
  expect(env.appstream.requestsFor('UpdateImagePermissions').map(r => r.body)).toEqual([
    { Name: name, SharedAccountId: '111111111111', ImagePermissions: { allowFleet: true, allowImageBuilder: true } },
    { Name: name, SharedAccountId: '222222222222', ImagePermissions: { allowFleet: true, allowImageBuilder: false } },
  ]);

  const fewer = attributesProperties(name, { Shares: [share('111111111111', 'true')] });
  await env.run(updateEvent(name, fewer, shared, options));
  expect(env.appstream.requestsFor('DeleteImagePermissions').map(r => r.body)).toEqual([{ Name: name, SharedAccountId: '222222222222' }]);
  expect([...env.appstream.image(name)!.permissions.keys()]).toEqual(['111111111111']);

  // Deleting the import resource unshares first, or DeleteImage would fail with ResourceInUseException.
  const { complete: deleted } = await env.run(deleteEvent(name, properties));
  expect(deleted.IsComplete).toBe(true);
  expect(env.appstream.requestsFor('DeleteImagePermissions').map(r => r.body.SharedAccountId)).toEqual(['222222222222', '111111111111']);
  expect(env.appstream.requestsFor('DeleteImage').map(r => r.status)).toEqual([200]);
  expect(env.appstream.image(name)).toBeUndefined();
});
