/**
 * The fund report: forecast against actual for the monetised benefit lines of every
 * investment, per period of a grain, grouped by fund, tranche, department, benefit class or
 * investment. Rows are one per group, benefit line and period. To put a line under a fund
 * or tranche its amounts are split in proportion to the investment's net allocations
 * (figures/funding.ts, the same basis as the fund balance's spent and harvested); an
 * investment without allocations falls under the group `unallocated`. Qualitative lines
 * have no SEK and are left out.
 */
import { groupedBy } from '../../src/shared/grouped-by';
import { Money } from '../../src/money/money';
import { Grain, periodOf } from '../../src/periods/period';
import { BenefitClass, findBenefitLine, isValued } from '../../src/investment/benefit-case';
import { BenefitTrack, ForecastVsActualView } from '../forecast-vs-actual.projection';
import {
  AmountFigures,
  FigureOptions,
  InvestmentFigures,
  LineFigures,
  PeriodFigures,
  baselineCase,
  currentCase,
  runningCostEffectOf,
  sumFigures,
  valuedLineFiguresOf,
} from './forecast-vs-actual.figures';
import { entryOf, monthsCovered } from './grid';
import { RunningCostEffectFigures, splitEffect, sumEffects } from './running-cost-effect.figures';
import { fundingWeights, trancheKeyText } from './funding';
import { Weight } from './shares';
import { sortPeriodTexts } from './grid';
import { shareLines } from './share-grid';
import { PartOf, computeEach } from './parts';
import { compareText } from '../../src/shared/compare';
import { ownEntry } from '../../src/shared/own-entry';

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
  /** The running-cost effect of the group's investments (or shares of them) per year. */
  readonly runningCostEffect: RunningCostEffectFigures;
}

export interface ForecastReport {
  readonly groupBy: GroupBy;
  readonly grain: Grain;
  readonly today: string;
  readonly groups: readonly ReportGroup[];
  readonly rows: readonly ReportRow[];
  /** Over every row (the fund's total): Σ rows = Σ groups' totals = this, to the öre. */
  readonly totals: AmountFigures;
  /** Σ of the groups' running-cost effects. */
  readonly runningCostEffect: RunningCostEffectFigures;
}

const rowOf = (
  track: BenefitTrack,
  benefitLineId: string,
  benefitClass: BenefitClass,
  row: PeriodFigures,
): ReportRow => ({
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
  harvestedAhead: row.harvestedAhead,
  variance: row.variance,
  realisationRatio: row.realisationRatio,
  forecastDue: row.forecastDue,
  forecastDrift: row.forecastDrift,
  deliveryGap: row.deliveryGap,
  notReported: row.notReported,
});

/**
 * A row with nothing to show: no forecast or harvest but zero, no report, nothing due. A
 * report of zero is a fact (nothing delivered) and keeps its row, at every grain alike, so
 * the rows of one grain still add up to the next.
 */
const isEmpty = (row: ReportRow): boolean =>
  row.actual === null &&
  [row.baselineForecast, row.currentForecast, row.harvested].every(
    (v) => v === null || Money.of(v).isZero(),
  ) &&
  row.variance === null;

/**
 * The months (grid.ts firstMonthIndex) that a forecast (baseline or current) or a harvest of
 * the line with an amount other than zero falls in. A period holding one keeps its row even
 * where its amounts add up to zero (-0.06 in a quarter and +0.06 over its year): its months'
 * rows are not zero, and dropping the year's row but not theirs made the grains disagree (the
 * month report's totals 0.00 where the year report's were null).
 */
const amountMonths = (track: BenefitTrack, benefitLineId: string): Set<number> => {
  const forecasts = [baselineCase(track), currentCase(track)].flatMap((benefitCase) =>
    benefitCase ? (findBenefitLine(benefitCase, benefitLineId)?.forecast ?? []) : [],
  );
  const harvests = track.harvests
    .filter((h) => h.benefitLineId === benefitLineId)
    .map((h) => ({ period: String(h.fiscalYear), amount: h.amount }));
  return monthsCovered([...forecasts, ...harvests].map(entryOf).filter((e) => !e.amount.isZero()));
};

