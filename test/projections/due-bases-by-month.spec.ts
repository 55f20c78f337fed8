/**
 * A line's figures per period against a plain month-by-month reading of the rules (the file
 * comment of forecast-vs-actual.figures.ts): over random forecasts (any grain, losses too),
 * reports, approval and "today"s, every period's amounts are the grid's at that grain, and its
 * due bases — read back from its figures — are the sums over its due months, where a month is
 * due once it and the reference forecast period holding it have ended, and a due month of a
 * loss without a report counts at its forecast (the larger loss of the current and the baseline
 * forecast). The line's to-date is the sum of its periods'.
 */
import fc from 'fast-check';
import { aPeriodText } from '../support/period-arbitraries';
import { BenefitCase, ForecastEntry } from '../../src/investment/benefit-case';
import { Money } from '../../src/money/money';
import {
  Grain,
  Period,
  formatPeriod,
  periodEnd,
  periodOf,
  subPeriods,
} from '../../src/periods/period';
import {
  DueBases,
  basesOf,
  lineFiguresOf,
} from '../../projections/figures/forecast-vs-actual.figures';
import { amountsOnGrain, entryOf } from '../../projections/figures/grid';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { BenefitTrack } from '../../projections/forecast-vs-actual.projection';
import { aBenefitCase, aFinancialLine } from '../support/investment.mothers';

const START = 2018;
const YEARS = 3;
const LINE = aFinancialLine().benefitLineId;

const amount = fc
  .integer({ min: -5_000_000, max: 50_000_000 })
  .map((ore) => Money.fromDecimal(Money.of('0.01').toDecimal().times(ore)).toString());

