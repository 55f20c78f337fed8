/**
 * Two ways a permitted command sequence made the recorded history say something false, over
 * real HTTP as the governance probe ran them: re-classifying a benefit line in a later case
 * version (findings F1–F3: a baseline forecast vanishing without a re-baseline, the harvest
 * rule lifted, a reading turned into kronor) and a project lead or line owner who also holds
 * finance waiving their own follow-up (F8). Each is refused with a 409 problem+json, records
 * nothing, and leaves the figures and obligations as they were.
 */
import {
  FINANCIAL_LINE,
  LINE_OWNER,
  OTHER_OWNER,
  PROJECT_LEAD,
  aBenefitCase,
  aFinancialLine,
  aQualitativeLine,
  aRedistributableLine,
} from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

interface OverdueItem {
  readonly investmentId: string;
  readonly benefitLineId: string;
  readonly period: string;
}

describe('recorded history stays true (governance probe F1–F3, F8)', () => {
  let t: TestApp;
  let now = new Date('2017-01-10T09:00:00Z');
  const on = (day: string): void => {
    now = new Date(`${day}T09:00:00Z`);
  };
  const finance = (id = 'fia') => t.as(id, 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const owner = () => t.as(LINE_OWNER, 'project-lead');
  const auditor = () => t.as('revisor', 'auditor');
  const refused = (call: Parameters<typeof expectRefusal>[1], status: number, code: string) =>
    expectRefusal(t, call, status, code);

  /** Proposed, documented with the default case (version 1) and approved on it. */
  const approved = async (investmentId: string): Promise<void> => {
    on('2017-01-10');
    await lead()
      .post('/api/investments', {
        investmentId,
        title: `Investering ${investmentId}`,
        department: 'KLF',
        projectLead: PROJECT_LEAD,
        need: 'Pappersarkiv',
      })
      .expect(201);
    await lead().put(`/api/investments/${investmentId}/benefit-case`, aBenefitCase()).expect(200);
    on('2017-03-01');
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: `alloc-${investmentId}`,
        investmentId,
        trancheId: 't1',
        amount: '2000000.00',
        decidedOn: '2017-03-01',
        decisionRef: `Ks 2017/${investmentId}`,
        caseVersion: 1,
      })
      .expect(201);
  };

  /** Every figure the probe saw change, on the investment, its lines and the fund's report. */
  const figures = async (investmentId: string) => {
    const investment = (await auditor().get(`/api/investments/${investmentId}`).expect(200)).body;
    const lines = (
      await auditor().get(`/api/investments/${investmentId}/forecast-vs-actual`).expect(200)
    ).body;
    const fund = (
      await auditor().get('/api/reports/forecast-vs-actual?groupBy=fund&rows=false').expect(200)
    ).body;
    return {
      currentCaseVersion: investment.currentCaseVersion,
      baselineCaseVersion: investment.baselineCaseVersion,
      forecastToDate: investment.forecastToDate,
      actualToDate: investment.actualToDate,
      realisationRatio: investment.realisationRatio,
      harvested: investment.harvested,
      lines: lines.lines.map((l: { benefitLineId: string; class: string; toDate: unknown }) => ({
        benefitLineId: l.benefitLineId,
        class: l.class,
        toDate: l.toDate,
      })),
      fundTotals: fund.totals,
    };
  };

  const overdueOf = async (investmentId: string): Promise<OverdueItem[]> =>
    (await auditor().get('/api/reports/follow-up').expect(200)).body.owners
      .flatMap((o: { overdue: OverdueItem[] }) => o.overdue)
      .filter((o: OverdueItem) => o.investmentId === investmentId);

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
  });
  afterAll(async () => t.close());

  it("refuses a later version that changes a line's class; the figures and the harvest rule stand", async () => {
    await approved('klass');
    on('2019-02-01');
    await owner()
      .post('/api/investments/klass/effect-reports', {
        reportId: 'r2018',
        benefitLineId: FINANCIAL_LINE,
        period: '2018',
        value: '600000.00',
        evidence: 'Licensfakturor 2018',
      })
      .expect(201);
    await finance()
      .post('/api/investments/klass/harvests', {
        harvestId: 'h1',
        benefitLineId: FINANCIAL_LINE,
        fiscalYear: 2019,
        amount: '600000.00',
        decisionRef: 'KF 2018 § 212',
      })
      .expect(201);
    const before = await figures('klass');
    expect(before.forecastToDate).not.toBeNull();

    // F1: the baselined financial line documented again as qualitative.
    const asQualitative = aBenefitCase({
      benefits: [
        aQualitativeLine({ benefitLineId: FINANCIAL_LINE, description: 'Licenser, ej värderat' }),
        aRedistributableLine(),
        aQualitativeLine(),
      ],
    });
    const problem = await refused(
      lead().put('/api/investments/klass/benefit-case', asQualitative),
      409,
      'BENEFIT_LINE_CLASS_CHANGED',
    );
    expect(problem).toMatchObject({
      benefitLineIds: [FINANCIAL_LINE],
      changes: [
        { benefitLineId: FINANCIAL_LINE, documentedClass: 'financial', class: 'qualitative' },
      ],
    });
    expect(problem.detail).toEqual(expect.stringContaining('new id'));

    // F2: to redistributable, so that a harvested report could be corrected down.
    await refused(
      lead().put(
        '/api/investments/klass/benefit-case',
        aBenefitCase({
          benefits: [
            aFinancialLine({ class: 'redistributable' }),
            aRedistributableLine(),
            aQualitativeLine(),
          ],
        }),
      ),
      409,
      'BENEFIT_LINE_CLASS_CHANGED',
    );
    await refused(
      owner().post('/api/investments/klass/effect-reports/r2018/corrections', {
        value: '0.00',
        reason: 'Fakturan gällde ett annat avtal',
      }),
      409,
      'HARVEST_EXCEEDS_REALISED',
    );

    // F3: the qualitative line's readings would become kronor.
    await refused(
      lead().put(
        '/api/investments/klass/benefit-case',
        aBenefitCase({
          benefits: [
            aFinancialLine(),
            aRedistributableLine(),
            aQualitativeLine({
              class: 'financial',
              forecast: [{ period: '2018', amount: '1.00' }],
            }),
          ],
        }),
      ),
      409,
      'BENEFIT_LINE_CLASS_CHANGED',
    );

    expect(await figures('klass')).toEqual(before);

    // What the rule leaves open: the line left out, an unvalued line under a new id.
    await lead()
      .put(
        '/api/investments/klass/benefit-case',
        aBenefitCase({
          benefits: [
            aRedistributableLine(),
            aQualitativeLine(),
            aQualitativeLine({ benefitLineId: 'licenser-ej-varderat', description: 'Licenser' }),
          ],
        }),
      )
      .expect(200);
    const after = (await auditor().get('/api/investments/klass').expect(200)).body;
    expect(after).toMatchObject({ currentCaseVersion: 2, baselineCaseVersion: 1 });
  });

  it('refuses a waiver by the project lead or the line owner holding finance; the obligations stay owed', async () => {
    await approved('egen');
    on('2021-03-01');
    const overdue = await overdueOf('egen');
    const waiver = { benefitLineId: FINANCIAL_LINE, period: '2019', reason: 'Inte mätbart' };
    expect(overdue).toContainEqual(
      expect.objectContaining({ benefitLineId: FINANCIAL_LINE, period: '2019' }),
    );

    // The probe's sequence: the lead is granted finance (recorded) and waives their own report.
    const byLead = await refused(
      finance(PROJECT_LEAD).post('/api/investments/egen/obligation-waivers', waiver),
      409,
      'WAIVER_BY_RESPONSIBLE',
    );
    expect(byLead).toMatchObject({
      benefitLineId: FINANCIAL_LINE,
      period: '2019',
      responsible: PROJECT_LEAD,
      as: 'project lead',
    });
    const byOwner = await refused(
      finance(LINE_OWNER).post('/api/investments/egen/obligation-waivers', waiver),
      409,
      'WAIVER_BY_RESPONSIBLE',
    );
    expect(byOwner).toMatchObject({ responsible: LINE_OWNER, as: 'line owner' });

    expect(await overdueOf('egen')).toEqual(overdue);
    const waived = (await auditor().get('/api/reports/follow-up').expect(200)).body.waived;
    expect(waived.filter((w: { investmentId: string }) => w.investmentId === 'egen')).toEqual([]);

    // The owner of another line, holding finance, has no part in this one and may waive it.
    await finance(OTHER_OWNER).post('/api/investments/egen/obligation-waivers', waiver).expect(201);
    expect(await overdueOf('egen')).toHaveLength(overdue.length - 1);
  });
});
