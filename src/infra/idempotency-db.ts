/**
 * The Idempotency-Key index on disk (LEDGER_IDEMPOTENCY_PATH): per caller and key, the hash
 * of the request and its first answer, and the ledger position the index is caught up to.
 *
 * A file of its own, not a table in the ledger: the ledger may be an EventStoreDB node, and
 * the index is derived state, rebuilt from the events' metadata whenever it is lost. Entries
 * read from the ledger and the checkpoint after them are written in one transaction, so the
 * file never claims a position whose entries it does not hold. Answers of commands that
 * appended nothing (a repeat the decider recognised) are only here: losing one costs a
 * repeat of a no-op, never a second set of events.
 */
import Database from 'better-sqlite3';
import { openPrivateSqlite } from './private-file';

/** How long a write waits for another connection to the same file before failing. */
export const IDEMPOTENCY_BUSY_TIMEOUT_MS = 5_000;
/** The layout this code writes; a file of another layout is refused (delete it: it is rebuilt). */
export const IDEMPOTENCY_SCHEMA_VERSION = 1;

export interface KeyedAnswer {
  readonly id: string;
  readonly revision: string;
  readonly position: string;
}

export interface IndexEntry {
  readonly actorId: string;
  readonly key: string;
  readonly requestHash: string;
  readonly answer: KeyedAnswer;
}

/** The last ledger event the index holds everything up to, with its hash to tell ledgers apart. */
export interface IndexCheckpoint {
  readonly position: bigint;
  readonly hash: string;
}

interface EntryRow {
  readonly request_hash: string;
  readonly resource_id: string;
  readonly revision: string;
  readonly position: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    position INTEGER NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS entries (
    actor_id TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    revision TEXT NOT NULL,
    position TEXT NOT NULL,
    PRIMARY KEY (actor_id, key)
  ) WITHOUT ROWID;
`;

const migrate = (db: Database.Database, path: string): void => {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === IDEMPOTENCY_SCHEMA_VERSION) return;
  if (version !== 0) {
    throw new Error(
      `${path}: Idempotency-Key index of layout ${version}, this service writes layout ` +
        `${IDEMPOTENCY_SCHEMA_VERSION}; delete the file and it is rebuilt from the ledger`,
    );
  }
  db.exec(SCHEMA);
  db.pragma(`user_version = ${IDEMPOTENCY_SCHEMA_VERSION}`);
};

export class IdempotencyDb {
  private readonly sql;

  private constructor(private readonly db: Database.Database) {
    this.sql = {
      checkpoint: db.prepare<[], { position: bigint; hash: string }>(
        'SELECT position, hash FROM checkpoint WHERE id = 1',
      ),
      setCheckpoint: db.prepare<[bigint, string]>(
        `INSERT INTO checkpoint (id, position, hash) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, hash = excluded.hash`,
      ),
      find: db.prepare<[string, string], EntryRow>(
        `SELECT request_hash, resource_id, revision, position FROM entries
         WHERE actor_id = ? AND key = ?`,
      ),
      // From the ledger: the ledger is the truth, so it replaces whatever the file held.
      put: db.prepare<[string, string, string, string, string, string]>(
        `INSERT INTO entries (actor_id, key, request_hash, resource_id, revision, position)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (actor_id, key) DO UPDATE SET request_hash = excluded.request_hash,
           resource_id = excluded.resource_id, revision = excluded.revision,
           position = excluded.position`,
      ),
      // From a command that appended nothing: never over an entry the ledger gave.
      remember: db.prepare<[string, string, string, string, string, string]>(
        `INSERT INTO entries (actor_id, key, request_hash, resource_id, revision, position)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (actor_id, key) DO NOTHING`,
      ),
      clearEntries: db.prepare('DELETE FROM entries'),
      clearCheckpoint: db.prepare('DELETE FROM checkpoint'),
    };
  }

  /** Opens (creating if needed, readable by the service's user only) the index file. */
  static open(path: string): IdempotencyDb {
    const db = openPrivateSqlite(path, {
      // NORMAL: a power cut may lose the last transactions, entries and checkpoint together,
      // and the catch-up then reads those events from the ledger again.
      synchronous: 'NORMAL',
      busyTimeoutMs: IDEMPOTENCY_BUSY_TIMEOUT_MS,
      schema: (file) => migrate(file, path),
    });
    return new IdempotencyDb(db);
  }

  checkpoint(): IndexCheckpoint | undefined {
    const row = this.sql.checkpoint.get();
    return row === undefined ? undefined : { position: row.position, hash: row.hash };
  }

  find(actorId: string, key: string): Omit<IndexEntry, 'actorId' | 'key'> | undefined {
    const row = this.sql.find.get(actorId, key);
    if (row === undefined) return undefined;
    return {
      requestHash: row.request_hash,
      answer: { id: row.resource_id, revision: row.revision, position: row.position },
    };
  }

  /** Entries read from the ledger and the position read up to: together or not at all. */
  /**
   * With `from`, only onto that checkpoint (none: a file without one), checked in the same
   * transaction: false, writing nothing, when another process has moved the file since.
   */
  commitCatchUp(
    entries: readonly IndexEntry[],
    checkpoint: IndexCheckpoint,
    from?: IndexCheckpoint,
  ): boolean {
    return this.db.transaction(() => {
      if (from !== undefined) {
        const stored = this.checkpoint();
        const same =
          stored === undefined
            ? from.position === 0n
            : stored.position === from.position && stored.hash === from.hash;
        if (!same) return false;
      }
      for (const entry of entries) this.sql.put.run(...IdempotencyDb.columns(entry));
      this.sql.setCheckpoint.run(checkpoint.position, checkpoint.hash);
      return true;
    })();
  }

  /** The answer of a command that appended nothing (an entry from the ledger is kept). */
  remember(entry: IndexEntry): void {
    this.sql.remember.run(...IdempotencyDb.columns(entry));
  }

  /** Forgets everything: the file belonged to another ledger. */
  clear(): void {
    this.db.transaction(() => {
      this.sql.clearEntries.run();
      this.sql.clearCheckpoint.run();
    })();
  }

  close(): void {
    this.db.close();
  }

  private static columns(entry: IndexEntry): [string, string, string, string, string, string] {
    const { actorId, key, requestHash, answer } = entry;
    return [actorId, key, requestHash, answer.id, answer.revision, answer.position];
  }
}
