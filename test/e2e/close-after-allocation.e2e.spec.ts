/**
 * A closing may not be dated before the latest decision to fund the investment, and it reads
 * the allocations to know that decision. An allocation is recorded on its fund's stream, which
 * the closing does not append to: one committed after the closing read the allocations, and
 * before the closing's append, went unseen, and the history read a closed investment taking
 * money decided after its closing day. The closing now holds only if no fund's stream has
 * moved since it was read (AppendOptions.unchanged), so it is decided again with the
 * allocation and refused. Here the allocation is committed right after the closing's read of
 * the allocations (the one seam: InvestmentQueries.recordedSince of the running app, wrapped
 * for that one call).
 */
import { InvestmentController } from '../../src/investment/investment.controller';
import { InvestmentQueries } from '../../src/investment/investment.queries';
import { aDocumentedInvestmentOverHttp, aReleasedFundOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('a closing raced by an allocation decided after its day', () => {
  let t: TestApp;
  const now = new Date('2017-06-01T09:00:00.000Z');
  const finance = () => t.as('fia', 'finance');
  const allocate = (allocationId: string, decidedOn: string) =>
    finance().post('/api/funds/orebro/allocations', {
      allocationId,
      investmentId: 'e-arkiv',
      trancheId: 't1',
      amount: '1000000.00',
      decidedOn,
      decisionRef: `Ks ${allocationId}`,
      caseVersion: 1,
    });

  let closing: { status: number; body: Json };
  let late: { status: number; body: Json };
  let reads = 0;

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
    await allocate('a1', '2017-02-01').expect(201);

    // The controller's own (the reports module has another).
    const queries = (t.app.get(InvestmentController) as unknown as { queries: InvestmentQueries })
      .queries;
    const recordedSince = queries.recordedSince.bind(queries);
    let armed = true;
    queries.recordedSince = async (...args: Parameters<InvestmentQueries['recordedSince']>) => {
      const read = await recordedSince(...args);
      reads++;
      if (armed) {
        armed = false;
        const res = await allocate('a2', '2017-05-01');
        late = { status: res.status, body: res.body as Json };
      }
      return read;
    };
    try {
      const res = await finance().post('/api/investments/e-arkiv/close', {
        closedOn: '2017-04-01',
        reason: 'Stopped',
      });
      closing = { status: res.status, body: res.body as Json };
    } finally {
      queries.recordedSince = recordedSince;
    }
  });
  afterAll(async () => t.close());

  it('records the allocation that came in between', () => {
    expect(late.status).toBe(201);
  });

  it('decides the closing again with it, and refuses it naming the later decision', () => {
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(closing.status).toBe(409);
    expect(closing.body.code).toBe('DATE_OUTSIDE_INVESTMENT_LIFE');
    expect(closing.body.earliest).toBe('2017-05-01');
  });

  it('leaves the investment open, with both allocations', async () => {
    const view = (await t.as('revisor', 'auditor').get('/api/investments/e-arkiv').expect(200))
      .body as Json;
    expect(view.stage).not.toBe('closed');
    expect(view.allocations.map((a: Json) => a.decidedOn)).toEqual(['2017-02-01', '2017-05-01']);
  });

  it('takes a closing dated on that decision', async () => {
    await finance()
      .post('/api/investments/e-arkiv/close', { closedOn: '2017-05-01', reason: 'Stopped' })
      .expect(201);
  });
});
