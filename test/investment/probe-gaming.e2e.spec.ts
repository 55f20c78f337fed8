/**
 * The probe's sequences (findings F2, F5, F8) over real HTTP, with the service's clock on the
 * probe's day (2026-12-06): benefits reported for years before the investment existed, the
 * project lead erasing the spend finance booked, and one yearly reading standing in for twelve
 * owed monthly ones. Each refusal records nothing, and what the investment page, the follow-up
 * report and the board report show agrees.
 */
import { BenefitCase } from '../../src/investment/benefit-case';
import {
  LINE_OWNER,
  PROJECT_LEAD,
  aBenefitCase,
  aFinancialLine,
  aOneOffCostLine,
  aQualitativeLine,
  aRecurringCostLine,
} from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

const years = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/** The probe's standard case: `save` 1 M a year, `nki` read as asked, `build` and `run` costs. */
const probeCase = (startYear: number, horizonYears: number, frequency = 'yearly'): BenefitCase => {
  const span = years(startYear, startYear + horizonYears - 1);
  return aBenefitCase({
    startYear,
    horizonYears,
    costs: [
      aOneOffCostLine({
        costLineId: 'build',
        forecast: [{ period: String(startYear), amount: '2000000.00' }],
      }),
      aRecurringCostLine({
        costLineId: 'run',
        forecast: span.map((period) => ({ period, amount: '100000.00' })),
      }),
    ],
    benefits: [
      aFinancialLine({
        benefitLineId: 'save',
        forecast: span.map((period) => ({ period, amount: '1000000.00' })),
      }),
      aQualitativeLine({
        benefitLineId: 'nki',
        owner: LINE_OWNER,
        indicator: { ...aQualitativeLine().indicator, baseline: '50', target: '70', frequency },
      }),
    ],
  });
};

