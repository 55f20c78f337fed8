/**
 * Month figures derive from quarters, quarters from years: over random forecasts, reports and
 * "today"s, every figure of every benefit line, the investment's totals and the report's groups
 * (by investment, department, class, fund and tranche) at one grain sum to the öre to the
 * figure of the period holding them at the next coarser grain — also within each tranche's
 * share of an investment funded from two tranches. And an investment's part of a report made
 * from its figures already worked out (as the board report makes it) is the part made from its
 * track.
 */
import fc from 'fast-check';
import { Money } from '../../src/money/money';
import { Grain, coarsen, formatPeriod, periodOf } from '../../src/periods/period';
import {
  AmountFigures,
  PeriodFigures,
  investmentFigures,
} from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { GroupBy, forecastReport, trackPart } from '../../projections/figures/report.figures';
import { ID, distinctReports, input, viewsOf } from './random-investment';

const FIELDS = [
  'baselineForecast',
  'currentForecast',
  'actual',
  'harvested',
  'variance',
  'forecastDue',
  'forecastDrift',
  'deliveryGap',
  'notReported',
] as const;

const COARSER: Readonly<Record<'quarter' | 'month', Grain>> = { quarter: 'year', month: 'quarter' };

/** Every field of the finer rows, summed into the coarser period holding them, equals the coarser row's. */
const expectSumsTo = (
  finer: readonly (AmountFigures & { period: string })[],
  coarser: readonly (AmountFigures & { period: string })[],
  grain: 'quarter' | 'month',
): void => {
  for (const row of coarser) {
    const parts = finer.filter(
      (p) => formatPeriod(coarsen(periodOf(p.period), COARSER[grain])) === row.period,
    );
    for (const field of FIELDS) {
      const values = parts.map((p) => p[field]).filter((v): v is string => v !== null);
      const total =
        values.length === 0 ? null : Money.sum(values.map((v) => Money.of(v))).toString();
      expect({ period: row.period, field, value: total }).toEqual({
        period: row.period,
        field,
        value: row[field],
      });
    }
  }
};

describe('grains sum exactly to the next', () => {
  it('lines and totals of the investment figures: months → quarters → years', () => {
    fc.assert(
      fc.property(input, (raw) => {
        const views = viewsOf({ ...raw, reports: distinctReports(raw.reports) });
        const track = views.forecastVsActual.investments[ID];
        const at = (grain: Grain) =>
          investmentFigures(track, { grain, today: raw.today, tolerances: DEFAULT_TOLERANCES });
        const [year, quarter, month] = [at('year'), at('quarter'), at('month')];
        const linesOf = (f: typeof year, id: string): readonly PeriodFigures[] =>
          f.lines.find((l) => l.benefitLineId === id)?.periods ?? [];
        for (const id of ['fewer-licences', 'time-freed']) {
          expectSumsTo(linesOf(month, id), linesOf(quarter, id), 'month');
          expectSumsTo(linesOf(quarter, id), linesOf(year, id), 'quarter');
        }
        expectSumsTo(month.totals.periods, quarter.totals.periods, 'month');
        expectSumsTo(quarter.totals.periods, year.totals.periods, 'quarter');
        expect(month.totals.toDate).toEqual(year.totals.toDate);
        expect(quarter.totals.toDate).toEqual(year.totals.toDate);
      }),
      { numRuns: 60 },
    );
  });

  it('report groups, tranche shares included: months → quarters → years', () => {
    fc.assert(
      fc.property(
        input,
        fc.constantFrom<GroupBy>('fund', 'tranche', 'department', 'class', 'investment'),
        (raw, groupBy) => {
          const views = viewsOf({ ...raw, reports: distinctReports(raw.reports) });
          const at = (grain: Grain) =>
            forecastReport(views.forecastVsActual, groupBy, {
              grain,
              today: raw.today,
              tolerances: DEFAULT_TOLERANCES,
            });
          const [year, quarter, month] = [at('year'), at('quarter'), at('month')];
          for (const group of year.groups) {
            const periodsOf = (r: typeof year) =>
              r.groups.find((g) => g.group === group.group)?.periods ?? [];
            expectSumsTo(periodsOf(month), periodsOf(quarter), 'month');
            expectSumsTo(periodsOf(quarter), periodsOf(year), 'quarter');
          }
          expect(month.totals).toEqual(year.totals);
        },
      ),
      {
        numRuns: 25,
        examples: [
          // A line's baseline of -0.06 in 2019-Q1 and +0.06 over 2019 adds up to 0.00 in the
          // year, whose row was dropped as empty while the months (-0.02 …) kept theirs: the
          // month report's totals were 0.00 where the year report's were null.
          [
            {
              base: [
                [
                  { period: '2019-Q1', amount: '-0.06' },
                  { period: '2019', amount: '0.06' },
                ],
                [{ period: '2018', amount: '0.00' }],
              ],
              current: [
                [{ period: '2018', amount: '0.00' }],
                [{ period: '2018-01', amount: '0.00' }],
              ],
              reports: [],
              harvest: '0.00',
              today: '2018-01-15',
              secondAllocation: '33.33',
            },
            'fund',
          ],
          // t2's share of the harvest is 0.00 in 2018-Q4 but +0.01, +0.01, -0.02 in its months:
          // the quarter's row was dropped as empty while its months were kept.
          [
            {
              base: [
                [{ period: '2018-01', amount: '0.00' }],
                [{ period: '2018-Q1', amount: '0.00' }],
              ],
              current: [
                [{ period: '2018-01', amount: '0.00' }],
                [{ period: '2018', amount: '-0.37' }],
              ],
              reports: [],
              harvest: '0.09',
              today: '2018-01-15',
              secondAllocation: '33.33',
            },
            'tranche',
          ],
        ],
      },
    );
  });
});

describe("a report's part of an investment", () => {
  it('made from the figures already worked out is the part made from the track', () => {
    fc.assert(
      fc.property(
        input,
        fc.constantFrom<GroupBy>('fund', 'tranche', 'department', 'class', 'investment'),
        fc.constantFrom<Grain>('year', 'quarter', 'month'),
        (raw, groupBy, grain) => {
          const views = viewsOf({ ...raw, reports: distinctReports(raw.reports) });
          const track = views.forecastVsActual.investments[ID];
          const options = { grain, today: raw.today, tolerances: DEFAULT_TOLERANCES };
          const figures = investmentFigures(track, options);
          expect(trackPart(track, groupBy, options, figures)).toEqual(
            trackPart(track, groupBy, options),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses figures at another grain or day than the report', () => {
    const views = viewsOf({
      base: [[{ period: '2018', amount: '100.00' }], []],
      current: [[{ period: '2018', amount: '100.00' }], []],
      reports: [],
      harvest: '0.00',
      secondAllocation: '33.33',
    });
    const track = views.forecastVsActual.investments[ID];
    const options = { grain: 'year' as const, today: '2019-01-15', tolerances: DEFAULT_TOLERANCES };
    const byMonth = investmentFigures(track, { ...options, grain: 'month' });
    const later = investmentFigures(track, { ...options, today: '2019-02-15' });
    expect(() => trackPart(track, 'fund', options, byMonth)).toThrow(/grain and day/);
    expect(() => trackPart(track, 'fund', options, later)).toThrow(/grain and day/);
  });
});
