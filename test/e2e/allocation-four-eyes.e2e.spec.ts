/**
 * Four eyes on an allocation over real HTTP, the two histories a probe recorded before the rule:
 * (a) a person holding both the project-lead and the finance role documents the case of the
 * investment they lead, one that raises running costs, and as finance allocates to it on that
 * version with an override reference of their own words, approving it and fixing their version
 * as its baseline; (b) finance documents a version of someone else's case with a lower forecast
 * and allocates on it, approving its own version. The same adoption as a re-baseline is refused
 * (BASELINE_APPROVER_IS_AUTHOR, BASELINE_BY_RESPONSIBLE); as the approving allocation it now is
 * too (ALLOCATION_APPROVER_IS_AUTHOR, ALLOCATION_BY_RESPONSIBLE), nothing is recorded, and
 * someone in finance with no part in it decides instead.
 */
import { collect } from '../../src/event-store/event-store';
import {
  LINE_OWNER,
  PROJECT_LEAD,
  aBenefitCase,
  aFinancialLine,
  aRecurringCostLine,
} from '../support/investment.mothers';
import { aDocumentedInvestmentOverHttp, aReleasedFundOverHttp } from '../support/http-mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

/** Holds the project-lead role and, granted later, finance. */
const LEAD_IN_FINANCE = 'leif.ek';
const FINANCE = 'frida.ek';
const OTHER_FINANCE = 'fredrik.ahl';

/** Recurring costs of 700 000 a year against 600 000 of cash-releasing benefits, owned by Leif. */
const ownCostlyCase = aBenefitCase({
  costs: [
    aRecurringCostLine({
      forecast: ['2018', '2019', '2020'].map((period) => ({ period, amount: '700000.00' })),
    }),
  ],
  benefits: [aFinancialLine({ owner: LEAD_IN_FINANCE })],
});

/** E-arkiv's case as finance rewrote it: half the licences retired. */
const lowerForecast = aBenefitCase({
  benefits: [
    aFinancialLine({
      forecast: ['2018', '2019', '2020'].map((period) => ({ period, amount: '300000.00' })),
    }),
  ],
});

interface InvestmentView {
  readonly stage: string;
  readonly baselineCaseVersion: number | null;
}

