/**
 * How a benefit line is doing against its plan.
 *
 * Qualitative lines (measured by an indicator only): achievement % = (reading − baseline) ÷
 * (target − baseline) × 100 for the latest reading; the plan is the straight line from the
 * baseline at the start of the horizon to the target at its end, read at the end of the
 * reading's period (expected %). Valued lines (reported in SEK, not in the indicator's unit):
 * achievement % = actual ÷ forecast × 100 over the periods due to date, and the plan is
 * 100 %. Either way the gap is expected % − achievement %, in percentage points of the
 * planned change: within the on-track tolerance (default 10) `on-track`, within the watch
 * tolerance (default 20) `watch`, beyond it `deviation`. Doing better than planned is
 * on-track. Points of the planned change rather than a relative error, because early in
 * the horizon the expected change is near zero and any relative error would explode.
 */
import Decimal from 'decimal.js';
import { Dec } from '../../src/money/money';
import { Horizon, Period, monthsIn, periodEnd } from '../../src/periods/period';
import { Indicator, readingIntervalMonths } from '../../src/investment/benefit-case';
import { endedBy } from './days';
import { lastMonthOf } from './grid';

export const PERCENT_DECIMALS = 2;
const MONTHS_PER_YEAR = 12;

/**
 * `stale`: a qualitative line whose latest reading is older than its frequency allows (or that
 * never had one once a reading was owed): its last status no longer says how it is doing.
 */
export const STATUSES = ['on-track', 'watch', 'stale', 'deviation'] as const;
export type Status = (typeof STATUSES)[number];

/** Percentage points of the planned change. */
export interface Tolerances {
  readonly onTrackPct: number;
  readonly watchPct: number;
}

export const DEFAULT_TOLERANCES: Tolerances = { onTrackPct: 10, watchPct: 20 };

export interface Achievement {
  readonly achievementPct: string | null;
  readonly expectedPct: string | null;
  readonly status: Status | null;
}

export const NO_ACHIEVEMENT: Achievement = {
  achievementPct: null,
  expectedPct: null,
  status: null,
};

export const percentText = (value: Decimal): string =>
  value.toDecimalPlaces(PERCENT_DECIMALS, Decimal.ROUND_HALF_EVEN).toFixed(PERCENT_DECIMALS);

export const statusOf = (
  expectedPct: Decimal,
  achievementPct: Decimal,
  tolerances: Tolerances,
): Status => {
  const gap = expectedPct.minus(achievementPct);
  if (gap.lte(tolerances.onTrackPct)) return 'on-track';
  if (gap.lte(tolerances.watchPct)) return 'watch';
  return 'deviation';
};

const achievement = (
  expected: Decimal,
  achieved: Decimal,
  tolerances: Tolerances,
): Achievement => ({
  achievementPct: percentText(achieved),
  expectedPct: percentText(expected),
  status: statusOf(expected, achieved, tolerances),
});

/** The share of the horizon elapsed at the end of `period`, between 0 and 1. */
export const elapsedFraction = (horizon: Horizon, period: Period): Decimal => {
  const last = lastMonthOf(period);
  const monthOfYear = last.grain === 'month' ? last.month : MONTHS_PER_YEAR;
  const monthsIn = (last.year - horizon.startYear) * MONTHS_PER_YEAR + monthOfYear;
  const fraction = new Dec(monthsIn).dividedBy(horizon.years * MONTHS_PER_YEAR);
  return Dec.min(Dec.max(fraction, 0), 1);
};

export const indicatorAchievement = (
  indicator: Indicator,
  horizon: Horizon,
  reading: { readonly period: Period; readonly value: string },
  tolerances: Tolerances,
): Achievement => {
  const baseline = new Dec(indicator.baseline);
  const plannedChange = new Dec(indicator.target).minus(baseline);
  if (plannedChange.isZero()) return NO_ACHIEVEMENT;
  const achieved = new Dec(reading.value).minus(baseline).dividedBy(plannedChange).times(100);
  const expected = elapsedFraction(horizon, reading.period).times(100);
  return achievement(expected, achieved, tolerances);
};

/**
 * How much of the forecast was realised, respecting the sign: 1 + (actual − forecast) ÷
 * |forecast|. For a benefit (forecast > 0) that is actual ÷ forecast; for a dis-benefit
 * (forecast < 0) a larger loss than forecast is below 1 and a smaller one above: forecast
 * −200 000, actual −450 000 gives −0.25, not 2.25. Null over a zero forecast.
 */
