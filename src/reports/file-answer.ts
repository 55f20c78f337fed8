/**
 * The file answers of the read endpoints: a download named for saving (Content-Disposition)
 * with its content type, and the CSV or XLSX of an endpoint that also answers JSON (format=),
 * named after one base in both (`<base>.xlsx`, `<base>.csv` or `<base>-sv.csv`). One place for
 * every controller that offers json/csv/xlsx, so they name and type their files alike.
 */
import { StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { CSV_CONTENT_TYPE, csvFilename, CsvDialect } from './csv';
import { ReportFormat } from './query-params';
import { Lang } from './swedish';
import { Sheet, XLSX_CONTENT_TYPE, xlsxStream } from './xlsx';

const attach = (reply: FastifyReply, filename: string): void => {
  void reply.header('Content-Disposition', `attachment; filename="${filename}"`);
};

/** A file to save, streamed. */
export const download = (
  reply: FastifyReply,
  filename: string,
  body: Readable,
  type: string,
): StreamableFile => {
  attach(reply, filename);
  return new StreamableFile(body, { type });
};

export interface FileChoice {
  readonly format: Exclude<ReportFormat, 'json'>;
  readonly dialect: CsvDialect;
  readonly lang: Lang;
}

export interface FileContent {
  /** The CSV: a whole (small) text, or its lines as they are read. */
  readonly csv: () => string | AsyncIterable<string>;
  readonly sheets: () => readonly Sheet[];
}

/** The CSV or XLSX answer; only the one asked for is built. */
export const fileAnswer = async (
  reply: FastifyReply,
  base: string,
  choice: FileChoice,
  content: FileContent,
): Promise<string | StreamableFile> => {
  if (choice.format === 'xlsx') {
    const xlsx = await xlsxStream(content.sheets(), choice.lang);
    return download(reply, `${base}.xlsx`, xlsx, XLSX_CONTENT_TYPE);
  }
  const filename = csvFilename(base, choice.dialect);
  const csv = content.csv();
  if (typeof csv !== 'string')
    return download(reply, filename, Readable.from(csv), CSV_CONTENT_TYPE);
  attach(reply, filename);
  void reply.header('Content-Type', CSV_CONTENT_TYPE);
  return csv;
};