const year = fc.integer({ min: START, max: START + YEARS - 1 });
const period = aPeriodText(year);
const entries = fc.array(fc.record({ period, amount }), { maxLength: 6 });
const today = fc
  .record({
    y: fc.integer({ min: START - 1, max: START + YEARS }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

const aCase = (forecast: ForecastEntry[]): BenefitCase =>
  aBenefitCase({
    startYear: START,
    horizonYears: YEARS,
    costs: [],
    benefits: [aFinancialLine({ forecast })],
  });

const trackOf = (input: {
  base: ForecastEntry[];
  current: ForecastEntry[];
  approved: boolean;
  reports: { period: string; amount: string }[];
}): BenefitTrack => ({
  investmentId: 'random',
  title: 'R',
  department: 'D',
  cases: { '1': aCase(input.base), '2': aCase(input.current) },
  baselineCaseVersion: input.approved ? 1 : null,
  currentCaseVersion: 2,
  lineInfo: {
    [LINE]: {
      description: 'd',
      class: 'financial',
      owner: 'o',
      indicator: aFinancialLine().indicator,
    },
  },
  recurringCostLineIds: [],
  promisedIndicators: {},
  replacedPaths: [],
  approvedBy: null,
  allocations: [],
  // Later reports of a period stand beside earlier ones, as corrections keep their period.
  reports: input.reports.map((r, i) => ({
    reportId: `r${i}`,
    benefitLineId: LINE,
    period: r.period,
    value: r.amount,
    correctionId: null,
  })),
  harvests: [],
  costs: [],
});

const monthsOf = (p: Period): string[] => subPeriods(p, 'month').map(formatPeriod);
const sum = (amounts: Map<string, Money>, months: readonly string[]): Money =>
  months.reduce((s, m) => s.plus(amounts.get(m) ?? Money.zero), Money.zero);

/** The due bases of one period, month by month as the rules read. */
const expectedBases = (
  input: Parameters<typeof trackOf>[0],
  p: Period,
  day: string,
): (DueBases & { readonly assumedLoss: Money }) | null => {
  const base = input.base.map(entryOf);
  const current = input.current.map(entryOf);
  const reports = input.reports.map(entryOf);
  const reference = input.approved ? base : current;
  const pendingOf = (forecast: typeof reference): string[] =>
    forecast.filter((e) => !(periodEnd(e.period) < day)).flatMap((e) => monthsOf(e.period));
  // A month no reference period holds is held by the current forecast's period.
  const referenceMonths = new Set(reference.flatMap((e) => monthsOf(e.period)));
  const pending = new Set([
    ...pendingOf(reference),
    ...pendingOf(current).filter((m) => !referenceMonths.has(m)),
  ]);
  const reported = new Set(reports.flatMap((e) => monthsOf(e.period)));
  const baseMonths = amountsOnGrain(base, 'month');
  const currentMonths = amountsOnGrain(current, 'month');
  const actualMonths = amountsOnGrain(reports, 'month');
  const due = monthsOf(p).filter((m) => periodEnd(periodOf(m)) < day && !pending.has(m));
  if (due.length === 0) return null;
  const withReport = due.filter((m) => reported.has(m));
  const lossesAssumed = due.filter(
    (m) => !reported.has(m) && (currentMonths.get(m) ?? Money.zero).isNegative(),
  );
  // An unreported month counts at the larger loss of its forecasts (the baseline's once
  // approved), so dropping or shrinking a loss in a later version never lifts the variance.
  const assumedLoss = due
    .filter((m) => !reported.has(m))
    .map((m) => {
      const current = currentMonths.get(m) ?? Money.zero;
      const baseline = input.approved ? (baseMonths.get(m) ?? Money.zero) : Money.zero;
      const worse = baseline.lt(current) ? baseline : current;
      return worse.isNegative() ? worse : Money.zero;
    })
    .reduce((a, b) => a.plus(b), Money.zero);
  const bases = {
    baseline: input.approved ? sum(baseMonths, due) : null,
    current: sum(currentMonths, due),
    actual: sum(actualMonths, withReport).plus(assumedLoss),
    currentReported: sum(currentMonths, [...withReport, ...lossesAssumed]),
    assumedLoss,
  };
  // Owed month by month: forecasts of its months that cancel out (−0.15 in January, a year's
  // 0.15 spread) still owe their reports, as the rules read.
  const owed = due.some(
    (m) =>
      !(currentMonths.get(m) ?? Money.zero).isZero() ||
      (input.approved && !(baseMonths.get(m) ?? Money.zero).isZero()),
  );
  return owed || withReport.length > 0 ? bases : null;
};

const same = (a: Money | null, b: Money | null): boolean =>
  a === null || b === null ? a === b : a.equals(b);

const sameBases = (a: DueBases | null, b: DueBases | null): boolean =>
  a === null || b === null
    ? a === b
    : same(a.baseline, b.baseline) &&
      a.current.equals(b.current) &&
      a.actual.equals(b.actual) &&
      a.currentReported.equals(b.currentReported);

const textOn = (entries: ForecastEntry[], grain: Grain, p: string): string =>
  (amountsOnGrain(entries.map(entryOf), grain).get(p) ?? Money.zero).toString();

describe('a line’s due bases, month by month', () => {
  it('every period holds the sums over its due months, and the line to date their sum', () => {
    fc.assert(
      fc.property(
        fc.record({
          base: entries,
          current: entries,
          approved: fc.boolean(),
          reports: entries,
        }),
        today,
        fc.constantFrom<Grain>('year', 'quarter', 'month'),
        (input, day, grain) => {
          const track = trackOf(input);
          const [line] = lineFiguresOf(track, {
            grain,
            today: day,
            tolerances: DEFAULT_TOLERANCES,
          });
          const expected = line.periods.map((row) =>
            expectedBases(input, periodOf(row.period), day),
          );
          line.periods.forEach((row, i) => {
            expect(sameBases(basesOf(row), expected[i])).toBe(true);
            expect(row.currentForecast).toBe(textOn(input.current, grain, row.period));
            expect(row.baselineForecast).toBe(
              input.approved ? textOn(input.base, grain, row.period) : null,
            );
            // The period's actual: its reports, and the losses its unreported due months count
            // (the same as in the actual to date, so every view sums to it).
            const reported = amountsOnGrain(input.reports.map(entryOf), grain).get(row.period);
            const loss = expected[i]?.assumedLoss ?? Money.zero;
            const actual = loss.isZero() ? reported : (reported ?? Money.zero).plus(loss);
            expect(row.actual).toBe(actual ? actual.toString() : null);
          });
          const due: DueBases[] = expected.filter((b) => b !== null);
          const total = (pick: (b: DueBases) => Money): Money =>
            due.reduce((s, b) => s.plus(pick(b)), Money.zero);
          const toDate = basesOf(line.toDate);
          expect(toDate).not.toBeNull();
          expect(
            sameBases(toDate, {
              baseline: input.approved ? total((b) => b.baseline ?? b.current) : null,
              current: total((b) => b.current),
              actual: total((b) => b.actual),
              currentReported: total((b) => b.currentReported),
            }),
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