export const signedRatio = (actual: Decimal, forecast: Decimal): Decimal | null =>
  forecast.isZero() ? null : new Dec(1).plus(actual.minus(forecast).dividedBy(forecast.abs()));

/**
 * A valued line (or the valued lines together): the signed realisation ratio to date against a
 * plan of 100 %. Over a forecast due of zero there is no ratio, but what was delivered is still
 * judged: a loss where nothing was planned is a shortfall beyond any tolerance (`deviation`), a
 * gain is better than planned (`on-track`), nothing is nothing to judge. *Why:* with no status,
 * a realised loss of 400 000 SEK on a line planned to deliver nothing yet was on no board's
 * list of deviations, and the investment had no status at all.
 */
export const realisationAchievement = (
  bases: { readonly actual: Decimal; readonly forecastDue: Decimal } | null,
  tolerances: Tolerances,
): Achievement => {
  if (bases === null) return NO_ACHIEVEMENT;
  const ratio = signedRatio(bases.actual, bases.forecastDue);
  if (ratio !== null) return achievement(new Dec(100), ratio.times(100), tolerances);
  if (bases.actual.lt(0)) return { ...NO_ACHIEVEMENT, status: 'deviation' };
  if (bases.actual.gt(0)) return { ...NO_ACHIEVEMENT, status: 'on-track' };
  return NO_ACHIEVEMENT;
};

/**
 * The months between readings an indicator's frequency names, read as the obligations read it
 * (readingIntervalMonths in src/investment/benefit-case.ts). A wording it does not know falls
 * back to the length of the period the latest reading measured: a yearly reading is owed yearly.
 */
export const frequencyMonths = (frequency: string, fallback: Period): number =>
  readingIntervalMonths(frequency) ?? monthsIn(fallback);

/** The last day of the month `months` after the last month of `period`, YYYY-MM-DD. */
const endAfter = (period: Period, months: number): string => {
  const last = lastMonthOf(period);
  const index = last.year * MONTHS_PER_YEAR + (last.grain === 'month' ? last.month - 1 : 11);
  const target = index + months;
  const month = ((target % MONTHS_PER_YEAR) + 1) as Extract<Period, { grain: 'month' }>['month'];
  return periodEnd({ grain: 'month', year: Math.floor(target / MONTHS_PER_YEAR), month });
};

/**
 * The months between readings of the finest of several frequencies (each read by
 * frequencyMonths): a line is read as often as any of the versions that bind it asks, as its
 * follow-up obligations never shrink either (src/investment/obligations.ts).
 */
export const finestFrequencyMonths = (
  frequencies: readonly [string, ...string[]],
  fallback: Period,
): number => Math.min(...frequencies.map((frequency) => frequencyMonths(frequency, fallback)));

/**
 * An indicator is stale on `today` (YYYY-MM-DD) once the next reading's period has ended
 * without one: the period after `measured` (the latest reading's period, or — with no reading
 * yet — the year before the horizon starts), as long as the finest of `frequencies`. A reading
 * for 2019 with a yearly frequency is stale from 2021-01-01; none at all on a horizon from
 * 2018, quarterly, from 2018-04-01.
 */
export const isStale = (
  frequencies: readonly [string, ...string[]],
  measured: Period,
  today: string,
): boolean => endedBy(endAfter(measured, finestFrequencyMonths(frequencies, measured)), today);

/**
 * Whether a reading is owed after `measured` at all: the next period begins on or before the
 * horizon's last month (December of `lastYear`). After the horizon no reading is owed (the
 * follow-up obligations end there too), so a line read to its horizon's end is never stale; a
 * horizon that could be shortened to escape this is the reference case's, which only a
 * re-baseline changes.
 */
export const nextReadingOwed = (measured: Period, lastYear: number): boolean => {
  const last = lastMonthOf(measured);
  return (
    last.year < lastYear || (last.year === lastYear && last.grain === 'month' && last.month < 12)
  );
};

/** Stale ranks below deviation (a known shortfall) and above watch: not knowing is a warning. */
const SEVERITY: Record<Status, number> = { 'on-track': 0, watch: 1, stale: 2, deviation: 3 };

/** The worst of several statuses; null when none is known. */
export const worstStatus = (statuses: readonly (Status | null)[]): Status | null =>
  statuses.reduce<Status | null>(
    (worst, s) => (s !== null && (worst === null || SEVERITY[s] > SEVERITY[worst]) ? s : worst),
    null,
  );
