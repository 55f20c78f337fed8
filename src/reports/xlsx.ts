/**
 * The service's one XLSX writer (exceljs, streaming): every report with a CSV also has an
 * XLSX. One sheet per section, the header row frozen, column widths set per column, amounts
 * as numbers with a SEK number format (Excel shows `1 234 567,89 kr` under Swedish settings)
 * and ratios as numbers, never as text, whenever a number cell holds them exactly (below).
 *
 * Text cells are strings in the file, which Excel never runs as formulas, so they hold the
 * recorded value exactly (no apostrophe as in CSV), with one exception: a character the file
 * cannot carry shows as U+FFFD (`xmlText`). A carriage return is kept: it is written as the
 * character reference `&#13;`, as a raw one reads back as a line feed (`keepCarriageReturns`).
 *
 * Amounts travel as decimal strings to this edge and become numbers only in the cell. An XLSX
 * number is an IEEE double, of which Excel keeps and shows 15 significant digits: enough for
 * every amount a request carries (at most 10^12 with öre), but a total or a figure worked out
 * from amounts may be larger and is always exact (docs/API.md), so a decimal the double would
 * not give back exactly is a text cell holding its exact decimal (`decimalValue`).
 */
import type ExcelJS from 'exceljs';
import { PassThrough, Readable, Stream, Transform } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Dec } from '../money/money';
import { CsvCell, CsvColumn } from './csv';
import { Lang, term } from './swedish';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const SEK_FORMAT = '#,##0.00 "kr";[Red]-#,##0.00 "kr"';
const RATIO_FORMAT = '0.0000';
const INTEGER_FORMAT = '0';

export type SheetFormat = 'text' | 'sek' | 'ratio' | 'integer';

export interface SheetColumn extends CsvColumn {
  readonly format?: SheetFormat;
  /** In characters; a default by format when not given. */
  readonly width?: number;
}

export interface Sheet {
  /** The sheet's name per language (Excel allows at most 31 characters). */
  readonly name: { readonly sv: string; readonly en: string };
  readonly columns: readonly SheetColumn[];
  readonly rows: Iterable<readonly CsvCell[]> | AsyncIterable<readonly CsvCell[]>;
}

const MAX_SHEET_NAME = 31;
/** Rows written before other work on the thread gets a turn (a few milliseconds' worth). */
export const ROWS_PER_TURN = 250;
const DEFAULT_WIDTH: Readonly<Record<SheetFormat, number>> = {
  text: 24,
  sek: 20,
  ratio: 12,
  integer: 10,
};
const NUMBER_FORMAT: Readonly<Record<SheetFormat, string | undefined>> = {
  text: undefined,
  sek: SEK_FORMAT,
  ratio: RATIO_FORMAT,
  integer: INTEGER_FORMAT,
};

/**
 * Every character XML 1.0's `Char` production leaves out, as a string holds them: the C0
 * controls but tab, line feed and carriage return; lone surrogates (under the `u` flag a pair is
 * one code point, so `\p{Cs}` matches only an unpaired one); U+FFFE and U+FFFF. One of them
 * makes the sheet XML not well-formed, and a reader then refuses the whole file. DEL (U+007F)
 * too: XML allows it, but exceljs drops it from text without a trace. C1 controls are allowed.
 */
const NOT_XML_CHAR = /(?![\t\n\r\u0080-\u009f])\p{Cc}|\p{Cs}|[\ufffe\uffff]/gu;

/**
 * The text as a cell can hold it: each character XML cannot carry becomes U+FFFD (REPLACEMENT
 * CHARACTER), one for one. Not dropped, as exceljs does with controls (the text would read as if
 * it never had one), and not an escape such as `\uFFFE` (that is text a user could have recorded,
 * so it would read as recorded text). U+FFFD is Unicode's mark for "a character that cannot be
 * shown here", and what a UTF-8 encoder writes for a lone surrogate anyway. The ledger keeps the
 * original; the API's JSON answers have it exactly.
 */
const xmlText = (text: string): string => text.replace(NOT_XML_CHAR, '\uFFFD');

/** A decimal as the API writes it ("-1234.50"). */
const DECIMAL_TEXT = /^-?\d+(?:\.\d+)?$/;
/** Significant digits of a number that Excel keeps and shows. */
const EXCEL_DIGITS = 15;

/**
 * A decimal as a number cell only when the double it becomes reads back as exactly the same
 * decimal: at most 15 significant digits (Excel shows no more, and a double gives every such
 * decimal back), checked by reading the double back with decimal.js, never by arithmetic on it.
 * Otherwise a text cell holding the decimal exactly as the API writes it: 1199999999999995.24
 * as a number would read 1199999999999995.2, a wrong amount that looks right, while a text cell
 * is exact and only stands out (left-aligned, left out of a SUM).
 */
