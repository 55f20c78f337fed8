/**
 * Business days of the ledger are Europe/Stockholm calendar days, not UTC days: a decision
 * recorded at 00:30 in Örebro on 1 July is a 1 July decision, although it is still 30 June in
 * UTC. Every rule that compares a business date (`decidedOn`, `releasedOn`, `incurredOn`,
 * `closedOn`, a report's period) with the moment something is recorded, or with "today" of an
 * as-of answer, turns that moment into a Stockholm day here first. Shared by the fund side
 * (decision dates, available money) and the investment side (costs, reports, closing dates):
 * use these helpers rather than `toISOString().slice(0, 10)`.
 *
 * Days are `YYYY-MM-DD` strings; they compare correctly as strings (`a < b`).
 */

/** The municipality's time zone; summer time is handled by the platform's tz data. */
import { isCalendarDay } from './period';
export const LEDGER_TIME_ZONE = 'Europe/Stockholm';

const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** en-CA formats as YYYY-MM-DD; one formatter, made once (they are costly to build). */
const STOCKHOLM_DAY_FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: LEDGER_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const toInstant = (moment: Date | string | number): Date => {
  const instant = moment instanceof Date ? moment : new Date(moment);
  if (Number.isNaN(instant.getTime())) {
    throw new RangeError(`not a moment: ${JSON.stringify(moment)}`);
  }
  return instant;
};

/** The Stockholm calendar day (`YYYY-MM-DD`) of a moment (a Date, an ISO timestamp or epoch ms). */
export const stockholmDay = (moment: Date | string | number): string =>
  STOCKHOLM_DAY_FORMAT.format(toInstant(moment));

export { isCalendarDay };

/** The calendar day `days` after (negative: before) `day`; pure calendar arithmetic, no zone. */
export const addDays = (day: string, days: number): string => {
  if (!isCalendarDay(day)) throw new RangeError(`not a day: ${JSON.stringify(day)}`);
  const start = Date.parse(`${day}T00:00:00Z`);
  return new Date(start + days * MS_PER_DAY).toISOString().slice(0, 10);
};

/**
 * The latest business day a command recorded at `recordedAt` may name, allowing a clock
 * tolerance: the Stockholm day of `recordedAt + toleranceMs`. A small tolerance lets a client
 * whose clock runs slightly ahead of the server's, just after midnight, name "its" today.
 */
export const latestDayAt = (recordedAt: Date | string | number, toleranceMs: number): string =>
  stockholmDay(toInstant(recordedAt).getTime() + toleranceMs);

/** The earliest of some YYYY-MM-DD days (they sort as text), or undefined for none. */
export const earliestDay = (days: readonly string[]): string | undefined =>
  days.reduce<string | undefined>((min, d) => (min === undefined || d < min ? d : min), undefined);

/** The latest of some YYYY-MM-DD days, or undefined for none. */
export const latestDay = (days: readonly string[]): string | undefined =>
  days.reduce<string | undefined>((max, d) => (max === undefined || d > max ? d : max), undefined);
