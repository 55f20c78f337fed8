// Display formats for the chosen language. Intl.NumberFormat reads a decimal string exactly,
// so money is formatted straight from the API's text.

import { locale } from './i18n.js';
import { isMoney } from './money.js';

const DASH = '–';
const ORE_DIGITS = 2;

const hasOre = (text) => /\.[0-9]*[1-9]/.test(text);

/**
 * One formatter per language and options, made once: making an Intl formatter costs far more
 * than formatting with it, and a long-lived investment's page formats tens of thousands of
 * amounts and moments (its reports, its timeline). The language is part of the key, so a
 * change of language gets formatters of its own.
 */
const formatters = new Map();
const formatter = (Kind, options) => {
  const key = `${Kind.name}|${locale()}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (made === undefined) {
    made = new Kind(locale(), options);
    formatters.set(key, made);
  }
  return made;
};

/** "120000000.00" → "120 000 000 kr" (sv) / "SEK 120,000,000" (en); öre are shown only when there are some. */
export const money = (value) => {
  if (!isMoney(value)) return value === null || value === undefined ? DASH : String(value);
  const digits = hasOre(value) ? ORE_DIGITS : 0;
  return formatter(Intl.NumberFormat, {
    style: 'currency',
    currency: 'SEK',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
};

/** Axis ticks: "1,2 mn kr". */
export const compactMoney = (value) =>
  formatter(Intl.NumberFormat, {
    style: 'currency',
    currency: 'SEK',
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(value);

export const number = (value, maximumFractionDigits = 2, minimumFractionDigits = 0) => {
  if (value === null || value === undefined || value === '') return DASH;
  return formatter(Intl.NumberFormat, { maximumFractionDigits, minimumFractionDigits }).format(
    value,
  );
};

/** A ratio ("0.9167") as a percentage ("91,7 %"). */
export const ratioPercent = (value) => {
  if (value === null || value === undefined || value === '') return DASH;
  return formatter(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 1 }).format(value);
};

/** A figure that is already a percentage ("87.5") as "87,5 %". */
export const percent = (value) =>
  value === null || value === undefined || value === '' ? DASH : `${number(value, 1)} %`;

/** A calendar day ("2017-05-30") is that day wherever the browser is: read and written in UTC. */
const CALENDAR_DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** A text that is no moment (a hand-made address) is shown as it is: Intl refuses it with an exception. */
const moment = (value, options) => {
  const when = new Date(value);
  return Number.isNaN(when.getTime())
    ? String(value)
    : formatter(Intl.DateTimeFormat, options).format(when);
};

export const date = (value) =>
  value
    ? moment(value, {
        dateStyle: 'medium',
        ...(CALENDAR_DAY.test(value) ? { timeZone: 'UTC' } : {}),
      })
    : DASH;

export const dateTime = (value) =>
  value ? moment(value, { dateStyle: 'medium', timeStyle: 'short' }) : DASH;

export const dash = DASH;