const decimalValue = (text: string): string | number => {
  if (!DECIMAL_TEXT.test(text)) return xmlText(text);
  // At most 15 digits in all (zeros at either end counted) is at most 15 significant ones: the
  // double gives it back for sure, so the common case (every amount a request may carry) skips
  // decimal.js, which would cost about as much again as writing the cell.
  const digits = text.length - (text.startsWith('-') ? 1 : 0) - (text.includes('.') ? 1 : 0);
  if (digits <= EXCEL_DIGITS) return Number(text);
  const decimal = new Dec(text);
  const double = decimal.toNumber();
  return decimal.sd() <= EXCEL_DIGITS && new Dec(double).eq(decimal) ? double : text;
};

const cellValue = (cell: CsvCell, lang: Lang): string | number | null => {
  if (cell === null) return null;
  if ('number' in cell) return decimalValue(cell.number);
  if ('term' in cell) return xmlText(term(cell.kind, cell.term, lang));
  return xmlText(cell.text);
};

const addSheet = async (workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: Sheet, lang: Lang) => {
  const worksheet = workbook.addWorksheet(sheet.name[lang].slice(0, MAX_SHEET_NAME), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  worksheet.columns = sheet.columns.map((column, i) => {
    const format = column.format ?? 'text';
    const numFmt = NUMBER_FORMAT[format];
    return {
      key: `c${i}`,
      header: xmlText(lang === 'sv' ? column.sv : column.name),
      width: column.width ?? DEFAULT_WIDTH[format],
      ...(numFmt === undefined ? {} : { style: { numFmt } }),
    };
  });
  worksheet.getRow(1).font = { bold: true };
  let written = 0;
  for await (const row of sheet.rows) {
    worksheet.addRow(row.map((cell: CsvCell) => cellValue(cell, lang))).commit();
    // Rows already in memory (or read a page at a time) follow one another as microtasks,
    // which hold the service's thread for the whole sheet: every other request, and the
    // commands, waited for a large export to be written.
    if (++written % ROWS_PER_TURN === 0) await nextTurn();
  }
  worksheet.commit();
};

/** The carriage return byte (never part of a longer UTF-8 sequence) and its reference. */
const CR = 0x0d;
const CR_REFERENCE = Buffer.from('&#13;');

/** XML bytes with every raw carriage return written as `&#13;`. */
const carriageReturnsAsReferences = (): Transform =>
  new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let start = 0;
      let at = chunk.indexOf(CR);
      if (at === -1) return done(null, chunk);
      const parts: Buffer[] = [];
      for (; at !== -1; at = chunk.indexOf(CR, start)) {
        parts.push(chunk.subarray(start, at), CR_REFERENCE);
        start = at + 1;
      }
      parts.push(chunk.subarray(start));
      done(null, Buffer.concat(parts));
    },
  });

const SHEET_PART = /^\/?xl\/worksheets\/sheet\d+\.xml$/;

type AppendPart = (source: unknown, data: { name: string }) => unknown;

/**
 * exceljs escapes & < > " ' in text but writes a carriage return as it is, and an XML reader
 * turns a raw CR or CR LF into LF (XML 1.0 § 2.11; in an attribute value, into a space), so
 * "\rCR" would read back as "\nCR". A character reference is not normalised, so each sheet's XML
 * goes through `carriageReturnsAsReferences` on its way into the zip. exceljs has no option for
 * it: the hook is on this workbook's zip (archiver), and if an exceljs upgrade moves that, this
 * throws before the file is handed over (and test/reports/xlsx-writer.spec.ts fails) rather than
 * quietly writing raw CRs again. Only sheets carry recorded text; the other parts (sheet names in
 * workbook.xml and docProps) hold the service's own labels.
 */
const keepCarriageReturns = (workbook: ExcelJS.stream.xlsx.WorkbookWriter): void => {
  const zip = (workbook as unknown as { zip?: { append?: AppendPart } }).zip;
  if (typeof zip?.append !== 'function') {
    throw new Error('exceljs WorkbookWriter has no zip.append: carriage returns cannot be kept');
  }
  const append = zip.append.bind(zip);
  zip.append = (source, data) => {
    if (!(source instanceof Stream && SHEET_PART.test(data.name))) return append(source, data);
    // exceljs's own stream (StreamBuf) pipes, but its pipe() does not return the destination.
    const xml = carriageReturnsAsReferences();
    source.pipe(xml);
    return append(xml, data);
  };
};

/**
 * The workbook as a stream: sheets are written one after another, rows as they come.
 * exceljs is loaded on the first workbook, not at start (it is the largest part of the
 * service's module load, and most instances never write a workbook), and the workbook is set up
 * before the stream is handed over, so a failure to load or set it up is an error answer, not a
 * cut-off file.
 */
export const xlsxStream = async (sheets: readonly Sheet[], lang: Lang): Promise<Readable> => {
  const { default: excel } = await import('exceljs');
  const out = new PassThrough();
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  keepCarriageReturns(workbook);
  const write = async (): Promise<void> => {
    for (const sheet of sheets) await addSheet(workbook, sheet, lang);
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
};

/** The whole workbook in memory (the CLI's file, the tests). */
export const xlsxBuffer = async (sheets: readonly Sheet[], lang: Lang): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of await xlsxStream(sheets, lang)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
