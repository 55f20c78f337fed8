/**
 * The change report as CSV (RFC 4180): UTF-8 with a byte-order mark so spreadsheet programs
 * read å, ä and ö right, a header row, CRLF line ends, and every field that holds a comma,
 * quote, line break or edge space quoted with its quotes doubled. `data` is the event's JSON.
 * Values are written exactly as recorded (no spreadsheet-formula escaping), so the file
 * parses back to the same events as the JSON report.
 */
import { RecordedEvent } from '../event-store/event-store';
import { ChangeRow, toChangeRow } from './change-report';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const CSV_BOM = '\uFEFF';
const CRLF = '\r\n';

/** The columns, in order, and how each is read off a row. */
export const CSV_COLUMNS: readonly (readonly [string, (row: ChangeRow) => string])[] = [
  ['position', (r) => r.position],
  ['recordedAt', (r) => r.recordedAt],
  ['type', (r) => r.type],
  ['streamId', (r) => r.streamId],
  ['revision', (r) => r.revision],
  ['eventId', (r) => r.eventId],
  ['actorId', (r) => r.actor.id],
  ['actorRole', (r) => r.actor.role],
  ['reason', (r) => r.reason ?? ''],
  ['decisionRef', (r) => r.decisionRef ?? ''],
  ['summary', (r) => r.summary],
  ['data', (r) => JSON.stringify(r.data)],
  ['hash', (r) => r.hash],
  ['prevHash', (r) => r.prevHash],
];

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export const csvField = (value: string): string =>
  NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

export const csvHeader = (): string => CSV_COLUMNS.map(([name]) => name).join(',') + CRLF;

export const csvRow = (row: ChangeRow): string =>
  CSV_COLUMNS.map(([, read]) => csvField(read(row))).join(',') + CRLF;

/** The whole file, a row at a time, so a long range never sits in memory. */
export async function* changesCsv(events: AsyncIterable<RecordedEvent>): AsyncIterable<string> {
  yield CSV_BOM + csvHeader();
  for await (const event of events) yield csvRow(toChangeRow(event));
}
