/**
 * Real ledger files for tamper tests: written by the SQLite store itself, copied, then
 * changed behind its back with plain SQL the way an intruder with file access would.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventStore, NewEvent } from '../../../src/event-store/event-store';
import {
  canonicalJson,
  computeHash,
  GENESIS_HASH,
  hashOfTexts,
} from '../../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import {
  EventRow,
  storedLinkOf,
  toRecordedEvent,
} from '../../../src/event-store/sqlite/sqlite-statements';

export const STREAMS = ['fund-orebro', 'investment-e-arkiv', 'investment-bygglov'] as const;

const anEvent = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: n % 3 === 0 ? 'FundsAllocated' : 'CostRecorded',
  data: {
    amount: `${100000 + n}.00`,
    reference: `Faktura 2017-${String(n).padStart(4, '0')}`,
    note: 'Åtgärd i förvaltningen',
  },
  metadata: {
    actor: { id: 'frida.ek', role: 'finance' },
    recordedAt: new Date(Date.UTC(2017, 0, 1 + n)).toISOString(),
    schemaVersion: 1,
    decisionRef: `Ks ${n}/2017`,
  },
});

/**
 * Appends `count` events rotating over three streams: one at a time, or `perAppend` to a
 * stream at a time (a long ledger written without one fsync per event).
 */
export const appendEvents = async (
  store: EventStore,
  count: number,
  first = 1,
  perAppend = 1,
): Promise<void> => {
  for (let n = first; n < first + count; n += perAppend) {
    const stream = STREAMS[n % STREAMS.length];
    const size = Math.min(perAppend, first + count - n);
    const events = Array.from({ length: size }, (_, i) => anEvent(n + i));
    await store.append(stream, events, { expectedRevision: 'any' });
  }
};

export const aTempDir = (): string => mkdtempSync(join(tmpdir(), 'ledger-audit-'));

/** Writes a ledger of `count` events with the store and closes it (so the file is complete). */
export const writeLedger = async (dir: string, count: number, perAppend = 1): Promise<string> => {
  const path = join(dir, 'original.sqlite');
  const store = SqliteEventStore.open(path);
  await appendEvents(store, count, 1, perAppend);
  await store.close();
  return path;
};

let copies = 0;
export const copyLedger = (original: string, dir: string): string => {
  copies += 1;
  const copy = join(dir, `copy-${copies}.sqlite`);
  copyFileSync(original, copy);
  if (existsSync(`${original}-wal`)) copyFileSync(`${original}-wal`, `${copy}-wal`);
  return copy;
};

/**
 * A ledger of `count` events, written once for the describe block this is called in and
 * removed after it, and copies of it for each test to change.
 */
