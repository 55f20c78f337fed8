/**
 * Amounts recorded per period (forecasts, reports, harvests, costs) placed on a grid of one
 * grain. A coarser period is spread evenly over the finer ones with the öre remainder in the
 * last (so totals stay exact to the öre); a finer period adds into the coarser one holding it.
 * Spreading goes one grain at a time — a year into quarters, each quarter into months — so
 * months sum exactly to their quarter and quarters to their year at every grain (100.00 a year:
 * 25.00 a quarter, months 8.33, 8.33, 8.34; spreading straight into months would give eleven
 * 8.33 and 8.37, and January–March would not add up to the quarter's 25.00).
 */
import { Money } from '../../src/money/money';
import { endedBy } from './days';
import {
  Grain,
  Month,
  Period,
  coarsen,
  comparePeriods,
  formatPeriod,
  isFinerOrEqual,
  monthsIn,
  periodEnd,
  periodOf,
  spread,
  subPeriods,
} from '../../src/periods/period';

export interface PeriodEntry {
  readonly period: Period;
  readonly amount: Money;
}

/** From the recorded form: { period: "2018", amount: "600000.00" }. */
export const entryOf = (recorded: {
  readonly period: string;
  readonly amount: string;
}): PeriodEntry => ({
  period: periodOf(recorded.period),
  amount: Money.of(recorded.amount),
});

const MONTHS_PER_YEAR = 12;
const MONTHS_PER_QUARTER = 3;

/** The grain one step finer: a year is spread into quarters, a quarter into months. */
const FINER: Readonly<Record<Grain, Grain>> = { year: 'quarter', quarter: 'month', month: 'month' };

/** One entry on the grid: spread (one grain at a time) when coarser than the grain, coarsened when finer. */
export const onGrain = (entry: PeriodEntry, grain: Grain): PeriodEntry[] =>
  isFinerOrEqual(entry.period.grain, grain)
    ? [{ period: coarsen(entry.period, grain), amount: entry.amount }]
    : spread(entry.amount, entry.period, FINER[entry.period.grain]).flatMap((part) =>
        onGrain(part, grain),
      );

/** Every entry on the grid, summed per period, keyed by the period's text ("2018-Q1"). */
export const amountsOnGrain = (
  entries: readonly PeriodEntry[],
  grain: Grain,
): Map<string, Money> => {
  const out = new Map<string, Money>();
  for (const entry of entries) {
    for (const part of onGrain(entry, grain)) {
      const key = formatPeriod(part.period);
      out.set(key, (out.get(key) ?? Money.zero).plus(part.amount));
    }
  }
  return out;
};

/** The last month of a period: where a measurement taken over the period lands. */
export const lastMonthOf = (period: Period): Period => {
  const months = subPeriods(period, 'month');
  return months[months.length - 1];
};

/** True once the whole period lies before `today` (YYYY-MM-DD): its last day has passed. */
export const hasEnded = (period: Period, today: string): boolean =>
  endedBy(periodEnd(period), today);

/** Distinct period texts in chronological order (comparePeriods), each text read once. */
export const sortPeriodTexts = (texts: Iterable<string>): string[] => {
  const distinct = [...new Set(texts)];
  if (distinct.length < 2) return distinct;
  return distinct
    .map((text) => ({ text, period: periodOf(text) }))
    .sort((a, b) => comparePeriods(a.period, b.period))
    .map((p) => p.text);
};

/** Months counted from year 0: the index of a period's first month (a month is its own). */
export const firstMonthIndex = (period: Period): number => {
  const yearStart = period.year * MONTHS_PER_YEAR;
  switch (period.grain) {
    case 'year':
      return yearStart;
    case 'quarter':
      return yearStart + (period.quarter - 1) * MONTHS_PER_QUARTER;
    case 'month':
      return yearStart + period.month - 1;
    default: {
      const exhaustive: never = period;
      throw new Error(`unknown period ${JSON.stringify(exhaustive)}`);
    }
  }
};

/** The indices of the months a period's entries cover. */
export const monthsCovered = (entries: readonly { readonly period: Period }[]): Set<number> => {
  const out = new Set<number>();
  for (const { period } of entries) {
    const first = firstMonthIndex(period);
    for (let m = first; m < first + monthsIn(period); m++) out.add(m);
  }
  return out;
};

/** The month with this index (firstMonthIndex's inverse on months). */
export const monthAt = (index: number): Period => ({
  grain: 'month',
  year: Math.floor(index / MONTHS_PER_YEAR),
  month: ((index % MONTHS_PER_YEAR) + 1) as Month,
});

/** How many spreadings monthParts remembers before it starts afresh (a few kB each). */
const MONTH_PARTS_REMEMBERED = 1000;
const monthPartsByAmount = new Map<string, readonly Money[]>();

/**
 * The amounts onGrain(entry, 'month') gives, in the order of the period's months. They depend
 * only on the amount and the entry's grain (a year spreads alike in every year, a quarter in
 * every quarter), and forecasts repeat amounts across years, lines and case versions: each
 * spreading is done once and remembered (Money is immutable).
 */
const monthParts = (entry: PeriodEntry): readonly Money[] => {
  const key = `${entry.period.grain}:${entry.amount.toString()}`;
  const known = monthPartsByAmount.get(key);
  if (known) return known;
  const parts = onGrain(entry, 'month').map((part) => part.amount);
  if (monthPartsByAmount.size >= MONTH_PARTS_REMEMBERED) monthPartsByAmount.clear();
  monthPartsByAmount.set(key, parts);
  return parts;
};

/** Each month's part of an entry (onGrain(entry, 'month')), by month index, in order. */
export const forEachMonthPart = (
  entry: PeriodEntry,
  visit: (monthIndex: number, amount: Money) => void,
): void => {
  const first = firstMonthIndex(entry.period);
  if (entry.period.grain === 'month') visit(first, entry.amount);
  else monthParts(entry).forEach((amount, i) => visit(first + i, amount));
};

/** Every entry spread onto months, summed per month index: amountsOnGrain(entries, 'month') by index. */
export const amountsByMonth = (entries: readonly PeriodEntry[]): Map<number, Money> => {
  const out = new Map<number, Money>();
  const add = (key: number, amount: Money): void => {
    const before = out.get(key);
    // A month's first amount stands as it is (adding it to zero changes no text).
    out.set(key, before ? before.plus(amount) : amount);
  };
  for (const entry of entries) forEachMonthPart(entry, add);
  return out;
};

/** A month grid keyed by the months' texts, as amountsOnGrain(…, 'month') keys it. */
export const byMonthText = (amounts: ReadonlyMap<number, Money>): Map<string, Money> =>
  new Map([...amounts].map(([index, amount]) => [formatPeriod(monthAt(index)), amount]));
