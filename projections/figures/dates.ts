/**
 * Calendar arithmetic on business dates (YYYY-MM-DD, UTC). Pure: "today" always arrives as
 * an argument (the service clock or the as-of moment), never from the system clock.
 */
const MS_PER_DAY = 86_400_000;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Days since 1970-01-01. */
export const dayNumber = (date: string): number => {
  const match = DATE.exec(date);
  if (!match) throw new Error(`not a date: ${JSON.stringify(date)}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY;
};

export const dateOfDayNumber = (day: number): string =>
  new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string =>
  dateOfDayNumber(dayNumber(date) + days);

export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);
