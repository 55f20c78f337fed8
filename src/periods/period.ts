/**
 * Periods of the ledger: a year `YYYY`, a quarter `YYYY-Qn` or a month `YYYY-MM`.
 * Forecasts and effect reports are made per period, and a coarse forecast compared at a
 * finer grain is spread evenly with the öre remainder in the last sub-period, so totals
 * are preserved exactly. Every period is handled as a run of whole months.
 */
import Decimal from 'decimal.js';
import { Money, ORE_DECIMALS } from '../money/money';

/** The earliest and latest years the ledger accepts: wide enough for any plan, narrow enough to catch typos. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

const MONTHS_PER_YEAR = 12;
const MONTHS_PER_QUARTER = 3;

export type Grain = 'year' | 'quarter' | 'month';
export type Quarter = 1 | 2 | 3 | 4;
export type Month = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;

export type Period =
  | { readonly grain: 'year'; readonly year: number }
  | { readonly grain: 'quarter'; readonly year: number; readonly quarter: Quarter }
  | { readonly grain: 'month'; readonly year: number; readonly month: Month };

/** A run of years over which a benefit case is calculated: startYear .. startYear + years - 1. */
export interface Horizon {
  readonly startYear: number;
  readonly years: number;
}

export type PeriodProblem =
  | 'not-a-string'
  | 'not-a-period'
  | 'year-out-of-range'
  | 'quarter-out-of-range'
  | 'month-out-of-range';

export const PERIOD_PROBLEM_TEXT: Record<PeriodProblem, string> = {
  'not-a-string': 'must be a string such as "2017", "2017-Q1" or "2017-03"',
  'not-a-period': 'must be YYYY, YYYY-Qn or YYYY-MM, such as "2017", "2017-Q1" or "2017-03"',
  'year-out-of-range': `year must be from ${MIN_YEAR} to ${MAX_YEAR}`,
  'quarter-out-of-range': 'quarter must be Q1, Q2, Q3 or Q4',
  'month-out-of-range': 'month must be 01 to 12',
};

export type PeriodParse =
  | { readonly ok: true; readonly period: Period }
  | { readonly ok: false; readonly problem: PeriodProblem; readonly message: string };

/** Exactly four digits, then optionally -Qd or -dd. No spaces, no lower-case q. */
const PERIOD_PATTERN = /^([0-9]{4})(?:-Q([0-9])|-([0-9]{2}))?$/;
const DATE_PATTERN = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Finest last: a grain's index grows as it gets finer. */
const GRAIN_FINENESS: Record<Grain, number> = { year: 0, quarter: 1, month: 2 };

const refuse = (problem: PeriodProblem): PeriodParse => ({
  ok: false,
  problem,
  message: PERIOD_PROBLEM_TEXT[problem],
});

/** Strict parse of untrusted input. */
export const parsePeriod = (input: unknown): PeriodParse => {
  if (typeof input !== 'string') return refuse('not-a-string');
  const match = PERIOD_PATTERN.exec(input);
  if (!match) return refuse('not-a-period');
  const [, yearText, quarterText, monthText] = match;
  const year = Number(yearText);
  if (year < MIN_YEAR || year > MAX_YEAR) return refuse('year-out-of-range');
  if (quarterText !== undefined) {
    const quarter = Number(quarterText);
    if (quarter < 1 || quarter > 4) return refuse('quarter-out-of-range');
    return { ok: true, period: { grain: 'quarter', year, quarter: quarter as Quarter } };
  }
  if (monthText !== undefined) {
    const month = Number(monthText);
    if (month < 1 || month > MONTHS_PER_YEAR) return refuse('month-out-of-range');
    return { ok: true, period: { grain: 'month', year, month: month as Month } };
  }
  return { ok: true, period: { grain: 'year', year } };
};

/**
 * Periods read from recorded texts, kept: the figures read the same few texts thousands of
 * times (every report of a long-reported investment), and the parse was a tenth of an
 * investment page. Bounded by the valid periods themselves (years × 17), and frozen, as they
 * are shared.
 */
const knownPeriods = new Map<string, Period>();

/** For periods already validated (events, tests); throws on anything that is not a period. */
export const periodOf = (text: string): Period => {
  const known = knownPeriods.get(text);
  if (known !== undefined) return known;
  const parsed = parsePeriod(text);
  if (!parsed.ok) throw new Error(`not a period: ${JSON.stringify(text)} (${parsed.message})`);
  const period = Object.freeze(parsed.period);
  knownPeriods.set(text, period);
  return period;
};

