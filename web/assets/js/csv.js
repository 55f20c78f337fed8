// CSV in the service's two dialects (the rules of src/reports/csv.ts, which writes the API's
// CSV files): on the Swedish page excel-sv (semicolon, decimal comma, UTF-8 byte-order mark,
// Swedish column, stage and status names), so Swedish Excel opens it as columns; on the
// English page plain RFC 4180 (comma, dot decimals, the API's names and codes).
// A text cell starting with = + - @ ' or a tab or carriage return gets one leading apostrophe
// so a spreadsheet never runs it; strip one to read the original. Numbers are never escaped.

import { currentLang, label, t } from './i18n.js';

const BOM = '\ufeff';
const FORMULA_START = /^[=+\-@\t\r']/;

const DIALECTS = {
  sv: { delimiter: ';', bom: BOM, decimalMark: ',', swedish: true },
  en: { delimiter: ',', bom: '', decimalMark: '.', swedish: false },
};

/** The API's dialect name for the page's language, for CSV fetched from the server. */
export const csvDialect = () => (currentLang() === 'sv' ? 'excel-sv' : 'rfc4180');

const quoted = (text, dialect) =>
  text.includes(dialect.delimiter) || /["\r\n]|^\s|\s$/.test(text)
    ? `"${text.replace(/"/g, '""')}"`
    : text;

const text = (column, value, dialect) => {
  if (value === null || value === undefined) return '';
  if (column.kind === 'number') return String(value).replace('.', dialect.decimalMark);
  const shown =
    column.kind === 'term' && dialect.swedish ? label(column.terms, value) : String(value);
  return FORMULA_START.test(shown) ? `'${shown}` : shown;
};

/**
 * columns: [{ header, label?, sv?, kind?: 'text' | 'number' | 'term', terms?, value(row) }]:
 * `label` is the i18n key of the Swedish header (or `sv` the header itself), `terms` the i18n
 * prefix of a code's names.
 */
export const toCsv = (columns, rows) => {
  const dialect = DIALECTS[currentLang()] ?? DIALECTS.en;
  const swedishHeader = (c) => c.sv ?? (c.label ? t(c.label) : c.header);
  const header = columns.map((c) => quoted(dialect.swedish ? swedishHeader(c) : c.header, dialect));
  const lines = rows.map((row) =>
    columns.map((c) => quoted(text(c, c.value(row), dialect), dialect)),
  );
  return (
    dialect.bom +
    [header, ...lines].map((line) => line.join(dialect.delimiter)).join('\r\n') +
    '\r\n'
  );
};

/**
 * A CSV the server wrote, offered as a download. fetch's text() drops a leading byte-order
 * mark, which Swedish Excel needs to read UTF-8: the excel-sv dialect gets it back.
 */
export const downloadCsv = (filename, text) =>
  download(filename, csvDialect() === 'excel-sv' && !text.startsWith(BOM) ? BOM + text : text);

/** Offers text as a file download, without a round trip to the server. */
export const download = (filename, text, type = 'text/csv;charset=utf-8') => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
};
