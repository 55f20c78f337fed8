// The ledger's days are Europe/Stockholm days (src/periods/stockholm-day.ts): "today", a
// decision day, a bare `asOf` date (the end of that day). The page reads and writes them in
// that zone whatever the browser's clock is set to: the UTC day (toISOString) is yesterday
// between midnight and 01:00 (02:00 in summer) Swedish time.

const ZONE = 'Europe/Stockholm';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Stockholm is UTC+1 in winter and UTC+2 in summer. */
const OFFSET_HOURS = [1, 2];

/** Made once: an Intl formatter costs far more to make than to use. */
const dayParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Stockholm day ("2026-12-07") of an instant, now by default. */
export const stockholmDay = (instant = new Date()) => {
  const parts = Object.fromEntries(
    dayParts.formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
};

/** The Stockholm year now, as a number. */
export const stockholmYear = () => Number(stockholmDay().slice(0, 4));

const BARE_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** The day of a moment as the ledger reads it: a bare date is itself, an instant its Stockholm day. */
export const dayOfMoment = (moment) => {
  if (BARE_DATE.test(moment)) return moment;
  const when = new Date(moment);
  return Number.isNaN(when.getTime()) ? String(moment).slice(0, 10) : stockholmDay(when);
};

/** The first millisecond of a Stockholm day, as an epoch number. */
const startOf = (day) => {
  const midnightUtc = Date.parse(`${day}T00:00:00.000Z`);
  // Midnight in Stockholm is 23:00 or 22:00 UTC the evening before: the one that is this day.
  for (const hours of OFFSET_HOURS) {
    const candidate = midnightUtc - hours * HOUR_MS;
    if (stockholmDay(candidate) === day && stockholmDay(candidate - 1) !== day) return candidate;
  }
  return midnightUtc - OFFSET_HOURS[0] * HOUR_MS;
};

/** The first instant of a Stockholm day, ISO 8601 UTC ("2026-12-06T23:00:00.000Z"). */
export const startOfStockholmDay = (day) => new Date(startOf(day)).toISOString();

/** The last millisecond of a Stockholm day, as the API reads a bare `asOf` date. */
export const endOfStockholmDay = (day) => {
  const next = new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
  return new Date(startOf(next) - 1).toISOString();
};
