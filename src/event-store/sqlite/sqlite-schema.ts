/**
 * The ledger file's schema and its migrations. The version lives in a one-row table so a
 * file always says which build can read it: an older file is migrated forward on open, a
 * newer one is refused (an old build must not write into a format it does not know).
 */
import Database from 'better-sqlite3';

export interface Migration {
  /** The schema version this migration produces; versions run 1, 2, 3, … */
  readonly version: number;
  readonly up: (db: Database.Database) => void;
}

const SCHEMA_V1 = `
  CREATE TABLE events (
    position  INTEGER PRIMARY KEY,
    stream_id TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    event_id  TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    metadata  TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL,
    UNIQUE (stream_id, revision),
    UNIQUE (stream_id, event_id)
  );
`;

/**
 * The recorded time as SQL reads it from an event's metadata. The index below is on this
 * exact expression, and a query seeks the index only when it writes it the same way.
 */
export const RECORDED_AT_SQL = "json_extract(metadata, '$.recordedAt')";
/** Indexed so an as-of read finds its position with one seek; see lastPositionRecordedAtOrBefore. */
export const RECORDED_AT_INDEX = 'events_recorded_at';

const SCHEMA_V2 = `CREATE INDEX ${RECORDED_AT_INDEX} ON events (${RECORDED_AT_SQL});`;

/**
 * Indexed so a read of a rare kind of event finds its rows without walking the ledger (the
 * board report's deviation explanations: a scan of the 1M-event bench ledger took 1.4 s of the
 * service's thread for none). Its entries end with the position, so one type reads in order.
 */
export const TYPE_INDEX = 'events_type';

const SCHEMA_V3 = `CREATE INDEX ${TYPE_INDEX} ON events (type);`;

/**
 * The first position held to recorded-time order (hash-chain.ts ChainRules): the next one
 * to be written when a build that holds it first opens the file (1 for a new file). Builds
 * before it kept recorded time in order only in part, so what they wrote is not judged by it.
 * A ledger begun by such a build says so in its chain (TIME_ORDERED_GENESIS_HASH) and does not
 * depend on this row; for one begun before, the row is the file's word.
 */
export const CHAIN_RULES_TABLE = 'chain_rules';

// A file whose version was set back with the table in place keeps what the table says.
const SCHEMA_V4 = `
  CREATE TABLE IF NOT EXISTS ${CHAIN_RULES_TABLE} (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    time_ordered_from INTEGER NOT NULL
  );
  INSERT OR IGNORE INTO ${CHAIN_RULES_TABLE} (id, time_ordered_from)
    SELECT 1, coalesce(max(position), 0) + 1 FROM events;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, up: (db) => db.exec(SCHEMA_V1) },
  { version: 2, up: (db) => db.exec(SCHEMA_V2) },
  { version: 3, up: (db) => db.exec(SCHEMA_V3) },
  { version: 4, up: (db) => db.exec(SCHEMA_V4) },
];

/**
 * The file's first position held to recorded-time order, as its schema step 4 recorded it. The
 * store's own connection has migrated the file, so the table is there unless edited away: a
 * table or row gone, a column renamed, or a value that is not a position the ledger could have
 * had next (1 to its head + 1), holds it to order from its first event. An edit never turns the
 * rule off, though one that records a later position than the true one is not seen: for a
 * ledger an older build began, where the rule starts is the file's word, not the chain's.
 */
export const readTimeOrderedFrom = (db: Database.Database): bigint => {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(CHAIN_RULES_TABLE);
  if (table === undefined) return 1n;
  let at: unknown;
  try {
    at = (
      db.prepare(`SELECT time_ordered_from AS at FROM ${CHAIN_RULES_TABLE} WHERE id = 1`).get() as
        { at: unknown } | undefined
    )?.at;
  } catch (error) {
    // A column renamed or dropped: not a position. (Its message read as text: an error of the
    // native module may be another realm's Error.)
    if (!/no such column/.test(String((error as { message?: unknown } | null)?.message))) {
      throw error;
    }
  }
  const next = (db.prepare('SELECT max(position) AS head FROM events').get() as { head: unknown })
    .head;
  const limit = (typeof next === 'bigint' ? next : BigInt(Number(next ?? 0))) + 1n;
  const position =
    typeof at === 'bigint'
      ? at
      : typeof at === 'number' && Number.isSafeInteger(at)
        ? BigInt(at)
        : 0n;
  return position >= 1n && position <= limit ? position : 1n;
};

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The file was written by a newer build; opening it with this one would risk the ledger. */
export class SchemaVersionError extends Error {
  readonly code = 'SCHEMA_TOO_NEW';
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `${path} has ledger schema version ${fileVersion}, newer than the version ${supportedVersion} ` +
        'this build supports; upgrade the service before opening it.',
    );
    this.name = 'SchemaVersionError';
  }
}

const createVersionTable = (db: Database.Database): void => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_version (
      id      INTEGER PRIMARY KEY CHECK (id = 1),
      version INTEGER NOT NULL
    );
  `);
};

/** The file's schema version; 0 for a new file. */
export const readSchemaVersion = (db: Database.Database): number => {
  const row = db.prepare('SELECT version FROM schema_version WHERE id = 1').get() as
    { version: number | bigint } | undefined;
  return row === undefined ? 0 : Number(row.version);
};

const writeSchemaVersion = (db: Database.Database, version: number): void => {
  db.prepare(
    'INSERT INTO schema_version (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version',
  ).run(version);
};

/**
 * Brings the file to the newest version in `migrations`, each step in its own transaction
 * with its version bump, so a crash between steps leaves a consistent, resumable file.
 * Returns the version the file ends at.
 */
export const migrate = (
  db: Database.Database,
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number => {
  const target = migrations[migrations.length - 1].version;
  db.transaction(() => createVersionTable(db)).immediate();
  const current = readSchemaVersion(db);
  if (current > target) throw new SchemaVersionError(path, current, target);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      // Another process may have migrated since the version was read.
      if (readSchemaVersion(db) >= migration.version) return;
      migration.up(db);
      writeSchemaVersion(db, migration.version);
    }).immediate();
  }
  return target;
};
