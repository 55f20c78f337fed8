/**
 * The days a figure holds for. A figure depends on the day it is measured on (YYYY-MM-DD,
 * `today`) only through whether some date has passed by then: a period has ended, the next
 * reading of an indicator is overdue, a year has begun. Every such question in the figures
 * goes through `endedBy`, which, while `measuredDays` runs, narrows the days the answer holds
 * for: after the latest date found passed, up to the earliest found not passed. Any day in
 * that range answers every one of those questions the same way, so the figures worked out
 * for one day hold for all of them (test/projections/figure-days.spec.ts holds this over
 * random investments and days). A figure kept with its days is then reused for an as-of
 * question on another day in the range (report.queries.ts), rather than figured again.
 */

/** Days after `after` (exclusive) up to `until` (inclusive), as YYYY-MM-DD texts. */
export interface DayRange {
  readonly after: string;
  readonly until: string;
}

/** A figure with the days it holds for. */
export interface OnDay<T> {
  readonly value: T;
  readonly days: DayRange;
}

/** Every day: what a figure that asked no question about the day holds for. */
export const EVERY_DAY: DayRange = { after: '0000-00-00', until: '9999-12-31' };

/** The ranges being measured, innermost last: a figure worked out inside another bounds both. */
const measuring: { after: string; until: string }[] = [];

/**
 * Whether `date` (YYYY-MM-DD) has passed by `today`: `date < today`. Narrows the ranges being
 * measured to the days that answer the same.
 */
export const endedBy = (date: string, today: string): boolean => {
  const ended = date < today;
  for (const range of measuring) {
    if (ended) {
      if (date > range.after) range.after = date;
    } else if (date < range.until) {
      range.until = date;
    }
  }
  return ended;
};

/** Whether `year` has begun by `today`. */
export const yearBegunBy = (year: number, today: string): boolean =>
  endedBy(`${String(year - 1).padStart(4, '0')}-12-31`, today);

/** Narrows the ranges being measured to `days`: a figure kept for them is used in theirs. */
export const noteDays = (days: DayRange): void => {
  for (const range of measuring) {
    if (days.after > range.after) range.after = days.after;
    if (days.until < range.until) range.until = days.until;
  }
};

/**
 * The value of `known`, worked out already (in another thread) with the days it holds for,
 * which bound the figure being measured as working it out here would have; else `compute()`.
 */
export const knownOr = <T>(known: OnDay<T> | undefined, compute: () => T): T => {
  if (known === undefined) return compute();
  noteDays(known.days);
  return known.value;
};

export const holdsOn = (days: DayRange, today: string): boolean =>
  days.after < today && today <= days.until;

/** `compute()`, with the days its answer holds for. */
export const measuredDays = <T>(compute: () => T): OnDay<T> => {
  const range = { ...EVERY_DAY };
  measuring.push(range);
  let value: T;
  try {
    value = compute();
  } finally {
    measuring.splice(measuring.lastIndexOf(range), 1);
  }
  // Questions asked after an await would not be measured: the range would claim every day.
  if (typeof (value as { then?: unknown } | null)?.then === 'function') {
    throw new TypeError('measuredDays measures synchronous work only');
  }
  // What this one holds for bounds any figure being measured around it.
  noteDays(range);
  return { value, days: range };
};
