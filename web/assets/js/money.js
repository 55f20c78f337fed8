// Money arrives from the API as decimal strings ("120000000.00"). The page never does
// arithmetic on it with floating-point numbers: sums are exact in öre with BigInt, and a
// Number is made only to scale a chart.

import { currentLang } from './i18n.js';

const MONEY_TEXT = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/;
/** "1,500,000.50": commas between groups of three digits, as English writes amounts. */
const THOUSANDS_GROUPED = /^-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?$/;
const ORE_PER_KRONA = 100n;

export const isMoney = (value) => typeof value === 'string' && MONEY_TEXT.test(value);

/** "1234.5" → 123450n; undefined when the text is not money. */
export const toOre = (value) => {
  const match = MONEY_TEXT.exec(String(value ?? ''));
  if (!match) return undefined;
  const [, sign, kronor, ore = ''] = match;
  const magnitude = BigInt(kronor) * ORE_PER_KRONA + BigInt(ore.padEnd(2, '0'));
  return sign === '-' ? -magnitude : magnitude;
};

/** 123450n → "1234.50". */
export const fromOre = (ore) => {
  const negative = ore < 0n;
  const magnitude = negative ? -ore : ore;
  const kronor = magnitude / ORE_PER_KRONA;
  const rest = String(magnitude % ORE_PER_KRONA).padStart(2, '0');
  return `${negative ? '-' : ''}${kronor}.${rest}`;
};

/** Running totals, exact, for the cumulative view. */
export const cumulative = (values) => {
  let running = 0n;
  return values.map((value) => {
    if (value === null || value === undefined) return null;
    running += toOre(value) ?? 0n;
    return fromOre(running);
  });
};

/** For chart scaling only: a Number that is never fed back into a money figure. */
export const chartValue = (value) =>
  value === null || value === undefined || value === '' ? null : Number(value);

/**
 * What a person typed as an amount, in the form the API reads: Swedish "1 500 000,50" or
 * "1500000.50" both become "1500000.50"; on the English page a comma groups thousands, as
 * there it does ("1,500" is 1500.00, not 1.5; "1,5" is not read at all). Only characters move;
 * the server validates.
 */
export const normaliseAmountInput = (text, lang = currentLang()) => {
  const compact = String(text)
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/kr$/i, '')
    .replace(/^SEK/i, '');
  // Only commas that group thousands: "1,5" is left for the server to refuse, not read as 15.
  if (lang === 'en') return THOUSANDS_GROUPED.test(compact) ? compact.replace(/,/g, '') : compact;
  return compact.includes(',') && !compact.includes('.')
    ? compact.replace(',', '.')
    : compact.replace(/,/g, '');
};
