/**
 * The figures of one investment from its forecast-vs-actual entry, at a grain and as of a
 * day: per benefit line and period the baseline forecast, current forecast, actual,
 * harvested, variance and realisation ratio; per line the same "to date" with the line's
 * achievement and status; totals over the monetised lines; and the KPIs.
 *
 * Choices where DOMAIN.md is silent:
 * - Variance and realisation ratio are measured against the baseline forecast (the basis of
 *   the allocation decision) once the investment is approved, and against the current
 *   forecast before: a later, lower forecast must not make delivery look better.
 * - "To date" counts the months that have ended, and of a forecast's period only once the
 *   whole period has ended (a yearly promise is judged at the end of the year, not by
 *   spreading it into months that have passed); reports are spread onto the same months.
 *   Every figure to date (variance, its parts, the ratio) is a sum over those due months, so
 *   a period, a line's to-date, the totals and any report group add up exactly at any grain,
 *   and a due month without a report counts as nothing delivered everywhere alike — except a
 *   month of a dis-benefit (a loss forecast), which counts at its forecast loss: a missing
 *   report must never make the variance look better.
 * - Actual KPIs take every cost recorded (none is dated after its day) and, of the monetised
 *   lines, what the actual to date counts: the reports of the due months (a report of a period
 *   not yet due, such as the running year's, is no realisation yet, nor one made before its
 *   period ended until a correction after the end confirms it) and the losses due months
 *   count unreported. So the KPIs' undiscounted benefits are the actual to date. The
 *   running-cost effect's actual takes the financial lines' reports of the due months alike.
 * - A qualitative reading on the grid lands in the period holding the last month of the
 *   period it measures; where several land in one, the latest period's reading shows.
 */
import { groupedBy } from '../../src/shared/grouped-by';
import Decimal from 'decimal.js';
import { Money } from '../../src/money/money';
import { omitKey } from '../../src/shared/record-copy';
import {
  Grain,
  Horizon,
  Period,
  comparePeriods,
  coarsen,
  formatPeriod,
  monthsIn,
  periodOf,
  periodEnd,
  periodEndedBy,
  periodOfDate,
  periodsInHorizon,
} from '../../src/periods/period';
import {
  BenefitCase,
  BenefitClass,
  DEFAULT_DISCOUNT_RATE,
  Indicator,
  caseHorizon,
  findBenefitLine,
  isValued,
} from '../../src/investment/benefit-case';
import {
  BenefitTrack,
  LineInfo,
  ReplacedPath,
  TrackedHarvest,
  TrackedReport,
} from '../forecast-vs-actual.projection';
import {
  PeriodEntry,
  amountsByMonth,
  amountsOnGrain,
  byMonthText,
  entryOf,
  firstMonthIndex,
  lastMonthOf,
  monthAt,
  monthsCovered,
  sortPeriodTexts,
} from './grid';
import {
  Achievement,
  NO_ACHIEVEMENT,
  Status,
  Tolerances,
  indicatorAchievement,
  isStale,
  nextReadingOwed,
  realisationAchievement,
  signedRatio,
  worstStatus,
} from './indicator';
import { CashFlows, Kpis, kpis, ratioText } from './kpis';
import { addDays } from './dates';
import { endedBy } from './days';
import { RunningCostEffectFigures, runningCostEffectFigures } from './running-cost-effect.figures';
import { ownEntry } from '../../src/shared/own-entry';

export interface FigureOptions {
  readonly grain: Grain;
  /** The day "to date" runs up to (exclusive), YYYY-MM-DD: the service clock's or the as-of moment's. */
  readonly today: string;
  readonly tolerances: Tolerances;
}

/**
 * The options a figure is kept under (report.queries.ts): every one but the day, which the
 * days it holds for stand for (days.ts).
 */
export const dayless = (options: FigureOptions): Omit<FigureOptions, 'today'> =>
  omitKey(options, 'today');

export interface AmountFigures {
  readonly baselineForecast: string | null;
  readonly currentForecast: string | null;
  readonly actual: string | null;
  readonly harvested: string | null;
  /**
   * The part of `harvested` recorded as a förhandsreduktion (`aheadOfRealisation`): the sum of
   * the harvests, as they count now, that were marked ahead of realisation. Financial lines
   * only (null otherwise); it is never more than `harvested`.
   */
  readonly harvestedAhead: string | null;
  /**
   * The figures to date, over the months due (see the file comment); null when nothing is due:
   * variance = actual − forecastDue, with a due month without a report counted as nothing
   * delivered (a dis-benefit's at its forecast loss); and its parts, which add up to it exactly:
   *   variance = forecastDrift + deliveryGap + notReported.
   */
  readonly variance: string | null;
  /** The signed ratio of actual to forecastDue (indicator.ts `signedRatio`), 4 decimals. */
  readonly realisationRatio: string | null;
  /** The forecast measured against (baseline once approved, else current) over the months due. */
  readonly forecastDue: string | null;
  /** Current − baseline forecast over the months due; null before approval (no baseline). */
  readonly forecastDrift: string | null;
  /** Actual − current forecast over the months due that have a report (or count at forecast). */
  readonly deliveryGap: string | null;
  /** − current forecast of the months due without a report: what the missing reports take off. */
  readonly notReported: string | null;
}

export interface PeriodFigures extends AmountFigures {
  readonly period: string;
  /** Qualitative lines: the indicator reading shown in this period. */
  readonly indicatorValue: string | null;
}

export interface LineFigures extends Achievement {
  readonly benefitLineId: string;
  readonly description: string;
  readonly class: BenefitClass;
  readonly owner: string;
  readonly indicator: Indicator;
  /**
   * Qualitative lines: the reading of the latest period, in the indicator's unit, with the
   * linear path it is judged on (achievementPct and expectedPct are read from it).
   */
  readonly latestReading: {
    readonly period: string;
    readonly value: string;
    readonly path: ReadingPath;
  } | null;
  /**
   * Qualitative lines: the path in force (the reference case's baseline, target and horizon),
   * which a reading of a period not over before a re-baseline is judged on, for drawing the
   * target; null for valued lines and before any case.
   */
  readonly targetPath: ReadingPath | null;
  readonly periods: readonly PeriodFigures[];
  readonly toDate: AmountFigures;
  /**
   * Valued lines: the day (YYYY-MM-DD) the figures to date last counted more of the line — the
   * latest day a month owing something (a forecast other than zero, or a report) fell due, the
   * day after the forecast period holding it ended (dueMonths). They move otherwise only with a
   * report or correction. Null when no such month is due, for qualitative lines (judged on
   * their readings alone), and in the to-date summary's figures (worked out without periods).
   */
  readonly lastDueOn: string | null;
  /**
   * Valued lines: the reports made before their period ended that no correction made after the
   * end has confirmed (obligations.ts settlesPeriod), which the figures count as no report
   * (actual, variance, realisation, KPIs). Present only when there is one.
   */
  readonly unconfirmedReports?: readonly UnconfirmedReport[];
}

