/**
 * Four eyes on rights: an administrator cannot grant themselves a role (an admin who could
 * give themselves finance could allocate money no one else decided they may); another
 * administrator can. Nor can they add themselves with a role. Nothing is recorded on a refusal.
 */
import { startTestApp, TestApp } from '../support/test-app';

describe('an administrator granting themselves a role', () => {
  let t: TestApp;
  const usersEvents = async (): Promise<number> =>
    (
      (await t.as('eva.granskare', 'auditor').get('/api/events?limit=1000').expect(200)).body
        .events as { streamId: string; type: string }[]
    ).filter((e) => e.type === 'RoleGranted').length;

  beforeAll(async () => {
    t = await startTestApp();
    // Both administrators known to the register before the counting starts.
    await t.as('adam.admin', 'admin').get('/api/users').expect(200);
    await t.as('beda.admin', 'admin').get('/api/users').expect(200);
  });
  afterAll(async () => t.close());

  it('is refused with 409 OWN_GRANT, recording nothing', async () => {
    const before = await usersEvents();
    const res = await t
      .as('adam.admin', 'admin')
      .post('/api/users/adam.admin/grants', { role: 'finance' })
      .expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('OWN_GRANT');
    expect(await usersEvents()).toBe(before);
  });

  it('nor adds themself with a role (409 OWN_GRANT), recording nothing', async () => {
    // What an administrator by the identity provider's claim, not yet in the register, would
    // send to take a role the register then holds for them.
    const before = await usersEvents();
    const res = await t
      .as('adam.admin', 'admin')
      .post('/api/users', { userId: 'adam.admin', name: 'Adam Admin', role: 'finance' })
      .expect(409);
    expect(res.body.code).toBe('OWN_GRANT');
    expect(await usersEvents()).toBe(before);
  });

  it('is granted by another administrator', async () => {
    const before = await usersEvents();
    await t
      .as('beda.admin', 'admin')
      .post('/api/users/adam.admin/grants', { role: 'finance', reason: 'Ny roll, Ks 2026/12' })
      .expect(201);
    expect(await usersEvents()).toBe(before + 1);
  });
});
