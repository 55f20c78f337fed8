/**
 * A valued line's `dueThrough`: the latest month its figures to date count that owes something
 * (a forecast other than zero, or a report). It says when the figures to date last moved by
 * the calendar alone, which the board report needs to tell an explanation written before a
 * period fell due from one written after (board-report.ts, fellDueAfter).
 */
import { BenefitCase } from '../../src/investment/benefit-case';
import type { Grain } from '../../src/periods/period';
import { investmentFigures } from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { aBenefitCase, aFinancialLine, aQualitativeLine } from '../support/investment.mothers';
import { approvedInvestmentLog } from './ledger-events';

const ID = 'due';

const theCase: BenefitCase = aBenefitCase({
  costs: [],
  benefits: [
    aFinancialLine({
      benefitLineId: 'yearly',
      forecast: ['2018', '2019', '2020'].map((period) => ({ period, amount: '300000.00' })),
    }),
    // The second quarter forecasts nothing: nothing is owed for it, unless it is reported.
    aFinancialLine({
      benefitLineId: 'quarterly',
      forecast: [
        { period: '2019-Q1', amount: '100000.00' },
        { period: '2019-Q2', amount: '0.00' },
      ],
    }),
    aQualitativeLine({ benefitLineId: 'nki' }),
  ],
});

const track = (reported: readonly { line: string; period: string; value: string }[] = []) =>
  foldViews(initialViews, approvedInvestmentLog(ID, theCase, reported).all()).forecastVsActual
    .investments[ID];

const dueThrough = (
  tracked: ReturnType<typeof track>,
  today: string,
  grain: Grain = 'year',
): Record<string, string | null> =>
  Object.fromEntries(
    investmentFigures(tracked, { grain, today, tolerances: DEFAULT_TOLERANCES }).lines.map((l) => [
      l.benefitLineId,
      l.dueThrough,
    ]),
  );

describe("a valued line's dueThrough", () => {
  it('is null before any forecast period has ended, and for a qualitative line', () => {
    expect(dueThrough(track(), '2018-12-31')).toEqual({
      yearly: null,
      quarterly: null,
      nki: null,
    });
  });

  it('is the last month of a yearly promise from the day after its year ends', () => {
    expect(dueThrough(track(), '2019-01-01').yearly).toBe('2018-12');
    expect(dueThrough(track(), '2019-12-31').yearly).toBe('2018-12');
    expect(dueThrough(track(), '2020-01-01').yearly).toBe('2019-12');
  });

  it('passes over a due month that forecasts nothing and holds no report', () => {
    const tracked = track();
    expect(dueThrough(tracked, '2019-04-01').quarterly).toBe('2019-03');
    expect(dueThrough(tracked, '2019-09-01').quarterly).toBe('2019-03');
  });

  it('counts a reported month once it is due, and not before', () => {
    const tracked = track([
      { line: 'quarterly', period: '2019-Q2', value: '5000.00' },
      { line: 'yearly', period: '2020', value: '310000.00' },
    ]);
    expect(dueThrough(tracked, '2019-06-30').quarterly).toBe('2019-03');
    expect(dueThrough(tracked, '2019-07-01').quarterly).toBe('2019-06');
    // The running year's report is no figure to date yet.
    expect(dueThrough(tracked, '2020-06-01').yearly).toBe('2019-12');
  });

  it('is the same at every grain', () => {
    const tracked = track([{ line: 'quarterly', period: '2019-Q2', value: '5000.00' }]);
    const year = dueThrough(tracked, '2020-02-01', 'year');
    expect(dueThrough(tracked, '2020-02-01', 'quarter')).toEqual(year);
    expect(dueThrough(tracked, '2020-02-01', 'month')).toEqual(year);
    expect(year).toEqual({ yearly: '2019-12', quarterly: '2019-06', nki: null });
  });
});
