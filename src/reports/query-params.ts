/** Query parameters of the read endpoints, checked before they reach the figures: a bad value is a 400, never a 500. */
import { invalidInput } from '../shared/problem';
import { MAX_NAME_LENGTH } from '../http/validation';
import { STAGES, Stage } from '../investment/investment.events';
import { Grain } from '../periods/period';
import { GROUP_BYS, GroupBy } from '../../projections/figures/report.figures';
import { CSV_DIALECTS, CsvDialect } from './csv';
import { LANGS, Lang } from './swedish';

export const GRAINS: readonly Grain[] = ['year', 'quarter', 'month'];
export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const oneOf = <T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T => {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw invalidInput([{ path: name, message: `must be one of ${allowed.join(', ')}` }]);
};

const optionalOneOf = <T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined =>
  value === undefined || value === '' ? undefined : oneOf(name, value, allowed, allowed[0]);

export const parseGrain = (value: unknown): Grain => oneOf('grain', value, GRAINS, 'year');
export const parseGroupBy = (value: unknown): GroupBy => oneOf('groupBy', value, GROUP_BYS, 'fund');
/** format= of an endpoint answering in `formats`; `fallback` when absent. */
export const parseFormatIn = <T extends string>(
  value: unknown,
  formats: readonly T[],
  fallback: T,
): T => oneOf('format', value, formats, fallback);
export const parseFormat = (value: unknown): ReportFormat =>
  parseFormatIn(value, REPORT_FORMATS, 'json');
export const parseDialect = (value: unknown): CsvDialect =>
  oneOf('dialect', value, CSV_DIALECTS, 'rfc4180');
export const DIALECT_DESCRIPTION =
  'format=csv only: rfc4180 (default; comma, dot decimals, English names) or excel-sv (semicolon, ' +
  'decimal comma, UTF-8 byte-order mark, Swedish column, stage and status names). In both, a text cell ' +
  "starting with = + - @ ' or a tab or carriage return gets one leading apostrophe; strip one to read the original.";
/** The language of an XLSX or PDF: Swedish unless lang=en. */
export const parseLang = (value: unknown): Lang => oneOf('lang', value, LANGS, 'sv');
export const parseStage = (value: unknown): Stage | undefined =>
  optionalOneOf('stage', value, STAGES);

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
