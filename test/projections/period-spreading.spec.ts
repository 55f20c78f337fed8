/**
 * Spreading keeps totals to the öre at the projection level: a coarse forecast shown at a
 * finer grain (even shares cut at whole öre, the remainder in the last sub-period), and an
 * investment's amounts split over the tranches that funded it.
 */
import { Money } from '../../src/money/money';
import { investmentFigures } from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { forecastReport } from '../../projections/figures/report.figures';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { aBenefitCase, aFinancialLine, aRedistributableLine } from '../support/investment.mothers';
import { LedgerLog, trancheAdded } from './ledger-events';

const ID = 'odd-amounts';
const TODAY = '2021-01-01';

const awkwardCase = aBenefitCase({
  startYear: 2018,
  horizonYears: 2,
  costs: [],
  benefits: [
    aFinancialLine({ forecast: [{ period: '2018', amount: '100.00' }] }),
    aRedistributableLine({ forecast: [{ period: '2019-Q1', amount: '0.01' }] }),
  ],
});

const tranche = (trancheId: string) => trancheAdded(trancheId, trancheId, '1000.00');

const allocation = (allocationId: string, trancheId: string) =>
  ({
    type: 'FundsAllocated',
    data: {
      allocationId,
      investmentId: ID,
      trancheId,
      amount: '100.00',
      decidedOn: '2018-01-10',
      decisionRef: 'KS',
      benefitCaseVersion: 1,
    },
  }) as const;

const views = () =>
  foldViews(
    initialViews,
    new LedgerLog()
      .fund('f', {
        type: 'FundEstablished',
        data: {
          fundId: 'f',
          name: 'Fond',
          currency: 'SEK',
          decisionRef: 'KF',
          trancheIds: ['t1', 't2', 't3'],
        },
      })
      .fund('f', tranche('t1'))
      .fund('f', tranche('t2'))
      .fund('f', tranche('t3'))
      .investment(ID, {
        type: 'InvestmentProposed',
        data: {
          investmentId: ID,
          title: 'Udda belopp',
          department: 'KLF',
          projectLead: 'lena.lind',
          need: '-',
        },
      })
      .investment(ID, {
        type: 'BenefitCaseDocumented',
        data: { investmentId: ID, version: 1, case: awkwardCase },
      })
      .fund('f', allocation('a1', 't1'))
      .fund('f', allocation('a2', 't2'))
      .fund('f', allocation('a3', 't3'))
      .investment(ID, {
        type: 'InvestmentApproved',
        data: { investmentId: ID, allocationId: 'a1', baselineCaseVersion: 1 },
      })
      .investment(ID, {
        type: 'CostRecorded',
        data: {
          investmentId: ID,
          costId: 'c1',
          amount: '0.01',
          incurredOn: '2018-02-01',
          reference: 'F1',
        },
      })
      .all(),
  );

const options = (grain: 'year' | 'quarter' | 'month') => ({
  grain,
  today: TODAY,
  tolerances: DEFAULT_TOLERANCES,
});

describe('period spreading at the projection level', () => {
  it('100.00 over 12 months goes through quarters: 25.00 each, months 8.33, 8.33, 8.34', () => {
    // Was eleven 8.33 and a last 8.37 (spread straight into months); issue 15 asks that months
    // sum exactly to their quarter, so a year is spread into quarters and each quarter into months.
    const figures = investmentFigures(views().forecastVsActual.investments[ID], options('month'));
    const months = figures.lines[0].periods.filter((p) => p.period.startsWith('2018'));
    const quarter = ['8.33', '8.33', '8.34'];
    expect(months.map((p) => p.baselineForecast)).toEqual([
      ...quarter,
      ...quarter,
      ...quarter,
      ...quarter,
    ]);
    expect(Money.sum(months.map((p) => Money.of(p.baselineForecast ?? ''))).toString()).toBe(
      '100.00',
    );
  });

  it('0.01 over the 3 months of a quarter: 0.00, 0.00, 0.01', () => {
    const figures = investmentFigures(views().forecastVsActual.investments[ID], options('month'));
    const months = figures.lines[1].periods.filter(
      (p) => p.period.startsWith('2019-0') && p.period <= '2019-03',
    );
    expect(months.map((p) => [p.period, p.currentForecast])).toEqual([
      ['2019-01', '0.00'],
      ['2019-02', '0.00'],
      ['2019-03', '0.01'],
    ]);
  });

  it('keeps the totals of every grain equal to the forecast', () => {
    for (const grain of ['year', 'quarter', 'month'] as const) {
      const figures = investmentFigures(views().forecastVsActual.investments[ID], options(grain));
      const total = Money.sum(
        figures.totals.periods.map((p) => Money.of(p.baselineForecast ?? '0.00')),
      ).toString();
      expect({ grain, total }).toEqual({ grain, total: '100.01' });
    }
  });

  it('splits an amount over three equally funded tranches without losing an öre', () => {
    const report = forecastReport(views().forecastVsActual, 'tranche', options('year'));
    const y2018 = report.rows.filter((r) => r.period === '2018');
    expect(y2018.map((r) => [r.group, r.baselineForecast])).toEqual([
      ['f/t1', '33.33'],
      ['f/t2', '33.33'],
      ['f/t3', '33.34'],
    ]);
    const y2019 = report.rows.filter((r) => r.period === '2019');
    expect(Money.sum(y2019.map((r) => Money.of(r.baselineForecast ?? ''))).toString()).toBe('0.01');
  });

  it('attributes 0.01 spent to the allocation recorded first, not split over the tranches', () => {
    const fund = views().fundBalance.funds.f;
    expect(fund.tranches.map((t) => t.spent)).toEqual(['0.01', '0.00', '0.00']);
    expect(fund.totals.spent).toBe('0.01');
  });
});
