/**
 * Follow-up obligations never shrink, over real HTTP: a line the approved version had stays
 * owed after a later version leaves it out, so its owed periods must still be reportable. The
 * report is judged against the version that last had the line; the follow-up then shows the
 * period as met, and the figures carry the report although the current case (and, after a
 * re-baseline, the baseline too) has no such line. The line's owner (in the latest version
 * naming it, as the follow-up lists) reports it too, and explains its deviations; and a period
 * still owed is taken though the version judged against has a shorter horizon.
 */
import {
  FINANCIAL_LINE,
  LINE_OWNER,
  OTHER_OWNER,
  PROJECT_LEAD,
  QUALITATIVE_LINE,
  REDISTRIBUTABLE_LINE,
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
  readonly status: string | null;
  readonly toDate: { readonly actual: string | null };
  readonly periods: readonly { readonly period: string; readonly actual: string | null }[];
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
  const owner = () => t.as(LINE_OWNER, 'project-lead');
  const otherOwner = () => t.as(OTHER_OWNER, 'project-lead');
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
  const lineFigures = async (
    investmentId: string,
    benefitLineId: string,
  ): Promise<LineFiguresItem | undefined> =>
    (
      await auditor()
        .get(`/api/investments/${investmentId}/forecast-vs-actual?grain=year`)
        .expect(200)
    ).body.lines.find((l: LineFiguresItem) => l.benefitLineId === benefitLineId);
  const financialFigures = (investmentId: string): Promise<LineFiguresItem | undefined> =>
    lineFigures(investmentId, FINANCIAL_LINE);

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
    await propose('extended');
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

  it('takes the reports, corrections and explanations of a dropped line from its owner, not from another', async () => {
    on('2019-06-01');
    // 'dropped' left the financial line (anna.berg's) out in the first spec.
    const report2019 = {
      reportId: 'dropped-2019',
      benefitLineId: FINANCIAL_LINE,
      period: '2019',
      value: '300000.00',
      evidence: 'Halvårsfaktura 2019',
    };
    const refused = await otherOwner()
      .post('/api/investments/dropped/effect-reports', report2019)
      .expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await owner().post('/api/investments/dropped/effect-reports', report2019).expect(201);
    await otherOwner()
      .post('/api/investments/dropped/effect-reports/dropped-2019/corrections', {
        value: '320000.00',
        reason: 'Fel belopp',
      })
      .expect(403);
    await owner()
      .post('/api/investments/dropped/effect-reports/dropped-2019/corrections', {
        value: '320000.00',
        reason: 'Fel belopp',
      })
      .expect(201);
    const explanation = {
      explanationId: 'why-dropped-2019',
      benefitLineId: FINANCIAL_LINE,
      period: '2019',
      explanation: 'Licensavtalet kunde sägas upp först i maj',
    };
    await otherOwner()
      .post('/api/investments/dropped/deviation-explanations', explanation)
      .expect(403);
    await owner().post('/api/investments/dropped/deviation-explanations', explanation).expect(201);
    const history = (await auditor().get('/api/investments/dropped/history').expect(200)).body;
    const reported = history.events.filter(
      (e: { type: string; data: { reportId: string } }) =>
        e.type === 'EffectReported' && e.data.reportId === 'dropped-2019',
    );
    expect(reported).toHaveLength(1);
    expect(reported[0].data).toMatchObject({ caseVersion: 1 });
    expect(history.events.map((e: { type: string }) => e.type)).toContain('DeviationExplained');
  });

  it('takes a period still owed outside the horizon of the case judged against; not one no version owes', async () => {
    // Approved on version 1 (2017–2020); version 2 forecasts time freed in 2021 over a fifth
    // year; version 3 (current) goes back to four years. 2021 stays owed, from version 2.
    on('2017-06-01');
    const fifthYear = aBenefitCase({
      horizonYears: 5,
      benefits: [
        aBenefitCase().benefits[0],
        aRedistributableLine({
          forecast: ['2018', '2019', '2020', '2021'].map((period) => ({
            period,
            amount: '480000.00',
          })),
        }),
        aQualitativeLine(),
      ],
    });
    await lead().put('/api/investments/extended/benefit-case', fifthYear).expect(200);
    await lead().put('/api/investments/extended/benefit-case', aBenefitCase()).expect(200);
    on('2022-06-01');
    const timeFreedOverdue = async (): Promise<string[]> =>
      (await overdueOf('extended'))
        .filter((o) => o.benefitLineId === REDISTRIBUTABLE_LINE)
        .map((o) => o.period);
    expect(await timeFreedOverdue()).toContain('2021');

    const report = (by: typeof lead, benefitLineId: string, period: string) =>
      by().post('/api/investments/extended/effect-reports', {
        reportId: `extended-${benefitLineId}-${period}`,
        benefitLineId,
        period,
        value: '400000.00',
        evidence: 'Tidrapporter 2021',
      });
    // omar.said owns the time-freed line: its owner reports.
    await report(otherOwner, REDISTRIBUTABLE_LINE, '2021').expect(201);
    expect(await timeFreedOverdue()).not.toContain('2021');

    // The financial line was never forecast for 2021, and 2022 is in no version's horizon.
    const notOwed = await report(owner, FINANCIAL_LINE, '2021').expect(409);
    expect(notOwed.body).toMatchObject({
      code: 'PERIOD_OUTSIDE_HORIZON',
      period: '2021',
      startYear: 2017,
      endYear: 2020,
    });
    const later = await report(otherOwner, REDISTRIBUTABLE_LINE, '2022').expect(409);
    expect(later.body.code).toBe('PERIOD_OUTSIDE_HORIZON');

    // Read yearly over version 2's five years: its 2021 reading is owed too.
    await owner()
      .post('/api/investments/extended/effect-reports', {
        reportId: 'extended-nki-2021',
        benefitLineId: QUALITATIVE_LINE,
        period: '2021',
        value: '68',
        evidence: 'Medborgarundersökning 2021',
      })
      .expect(201);
    expect(
      (await overdueOf('extended')).filter(
        (o) => o.benefitLineId === QUALITATIVE_LINE && o.period === '2021',
      ),
    ).toEqual([]);

    // The figures carry the reports, in a year neither the baseline nor the current case has.
    const figures = await lineFigures('extended', REDISTRIBUTABLE_LINE);
    expect(figures?.periods.find((p) => p.period === '2021')?.actual).toBe('400000.00');
    expect(figures?.toDate.actual).toBe('400000.00');
    const readings = await lineFigures('extended', QUALITATIVE_LINE);
    expect(readings).toMatchObject({ latestReading: { period: '2021', value: '68' } });
    expect(readings?.status).not.toBe('stale');
    await auditor()
      .get('/api/reports/forecast-vs-actual?groupBy=investment&grain=year')
      .expect(200);
    await auditor().get('/api/investments/extended').expect(200);
    await auditor().get('/api/investments/extended/forecast-vs-actual?grain=month').expect(200);
    await auditor().get('/api/reports/board').expect(200);
  });
});
