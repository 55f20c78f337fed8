/**
 * How a filtered readAll finds its rows. By default it walks the position key and tests every
 * row against the filter: right when the filter matches much of the ledger. A single stream
 * prefix that matches few rows (the fund streams in a ledger of a million events, as the
 * investment history and lists ask for) is instead found through the (stream_id, revision)
 * index and sorted by position, which reads those rows and not the whole file; so are event
 * types that few rows have (the board report's deviation explanations), through the type index
 * (schema version 3).
 *
 * Both plans return exactly the same events: the choice only decides how SQLite finds them.
 */
import { EventFilter } from '../event-store';
import { MAX_STREAM_ID_LENGTH } from './sqlite-limits';

/**
 * Most rows the index plan is chosen for. Each page re-reads the prefix's index range and
 * sorts what is left of it, so its cost grows with the square of the rows; up to here it
 * stays in the tens of milliseconds.
 */
export const NARROW_PREFIX_MAX_ROWS = 10_000;
/** The index plan also needs the prefix to be a small share of the ledger, or the scan is cheaper. */
export const NARROW_PREFIX_MAX_SHARE = 1 / 32;

/** The largest code point: in UTF-8 (and so in SQLite's BINARY order) no character sorts after it. */
const LAST_CODE_POINT = '\u{10FFFF}';

export type ReadAllPlan =
  | { readonly kind: 'scan' }
  | { readonly kind: 'prefix'; readonly low: string; readonly high: string }
  | { readonly kind: 'types' };

export const TYPES_PLAN: ReadAllPlan = { kind: 'types' };

export const SCAN_PLAN: ReadAllPlan = { kind: 'scan' };

/** The one prefix of a filter, when it names exactly one. */
export const singlePrefix = (filter: EventFilter | undefined): string | undefined => {
  const prefixes = filter?.streamPrefix;
  if (prefixes === undefined) return undefined;
  if (typeof prefixes === 'string') return prefixes;
  return prefixes.length === 1 ? prefixes[0] : undefined;
};

/**
 * The bounds of the stream ids that start with `prefix`, inclusive. Every such id is at
 * least the prefix, and at most the prefix followed by as many of the last code point as a
 * stream id has room for (ids are at most MAX_STREAM_ID_LENGTH UTF-16 units, so they have at
 * most that many code points); an id that does not start with the prefix differs from it in
 * a character that puts it outside these bounds.
 */
export const prefixBounds = (prefix: string): { low: string; high: string } => ({
  low: prefix,
  high: prefix + LAST_CODE_POINT.repeat(Math.max(0, MAX_STREAM_ID_LENGTH - prefix.length)),
});

/**
 * `prefixRows` (or the rows of the types asked for) is counted only up to
 * NARROW_PREFIX_MAX_ROWS + 1; `ledgerRows` is the head position.
 */
export const isNarrow = (prefixRows: number, ledgerRows: bigint): boolean =>
  prefixRows <= NARROW_PREFIX_MAX_ROWS &&
  prefixRows <= Number(ledgerRows) * NARROW_PREFIX_MAX_SHARE;
