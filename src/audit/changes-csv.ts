/**
 * The change report as CSV (or XLSX), written by the service's one CSV module (src/reports/csv.ts):
 * a header row and one row per event, `data` as the event's JSON. Formula-like text cells
 * are escaped as everywhere (a leading apostrophe; strip one to read the original), so a
 * reason or decision reference cannot run in a spreadsheet. Streamed a row at a time.
 *
 * The Swedish files (dialect excel-sv, XLSX with lang=sv) write the summaries in Swedish, as
 * the board report does; the event type stays the ledger's code, beside the data it names.
 * The others have the API's English lines, byte for byte as before.
 */
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { CsvCell, CsvDialect, CsvWriter, csvLines, textCell } from '../reports/csv';
import { Lang } from '../reports/swedish';
import { Sheet, SheetColumn } from '../reports/xlsx';
import { toAuditEvent } from './audit-event';
import { ChangeRow } from './change-report';
import { SummaryContexts } from './summary-context';

export { CSV_CONTENT_TYPE } from '../reports/csv';

/** The columns, in order, their Swedish names, and how each is read off a row. */
const COLUMNS: readonly (readonly [SheetColumn, (row: ChangeRow) => CsvCell])[] = [
  [{ name: 'position', sv: 'Position' }, (r) => ({ text: r.position })],
  [{ name: 'recordedAt', sv: 'Registrerad' }, (r) => ({ text: r.recordedAt })],
  // The ledger's code in both dialects: the key to the data column's shape and to docs/DOMAIN.md.
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

/**
 * The events' rows with their summaries in `lang`. A Swedish line of an effect report reads
 * what it needs from the ledger (summary-context.ts); nothing else is read.
 */
async function* changeRows(
  store: EventStore,
  events: AsyncIterable<RecordedEvent>,
  lang: Lang,
): AsyncIterable<ChangeRow> {
  const contexts = new SummaryContexts(store);
  for await (const event of events) {
    yield { ...toAuditEvent(event), summary: await contexts.summaryOf(event, lang) };
  }
}

/** The whole file, a row at a time, so a long range never sits in memory. */
export const changesCsv = (
  store: EventStore,
  events: AsyncIterable<RecordedEvent>,
  dialect: CsvDialect = 'rfc4180',
): AsyncIterable<string> =>
  csvLines(
    CHANGE_CSV_COLUMNS,
    changeRows(store, events, dialect === 'excel-sv' ? 'sv' : 'en'),
    changeCells,
    dialect,
  );

/** The change report as one XLSX sheet in `lang` (as the workbook is), rows streamed as the events are read. */
export const changesSheet = (
  store: EventStore,
  events: AsyncIterable<RecordedEvent>,
  lang: Lang,
): Sheet => ({
  name: { sv: 'Ändringar', en: 'Changes' },
  columns: CHANGE_CSV_COLUMNS,
  rows: (async function* rows() {
    for await (const row of changeRows(store, events, lang)) yield changeCells(row);
  })(),
});
