/**
 * The board report's moments in business days: days are Europe/Stockholm days (see
 * src/periods/stockholm-day.ts), so a bare-date `asOf` or `since` means the end of that
 * Stockholm day, and the default `since` is the end of the last Stockholm day of the quarter
 * before the one asOf's Stockholm day falls in. A change recorded at 00:30 in Örebro on
 * 1 January (23:30 UTC on 31 December) belongs to 1 January and to the first quarter.
 */
import { parseAsOf } from '../http/params';
import { periodOfDate, periodStart } from '../periods/period';
import { addDays, isCalendarDay, stockholmDay } from '../periods/stockholm-day';

const MS_PER_HOUR = 60 * 60 * 1000;
/** Stockholm runs one (winter) or two (summer) hours ahead of UTC; both are tried. */
const STOCKHOLM_OFFSET_HOURS = [1, 2] as const;

/** The last millisecond of the Stockholm day `day` (`YYYY-MM-DD`), as an ISO UTC moment. */
export const endOfStockholmDay = (day: string): string => {
  const next = addDays(day, 1);
  const midnightUtc = Date.parse(`${next}T00:00:00Z`);
  for (const hours of STOCKHOLM_OFFSET_HOURS) {
    // Stockholm's midnight that starts `next` is `hours` before UTC's midnight of that date.
    const start = midnightUtc - hours * MS_PER_HOUR;
    if (stockholmDay(start) === next && stockholmDay(start - 1) === day) {
      return new Date(start - 1).toISOString();
    }
  }
  throw new RangeError(`no Stockholm midnight found after ${day}`);
};

/**
 * A board report's `asOf` or `since`: an ISO moment as parseAsOf reads it, but a bare date
 * means the end of that Stockholm day (parseAsOf's own bare date ends the UTC day).
 */
export const parseBoardMoment = (value: string | undefined, name: string): string | undefined => {
  const instant = parseAsOf(value, name);
  if (instant === undefined || value === undefined || !isCalendarDay(value)) return instant;
  return endOfStockholmDay(value);
};

/** The end of the quarter before the one `asOf`'s Stockholm day falls in: the default `since`. */
export const previousQuarterEnd = (asOf: string): string => {
  const quarterStart = periodStart(periodOfDate(stockholmDay(asOf), 'quarter'));
  return endOfStockholmDay(addDays(quarterStart, -1));
};