describe('the probe’s gaming sequences over HTTP', () => {
  let t: TestApp;
  const now = new Date('2026-12-06T10:00:00Z');
  const finance = () => t.as('fin.a', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const auditor = () => t.as('aud', 'auditor');
  const refused = (call: Parameters<typeof expectRefusal>[1], status: number, code: string) =>
    expectRefusal(t, call, status, code);

  /** Proposed today (2026-12-06), documented, and allocated by a decision of 2024-03-01. */
  const anInvestment = async (id: string, benefitCase: BenefitCase): Promise<void> => {
    await lead()
      .post('/api/investments', {
        investmentId: id,
        title: `Investering ${id}`,
        department: 'KLF',
        projectLead: PROJECT_LEAD,
        need: 'Manuellt arbete',
      })
      .expect(201);
    await lead().put(`/api/investments/${id}/benefit-case`, benefitCase).expect(200);
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: `a-${id}`,
        investmentId: id,
        trancheId: 't1',
        amount: '3000000.00',
        decidedOn: '2024-03-01',
        decisionRef: `Ks 2024/${id}`,
        caseVersion: 1,
      })
      .expect(201);
  };

  const report = (id: string, benefitLineId: string, period: string, value: string) =>
    lead().post(`/api/investments/${id}/effect-reports`, {
      reportId: `r-${benefitLineId}-${period.toLowerCase()}`,
      benefitLineId,
      period,
      value,
      evidence: `Utfall ${period}`,
    });
  const investment = async (id: string) =>
    (await auditor().get(`/api/investments/${id}`).expect(200)).body;
  const board = async () =>
    (await auditor().get('/api/reports/board?fundId=orebro').expect(200)).body;
  const boardRow = async (id: string) =>
    (await board()).investments.find((i: { investmentId: string }) => i.investmentId === id);

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
  });
  afterAll(async () => t.close());

  it('F2: refuses benefits reported for the years before the investment existed', async () => {
    await anInvestment('inv-life', probeCase(2015, 14));
    for (const year of years(2015, 2023)) {
      const problem = await refused(
        report('inv-life', 'save', year, '1000000.00'),
        409,
        'EFFECT_PERIOD_BEFORE_LIFE',
      );
      // The life began with the board's decision (2024-03-01), before the proposal was recorded.
      expect(problem).toMatchObject({
        period: year,
        endsOn: `${year}-12-31`,
        lifeBegins: '2024-03-01',
      });
    }
    await refused(
      report('inv-life', 'save', '2024-02', '80000.00'),
      409,
      'EFFECT_PERIOD_BEFORE_LIFE',
    );
    await refused(report('inv-life', 'nki', '2023', '60'), 409, 'EFFECT_PERIOD_BEFORE_LIFE');
    // 2024 began before the decision but ends after it: the life's first year.
    await report('inv-life', 'save', '2024', '1000000.00').expect(201);
    await report('inv-life', 'nki', '2024', '60').expect(201);

    const page = await investment('inv-life');
    expect(page.effectReports.map((r: { period: string }) => r.period).sort()).toEqual([
      '2024',
      '2024',
    ]);
    expect(page.actualToDate).toBe('1000000.00');
    expect((await boardRow('inv-life')).actual).toBe('1000000.00');

    // A decision recorded later but taken earlier (2023-06-01) moves the life's start back.
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: 'a-inv-life-2023',
        investmentId: 'inv-life',
        trancheId: 't1',
        amount: '500000.00',
        decidedOn: '2023-06-01',
        decisionRef: 'Ks 2023/inv-life',
        caseVersion: 1,
      })
      .expect(201);
    const before = await refused(
      report('inv-life', 'save', '2023-05', '80000.00'),
      409,
      'EFFECT_PERIOD_BEFORE_LIFE',
    );
    expect(before).toMatchObject({ lifeBegins: '2023-06-01' });
    await report('inv-life', 'save', '2023-06', '80000.00').expect(201);
  });

  it('F5: the project lead may not reverse or correct the costs finance booked', async () => {
    await anInvestment('inv-costs', probeCase(2024, 4));
    const cost = (who: typeof finance, costId: string, amount: string, incurredOn: string) =>
      who()
        .post('/api/investments/inv-costs/costs', {
          costId,
          costLineId: costId === 'c1' ? 'build' : 'run',
          amount,
          incurredOn,
          reference: `Faktura ${costId}`,
        })
        .expect(201);
    await cost(finance, 'c1', '2500000.00', '2024-06-01');
    await cost(finance, 'c2', '400000.00', '2025-06-01');
    await cost(lead, 'c3', '50000.00', '2025-05-01');

    const booked = await refused(
      lead().post('/api/investments/inv-costs/costs/c1/reversals', { reason: 'not ours' }),
      409,
      'COST_BOOKED_BY_FINANCE',
    );
    expect(booked).toMatchObject({ costId: 'c1', recordedBy: { id: 'fin.a', role: 'finance' } });
    await refused(
      lead().post('/api/investments/inv-costs/costs/c2/corrections', {
        amount: '1.00',
        reason: 'typo',
      }),
      409,
      'COST_BOOKED_BY_FINANCE',
    );
    expect((await investment('inv-costs')).spent).toBe('2950000.00');
    expect((await boardRow('inv-costs')).spentAllFunds).toBe('2950000.00');

    // Their own invoice the lead still mends; finance mends any.
    await lead()
      .post('/api/investments/inv-costs/costs/c3/corrections', {
        amount: '45000.00',
        reason: 'Rabatt',
      })
      .expect(201);
    await finance()
      .post('/api/investments/inv-costs/costs/c2/corrections', {
        amount: '380000.00',
        reason: 'Kreditnota',
      })
      .expect(201);
    expect((await investment('inv-costs')).spent).toBe('2925000.00');

    await finance()
      .post('/api/investments/inv-costs/close', { closedOn: '2025-07-01', reason: 'Klart' })
      .expect(201);
    await refused(
      lead().post('/api/investments/inv-costs/costs/c2/corrections', {
        amount: '9000000.00',
        reason: 'late',
      }),
      409,
      'COST_BOOKED_BY_FINANCE',
    );
    await lead()
      .post('/api/investments/inv-costs/costs/c3/reversals', { reason: 'Fel projekt' })
      .expect(201);
    expect(await investment('inv-costs')).toMatchObject({ stage: 'closed', spent: '2880000.00' });
    await refused(
      lead().post('/api/investments/inv-costs/costs/c9/reversals', { reason: 'x' }),
      404,
      'COST_NOT_FOUND',
    );
    // Round 2: the lead holding finance too, with the finance token, is still the lead.
    const leadAsFinance = () => t.as(PROJECT_LEAD, 'finance');
    await refused(
      leadAsFinance().post('/api/investments/inv-costs/costs/c1/reversals', { reason: 'not ours' }),
      409,
      'COST_BOOKED_BY_FINANCE',
    );
    expect(await investment('inv-costs')).toMatchObject({ spent: '2880000.00' });
  });

  it('F8: a yearly reading of a line read monthly is refused; the follow-up, the board and the status agree', async () => {
    await anInvestment('inv-nki', probeCase(2024, 5, 'monthly'));
    const overdueNki = async (): Promise<string[]> =>
      (await auditor().get('/api/reports/follow-up').expect(200)).body.owners
        .flatMap(
          (o: { overdue: { investmentId: string; benefitLineId: string; period: string }[] }) =>
            o.overdue,
        )
        .filter(
          (o: { investmentId: string; benefitLineId: string }) =>
            o.investmentId === 'inv-nki' && o.benefitLineId === 'nki',
        )
        .map((o: { period: string }) => o.period);
    // 2024-03 … 2026-09 ended more than 45 days before 2026-12-06. The horizon's January and
    // February 2024 ended before the board's decision of 2024-03-01 began the investment's
    // life: they cannot be reported (EFFECT_PERIOD_BEFORE_LIFE), so they are owed nothing.
    expect(await overdueNki()).toHaveLength(31);
    expect(await overdueNki()).not.toContain('2024-02');

    const coarse = await refused(
      report('inv-nki', 'nki', '2024', '60'),
      409,
      'READING_COARSER_THAN_FREQUENCY',
    );
    expect(coarse).toMatchObject({ period: '2024', frequency: 'monthly', grain: 'month' });
    await refused(report('inv-nki', 'nki', '2025-Q1', '62'), 409, 'READING_COARSER_THAN_FREQUENCY');
    expect(await overdueNki()).toHaveLength(31);

    await report('inv-nki', 'nki', '2024-05', '60').expect(201);
    const overdue = await overdueNki();
    expect(overdue).toHaveLength(30);
    expect(overdue).not.toContain('2024-05');

    // The board counts the same overdue readings (and the financial line's 2024 and 2025), and
    // lists the line as stale: its latest reading is from May 2024.
    const row = await boardRow('inv-nki');
    const allOverdue = (await auditor().get('/api/reports/follow-up').expect(200)).body.owners
      .flatMap((o: { overdue: { investmentId: string }[] }) => o.overdue)
      .filter((o: { investmentId: string }) => o.investmentId === 'inv-nki');
    expect(row.overdueReports).toBe(allOverdue.length);
    expect(row.staleLines).toEqual(['nki']);
    const page = await investment('inv-nki');
    expect(page.overdueCount).toBe(allOverdue.length);
  });
});
