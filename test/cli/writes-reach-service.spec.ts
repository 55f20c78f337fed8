/**
 * A write the `ledger` CLI makes to the ledger file of a running service (a user, a token)
 * reaches the service's read models without the service writing anything itself: it used to
 * wait for the service's next own commit, and a read asking for the CLI's position got 503.
 * And the service's commands decide on it: a role the CLI granted is revoked when an admin
 * revokes it on the service (it was answered done with nothing recorded, on the service's
 * own older state of the users stream, and the CLI's finance token kept working).
 */
import request from 'supertest';
import { ledger } from './support/ledger-cli';
import { startTestApp, TestApp } from '../support/test-app';

describe('the CLI writing to a running service’s ledger', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('is read by the service at the CLI’s position', async () => {
    // The test client's own user and token first, so nothing the service records is left to come.
    await t.as('fia', 'finance').get('/api/funds').expect(200);
    const before = await t.store.headPosition();
    const run = await ledger(t.sqlitePath, 'users', 'add', 'cli-probe', '--role', 'auditor');
    expect(run).toMatchObject({ code: 0 });
    const head = await t.store.headPosition();
    expect(head).toBeGreaterThan(before);
    await t.as('fia', 'finance').get(`/api/funds?minPosition=${head}`).expect(200);
    const health = await t.anonymous().get('/health').expect(200);
    expect(health.body.readModels.position).toBe(String(head));
  });

  it('revokes a role the CLI granted', async () => {
    const admin = t.as('root.admin', 'admin');
    await admin
      .post('/api/users', { userId: 'bob', name: 'Bob', role: 'project-lead' })
      .expect(201);
    expect(await ledger(t.sqlitePath, 'users', 'grant', 'bob', '--role', 'finance')).toMatchObject({
      code: 0,
    });
    const token = await ledger(t.sqlitePath, 'tokens', 'create', 'bob', '--role', 'finance');
    expect(token).toMatchObject({ code: 0 });
    const asBob = () =>
      request(t.url).get('/api/me').set('Authorization', `Bearer ${token.stdout.trim()}`);
    await asBob().expect(200);

    const before = await t.store.headPosition();
    await admin
      .post('/api/users/bob/revocations', { role: 'finance', reason: 'Har lämnat ekonomi' })
      .expect(201);
    expect(await t.store.headPosition()).toBeGreaterThan(before);
    const users = (await admin.get('/api/users').expect(200)).body as {
      userId: string;
      roles: string[];
    }[];
    expect(users.find((u) => u.userId === 'bob')?.roles).toEqual(['project-lead']);
    await asBob().expect(401);
  });
});