/** A report the figures leave out until a correction made after its period confirms it. */
export interface UnconfirmedReport {
  readonly reportId: string;
  readonly period: string;
  readonly value: string;
}

/**
 * The straight line from the indicator's baseline at the start of the horizon to its target at
 * the end, as in force when the reading's period ended: the reference's, or — for a period over
 * before a re-baseline was recorded — the replaced baseline's (`replacedOn`, the day of that
 * re-baseline; null for the path in force). A new target or a longer horizon is the board's
 * ambition for what is to come; it does not re-judge a reading of a period already over.
 */
export interface ReadingPath {
  readonly baseline: string;
  readonly target: string;
  readonly direction: Indicator['direction'];
  readonly startYear: number;
  readonly endYear: number;
  readonly replacedOn: string | null;
}

export interface KpiSet {
  readonly monetised: Kpis;
  readonly financial: Kpis;
}

export interface InvestmentFigures {
  readonly investmentId: string;
  readonly grain: Grain;
  readonly today: string;
  readonly baselineCaseVersion: number | null;
  readonly currentCaseVersion: number | null;
  /** t = 0 of the NPV: the year of the first allocation's decision, or the case's startYear before one. */
  readonly decisionYear: number | null;
  readonly lines: readonly LineFigures[];
  readonly totals: { readonly periods: readonly PeriodFigures[]; readonly toDate: AmountFigures };
  readonly kpis: {
    readonly forecast: KpiSet | null;
    readonly baseline: KpiSet | null;
    readonly actualToDate: KpiSet | null;
  };
  readonly status: Status | null;
  /** Driftkostnadseffekt per year: baseline, current and actual (running-cost-effect.figures.ts). */
  readonly runningCostEffect: RunningCostEffectFigures;
}

// ---------------------------------------------------------------------------------------------
// The cases of a track

export const caseOf = (track: BenefitTrack, version: number | null): BenefitCase | null =>
  version === null ? null : (track.cases[String(version)] ?? null);

export const baselineCase = (track: BenefitTrack): BenefitCase | null =>
  caseOf(track, track.baselineCaseVersion);

export const currentCase = (track: BenefitTrack): BenefitCase | null =>
  caseOf(track, track.currentCaseVersion);

/** What delivery is measured against: the baseline once approved, the current case before. */
export const referenceCase = (track: BenefitTrack): BenefitCase | null =>
  track.baselineCaseVersion === null ? currentCase(track) : baselineCase(track);

export const decisionYear = (track: BenefitTrack): number | null => {
  const approving = track.allocations.find((a) => a.allocationId === track.approvedBy);
  const earliest = [...track.allocations].sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : 1))[0];
  const decided = approving ?? earliest;
  if (decided) return Number(decided.decidedOn.slice(0, 4));
  return referenceCase(track)?.startYear ?? null;
};

// ---------------------------------------------------------------------------------------------
// Figures to date from their bases

const text = (amount: Money | null): string | null => (amount === null ? null : amount.toString());
const money = (value: string | null): Money | null => (value === null ? null : Money.of(value));

/** A period's sums over its months due; the figures to date are derived from these alone. */
export interface DueBases {
  /** Null before approval: there is no baseline yet. */
  readonly baseline: Money | null;
  readonly current: Money;
  /** Reports of the due months (a due month without one adds nothing). */
  readonly actual: Money;
  /** The current forecast of the due months that have a report. */
  readonly currentReported: Money;
}

const NOT_DUE = {
  variance: null,
  realisationRatio: null,
  forecastDue: null,
  forecastDrift: null,
  deliveryGap: null,
  notReported: null,
} as const;

const ratioOf = (actual: Money, reference: Money): Decimal | null =>
  signedRatio(actual.toDecimal(), reference.toDecimal());

/** variance, its parts and the ratio from the due bases (null: nothing due). */
export const dueFigures = (due: DueBases | null): Pick<AmountFigures, keyof typeof NOT_DUE> => {
  if (due === null) return NOT_DUE;
  const reference = due.baseline ?? due.current;
  const ratio = ratioOf(due.actual, reference);
  return {
    variance: due.actual.minus(reference).toString(),
    realisationRatio: ratio === null ? null : ratioText(ratio),
    forecastDue: reference.toString(),
    forecastDrift: due.baseline === null ? null : due.current.minus(due.baseline).toString(),
    deliveryGap: due.actual.minus(due.currentReported).toString(),
    notReported: due.currentReported.minus(due.current).toString(),
  };
};

/** The bases back from the figures (exact: every field is a difference of bases). */
export const basesOf = (figures: AmountFigures): DueBases | null => {
  const reference = money(figures.forecastDue);
  if (reference === null) return null;
  const drift = money(figures.forecastDrift);
  const current = drift === null ? reference : reference.plus(drift);
  return {
    baseline: drift === null ? null : reference,
    current,
    actual: reference.plus(Money.of(figures.variance ?? '0')),
    currentReported: current.plus(Money.of(figures.notReported ?? '0')),
  };
};

// ---------------------------------------------------------------------------------------------
// One line

interface LineInputs {
  readonly id: string;
  readonly approved: boolean;
  readonly baseline: BenefitCase | null;
  readonly current: BenefitCase | null;
  readonly reference: BenefitCase | null;
  /** The reports the figures count: every one but those `unconfirmed` (TrackedReport). */
  readonly reports: readonly TrackedReport[];
  /** The line's reports left out as unconfirmed (usually none). */
  readonly unconfirmed: readonly TrackedReport[];
  readonly harvests: readonly PeriodEntry[];
  /** The harvests marked ahead of realisation (a subset of `harvests`). */
  readonly harvestsAhead: readonly PeriodEntry[];
  readonly benefitClass: BenefitClass;
  /** The indicator the line is judged by (judgedBy). */
  readonly indicator: Indicator;
  /**
   * Qualitative lines: the frequencies readings are owed at, the finest of which counts
   * (judgedBy): the judging definition's and the current case's.
   */
  readonly frequencies: readonly [string, ...string[]];
  /** The baselines re-baselines replaced, oldest first (the track's `replacedPaths`). */
  readonly replacedPaths: readonly ReplacedPath[];
}

const forecastEntries = (benefitCase: BenefitCase | null, id: string): PeriodEntry[] =>
  (benefitCase ? (findBenefitLine(benefitCase, id)?.forecast ?? []) : []).map(entryOf);