/** A row with nothing to show, in a period no amount of the line falls in (amountMonths). */
const isDropped = (row: ReportRow, months: ReadonlySet<number>): boolean => {
  if (!isEmpty(row)) return false;
  for (const month of monthsCovered([{ period: periodOf(row.period) }]))
    if (months.has(month)) return false;
  return true;
};

/**
 * The tranches that paid for the investment (positive net weights, in the order it first got
 * money from each) and the group each falls under: its fund, or itself. Shares are always
 * split by tranche and summed into their fund, so a fund's share is the sum of its tranches'
 * as in the fund balance; split by the fund's own weight it rounded apart from them.
 */
const trancheGroups = (
  track: BenefitTrack,
  groupBy: 'fund' | 'tranche',
): { weights: Weight<string>[]; groupOf: (key: string) => string } => {
  const paid = fundingWeights(track.allocations).filter((w) => w.weight.gt(Money.zero));
  const groups = new Map(
    paid.map((w) => [
      trancheKeyText(w.key),
      groupBy === 'fund' ? w.key.fundId : trancheKeyText(w.key),
    ]),
  );
  return {
    weights: paid.map((w) => ({ key: trancheKeyText(w.key), weight: w.weight })),
    groupOf: (key) => groups.get(key) ?? key,
  };
};

/** One investment's running-cost effect under the groups it falls in. */
export type GroupedEffect = { readonly group: string; readonly effect: RunningCostEffectFigures };

/**
 * Under fund or tranche the effect is split like the rows (net allocations); by class it is
 * the `financial` group's (only financial benefits and recurring costs make it up).
 */
const effectsOf = (
  track: BenefitTrack,
  groupBy: GroupBy,
  effect: RunningCostEffectFigures,
): GroupedEffect[] => {
  if (effect.years.length === 0) return [];
  switch (groupBy) {
    case 'fund':
    case 'tranche': {
      const { weights, groupOf } = trancheGroups(track, groupBy);
      if (weights.length === 0) return [{ group: UNALLOCATED, effect }];
      const groups = new Set(weights.map((w) => groupOf(w.key)));
      // One group (one tranche, or one fund's tranches by fund): its share is the whole effect.
      if (groups.size === 1) return [{ group: groupOf(weights[0].key), effect }];
      const shares = splitEffect(effect, weights);
      const byGroup = new Map<string, RunningCostEffectFigures[]>();
      weights.forEach((w, i) => {
        const group = groupOf(w.key);
        byGroup.set(group, [...(byGroup.get(group) ?? []), shares[i]]);
      });
      return [...byGroup].map(([group, parts]) => ({
        group,
        effect: parts.length === 1 ? parts[0] : sumEffects(parts),
      }));
    }
    case 'department':
      return [{ group: track.department, effect }];
    case 'class':
      return [{ group: 'financial', effect }];
    case 'investment':
      return [{ group: track.investmentId, effect }];
    default: {
      const exhaustive: never = groupBy;
      throw new Error(`unknown grouping ${String(exhaustive)}`);
    }
  }
};

/**
 * The figures of one investment a part is made from: its monetised lines at a grain and its
 * running-cost effect, each worked out once however often the part asks.
 */
interface PartFigures {
  valuedLines(grain: Grain): readonly LineFigures[];
  readonly runningCostEffect: RunningCostEffectFigures;
}

/**
 * From the track; with `known`, the investment's figures at the report's grain and day
 * already worked out (investmentFigures), whose monetised lines and effect are these.
 */
