/**
 * One investment's benefit lines split over the funds or tranches that paid for it, so that
 * the shares add up every way at every grain: across the shares every period sums to the
 * line's figure; within one share months sum to their quarter, quarters to their year, a
 * line's years to the line's whole and the lines to the investment's whole; and a tranche's
 * share of the investment's whole is the one the fund balance gives it (its harvested
 * included), so the report by tranche or fund and the balance agree at the öre.
 *
 * The investment's whole (every line's every year, key by key) is split by the weights
 * (figures/shares.ts: cut toward zero at the öre, the last share takes the rest), as the fund
 * balance splits its harvest. Below that, top down, level by level (lines of the investment,
 * years of a line, quarters of a year, months of a quarter): of the children that have an
 * amount, every one but the last is split by the weights, and the last takes, for each share,
 * what is left of that share of the parent. The last child's shares then add up to its own
 * amount too, because the parent's shares do and so do the other children's. Split year by
 * year instead, a tranche's harvested drifted from the balance's by up to an öre a year.
 *
 * The split is by tranche; a fund's share is the sum of its tranches' (as the fund balance's
 * figures are), not a split by the fund's weight, which would round apart from them.
 * Variance and its parts are derived from the split due bases, as for any row.
 */
import { Money } from '../../src/money/money';
import { Grain, coarsen, formatPeriod, periodOf } from '../../src/periods/period';
import {
  AmountFigures,
  DueBases,
  PeriodFigures,
  basesOf,
  dueFigures,
} from './forecast-vs-actual.figures';
import { Weight, splitByWeights } from './shares';

/** The amounts of a row that are split; everything else is derived from them. */
const KEYS = [
  'b',
  'c',
  'a',
  'h',
  'ha',
  'dueBaseline',
  'dueCurrent',
  'dueActual',
  'dueReported',
] as const;
type Key = (typeof KEYS)[number];
type Amounts = Readonly<Record<Key, Money | null>>;

const money = (text: string | null): Money | null => (text === null ? null : Money.of(text));
const text = (amount: Money | null): string | null => (amount === null ? null : amount.toString());

const amountsOf = (row: AmountFigures): Amounts => {
  const due = basesOf(row);
  return {
    b: money(row.baselineForecast),
    c: money(row.currentForecast),
    a: money(row.actual),
    h: money(row.harvested),
    ha: money(row.harvestedAhead),
    dueBaseline: due?.baseline ?? null,
    dueCurrent: due?.current ?? null,
    dueActual: due?.actual ?? null,
    dueReported: due?.currentReported ?? null,
  };
};

/** The figures of one share from its amounts. */
export const figuresOfShare = (amounts: Amounts): AmountFigures => {
  const due: DueBases | null =
    amounts.dueCurrent === null
      ? null
      : {
          baseline: amounts.dueBaseline,
          current: amounts.dueCurrent,
          actual: amounts.dueActual ?? Money.zero,
          currentReported: amounts.dueReported ?? Money.zero,
        };
  return {
    baselineForecast: text(amounts.b),
    currentForecast: text(amounts.c),
    actual: text(amounts.a),
    harvested: text(amounts.h),
    harvestedAhead: text(amounts.ha),
    ...dueFigures(due),
  };
};

const splitAmount = (amount: Money | null, weights: readonly Weight<string>[]): (Money | null)[] =>
  amount === null ? weights.map(() => null) : splitByWeights(amount, weights).map((s) => s.amount);

/** Rows added up key by key: null where no row has the amount. */
const sumAmounts = (rows: readonly Amounts[]): Amounts =>
  Object.fromEntries(
    KEYS.map((k) => {
      const present = rows.map((row) => row[k]).filter((v): v is Money => v !== null);
      return [k, present.length === 0 ? null : Money.sum(present)];
    }),
  ) as Amounts;

/** Per period text, the amounts of each share (in the order of the weights). */
type Shares = Map<string, Amounts[]>;

const splitRows = (rows: readonly Amounts[], weights: readonly Weight<string>[]): Amounts[][] =>
  rows.map((row) => {
    const parts = Object.fromEntries(KEYS.map((k) => [k, splitAmount(row[k], weights)])) as Record<
      Key,
      (Money | null)[]
    >;
    return weights.map((_, i) => Object.fromEntries(KEYS.map((k) => [k, parts[k][i]])) as Amounts);
  });