const reportEntries = (reports: readonly TrackedReport[]): PeriodEntry[] =>
  reports.map((r) => entryOf({ period: r.period, amount: r.value }));

const horizonPeriods = (inputs: LineInputs, grain: Grain): string[] =>
  [inputs.baseline, inputs.current]
    .filter((c): c is BenefitCase => c !== null)
    .flatMap((c) => periodsInHorizon(caseHorizon(c), grain).map(formatPeriod));

/** A line's forecasts and reports read once: every grid of the line is built from these. */
interface LineEntries {
  readonly baseline: readonly PeriodEntry[];
  readonly current: readonly PeriodEntry[];
  readonly reference: readonly PeriodEntry[];
  readonly reports: readonly PeriodEntry[];
}

const lineEntries = (inputs: LineInputs): LineEntries => {
  const baseline = forecastEntries(inputs.baseline, inputs.id);
  const current = forecastEntries(inputs.current, inputs.id);
  // The reference is the baseline or the current case itself (referenceCase).
  const reference =
    inputs.reference === inputs.baseline
      ? baseline
      : inputs.reference === inputs.current
        ? current
        : forecastEntries(inputs.reference, inputs.id);
  return { baseline, current, reference, reports: reportEntries(inputs.reports) };
};

/**
 * A month (by index) is due when it has ended and so has the reference forecast period holding
 * it. A month no reference period holds (a line or a year the baseline does not have) is held
 * by the current forecast's period: a yearly promise added after approval is judged at its
 * year's end, as the baseline's are, not month by month. Only there: the current forecast
 * cannot postpone a month the baseline already holds (re-forecasting a year as one entry).
 * So each month has a last day before it falls due: the end of the latest period holding it,
 * or its own end when none does. Kept per month, independent of the day asked about.
 */
const lastDaysBeforeDue = (
  reference: readonly PeriodEntry[],
  current: readonly PeriodEntry[],
): ((month: number) => string) => {
  const held = new Map<number, string>();
  const hold = (entries: readonly PeriodEntry[], heldBefore: ReadonlySet<number> | null): void => {
    for (const { period } of entries) {
      const end = periodEnd(period);
      const first = firstMonthIndex(period);
      for (let month = first; month < first + monthsIn(period); month++) {
        if (heldBefore?.has(month)) continue;
        const known = held.get(month);
        if (known === undefined || end > known) held.set(month, end);
      }
    }
  };
  hold(reference, null);
  if (reference !== current) hold(current, new Set(held.keys()));
  return (month) => held.get(month) ?? periodEnd(monthAt(month));
};

/**
 * Whether a month is due `today`: its last day before falling due has passed. Each month asks
 * one question of the day (days.ts): a month of a period not yet ended is bounded by that
 * period's end, not by its own.
 */
const dueMonths = (
  lastDayBeforeDue: (month: number) => string,
  today: string,
): ((month: number) => boolean) => {
  const due = new Map<number, boolean>();
  return (month) => {
    const known = due.get(month);
    if (known !== undefined) return known;
    const answer = endedBy(lastDayBeforeDue(month), today);
    due.set(month, answer);
    return answer;
  };
};

/**
 * What a line's due months hold: forecasts and reports per month, and which months are
 * reported; months by index (grid.ts firstMonthIndex).
 */
interface MonthGrid {
  readonly baseline: Map<number, Money> | null;
  readonly current: Map<number, Money>;
  readonly actual: Map<number, Money>;
  readonly reported: ReadonlySet<number>;
  readonly due: (month: number) => boolean;
  /** The last day before a month falls due (lastDaysBeforeDue). */
  readonly lastDayBeforeDue: (month: number) => string;
}

const monthGrid = (inputs: LineInputs, entries: LineEntries, today: string): MonthGrid => {
  const lastDayBeforeDue = lastDaysBeforeDue(entries.reference, entries.current);
  return {
    baseline: inputs.approved ? amountsByMonth(entries.baseline) : null,
    current: amountsByMonth(entries.current),
    actual: amountsByMonth(entries.reports),
    reported: monthsCovered(entries.reports),
    due: dueMonths(lastDayBeforeDue, today),
    lastDayBeforeDue,
  };
};

/** What an unreported month counts: the larger loss its forecasts name, if either names one. */
const unreportedLoss = (
  current: Money | undefined,
  baseline: Money | undefined,
): Money | undefined => {
  const fromCurrent = current?.isNegative() ? current : undefined;
  const fromBaseline = baseline?.isNegative() ? baseline : undefined;
  if (fromCurrent === undefined || fromBaseline === undefined) return fromCurrent ?? fromBaseline;
  return fromBaseline.lt(fromCurrent) ? fromBaseline : fromCurrent;
};

/**
 * The due bases of one period of the grid; null when none of its months is due, or when none
 * of its due months has a forecast (other than zero) or a report (nothing owed, nothing to
 * measure).
 * Sums skip months without an amount (adding nothing) and are exact whatever their order.
 */
/** A period's due bases, and the part of their actual that is unreported months' losses. */
interface PeriodDue extends DueBases {
  readonly unreportedLoss: Money;
}

const dueBasesOf = (grid: MonthGrid, period: Period): PeriodDue | null => {
  const first = firstMonthIndex(period);
  const end = first + monthsIn(period);
  let dueCount = 0;
  /** Due months with a forecast that is not zero, or a report. */
  let owedCount = 0;
  let baseline = Money.zero;
  let current = Money.zero;
  let actual = Money.zero;
  let currentReported = Money.zero;
  let unreported = Money.zero;
  for (let month = first; month < end; month++) {
    if (!grid.due(month)) continue;
    dueCount++;
    const forecast = grid.current.get(month);
    const baselineForecast = grid.baseline?.get(month);
    if (baselineForecast) baseline = baseline.plus(baselineForecast);
    if (forecast) current = current.plus(forecast);
    const hasReport = grid.reported.has(month);
    if (
      hasReport ||
      !(forecast ?? Money.zero).isZero() ||
      !(baselineForecast ?? Money.zero).isZero()
    ) {
      owedCount++;
    }
    if (hasReport) {
      const reported = grid.actual.get(month);
      if (reported) actual = actual.plus(reported);
      if (forecast) currentReported = currentReported.plus(forecast);
    } else {
      // A due month of a dis-benefit (a loss forecast) without a report counts at its forecast
      // loss, not as no loss: a missing report must never make the variance look better.
      // Against either forecast: a later version that drops the loss, or forecasts less of
      // it, leaves the baseline's loss counted where the variance is measured against it.
      const loss = unreportedLoss(forecast, baselineForecast);
      if (loss) unreported = unreported.plus(loss);
      if (forecast?.isNegative()) currentReported = currentReported.plus(forecast);
    }
  }
  // Month by month, not on the sums: forecasts of its months that cancel out still owe their
  // reports, so a period's figures stay the sum of its months' (a loss month unreported counts).
  if (dueCount === 0 || owedCount === 0) return null;
  return {
    baseline: grid.baseline && baseline,
    current,
    actual: actual.plus(unreported),
    currentReported,
    unreportedLoss: unreported,
  };
};

