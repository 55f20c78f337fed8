/**
 * What an approved investment owes in follow-up: one report per forecast period of every
 * valued line, and one reading per period of a qualitative line's indicator frequency over
 * the case's horizon. Obligations come from the baseline version and every version after it,
 * so documenting a new version can add obligations but never remove one: a period a lead
 * leaves out of a later version, or folds into a coarser one, is still owed. Only finance can release one, by a waiver.
 * Only periods that end in the investment's life are owed (owedFrom). Pure; shared by the
 * decider (is this obligation owed, may it be waived?) and the follow-up read model.
 */
import {
  Grain,
  Period,
  coarsen,
  formatPeriod,
  monthRun,
  periodEnd,
  periodOf,
  periodsInHorizon,
} from '../periods/period';
import {
  BenefitCase,
  BenefitClass,
  ForecastEntry,
  isValued,
  readingIntervalMonths,
} from './benefit-case';
import type { IsoDate } from './investment.events';

/** A case version as the obligations need it. */
export interface ObligationSource {
  readonly version: number;
  readonly startYear: number;
  readonly horizonYears: number;
  readonly lines: readonly ObligationLine[];
}

export interface ObligationLine {
  readonly benefitLineId: string;
  readonly description: string;
  readonly class: BenefitClass;
  readonly owner: string;
  /** Valued lines: their forecast; qualitative lines: none (their periods come from `frequency`). */
  readonly forecast: readonly ForecastEntry[];
  readonly frequency: string;
}

export interface Obligation {
  readonly benefitLineId: string;
  readonly description: string;
  readonly class: BenefitClass;
  /** The line's owner in the latest version that names it. */
  readonly owner: string;
  readonly period: string;
  /** The forecast amount owed a report (SEK); null for a qualitative reading. */
  readonly forecast: string | null;
  /** The latest version the obligation comes from. */
  readonly version: number;
}

/**
 * The grain of a qualitative line's readings, read from its indicator frequency
 * (readingIntervalMonths). Anything not monthly or quarterly (half-yearly too: there is no
 * half-year period) is read yearly: the most lenient grain, so an unusual wording never owes
 * more readings than the case implies.
 */
export const readingGrain = (frequency: string): Grain => {
  const months = readingIntervalMonths(frequency);
  if (months === 1) return 'month';
  if (months === 3) return 'quarter';
  return 'year';
};

export const obligationSourceOf = (
  version: number,
  benefitCase: BenefitCase,
): ObligationSource => ({
  version,
  startYear: benefitCase.startYear,
  horizonYears: benefitCase.horizonYears,
  lines: benefitCase.benefits.map((line) => ({
    benefitLineId: line.benefitLineId,
    description: line.description,
    class: line.class,
    owner: line.owner,
    forecast: line.forecast ?? [],
    frequency: line.indicator.frequency,
  })),
});

const periodsOwed = (
  source: ObligationSource,
  line: ObligationLine,
): { period: Period; forecast: string | null }[] =>
  isValued(line.class)
    ? line.forecast.map((entry) => ({ period: periodOf(entry.period), forecast: entry.amount }))
    : periodsInHorizon(
        { startYear: source.startYear, years: source.horizonYears },
        readingGrain(line.frequency),
      ).map((period) => ({ period, forecast: null }));

/**
 * The periods that hold `period` and are coarser: a month's quarter and year, a quarter's
 * year. Grains never share a run of months, so these are the only ones.
 */
const COARSER_GRAINS: Readonly<Record<Grain, readonly Grain[]>> = {
  year: [],
  quarter: ['year'],
  month: ['quarter', 'year'],
};

const coarserKeys = (period: Period): string[] =>
  COARSER_GRAINS[period.grain].map((grain) => formatPeriod(coarsen(period, grain)));

interface Candidate extends Obligation {
  readonly parsed: Period;
  /** The first version that owed this period: a later entry for it replaces the amount, not this. */
  readonly since: number;
}

interface LineCandidates {
  readonly kept: Candidate[];
  /** A period's text → its candidate's index in `kept`. */
  readonly at: Map<string, number>;
}

