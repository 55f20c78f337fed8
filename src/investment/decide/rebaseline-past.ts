/**
 * A re-baseline decides on the periods still to come, never on those already due. Delivery is
 * measured against the baseline for every due period, so a version that forecast an overdue
 * year at what was in fact delivered, once adopted, turned a realisation ratio of 0.20 into
 * 1.0 for a year judged long before the board's decision. What the new baseline must keep, on
 * the day it is decided (`today`):
 * - every forecast entry (cost and valued benefit lines) of a period that has ended, at the
 *   same amount; and no new one for such a period (a year split into quarters already over, or
 *   a line added with a past forecast, would be judged retroactively too);
 * - every qualitative line that already owed a reading (its owed periods come from the
 *   obligations), with the same indicator baseline and direction: they are the measured
 *   starting point and which way is better, by which every reading is judged. Targets may
 *   change: they are the ambition the board re-decides.
 */
import { Dec, Money } from '../../money/money';
import { formatPeriod, periodEndedBy, periodOf } from '../../periods/period';
import { BenefitCase, ForecastEntry, findBenefitLine, isValued } from '../benefit-case';
import { IsoDate } from '../investment.events';
import { Obligation } from '../obligations';

export type PastRewrite =
  | {
      readonly kind: 'forecast';
      readonly lineId: string;
      readonly period: string;
      /** The amount in the baseline replaced, or null where it had none. */
      readonly before: string | null;
      readonly after: string | null;
    }
  | {
      readonly kind: 'indicator';
      readonly lineId: string;
      readonly field: 'baseline' | 'direction';
      readonly before: string;
      readonly after: string;
    }
  | { readonly kind: 'line-dropped'; readonly lineId: string };

/** The forecast lines of a case (costs and valued benefits) by id. */
const forecastLines = (benefitCase: BenefitCase): Map<string, readonly ForecastEntry[]> => {
  const lines = new Map<string, readonly ForecastEntry[]>();
  for (const cost of benefitCase.costs) lines.set(cost.costLineId, cost.forecast);
  for (const line of benefitCase.benefits) {
    if (isValued(line.class)) lines.set(line.benefitLineId, line.forecast ?? []);
  }
  return lines;
};

/** A line's entries of the periods ended by `today`, by their written period. */
const endedEntries = (entries: readonly ForecastEntry[], today: IsoDate): Map<string, Money> => {
  const ended = new Map<string, Money>();
  for (const entry of entries) {
    const period = periodOf(entry.period);
    if (periodEndedBy(period, today)) ended.set(formatPeriod(period), Money.of(entry.amount));
  }
  return ended;
};

const forecastRewrites = (
  before: BenefitCase,
  after: BenefitCase,
  today: IsoDate,
): PastRewrite[] => {
  const was = forecastLines(before);
  const is = forecastLines(after);
  const rewrites: PastRewrite[] = [];
  for (const lineId of new Set([...was.keys(), ...is.keys()])) {
    const old = endedEntries(was.get(lineId) ?? [], today);
    const now = endedEntries(is.get(lineId) ?? [], today);
    for (const period of new Set([...old.keys(), ...now.keys()])) {
      const a = old.get(period);
      const b = now.get(period);
      if (a !== undefined && b !== undefined && a.equals(b)) continue;
      rewrites.push({
        kind: 'forecast',
        lineId,
        period,
        before: a?.toString() ?? null,
        after: b?.toString() ?? null,
      });
    }
  }
  return rewrites;
};

/** The qualitative lines that owe a reading for a period ended by `today`. */
const readLinesDue = (owed: readonly Obligation[], today: IsoDate): Set<string> =>
  new Set(
    owed
      .filter((o) => !isValued(o.class) && periodEndedBy(periodOf(o.period), today))
      .map((o) => o.benefitLineId),
  );

const indicatorRewrites = (
  before: BenefitCase,
  after: BenefitCase,
  owed: readonly Obligation[],
  today: IsoDate,
): PastRewrite[] => {
  const due = readLinesDue(owed, today);
  const rewrites: PastRewrite[] = [];
  for (const line of before.benefits) {
    if (isValued(line.class) || !due.has(line.benefitLineId)) continue;
    const kept = findBenefitLine(after, line.benefitLineId);
    if (kept === undefined) {
      rewrites.push({ kind: 'line-dropped', lineId: line.benefitLineId });
      continue;
    }
    const [was, is] = [line.indicator, kept.indicator];
    if (!new Dec(was.baseline).eq(is.baseline)) {
      rewrites.push({
        kind: 'indicator',
        lineId: line.benefitLineId,
        field: 'baseline',
        before: was.baseline,
        after: is.baseline,
      });
    }
    if (was.direction !== is.direction) {
      rewrites.push({
        kind: 'indicator',
        lineId: line.benefitLineId,
        field: 'direction',
        before: was.direction,
        after: is.direction,
      });
    }
  }
  return rewrites;
};

/**
 * What adopting `after` in place of the baseline `before` on `today` would change of what was
 * already due; empty when it changes only what is still to come. `owed`: the investment's
 * follow-up obligations (obligationsOfInvestment).
 */
export const pastRewrites = (
  before: BenefitCase,
  after: BenefitCase,
  owed: readonly Obligation[],
  today: IsoDate,
): PastRewrite[] => [
  ...forecastRewrites(before, after, today),
  ...indicatorRewrites(before, after, owed, today),
];

/** One rewrite in words, for the refusal's detail. */
export const describeRewrite = (rewrite: PastRewrite): string => {
  switch (rewrite.kind) {
    case 'forecast':
      return `the forecast of ${rewrite.lineId} for ${rewrite.period} (${rewrite.before ?? 'none'} → ${rewrite.after ?? 'none'})`;
    case 'indicator':
      return `the indicator ${rewrite.field} of ${rewrite.lineId} (${rewrite.before} → ${rewrite.after})`;
    case 'line-dropped':
      return `line ${rewrite.lineId}, whose readings are already owed`;
  }
};