/**
 * The day the figures to date last counted more of the line: of its due months that owe
 * something (a forecast other than zero, or a report, as dueBasesOf counts a month owed), the
 * latest day one fell due — the day after its last day before falling due. Null when none is.
 */
const lastDueOnOf = (grid: MonthGrid): string | null => {
  let latest: string | null = null;
  const consider = (month: number, owes: boolean): void => {
    if (!owes || !grid.due(month)) return;
    const lastDay = grid.lastDayBeforeDue(month);
    if (latest === null || lastDay > latest) latest = lastDay;
  };
  for (const [month, amount] of grid.current) consider(month, !amount.isZero());
  if (grid.baseline) for (const [month, amount] of grid.baseline) consider(month, !amount.isZero());
  for (const month of grid.reported) consider(month, true);
  return latest === null ? null : addDays(latest, 1);
};

/**
 * A line's reports on its due months, month by month (as the actual to date counts them): the
 * realised flows of the actual KPIs and the running-cost effect. A report of a month not due
 * (the running year's, a month of a forecast period not yet ended) is not realised yet. By
 * month, so the figures do not depend on the grain they were asked at.
 */
const dueReports = (grid: MonthGrid): PeriodEntry[] =>
  [...grid.actual]
    .sort(([a], [b]) => a - b)
    .flatMap(([month, amount]) => (grid.due(month) ? [{ period: monthAt(month), amount }] : []));

/**
 * The losses a line's due months count unreported, month by month (as the periods count them):
 * flows of the actual KPIs beside the reports, so an unreported loss does not lift the actual
 * NPV either. By month, so the KPIs do not depend on the grain the figures were asked at.
 */
const unreportedLosses = (grid: MonthGrid): PeriodEntry[] => {
  const months = new Set([...grid.current.keys(), ...(grid.baseline?.keys() ?? [])]);
  return [...months]
    .sort((a, b) => a - b)
    .flatMap((month) => {
      if (!grid.due(month) || grid.reported.has(month)) return [];
      const loss = unreportedLoss(grid.current.get(month), grid.baseline?.get(month));
      return loss ? [{ period: monthAt(month), amount: loss }] : [];
    });
};

/**
 * A period's actual: its reports, and the losses its due months count unreported. The period
 * row, the report's groupings and total and the board's years are sums of it, so it holds
 * the same unreported losses as the actual to date: a lead who stops reporting a loss line
 * makes no view look better (before, only the figures to date counted them).
 */
const periodActual = (reported: Money | undefined, due: PeriodDue | null): Money | null => {
  const loss = due?.unreportedLoss;
  if (loss === undefined || loss.isZero()) return reported ?? null;
  return reported === undefined ? loss : reported.plus(loss);
};

/** A valued line's periods with the due bases each period's figures were derived from. */
interface ValuedPeriods {
  readonly periods: PeriodFigures[];
  /** Per period, the amounts its figures are the texts of. */
  readonly values: PeriodValues[];
}

/** A valued period's amounts before they are written out; its due figures derive from `due`. */
interface PeriodValues {
  readonly baselineForecast: Money | null;
  readonly currentForecast: Money | null;
  readonly actual: Money | null;
  readonly harvested: Money | null;
  readonly harvestedAhead: Money | null;
  readonly due: DueBases | null;
}

const periodFigures = (period: string, values: PeriodValues): PeriodFigures => ({
  period,
  baselineForecast: text(values.baselineForecast),
  currentForecast: text(values.currentForecast),
  actual: text(values.actual),
  harvested: text(values.harvested),
  harvestedAhead: text(values.harvestedAhead),
  ...dueFigures(values.due),
  indicatorValue: null,
});

/**
 * A valued line's periods at the grain (its horizon's and those it has reports or harvests
 * in), with the month grid and the amounts on the grain they were found with, and each
 * period's due bases: all that its figures to date are the sums of.
 */
interface ValuedDue {
  readonly entries: LineEntries;
  readonly grid: MonthGrid;
  /** A forecast or the reports on the grain (at month grain, the month grid's own amounts). */
  readonly onGrid: (
    forecast: readonly PeriodEntry[],
    months: Map<number, Money> | null,
  ) => Map<string, Money>;
  readonly actual: Map<string, Money>;
  readonly harvested: Map<string, Money>;
  /** The periods, in order. */
  readonly texts: readonly string[];
  /** Each period's due bases, in the same order. */
  readonly due: readonly (PeriodDue | null)[];
}

const valuedDue = (inputs: LineInputs, options: FigureOptions): ValuedDue => {
  const { grain } = options;
  const entries = lineEntries(inputs);
  const grid = monthGrid(inputs, entries, options.today);
  // At month grain the amounts are the month grid's own (the same spreading, keyed by text).
  const onGrid = (
    forecast: readonly PeriodEntry[],
    months: Map<number, Money> | null,
  ): Map<string, Money> =>
    grain === 'month' && months !== null ? byMonthText(months) : amountsOnGrain(forecast, grain);
  const actual = onGrid(entries.reports, grid.actual);
  const harvested = amountsOnGrain(inputs.harvests, grain);
  const texts = sortPeriodTexts([
    ...horizonPeriods(inputs, grain),
    ...actual.keys(),
    ...harvested.keys(),
  ]);
  const due = texts.map((period) => dueBasesOf(grid, periodOf(period)));
  return { entries, grid, onGrid, actual, harvested, texts, due };
};

/** Every period's figures of a valued line, from what valuedDue found for it. */
const valuedPeriods = (
  inputs: LineInputs,
  options: FigureOptions,
  { entries, grid, onGrid, actual, harvested, texts, due }: ValuedDue,
): ValuedPeriods => {
  const baseline = inputs.baseline && onGrid(entries.baseline, grid.baseline);
  const current = inputs.current && onGrid(entries.current, grid.current);
  const harvestedAhead = amountsOnGrain(inputs.harvestsAhead, options.grain);
  const financial = inputs.benefitClass === 'financial';
  const values = texts.map((period, i) => ({
    baselineForecast: baseline ? (baseline.get(period) ?? Money.zero) : null,
    currentForecast: current ? (current.get(period) ?? Money.zero) : null,
    actual: periodActual(actual.get(period), due[i]),
    harvested: financial ? (harvested.get(period) ?? Money.zero) : null,
    harvestedAhead: financial ? (harvestedAhead.get(period) ?? Money.zero) : null,
    due: due[i],
  }));
  return { periods: texts.map((period, i) => periodFigures(period, values[i])), values };
};