export const ledgerFixture = (count: number, perAppend = 1) => {
  let dir = '';
  let original = '';
  beforeAll(async () => {
    dir = aTempDir();
    original = await writeLedger(dir, count, perAppend);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const copy = (tamper: (path: string) => void = () => undefined): string => {
    const path = copyLedger(original, dir);
    tamper(path);
    return path;
  };
  return {
    /** The folder the ledger and its copies are in. */
    dir: (): string => dir,
    /** A fresh copy of the ledger, changed by `tamper` first. */
    copy,
    /** The store opened on such a copy, for `work`; closed after. */
    onCopy: async <T>(
      tamper: (path: string) => void,
      work: (store: SqliteEventStore) => Promise<T>,
    ): Promise<T> => {
      const store = SqliteEventStore.open(copy(tamper));
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    },
  };
};

/** Changes the file at `path` with plain SQL, in one transaction, integers read as bigints. */
export const withFile = <T>(path: string, change: (db: Database.Database) => T): T => {
  const db = new Database(path);
  db.defaultSafeIntegers(true);
  try {
    return db.transaction(() => change(db))();
  } finally {
    db.close();
  }
};

const rowAt = (db: Database.Database, position: number): EventRow =>
  db.prepare('SELECT * FROM events WHERE position = ?').get(position) as EventRow;

/** Changes one byte of the event's data: the first digit goes one up (still valid JSON). */
export const changeOneByte = (path: string, position: number): void =>
  withFile(path, (db) => {
    const { data } = rowAt(db, position);
    const at = data.search(/[0-8]/);
    const changed = data.slice(0, at) + String(Number(data[at]) + 1) + data.slice(at + 1);
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(changed, position);
  });

/** Breaks the event's JSON itself, so it can no longer be read. */
export const garbleData = (path: string, position: number): void =>
  withFile(path, (db) => {
    db.prepare("UPDATE events SET data = '{' || data WHERE position = ?").run(position);
  });

/**
 * Plants a second, earlier copy of the metadata's recordedAt at the front of its object: the
 * parse keeps the last copy (so the hash of the parse still matches), while SQLite's
 * json_extract, which the recorded-time index reads, takes the first.
 */
export const plantDuplicateRecordedAt = (path: string, position: number): void =>
  changeMetadata(
    path,
    position,
    (metadata) => `{"recordedAt":"2000-01-01T00:00:00.000Z",${metadata.slice(1)}`,
  );

/** Replaces the event's stored metadata text with what `change` makes of it. */
const changeMetadata = (path: string, position: number, change: (text: string) => string): void =>
  withFile(path, (db) => {
    const { metadata } = rowAt(db, position);
    db.prepare('UPDATE events SET metadata = ? WHERE position = ?').run(change(metadata), position);
  });

/**
 * Names the metadata's recordedAt twice: first its own time, as the recorded-time index will
 * read it, then an earlier one, as every reader of the event will parse it. With
 * rewriteChainFromTexts after it, the hash is the one of the text as stored.
 */
export const plantBackdatedSecondRecordedAt = (
  path: string,
  position: number,
  /** How the first copy's key is written: as the store would, or spelled otherwise. */
  firstKey = '"recordedAt":',
): void =>
  changeMetadata(path, position, (metadata) => {
    const parsed = JSON.parse(metadata) as { recordedAt: string };
    const backdated = canonicalJson({ ...parsed, recordedAt: BEFORE_THE_LEDGER });
    return `{${firstKey}${JSON.stringify(parsed.recordedAt)},${backdated.slice(1)}`;
  });

/**
 * rewriteChain as an intruder who hashes the texts as stored (hashOfTexts) rather than their
 * parse: the same hashes for the texts the store writes.
 */
export const rewriteChainFromTexts = (path: string): void =>
  rehashChain(path, undefined, (prevHash, row) => hashOfTexts(prevHash, storedLinkOf(row)));

/** A recorded time before every event of a fixture ledger (they begin in 2017). */
export const BEFORE_THE_LEDGER = '2016-06-01T00:00:00.000Z';

/**
 * Gives the event an earlier recorded time, its metadata kept canonical; with rewriteChain
 * after it, what an intruder does to slip an event into the past.
 */
export const backdate = (path: string, position: number, recordedAt = BEFORE_THE_LEDGER): void =>
  setRecordedTime(path, position, recordedAt);

/** Sets the event's recorded time to any value (undefined: takes it out), metadata canonical. */
export const setRecordedTime = (path: string, position: number, recordedAt: unknown): void =>
  changeMetadata(path, position, (metadata) =>
    canonicalJson({ ...(JSON.parse(metadata) as object), recordedAt }),
  );

/**
 * The file as a build before the chain's time order left it: schema version 3, no record of
 * where the order starts, its chain from the plain genesis. Opening it with this build
 * migrates it.
 */
export const asLeftByAnOlderBuild = (path: string): void => {
  withFile(path, (db) => {
    db.exec('DROP TABLE chain_rules; UPDATE schema_version SET version = 3');
  });
  rewriteChain(path, GENESIS_HASH);
};

export const deleteEvent = (path: string, position: number): void =>
  withFile(path, (db) => {
    db.prepare('DELETE FROM events WHERE position = ?').run(position);
  });

export const deleteAfter = (path: string, position: number): void =>
  withFile(path, (db) => {
    db.prepare('DELETE FROM events WHERE position > ?').run(position);
  });

/** Moves the event at `a` to position `b` and the one at `b` to `a`, content untouched. */
export const swapEvents = (path: string, a: number, b: number): void =>
  withFile(path, (db) => {
    db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
    db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
    db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
  });

/**
 * What a careful intruder does after editing: recomputes every hash so the chain holds again,
 * from the genesis the file's chain starts at (or `genesis`).
 */
export const rewriteChain = (path: string, genesis?: string): void =>
  rehashChain(path, genesis, (prevHash, row) =>
    computeHash(prevHash, toRecordedEvent(row), 'global'),
  );

/** Every hash recomputed by `hashOf`, from `genesis` or the one the file's chain starts at. */
const rehashChain = (
  path: string,
  genesis: string | undefined,
  hashOf: (prevHash: string, row: EventRow) => string,
): void =>
  withFile(path, (db) => {
    const rows = db.prepare('SELECT * FROM events ORDER BY position').all() as EventRow[];
    let prevHash = genesis ?? rows[0]?.prev_hash ?? GENESIS_HASH;
    for (const row of rows) {
      const hash = hashOf(prevHash, row);
      db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE position = ?').run(
        prevHash,
        hash,
        row.position,
      );
      prevHash = hash;
    }
  });
