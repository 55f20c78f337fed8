/**
 * The moments a read names, in the ledger's days: days are Europe/Stockholm days (see
 * stockholm-day.ts), so a bare-date `asOf` means the end of that Stockholm day, and the
 * moment's Stockholm day is the `today` every figure to date runs up to. Every read of ledger
 * state takes its `asOf` this way, and the board report its `asOf` and `since`.
 *
 * Why a range narrower than the years 0001–9999 (UTC) that instant-param.ts accepts: a moment
 * is placed in a Stockholm day, and only the days from 1900-01-01 to 9999-12-31 can be placed.
 * Sweden has kept Central European Time (with summer time) since 1 January 1900; before it the
 * zone data holds a local mean time that is no whole hour from UTC and differs between tz
 * releases (Stockholm's own +01:12:12, or Berlin's +00:53:28 where Stockholm is a link to
 * Berlin), and years before 1000 are not even written as `YYYY` by the platform. After
 * 9999-12-31T22:59:59.999Z the Stockholm day is 10000-01-01, which no `YYYY-MM-DD` day or
 * period can name (and which compares below every four-digit day). So a moment must fall in
 * that range: a 400 naming the parameter, rather than a day nobody can vouch for or a 500.
 */
import { BareDateMeans, parseInstantParam } from '../shared/instant-param';
import { invalidInput } from '../shared/problem';
import { addDays, isCalendarDay, stockholmDay } from './stockholm-day';

/** The first and last Stockholm days a moment may fall on. */
export const FIRST_LEDGER_DAY = '1900-01-01';
export const LAST_LEDGER_DAY = '9999-12-31';
/** Their first and last milliseconds (CET, UTC+1, on both: summer time is never in January or December). */
export const FIRST_LEDGER_MOMENT = '1899-12-31T23:00:00.000Z';
export const LAST_LEDGER_MOMENT = '9999-12-31T22:59:59.999Z';

export const LEDGER_MOMENT_RANGE_TEXT =
  `must fall on a Stockholm day from ${FIRST_LEDGER_DAY} to ${LAST_LEDGER_DAY}: a moment from ` +
  `${FIRST_LEDGER_MOMENT} to ${LAST_LEDGER_MOMENT} (a date: its Stockholm day)`;

const MS_PER_HOUR = 60 * 60 * 1000;
const MS_PER_DAY = 24 * MS_PER_HOUR;
/**
 * Stockholm's offset from UTC lies within these bounds: +1 in winter, +2 in summer, and +3 in
 * the double summer time of 1945 and 1947 in the zone data where Stockholm shares Berlin's rules
 * (Node's does): trying +1 and +2 alone left those summers' days without an end.
 */
const MIN_STOCKHOLM_OFFSET_MS = 0;
const MAX_STOCKHOLM_OFFSET_MS = 4 * MS_PER_HOUR;

/**
 * The first millisecond in (after, to] that is no longer on the Stockholm day `day`, given that
 * `after` is on it and `to` is not: halving the span (some 25 steps for hours), so no offset is
 * assumed beyond the bounds above.
 */
const firstMsAfterDay = (day: string, after: number, to: number): number => {
  let [on, off] = [after, to];
  while (off - on > 1) {
    const middle = on + Math.floor((off - on) / 2);
    if (stockholmDay(middle) === day) on = middle;
    else off = middle;
  }
  return off;
};

/** The last millisecond of the Stockholm day `day` (`YYYY-MM-DD`), as an ISO UTC moment. */
export const endOfStockholmDay = (day: string): string => {
  if (!isCalendarDay(day)) throw new RangeError(`not a day: ${JSON.stringify(day)}`);
  // In milliseconds, not text: the day after 9999-12-31 has no `YYYY-MM-DD`.
  const nextUtcMidnight = Date.parse(`${day}T00:00:00Z`) + MS_PER_DAY;
  const stillOn = nextUtcMidnight - MAX_STOCKHOLM_OFFSET_MS;
  const pastIt = nextUtcMidnight - MIN_STOCKHOLM_OFFSET_MS;
  if (stockholmDay(stillOn) !== day || stockholmDay(pastIt) === day) {
    throw new RangeError(`no Stockholm midnight found after ${day}`);
  }
  return new Date(firstMsAfterDay(day, stillOn, pastIt) - 1).toISOString();
};