/**
 * A valued line to date: the sum of its periods' due bases (zero when nothing is due yet).
 * The bases are the ones the periods' figures were derived from (basesOf would read the
 * same amounts back from those figures).
 */
const valuedToDate = (
  inputs: LineInputs,
  periodBases: readonly (DueBases | null)[],
): AmountFigures => {
  const bases = periodBases.filter((b): b is DueBases => b !== null);
  const sum = (pick: (b: DueBases) => Money): Money => Money.sum(bases.map(pick));
  const due: DueBases = {
    baseline: inputs.approved ? sum((b) => b.baseline ?? b.current) : null,
    current: sum((b) => b.current),
    actual: sum((b) => b.actual),
    currentReported: sum((b) => b.currentReported),
  };
  return {
    baselineForecast: text(due.baseline),
    currentForecast: inputs.current ? due.current.toString() : null,
    actual: due.actual.toString(),
    harvested:
      inputs.benefitClass === 'financial'
        ? Money.sum(inputs.harvests.map((e) => e.amount)).toString()
        : null,
    harvestedAhead:
      inputs.benefitClass === 'financial'
        ? Money.sum(inputs.harvestsAhead.map((e) => e.amount)).toString()
        : null,
    ...dueFigures(due),
  };
};

/** The reading of the latest period (a correction keeps its report's period). */
const latestReading = (reports: readonly TrackedReport[]): TrackedReport | null => {
  let latest: { report: TrackedReport; lastMonth: Period } | null = null;
  for (const report of reports) {
    const lastMonth = lastMonthOf(periodOf(report.period));
    if (latest === null || comparePeriods(lastMonth, latest.lastMonth) >= 0) {
      latest = { report, lastMonth };
    }
  }
  return latest?.report ?? null;
};

const EMPTY_AMOUNTS: AmountFigures = {
  baselineForecast: null,
  currentForecast: null,
  actual: null,
  harvested: null,
  harvestedAhead: null,
  ...NOT_DUE,
};

const qualitativePeriods = (inputs: LineInputs, grain: Grain): PeriodFigures[] => {
  const readings = new Map<string, TrackedReport>();
  const ordered = [...inputs.reports].sort((a, b) =>
    comparePeriods(lastMonthOf(periodOf(a.period)), lastMonthOf(periodOf(b.period))),
  );
  for (const report of ordered) {
    readings.set(formatPeriod(coarsen(lastMonthOf(periodOf(report.period)), grain)), report);
  }
  const periods = sortPeriodTexts([...horizonPeriods(inputs, grain), ...readings.keys()]);
  return periods.map((period) => ({
    period,
    ...EMPTY_AMOUNTS,
    indicatorValue: readings.get(period)?.value ?? null,
  }));
};

/**
 * A qualitative line's achievement: of its latest reading against the linear path, or
 * `stale` once the next reading is overdue (indicator.ts `isStale`). Readings are owed once
 * the investment is approved; before that a line without a reading has no status.
 */
const qualitativeAchievement = (
  inputs: LineInputs,
  indicator: Indicator,
  latest: TrackedReport | null,
  options: FigureOptions,
): {
  readonly achievement: Achievement;
  readonly path: ReadingPath | null;
  readonly inForce: ReadingPath | null;
} => {
  const horizonCase = inputs.reference ?? inputs.current;
  if (horizonCase === null) return { achievement: NO_ACHIEVEMENT, path: null, inForce: null };
  const horizon = caseHorizon(horizonCase);
  const measured: Period = latest
    ? periodOf(latest.period)
    : { grain: 'year', year: horizon.startYear - 1 };
  const stale =
    inputs.approved &&
    nextReadingOwed(measured, horizon.startYear + horizon.years - 1) &&
    isStale(inputs.frequencies, measured, options.today);
  const path = latest ? readingPath(inputs, { indicator, horizon }, measured) : null;
  const reading = latest
    ? indicatorAchievement(
        path?.indicator ?? indicator,
        path?.horizon ?? horizon,
        { period: measured, value: latest.value },
        options.tolerances,
      )
    : NO_ACHIEVEMENT;
  // A known shortfall outranks not knowing: a reading in deviation stays listed as one.
  const achievement = stale
    ? { ...reading, status: worstStatus([reading.status, 'stale']) }
    : reading;
  return {
    achievement,
    path: path ? pathText(path) : null,
    inForce: pathText({ indicator, horizon, replacedOn: null }),
  };
};

interface PathInForce {
  readonly indicator: Indicator;
  readonly horizon: Horizon;
  readonly replacedOn: string | null;
}

/**
 * The path a reading of `measured` is judged on: that of the earliest baseline replaced by a
 * re-baseline recorded after the period ended (the one in force then), where it judged the line;
 * else the one in force now.
 */
const readingPath = (
  inputs: LineInputs,
  now: Omit<PathInForce, 'replacedOn'>,
  measured: Period,
): PathInForce => {
  for (const replaced of inputs.replacedPaths) {
    if (!periodEndedBy(measured, replaced.replacedOn)) continue;
    const indicator = ownEntry(replaced.indicators, inputs.id);
    if (indicator === undefined) continue;
    return { indicator, horizon: replaced.horizon, replacedOn: replaced.replacedOn };
  }
  return { ...now, replacedOn: null };
};

const pathText = ({ indicator, horizon, replacedOn }: PathInForce): ReadingPath => ({
  baseline: indicator.baseline,
  target: indicator.target,
  direction: indicator.direction,
  startYear: horizon.startYear,
  endYear: horizon.startYear + horizon.years - 1,
  replacedOn,
});

/** A line's figures with, for a valued line, the amounts of its periods (in their order). */
interface LineResult {
  readonly figures: LineFigures;
  readonly values: readonly PeriodValues[] | null;
  /** A valued line's reports of its due months, by month (empty for a qualitative line). */
  readonly dueReports: readonly PeriodEntry[];
  /** A valued line's unreported due losses, by month (empty for a qualitative line). */
  readonly unreportedLosses: readonly PeriodEntry[];
}

/**
 * What a caller wants of a line: every period's figures, or only its sums to date and status
 * (the investment summary's: the per-period figures were most of its time and thrown away).
 */
type LineDetail = 'periods' | 'to-date';

