/**
 * A write the `ledger` CLI makes to the ledger file of a running service (a user, a token)
 * reaches the service's read models without the service writing anything itself: it used to
 * wait for the service's next own commit, and a read asking for the CLI's position got 503.
 */
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
});
