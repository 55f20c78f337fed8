/**
 * A board report never vouches for a broken chain: on a ledger file changed behind the
 * service's back, the report (JSON, XLSX and PDF alike) is a 409 LEDGER_BROKEN, as
 * GET /api/audit/digest is, never a report that calls the ledger empty.
 */
import { changeOneByte } from '../audit/support/ledger-file';
import { testStoreKind } from '../support/esdb-test-store';
import { startTestApp, TestApp } from '../support/test-app';
import { FUND } from './support/worked-example';

// The tampering is plain SQL on the SQLite file; the EventStoreDB adapters have no such file.
const onSqlite = testStoreKind() === 'sqlite' ? describe : describe.skip;

onSqlite('board report on a tampered ledger', () => {
  let t: TestApp;
  const auditor = () => t.as('revisor', 'auditor');

  beforeAll(async () => {
    t = await startTestApp();
    await t.as('fia', 'finance').post('/api/funds', FUND).expect(201);
    await auditor().get('/api/funds/orebro').expect(200);
  });
  afterAll(async () => t.close());

  it('gives the digest on the untouched ledger, and 409 LEDGER_BROKEN once an event is changed', async () => {
    const before = await auditor().get('/api/reports/board?fundId=orebro').expect(200);
    expect(before.body.ledger.digest).toMatch(/^v1:global:/);
    const head = Number(before.body.ledger.position);
    expect(head).toBeGreaterThan(1);

    changeOneByte(t.sqlitePath, head);

    const digest = await auditor().get('/api/audit/digest');
    expect({ status: digest.status, code: digest.body.code }).toEqual({
      status: 409,
      code: 'LEDGER_BROKEN',
    });
    for (const format of ['json', 'xlsx', 'pdf']) {
      const res = await auditor().get(`/api/reports/board?fundId=orebro&format=${format}`);
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
        status: 409,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(res.body).toMatchObject({
        code: 'LEDGER_BROKEN',
        firstBrokenPosition: String(head),
      });
    }
  });
});
