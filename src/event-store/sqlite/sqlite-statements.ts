/**
 * The embedded store's SQL, prepared once per connection, and the row shape it reads.
 * Integers come back as bigints (safeIntegers): positions and revisions never lose precision.
 */
import Database from 'better-sqlite3';
import { EventMetadata, LedgerDamagedError, RecordedEvent } from '../event-store';
import { StoredLink } from '../hash-chain';
import { RECORDED_AT_SQL } from './sqlite-schema';

/** SQLite's largest integer: the open upper bound for positions and revisions. */
export const MAX_SQLITE_INTEGER = 9223372036854775807n;

export interface EventRow {
  readonly position: bigint;
  readonly stream_id: string;
  readonly revision: bigint;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/**
 * A row read for the chain's verification, with its recorded time as the recorded-time index
 * reads it (text as the store writes it; anything else a file edited behind its back may hold).
 */
export interface LinkRow extends EventRow {
  readonly recorded_at: unknown;
}

export interface ChainHead {
  readonly position: bigint;
  readonly hash: string;
  /** The last event's recorded time (null for an event without one, or an empty ledger). */
  readonly recordedAt: string | null;
}

/** Parameters of a readAll page; the filters are JSON arrays, or null for "no filter". */
export interface ReadAllPageParams {
  readonly after: bigint;
  readonly upTo: bigint;
  readonly types: string | null;
  readonly prefixes: string | null;
  /** `$.field` of the data filter, or null; `dataValue` is the text it must hold. */
  readonly dataPath: string | null;
  readonly dataValue: string | null;
  readonly limit: number;
}

/** A readAll page through the index plan: the prefix as inclusive stream id bounds. */
export interface PrefixPageParams {
  readonly after: bigint;
  readonly upTo: bigint;
  readonly types: string | null;
  readonly dataPath: string | null;
  readonly dataValue: string | null;
  readonly low: string;
  readonly high: string;
  readonly limit: number;
}

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash';

/** A readAll filter's conditions, each true for every row when its parameter is NULL. */
const TYPES_MATCH = '(@types IS NULL OR type IN (SELECT value FROM json_each(@types)))';
const PREFIXES_MATCH = `(@prefixes IS NULL OR EXISTS (
  SELECT 1 FROM json_each(@prefixes) WHERE substr(stream_id, 1, length(value)) = value))`;
const DATA_MATCH = `(@dataPath IS NULL OR (json_type(data, @dataPath) = 'text'
  AND json_extract(data, @dataPath) = @dataValue))`;

export const prepareStatements = (db: Database.Database) => ({
  head: db.prepare<[], ChainHead>(
    `SELECT position, hash, ${RECORDED_AT_SQL} AS recordedAt FROM events ORDER BY position DESC LIMIT 1`,
  ),
  streamRevision: db.prepare<[string], { revision: bigint | null }>(
    'SELECT max(revision) AS revision FROM events WHERE stream_id = ?',
  ),
  findEventId: db.prepare<[string, string], { revision: bigint; position: bigint }>(
    'SELECT revision, position FROM events WHERE stream_id = ? AND event_id = ?',
  ),
  eventIdAt: db.prepare<[string, bigint], { eventId: string }>(
    'SELECT event_id AS eventId FROM events WHERE stream_id = ? AND revision = ?',
  ),
  insert: db.prepare<[bigint, string, bigint, string, string, string, string, string, string]>(
    `INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  readStreamForwards: db.prepare<[string, bigint, number], EventRow>(
    `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ?
     ORDER BY revision ASC LIMIT ?`,
  ),
  readStreamBackwards: db.prepare<[string, bigint, number], EventRow>(
    `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ?
     ORDER BY revision DESC LIMIT ?`,
  ),
  // A page of the chain for its verification: every row with the recorded time the index
  // reads. Metadata that is not JSON has none here (json_extract would fail the whole page);
  // the row is found broken where it is parsed.
  readLinks: db.prepare<{ after: bigint; upTo: bigint; limit: number }, LinkRow>(
    `SELECT ${COLUMNS},
       CASE WHEN json_valid(metadata) THEN ${RECORDED_AT_SQL} END AS recorded_at FROM events
     WHERE position > @after AND position <= @upTo ORDER BY position ASC LIMIT @limit`,
  ),
  firstPrevHash: db.prepare<[], { prevHash: unknown }>(
    'SELECT prev_hash AS prevHash FROM events ORDER BY position ASC LIMIT 1',
  ),
  // One statement for every filter shape: a NULL filter matches everything, so the scan
  // always runs along the position key and the filters only decide which rows come back.
  readAll: db.prepare<ReadAllPageParams, EventRow>(
    `SELECT ${COLUMNS} FROM events
     WHERE position > @after AND position <= @upTo
       AND ${TYPES_MATCH}
       AND ${PREFIXES_MATCH}
       AND ${DATA_MATCH}
     ORDER BY position ASC LIMIT @limit`,
  ),
  // The index plan of sqlite-read-plan.ts: `+position` keeps SQLite from walking the position
  // key, so it takes the stream_id range of the (stream_id, revision) index and sorts.
  readAllByPrefix: db.prepare<PrefixPageParams, EventRow>(
    `SELECT ${COLUMNS} FROM events
     WHERE stream_id >= @low AND stream_id <= @high
       AND +position > @after AND +position <= @upTo
       AND ${TYPES_MATCH}
       AND ${DATA_MATCH}
     ORDER BY position ASC LIMIT @limit`,
  ),
  // The type index's plan of sqlite-read-plan.ts: `+position` keeps SQLite from walking the
  // position key, so it takes the types' ranges of the type index and sorts what they hold.
  readAllByType: db.prepare<ReadAllPageParams, EventRow>(
    `SELECT ${COLUMNS} FROM events
     WHERE type IN (SELECT value FROM json_each(@types))
       AND +position > @after AND +position <= @upTo
       AND ${PREFIXES_MATCH}
       AND ${DATA_MATCH}
     ORDER BY position ASC LIMIT @limit`,
  ),
  // Counts on the type index alone, and stops at `cap`.
  typeRows: db.prepare<{ types: string; cap: number }, { rows: bigint }>(
    `SELECT count(*) AS rows FROM
       (SELECT 1 FROM events WHERE type IN (SELECT value FROM json_each(@types)) LIMIT @cap)`,
  ),
  // Counts on the index alone, and stops at `cap`: it only has to tell few from many.
  prefixRows: db.prepare<{ low: string; high: string; cap: number }, { rows: bigint }>(
    `SELECT count(*) AS rows FROM
       (SELECT 1 FROM events WHERE stream_id >= @low AND stream_id <= @high LIMIT @cap)`,
  ),
  // Seeks the recorded-time index (its entries end with the position, so the order needs no
  // sort): the latest recorded time at or before the instant, and of its events the last.
  lastPositionRecordedAtOrBefore: db.prepare<[string], { position: bigint }>(
    `SELECT position FROM events WHERE ${RECORDED_AT_SQL} <= ?
     ORDER BY ${RECORDED_AT_SQL} DESC, position DESC LIMIT 1`,
  ),
  ping: db.prepare<[], { ok: bigint }>('SELECT 1 AS ok'),
});

export type Statements = ReturnType<typeof prepareStatements>;

/** The row as stored, its texts not parsed: what hashOfTexts recomputes a hash from. */
export const storedLinkOf = (row: EventRow): StoredLink => ({
  streamId: row.stream_id,
  revision: row.revision,
  position: row.position,
  eventId: row.event_id,
  type: row.type,
  dataJson: row.data,
  metadataJson: row.metadata,
  prevHash: row.prev_hash,
  hash: row.hash,
});

/**
 * Every event the store writes has its metadata as a JSON object. A row without (a ledger
 * file cut short or overwritten outside the service, which SQLite does not always notice)
 * is named here rather than failing later in whatever read it ("cannot destructure
 * 'idempotencyKey' of null" at a start).
 */
const metadataOf = (row: EventRow): EventMetadata => {
  const metadata = JSON.parse(row.metadata) as unknown;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new LedgerDamagedError(
      `the ledger's event at position ${row.position} has no metadata: the ledger file is damaged (\`ledger verify\` names where)`,
    );
  }
  return metadata as EventMetadata;
};

export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  streamId: row.stream_id,
  revision: row.revision,
  position: row.position,
  eventId: row.event_id,
  type: row.type,
  data: JSON.parse(row.data) as unknown,
  metadata: metadataOf(row),
  prevHash: row.prev_hash,
  hash: row.hash,
});