const pad2 = (n: number): string => String(n).padStart(2, '0');

export const formatPeriod = (period: Period): string => {
  switch (period.grain) {
    case 'year':
      return String(period.year);
    case 'quarter':
      return `${period.year}-Q${period.quarter}`;
    case 'month':
      return `${period.year}-${pad2(period.month)}`;
    default: {
      const exhaustive: never = period;
      throw new Error(`unknown period ${JSON.stringify(exhaustive)}`);
    }
  }
};

export const grainOf = (period: Period): Grain => period.grain;

/** True when `grain` is at least as fine as `than` (month is finer than quarter, quarter than year). */
export const isFinerOrEqual = (grain: Grain, than: Grain): boolean =>
  GRAIN_FINENESS[grain] >= GRAIN_FINENESS[than];

/** Months counted from year 0, so that every period is a half-open run [first, end). */
export interface MonthRun {
  readonly first: number;
  readonly end: number;
}

export const monthRun = (period: Period): MonthRun => {
  const yearStart = period.year * MONTHS_PER_YEAR;
  switch (period.grain) {
    case 'year':
      return { first: yearStart, end: yearStart + MONTHS_PER_YEAR };
    case 'quarter': {
      const first = yearStart + (period.quarter - 1) * MONTHS_PER_QUARTER;
      return { first, end: first + MONTHS_PER_QUARTER };
    }
    case 'month': {
      const first = yearStart + period.month - 1;
      return { first, end: first + 1 };
    }
    default: {
      const exhaustive: never = period;
      throw new Error(`unknown period ${JSON.stringify(exhaustive)}`);
    }
  }
};

/** The period of `grain` that holds the month with this absolute index. */
const periodAtMonth = (monthIndex: number, grain: Grain): Period => {
  const year = Math.floor(monthIndex / MONTHS_PER_YEAR);
  const monthOfYear = (monthIndex % MONTHS_PER_YEAR) + 1;
  switch (grain) {
    case 'year':
      return { grain, year };
    case 'quarter':
      return { grain, year, quarter: Math.ceil(monthOfYear / MONTHS_PER_QUARTER) as Quarter };
    case 'month':
      return { grain, year, month: monthOfYear as Month };
    default: {
      const exhaustive: never = grain;
      throw new Error(`unknown grain ${String(exhaustive)}`);
    }
  }
};

export const isLeapYear = (year: number): boolean =>
  (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in a month of the proleptic Gregorian calendar (month 1–12). */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];

const CALENDAR_DAY = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** True for a real calendar day written `YYYY-MM-DD` (2017-02-30 is not one), proleptic Gregorian. */
export const isCalendarDay = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
};

/**
 * True for a business date the ledger records (a decision, a release, an invoice, a window's
 * bound): a real calendar day in the years periods may name, MIN_YEAR to MAX_YEAR. A day in
 * year 0000 was accepted before: a 1.00 cost dated then gave an NPV of -1.41e30 SEK, and no
 * as-of question can name such a day.
 */
