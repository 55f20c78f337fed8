/**
 * The fund report: forecast against actual for the monetised benefit lines of every
 * investment, per period of a grain, grouped by fund, tranche, department, benefit class or
 * investment. Rows are one per group, benefit line and period. To put a line under a fund
 * or tranche its amounts are split in proportion to the investment's net allocations
 * (figures/funding.ts, the same basis as the fund balance's spent and harvested); an
 * investment without allocations falls under the group `unallocated`. Qualitative lines
 * have no SEK and are left out.
 */
import { Money } from '../../src/money/money';
import { Grain } from '../../src/periods/period';
import { BenefitClass, isValued } from '../../src/investment/benefit-case';
import { BenefitTrack, ForecastVsActualView } from '../forecast-vs-actual.projection';
import { AmountFigures, PeriodFigures, lineFiguresOf } from './forecast-vs-actual.figures';
import { fundingWeights, trancheKeyText } from './funding';
import { Tolerances } from './indicator';
import { ratioText } from './kpis';
import { splitByWeights, Weight } from './shares';
import { sortPeriodTexts } from './grid';

export const GROUP_BYS = ['fund', 'tranche', 'department', 'class', 'investment'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const UNALLOCATED = 'unallocated';

export interface ReportRow extends AmountFigures {
  readonly group: string;
  readonly investmentId: string;
  readonly department: string;
  readonly benefitLineId: string;
  readonly class: BenefitClass;
  readonly period: string;
}

export interface GroupPeriod extends AmountFigures {
  readonly period: string;
}

export interface ReportGroup {
  readonly group: string;
  readonly periods: readonly GroupPeriod[];
  readonly totals: AmountFigures;
}

export interface ForecastReport {
  readonly groupBy: GroupBy;
  readonly grain: Grain;
  readonly today: string;
  readonly groups: readonly ReportGroup[];
  readonly rows: readonly ReportRow[];
}

/** A row with the amount it is measured against (baseline once approved, else current). */
interface MeasuredRow extends ReportRow {
  readonly reference: Money | null;
}

const money = (text: string | null): Money | null => (text === null ? null : Money.of(text));
const text = (amount: Money | null): string | null => (amount === null ? null : amount.toString());

const measured = (
  track: BenefitTrack,
  benefitLineId: string,
  benefitClass: BenefitClass,
  row: PeriodFigures,
): MeasuredRow => ({
  group: '',
  investmentId: track.investmentId,
  department: track.department,
  benefitLineId,
  class: benefitClass,
  period: row.period,
  baselineForecast: row.baselineForecast,
  currentForecast: row.currentForecast,
  actual: row.actual,
  harvested: row.harvested,
  variance: row.variance,
  realisationRatio: row.realisationRatio,
  reference: money(track.baselineCaseVersion === null ? row.currentForecast : row.baselineForecast),
});

const isEmpty = (row: MeasuredRow): boolean =>
  [row.baselineForecast, row.currentForecast, row.actual, row.harvested].every(
    (v) => v === null || Money.of(v).isZero(),
  );

const withFigures = (
  row: MeasuredRow,
  group: string,
  amounts: { b: Money | null; c: Money | null; a: Money | null; h: Money | null; r: Money | null },
): MeasuredRow => ({
  ...row,
  group,
  baselineForecast: text(amounts.b),
  currentForecast: text(amounts.c),
  actual: text(amounts.a),
  harvested: text(amounts.h),
  reference: amounts.r,
  variance: amounts.a === null || amounts.r === null ? null : amounts.a.minus(amounts.r).toString(),
  realisationRatio:
    amounts.a === null || amounts.r === null || amounts.r.isZero()
      ? null
      : ratioText(amounts.a.toDecimal().dividedBy(amounts.r.toDecimal())),
});

/** The share of an optional amount for each key, in the order of the weights. */
const splitOptional = (
  amount: Money | null,
  weights: readonly Weight<string>[],
): (Money | null)[] =>
  amount === null ? weights.map(() => null) : splitByWeights(amount, weights).map((s) => s.amount);

const groupWeights = (track: BenefitTrack, groupBy: 'fund' | 'tranche'): Weight<string>[] => {
  const byKey = new Map<string, Money>();
  for (const w of fundingWeights(track.allocations)) {
    const key = groupBy === 'fund' ? w.key.fundId : trancheKeyText(w.key);
    byKey.set(key, (byKey.get(key) ?? Money.zero).plus(w.weight));
  }
  return [...byKey.entries()].map(([key, weight]) => ({ key, weight }));
};

const splitRow = (row: MeasuredRow, weights: readonly Weight<string>[]): MeasuredRow[] => {
  if (weights.length === 0) return [{ ...row, group: UNALLOCATED }];
  const b = splitOptional(money(row.baselineForecast), weights);
  const c = splitOptional(money(row.currentForecast), weights);
  const a = splitOptional(money(row.actual), weights);
  const h = splitOptional(money(row.harvested), weights);
  const r = splitOptional(row.reference, weights);
  return weights.map((w, i) =>
    withFigures(row, w.key, { b: b[i], c: c[i], a: a[i], h: h[i], r: r[i] }),
  );
};

const rowsOf = (
  track: BenefitTrack,
  groupBy: GroupBy,
  options: { grain: Grain; today: string; tolerances: Tolerances },
): MeasuredRow[] => {
  const weights = groupBy === 'fund' || groupBy === 'tranche' ? groupWeights(track, groupBy) : [];
  return lineFiguresOf(track, options)
    .filter((line) => isValued(line.class))
    .flatMap((line) =>
      line.periods
        .map((p) => measured(track, line.benefitLineId, line.class, p))
        .filter((row) => !isEmpty(row)),
    )
    .flatMap((row): MeasuredRow[] => {
      switch (groupBy) {
        case 'fund':
        case 'tranche':
          return splitRow(row, weights);
        case 'department':
          return [{ ...row, group: row.department }];
        case 'class':
          return [{ ...row, group: row.class }];
        case 'investment':
          return [{ ...row, group: row.investmentId }];
        default: {
          const exhaustive: never = groupBy;
          throw new Error(`unknown grouping ${String(exhaustive)}`);
        }
      }
    });
};

const sumOf = (values: readonly (Money | null)[]): Money | null =>
  values.reduce<Money | null>((sum, v) => (v === null ? sum : (sum ?? Money.zero).plus(v)), null);

/** Sums; variance and ratio over the rows with an actual, like for like. */
const summed = (rows: readonly MeasuredRow[]): AmountFigures => {
  const reported = rows.filter((r) => r.actual !== null);
  const actual = sumOf(reported.map((r) => money(r.actual)));
  const reference = sumOf(reported.map((r) => r.reference));
  return {
    baselineForecast: text(sumOf(rows.map((r) => money(r.baselineForecast)))),
    currentForecast: text(sumOf(rows.map((r) => money(r.currentForecast)))),
    actual: text(actual),
    harvested: text(sumOf(rows.map((r) => money(r.harvested)))),
    variance: text(sumOf(reported.map((r) => money(r.variance)))),
    realisationRatio:
      actual === null || reference === null || reference.isZero()
        ? null
        : ratioText(actual.toDecimal().dividedBy(reference.toDecimal())),
  };
};

const compareRows = (a: ReportRow, b: ReportRow): number => {
  const ka = [a.group, a.investmentId, a.benefitLineId];
  const kb = [b.group, b.investmentId, b.benefitLineId];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
};

const groupsOf = (rows: readonly MeasuredRow[]): ReportGroup[] => {
  const byGroup = new Map<string, MeasuredRow[]>();
  for (const row of rows) byGroup.set(row.group, [...(byGroup.get(row.group) ?? []), row]);
  return [...byGroup.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, members]) => ({
      group,
      periods: sortPeriodTexts(members.map((r) => r.period)).map((period) => ({
        period,
        ...summed(members.filter((r) => r.period === period)),
      })),
      totals: summed(members),
    }));
};

export const forecastReport = (
  view: ForecastVsActualView,
  groupBy: GroupBy,
  options: { grain: Grain; today: string; tolerances: Tolerances },
): ForecastReport => {
  const tracks = Object.values(view.investments).sort((a, b) =>
    a.investmentId < b.investmentId ? -1 : 1,
  );
  const rows = tracks.flatMap((track) => rowsOf(track, groupBy, options));
  const periodOrder = new Map(sortPeriodTexts(rows.map((r) => r.period)).map((p, i) => [p, i]));
  const sorted = [...rows].sort(
    (a, b) =>
      compareRows(a, b) || (periodOrder.get(a.period) ?? 0) - (periodOrder.get(b.period) ?? 0),
  );
  return {
    groupBy,
    grain: options.grain,
    today: options.today,
    groups: groupsOf(sorted),
    rows: sorted.map(({ reference: _reference, ...row }) => row),
  };
};
