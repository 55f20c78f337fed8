/**
 * The SQLite ledger's index on recorded time (schema version 2): the position query seeks it
 * (checked in SQLite's own query plan), and a ledger file written with schema version 1 gets
 * the index when it is opened and answers the same positions as a scan of its events.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import {
  migrate,
  RECORDED_AT_INDEX,
  readSchemaVersion,
  readTimeOrderedFrom,
  SCHEMA_VERSION,
  TYPE_INDEX,
} from '../../src/event-store/sqlite/sqlite-schema';
import { prepareStatements } from '../../src/event-store/sqlite/sqlite-statements';
import { FIXTURE_PATH } from '../fixtures/make-ledger-v1';

/** The last position recorded at or before `instant`, by reading every event. */
const scanFor = (
  events: readonly { position: bigint; metadata: { recordedAt: string } }[],
  instant: string,
): bigint =>
  events
    .filter((e) => e.metadata.recordedAt <= instant)
    .reduce((last, e) => (e.position > last ? e.position : last), 0n);

const indexNames = (db: Database.Database): string[] =>
  (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")
      .all() as {
      name: string;
    }[]
  ).map((row) => row.name);

describe('the recorded-time index of the SQLite ledger', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'recorded-time-index-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is sought by the position query, in index order, with no sort and no table scan', () => {
    const db = new Database(join(dir, 'plan.sqlite'));
    migrate(db, 'plan.sqlite');
    const { lastPositionRecordedAtOrBefore } = prepareStatements(db);
    const plan = (
      db
        .prepare(`EXPLAIN QUERY PLAN ${lastPositionRecordedAtOrBefore.source}`)
        .all('2020-01-01T00:00:00.000Z') as { detail: string }[]
    ).map((step) => step.detail);
    expect(plan).toEqual([
      expect.stringMatching(`^SEARCH events USING (COVERING )?INDEX ${RECORDED_AT_INDEX} `),
    ]);
    db.close();
  });

  it('is added to a version 1 ledger file when it is opened, which then answers the same positions', async () => {
    const path = join(dir, 'ledger.sqlite');
    copyFileSync(FIXTURE_PATH, path);
    const before = new Database(path, { readonly: true });
    expect(readSchemaVersion(before)).toBe(1);
    expect(indexNames(before)).not.toContain(RECORDED_AT_INDEX);
    before.close();

    const store = SqliteEventStore.open(path);
    try {
      const events = (await collect(store.readAll())).map((e) => ({
        position: e.position,
        metadata: { recordedAt: String(e.metadata.recordedAt) },
      }));
      expect(events).toHaveLength(27);
      const recordedTimes = events.map((e) => e.metadata.recordedAt);
      const instants = [
        '2000-01-01T00:00:00.000Z',
        '2016-12-20',
        ...recordedTimes,
        ...recordedTimes.map((t) => new Date(Date.parse(t) - 1).toISOString()),
        '2017-03-15T12:00:00.0005Z',
        '2099-01-01T00:00:00.000Z',
      ];
      for (const instant of instants) {
        expect(await store.lastPositionRecordedAtOrBefore(instant)).toBe(scanFor(events, instant));
      }
      // Three events share the first moment; the last of them is where the ledger stood.
      expect(await store.lastPositionRecordedAtOrBefore('2016-12-20T09:00:00.000Z')).toBe(3n);
    } finally {
      await store.close();
    }

    const after = new Database(path, { readonly: true });
    expect(readSchemaVersion(after)).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(4);
    // And version 3's index on the event type.
    expect(indexNames(after)).toEqual(expect.arrayContaining([RECORDED_AT_INDEX, TYPE_INDEX]));
    // And version 4's first position held to recorded-time order: the next one to be written,
    // so nothing an older build wrote is judged by a rule it did not keep.
    expect(readTimeOrderedFrom(after)).toBe(28n);
    after.close();
  });

  it('leaves the type index to the reads of rare event types, sought without a table scan', () => {
    const db = new Database(join(dir, 'plan.sqlite'));
    migrate(db, 'plan.sqlite');
    const { readAllByType, typeRows } = prepareStatements(db);
    const planOf = (sql: string, params: object): string[] =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map(
        (step) => step.detail,
      );
    const types = JSON.stringify(['DeviationExplained']);
    const read = planOf(readAllByType.source, {
      after: 0n,
      upTo: 100n,
      types,
      prefixes: null,
      dataPath: null,
      dataValue: null,
      limit: 10,
    });
    expect(read).toContainEqual(expect.stringMatching(`^SEARCH events USING INDEX ${TYPE_INDEX} `));
    expect(read.join('\n')).not.toMatch(/SCAN events/);
    const counted = planOf(typeRows.source, { types, cap: 10 });
    expect(counted).toContainEqual(
      expect.stringMatching(`^SEARCH events USING COVERING INDEX ${TYPE_INDEX} `),
    );
    db.close();
  });

  it('answers 0 on an empty ledger', async () => {
    const store = SqliteEventStore.open(join(dir, 'empty.sqlite'));
    try {
      expect(await store.lastPositionRecordedAtOrBefore('2099-01-01T00:00:00.000Z')).toBe(0n);
    } finally {
      await store.close();
    }
  });
});
