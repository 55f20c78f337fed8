/**
 * The change report as CSV (or XLSX), written by the service's one CSV module (src/reports/csv.ts):
 * a header row and one row per event, `data` as the event's JSON. Formula-like text cells
 * are escaped as everywhere (a leading apostrophe; strip one to read the original), so a
 * reason or decision reference cannot run in a spreadsheet. Streamed a row at a time.
 */
import { RecordedEvent } from '../event-store/event-store';
import { CsvCell, CsvDialect, CsvWriter, csvLines, textCell } from '../reports/csv';
import { Sheet, SheetColumn } from '../reports/xlsx';
import { ChangeRow, toChangeRow } from './change-report';

export { CSV_CONTENT_TYPE } from '../reports/csv';

/** The columns, in order, their Swedish names, and how each is read off a row. */
const COLUMNS: readonly (readonly [SheetColumn, (row: ChangeRow) => CsvCell])[] = [
  [{ name: 'position', sv: 'Position' }, (r) => ({ text: r.position })],
  [{ name: 'recordedAt', sv: 'Registrerad' }, (r) => ({ text: r.recordedAt })],
  [{ name: 'type', sv: 'Händelsetyp' }, (r) => ({ text: r.type })],
  [{ name: 'streamId', sv: 'Ström', width: 32 }, (r) => ({ text: r.streamId })],
  [{ name: 'revision', sv: 'Revision' }, (r) => ({ text: r.revision })],
  [{ name: 'eventId', sv: 'Händelse-id', width: 38 }, (r) => ({ text: r.eventId })],
  [{ name: 'actorId', sv: 'Användare' }, (r) => ({ text: r.actor.id })],
  [{ name: 'actorRole', sv: 'Roll' }, (r) => ({ term: r.actor.role, kind: 'role' })],
  [{ name: 'reason', sv: 'Motivering' }, (r) => textCell(r.reason)],
  [{ name: 'decisionRef', sv: 'Beslut' }, (r) => textCell(r.decisionRef)],
  [{ name: 'summary', sv: 'Sammanfattning', width: 48 }, (r) => ({ text: r.summary })],
  [{ name: 'data', sv: 'Data', width: 60 }, (r) => ({ text: JSON.stringify(r.data) })],
  [{ name: 'hash', sv: 'Hash', width: 66 }, (r) => ({ text: r.hash })],
  [{ name: 'prevHash', sv: 'Föregående hash', width: 66 }, (r) => ({ text: r.prevHash })],
];

const CHANGE_CSV_COLUMNS: readonly SheetColumn[] = COLUMNS.map(([column]) => column);

export const changeCells = (row: ChangeRow): readonly CsvCell[] =>
  COLUMNS.map(([, read]) => read(row));

export const changesCsvWriter = (dialect: CsvDialect): CsvWriter =>
  new CsvWriter(CHANGE_CSV_COLUMNS, dialect);

/** The whole file, a row at a time, so a long range never sits in memory. */
export const changesCsv = (
  events: AsyncIterable<RecordedEvent>,
  dialect: CsvDialect = 'rfc4180',
): AsyncIterable<string> =>
  csvLines(CHANGE_CSV_COLUMNS, events, (event) => changeCells(toChangeRow(event)), dialect);

/** The change report as one XLSX sheet, rows streamed as the events are read. */
export const changesSheet = (events: AsyncIterable<RecordedEvent>): Sheet => ({
  name: { sv: 'Ändringar', en: 'Changes' },
  columns: CHANGE_CSV_COLUMNS,
  rows: (async function* rows() {
    for await (const event of events) yield changeCells(toChangeRow(event));
  })(),
});