/**
 * Every obligation of the sources (pass the baseline version and those after it), one per
 * line and period. A later version's entry for the same period replaces an earlier one's
 * (its amount and owner). A period that lies inside another owed period of the same line,
 * owed since the same version or an earlier one, is left out: a report for the coarser period
 * covers it, and counting both would ask twice. A coarser period that only a later version
 * owes does not take the finer ones' place: a lead who turned the quarters of a year already
 * due into one yearly entry would otherwise have moved every one of them, overdue or not, to
 * after the year's end. Both are then owed, and reports for the quarters cover the year too.
 */
export const obligationsOf = (sources: readonly ObligationSource[]): Obligation[] => {
  // Per line, its candidates and where each period's sits: a period is found by its text
  // (the same period is the same text), not by comparing it with every candidate.
  const byLine = new Map<string, LineCandidates>();
  const ordered = [...sources].sort((a, b) => a.version - b.version);
  for (const source of ordered) {
    for (const line of source.lines) {
      let entry = byLine.get(line.benefitLineId);
      if (entry === undefined) {
        entry = { kept: [], at: new Map() };
        byLine.set(line.benefitLineId, entry);
      }
      const { kept, at } = entry;
      for (const { period, forecast } of periodsOwed(source, line)) {
        const candidate: Candidate = {
          benefitLineId: line.benefitLineId,
          description: line.description,
          class: line.class,
          owner: line.owner,
          period: formatPeriod(period),
          forecast,
          version: source.version,
          parsed: period,
          since: source.version,
        };
        const same = at.get(candidate.period);
        if (same !== undefined) kept[same] = { ...candidate, since: kept[same].since };
        else {
          at.set(candidate.period, kept.length);
          kept.push(candidate);
        }
      }
    }
  }
  return [...byLine.values()].flatMap(({ kept: candidates, at }) => {
    // The owner and wording of the line's latest entry answer for all its periods.
    const latest = candidates.reduce((a, b) => (b.version > a.version ? b : a));
    const coveredBy = (c: Candidate, key: string): boolean => {
      const coarser = at.get(key);
      return coarser !== undefined && candidates[coarser].since <= c.since;
    };
    return candidates
      .filter((c) => !coarserKeys(c.parsed).some((key) => coveredBy(c, key)))
      .map(({ parsed: _parsed, since: _since, ...obligation }) => ({
        ...obligation,
        owner: latest.owner,
        description: latest.description,
      }));
  });
};

/**
 * The first day of an investment's life (DOMAIN.md § "An investment's life"): the Stockholm
 * day its proposal was recorded, or the earlier `decidedOn` of its first allocation (history
 * entered into the ledger later: the board decided on it then); null when neither is known (an
 * older ledger's proposal, before any allocation). The decider's guards (guards.ts lifeBegins)
 * and the follow-up read model both reckon it here.
 */
export const lifeBeginsOn = (
  proposedOn: IsoDate | null,
  firstDecidedOn?: IsoDate | null,
): IsoDate | null =>
  firstDecidedOn !== undefined &&
  firstDecidedOn !== null &&
  (proposedOn === null || firstDecidedOn < proposedOn)
    ? firstDecidedOn
    : proposedOn;

/**
 * Whether an obligation is owed in a life beginning on `lifeBegins` (lifeBeginsOn): its period
 * ends on or after that day. A period that ended before the life began cannot be reported
 * (decide/report.ts requireEndsInLife refuses it, EFFECT_PERIOD_BEFORE_LIFE), so owing it made
 * an overdue item only a waiver could clear; a period that began before the life and ends in
 * it is the life's first, and stays owed, as the report of it is taken. A case's horizon may
 * begin years before the proposal (its first version is unbounded), so this is what keeps
 * those years out of the follow-up. Nothing is dropped while the life's first day is unknown.
 *
 * One filter for both sides, so they cannot drift: the decider (investment-state.ts
 * owedObligations: what may be waived) and the follow-up read model
 * (figures/follow-up.figures.ts: what is overdue, in the follow-up and board reports and every
 * count that reads them). Were they to reckon it apart, the list could show as overdue what a
 * waiver is refused for (or the reverse).
 */
