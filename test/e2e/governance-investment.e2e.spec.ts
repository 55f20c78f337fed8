/**
 * Issue 15's investment rules over real HTTP, one test per group: the baseline and its
 * revision, obligations that survive a revised case and their waiver, a case that is a
 * calculation with known owners, harvests within what was realised, corrections and
 * reversals of costs and harvests, and dates within the investment's life. The service's
 * clock follows the story, so every business date is judged against the day it is recorded.
 */
import {
  FINANCIAL_LINE,
  PROJECT_LEAD,
  QUALITATIVE_LINE,
  aBenefitCase,
  aFinancialLine,
  aOneOffCostLine,
  aQualitativeLine,
  aRecurringCostLine,
  aRedistributableLine,
} from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

interface OverdueItem {
  readonly investmentId: string;
  readonly benefitLineId: string;
  readonly period: string;
  readonly forecast: string | null;
}
interface OverdueMark extends OverdueItem {
  readonly reportedBeforeEnd: boolean;
}
interface Waived {
  readonly investmentId: string;
  readonly benefitLineId: string;
  readonly period: string;
  readonly reason: string;
  readonly waivedBy: string;
}

/** The case without the financial line's 2020: what a lead might document to drop an overdue year. */
const withoutLastYear = aBenefitCase({
  benefits: [
    aFinancialLine({
      forecast: [
        { period: '2018', amount: '600000.00' },
        { period: '2019', amount: '600000.00' },
      ],
    }),
    aRedistributableLine(),
    aQualitativeLine(),
  ],
});

// A saving and a dis-benefit, each within 10 % of its forecast: 0.92 and 0.9125. Together
// 50 000 of the 200 000 forecast, 0.25: the investment is in deviation, no line is.
const togetherCase = aBenefitCase({
  horizonYears: 2,
  costs: [aOneOffCostLine()],
  benefits: [
    aFinancialLine({ forecast: [{ period: '2018', amount: '1000000.00' }] }),
    aFinancialLine({
      benefitLineId: 'support-cost',
      description: 'Ökad support för det nya systemet',
      forecast: [{ period: '2018', amount: '-800000.00' }],
    }),
  ],
});

