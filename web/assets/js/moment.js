// The moment in the address (`?asOf=`), read as strictly as the API reads it
// (src/shared/instant-param.ts): a date such as 2019-02-28, or an instant with a zone such as
// 2019-02-28T12:00Z. `Date` is lenient where the API is not: it reads 2019-02-30 as 2 March,
// and "hello" as no moment at all, which its formatters then refuse with an exception.
// And within the API's range (src/periods/moment.ts): the moment's Stockholm day must lie from
// 1900-01-01 to 9999-12-31. Outside it every answer is a refusal, and a page that took the
// moment announced it as shown above a page of errors.
// And not after today (the Stockholm day), as the API refuses it (400 naming asOf,
// src/periods/moment.ts requireNotAfterToday): a future moment would count every forecast
// period up to it as due, a "läget som det registrerats per" a day nobody has reached.

import { stockholmDay } from './days.js';
import { date } from './format.js';
import { locale } from './i18n.js';

const SHAPE =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|([+-])([0-9]{2}):([0-9]{2})))?$/;
/** Longer than any well-formed moment; the API reads nothing beyond it. */
const MAX_LENGTH = 40;

/** The first and last Stockholm days the ledger can be read at, as the API has them. */
export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '9999-12-31';
/** Their first and last milliseconds: CET (UTC+1) on both, summer time is never then. */
const FIRST_MS = Date.parse('1899-12-31T23:00:00.000Z');
const LAST_MS = Date.parse('9999-12-31T22:59:59.999Z');

/** A UTC date of any year 1–9999 (Date.UTC reads years 0–99 as 1900–1999). */
const utcDate = (year, monthIndex, day) => {
  const made = new Date(0);
  made.setUTCFullYear(year, monthIndex, day);
  return made;
};

const RANGE = { key: 'asof.why.range', vars: { first: FIRST_DAY, last: LAST_DAY } };

/** A moment whose Stockholm day is after today's: `future` tells it from the others. */
const future = () => ({
  key: 'asof.why.future',
  vars: { today: date(stockholmDay()) },
  future: true,
});

/**
 * Why the moment cannot be read, as a dictionary key and its values ({ key, vars }), or null
 * when it can (and when there is none). Days, not instants, are compared with now: a moment
 * later today (an event just recorded, seen by a browser whose clock is a little behind the
 * service's) is no future one.
 */
export const momentProblem = (value) => {
  if (!value) return null;
  const match = value.length <= MAX_LENGTH ? SHAPE.exec(value) : null;
  if (!match) return { key: 'asof.why.shape' };
  const [, y, mo, d, hh, mi, ss, , , , offHour, offMinute] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  if (year < 1) return RANGE;
  if (month < 1 || month > 12) return { key: 'asof.why.month', vars: { month: mo } };
  const days = utcDate(year, month, 0).getUTCDate();
  if (day < 1 || day > days) {
    const name = new Intl.DateTimeFormat(locale(), {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(utcDate(year, month - 1, 1));
    return { key: 'asof.why.day', vars: { month: name, days } };
  }
  if (hh !== undefined && (Number(hh) > 23 || Number(mi) > 59 || Number(ss ?? '0') > 59))
    return { key: 'asof.why.time' };
  if (offHour !== undefined && (Number(offHour) > 23 || Number(offMinute) > 59))
    return { key: 'asof.why.zone' };
  // A bare date is its own Stockholm day; `YYYY-MM-DD` days compare as text.
  if (hh === undefined) {
    const day = `${y}-${mo}-${d}`;
    if (day < FIRST_DAY) return RANGE;
    return day > stockholmDay() ? future() : null;
  }
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms)) return { key: 'asof.why.shape' };
  if (ms < FIRST_MS || ms > LAST_MS) return RANGE;
  return stockholmDay(ms) > stockholmDay() ? future() : null;
};