export const owedFrom =
  (lifeBegins: IsoDate | null) =>
  (obligation: Obligation): boolean =>
    endsInLife(periodOf(obligation.period), lifeBegins);

/**
 * Whether a period ends in a life beginning on `lifeBegins` (on or after its first day); true
 * while that day is unknown. The one test behind both what is owed (owedFrom) and what may be
 * reported (decide/report.ts requireEndsInLife, EFFECT_PERIOD_BEFORE_LIFE).
 */
export const endsInLife = (period: Period, lifeBegins: IsoDate | null): boolean =>
  lifeBegins === null || periodEnd(period) >= lifeBegins;

/**
 * Whether a report (or a correction of it) made on `madeOn` settles its period for follow-up.
 * A valued line's report is an amount over its period, known only once the period has ended:
 * one made before that (on the period's first day, say) is a forecast filed as a report, and
 * meets no obligation until a correction made after the end confirms it, or the follow-up
 * would show the period met on a claim made before it happened. A qualitative reading is a
 * measurement at one time and settles when it is taken. A report from before the day was
 * kept (no `madeOn`) is taken as made after its period, as it was counted then.
 */
export const settlesPeriod = (
  period: Period,
  lineClass: BenefitClass,
  madeOn: string | undefined,
): boolean => !isValued(lineClass) || madeAfterEnd(period, madeOn);

/** Whether a report (or correction) was made after its period ended (undefined: not kept, so taken as after). */
export const madeAfterEnd = (period: Period, madeOn: string | undefined): boolean =>
  madeOn === undefined || madeOn > periodEnd(period);

/** Whether a report settles its period (settlesPeriod), made so or confirmed by a correction. */
export const reportSettles = (
  report: {
    readonly period: string;
    readonly reportedOn?: string;
    readonly corrections: readonly { readonly correctedOn?: string }[];
  },
  lineClass: BenefitClass,
): boolean => {
  const period = periodOf(report.period);
  return (
    settlesPeriod(period, lineClass, report.reportedOn) ||
    report.corrections.some((c) => settlesPeriod(period, lineClass, c.correctedOn))
  );
};

/**
 * True when a line's reports meet an owed period. A valued line's report is an amount over its
 * period, so reports cover the period month by month: a yearly obligation is met by one report
 * for the year, or by reports for all of its quarters or months, and a report for the year
 * meets its quarters and months too. A qualitative reading is a measurement at one time, not a
 * sum: it meets an owed period only when it lies within it (the same period or a finer one), so
 * one reading for a year meets no month of a line read monthly, while a reading of any month
 * meets a yearly obligation.
 */
export const isCovered = (
  period: Period,
  reported: readonly Period[],
  lineClass: BenefitClass,
): boolean => coverageBy(reported)(period, lineClass);

/** Whether a line's reports meet an owed period, given the line's class (isCovered). */
export type Coverage = (period: Period, lineClass: BenefitClass) => boolean;

/**
 * `isCovered` for many periods against the same reports: the months they cover, and where
 * each report begins and ends, are gathered once (a long-reported line has hundreds of reports,
 * and as many obligations to check).
 */
export const coverageBy = (reported: readonly Period[]): Coverage => {
  const covered = new Set<number>();
  /** A report's first month → the earliest end of the reports beginning there. */
  const endOfFirst = new Map<number, number>();
  for (const report of reported) {
    const { first, end } = monthRun(report);
    for (let month = first; month < end; month += 1) covered.add(month);
    const known = endOfFirst.get(first);
    if (known === undefined || end < known) endOfFirst.set(first, end);
  }
  const summed = (first: number, end: number): boolean => {
    for (let month = first; month < end; month += 1) if (!covered.has(month)) return false;
    return true;
  };
  const readWithin = (first: number, end: number): boolean => {
    for (let month = first; month < end; month += 1) {
      const readingEnd = endOfFirst.get(month);
      if (readingEnd !== undefined && readingEnd <= end) return true;
    }
    return false;
  };
  return (period, lineClass) => {
    const { first, end } = monthRun(period);
    return isValued(lineClass) ? summed(first, end) : readWithin(first, end);
  };
};
