/**
 * An investment's history as CSV (the service's one CSV module) or XLSX: one row per event
 * with who, when, why, what, the hash, and the investment's compact state after it. Read and
 * folded an event at a time as it is written, so one row is held whatever the history's length.
 * The Swedish files (excel-sv, XLSX with lang=sv) write the summaries in Swedish, as the change
 * report's do; the event types keep their codes.
 */
import { EventStore } from '../event-store/event-store';
import { CsvCell, CsvDialect, CsvWriter, textCell } from '../reports/csv';
import { Lang } from '../reports/swedish';
import { Sheet, SheetColumn } from '../reports/xlsx';
import { HistoryEntry, readHistoryEntries } from './investment-history';
import { SummaryContexts } from './summary-context';
import { TimeRange } from './time-range';

const COLUMNS: readonly (readonly [SheetColumn, (entry: HistoryEntry) => CsvCell])[] = [
  [{ name: 'position', sv: 'Position' }, (e) => ({ text: e.position })],
  [{ name: 'recordedAt', sv: 'Registrerad' }, (e) => ({ text: e.recordedAt })],
  [{ name: 'type', sv: 'Händelsetyp' }, (e) => ({ text: e.type })],
  [{ name: 'actorId', sv: 'Användare' }, (e) => ({ text: e.actor.id })],
  [{ name: 'actorRole', sv: 'Roll' }, (e) => ({ term: e.actor.role, kind: 'role' })],
  [{ name: 'reason', sv: 'Motivering' }, (e) => textCell(e.reason)],
  [{ name: 'decisionRef', sv: 'Beslut' }, (e) => textCell(e.decisionRef)],
  [{ name: 'summary', sv: 'Sammanfattning', width: 48 }, (e) => ({ text: e.summary })],
  [
    { name: 'stageAfter', sv: 'Skede efter' },
    (e) => (e.stateAfter.stage === null ? null : { term: e.stateAfter.stage, kind: 'stage' }),
  ],
  [
    { name: 'allocatedAfter', sv: 'Tilldelat efter', format: 'sek' },
    (e) => ({ number: e.stateAfter.allocated }),
  ],
  [
    { name: 'spentAfter', sv: 'Förbrukat efter', format: 'sek' },
    (e) => ({ number: e.stateAfter.spent }),
  ],
  [
    { name: 'harvestedAfter', sv: 'Hemtaget efter', format: 'sek' },
    (e) => ({ number: e.stateAfter.harvested }),
  ],
  [{ name: 'data', sv: 'Data', width: 60 }, (e) => ({ text: JSON.stringify(e.data) })],
  [{ name: 'hash', sv: 'Hash', width: 66 }, (e) => ({ text: e.hash })],
];

const HISTORY_COLUMNS: readonly SheetColumn[] = COLUMNS.map(([column]) => column);

const historyCells = (entry: HistoryEntry): readonly CsvCell[] =>
  COLUMNS.map(([, read]) => read(entry));

/**
 * The rows of the whole history in the range, each folded as it is written, summaries in
 * `lang` (the file's). Undefined when the investment has no event (so the caller can answer
 * 404 before the first byte).
 */
export const historyRows = async (
  store: EventStore,
  investmentId: string,
  range: TimeRange,
  lang: Lang = 'en',
): Promise<AsyncIterable<readonly CsvCell[]> | undefined> => {
  const entries = await readHistoryEntries(store, investmentId, range);
  return entries && rowsOf(entries, new SummaryContexts(store), lang);
};

/** The entries' rows; in Swedish each summary written again (the entries carry English ones). */
async function* rowsOf(
  entries: AsyncIterable<HistoryEntry>,
  contexts: SummaryContexts,
  lang: Lang,
): AsyncIterable<readonly CsvCell[]> {
  for await (const entry of entries) {
    if (lang === 'en') {
      yield historyCells(entry);
      continue;
    }
    const placed = { ...entry, revision: BigInt(entry.revision), position: BigInt(entry.position) };
    yield historyCells({ ...entry, summary: await contexts.summaryOf(placed, lang) });
  }
}

export async function* historyCsv(
  rows: AsyncIterable<readonly CsvCell[]>,
  dialect: CsvDialect,
): AsyncIterable<string> {
  const writer = new CsvWriter(HISTORY_COLUMNS, dialect);
  yield writer.header();
  for await (const row of rows) yield writer.row(row);
}

export const historySheet = (rows: AsyncIterable<readonly CsvCell[]>): Sheet => ({
  name: { sv: 'Historik', en: 'History' },
  columns: HISTORY_COLUMNS,
  rows,
});
