/**
 * Follow-up obligations never shrink, over real HTTP: a line the approved version had stays
 * owed after a later version leaves it out, so its owed periods must still be reportable. The
 * report is judged against the version that last had the line; the follow-up then shows the
 * period as met, and the figures carry the report although the current case (and, after a
 * re-baseline, the baseline too) has no such line.
 */
import {
  FINANCIAL_LINE,
  PROJECT_LEAD,
  aBenefitCase,
  aQualitativeLine,
  aRedistributableLine,
} from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';

interface OverdueItem {
  readonly investmentId: string;
  readonly benefitLineId: string;
  readonly period: string;
}
interface LineFiguresItem {
  readonly benefitLineId: string;
  readonly toDate: { readonly actual: string | null };
}

/** The default case without the financial line. */
const withoutFinancial = aBenefitCase({ benefits: [aRedistributableLine(), aQualitativeLine()] });

describe('reporting an owed period of a line a later version left out, over HTTP', () => {
  let t: TestApp;
  let now = new Date('2017-01-09T09:00:00Z');
  const on = (day: string): void => {
    now = new Date(`${day}T09:00:00Z`);
  };
  const finance = () => t.as('fia', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const auditor = () => t.as('revisor', 'auditor');

  const propose = async (investmentId: string): Promise<void> => {
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

  const overdueOf = async (investmentId: string): Promise<OverdueItem[]> =>
    (await auditor().get('/api/reports/follow-up').expect(200)).body.owners
      .flatMap((o: { overdue: OverdueItem[] }) => o.overdue)
      .filter((o: OverdueItem) => o.investmentId === investmentId);
  const financialOverdue = async (investmentId: string): Promise<string[]> =>
    (await overdueOf(investmentId))
      .filter((o) => o.benefitLineId === FINANCIAL_LINE)
      .map((o) => o.period);
  const financialFigures = async (investmentId: string): Promise<LineFiguresItem | undefined> =>
    (
      await auditor()
        .get(`/api/investments/${investmentId}/forecast-vs-actual?grain=year`)
        .expect(200)
    ).body.lines.find((l: LineFiguresItem) => l.benefitLineId === FINANCIAL_LINE);

  const report2018 = (investmentId: string) =>
    lead().post(`/api/investments/${investmentId}/effect-reports`, {
      reportId: `${investmentId}-2018`,
      benefitLineId: FINANCIAL_LINE,
      period: '2018',
      value: '550000.00',
      evidence: 'Uppsägning av licensavtal, dnr KS 2018/101',
    });

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
    on('2017-03-01');
    await propose('dropped');
    await propose('rebaselined');
  });
  afterAll(async () => t.close());

  it('takes the report of an overdue period of a dropped line, and the follow-up shows it met', async () => {
    on('2019-06-01');
    await lead().put('/api/investments/dropped/benefit-case', withoutFinancial).expect(200);
    expect(await financialOverdue('dropped')).toEqual(['2018']);
    const overdueBefore = (await overdueOf('dropped')).length;

    await report2018('dropped').expect(201);
    // Asked again with the same body: the first answer, nothing more recorded.
    await report2018('dropped').expect(201);

    expect(await financialOverdue('dropped')).toEqual([]);
    expect(await overdueOf('dropped')).toHaveLength(overdueBefore - 1);
    const investment = (await auditor().get('/api/investments/dropped').expect(200)).body;
    expect(investment.overdueCount).toBe(overdueBefore - 1);
    const history = (await auditor().get('/api/investments/dropped/history').expect(200)).body;
    const reported = history.events.filter((e: { type: string }) => e.type === 'EffectReported');
    expect(reported).toHaveLength(1);
    expect(reported[0].data).toMatchObject({ benefitLineId: FINANCIAL_LINE, caseVersion: 1 });

    await lead()
      .post('/api/investments/dropped/effect-reports/dropped-2018/corrections', {
        value: '600000.00',
        reason: 'Slutfaktura saknades vid första rapporten',
      })
      .expect(201);
    // The figures carry the line (from the baseline) with its corrected report.
    expect((await financialFigures('dropped'))?.toDate.actual).toBe('600000.00');
    await auditor()
      .get('/api/reports/forecast-vs-actual?groupBy=investment&grain=year')
      .expect(200);

    // A line no version ever had is still not found.
    const unknown = await lead()
      .post('/api/investments/dropped/effect-reports', {
        reportId: 'dropped-paper',
        benefitLineId: 'paper-saved',
        period: '2018',
        value: '1.00',
        evidence: 'Inget',
      })
      .expect(404);
    expect(unknown.body.code).toBe('BENEFIT_LINE_NOT_FOUND');
  });

  it('takes it when neither the current case nor the baseline has the line (a re-baseline left it out)', async () => {
    on('2017-06-01');
    await lead().put('/api/investments/rebaselined/benefit-case', withoutFinancial).expect(200);
    await finance()
      .post('/api/investments/rebaselined/baseline-revisions', {
        caseVersion: 2,
        reason: 'Licenserna avvecklas i annat projekt',
        decisionRef: 'Ks 2017/90',
        overrideRef: 'Ks 2017/90 § 3',
      })
      .expect(201);
    on('2019-06-01');
    // A re-baseline releases nothing: the 2018 report is still owed.
    expect(await financialOverdue('rebaselined')).toEqual(['2018']);

    await report2018('rebaselined').expect(201);

    expect(await financialOverdue('rebaselined')).toEqual([]);
    expect((await financialFigures('rebaselined'))?.toDate.actual).toBe('550000.00');
    await auditor()
      .get('/api/reports/forecast-vs-actual?groupBy=investment&grain=year')
      .expect(200);
    await auditor().get('/api/investments/rebaselined').expect(200);
  });
});
