/**
 * The one calendar every life of the generated ledger lives on: month 0 is the fund's first
 * month, and every command of a month is decided and recorded on a day of that month. So a
 * report is recorded after its period began, a cost on the day it was incurred, and an as-of
 * moment sees exactly the periods that had begun by then, as the service would record them.
 */
import { formatPeriod, Month, Quarter } from '../../src/periods/period';

export const FIRST_YEAR = 2017;
export const MONTHS_PER_YEAR = 12;
/** The days of a month commands are spread over (every month has them). */
export const DAYS_PER_MONTH = 28;

const pad = (n: number): string => String(n).padStart(2, '0');

export const yearOf = (month: number): number => FIRST_YEAR + Math.floor(month / MONTHS_PER_YEAR);

/** `YYYY-MM` of a calendar month, as the service writes a period. */
export const periodOf = (month: number): string =>
  formatPeriod({
    grain: 'month',
    year: yearOf(month),
    month: ((month % MONTHS_PER_YEAR) + 1) as Month,
  });

/** `YYYY-MM-DD` of a day (1..DAYS_PER_MONTH) of a calendar month. */
export const dayOf = (month: number, day: number): string => `${periodOf(month)}-${pad(day)}`;

export const isJanuary = (month: number): boolean => month % MONTHS_PER_YEAR === 0;

/** The day the p-th of n investments stepping in a month acts on: spread over the month, in order. */
export const spreadDay = (p: number, n: number): number =>
  1 + Math.floor((p * DAYS_PER_MONTH) / Math.max(1, n));

/** `YYYY-Qn` of the quarter a calendar month is in, as the service writes a period. */
export const quarterOf = (month: number): string =>
  formatPeriod({
    grain: 'quarter',
    year: yearOf(month),
    quarter: (Math.floor((month % MONTHS_PER_YEAR) / 3) + 1) as Quarter,
  });