const lineResult = (
  track: BenefitTrack,
  inputs: LineInputs,
  options: FigureOptions,
  detail: LineDetail = 'periods',
): LineResult => {
  const info = lineInfoOf(track, inputs.id);
  const { indicator } = inputs;
  const valued = isValued(inputs.benefitClass);
  // Only a qualitative line shows or judges a reading; a valued line is judged on its sums.
  const latest = valued ? null : latestReading(inputs.reports);
  const line = valued ? valuedDue(inputs, options) : null;
  const valuedRows = line && detail === 'periods' ? valuedPeriods(inputs, options, line) : null;
  let periods: PeriodFigures[] = [];
  if (valuedRows) periods = valuedRows.periods;
  else if (!valued && detail === 'periods') periods = qualitativePeriods(inputs, options.grain);
  const toDate = line ? valuedToDate(inputs, line.due) : EMPTY_AMOUNTS;
  const qualitative = valued ? null : qualitativeAchievement(inputs, indicator, latest, options);
  const achievement: Achievement = qualitative
    ? qualitative.achievement
    : realisationAchievement(judgedBases(toDate), options.tolerances);
  const figures: LineFigures = {
    benefitLineId: inputs.id,
    description: info.description,
    class: inputs.benefitClass,
    owner: info.owner,
    indicator,
    latestReading:
      latest && qualitative?.path
        ? { period: latest.period, value: latest.value, path: qualitative.path }
        : null,
    targetPath: qualitative?.inForce ?? null,
    periods,
    toDate,
    // With the periods only (the investment page, the reports, the board): the summary's
    // to-date figures, taken for every investment of a list, do not carry it.
    lastDueOn: line && detail === 'periods' ? lastDueOnOf(line.grid) : null,
    ...(inputs.unconfirmed.length === 0
      ? {}
      : {
          unconfirmedReports: inputs.unconfirmed.map(({ reportId, period, value }) => ({
            reportId,
            period,
            value,
          })),
        }),
    ...achievement,
  };
  return {
    figures,
    values: valuedRows ? valuedRows.values : null,
    // Only the KPIs and the running-cost effect read them, and only with the periods (the
    // investment page): the summary's to-date figures, taken for every investment of a list or
    // report, do not walk them.
    dueReports: line && detail === 'periods' ? dueReports(line.grid) : [],
    unreportedLosses: line && detail === 'periods' ? unreportedLosses(line.grid) : [],
  };
};

/**
 * The actual and the forecast due to date a valued status is judged on, from the to-date sums
 * (exact to the öre; null: nothing due).
 */
const judgedBases = (
  figures: AmountFigures,
): { readonly actual: Decimal; readonly forecastDue: Decimal } | null => {
  const bases = basesOf(figures);
  return bases === null
    ? null
    : {
        actual: bases.actual.toDecimal(),
        forecastDue: (bases.baseline ?? bases.current).toDecimal(),
      };
};

/** The definition the track keeps of one of its lines (lineIds names only lines it has). */
const lineInfoOf = (track: BenefitTrack, id: string): LineInfo => {
  const info = ownEntry(track.lineInfo, id);
  if (info === undefined) throw new Error(`the track has no line ${id}`);
  return info;
};

/**
 * Lines of the current case in its order, then lines only the baseline has, then any other
 * reported or harvested line. *Why the harvested:* a harvest stands until it is reversed, and
 * the fund balance counts it; a later version that leaves its line out must not take it out of
 * the figures (a budget cut shown resting on nothing, and a tranche's harvested no longer the
 * fund balance's).
 */
const lineIds = (track: BenefitTrack): string[] => {
  const ids = [
    ...(currentCase(track)?.benefits ?? []).map((l) => l.benefitLineId),
    ...(baselineCase(track)?.benefits ?? []).map((l) => l.benefitLineId),
    ...track.reports.map((r) => r.benefitLineId),
    ...track.harvests.map((h) => h.benefitLineId),
  ];
  return [...new Set(ids)].filter((id) => ownEntry(track.lineInfo, id) !== undefined);
};

/**
 * What a line is judged by: its indicator (baseline, direction and target: the path a reading is
 * measured against) and the frequencies its readings are owed at, the finest of which counts
 * (indicator.ts isStale). One rule, in this order:
 * - the reference case's definition, where it names the line (the baseline once approved, which
 *   only a re-baseline changes; before approval the current case);
 * - once approved, for a line the reference case lacks (a qualitative line added after approval,
 *   or one a later re-baseline left out), its definition as promised after approval: that of the
 *   earliest version from the approved one on that names it, or of the latest re-baseline that
 *   adopted a version having it (the track's `promisedIndicators`). *Why:* the current case is
 *   the lead's alone to document, and judged by it a line read in deviation became `on-track` by
 *   a new indicator baseline (off the board's list of deviations), and one read monthly and late
 *   was no longer `stale` once documented yearly;
 * - else the current case's (a valued line, whose indicator judges nothing; a line before
 *   approval), else the line as last documented.
 * The current case's frequency counts beside the definition's: a later version may ask for
 * readings more often, but only a re-baseline lets them come less often, as the obligations
 * never shrink either.
 */
const judgedBy = (
  track: BenefitTrack,
  id: string,
): { readonly indicator: Indicator; readonly frequencies: [string, ...string[]] } => {
  const reference = referenceCase(track);
  const current = currentCase(track);
  const inCurrent = current ? findBenefitLine(current, id)?.indicator : undefined;
  const indicator =
    (reference ? findBenefitLine(reference, id)?.indicator : undefined) ??
    (track.baselineCaseVersion === null ? undefined : ownEntry(track.promisedIndicators, id)) ??
    inCurrent ??
    lineInfoOf(track, id).indicator;
  const frequencies: [string, ...string[]] =
    inCurrent === undefined || inCurrent === indicator
      ? [indicator.frequency]
      : [indicator.frequency, inCurrent.frequency];
  return { indicator, frequencies };
};

const lineIdOf = (item: { readonly benefitLineId: string }): string => item.benefitLineId;

const isUnconfirmed = (report: TrackedReport): boolean => report.unconfirmed === true;

const harvestEntry = (h: TrackedHarvest): PeriodEntry =>
  entryOf({ period: String(h.fiscalYear), amount: h.amount });

/**
 * Each line's inputs from the track, its reports and harvests grouped by line once for every
 * line: filtered per line, the largest investment of the bench (9,114 reports, 93 lines) spent
 * a third of its figures to date walking the reports.
 */
