/**
 * A valued line's `lastDueOn`: the day its figures to date last counted more of it, the latest
 * day a month owing something (a forecast other than zero, or a report) fell due — the day after
 * the forecast period holding the month ended (dueMonths). The board report needs it to tell an
 * explanation written before more of the line fell due from one written after
 * (board-report.ts, fellDueAfter).
 */
import { BenefitCase, BenefitLine } from '../../src/investment/benefit-case';
import type { Grain } from '../../src/periods/period';
import { investmentFigures } from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { aBenefitCase, aFinancialLine, aQualitativeLine } from '../support/investment.mothers';
import { approvedInvestmentLog } from './ledger-events';

const ID = 'due';

const yearly = (lineId: string, amount: string, years = ['2018', '2019', '2020']): BenefitLine =>
  aFinancialLine({
    benefitLineId: lineId,
    forecast: years.map((period) => ({ period, amount })),
  });

const theCase: BenefitCase = aBenefitCase({
  costs: [],
  benefits: [
    yearly('yearly', '300000.00'),
    // The second quarter forecasts nothing: nothing is owed for it, unless it is reported.
    aFinancialLine({
      benefitLineId: 'quarterly',
      forecast: [
        { period: '2019-Q1', amount: '100000.00' },
        { period: '2019-Q2', amount: '0.00' },
      ],
    }),
    // A year promised as nothing: its months fall due at the year's end, reported or not.
    yearly('zero-year', '0.00', ['2020']),
    // A dis-benefit: a loss forecast.
    yearly('loss', '-50000.00', ['2019']),
    aQualitativeLine({ benefitLineId: 'nki' }),
  ],
});

type Reported = { line: string; period: string; value: string };

const track = (reported: readonly Reported[] = [], laterVersion?: BenefitCase) => {
  const log = approvedInvestmentLog(ID, theCase, reported);
  if (laterVersion) {
    log.investment(ID, {
      type: 'BenefitCaseDocumented',
      data: { investmentId: ID, version: 2, case: laterVersion },
    });
  }
  return foldViews(initialViews, log.all()).forecastVsActual.investments[ID];
};

const lastDueOn = (
  tracked: ReturnType<typeof track>,
  today: string,
  grain: Grain = 'year',
): Record<string, string | null> =>
  Object.fromEntries(
    investmentFigures(tracked, { grain, today, tolerances: DEFAULT_TOLERANCES }).lines.map((l) => [
      l.benefitLineId,
      l.lastDueOn,
    ]),
  );

describe("a valued line's lastDueOn", () => {
  it('is null before any forecast period has ended, and for a qualitative line', () => {
    expect(lastDueOn(track(), '2018-12-31')).toEqual({
      yearly: null,
      quarterly: null,
      'zero-year': null,
      loss: null,
      nki: null,
    });
  });

  it('is the day after a yearly promise’s year ends, from that day on', () => {
    expect(lastDueOn(track(), '2019-01-01').yearly).toBe('2019-01-01');
    expect(lastDueOn(track(), '2019-12-31').yearly).toBe('2019-01-01');
    expect(lastDueOn(track(), '2020-01-01').yearly).toBe('2020-01-01');
    // A loss forecast owes its report as a saving does.
    expect(lastDueOn(track(), '2020-01-01').loss).toBe('2020-01-01');
  });

  it('passes over a due month that forecasts nothing and holds no report', () => {
    const tracked = track();
    expect(lastDueOn(tracked, '2019-04-01').quarterly).toBe('2019-04-01');
    expect(lastDueOn(tracked, '2019-09-01').quarterly).toBe('2019-04-01');
    // A year promised as nothing owes nothing when unreported.
    expect(lastDueOn(tracked, '2021-06-01')['zero-year']).toBeNull();
  });

  it('counts a reported month once it is due, and not before', () => {
    const tracked = track([
      { line: 'quarterly', period: '2019-Q2', value: '5000.00' },
      { line: 'yearly', period: '2020', value: '310000.00' },
    ]);
    expect(lastDueOn(tracked, '2019-06-30').quarterly).toBe('2019-04-01');
    expect(lastDueOn(tracked, '2019-07-01').quarterly).toBe('2019-07-01');
    // The running year's report is no figure to date yet.
    expect(lastDueOn(tracked, '2020-06-01').yearly).toBe('2020-01-01');
  });

  it('dates a reported month by the end of the promise holding it, not its own end', () => {
    // Quarters reported inside a year promised as one entry fall due with the year.
    const tracked = track([
      { line: 'zero-year', period: '2020-Q1', value: '1000.00' },
      { line: 'zero-year', period: '2020-Q2', value: '2000.00' },
    ]);
    expect(lastDueOn(tracked, '2020-08-01')['zero-year']).toBeNull();
    expect(lastDueOn(tracked, '2020-12-31')['zero-year']).toBeNull();
    expect(lastDueOn(tracked, '2021-01-01')['zero-year']).toBe('2021-01-01');
  });

  it('follows the current forecast of a line the baseline lacks, and the baseline where the current says nothing', () => {
    const later = aBenefitCase({
      costs: [],
      benefits: [
        // The current forecast drops 2020's saving; the baseline still owes it.
        yearly('yearly', '300000.00', ['2018', '2019']),
        ...theCase.benefits.filter((l) => l.benefitLineId !== 'yearly'),
        // Added after approval, promised by quarter.
        aFinancialLine({
          benefitLineId: 'added',
          forecast: [{ period: '2020-Q3', amount: '40000.00' }],
        }),
      ],
    });
    const tracked = track([], later);
    expect(lastDueOn(tracked, '2020-09-30').added).toBeNull();
    expect(lastDueOn(tracked, '2020-10-01').added).toBe('2020-10-01');
    expect(lastDueOn(tracked, '2021-01-01').yearly).toBe('2021-01-01');
  });

  it('is the same at every grain', () => {
    const tracked = track([{ line: 'quarterly', period: '2019-Q2', value: '5000.00' }]);
    const year = lastDueOn(tracked, '2020-02-01', 'year');
    expect(lastDueOn(tracked, '2020-02-01', 'quarter')).toEqual(year);
    expect(lastDueOn(tracked, '2020-02-01', 'month')).toEqual(year);
    expect(year).toEqual({
      yearly: '2020-01-01',
      quarterly: '2019-07-01',
      'zero-year': null,
      loss: '2020-01-01',
      nki: null,
    });
  });
});
