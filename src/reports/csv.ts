/**
 * The one CSV writer of the service (fund reports, the change report, an investment's
 * history), on csv-stringify. Two dialects:
 * - `rfc4180` (default): comma, dot decimals, CRLF, UTF-8 without a byte-order mark, English
 *   column names and codes: for programs.
 * - `excel-sv`: what Excel with Swedish regional settings opens as columns: semicolon, decimal
 *   comma, CRLF, UTF-8 with a byte-order mark (else Excel guesses the code page and breaks
 *   å, ä, ö), Swedish column names and Swedish stage, status and class names.
 *
 * Formula injection: a text cell that starts with =, +, -, @, a tab, a carriage return or an
 * apostrophe gets one leading apostrophe, in both dialects, so a spreadsheet shows it as text
 * instead of running it. Reading back, strip one leading apostrophe from a cell that has one
 * (`unescapeCell`): that gives the original exactly, because an original leading apostrophe
 * was doubled too. Amounts are number cells, never escaped: "-600.00" stays a number.
 */
import { stringify } from 'csv-stringify/sync';
import { Lang, TermKind, term } from './swedish';

export const CSV_DIALECTS = ['rfc4180', 'excel-sv'] as const;
export type CsvDialect = (typeof CSV_DIALECTS)[number];

export type CsvCell =
  | { readonly text: string }
  /** A decimal as the API writes it ("-1234.50"); the dialect picks the decimal mark. */
  | { readonly number: string }
  /** A code with a Swedish name (a stage, a status, a class...). */
  | { readonly term: string; readonly kind: TermKind }
  | null;

/** A text cell; null (an empty cell) for none. */
export const textCell = (value: string | null): CsvCell =>
  value === null ? null : { text: value };

/** A decimal cell (an amount or a ratio as the API writes it); null (empty) for none. */
export const numberCell = (value: string | null): CsvCell =>
  value === null ? null : { number: value };

export interface CsvColumn {
  /** The API's field name: the column name of the rfc4180 dialect. */
  readonly name: string;
  /** The column name of the excel-sv dialect. */
  readonly sv: string;
}

interface DialectRules {
  readonly delimiter: string;
  readonly bom: string;
  readonly decimalMark: string;
  readonly lang: Lang;
}

const RULES: Readonly<Record<CsvDialect, DialectRules>> = {
  rfc4180: { delimiter: ',', bom: '', decimalMark: '.', lang: 'en' },
  'excel-sv': { delimiter: ';', bom: '\uFEFF', decimalMark: ',', lang: 'sv' },
};

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

const FORMULA_START = /^[=+\-@\t\r']/;

/** The text as written to a cell: a leading apostrophe when a spreadsheet would run it. */
export const escapeText = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/** The original value of a cell read back from any of the service's CSV files. */
export const unescapeCell = (cell: string): string => (cell.startsWith("'") ? cell.slice(1) : cell);

const cellText = (cell: CsvCell, rules: DialectRules): string => {
  if (cell === null) return '';
  if ('number' in cell) return cell.number.replace('.', rules.decimalMark);
  if ('term' in cell) return escapeText(term(cell.kind, cell.term, rules.lang));
  return escapeText(cell.text);
};

const stringifyOptions = (rules: DialectRules) => ({
  delimiter: rules.delimiter,
  record_delimiter: '\r\n',
  quote: '"',
  escape: '"',
  // csv-stringify quotes fields holding the delimiter, a quote or the record delimiter (CRLF)
  // only. A bare CR or LF ends a record in a spreadsheet as well: a text holding one was cut
  // there, and the rest began a row of its own, unescaped (`=cmd…` after a title's line
  // break). So any CR or LF is quoted too; and edge spaces, as some readers trim them.
  quoted_match: /^\s|\s$|[\r\n]/,
});

/** One CSV writer for a dialect: the header first, then rows one at a time. */
export class CsvWriter {
  private readonly rules: DialectRules;
  private readonly options: ReturnType<typeof stringifyOptions>;

  constructor(
    private readonly columns: readonly CsvColumn[],
    readonly dialect: CsvDialect = 'rfc4180',
  ) {
    this.rules = RULES[dialect];
    this.options = stringifyOptions(this.rules);
  }

  header(): string {
    const names = this.columns.map((c) => (this.rules.lang === 'sv' ? c.sv : c.name));
    return this.rules.bom + stringify([names], this.options);
  }

  row(cells: readonly CsvCell[]): string {
    if (cells.length !== this.columns.length) {
      throw new Error(`a CSV row of ${cells.length} cells under ${this.columns.length} columns`);
    }
    return stringify([cells.map((c) => cellText(c, this.rules))], this.options);
  }
}

/** A whole (small) file at once. */
export const toCsv = (
  columns: readonly CsvColumn[],
  rows: Iterable<readonly CsvCell[]>,
  dialect: CsvDialect = 'rfc4180',
): string => {
  const writer = new CsvWriter(columns, dialect);
  const parts = [writer.header()];
  for (const row of rows) parts.push(writer.row(row));
  return parts.join('');
};

/** A file a row at a time, so a long range never sits in memory. */
export async function* csvLines<T>(
  columns: readonly CsvColumn[],
  items: AsyncIterable<T>,
  toRow: (item: T) => readonly CsvCell[],
  dialect: CsvDialect = 'rfc4180',
): AsyncIterable<string> {
  const writer = new CsvWriter(columns, dialect);
  yield writer.header();
  for await (const item of items) yield writer.row(toRow(item));
}

/** Content-Disposition for a download named after the report and the dialect. */
export const csvFilename = (base: string, dialect: CsvDialect): string =>
  dialect === 'excel-sv' ? `${base}-sv.csv` : `${base}.csv`;