describe('investment governance over HTTP (issue 15)', () => {
  let t: TestApp;
  let now = new Date('2017-01-09T09:00:00Z');
  const on = (day: string): void => {
    now = new Date(`${day}T09:00:00Z`);
  };
  const finance = (id = 'fia') => t.as(id, 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const auditor = () => t.as('revisor', 'auditor');
  const refused = (call: Parameters<typeof expectRefusal>[1], status: number, code: string) =>
    expectRefusal(t, call, status, code);

  /** Proposed on today's clock and documented with `benefitCase` (version 1). */
  const propose = async (investmentId: string, benefitCase = aBenefitCase()): Promise<void> => {
    await lead()
      .post('/api/investments', {
        investmentId,
        title: `Investering ${investmentId}`,
        department: 'KLF',
        projectLead: PROJECT_LEAD,
        need: 'Pappersarkiv',
      })
      .expect(201);
    await lead().put(`/api/investments/${investmentId}/benefit-case`, benefitCase).expect(200);
  };

  const allocate = (investmentId: string, caseVersion: number, decidedOn: string) =>
    finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: `alloc-${investmentId}`,
        investmentId,
        trancheId: 't1',
        amount: '2000000.00',
        decidedOn,
        decisionRef: `Ks 2017/${investmentId}`,
        caseVersion,
      })
      .expect(201);

  const investment = async (id: string) =>
    (await auditor().get(`/api/investments/${id}`).expect(200)).body;
  const historyTypes = async (id: string): Promise<string[]> =>
    (await auditor().get(`/api/investments/${id}/history`).expect(200)).body.events.map(
      (e: { type: string }) => e.type,
    );

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
    on('2017-01-10');
    for (const id of [
      'baseline',
      'dates',
      'late-fund',
      'cases',
      'corrections',
      'harvests',
      'follow-up',
      'rejudged',
      'early',
    ]) {
      await propose(id);
    }
    await propose('together', togetherCase);
  });
  afterAll(async () => t.close());

  it('keeps the version the decision was taken on as the baseline; re-baselining is finance’s own decision', async () => {
    on('2017-02-15');
    await lead().put('/api/investments/baseline/benefit-case', withoutLastYear).expect(200);
    on('2017-02-20');
    // Decided on 2017-02-01, before version 2 existed: the decision was taken on version 1.
    await allocate('baseline', 1, '2017-02-01');
    expect(await investment('baseline')).toMatchObject({
      stage: 'approved',
      baselineCaseVersion: 1,
      currentCaseVersion: 2,
    });

    const revision = { caseVersion: 2, reason: 'Ny kalkyl godkänd', decisionRef: 'Ks 2017/88' };
    await refused(
      lead().post('/api/investments/baseline/baseline-revisions', revision),
      403,
      'FORBIDDEN',
    );
    await finance().post('/api/investments/baseline/baseline-revisions', revision).expect(201);
    const revised = await investment('baseline');
    expect(revised.baselineCaseVersion).toBe(2);
    expect(revised.baselineRevisions).toEqual([
      {
        investmentId: 'baseline',
        caseVersion: 2,
        previousCaseVersion: 1,
        reason: 'Ny kalkyl godkänd',
        decisionRef: 'Ks 2017/88',
        approvedBy: 'fia',
      },
    ]);

    // A version finance wrote itself needs another approver.
    await finance()
      .put('/api/investments/baseline/benefit-case', aBenefitCase({ horizonYears: 5 }))
      .expect(200);
    const third = { caseVersion: 3, reason: 'Förlängd horisont', decisionRef: 'Ks 2017/99' };
    const error = await refused(
      finance().post('/api/investments/baseline/baseline-revisions', third),
      409,
      'BASELINE_APPROVER_IS_AUTHOR',
    );
    expect(error).toMatchObject({ caseVersion: 3, author: 'fia' });
    await refused(
      finance('kim').post('/api/investments/baseline/baseline-revisions', {
        ...third,
        caseVersion: 2,
      }),
      409,
      'BASELINE_VERSION_NOT_CURRENT',
    );
    await finance('kim').post('/api/investments/baseline/baseline-revisions', third).expect(201);
    expect((await investment('baseline')).baselineCaseVersion).toBe(3);
    expect((await historyTypes('baseline')).filter((x) => x === 'BaselineRevised')).toHaveLength(2);
  });

  it('refuses dates outside the investment’s life and reports of periods not begun', async () => {
    on('2017-03-01');
    await allocate('dates', 1, '2017-03-01');
    // Not closed before the board put money into it.
    const beforeDecision = await refused(
      finance().post('/api/investments/dates/close', { closedOn: '2017-02-28', reason: 'Klart' }),
      409,
      'DATE_OUTSIDE_INVESTMENT_LIFE',
    );
    expect(beforeDecision).toMatchObject({ field: 'closedOn', earliest: '2017-03-01' });
    const cost = { costId: 'd1', amount: '1.00', reference: 'F' };
    const early = await refused(
      finance().post('/api/investments/dates/costs', { ...cost, incurredOn: '2017-01-09' }),
      409,
      'DATE_OUTSIDE_INVESTMENT_LIFE',
    );
    expect(early).toMatchObject({ earliest: '2017-01-10', latest: '2017-03-01' });
    await refused(
      finance().post('/api/investments/dates/costs', { ...cost, incurredOn: '2017-03-02' }),
      409,
      'DATE_OUTSIDE_INVESTMENT_LIFE',
    );
    await refused(
      t.as('anna.berg', 'project-lead').post('/api/investments/dates/effect-reports', {
        reportId: 'early',
        benefitLineId: FINANCIAL_LINE,
        period: '2018',
        value: '1.00',
        evidence: 'x',
      }),
      409,
      'PERIOD_NOT_STARTED',
    );
    await refused(
      finance().post('/api/investments/dates/close', { closedOn: '2017-03-02', reason: 'Klart' }),
      409,
      'DATE_OUTSIDE_INVESTMENT_LIFE',
    );
    // An investment proposed before the fund that finances it: the fund paid nothing before it existed.
    await finance()
      .post('/api/funds', {
        fundId: 'sen',
        name: 'Senare fond',
        currency: 'SEK',
        decisionRef: 'Ks 2017/200',
        tranches: [
          { trancheId: 's1', name: 'Etapp 1', amount: '5000000.00', allocatableFrom: '2017-03-01' },
        ],
      })
      .expect(201);
    await finance()
      .post('/api/funds/sen/tranches/s1/release', { releasedOn: '2017-03-01', decisionRef: 'KF' })
      .expect(201);
    await finance()
      .post('/api/funds/sen/allocations', {
        allocationId: 'alloc-late-fund',
        investmentId: 'late-fund',
        trancheId: 's1',
        amount: '1000000.00',
        decidedOn: '2017-03-01',
        decisionRef: 'Ks 2017/201',
        caseVersion: 1,
      })
      .expect(201);
    const beforeFund = await refused(
      finance().post('/api/investments/late-fund/costs', { ...cost, incurredOn: '2017-02-15' }),
      409,
      'DATE_OUTSIDE_FUND_LIFE',
    );
    expect(beforeFund).toMatchObject({ fundOpenedOn: '2017-03-01' });
    await finance()
      .post('/api/investments/late-fund/costs', { ...cost, incurredOn: '2017-03-01' })
      .expect(201);

    // 00:30 in Örebro on 2 March is still 1 March in UTC: the Stockholm day counts.
    now = new Date('2017-03-01T23:30:00Z');
    await finance()
      .post('/api/investments/dates/costs', { ...cost, incurredOn: '2017-03-02' })
      .expect(201);
    await finance()
      .post('/api/investments/dates/close', { closedOn: '2017-03-02', reason: 'Avslutad' })
      .expect(201);
  });

  it('refuses a case that is no calculation, or names an owner nobody knows', async () => {
    const noCosts = await refused(
      lead().put('/api/investments/cases/benefit-case', aBenefitCase({ costs: [] })),
      409,
      'BENEFIT_CASE_INCOMPLETE',
    );
    expect(noCosts.missing).toEqual([expect.stringContaining('cost line')]);
    const qualitative = aBenefitCase({ benefits: [aQualitativeLine()] });
    const noValue = await refused(
      lead().put('/api/investments/cases/benefit-case', qualitative),
      409,
      'BENEFIT_CASE_INCOMPLETE',
    );
    expect(noValue.missing).toEqual([expect.stringContaining('qualitativeOnlyReason')]);
    const unknown = await refused(
      lead().put(
        '/api/investments/cases/benefit-case',
        aBenefitCase({ benefits: [aFinancialLine({ owner: 'ingen.alls' })] }),
      ),
      409,
      'BENEFIT_OWNER_UNKNOWN',
    );
    expect(unknown.owners).toEqual(['ingen.alls']);
    await lead()
      .put('/api/investments/cases/benefit-case', {
        ...qualitative,
        qualitativeOnlyReason: 'Tillgänglighet för medborgarna; inga kronor att hämta hem',
      })
      .expect(200);
  });

  it('takes a proposal only for a project lead the user register knows', async () => {
    const proposal = {
      investmentId: 'new-lead',
      title: 'Ny e-tjänst',
      department: 'KLF',
      projectLead: 'nils.ny',
      need: 'Blanketter på papper',
    };
    const unknown = await refused(
      finance().post('/api/investments', proposal),
      409,
      'PROJECT_LEAD_UNKNOWN',
    );
    expect(unknown).toMatchObject({
      projectLead: 'nils.ny',
      errors: [{ path: 'projectLead', message: 'nils.ny is not a known user' }],
    });
    await auditor().get('/api/investments/new-lead').expect(404);
    await t
      .as('it-admin', 'admin')
      .post('/api/users', { userId: 'nils.ny', name: 'Nils Ny', role: 'project-lead' })
      .expect(201);
    await finance().post('/api/investments', proposal).expect(201);
    expect((await investment('new-lead')).projectLead).toBe('nils.ny');
  });

  it('corrects and reverses costs and harvests by new events; the sums follow', async () => {
    on('2017-03-02');
    await allocate('corrections', 1, '2017-03-01');
    on('2017-06-01');
    await finance()
      .post('/api/investments/corrections/costs', {
        costId: 'c1',
        amount: '750000.00',
        incurredOn: '2017-05-30',
        reference: 'Faktura 1',
      })
      .expect(201);
    // Recorded by the lead, who may then reverse it (a cost finance booked is finance's to change).
    await lead()
      .post('/api/investments/corrections/costs', {
        costId: 'c2',
        amount: '100000.00',
        incurredOn: '2017-05-31',
        reference: 'Faktura 2',
      })
      .expect(201);
    await finance()
      .post('/api/investments/corrections/costs/c1/corrections', {
        amount: '705000.00',
        reason: 'Fel belopp bokat',
      })
      .expect(201);
    await lead()
      .post('/api/investments/corrections/costs/c2/reversals', {
        reason: 'Fakturan gällde en annan investering',
      })
      .expect(201);
    await refused(
      finance().post('/api/investments/corrections/costs/c2/corrections', {
        amount: '1.00',
        reason: 'x',
      }),
      409,
      'COST_REVERSED',
    );
    const afterCosts = await investment('corrections');
    expect(afterCosts.spent).toBe('705000.00');
    expect(afterCosts.costs.map((c: { amount: string }) => c.amount)).toEqual([
      '750000.00',
      '100000.00',
    ]);
    expect(afterCosts.costChanges).toEqual([
      expect.objectContaining({ kind: 'correction', entryId: 'c1', amount: '705000.00' }),
      expect.objectContaining({ kind: 'reversal', entryId: 'c2', amount: '0.00' }),
    ]);

    on('2019-02-01');
    await t
      .as('anna.berg', 'project-lead')
      .post('/api/investments/corrections/effect-reports', {
        reportId: 'r2018',
        benefitLineId: FINANCIAL_LINE,
        period: '2018',
        value: '600000.00',
        evidence: 'Licensfakturor 2018',
      })
      .expect(201);
    await finance()
      .post('/api/investments/corrections/harvests', {
        harvestId: 'h1',
        benefitLineId: FINANCIAL_LINE,
        fiscalYear: 2019,
        amount: '500000.00',
        decisionRef: 'KF 2018 § 212',
      })
      .expect(201);
    await refused(
      finance().post('/api/investments/corrections/harvests/h1/corrections', {
        amount: '600000.01',
        reason: 'Högre beslut',
      }),
      409,
      'HARVEST_EXCEEDS_REALISED',
    );
    await refused(
      lead().post('/api/investments/corrections/harvests/h1/corrections', {
        amount: '450000.00',
        reason: 'x',
      }),
      403,
      'FORBIDDEN',
    );
    await finance()
      .post('/api/investments/corrections/harvests/h1/corrections', {
        amount: '450000.00',
        reason: 'Budgetbeslutet angav ett lägre belopp',
      })
      .expect(201);
    expect((await investment('corrections')).harvested).toBe('450000.00');
    await finance()
      .post('/api/investments/corrections/harvests/h1/reversals', {
        reason: 'Budgetminskningen återtogs',
      })
      .expect(201);
    const afterHarvests = await investment('corrections');
    expect(afterHarvests.harvested).toBe('0.00');
    expect(afterHarvests.harvests).toHaveLength(1);
    const types = await historyTypes('corrections');
    for (const type of ['CostCorrected', 'CostReversed', 'HarvestCorrected', 'HarvestReversed']) {
      expect(types).toContain(type);
    }
  });

  it('harvests only what was realised unless the harvest is declared ahead of realisation', async () => {
    on('2019-02-01');
    await allocate('harvests', 1, '2017-03-01');
    const harvest = {
      harvestId: 'h1',
      benefitLineId: FINANCIAL_LINE,
      fiscalYear: 2019,
      amount: '500000.00',
      decisionRef: 'KF 2018 § 212',
    };
    const beyond = await refused(
      finance().post('/api/investments/harvests/harvests', harvest),
      409,
      'HARVEST_EXCEEDS_REALISED',
    );
    expect(beyond).toMatchObject({ realised: '0.00', harvested: '0.00', amount: '500000.00' });
    await refused(
      finance().post('/api/investments/harvests/harvests', {
        ...harvest,
        fiscalYear: 2024,
        aheadOfRealisation: true,
        reason: 'x',
      }),
      409,
      'FISCAL_YEAR_OUTSIDE_HORIZON',
    );
    await finance()
      .post('/api/investments/harvests/harvests', {
        ...harvest,
        aheadOfRealisation: true,
        reason: 'Budget 2019 sänkt i förväg (förhandsreduktion)',
      })
      .expect(201);
    const recorded = await investment('harvests');
    expect(recorded.harvests).toEqual([
      expect.objectContaining({
        harvestId: 'h1',
        aheadOfRealisation: true,
        reason: 'Budget 2019 sänkt i förväg (förhandsreduktion)',
      }),
    ]);
    // Once the line has realised more, an ordinary harvest fits within it.
    await t
      .as('anna.berg', 'project-lead')
      .post('/api/investments/harvests/effect-reports', {
        reportId: 'r2018',
        benefitLineId: FINANCIAL_LINE,
        period: '2018',
        value: '600000.00',
        evidence: 'Licensfakturor 2018',
      })
      .expect(201);
    await finance()
      .post('/api/investments/harvests/harvests', {
        ...harvest,
        harvestId: 'h2',
        amount: '100000.00',
        fiscalYear: 2020,
      })
      .expect(201);
    await refused(
      finance().post('/api/investments/harvests/harvests', {
        ...harvest,
        harvestId: 'h3',
        amount: '0.01',
        fiscalYear: 2020,
      }),
      409,
      'HARVEST_EXCEEDS_REALISED',
    );

    // The harvest made ahead is reported: on the investment, its line and the fund report.
    expect((await investment('harvests')).harvestedAhead).toBe('500000.00');
    const figures = (
      await auditor().get('/api/investments/harvests/forecast-vs-actual?grain=year').expect(200)
    ).body;
    expect(
      figures.lines.find((l: { benefitLineId: string }) => l.benefitLineId === FINANCIAL_LINE)
        .toDate,
    ).toMatchObject({ harvested: '600000.00', harvestedAhead: '500000.00' });
    const report = (
      await auditor()
        .get('/api/reports/forecast-vs-actual?groupBy=investment&grain=year&format=json')
        .expect(200)
    ).body;
    expect(
      report.groups.find((g: { group: string }) => g.group === 'harvests').totals.harvestedAhead,
    ).toBe('500000.00');

    // Lowering the report below the ordinary harvest (100 000) is refused; finance corrects first.
    const lowered = await refused(
      t
        .as('anna.berg', 'project-lead')
        .post('/api/investments/harvests/effect-reports/r2018/corrections', {
          value: '0.00',
          reason: 'Fakturan gällde ett annat avtal',
        }),
      409,
      'HARVEST_EXCEEDS_REALISED',
    );
    expect(lowered).toMatchObject({ realised: '0.00', harvested: '100000.00', reportId: 'r2018' });
    await finance()
      .post('/api/investments/harvests/harvests/h2/reversals', { reason: 'Utfallet saknas' })
      .expect(201);
    await t
      .as('anna.berg', 'project-lead')
      .post('/api/investments/harvests/effect-reports/r2018/corrections', {
        value: '0.00',
        reason: 'Fakturan gällde ett annat avtal',
      })
      .expect(201);
  });

  it('refuses a re-baseline onto a case that raises running costs unless the board overrides, and reports the override', async () => {
    on('2019-06-03');
    await propose('costlier');
    await allocate('costlier', 1, '2019-06-03');
    const costlierFrom = (year2018: string) =>
      aBenefitCase({
        costs: [
          aOneOffCostLine(),
          aRecurringCostLine({
            forecast: [
              { period: '2018', amount: year2018 },
              { period: '2019', amount: '900000.00' },
              { period: '2020', amount: '900000.00' },
            ],
          }),
        ],
      });
    // A version that also forecasts the year already over (2018) again is no decision on what
    // is to come: refused whatever the board overrides.
    await lead()
      .put('/api/investments/costlier/benefit-case', costlierFrom('900000.00'))
      .expect(200);
    const past = await refused(
      finance().post('/api/investments/costlier/baseline-revisions', {
        caseVersion: 2,
        reason: 'Ny driftmodell',
        decisionRef: 'Ks 2019/40',
        overrideRef: 'Ks 2019/41 § 2: högre drift godtas',
      }),
      409,
      'BASELINE_REWRITES_PAST',
    );
    expect(past).toMatchObject({
      caseVersion: 2,
      baselineCaseVersion: 1,
      today: '2019-06-03',
      rewrites: [
        {
          kind: 'forecast',
          line: 'cost',
          lineId: 'operations',
          period: '2018',
          before: '200000.00',
          after: '900000.00',
        },
      ],
      rewriteCount: 1,
    });
    await lead()
      .put('/api/investments/costlier/benefit-case', costlierFrom('200000.00'))
      .expect(200);
    const revision = { caseVersion: 3, reason: 'Ny driftmodell', decisionRef: 'Ks 2019/40' };
    const negative = await refused(
      finance().post('/api/investments/costlier/baseline-revisions', revision),
      409,
      'NEGATIVE_RUNNING_COST_EFFECT',
    );
    expect(negative).toMatchObject({ caseVersion: 3, runningCostEffect: '-200000.00' });
    expect((await investment('costlier')).baselineCaseVersion).toBe(1);

    await finance()
      .post('/api/investments/costlier/baseline-revisions', {
        ...revision,
        overrideRef: 'Ks 2019/41 § 2: högre drift godtas',
      })
      .expect(201);
    expect((await investment('costlier')).baselineRevisions).toEqual([
      expect.objectContaining({
        caseVersion: 3,
        previousCaseVersion: 1,
        decisionRef: 'Ks 2019/40',
        approvedBy: 'fia',
        overrideRef: 'Ks 2019/41 § 2: högre drift godtas',
      }),
    ]);
    const fund = (await auditor().get('/api/funds/orebro').expect(200)).body;
    expect(fund.overriddenBaselines).toEqual([
      {
        investmentId: 'costlier',
        caseVersion: 3,
        previousCaseVersion: 1,
        decisionRef: 'Ks 2019/40',
        approvedBy: 'fia',
        overrideRef: 'Ks 2019/41 § 2: högre drift godtas',
      },
    ]);
  });

  it('a re-baseline cannot re-judge a year already due: 2018 delivered at a fifth stays at 0.2', async () => {
    on('2017-03-01');
    await allocate('rejudged', 1, '2017-03-01');
    on('2019-02-01');
    await t
      .as('anna.berg', 'project-lead')
      .post('/api/investments/rejudged/effect-reports', {
        reportId: 'r2018',
        benefitLineId: FINANCIAL_LINE,
        period: '2018',
        value: '120000.00',
        evidence: 'Licensfakturor 2018',
      })
      .expect(201);
    const ratio = async (): Promise<unknown> =>
      (
        await auditor().get('/api/investments/rejudged/forecast-vs-actual?grain=year').expect(200)
      ).body.lines.find((l: { benefitLineId: string }) => l.benefitLineId === FINANCIAL_LINE).toDate
        .realisationRatio;
    const before = await ratio();
    expect(Number(before)).toBe(0.2);

    on('2019-06-03');
    const forecast = (y2018: string, later: string) =>
      aBenefitCase({
        benefits: [
          aFinancialLine({
            forecast: [
              { period: '2018', amount: y2018 },
              { period: '2019', amount: later },
              { period: '2020', amount: later },
            ],
          }),
          aRedistributableLine(),
          aQualitativeLine(),
        ],
      });
    // The year over forecast again at what was delivered: adopting it would show 1.0.
    await lead()
      .put('/api/investments/rejudged/benefit-case', forecast('120000.00', '600000.00'))
      .expect(200);
    const past = await refused(
      finance().post('/api/investments/rejudged/baseline-revisions', {
        caseVersion: 2,
        reason: 'Kalkylen efter utfallet',
        decisionRef: 'Ks 2019/50',
      }),
      409,
      'BASELINE_REWRITES_PAST',
    );
    expect(past.rewrites).toEqual([
      {
        kind: 'forecast',
        line: 'benefit',
        lineId: FINANCIAL_LINE,
        period: '2018',
        before: '600000.00',
        after: '120000.00',
      },
    ]);
    expect(await ratio()).toEqual(before);

    // The years to come are the board's to decide on; 2018 is still judged as promised.
    await lead()
      .put('/api/investments/rejudged/benefit-case', forecast('600000.00', '150000.00'))
      .expect(200);
    await finance()
      .post('/api/investments/rejudged/baseline-revisions', {
        caseVersion: 3,
        reason: 'Lägre ambition från 2019',
        decisionRef: 'Ks 2019/51',
      })
      .expect(201);
    expect((await investment('rejudged')).baselineCaseVersion).toBe(3);
    expect(await ratio()).toEqual(before);
  });

  it('meets no obligation with a report made before its period ended, until a correction after it confirms it', async () => {
    on('2017-02-01');
    await allocate('early', 1, '2017-02-01');
    const owner = () => t.as('anna.berg', 'project-lead');
    // The lead files 2019's saving on the year's second day, as forecast.
    on('2019-01-02');
    await owner()
      .post('/api/investments/early/effect-reports', {
        reportId: 'r2019',
        benefitLineId: FINANCIAL_LINE,
        period: '2019',
        value: '600000.00',
        evidence: 'Prognos',
      })
      .expect(201);
    on('2020-03-01');
    const overdue2019 = async (): Promise<OverdueMark | undefined> =>
      (await auditor().get('/api/reports/follow-up').expect(200)).body.owners
        .flatMap((o: { overdue: OverdueMark[] }) => o.overdue)
        .find(
          (o: OverdueMark) =>
            o.investmentId === 'early' && o.benefitLineId === FINANCIAL_LINE && o.period === '2019',
        );
    expect(await overdue2019()).toMatchObject({ reportedBeforeEnd: true, dueOn: '2020-02-14' });
    const board = (await auditor().get('/api/reports/board?fundId=orebro').expect(200)).body;
    expect(
      board.overdue.filter((o: OverdueMark) => o.investmentId === 'early' && o.reportedBeforeEnd),
    ).toEqual([expect.objectContaining({ benefitLineId: FINANCIAL_LINE, period: '2019' })]);
    await owner()
      .post('/api/investments/early/effect-reports/r2019/corrections', {
        value: '600000.00',
        reason: 'Utfallet för 2019 bekräftat mot leverantörsreskontran',
      })
      .expect(201);
    expect(await overdue2019()).toBeUndefined();
  });

  it('lists the valued lines together when only their sum deviates, and takes the lead’s explanation of it', async () => {
    // After the stories before (the clock only goes forward): 2018 has long ended.
    on('2020-03-05');
    // A small share: the tranche is mostly allocated by the stories before.
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: 'alloc-together',
        investmentId: 'together',
        trancheId: 't1',
        amount: '100000.00',
        decidedOn: '2017-02-01',
        decisionRef: 'Ks 2017/together',
        caseVersion: 1,
      })
      .expect(201);
    const owner = () => t.as('anna.berg', 'project-lead');
    for (const [reportId, benefitLineId, value] of [
      ['r-saving', FINANCIAL_LINE, '920000.00'],
      ['r-support', 'support-cost', '-870000.00'],
    ]) {
      await owner()
        .post('/api/investments/together/effect-reports', {
          reportId,
          benefitLineId,
          period: '2018',
          value,
          evidence: 'Bokslut 2018',
        })
        .expect(201);
    }
    const deviations = async () =>
      (await auditor().get('/api/reports/board?fundId=orebro').expect(200)).body.deviations.filter(
        (d: { investmentId: string }) => d.investmentId === 'together',
      );
    expect(await deviations()).toEqual([
      expect.objectContaining({
        benefitLineId: 'valued-lines-together',
        status: 'deviation',
        owner: PROJECT_LEAD,
        explanation: null,
      }),
    ]);
    const explanation = {
      explanationId: 'x-together-2018',
      benefitLineId: 'valued-lines-together',
      period: '2018',
      explanation: 'Supporten blev dyrare och besparingen mindre; båda inom sina marginaler.',
    };
    await refused(
      owner().post('/api/investments/together/deviation-explanations', explanation),
      403,
      'FORBIDDEN',
    );
    await lead().post('/api/investments/together/deviation-explanations', explanation).expect(201);
    expect(await deviations()).toEqual([
      expect.objectContaining({
        benefitLineId: 'valued-lines-together',
        explanation: explanation.explanation,
      }),
    ]);
    // No line may take the id.
    await refused(
      lead().put('/api/investments/together/benefit-case', {
        ...togetherCase,
        benefits: [
          togetherCase.benefits[0],
          { ...togetherCase.benefits[1], benefitLineId: 'valued-lines-together' },
        ],
      }),
      400,
      'BENEFIT_CASE_INVALID',
    );
  });

  it('keeps an overdue report owed after the case drops it; only finance waives it, and the waiver shows', async () => {
    on('2019-02-01');
    await allocate('follow-up', 1, '2017-03-01');
    on('2020-06-01');
    // The lead re-documents the case without the financial line's 2020.
    await lead().put('/api/investments/follow-up/benefit-case', withoutLastYear).expect(200);
    on('2021-03-01');
    const followUp = (await auditor().get('/api/reports/follow-up').expect(200)).body;
    const overdue: OverdueItem[] = followUp.owners
      .flatMap((o: { overdue: OverdueItem[] }) => o.overdue)
      .filter((o: OverdueItem) => o.investmentId === 'follow-up');
    const financial = overdue.filter((o) => o.benefitLineId === FINANCIAL_LINE);
    expect(financial.map((o) => o.period)).toEqual(['2018', '2019', '2020']);
    expect(financial.find((o) => o.period === '2020')?.forecast).toBe('600000.00');
    // The qualitative line owes a yearly reading like any report.
    const readings = overdue.filter((o) => o.benefitLineId === QUALITATIVE_LINE);
    expect(readings.map((o) => [o.period, o.forecast])).toEqual([
      ['2017', null],
      ['2018', null],
      ['2019', null],
      ['2020', null],
    ]);
    expect((await investment('follow-up')).overdueCount).toBe(overdue.length);

    const waiver = {
      benefitLineId: FINANCIAL_LINE,
      period: '2020',
      reason: 'Systemet avvecklades 2019; inget att mäta',
    };
    await refused(
      lead().post('/api/investments/follow-up/obligation-waivers', waiver),
      403,
      'FORBIDDEN',
    );
    await refused(
      finance().post('/api/investments/follow-up/obligation-waivers', {
        ...waiver,
        period: '2016',
      }),
      409,
      'OBLIGATION_NOT_OWED',
    );
    await finance().post('/api/investments/follow-up/obligation-waivers', waiver).expect(201);
    const after = (await auditor().get('/api/reports/follow-up').expect(200)).body;
    const stillOverdue = after.owners
      .flatMap((o: { overdue: OverdueItem[] }) => o.overdue)
      .filter((o: OverdueItem) => o.investmentId === 'follow-up');
    expect(stillOverdue).toHaveLength(overdue.length - 1);
    expect(
      stillOverdue.some(
        (o: OverdueItem) => o.benefitLineId === FINANCIAL_LINE && o.period === '2020',
      ),
    ).toBe(false);
    expect(after.waived.filter((w: Waived) => w.investmentId === 'follow-up')).toEqual([
      expect.objectContaining({ ...waiver, waivedBy: 'fia', investmentId: 'follow-up' }),
    ]);
    expect(await historyTypes('follow-up')).toContain('ObligationWaived');
  });
});
