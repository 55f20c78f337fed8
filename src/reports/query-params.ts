/**
 * Query parameters of the read endpoints: the lists the query DTOs offer, and the parsers of
 * the values they share with the CLI (lang) or check through (a filter's text). A bad value
 * is a 400, never a 500.
 */
import { invalidInput, ProblemException } from '../shared/problem';
import { MAX_NAME_LENGTH } from '../http/validation';
import { Grain } from '../periods/period';
import { LANGS, Lang } from './swedish';

export const GRAINS: readonly Grain[] = ['year', 'quarter', 'month'];
export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** How a value outside a parameter's list is refused (by these parsers and the query DTOs). */
export const oneOfMessage = (allowed: readonly string[]): string =>
  `must be one of ${allowed.join(', ')}`;

const oneOf = <T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T => {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw invalidInput([{ path: name, message: oneOfMessage(allowed) }]);
};

/** Whether `format` asks for a file (csv, xlsx) rather than the JSON answer. */
export const isFileFormat = (format: string | undefined): boolean =>
  format !== undefined && format !== '' && format !== 'json';

/**
 * The 400 for paging parameters given where the answer is not paged, one entry naming each:
 * "pages only <paged>: <why>". Refused rather than ignored, or a page of a file cut silently.
 */
export const pagingRefused = (
  names: readonly string[],
  why: string,
  paged = 'the JSON answer',
): ProblemException =>
  invalidInput(names.map((path) => ({ path, message: `pages only ${paged}: ${why}` })));

/**
 * Refuses the paging parameters of `names` that a query for a file (format=csv|xlsx) gives
 * (an empty one is not given), naming each: the file holds `holds`, every row, not a page.
 */
export const refuseFilePaging = <K extends string>(
  query: { readonly format?: string } & { readonly [name in K]?: string },
  names: readonly K[],
  holds: string,
): void => {
  if (!isFileFormat(query.format)) return;
  const given = names.filter((name) => query[name] !== undefined && query[name] !== '');
  if (given.length > 0) throw pagingRefused(given, `a file holds ${holds}`);
};

export const DIALECT_DESCRIPTION =
  'format=csv only: rfc4180 (default; comma, dot decimals, English names) or excel-sv (semicolon, ' +
  'decimal comma, UTF-8 byte-order mark, Swedish column, stage and status names). In both, a text cell ' +
  "starting with = + - @ ' or a tab or carriage return gets one leading apostrophe; strip one to read the original.";
/** The language of an XLSX or PDF: Swedish unless lang=en. */
export const parseLang = (value: unknown): Lang => oneOf('lang', value, LANGS, 'sv');

/** A free-text filter (department, owner): one value, of a bounded length. */
export const parseText = (name: string, value: unknown): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_NAME_LENGTH) {
    throw invalidInput([
      { path: name, message: `must be given once, at most ${MAX_NAME_LENGTH} characters` },
    ]);
  }
  return value;
};
