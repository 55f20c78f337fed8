// CSV downloads in the page's dialect. The server writes every CSV (src/reports/csv.ts, the
// service's one CSV writer): on the Swedish page excel-sv (semicolon, decimal comma, UTF-8
// byte-order mark, Swedish column, stage and status names), so Swedish Excel opens it as
// columns; on the English page plain RFC 4180 (comma, dot decimals, the API's names and codes).

import { currentLang } from './i18n.js';

const BOM = '\ufeff';

/** The API's dialect name for the page's language, for CSV fetched from the server. */
export const csvDialect = () => (currentLang() === 'sv' ? 'excel-sv' : 'rfc4180');

/**
 * A CSV the server wrote, offered as a download. fetch's text() drops a leading byte-order
 * mark, which Swedish Excel needs to read UTF-8: the excel-sv dialect gets it back.
 */
export const downloadCsv = (filename, text) =>
  download(filename, csvDialect() === 'excel-sv' && !text.startsWith(BOM) ? BOM + text : text);

/** Offers text (or a Blob the server wrote) as a file download, without another round trip. */
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