const inputsOf = (track: BenefitTrack): ((id: string) => LineInputs) => {
  const unconfirmed = track.reports.filter(isUnconfirmed);
  const reports = groupedBy(
    unconfirmed.length === 0 ? track.reports : track.reports.filter((r) => !isUnconfirmed(r)),
    lineIdOf,
  );
  const unconfirmedByLine = groupedBy(unconfirmed, lineIdOf);
  const harvests = groupedBy(track.harvests, lineIdOf);
  return (id) => {
    const lineHarvests = harvests.get(id) ?? [];
    return {
      id,
      approved: track.baselineCaseVersion !== null,
      baseline: baselineCase(track),
      current: currentCase(track),
      reference: referenceCase(track),
      reports: reports.get(id) ?? [],
      unconfirmed: unconfirmedByLine.get(id) ?? [],
      harvests: lineHarvests.map(harvestEntry),
      harvestsAhead: lineHarvests.filter((h) => h.aheadOfRealisation === true).map(harvestEntry),
      benefitClass: lineInfoOf(track, id).class,
      ...judgedBy(track, id),
      replacedPaths: track.replacedPaths,
    };
  };
};

// ---------------------------------------------------------------------------------------------
// Totals over the monetised lines

/**
 * Σ of one field over the rows: null when every row's is null, a lone amount as it stands,
 * otherwise the exact sum written once (amounts have whole öre, so adding them up as decimals
 * and writing the sum once equals writing every running sum out and reading it back).
 */
const sumField = (rows: readonly AmountFigures[], field: keyof AmountFigures): string | null => {
  let lone: string | null = null;
  let sum: Money | null = null;
  for (const row of rows) {
    const value = row[field];
    if (value === null) continue;
    if (lone === null) lone = value;
    else sum = (sum ?? Money.of(lone)).plus(Money.of(value));
  }
  return sum === null ? lone : sum.toString();
};

/**
 * Sums of figures: every amount is the sum of the rows' (a null is absent, not zero), and the
 * ratio is taken from the summed bases, so totals are exactly the sum of their rows.
 */
export const sumFigures = (rows: readonly AmountFigures[]): AmountFigures => {
  const forecastDue = sumField(rows, 'forecastDue');
  const variance = sumField(rows, 'variance');
  const ratio =
    forecastDue === null
      ? null
      : ratioOf(Money.of(forecastDue).plus(Money.of(variance ?? '0')), Money.of(forecastDue));
  return {
    baselineForecast: sumField(rows, 'baselineForecast'),
    currentForecast: sumField(rows, 'currentForecast'),
    actual: sumField(rows, 'actual'),
    harvested: sumField(rows, 'harvested'),
    harvestedAhead: sumField(rows, 'harvestedAhead'),
    variance,
    realisationRatio: ratio === null ? null : ratioText(ratio),
    forecastDue,
    forecastDrift: sumField(rows, 'forecastDrift'),
    deliveryGap: sumField(rows, 'deliveryGap'),
    notReported: sumField(rows, 'notReported'),
  };
};

/** The monetised lines' figures to date together. */
const totalToDate = (lines: readonly LineFigures[]): AmountFigures =>
  sumFigures(lines.filter((l) => isValued(l.class)).map((l) => l.toDate));

const sumMoney = (amounts: readonly (Money | null)[]): Money | null =>
  amounts.reduce<Money | null>(
    (sum, a) => (a === null ? sum : sum === null ? a : sum.plus(a)),
    null,
  );

/**
 * The due bases of several lines' period together; undefined when some have a baseline and
 * some not (never within one investment: approval is the investment's), which one DueBases
 * cannot hold.
 */
const sumDue = (dues: readonly (DueBases | null)[]): DueBases | null | undefined => {
  const due = dues.filter((b): b is DueBases => b !== null);
  if (due.length === 0) return null;
  const withBaseline = due.filter((b) => b.baseline !== null).length;
  if (withBaseline !== 0 && withBaseline !== due.length) return undefined;
  return {
    baseline: sumMoney(due.map((b) => b.baseline)),
    current: Money.sum(due.map((b) => b.current)),
    actual: Money.sum(due.map((b) => b.actual)),
    currentReported: Money.sum(due.map((b) => b.currentReported)),
  };
};

/**
 * One period of the totals from its lines' rows and amounts. Summing the amounts and writing
 * them once gives sumFigures' texts exactly: every due figure is a difference of bases, so
 * the sum of the lines' figures is the figure of their summed bases, and the ratio is taken
 * from the summed bases either way.
 */
const totalPeriod = (
  period: string,
  rows: readonly { readonly row: PeriodFigures; readonly values: PeriodValues }[],
): PeriodFigures => {
  const due = sumDue(rows.map((r) => r.values.due));
  if (due === undefined) {
    return { period, ...sumFigures(rows.map((r) => r.row)), indicatorValue: null };
  }
  const pick = (field: Exclude<keyof PeriodValues, 'due'>): Money | null =>
    sumMoney(rows.map((r) => r.values[field]));
  return periodFigures(period, {
    baselineForecast: pick('baselineForecast'),
    currentForecast: pick('currentForecast'),
    actual: pick('actual'),
    harvested: pick('harvested'),
    harvestedAhead: pick('harvestedAhead'),
    due,
  });
};

const totalsOf = (lines: readonly LineResult[]): InvestmentFigures['totals'] => {
  // Each period's rows in the order of the lines (a line has a period once).
  const byPeriod = new Map<string, { row: PeriodFigures; values: PeriodValues }[]>();
  for (const { figures, values } of lines) {
    if (values === null) continue;
    figures.periods.forEach((row, i) => {
      const entry = { row, values: values[i] };
      const rows = byPeriod.get(row.period);
      if (rows) rows.push(entry);
      else byPeriod.set(row.period, [entry]);
    });
  }
  return {
    periods: sortPeriodTexts(byPeriod.keys()).map((period) =>
      totalPeriod(period, byPeriod.get(period) ?? []),
    ),
    toDate: totalToDate(lines.map((l) => l.figures)),
  };
};

/** The status of the monetised lines together: their summed realisation to date. */
const totalsStatus = (toDate: AmountFigures, tolerances: Tolerances): Status | null =>
  realisationAchievement(judgedBases(toDate), tolerances).status;

// ---------------------------------------------------------------------------------------------
// KPIs

const caseFlows = (benefitCase: BenefitCase, include: (c: BenefitClass) => boolean): CashFlows => ({
  benefits: benefitCase.benefits
    .filter((l) => include(l.class))
    .flatMap((l) => (l.forecast ?? []).map(entryOf)),
  costs: benefitCase.costs.flatMap((l) => l.forecast.map(entryOf)),
});

const isFinancial = (c: BenefitClass): boolean => c === 'financial';

const caseKpis = (benefitCase: BenefitCase | null, year: number | null): KpiSet | null =>
  benefitCase === null || year === null
    ? null
    : {
        monetised: kpis(caseFlows(benefitCase, isValued), benefitCase.discountRate, year),
        financial: kpis(caseFlows(benefitCase, isFinancial), benefitCase.discountRate, year),
      };

/** The actual to date of the lines `include` picks (valued lines have them), and every cost. */
/**
 * A valued line's actual to date as monthly flows: its reports of the due months and the losses
 * its due months count unreported (a lead who stops reporting a loss line lifts no figure).
 */