const partFigures = (
  track: BenefitTrack,
  options: FigureOptions,
  known?: Pick<InvestmentFigures, 'lines' | 'runningCostEffect'>,
): PartFigures => {
  const atGrain = new Map<Grain, readonly LineFigures[]>();
  // investmentFigures' lines are lineFiguresOf's: the valued ones are valuedLineFiguresOf's.
  if (known)
    atGrain.set(
      options.grain,
      known.lines.filter((line) => isValued(line.class)),
    );
  return {
    valuedLines(grain) {
      const cached = atGrain.get(grain);
      if (cached) return cached;
      const lines = valuedLineFiguresOf(track, { ...options, grain });
      atGrain.set(grain, lines);
      return lines;
    },
    runningCostEffect: known?.runningCostEffect ?? runningCostEffectOf(track, options.today),
  };
};

/** The valued lines' rows under their own investment, department, class or the line itself. */
const ownRows = (track: BenefitTrack, options: FigureOptions, figures: PartFigures): ReportRow[] =>
  figures.valuedLines(options.grain).flatMap((line) => {
    const months = amountMonths(track, line.benefitLineId);
    return line.periods
      .map((p) => rowOf(track, line.benefitLineId, line.class, p))
      .filter((row) => !isDropped(row, months));
  });

/**
 * The rows split over the funds or tranches that paid (share-grid.ts: the shares add up across
 * and, within one share, from months to quarters to years to the line and the investment, whose
 * whole is split as the fund balance splits it); no allocation: `unallocated`.
 *
 * A share keeps its row wherever the line's whole row is kept, even at zero: the remainders of
 * the split can give one share +0.01 and -0.01 in two months of a quarter whose share is 0.00,
 * and dropping that quarter but not its months would break the sums between the grains.
 */
const sharedRows = (
  track: BenefitTrack,
  groupBy: 'fund' | 'tranche',
  options: FigureOptions,
  figures: PartFigures,
): ReportRow[] => {
  const { weights, groupOf } = trancheGroups(track, groupBy);
  if (weights.length === 0)
    return ownRows(track, options, figures).map((row) => ({ ...row, group: UNALLOCATED }));
  const lines = figures.valuedLines(options.grain);
  const shared = shareLines(
    lines.map(
      (line) => (grain: Grain) =>
        figures.valuedLines(grain).find((l) => l.benefitLineId === line.benefitLineId)?.periods ??
        [],
    ),
    options.grain,
    weights,
    groupOf,
  );
  return lines.flatMap((line, l) => {
    const months = amountMonths(track, line.benefitLineId);
    // shareLines answers each line's own periods in their order.
    return shared[l].flatMap(({ period, shares }, j) => {
      const whole = !isDropped(
        rowOf(track, line.benefitLineId, line.class, line.periods[j]),
        months,
      );
      return shares
        .map(({ group, figures: share }) => ({
          ...rowOf(track, line.benefitLineId, line.class, {
            period,
            indicatorValue: null,
            ...share,
          }),
          group,
        }))
        .filter((row) => whole || !isEmpty(row));
    });
  });
};

const rowsOf = (
  track: BenefitTrack,
  groupBy: GroupBy,
  options: FigureOptions,
  figures: PartFigures,
): ReportRow[] => {
  switch (groupBy) {
    case 'fund':
    case 'tranche':
      return sharedRows(track, groupBy, options, figures);
    case 'department':
      return ownRows(track, options, figures).map((row) => ({ ...row, group: row.department }));
    case 'class':
      return ownRows(track, options, figures).map((row) => ({ ...row, group: row.class }));
    case 'investment':
      return ownRows(track, options, figures).map((row) => ({
        ...row,
        group: row.investmentId,
      }));
    default: {
      const exhaustive: never = groupBy;
      throw new Error(`unknown grouping ${String(exhaustive)}`);
    }
  }
};

const compareRows = (a: ReportRow, b: ReportRow): number => {
  const ka = [a.group, a.investmentId, a.benefitLineId];
  const kb = [b.group, b.investmentId, b.benefitLineId];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
};

