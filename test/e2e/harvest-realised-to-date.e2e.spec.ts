/**
 * Probe finding F7 over real HTTP: a report for a year that has not ended is not realised yet.
 * It neither lets finance harvest without the ahead-of-realisation mark nor counts in the
 * actual-to-date KPIs or the running-cost effect's actual, until the year is over.
 */
import {
  aBenefitCase,
  aFinancialLine,
  aOneOffCostLine,
  aRecurringCostLine,
  PROJECT_LEAD,
} from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';

const ID = 'inv1';
const YEARS = ['2024', '2025', '2026', '2027'];

describe('a harvest rests on what was realised to date (F7)', () => {
  let t: TestApp;
  let now = new Date('2026-12-06T10:00:00.000Z');
  const finance = () => t.as('fia', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const auditor = () => t.as('revisor', 'auditor');
  const harvest = (harvestId: string, extra: object = {}) =>
    finance().post(`/api/investments/${ID}/harvests`, {
      harvestId,
      benefitLineId: 'fewer-licences',
      fiscalYear: 2024,
      amount: '2500000.00',
      decisionRef: 'KF budget 2024',
      ...extra,
    });
  const investment = async () =>
    (await auditor().get(`/api/investments/${ID}`).expect(200)).body as Record<string, unknown>;
  const figures = async () =>
    (await auditor().get(`/api/investments/${ID}/forecast-vs-actual`).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
    await lead()
      .post('/api/investments', {
        investmentId: ID,
        title: 'Ny e-tjänst',
        department: 'Kommunledningsförvaltningen',
        projectLead: PROJECT_LEAD,
        need: 'Manuell handläggning',
      })
      .expect(201);
    const caseV1 = aBenefitCase({
      startYear: 2024,
      horizonYears: 4,
      costs: [
        aOneOffCostLine({ forecast: [{ period: '2024', amount: '1000000.00' }] }),
        aRecurringCostLine({
          forecast: YEARS.slice(1).map((period) => ({ period, amount: '100000.00' })),
        }),
      ],
      benefits: [
        aFinancialLine({ forecast: YEARS.map((period) => ({ period, amount: '1000000.00' })) }),
      ],
    });
    await lead().put(`/api/investments/${ID}/benefit-case`, caseV1).expect(200);
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: 'a1',
        investmentId: ID,
        trancheId: 't1',
        amount: '1000000.00',
        decidedOn: '2024-03-01',
        decisionRef: 'Ks 2024/12',
        caseVersion: 1,
      })
      .expect(201);
  });
  afterAll(async () => t.close());

  it('refuses the harvest on a report of the running year, and counts the year only once it ends and is confirmed', async () => {
    const before = await harvest('h0').expect(409);
    expect(before.body).toMatchObject({ code: 'HARVEST_EXCEEDS_REALISED', realised: '0.00' });

    // 6 December 2026: the year has begun, so it may be reported, but it has not ended.
    await lead()
      .post(`/api/investments/${ID}/effect-reports`, {
        reportId: 'r26',
        benefitLineId: 'fewer-licences',
        period: '2026',
        value: '3000000.00',
        evidence: 'Prognos för helåret',
      })
      .expect(201);
    const refused = await harvest('h1').expect(409);
    expect(refused.body).toMatchObject({
      code: 'HARVEST_EXCEEDS_REALISED',
      realised: '0.00',
      harvested: '0.00',
      amount: '2500000.00',
    });
    await harvest('h1', { aheadOfRealisation: true, reason: 'Budget 2024 sänkt i förväg' }).expect(
      201,
    );

    expect(await investment()).toMatchObject({
      actualToDate: '0.00',
      harvested: '2500000.00',
      harvestedAhead: '2500000.00',
    });
    const running = await figures();
    expect(running.kpis.actualToDate.monetised.pvBenefits).toBe('0.00');
    expect(running.kpis.actualToDate.financial.pvBenefits).toBe('0.00');
    expect(running.runningCostEffect.total.actual).toEqual({
      financialBenefits: '0.00',
      recurringCosts: '0.00',
      effect: '0.00',
    });
    const board = (await auditor().get('/api/reports/board?fundId=orebro').expect(200)).body;
    const row = board.investments.find((i: { investmentId: string }) => i.investmentId === ID);
    expect(row).toMatchObject({
      actual: '0.00',
      harvested: '2500000.00',
      harvestedAhead: '2500000.00',
      runningCostEffect: expect.objectContaining({ actual: '0.00' }),
    });

    // 2 January 2027: 2026 has ended. The figures count its report, but a harvest rests on it
    // only once a correction made after the year confirms it: it was a forecast when made.
    now = new Date('2027-01-02T10:00:00.000Z');
    await harvest('h2', { fiscalYear: 2025, amount: '500000.00' }).expect(409);
    await lead()
      .post(`/api/investments/${ID}/effect-reports/r26/corrections`, {
        value: '3000000.00',
        reason: 'Helåret 2026 bekräftat',
      })
      .expect(201);
    await harvest('h2', { fiscalYear: 2025, amount: '500000.00' }).expect(201);
    expect(await investment()).toMatchObject({ actualToDate: '3000000.00' });
    const ended = await figures();
    // t = 2026 − 2024 = 2 years at 3.5 %: 3 000 000 ÷ 1.035².
    expect(ended.kpis.actualToDate.monetised.pvBenefits).toBe('2800532.10');
    expect(ended.runningCostEffect.total.actual).toEqual({
      financialBenefits: '3000000.00',
      recurringCosts: '0.00',
      effect: '3000000.00',
    });
  });
});
