/**
 * GET /api/investments/{id}/history over real HTTP: the investment's own events and the
 * fund's allocations and reductions for it (and none for others), in recorded order, each
 * with the state right after it; from/to by recorded time.
 */
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';

const FUND = {
  fundId: 'orebro',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    { trancheId: 't1', name: 'Etapp 1', amount: '120000000.00', allocatableFrom: '2016-12-31' },
  ],
};

interface Entry {
  position: string;
  type: string;
  recordedAt: string;
  actor: { id: string; role: string };
  reason: string | null;
  decisionRef: string | null;
  hash: string;
  data: Record<string, unknown>;
  summary: string;
  stateAfter: {
    stage: string | null;
    allocated: string;
    spent: string;
    counts: { allocations: number; costs: number; effectReports: number; harvests: number };
    changed: ({ kind: string } & Record<string, unknown>) | null;
  };
}

interface Page {
  events: Entry[];
  limit: number;
  next: string | null;
  stateAtEnd: { stage: string; allocated: string; allocations: { allocationId: string }[] } | null;
}

describe('investment history over HTTP', () => {
  let t: TestApp;
  let now = new Date('2017-01-10T08:00:00.000Z');
  const at = (iso: string): void => {
    now = new Date(iso);
  };
  const finance = () => t.as('frida.ek', 'finance');
  const auditor = () => t.as('eva.granskare', 'auditor');
  const allocate = (allocationId: string, investmentId: string, amount: string) =>
    finance()
      .post('/api/funds/orebro/allocations', {
        allocationId,
        investmentId,
        trancheId: 't1',
        amount,
        decidedOn: '2017-03-15',
        decisionRef: `Ks 2017/${allocationId}`,
        caseVersion: 1,
      })
      .expect(201);

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await finance().post('/api/funds', FUND).expect(201);
    await finance()
      .post('/api/funds/orebro/tranches/t1/release', {
        releasedOn: '2016-12-31',
        decisionRef: 'Ks 1490/2016',
      })
      .expect(201);
    at('2017-02-01T08:00:00.000Z');
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
    await aDocumentedInvestmentOverHttp(t, 'bygglov', 'omar.said');
    at('2017-03-15T08:00:00.000Z');
    await allocate('a1', 'e-arkiv', '4500000.00');
    await allocate('a2', 'bygglov', '2000000.00');
    at('2017-06-01T08:00:00.000Z');
    await finance()
      .post('/api/funds/orebro/allocations/a1/reductions', {
        reductionId: 'r1',
        amount: '500000.00',
        decidedOn: '2017-06-01',
        decisionRef: 'Ks 2017/400',
        reason: 'Upphandlingen blev billigare',
      })
      .expect(201);
    at('2017-07-01T08:00:00.000Z');
    await finance()
      .post('/api/investments/e-arkiv/costs', {
        costId: 'c1',
        costLineId: 'licence-and-setup',
        amount: '750000.00',
        incurredOn: '2017-06-30',
        reference: 'Faktura 2017-0412',
      })
      .expect(201);
  });
  afterAll(async () => t.close());

  const history = async (query = ''): Promise<Entry[]> => {
    const res = await auditor().get(`/api/investments/e-arkiv/history${query}`).expect(200);
    return res.body.events as Entry[];
  };

  it('lists the investment and its allocations in recorded order, with the state after each', async () => {
    const events = await history();
    expect(
      events.map((e) => [e.type, e.stateAfter.stage, e.stateAfter.allocated, e.stateAfter.spent]),
    ).toEqual([
      ['InvestmentProposed', 'proposed', '0.00', '0.00'],
      ['BenefitCaseDocumented', 'proposed', '0.00', '0.00'],
      ['FundsAllocated', 'proposed', '4500000.00', '0.00'],
      ['InvestmentApproved', 'approved', '4500000.00', '0.00'],
      ['AllocationReduced', 'approved', '4000000.00', '0.00'],
      ['CostRecorded', 'approved', '4000000.00', '750000.00'],
    ]);
    const positions = events.map((e) => BigInt(e.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });

  it('holds no allocation for another investment', async () => {
    const events = await history();
    const allocationIds = events
      .filter((e) => e.type === 'FundsAllocated')
      .map((e) => e.data.allocationId);
    expect(allocationIds).toEqual(['a1']);
    const changedAllocations = events
      .map((e) => e.stateAfter.changed)
      .filter((changed) => changed?.kind === 'allocation');
    expect(changedAllocations.map((a) => a?.allocationId)).toEqual(['a1', 'a1']);
    const whole = (await auditor().get('/api/investments/e-arkiv/history').expect(200))
      .body as Page;
    expect(whole.stateAtEnd?.allocations.map((a) => a.allocationId)).toEqual(['a1']);
    const other = (await auditor().get('/api/investments/bygglov/history').expect(200)).body
      .events as Entry[];
    expect(
      other.filter((e) => e.type === 'FundsAllocated').map((e) => e.data.allocationId),
    ).toEqual(['a2']);
    expect(other.at(-1)?.stateAfter.allocated).toBe('2000000.00');
  });

  it('gives a compact state after each event, with what it changed, and the whole state once', async () => {
    const events = await history();
    const reduction = events.find((e) => e.type === 'AllocationReduced');
    expect(reduction?.stateAfter).toMatchObject({
      counts: { allocations: 1, costs: 0, effectReports: 0, harvests: 0 },
      changed: {
        kind: 'allocation',
        allocationId: 'a1',
        amount: '4500000.00',
        reduced: '500000.00',
      },
    });
    expect(events.find((e) => e.type === 'CostRecorded')?.stateAfter).toMatchObject({
      counts: { allocations: 1, costs: 1 },
      changed: { kind: 'cost', costId: 'c1', amount: '750000.00' },
    });
    expect(events.find((e) => e.type === 'InvestmentApproved')?.stateAfter.changed).toBeNull();
    const page = (await auditor().get('/api/investments/e-arkiv/history').expect(200)).body as Page;
    expect(page.stateAtEnd).toMatchObject({ stage: 'approved', allocated: '4000000.00' });
    expect(page.next).toBeNull();
  });

  it('pages with limit and the next cursor, every event once, states still whole', async () => {
    const all = await history();
    const seen: Entry[] = [];
    let query = '?limit=4';
    for (;;) {
      const page = (await auditor().get(`/api/investments/e-arkiv/history${query}`).expect(200))
        .body as Page;
      expect(page.events.length).toBeLessThanOrEqual(4);
      seen.push(...page.events);
      if (page.next === null) break;
      expect(page.next).toBe(page.events.at(-1)?.position);
      query = `?limit=4&after=${page.next}`;
    }
    expect(seen).toEqual(all);
    const second = (
      await auditor().get(`/api/investments/e-arkiv/history?limit=4&after=${all[3].position}`)
    ).body as Page;
    expect(second.stateAtEnd).toMatchObject({ stage: 'approved', allocated: '4000000.00' });
    const bad = await auditor().get('/api/investments/e-arkiv/history?limit=0').expect(400);
    expect(bad.body.errors).toEqual([{ path: 'limit', message: expect.any(String) }]);
    await auditor().get('/api/investments/e-arkiv/history?after=-1').expect(400);
  });

  it('says who, when, why and the hash of every event', async () => {
    const events = await history();
    const reduction = events.find((e) => e.type === 'AllocationReduced');
    expect(reduction).toMatchObject({
      actor: { id: 'frida.ek', role: 'finance' },
      recordedAt: '2017-06-01T08:00:00.000Z',
      reason: 'Upphandlingen blev billigare',
      decisionRef: 'Ks 2017/400',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(reduction?.summary).toContain('500 000.00 SEK');
  });

  it('shows a time range, with states that still count what came before it', async () => {
    const events = await history('?from=2017-06-01&to=2017-06-30');
    expect(events.map((e) => [e.type, e.stateAfter.allocated])).toEqual([
      ['AllocationReduced', '4000000.00'],
    ]);
    const early = await history('?to=2017-03-14');
    expect(early.map((e) => e.type)).toEqual(['InvestmentProposed', 'BenefitCaseDocumented']);
  });

  it('refuses bad ranges and unknown investments as problem+json', async () => {
    const bad = await auditor().get('/api/investments/e-arkiv/history?from=yesterday').expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors).toEqual([{ path: 'from', message: expect.any(String) }]);
    const inverted = await auditor()
      .get('/api/investments/e-arkiv/history?from=2018-01-01&to=2017-01-01')
      .expect(400);
    expect(inverted.body.errors[0].path).toBe('from');
    const missing = await auditor().get('/api/investments/nothing-here/history').expect(404);
    expect(missing.body.code).toBe('INVESTMENT_NOT_FOUND');
    await auditor().get('/api/investments/e-arkiv/history?to=2016-01-01').expect(404);
    await t.anonymous().get('/api/investments/e-arkiv/history').expect(401);
  });
});
