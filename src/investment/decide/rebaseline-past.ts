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
 *   change: they are the ambition the board re-decides. A line the old baseline lacks (added
 *   after approval) was judged by its definition as promised after approval (promisedIndicator),
 *   so the version adopted keeps that one's baseline and direction: else the lead could document
 *   a new indicator baseline for a line read in deviation and have it adopted as the board's.
 */
import { Dec, Money } from '../../money/money';
import { formatPeriod, periodEndedBy, periodOf } from '../../periods/period';
import { BenefitCase, ForecastEntry, Indicator, findBenefitLine, isValued } from '../benefit-case';
import { IsoDate } from '../investment.events';
import { Obligation } from '../obligations';

export type PastRewrite =
  | {
      readonly kind: 'forecast';
      /** A cost line or a valued benefit line: their ids may be the same. */
      readonly line: 'cost' | 'benefit';
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

/**
 * What the decider knows of an investment's case versions (its Investment state has all of it):
 * every version, the one the first allocation approved, and the versions re-baselines adopted.
 */
export interface CaseHistory {
  readonly caseVersions: readonly { readonly version: number; readonly case: BenefitCase }[];
  readonly approvedCaseVersion: number | null;
  readonly baselineRevisions: readonly { readonly caseVersion: number }[];
}

/**
 * The indicator a qualitative line is judged by where the baseline lacks it: its definition as
 * promised after approval, that of the earliest version from the approved one on that names it,
 * or of the latest version a re-baseline adopted that has it (only the board's decision changes
 * it). Undefined when no such version names it, or before approval. The figures judge such a
 * line by the same rule (projections/figures/forecast-vs-actual.figures.ts judgedBy, from the
 * track's promisedIndicators); the current version, the lead's alone to document, never does.
 * The two are held to one rule by test/investment/promised-indicator-parity.property.spec.ts.
 */
export const promisedIndicator = (history: CaseHistory, lineId: string): Indicator | undefined => {
  const approved = history.approvedCaseVersion;
  if (approved === null) return undefined;
  const adopted = new Set(history.baselineRevisions.map((r) => r.caseVersion));
  let promised: Indicator | undefined;
  const versions = [...history.caseVersions].sort((a, b) => a.version - b.version);
  for (const { version, case: benefitCase } of versions) {
    if (version < approved) continue;
    const line = findBenefitLine(benefitCase, lineId);
    if (line === undefined || isValued(line.class)) continue;
    if (promised === undefined || adopted.has(version)) promised = line.indicator;
  }
  return promised;
};

/**
 * The forecast lines of a case by id, costs and valued benefits apart: a cost line may share its
 * id with a benefit line (ids are unique within each list only), and one map for both let the
 * benefit line hide the cost line's rewritten past.
 */
const costLines = (benefitCase: BenefitCase): Map<string, readonly ForecastEntry[]> =>
  new Map(benefitCase.costs.map((cost) => [cost.costLineId, cost.forecast]));

const valuedLines = (benefitCase: BenefitCase): Map<string, readonly ForecastEntry[]> =>
  new Map(
    benefitCase.benefits
      .filter((line) => isValued(line.class))
      .map((line) => [line.benefitLineId, line.forecast ?? []]),
  );

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
  line: 'cost' | 'benefit',
  was: ReadonlyMap<string, readonly ForecastEntry[]>,
  is: ReadonlyMap<string, readonly ForecastEntry[]>,
  today: IsoDate,
): PastRewrite[] => {
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
        line,
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

/** A baseline or direction of `is` that differs from `was`, the indicator the line is judged by. */
const changedIndicator = (lineId: string, was: Indicator, is: Indicator): PastRewrite[] => {
  const rewrites: PastRewrite[] = [];
  if (!new Dec(was.baseline).eq(is.baseline)) {
    rewrites.push({
      kind: 'indicator',
      lineId,
      field: 'baseline',
      before: was.baseline,
      after: is.baseline,
    });
  }
  if (was.direction !== is.direction) {
    rewrites.push({
      kind: 'indicator',
      lineId,
      field: 'direction',
      before: was.direction,
      after: is.direction,
    });
  }
  return rewrites;
};

const indicatorRewrites = (
  before: BenefitCase,
  after: BenefitCase,
  owed: readonly Obligation[],
  today: IsoDate,
  history: CaseHistory,
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
    rewrites.push(...changedIndicator(line.benefitLineId, line.indicator, kept.indicator));
  }
  // Lines the old baseline lacks that already owe a reading: judged by their promise, which the
  // version adopted keeps. One it leaves out stays judged by that promise (nothing rewritten).
  for (const line of after.benefits) {
    const id = line.benefitLineId;
    if (isValued(line.class) || !due.has(id) || findBenefitLine(before, id) !== undefined) continue;
    const promised = promisedIndicator(history, id);
    if (promised !== undefined) rewrites.push(...changedIndicator(id, promised, line.indicator));
  }
  return rewrites;
};

/**
 * What adopting `after` in place of the baseline `before` on `today` would change of what was
 * already due; empty when it changes only what is still to come. `owed`: the investment's
 * follow-up obligations within its life (owedObligations). `history`: the investment's case versions
 * (the decider's Investment), for the lines the old baseline lacks.
 */
export const pastRewrites = (
  before: BenefitCase,
  after: BenefitCase,
  owed: readonly Obligation[],
  today: IsoDate,
  history: CaseHistory,
): PastRewrite[] => [
  ...forecastRewrites('cost', costLines(before), costLines(after), today),
  ...forecastRewrites('benefit', valuedLines(before), valuedLines(after), today),
  ...indicatorRewrites(before, after, owed, today, history),
];

/** One rewrite in words, for the refusal's detail. */
export const describeRewrite = (rewrite: PastRewrite): string => {
  switch (rewrite.kind) {
    case 'forecast':
      return `the forecast of ${rewrite.line} line ${rewrite.lineId} for ${rewrite.period} (${rewrite.before ?? 'none'} → ${rewrite.after ?? 'none'})`;
    case 'indicator':
      return `the indicator ${rewrite.field} of ${rewrite.lineId} (${rewrite.before} → ${rewrite.after})`;
    case 'line-dropped':
      return `line ${rewrite.lineId}, whose readings are already owed`;
  }
};
