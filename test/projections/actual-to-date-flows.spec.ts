/**
 * Probe finding F7, the figures: the actual-to-date KPIs and the running-cost effect's actual
 * count a report only on the months due, as the actual to date does (a month has ended, and so
 * has the forecast period holding it). A report of a period not yet due is no realisation yet.
 */
import { BenefitCase } from '../../src/investment/benefit-case';
import { investmentFigures } from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { forecastReport } from '../../projections/figures/report.figures';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { aBenefitCase, aFinancialLine } from '../support/investment.mothers';
import { LedgerLog, trancheAdded } from './ledger-events';

const ID = 'inv1';
const LINE = 'fewer-licences';
const YEARS = ['2024', '2025', '2026', '2027'];

/**
 * Horizon 2024–2027, no costs, decided in 2026 (t = 0 in 2026, so a 2026 flow is its present
 * value); the financial line forecast yearly, or by month in 2026.
 */
const caseOf = (forecast: 'yearly' | 'monthly-2026'): BenefitCase =>
  aBenefitCase({
    startYear: 2024,
    horizonYears: 4,
    costs: [],
    benefits: [
      aFinancialLine({
        forecast:
          forecast === 'yearly'
            ? YEARS.map((period) => ({ period, amount: '1200000.00' }))
            : Array.from({ length: 12 }, (_, i) => ({
                period: `2026-${String(i + 1).padStart(2, '0')}`,
                amount: '100000.00',
              })),
      }),
    ],
  });

const viewsWith = (benefitCase: BenefitCase, period: string, value: string) =>
  foldViews(
    initialViews,
    new LedgerLog()
      .fund('f', {
        type: 'FundEstablished',
        data: { fundId: 'f', name: 'Fond', currency: 'SEK', decisionRef: 'KF', trancheIds: ['t1'] },
      })
      .fund('f', trancheAdded('t1', 'Etapp 1', '10000000.00'))
      .investment(ID, {
        type: 'InvestmentProposed',
        data: {
          investmentId: ID,
          title: ID,
          department: 'dep',
          projectLead: 'lena.lind',
          need: 'B',
        },
      })
      .investment(ID, {
        type: 'BenefitCaseDocumented',
        data: { investmentId: ID, version: 1, case: benefitCase },
      })
      .fund('f', {
        type: 'FundsAllocated',
        data: {
          allocationId: 'a1',
          investmentId: ID,
          trancheId: 't1',
          amount: '1000000.00',
          decidedOn: '2026-03-01',
          decisionRef: 'Ks 1/2026',
          benefitCaseVersion: 1,
        },
      })
      .investment(ID, {
        type: 'InvestmentApproved',
        data: { investmentId: ID, allocationId: 'a1', baselineCaseVersion: 1 },
      })
      .investment(ID, {
        type: 'EffectReported',
        data: {
          investmentId: ID,
          reportId: 'r1',
          benefitLineId: LINE,
          period,
          value,
          evidence: 'Utfall',
          caseVersion: 1,
        },
      })
      .all(),
  );

const figuresOn = (views: ReturnType<typeof viewsWith>, today: string) => {
  const options = { grain: 'year' as const, today, tolerances: DEFAULT_TOLERANCES };
  const figures = investmentFigures(views.forecastVsActual.investments[ID], options);
  const year2026 = figures.runningCostEffect.years.find((y) => y.year === 2026);
  // The fund report works the effect out from the track alone (not from the page's lines).
  const report = forecastReport(views.forecastVsActual, 'investment', options);
  return {
    actualToDate: figures.totals.toDate.actual,
    pvBenefits: figures.kpis.actualToDate?.monetised.pvBenefits,
    financialPv: figures.kpis.actualToDate?.financial.pvBenefits,
    effect2026: year2026?.actual?.financialBenefits,
    effectTotal: figures.runningCostEffect.total.actual?.financialBenefits,
    reportEffect: report.groups[0]?.runningCostEffect.total.actual?.financialBenefits,
  };
};

describe('the actual-to-date KPIs and running-cost effect count only what is due (F7)', () => {
  it('leave out a report of the running year until the year has ended', () => {
    const views = viewsWith(caseOf('yearly'), '2026', '3000000.00');
    expect(figuresOn(views, '2026-12-06')).toEqual({
      actualToDate: '0.00',
      pvBenefits: '0.00',
      financialPv: '0.00',
      effect2026: '0.00',
      effectTotal: '0.00',
      reportEffect: '0.00',
    });
    expect(figuresOn(views, '2027-01-01')).toEqual({
      actualToDate: '3000000.00',
      pvBenefits: '3000000.00',
      financialPv: '3000000.00',
      effect2026: '3000000.00',
      effectTotal: '3000000.00',
      reportEffect: '3000000.00',
    });
  });

  it('count the due months of a report as the actual to date does, by the forecast they are held to', () => {
    // Forecast by month: October and November are due on 6 December, December is not.
    const views = viewsWith(caseOf('monthly-2026'), '2026-Q4', '300000.00');
    expect(figuresOn(views, '2026-12-06')).toEqual({
      actualToDate: '200000.00',
      pvBenefits: '200000.00',
      financialPv: '200000.00',
      effect2026: '200000.00',
      effectTotal: '200000.00',
      reportEffect: '200000.00',
    });
  });
});
