/**
 * The board report's default `since`: the end of the last Stockholm day of the quarter before
 * the one asOf's Stockholm day falls in (the usual board reporting period). Its asOf and since
 * are read as every read's asOf is (src/periods/moment.ts): days are Europe/Stockholm days, so
 * a change recorded at 00:30 in Örebro on 1 January (23:30 UTC on 31 December) belongs to
 * 1 January and to the first quarter. The default since of a first quarter of 1900, the end of
 * 1899-12-31 (CET already), lies before the range a moment may be asked for, yet is placed all
 * the same.
 */
import { endOfStockholmDay } from '../periods/moment';
import { periodOfDate, periodStart } from '../periods/period';
import { addDays, stockholmDay } from '../periods/stockholm-day';

/** The end of the quarter before the one `asOf`'s Stockholm day falls in: the default `since`. */
export const previousQuarterEnd = (asOf: string): string => {
  const quarterStart = periodStart(periodOfDate(stockholmDay(asOf), 'quarter'));
  return endOfStockholmDay(addDays(quarterStart, -1));
};