/** The first millisecond of the Stockholm day `day` (`YYYY-MM-DD`), as an ISO UTC moment. */
export const startOfStockholmDay = (day: string): string =>
  day === FIRST_LEDGER_DAY
    ? FIRST_LEDGER_MOMENT
    : new Date(Date.parse(endOfStockholmDay(addDays(day, -1))) + 1).toISOString();

/**
 * True when the moment (an ISO UTC string of years 0001–9999, as parseAsOf gives) may be asked
 * for: such strings all have one shape, so they compare as text.
 */
const isLedgerMoment = (instant: string): boolean =>
  FIRST_LEDGER_MOMENT <= instant && instant <= LAST_LEDGER_MOMENT;

/** True when the `YYYY-MM-DD` day may be asked for. */
const isLedgerDay = (day: string): boolean => FIRST_LEDGER_DAY <= day && day <= LAST_LEDGER_DAY;

/**
 * A read's `asOf` (or the board report's `since`): an ISO moment as parseAsOf reads it, but a
 * bare date means the end of that Stockholm day (parseAsOf's own bare date ends the UTC day).
 * Either must fall on a Stockholm day from FIRST_LEDGER_DAY to LAST_LEDGER_DAY; else a 400
 * naming `name`. Undefined when nothing was asked.
 */
export const parseLedgerMoment = (value: string | undefined, name: string): string | undefined => {
  const instant = parseInstantParam(value, name, 'end-of-day');
  if (instant === undefined || value === undefined) return instant;
  const bareDate = isCalendarDay(value);
  if (!(bareDate ? isLedgerDay(value) : isLedgerMoment(instant))) {
    throw invalidInput([{ path: name, message: LEDGER_MOMENT_RANGE_TEXT }]);
  }
  return bareDate ? endOfStockholmDay(value) : instant;
};

export const LEDGER_DAY_RANGE_TEXT =
  `a date must be a Stockholm day from ${FIRST_LEDGER_DAY} to ${LAST_LEDGER_DAY}; ` +
  'give a moment with a zone for another';

/**
 * A bound of a range of recorded times (`from`, `to`): an ISO moment as given (any of the
 * years 0001–9999 the strict parser takes: a bound is compared with recorded times, it names
 * no day of figures), and a bare date as a Stockholm day, the ledger's days, as `asOf` reads
 * one: `from` its first millisecond, `to` its last. Before, a bare date was a UTC day, so a
 * change recorded 00:30 in Stockholm fell in the day before the one every other answer and
 * the dashboard put it in. A bare date no Stockholm day can place is a 400 naming `name`.
 */
export const parseRangeBound = (
  value: string | undefined,
  name: string,
  bareDate: BareDateMeans,
): string | undefined => {
  const instant = parseInstantParam(value, name, bareDate);
  if (instant === undefined || value === undefined || !isCalendarDay(value)) return instant;
  if (!isLedgerDay(value)) throw invalidInput([{ path: name, message: LEDGER_DAY_RANGE_TEXT }]);
  return bareDate === 'start-of-day' ? startOfStockholmDay(value) : endOfStockholmDay(value);
};

/**
 * Why a moment after today is refused: the ledger records nothing after now, so an answer "as
 * of" a later day would judge that day's figures on what has not happened (every period up to
 * it due, nothing delivered: variance, overdue reports and stale statuses that are no record).
 */
export const NOT_AFTER_TODAY_MESSAGE = 'must not be after today (Europe/Stockholm)';

/** The refusal's words, naming today's Stockholm day. */
export const notAfterTodayText = (today: string): string =>
  `${NOT_AFTER_TODAY_MESSAGE}: today is ${today}; the ledger records nothing later`;

/**
 * A read's `asOf` (as parseLedgerMoment gives it: an ISO UTC moment) held to the ledger's
 * today: no later than the last millisecond of `now`'s Europe/Stockholm day. Today's bare date
 * (the end of today) passes, and a moment later today passes too (answered with what is
 * recorded by now: its day is today); a moment on a later day is a 400 naming `name`. `now` is
 * the caller's clock, the one its `today` comes from. Undefined when nothing was asked.
 */
export const requireNotAfterToday = (
  moment: string | undefined,
  now: Date,
  name: string,
): string | undefined => {
  if (moment === undefined) return moment;
  const today = stockholmDay(now);
  if (Date.parse(moment) > Date.parse(endOfStockholmDay(today))) {
    throw invalidInput([{ path: name, message: notAfterTodayText(today) }]);
  }
  return moment;
};
