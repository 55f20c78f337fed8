/**
 * The one parser of the moments a query names (`asOf`, `from`, `to`): ISO 8601 / RFC 3339 in
 * the shapes `2017-05-30`, `2017-05-30T12:00Z`, `2017-05-30T12:00:00.123+02:00`. It is
 * strict where `Date` is lenient: `2017-02-30` is not quietly 2 March, `25:00` and an offset
 * of `+24:00` are refused, and the instant must fall in the years 0001–9999 (UTC), so it is
 * written like every recorded time (`YYYY-MM-DDTHH:MM:SS.sssZ`) and compares with them as text.
 * Anything else is a 400 naming the parameter; nothing downstream sees a malformed moment.
 */
import { daysInMonth } from '../periods/period';
import { FieldProblem, invalidInput } from './problem';

/** A bare date stands for its whole day: `from` starts at its first millisecond, `to` and `asOf` end at its last. */
export type BareDateMeans = 'start-of-day' | 'end-of-day';

export const MIN_INSTANT_YEAR = 1;
export const MAX_INSTANT_YEAR = 9999;
const MIN_INSTANT_MS = utcMs(MIN_INSTANT_YEAR, 1, 1);
const MAX_INSTANT_MS = utcMs(MAX_INSTANT_YEAR, 12, 31, 23, 59, 59, 999);
/** Longer than any well-formed moment (nine fraction digits and an offset); beyond it nothing is parsed. */
const MAX_INSTANT_TEXT_LENGTH = 40;
const MS_PER_MINUTE = 60_000;

const SHAPE =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|([+-])([0-9]{2}):([0-9]{2})))?$/;

const SHAPE_TEXT =
  'must be an ISO 8601 timestamp with a zone, such as 2017-05-30T12:00:00Z or 2017-05-30T14:00+02:00, or a date such as 2017-05-30';

/** Milliseconds since the epoch of a UTC wall-clock time; unlike Date.UTC, years 1–99 stay themselves. */
function utcMs(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

export { daysInMonth };

interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly time?: {
    readonly hour: number;
    readonly minute: number;
    readonly second: number;
    readonly ms: number;
    readonly offsetMinutes: number;
    readonly offsetHourPart: number;
    readonly offsetMinutePart: number;
  };
}

const partsOf = (match: RegExpExecArray): Parts => {
  const [, year, month, day, hour, minute, second, fraction, zone, sign, offHour, offMinute] =
    match;
  const base = { year: Number(year), month: Number(month), day: Number(day) };
  if (hour === undefined) return base;
  const offset = zone === 'Z' ? 0 : Number(offHour) * 60 + Number(offMinute);
  return {
    ...base,
    time: {
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second ?? '0'),
      // Recorded times keep milliseconds; finer digits are cut, never rounded up past a moment.
      ms: Number((fraction ?? '').padEnd(3, '0').slice(0, 3)),
      offsetMinutes: sign === '-' ? -offset : offset,
      offsetHourPart: Number(offHour ?? '0'),
      offsetMinutePart: Number(offMinute ?? '0'),
    },
  };
};

/** What is impossible about the parts, in plain words, or undefined. */
const impossibility = (parts: Parts): string | undefined => {
  const { year, month, day, time } = parts;
  if (year < MIN_INSTANT_YEAR) return `has year ${year}: years run from 0001 to 9999`;
  if (month < 1 || month > 12) return `has month ${month}: months run from 01 to 12`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days)
    return `has day ${day}: ${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')} has ${days} days`;
  if (time === undefined) return undefined;
  if (time.hour > 23) return `has hour ${time.hour}: hours run from 00 to 23`;
  if (time.minute > 59) return `has minute ${time.minute}: minutes run from 00 to 59`;
  if (time.second > 59) return `has second ${time.second}: seconds run from 00 to 59`;
  if (time.offsetHourPart > 23 || time.offsetMinutePart > 59)
    return 'has a zone offset beyond ±23:59';
  return undefined;
};

const instantMs = (parts: Parts, bareDate: BareDateMeans): number => {
  const { year, month, day, time } = parts;
  if (time === undefined) {
    return bareDate === 'start-of-day'
      ? utcMs(year, month, day)
      : utcMs(year, month, day, 23, 59, 59, 999);
  }
  return (
    utcMs(year, month, day, time.hour, time.minute, time.second, time.ms) -
    time.offsetMinutes * MS_PER_MINUTE
  );
};

/** The moment as an ISO 8601 UTC string, or the reason it is none. */
export const readInstant = (
  value: string,
  bareDate: BareDateMeans,
): { readonly instant: string } | { readonly problem: string } => {
  const match = value.length <= MAX_INSTANT_TEXT_LENGTH ? SHAPE.exec(value) : null;
  if (!match) return { problem: SHAPE_TEXT };
  const parts = partsOf(match);
  const impossible = impossibility(parts);
  if (impossible !== undefined) return { problem: `is not a real moment: ${value} ${impossible}` };
  const ms = instantMs(parts, bareDate);
  if (ms < MIN_INSTANT_MS || ms > MAX_INSTANT_MS) {
    return { problem: 'must fall between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z' };
  }
  return { instant: new Date(ms).toISOString() };
};

/**
 * A query moment, or undefined when the parameter is absent or empty. Throws a 400 problem
 * whose error names the parameter when it is not a real moment.
 */
export const parseInstantParam = (
  value: string | undefined,
  name: string,
  bareDate: BareDateMeans,
): string | undefined => {
  if (value === undefined || value === '') return undefined;
  // A query string may repeat the parameter; the type says string, the wire does not promise it.
  if (typeof value !== 'string')
    throw invalidInput([{ path: name, message: 'must be given once' }]);
  const read = readInstant(value, bareDate);
  if ('problem' in read) {
    const problem: FieldProblem = { path: name, message: read.problem };
    throw invalidInput([problem]);
  }
  return read.instant;
};