describe('four eyes on an allocation over HTTP', () => {
  let t: TestApp;
  let now = new Date('2017-01-10T08:00:00.000Z');
  const at = (day: string): void => {
    now = new Date(`${day}T08:00:00.000Z`);
  };
  const as = (id: string, role: string) => t.as(id, role);
  const refused = (call: Parameters<typeof expectRefusal>[1], status: number, code: string) =>
    expectRefusal(t, call, status, code);
  const allocation = (investmentId: string, overrides: Record<string, unknown> = {}) => ({
    allocationId: `${investmentId}-t1`,
    investmentId,
    trancheId: 't1',
    amount: '3000000.00',
    decidedOn: '2017-03-15',
    decisionRef: 'Ks 301/2017',
    caseVersion: 1,
    ...overrides,
  });
  const investment = async (id: string): Promise<InvestmentView> =>
    (await as(OTHER_FINANCE, 'finance').get(`/api/investments/${id}`).expect(200)).body;
  const allocationsTo = async (investmentId: string): Promise<unknown[]> =>
    (await collect(t.store.readAll())).filter(
      (e) =>
        e.type === 'FundsAllocated' &&
        (e.data as { investmentId: string }).investmentId === investmentId,
    );

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(() => as(FINANCE, 'finance'));
    at('2017-02-01');
    // (a) Leif leads bygglov and documents its case himself, owning its line.
    await as(LEAD_IN_FINANCE, 'project-lead')
      .post('/api/investments', {
        investmentId: 'bygglov',
        title: 'E-tjänst för bygglov',
        department: 'Stadsbyggnad',
        projectLead: LEAD_IN_FINANCE,
        need: 'Ansökningar kommer på papper',
      })
      .expect(201);
    await as(LEAD_IN_FINANCE, 'project-lead')
      .put('/api/investments/bygglov/benefit-case', ownCostlyCase)
      .expect(200);
    // (b) Lena leads e-arkiv and documents version 1; Frida in finance writes version 2.
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
    await as(FINANCE, 'finance')
      .put('/api/investments/e-arkiv/benefit-case', lowerForecast)
      .expect(200);
    // Every caller's token exists before a refusal counts the events (a token is recorded).
    for (const [id, role] of [
      [LEAD_IN_FINANCE, 'finance'],
      [FINANCE, 'finance'],
      [OTHER_FINANCE, 'finance'],
      [LINE_OWNER, 'finance'],
      [PROJECT_LEAD, 'finance'],
    ]) {
      await t.tokenFor(id, role);
    }
    at('2017-03-20');
  });
  afterAll(async () => t.close());

  describe('(a) a project lead holding finance', () => {
    it('may not approve the version they wrote, even on an override reference of their own', async () => {
      const body = await refused(
        as(LEAD_IN_FINANCE, 'finance').post(
          '/api/funds/orebro/allocations',
          allocation('bygglov', { overrideRef: 'Ks 11/2017 (own words)' }),
        ),
        409,
        'ALLOCATION_APPROVER_IS_AUTHOR',
      );
      expect(body).toMatchObject({
        investmentId: 'bygglov',
        caseVersion: 1,
        author: LEAD_IN_FINANCE,
      });
      expect(await investment('bygglov')).toMatchObject({
        stage: 'proposed',
        baselineCaseVersion: null,
      });
      expect(await allocationsTo('bygglov')).toEqual([]);
    });

    it('may not allocate to their investment on a version someone else wrote either', async () => {
      at('2017-03-21');
      await as(OTHER_FINANCE, 'finance')
        .put('/api/investments/bygglov/benefit-case', { ...ownCostlyCase, assumptions: 'Granskad' })
        .expect(200);
      const body = await refused(
        as(LEAD_IN_FINANCE, 'finance').post(
          '/api/funds/orebro/allocations',
          allocation('bygglov', {
            caseVersion: 2,
            decidedOn: '2017-03-21',
            overrideRef: 'Ks 11/2017 (own words)',
          }),
        ),
        409,
        'ALLOCATION_BY_RESPONSIBLE',
      );
      expect(body).toMatchObject({
        investmentId: 'bygglov',
        responsible: LEAD_IN_FINANCE,
        as: 'project lead',
      });
      expect(await allocationsTo('bygglov')).toEqual([]);
    });

    it('is answered by finance with no part in it, on the board’s override', async () => {
      await as(FINANCE, 'finance')
        .post(
          '/api/funds/orebro/allocations',
          allocation('bygglov', {
            caseVersion: 2,
            decidedOn: '2017-03-21',
            overrideRef: 'Ks 12/2017 § 3',
          }),
        )
        .expect(201);
      expect(await investment('bygglov')).toMatchObject({
        stage: 'approved',
        baselineCaseVersion: 2,
      });
    });

    it('refuses the lead a later allocation too', async () => {
      await refused(
        as(LEAD_IN_FINANCE, 'finance').post(
          '/api/funds/orebro/allocations',
          allocation('bygglov', {
            allocationId: 'bygglov-t1-more',
            caseVersion: 2,
            decidedOn: '2017-03-21',
            overrideRef: 'Ks 12/2017 § 3',
          }),
        ),
        409,
        'ALLOCATION_BY_RESPONSIBLE',
      );
    });
  });

  describe('(b) finance that wrote a version of someone else’s case', () => {
    it('may not approve it by allocating on it', async () => {
      const body = await refused(
        as(FINANCE, 'finance').post(
          '/api/funds/orebro/allocations',
          allocation('e-arkiv', { caseVersion: 2 }),
        ),
        409,
        'ALLOCATION_APPROVER_IS_AUTHOR',
      );
      expect(body).toMatchObject({ investmentId: 'e-arkiv', caseVersion: 2, author: FINANCE });
      expect(await investment('e-arkiv')).toMatchObject({
        stage: 'proposed',
        baselineCaseVersion: null,
      });
      expect(await allocationsTo('e-arkiv')).toEqual([]);
    });

    it('nor may the case’s line owner or its lead, holding finance', async () => {
      await refused(
        as(LINE_OWNER, 'finance').post(
          '/api/funds/orebro/allocations',
          allocation('e-arkiv', { caseVersion: 2 }),
        ),
        409,
        'ALLOCATION_BY_RESPONSIBLE',
      );
      await refused(
        as(PROJECT_LEAD, 'finance').post(
          '/api/funds/orebro/allocations',
          allocation('e-arkiv', { caseVersion: 2 }),
        ),
        409,
        'ALLOCATION_BY_RESPONSIBLE',
      );
    });

    it('is approved by someone else in finance; its author may then allocate more', async () => {
      await as(OTHER_FINANCE, 'finance')
        .post('/api/funds/orebro/allocations', allocation('e-arkiv', { caseVersion: 2 }))
        .expect(201);
      expect(await investment('e-arkiv')).toMatchObject({
        stage: 'approved',
        baselineCaseVersion: 2,
      });
      await as(FINANCE, 'finance')
        .post(
          '/api/funds/orebro/allocations',
          allocation('e-arkiv', {
            allocationId: 'e-arkiv-t1-more',
            caseVersion: 2,
            amount: '500000.00',
          }),
        )
        .expect(201);
      expect(await allocationsTo('e-arkiv')).toHaveLength(2);
    });
  });
});