export const isBusinessDay = (value: unknown): value is string => {
  if (!isCalendarDay(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};

export const BUSINESS_DAY_TEXT = `must be a real date written YYYY-MM-DD, in the years ${MIN_YEAR} to ${MAX_YEAR}`;

/** The first day of the period, `YYYY-MM-DD`. */
export const periodStart = (period: Period): string => {
  const { first } = monthRun(period);
  const year = Math.floor(first / MONTHS_PER_YEAR);
  return `${year}-${pad2((first % MONTHS_PER_YEAR) + 1)}-01`;
};

/** The last day of the period (inclusive), `YYYY-MM-DD`. */
export const periodEnd = (period: Period): string => {
  const last = monthRun(period).end - 1;
  const year = Math.floor(last / MONTHS_PER_YEAR);
  const month = (last % MONTHS_PER_YEAR) + 1;
  return `${year}-${pad2(month)}-${pad2(daysInMonth(year, month))}`;
};

/**
 * Whether the period has ended by `day`: its last day lies before it (`day` itself is still
 * running, so a period ending on it is not over yet).
 */
export const periodEndedBy = (period: Period, day: string): boolean => periodEnd(period) < day;

/** The number of whole months in the period: 12, 3 or 1. */
export const monthsIn = (period: Period): number => {
  const { first, end } = monthRun(period);
  return end - first;
};

/**
 * Chronological order by start; when two periods start together the longer comes first,
 * so a year sorts before its first quarter and that quarter before its first month.
 */
export const comparePeriods = (a: Period, b: Period): number => {
  const ra = monthRun(a);
  const rb = monthRun(b);
  if (ra.first !== rb.first) return ra.first < rb.first ? -1 : 1;
  if (ra.end !== rb.end) return ra.end > rb.end ? -1 : 1;
  return 0;
};

/** Two periods with the same months are the same period: grains never share a run of months. */
export const samePeriod = (a: Period, b: Period): boolean => comparePeriods(a, b) === 0;

/** True when every month of `inner` lies in `outer`. */
export const contains = (outer: Period, inner: Period): boolean => {
  const o = monthRun(outer);
  const i = monthRun(inner);
  return o.first <= i.first && i.end <= o.end;
};

/** True when the two periods share at least one month. */
export const overlaps = (a: Period, b: Period): boolean => {
  const ra = monthRun(a);
  const rb = monthRun(b);
  return ra.first < rb.end && rb.first < ra.end;
};

const monthsPerGrain = (grain: Grain): number =>
  grain === 'year' ? MONTHS_PER_YEAR : grain === 'quarter' ? MONTHS_PER_QUARTER : 1;

/** The periods of `grain` that make up `period`, in order. The grain may not be coarser. */
export const subPeriods = (period: Period, grain: Grain): Period[] => {
  if (!isFinerOrEqual(grain, period.grain)) {
    throw new RangeError(
      `cannot split ${formatPeriod(period)} into ${grain}s: ${grain} is coarser`,
    );
  }
  const { first, end } = monthRun(period);
  const step = monthsPerGrain(grain);
  const out: Period[] = [];
  for (let month = first; month < end; month += step) out.push(periodAtMonth(month, grain));
  return out;
};

export interface PeriodAmount {
  readonly period: Period;
  readonly amount: Money;
}

/**
 * Spreads `amount` evenly over the sub-periods of `grain`. Every share but the last is the
 * even share cut toward zero at whole öre; the last takes what is left, so the parts add up
 * to the amount exactly and the remainder always has the amount's own sign (100.00 over 12
 * months: eleven 8.33 and a last 8.37; -100.00: eleven -8.33 and a last -8.37).
 */
export const spread = (amount: Money, period: Period, grain: Grain): PeriodAmount[] => {
  const parts = subPeriods(period, grain);
  const share = Money.fromDecimal(
    amount.toDecimal().dividedBy(parts.length).toDecimalPlaces(ORE_DECIMALS, Decimal.ROUND_DOWN),
  );
  const sharesBeforeLast = Money.fromDecimal(share.toDecimal().times(parts.length - 1));
  return parts.map((part, i) => ({
    period: part,
    amount: i === parts.length - 1 ? amount.minus(sharesBeforeLast) : share,
  }));
};

/** The period of the coarser (or same) `grain` that holds `period`: 2017-03 → 2017-Q1 → 2017. */
export const coarsen = (period: Period, grain: Grain): Period => {
  if (!isFinerOrEqual(period.grain, grain)) {
    throw new RangeError(`cannot coarsen ${formatPeriod(period)} to ${grain}: ${grain} is finer`);
  }
  return periodAtMonth(monthRun(period).first, grain);
};

/** The period of `grain` that holds a calendar date `YYYY-MM-DD` (e.g. a cost's incurredOn). */
export const periodOfDate = (date: string, grain: Grain): Period => {
  const match = DATE_PATTERN.exec(date);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > MONTHS_PER_YEAR) {
    throw new Error(`not a date: ${JSON.stringify(date)} (must be YYYY-MM-DD)`);
  }
  return periodAtMonth(Number(match[1]) * MONTHS_PER_YEAR + month - 1, grain);
};

const horizonRun = (horizon: Horizon): MonthRun => ({
  first: horizon.startYear * MONTHS_PER_YEAR,
  end: (horizon.startYear + horizon.years) * MONTHS_PER_YEAR,
});

/** The last year of the horizon (inclusive). */
export const horizonEndYear = (horizon: Horizon): number => horizon.startYear + horizon.years - 1;

/** True when the whole period lies within the horizon's years. */
export const isInHorizon = (period: Period, horizon: Horizon): boolean => {
  const h = horizonRun(horizon);
  const p = monthRun(period);
  return h.first <= p.first && p.end <= h.end;
};

/** Every period of `grain` in the horizon, in order. */
export const periodsInHorizon = (horizon: Horizon, grain: Grain): Period[] => {
  const { first, end } = horizonRun(horizon);
  const step = monthsPerGrain(grain);
  const out: Period[] = [];
  for (let month = first; month < end; month += step) out.push(periodAtMonth(month, grain));
  return out;
};
