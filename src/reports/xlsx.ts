/**
 * The service's one XLSX writer (exceljs, streaming): every report with a CSV also has an
 * XLSX. One sheet per section, the header row frozen, column widths set per column, amounts
 * as numbers with a SEK number format (Excel shows `1 234 567,89 kr` under Swedish settings)
 * and ratios as numbers, never as text. Text cells are strings in the file, which Excel never
 * runs as formulas, so they hold the recorded value exactly (no apostrophe as in CSV).
 *
 * Amounts travel as decimal strings to this edge and become numbers only in the cell: an XLSX
 * number is an IEEE double, exact for every amount the ledger allows (at most 10^12 with öre).
 */
import type ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
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

const cellValue = (cell: CsvCell, lang: Lang): string | number | null => {
  if (cell === null) return null;
  if ('number' in cell) return Number(cell.number);
  if ('term' in cell) return term(cell.kind, cell.term, lang);
  return cell.text;
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
      header: lang === 'sv' ? column.sv : column.name,
      width: column.width ?? DEFAULT_WIDTH[format],
      ...(numFmt === undefined ? {} : { style: { numFmt } }),
    };
  });
  worksheet.getRow(1).font = { bold: true };
  for await (const row of sheet.rows) {
    worksheet.addRow(row.map((cell: CsvCell) => cellValue(cell, lang))).commit();
  }
  worksheet.commit();
};

/**
 * The workbook as a stream: sheets are written one after another, rows as they come.
 * exceljs is loaded on the first workbook, not at start (it is the largest part of the
 * service's module load, and most instances never write a workbook), and before the stream is
 * handed over, so a failure to load it is an error answer, not a cut-off file.
 */
export const xlsxStream = async (sheets: readonly Sheet[], lang: Lang): Promise<Readable> => {
  const { default: excel } = await import('exceljs');
  const out = new PassThrough();
  const write = async (): Promise<void> => {
    const workbook = new excel.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
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
