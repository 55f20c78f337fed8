/**
 * The physical limit the store is measured against: better-sqlite3 used directly on the same
 * schema (the store's own migrations) with the same pragmas as SqliteEventStore.open, writing
 * and reading the same rows, without validation, idempotency checks or the hash chain.
 */
import Database from 'better-sqlite3';
import { NewEvent } from '../../src/event-store/event-store';
import { DEFAULT_BUSY_TIMEOUT_MS } from '../../src/event-store/sqlite/sqlite-event-store';
import { migrate } from '../../src/event-store/sqlite/sqlite-schema';

/** The raw rows need a hash column filled; the limit does not compute one. */
const PLACEHOLDER_HASH = 'f'.repeat(64);

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash';

interface RawRow {
  readonly position: number;
  readonly stream_id: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/** What a raw read hands on: the row with its JSON parsed, as any reader would need it. */
export interface RawEvent {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

const toRawEvent = (row: RawRow): RawEvent => ({
  position: row.position,
  streamId: row.stream_id,
  revision: row.revision,
  eventId: row.event_id,
  type: row.type,
  data: JSON.parse(row.data) as unknown,
  metadata: JSON.parse(row.metadata) as unknown,
  prevHash: row.prev_hash,
  hash: row.hash,
});

export class RawLedger {
  private readonly insert: Database.Statement;
  private readonly scan: Database.Statement<[], RawRow>;
  private readonly stream: Database.Statement<[string], RawRow>;
  private readonly revisions = new Map<string, number>();
  private position: number;

  private constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.scan = db.prepare(`SELECT ${COLUMNS} FROM events ORDER BY position`);
    this.stream = db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`);
    const head = db.prepare('SELECT max(position) AS head FROM events').get() as {
      head: number | null;
    };
    this.position = head.head ?? 0;
  }

  /** Opens the file exactly as the store does: WAL, synchronous=FULL, the store's schema. */
  static open(path: string): RawLedger {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${DEFAULT_BUSY_TIMEOUT_MS}`);
    migrate(db, path);
    return new RawLedger(db);
  }

  /** One event in its own transaction: one fsync per event. */
  appendOne(stream: string, event: NewEvent): void {
    this.db.transaction(() => this.insertRow(stream, event)).immediate();
  }

  /** Many events in one transaction: one fsync for all of them. */
  appendMany(items: readonly { stream: string; event: NewEvent }[]): void {
    this.db
      .transaction(() => {
        for (const item of items) this.insertRow(item.stream, item.event);
      })
      .immediate();
  }

  /** Every event in position order, JSON parsed; returns how many. */
  scanAll(visit: (event: RawEvent) => void): number {
    let count = 0;
    for (const row of this.scan.iterate()) {
      visit(toRawEvent(row));
      count += 1;
    }
    return count;
  }

  readStream(stream: string, visit: (event: RawEvent) => void): number {
    let count = 0;
    for (const row of this.stream.iterate(stream)) {
      visit(toRawEvent(row));
      count += 1;
    }
    return count;
  }

  close(): void {
    this.db.close();
  }

  private insertRow(stream: string, event: NewEvent): void {
    const revision = (this.revisions.get(stream) ?? -1) + 1;
    this.position += 1;
    this.insert.run(
      this.position,
      stream,
      revision,
      event.eventId,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      PLACEHOLDER_HASH,
      PLACEHOLDER_HASH,
    );
    this.revisions.set(stream, revision);
  }
}
