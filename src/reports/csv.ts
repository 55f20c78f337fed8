/**
 * CSV as RFC 4180 has it: a header row, comma-separated, fields quoted when they hold a
 * comma, quote or line break (quotes doubled), CRLF between records, UTF-8.
 * A text cell that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe; amounts are never text cells, so "-600.00" stays a number.
 */
export type CsvCell = { readonly text: string } | { readonly number: string } | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

const quoted = (value: string): string =>
  NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

const cell = (value: CsvCell): string => {
  if (value === null) return '';
  if ('number' in value) return value.number;
  return quoted(FORMULA_START.test(value.text) ? `'${value.text}` : value.text);
};

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

export const toCsv = (header: readonly string[], rows: readonly (readonly CsvCell[])[]): string =>
  [header.map(quoted).join(','), ...rows.map((row) => row.map(cell).join(','))].join('\r\n') +
  '\r\n';