const actualBenefits = (line: {
  readonly dueReports: readonly PeriodEntry[];
  readonly unreportedLosses: readonly PeriodEntry[];
}): PeriodEntry[] => [...line.dueReports, ...line.unreportedLosses];

const actualFlows = (
  track: BenefitTrack,
  lines: readonly LineResult[],
  include: (c: BenefitClass) => boolean,
): CashFlows => ({
  benefits: lines.filter((l) => include(l.figures.class)).flatMap(actualBenefits),
  costs: track.costs.map((c) => ({
    period: periodOfDate(c.incurredOn, 'month'),
    amount: Money.of(c.amount),
  })),
});

const actualKpis = (
  track: BenefitTrack,
  lines: readonly LineResult[],
  year: number | null,
): KpiSet | null => {
  if (year === null) return null;
  const rate = referenceCase(track)?.discountRate ?? DEFAULT_DISCOUNT_RATE;
  const monetisedFlows = actualFlows(track, lines, isValued);
  const monetised = kpis(monetisedFlows, rate, year);
  const financialFlows = actualFlows(track, lines, isFinancial);
  // Every valued line with flows financial: the same flows in the same order (the financial
  // lines' flows are a subset of the valued ones', taken in one order), so the same KPIs;
  // worked out once, as they are most of a long-reported investment's figures.
  const same = financialFlows.benefits.length === monetisedFlows.benefits.length;
  return { monetised, financial: same ? monetised : kpis(financialFlows, rate, year) };
};

// ---------------------------------------------------------------------------------------------

/** Every benefit line's figures, without the KPIs. */
const lineResultsOf = (
  track: BenefitTrack,
  options: FigureOptions,
  detail: LineDetail = 'periods',
): LineResult[] => {
  const inputs = inputsOf(track);
  return lineIds(track).map((id) => lineResult(track, inputs(id), options, detail));
};

export const lineFiguresOf = (track: BenefitTrack, options: FigureOptions): LineFigures[] =>
  lineResultsOf(track, options).map((line) => line.figures);

/** The monetised lines' figures only (lineFiguresOf's valued lines, in its order). */
export const valuedLineFiguresOf = (track: BenefitTrack, options: FigureOptions): LineFigures[] => {
  const inputs = inputsOf(track);
  return lineIds(track)
    .filter((id) => isValued(lineInfoOf(track, id).class))
    .map((id) => lineResult(track, inputs(id), options).figures);
};

/**
 * The investment's status: the worst of its lines' and of its monetised lines together, so
 * lines each within tolerance cannot make the whole look on track when the totals are not.
 */
const investmentStatus = (
  lines: readonly LineFigures[],
  toDate: AmountFigures,
  tolerances: Tolerances,
): Status | null => worstStatus([...lines.map((l) => l.status), totalsStatus(toDate, tolerances)]);

const isFinancialLine = (track: BenefitTrack, id: string): boolean =>
  lineInfoOf(track, id).class === 'financial';

/**
 * The financial lines' actual to date as monthly flows (actualBenefits), found from the track
 * alone: for the running-cost effect where the lines' figures were not worked out.
 */
const financialActuals = (track: BenefitTrack, today: string): PeriodEntry[] => {
  const inputsOfLine = inputsOf(track);
  return lineIds(track)
    .filter((id) => isFinancialLine(track, id))
    .flatMap((id) => {
      const inputs = inputsOfLine(id);
      const grid = monthGrid(inputs, lineEntries(inputs), today);
      return actualBenefits({
        dueReports: dueReports(grid),
        unreportedLosses: unreportedLosses(grid),
      });
    });
};

/** The investment's running-cost effect, baseline and current case and actuals to date. */
export const runningCostEffectOf = (
  track: BenefitTrack,
  today: string,
  lines?: readonly LineResult[],
): RunningCostEffectFigures =>
  runningCostEffectFigures(
    track,
    baselineCase(track),
    currentCase(track),
    today,
    lines === undefined
      ? financialActuals(track, today)
      : lines.filter((l) => l.figures.class === 'financial').flatMap(actualBenefits),
  );

export const investmentFigures = (
  track: BenefitTrack,
  options: FigureOptions,
): InvestmentFigures => {
  const results = lineResultsOf(track, options);
  const lines = results.map((line) => line.figures);
  const totals = totalsOf(results);
  const year = decisionYear(track);
  return {
    investmentId: track.investmentId,
    grain: options.grain,
    today: options.today,
    baselineCaseVersion: track.baselineCaseVersion,
    currentCaseVersion: track.currentCaseVersion,
    decisionYear: year,
    lines,
    totals,
    kpis: {
      forecast: caseKpis(currentCase(track), year),
      baseline: caseKpis(baselineCase(track), year),
      actualToDate: actualKpis(track, results, year),
    },
    status: investmentStatus(lines, totals.toDate, options.tolerances),
    runningCostEffect: runningCostEffectOf(track, options.today, results),
  };
};

export interface ToDateSummary {
  /** The forecast measured against (baseline once approved, else current) over the periods due. */
  readonly forecastToDate: string | null;
  readonly currentForecastToDate: string | null;
  readonly actualToDate: string | null;
  /** Equal to the investment's totals.toDate.variance and to its rows in every report grouping. */
  readonly varianceToDate: string | null;
  readonly realisationRatio: string | null;
  readonly forecastDriftToDate: string | null;
  readonly deliveryGapToDate: string | null;
  readonly notReportedToDate: string | null;
  /** Σ of the financial lines' harvests marked ahead of realisation (null without a financial line). */
  readonly harvestedAhead: string | null;
  /** The investment's status (the worst of its lines' and its totals'); null while none can be judged. */
  readonly indicatorStatus: Status | null;
}

/** The investment's figures to date over its monetised lines, for the investment summary. */
export const toDateSummary = (track: BenefitTrack, options: FigureOptions): ToDateSummary => {
  const lines = lineResultsOf(track, options, 'to-date').map((line) => line.figures);
  // Only the to-date totals: the per-period figures are the investment page's, not the summary's.
  const toDate = totalToDate(lines);
  return {
    forecastToDate: toDate.forecastDue,
    currentForecastToDate: toDate.currentForecast,
    actualToDate: toDate.actual,
    varianceToDate: toDate.variance,
    realisationRatio: toDate.realisationRatio,
    forecastDriftToDate: toDate.forecastDrift,
    deliveryGapToDate: toDate.deliveryGap,
    notReportedToDate: toDate.notReported,
    harvestedAhead: toDate.harvestedAhead,
    indicatorStatus: investmentStatus(lines, toDate, options.tolerances),
  };
};
