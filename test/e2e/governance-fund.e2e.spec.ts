/**
 * The fund's governance rules over HTTP (issue 15), on a clock that walks through 2017–2019:
 * the baseline is the case version the decision named, a case that raises running costs needs
 * the board's override, decision dates are Stockholm days neither after their recording nor
 * before the release, available money is what can be allocated today, spend stays where it
 * was put, a reduction never goes below it, and reductions are idempotent by their id.
 */
import { aBenefitCase, aRecurringCostLine, OTHER_OWNER } from '../support/investment.mothers';
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { eventCount, expectRefusal as refusal, startTestApp, TestApp } from '../support/test-app';
import { collect } from '../../src/event-store/event-store';

const FUND = {
  fundId: 'orebro',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    { trancheId: 't1', name: 'Etapp 1', amount: '120000000.00', allocatableFrom: '2016-12-31' },
    {
      trancheId: 't2',
      name: 'Etapp 2',
      amount: '80000000.00',
      allocatableFrom: '2018-01-01',
      allocatableUntil: '2018-12-31',
    },
  ],
};

/** New recurring costs of 700 000 a year against 600 000 of cash-releasing benefits. */
const costlyCase = aBenefitCase({
  costs: [
    aRecurringCostLine({
      forecast: ['2018', '2019', '2020'].map((period) => ({ period, amount: '700000.00' })),
    }),
  ],
});

interface Tranche {
  trancheId: string;
  allocatableFrom: string | null;
  allocatableUntil: string | null;
  available: string;
  availableNow: string;
  expected: string;
  lapsed: string;
  closed: string;
  spent: string;
}

