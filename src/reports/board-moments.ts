/**
 * The board report's moments in business days: days are Europe/Stockholm days (see
 * src/periods/stockholm-day.ts), so a bare-date `asOf` or `since` means the end of that
 * Stockholm day, and the default `since` is the end of the last Stockholm day of the quarter
 * before the one asOf's Stockholm day falls in. A change recorded at 00:30 in Örebro on
 * 1 January (23:30 UTC on 31 December) belongs to 1 January and to the first quarter.
 *
 * Why a range narrower than other endpoints' years 0001–9999 (UTC): a board report places its
 * moments in Stockholm days, and only the days from 1900-01-01 to 9999-12-31 can be placed.
 * Sweden has kept Central European Time (with summer time) since 1 January 1900; before it the
 * zone data holds a local mean time that is no whole hour from UTC and differs between tz
 * releases (Stockholm's own +01:12:12, or Berlin's +00:53:28 where Stockholm is a link to
 * Berlin), and years before 1000 are not even written as `YYYY` by the platform. After
 * 9999-12-31T22:59:59.999Z the Stockholm day is 10000-01-01, which no `YYYY-MM-DD` day or
 * period can name. So asOf and since must fall in that range: a 400 naming the parameter,
 * rather than a day nobody can vouch for or a 500. The default since of asOf's first quarter,
 * the end of 1899-12-31 (CET already), is placed all the same.
 */
import { parseAsOf } from '../http/params';
import { periodOfDate, periodStart } from '../periods/period';
import { addDays, isCalendarDay, stockholmDay } from '../periods/stockholm-day';
import { invalidInput } from '../shared/problem';

/** The first and last Stockholm days a board report's asOf or since may fall on. */
export const FIRST_BOARD_DAY = '1900-01-01';
export const LAST_BOARD_DAY = '9999-12-31';
/** Their first and last milliseconds (CET, UTC+1, on both: summer time is never in January or December). */
export const FIRST_BOARD_MOMENT = '1899-12-31T23:00:00.000Z';
export const LAST_BOARD_MOMENT = '9999-12-31T22:59:59.999Z';

export const BOARD_MOMENT_RANGE_TEXT =
  `must fall on a Stockholm day from ${FIRST_BOARD_DAY} to ${LAST_BOARD_DAY}: a moment from ` +
  `${FIRST_BOARD_MOMENT} to ${LAST_BOARD_MOMENT} (a date: its Stockholm day)`;

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

/** True when the moment (an ISO UTC string of years 0001–9999, as parseAsOf gives) may be asked for. */
const isBoardMoment = (instant: string): boolean =>
  FIRST_BOARD_MOMENT <= instant && instant <= LAST_BOARD_MOMENT;

/** True when the `YYYY-MM-DD` day may be asked for. */
const isBoardDay = (day: string): boolean => FIRST_BOARD_DAY <= day && day <= LAST_BOARD_DAY;

/**
 * A board report's `asOf` or `since`: an ISO moment as parseAsOf reads it, but a bare date
 * means the end of that Stockholm day (parseAsOf's own bare date ends the UTC day). Either must
 * fall on a Stockholm day from FIRST_BOARD_DAY to LAST_BOARD_DAY; else a 400 naming `name`.
 */
export const parseBoardMoment = (value: string | undefined, name: string): string | undefined => {
  const instant = parseAsOf(value, name);
  if (instant === undefined || value === undefined) return instant;
  const bareDate = isCalendarDay(value);
  if (!(bareDate ? isBoardDay(value) : isBoardMoment(instant))) {
    throw invalidInput([{ path: name, message: BOARD_MOMENT_RANGE_TEXT }]);
  }
  return bareDate ? endOfStockholmDay(value) : instant;
};

/** The end of the quarter before the one `asOf`'s Stockholm day falls in: the default `since`. */
export const previousQuarterEnd = (asOf: string): string => {
  const quarterStart = periodStart(periodOfDate(stockholmDay(asOf), 'quarter'));
  return endOfStockholmDay(addDays(quarterStart, -1));
};
