/**
 * A race of honest requests: 200 concurrent allocations of 1 000 000.00 against a tranche
 * with room for 120. Exactly 120 succeed, 80 get TRANCHE_INSUFFICIENT_FUNDS, nothing else.
 */
import { collect } from '../../src/event-store/event-store';
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';

const REQUESTS = 200;
const ROOM = 120;

describe('concurrent allocations over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    // One client opens all 200 connections at once: past the per-address cap (100 by default)
    // the later ones would get 503 TOO_MANY_CONNECTIONS while the earlier are still answered
    // (on EventStoreDB, whose appends go one at a time, they are held longer). The race, not
    // the cap, is what this spec is about.
    t = await startTestApp({
      env: { LEDGER_MAX_CONNECTIONS_PER_CLIENT: String(REQUESTS + 10) },
    });
  });
  afterAll(async () => t.close());

  it('never overdraws a tranche and never answers 5xx', async () => {
    const finance = t.as('fia', 'finance');
    await finance
      .post('/api/funds', {
        fundId: 'race',
        name: 'Race fund',
        currency: 'SEK',
        decisionRef: 'Ks 1',
        tranches: [{ trancheId: 't1', name: 'T1', amount: '120000000.00' }],
      })
      .expect(201);
    for (let i = 0; i < 7; i++) await aDocumentedInvestmentOverHttp(t, `inv-${i}`);
    await finance
      .post('/api/funds/race/tranches/t1/release', {
        releasedOn: '2017-01-01',
        decisionRef: 'Ks 2',
      })
      .expect(201);

    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        finance.post('/api/funds/race/allocations', {
          allocationId: `a-${i}`,
          investmentId: `inv-${i % 7}`,
          trancheId: 't1',
          amount: '1000000.00',
          decidedOn: '2017-02-01',
          decisionRef: `Ks 2017/${i}`,
          caseVersion: 1,
        }),
      ),
    );
    const byOutcome = new Map<string, number>();
    for (const res of responses) {
      const key = res.status === 201 ? '201' : `${res.status} ${res.body.code}`;
      byOutcome.set(key, (byOutcome.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(byOutcome)).toEqual({
      '201': ROOM,
      '409 TRANCHE_INSUFFICIENT_FUNDS': REQUESTS - ROOM,
    });

    const fund = await finance.get('/api/funds/race').expect(200);
    expect(fund.body.tranches[0]).toMatchObject({ allocated: '120000000.00', available: '0.00' });
    const allocations = (await collect(t.store.readStream('fund-race'))).filter(
      (e) => e.type === 'FundsAllocated',
    );
    expect(allocations).toHaveLength(ROOM);
    // Every acknowledged allocation is in the stream exactly once.
    const acknowledged = responses
      .filter((r) => r.status === 201)
      .map((r) => r.body.id as string)
      .sort();
    expect(
      allocations.map((e) => (e.data as { allocationId: string }).allocationId).sort(),
    ).toEqual(acknowledged);
  });
});