describe('fund governance over HTTP', () => {
  let t: TestApp;
  let now = new Date('2017-01-10T08:00:00.000Z');
  const at = (iso: string): void => {
    now = new Date(iso);
  };
  const finance = () => t.as('frida.ek', 'finance');
  const expectRefusal = (call: Parameters<typeof refusal>[1], status: number, code: string) =>
    refusal(t, call, status, code);
  const allocation = (overrides: Record<string, unknown> = {}) => ({
    allocationId: 'a1',
    investmentId: 'e-arkiv',
    trancheId: 't1',
    amount: '4500000.00',
    decidedOn: '2017-03-15',
    decisionRef: 'Ks 301/2017',
    caseVersion: 1,
    ...overrides,
  });
  const allocate = (overrides: Record<string, unknown> = {}) =>
    finance().post('/api/funds/orebro/allocations', allocation(overrides));
  const fund = async (query = ''): Promise<{ tranches: Tranche[]; [key: string]: unknown }> =>
    (await finance().get(`/api/funds/orebro${query}`).expect(200)).body;

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
    await aDocumentedInvestmentOverHttp(t, 'bygglov', OTHER_OWNER);
    await t
      .as(OTHER_OWNER, 'project-lead')
      .put('/api/investments/bygglov/benefit-case', costlyCase)
      .expect(200);
    // Version 2 of the e-arkiv case comes after the board's decision of 2017-03-15.
    at('2017-03-20T08:00:00.000Z');
    await t
      .as('lena.lind', 'project-lead')
      .put('/api/investments/e-arkiv/benefit-case', aBenefitCase({ assumptions: 'Reviderad' }))
      .expect(200);
  });
  afterAll(async () => t.close());

  describe('baseline', () => {
    it('refuses a version that does not exist, naming the versions with their days', async () => {
      at('2017-03-22T08:00:00.000Z');
      const body = await expectRefusal(allocate({ caseVersion: 3 }), 409, 'CASE_VERSION_MISMATCH');
      expect(body.versions).toEqual([
        { version: 1, documentedOn: '2017-02-01' },
        { version: 2, documentedOn: '2017-03-20' },
      ]);
    });

    it('refuses a version documented after the decision while another was in hand', async () => {
      const body = await expectRefusal(allocate({ caseVersion: 2 }), 409, 'CASE_VERSION_MISMATCH');
      expect(body).toMatchObject({ caseVersion: 2, inForceOnDecision: 1 });
    });

    it('takes the named version as the baseline, not the current one', async () => {
      await allocate().expect(201);
      const investment = (await finance().get('/api/investments/e-arkiv').expect(200)).body;
      expect(investment).toMatchObject({ stage: 'approved', baselineCaseVersion: 1 });
      const events = await collect(t.store.readAll());
      const allocated = events.find((e) => e.type === 'FundsAllocated');
      expect(allocated?.data).toMatchObject({
        benefitCaseVersion: 1,
        runningCostEffect: '1200000.00',
      });
    });
  });

  describe('running-cost effect', () => {
    it('refuses a case that raises running costs, with the effect', async () => {
      const body = await expectRefusal(
        allocate({ allocationId: 'b1', investmentId: 'bygglov', caseVersion: 2 }),
        409,
        'NEGATIVE_RUNNING_COST_EFFECT',
      );
      expect(body).toMatchObject({ caseVersion: 2, runningCostEffect: '-300000.00' });
    });

    it("accepts it on the board's override, which the fund lists", async () => {
      await allocate({
        allocationId: 'b1',
        investmentId: 'bygglov',
        caseVersion: 2,
        amount: '1000000.00',
        overrideRef: 'Ks 301/2017 § 4',
      }).expect(201);
      expect((await fund()).overriddenAllocations).toEqual([
        expect.objectContaining({
          allocationId: 'b1',
          investmentId: 'bygglov',
          overrideRef: 'Ks 301/2017 § 4',
          caseVersion: 2,
          runningCostEffect: '-300000.00',
        }),
      ]);
    });
  });

  describe('decision dates', () => {
    it('refuses a decision after the Stockholm day it is recorded on', async () => {
      await expectRefusal(
        allocate({ allocationId: 'a-future', decidedOn: '2017-03-23' }),
        409,
        'DECISION_DATE_IN_FUTURE',
      );
    });

    it('counts Stockholm days: 23:30 UTC is already the next day in Örebro', async () => {
      at('2017-03-22T23:30:00.000Z');
      await allocate({
        allocationId: 'a-midnight',
        decidedOn: '2017-03-23',
        amount: '1.00',
        // Version 2 was documented on 2017-03-20, before this decision: version 1 is superseded.
        caseVersion: 2,
      }).expect(201);
    });

    it('refuses a decision dated before the tranche was released', async () => {
      at('2018-01-15T08:00:00.000Z');
      await finance()
        .post('/api/funds/orebro/tranches/t2/release', {
          releasedOn: '2018-01-15',
          decisionRef: 'Ks 12/2018',
        })
        .expect(201);
      const body = await expectRefusal(
        allocate({ allocationId: 'a-t2-early', trancheId: 't2', decidedOn: '2018-01-10' }),
        409,
        'DECIDED_BEFORE_RELEASE',
      );
      expect(body).toMatchObject({ releasedOn: '2018-01-15', decidedOn: '2018-01-10' });
    });
  });

  describe('money', () => {
    it('shows windows and what can be allocated on the day asked about', async () => {
      const asOf2017 = await fund('?asOf=2017-06-01T00:00:00.000Z');
      const [t1In2017, t2In2017] = asOf2017.tranches;
      expect(t2In2017).toMatchObject({
        allocatableFrom: '2018-01-01',
        allocatableUntil: '2018-12-31',
        available: '0.00',
        availableNow: '0.00',
        expected: '80000000.00',
      });
      expect(t1In2017).toMatchObject({ allocatableFrom: '2016-12-31', allocatableUntil: null });
      expect(t1In2017.available).toBe(t1In2017.availableNow);
      expect(t2In2017.available).not.toBe(t2In2017.expected);
    });

    it('keeps spend where it was put when a later allocation from another tranche arrives; as-of answers agree', async () => {
      at('2018-06-04T08:00:00.000Z');
      await finance()
        .post('/api/investments/e-arkiv/costs', {
          costId: 'c1',
          amount: '3000000.00',
          incurredOn: '2018-05-31',
          reference: 'Faktura 1',
        })
        .expect(201);
      const afterCost = new Date(now.getTime() + 1000).toISOString();
      at('2018-06-05T08:00:00.000Z');
      await allocate({
        allocationId: 'a2',
        trancheId: 't2',
        decidedOn: '2018-06-05',
        amount: '2000000.00',
        caseVersion: 2,
      }).expect(201);
      const spentNow = (await fund()).tranches.map((x) => x.spent);
      const spentThen = (await fund(`?asOf=${afterCost}`)).tranches.map((x) => x.spent);
      expect(spentNow).toEqual(['3000000.00', '0.00']);
      expect(spentThen).toEqual(spentNow);
    });

    it('counts money whose window has closed as lapsed, never as available', async () => {
      at('2019-02-01T08:00:00.000Z');
      const in2019 = await fund();
      expect(in2019.tranches[1]).toMatchObject({
        available: '0.00',
        expected: '0.00',
        lapsed: '78000000.00',
      });
      expect(in2019.totals).toMatchObject({
        available: in2019.tranches[0].availableNow,
        lapsed: '78000000.00',
      });
    });

    it('refuses a reduction below what was spent, with spent in the answer', async () => {
      const body = await expectRefusal(
        finance().post('/api/funds/orebro/allocations/a1/reductions', {
          reductionId: 'r1',
          amount: '2000000.00',
          decidedOn: '2019-02-01',
          decisionRef: 'Ks 90/2019',
          reason: 'Billigare',
        }),
        409,
        'REDUCTION_BELOW_SPENT',
      );
      expect(body).toMatchObject({ spent: '3000000.00', largestReduction: '1500000.00' });
    });
  });

  it('documents the new fields in OpenAPI', async () => {
    const schemas = (await t.anonymous().get('/docs-json').expect(200)).body.components.schemas;
    expect(schemas.AllocateFundsDto.required).toEqual(expect.arrayContaining(['caseVersion']));
    expect(Object.keys(schemas.AllocateFundsDto.properties)).toEqual(
      expect.arrayContaining(['caseVersion', 'overrideRef']),
    );
    expect(Object.keys(schemas.ReduceAllocationDto.properties)).toContain('reductionId');
    // A re-baseline onto a case that raises running costs carries the board's override too.
    expect(Object.keys(schemas.ReviseBaselineDto.properties)).toContain('overrideRef');
    expect(schemas.ReviseBaselineDto.required ?? []).not.toContain('overrideRef');
  });

  describe('reductions are idempotent by their id', () => {
    const reduction = {
      reductionId: 'r1',
      amount: '1500000.00',
      decidedOn: '2019-02-01',
      decisionRef: 'Ks 90/2019',
      reason: 'Billigare',
    };
    const reduce = (body: Record<string, unknown>) =>
      finance().post('/api/funds/orebro/allocations/a1/reductions', body);

    it('answers a retry with the first answer and appends nothing; another body under the id is a 409', async () => {
      const first = await reduce(reduction).expect(201);
      expect(first.body.id).toBe('r1');
      const before = await eventCount(t.store);
      const again = await reduce(reduction).expect(201);
      expect(again.body).toEqual(first.body);
      expect(await eventCount(t.store)).toBe(before);
      await expectRefusal(
        reduce({ ...reduction, amount: '1.00' }),
        409,
        'REDUCTION_ALREADY_EXISTS',
      );
    });

    it('needs the id unless the request carries an Idempotency-Key', async () => {
      const { reductionId: _id, ...withoutId } = reduction;
      const body = await expectRefusal(reduce(withoutId), 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([
        { path: 'reductionId', message: expect.stringContaining('Idempotency-Key') },
      ]);
    });
  });
});
