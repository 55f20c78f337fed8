/**
 * One benefit line's periods split over the funds or tranches that paid for it, so that the
 * shares add up both ways at every grain: across the shares every period sums to the line's
 * figure, and within one share months sum to their quarter and quarters to their year.
 *
 * The year rows are split by the weights (figures/shares.ts: cut toward zero at the öre, the
 * last share takes the rest). Below that, top down: of the quarters of a year (the months of a
 * quarter) that have an amount, every one but the last is split by the weights, and the last
 * takes, for each share, what is left of that share's year (quarter). The last child's shares
 * then add up to its own amount too, because the year's shares do and so do the other
 * children's. Variance and its parts are derived from the split due bases, as for any row.
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

/** Per period text, the amounts of each share (in the order of the weights). */
type Shares = Map<string, Amounts[]>;

/** One positive weight: the one share is the whole row (splitByWeights gives it all). */
const isWhole = (weights: readonly Weight<string>[]): boolean =>
  weights.length === 1 && weights[0].weight.gt(Money.zero);

const splitRows = (rows: readonly Amounts[], weights: readonly Weight<string>[]): Amounts[][] =>
  // Most investments are paid from one tranche: nothing to split.
  isWhole(weights)
    ? rows.map((row) => [row])
    : rows.map((row) => {
        const parts = Object.fromEntries(
          KEYS.map((k) => [k, splitAmount(row[k], weights)]),
        ) as Record<Key, (Money | null)[]>;
        return weights.map(
          (_, i) => Object.fromEntries(KEYS.map((k) => [k, parts[k][i]])) as Amounts,
        );
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

/**
 * The line's rows at `grain` as shares: `rowsAt(g)` gives the line's periods at grain g.
 * Returns, per row of `grain` in order, the figures of each share.
 */
export const shareRows = (
  rowsAt: (grain: Grain) => readonly PeriodFigures[],
  grain: Grain,
  weights: readonly Weight<string>[],
): { period: string; shares: AmountFigures[] }[] => {
  const years = rowsAt('year');
  let shares: Shares = new Map(
    splitRows(years.map(amountsOf), weights).map((s, i) => [years[i].period, s]),
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
  return rows.map((row) => ({
    period: row.period,
    shares: (shares.get(row.period) ?? []).map(figuresOfShare),
  }));
};