/** The children of one parent period, split so each share's children sum to its parent share. */
const splitChildren = (
  parent: readonly Amounts[],
  children: readonly Amounts[],
  weights: readonly Weight<string>[],
): Amounts[][] => {
  const out: Record<Key, Money | null>[][] = splitRows(children, weights).map((shares) =>
    shares.map((s) => ({ ...s })),
  );
  for (const key of KEYS) {
    const last = children.map((c) => c[key] !== null).lastIndexOf(true);
    if (last < 0) continue;
    weights.forEach((_, i) => {
      const others = Money.sum(
        out.filter((_, j) => j !== last).map((shares) => shares[i][key] ?? Money.zero),
      );
      out[last][i][key] = (parent[i][key] ?? Money.zero).minus(others);
    });
  }
  return out;
};

const FINER: Readonly<Record<'year' | 'quarter', Grain>> = { year: 'quarter', quarter: 'month' };

/** A line's periods at a grain. */
export type LineRows = (grain: Grain) => readonly PeriodFigures[];

/** One row of a line at the report's grain: each group's share of it, in the groups' order. */
export interface SharedRow {
  readonly period: string;
  readonly shares: readonly { readonly group: string; readonly figures: AmountFigures }[];
}

/**
 * One line's rows at `grain` as shares, top down from `whole` (the line's share of the
 * investment's whole) through its years: per row of `grain` in order, the amounts of each share.
 */
const lineShares = (
  rowsAt: LineRows,
  grain: Grain,
  weights: readonly Weight<string>[],
  whole: readonly Amounts[],
): { period: string; shares: Amounts[] }[] => {
  const years = rowsAt('year');
  const yearAmounts = years.map(amountsOf);
  let shares: Shares = new Map(
    splitChildren(whole, yearAmounts, weights).map((s, i) => [years[i].period, s]),
  );
  let at: Grain = 'year';
  let rows: readonly PeriodFigures[] = years;
  while (at !== grain) {
    const finer: Grain = FINER[at as 'year' | 'quarter'];
    const children = rowsAt(finer);
    const next: Shares = new Map();
    const byParent = new Map<string, PeriodFigures[]>();
    for (const child of children) {
      const parent = formatPeriod(coarsen(periodOf(child.period), at));
      const siblings = byParent.get(parent);
      if (siblings) siblings.push(child);
      else byParent.set(parent, [child]);
    }
    for (const [parent, members] of byParent) {
      const parentShares = shares.get(parent);
      // Every child's period coarsens to a parent row; were one missing, split the children alone.
      const split = parentShares
        ? splitChildren(parentShares, members.map(amountsOf), weights)
        : splitRows(members.map(amountsOf), weights);
      members.forEach((m, j) => next.set(m.period, split[j]));
    }
    shares = next;
    rows = children;
    at = finer;
  }
  return rows.map((row) => ({ period: row.period, shares: shares.get(row.period) ?? [] }));
};

/** Each line's shares of the investment's whole, split from the whole's shares. */
const wholesOf = (lines: readonly LineRows[], weights: readonly Weight<string>[]): Amounts[][] => {
  const lineTotals = lines.map((rowsAt) => sumAmounts(rowsAt('year').map(amountsOf)));
  const [whole] = splitRows([sumAmounts(lineTotals)], weights);
  return splitChildren(whole, lineTotals, weights);
};

/**
 * Every line of one investment at `grain` as shares: `lines[l](g)` gives line l's periods at
 * grain g, `weights` are by tranche, and `groupOf` names the group a tranche's share falls
 * under (its fund, or itself); a group's figures are the sum of its tranches' shares. Returns,
 * per line and per row of `grain` in order, each group's figures, groups in the order of their
 * first tranche.
 */
export const shareLines = (
  lines: readonly LineRows[],
  grain: Grain,
  weights: readonly Weight<string>[],
  groupOf: (key: string) => string = (key) => key,
): SharedRow[][] => {
  const groups = [...new Set(weights.map((w) => groupOf(w.key)))];
  const members = groups.map((group) =>
    weights.flatMap((w, i) => (groupOf(w.key) === group ? [i] : [])),
  );
  const byGroup = (shares: readonly Amounts[]): SharedRow['shares'] =>
    groups.map((group, g) => ({
      group,
      figures: figuresOfShare(
        members[g].length === 1
          ? shares[members[g][0]]
          : sumAmounts(members[g].map((i) => shares[i])),
      ),
    }));
  // Most investments are paid from one tranche, or from one fund when grouped by fund: the
  // one group's share of every row is the row (its tranches' shares add up to it exactly).
  if (groups.length === 1) {
    const [group] = groups;
    return lines.map((rowsAt) =>
      rowsAt(grain).map((row) => ({
        period: row.period,
        shares: [{ group, figures: figuresOfShare(amountsOf(row)) }],
      })),
    );
  }
  const lineWholes = wholesOf(lines, weights);
  return lines.map((rowsAt, l) =>
    lineShares(rowsAt, grain, weights, lineWholes[l]).map(({ period, shares }) => ({
      period,
      shares: byGroup(shares),
    })),
  );
};
