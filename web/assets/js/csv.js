// CSV the way the API writes it: UTF-8 with a header row, comma separated, SEK with a dot and
// two decimals. A byte-order mark lets spreadsheet programs read å, ä and ö right.

const BOM = '\ufeff';
const NEEDS_QUOTES = /[",\r\n]/;
// A cell starting with these is a formula to a spreadsheet; a leading quote keeps it text.
const FORMULA_START = /^[=+\-@\t\r]/;

const cell = (value) => {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text) && !/^-?[0-9.]+$/.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const toCsv = (columns, rows) =>
  BOM +
  [columns.map((c) => cell(c.header)), ...rows.map((row) => columns.map((c) => cell(c.value(row))))]
    .map((line) => line.join(','))
    .join('\r\n') +
  '\r\n';

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