const groupsOf = (rows: readonly ReportRow[], effects: readonly GroupedEffect[]): ReportGroup[] => {
  const byGroup = groupedBy(rows, (row) => row.group);
  const effectsByGroup = groupedBy(effects, (e) => e.group);
  for (const group of effectsByGroup.keys()) if (!byGroup.has(group)) byGroup.set(group, []);
  return [...byGroup.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([group, members]) => {
      const byPeriod = groupedBy(members, (r) => r.period);
      const periods = sortPeriodTexts(byPeriod.keys()).map((period) => ({
        period,
        ...sumFigures(byPeriod.get(period) ?? []),
      }));
      return {
        group,
        periods,
        // Σ of its periods = Σ of its rows (sums are exact; a lone amount passes through as it stands).
        totals: sumFigures(periods),
        runningCostEffect: sumEffects((effectsByGroup.get(group) ?? []).map((e) => e.effect)),
      };
    });
};

/** One investment's part of a report: its rows and its running-cost effects, under their groups. */
export interface TrackPart {
  readonly rows: readonly ReportRow[];
  readonly effects: readonly GroupedEffect[];
}

/**
 * One investment's part of the report by `groupBy`: from its track and the options alone.
 * `known`, its figures at the options' grain and day (investmentFigures), when the caller has
 * worked them out already: the part takes its monetised lines and effect from them instead of
 * working them out again.
 */
export const trackPart = (
  track: BenefitTrack,
  groupBy: GroupBy,
  options: FigureOptions,
  known?: Pick<InvestmentFigures, 'grain' | 'today' | 'lines' | 'runningCostEffect'>,
): TrackPart => {
  if (known && (known.grain !== options.grain || known.today !== options.today)) {
    throw new Error("the figures given are not at the report's grain and day");
  }
  const figures = partFigures(track, options, known);
  return {
    rows: rowsOf(track, groupBy, options, figures),
    effects: effectsOf(track, groupBy, figures.runningCostEffect),
  };
};

/**
 * The report from the parts of the investments it covers, in any order (the rows are sorted,
 * the effects summed year by year): the groups and the totals summed. A group's figures are
 * sums of its rows and effects alone, so parts of fewer investments give the same figures for
 * every group those others have no share in (the board report sums one fund's group from the
 * parts of the investments it funded).
 */
export const reportOfParts = (
  parts: readonly TrackPart[],
  groupBy: GroupBy,
  options: FigureOptions,
): ForecastReport => {
  const rows = parts.flatMap((part) => part.rows);
  const effects = parts.flatMap((part) => part.effects);
  const periodOrder = new Map(sortPeriodTexts(rows.map((r) => r.period)).map((p, i) => [p, i]));
  const sorted = [...rows].sort(
    (a, b) =>
      compareRows(a, b) || (periodOrder.get(a.period) ?? 0) - (periodOrder.get(b.period) ?? 0),
  );
  const groups = groupsOf(sorted, effects);
  // The groups partition the rows and the effects: summing their sums is summing every row.
  return {
    groupBy,
    grain: options.grain,
    today: options.today,
    groups,
    rows: sorted,
    totals: sumFigures(groups.map((g) => g.totals)),
    runningCostEffect: sumEffects(groups.map((g) => g.runningCostEffect)),
  };
};

export const forecastReport = (
  view: ForecastVsActualView,
  groupBy: GroupBy,
  options: FigureOptions,
  partOf: PartOf<TrackPart> = computeEach,
): ForecastReport => {
  const ids = Object.keys(view.investments).sort(compareText);
  const parts = ids.flatMap((id) => {
    const part = partOf(id, () => {
      const track = ownEntry(view.investments, id);
      return track === undefined ? undefined : trackPart(track, groupBy, options);
    });
    return part === undefined ? [] : [part];
  });
  return reportOfParts(parts, groupBy, options);
};
