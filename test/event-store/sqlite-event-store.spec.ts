import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, tap, toArray } from 'rxjs';
import {
  collect,
  InvalidAppendError,
  NewEvent,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store';
import { computeHash, verifyChain } from '../../src/event-store/hash-chain';
import { toStoreError } from '../../src/event-store/sqlite/sqlite-errors';
import {
  MAX_EVENT_BYTES,
  MAX_EVENTS_PER_APPEND,
  SCHEMA_VERSION,
  SchemaVersionError,
  SqliteEventStore,
} from '../../src/event-store/sqlite/sqlite-event-store';
import { migrate, MIGRATIONS, readSchemaVersion } from '../../src/event-store/sqlite/sqlite-schema';
import { eventStoreContract } from '../support/event-store.contract';

/** How long a test waits for a subscription to deliver what is already stored. */
const DELIVERY_WAIT_MS = 10_000;
const tempDirs: string[] = [];

const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-store-'));
  tempDirs.push(dir);
  return join(dir, 'nested', 'ledger.sqlite');
};

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

eventStoreContract('SqliteEventStore', async () => {
  const store = SqliteEventStore.open(tempFile());
  return { store, cleanup: () => store.close() };
});

const anEvent = (data: unknown = { n: 1 }): NewEvent => ({
  eventId: randomUUID(),
  type: 'ThingHappened',
  data,
  metadata: {
    actor: { id: 'u1', role: 'finance' },
    recordedAt: '2017-01-01T00:00:00.000Z',
    schemaVersion: 1,
  },
});

const someEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, i) => anEvent({ i }));

const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (error: unknown) => error,
  );

describe('SqliteEventStore', () => {
  let path: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    path = tempFile();
    store = SqliteEventStore.open(path);
  });
  afterEach(async () => store.close());

  it('numbers positions from 1 without gaps, across reopening', async () => {
    await store.append('a', someEvents(2), { expectedRevision: 'no-stream' });
    await store.close();
    store = SqliteEventStore.open(path);
    await store.append('b', someEvents(2), { expectedRevision: 'no-stream' });
    const all = await collect(store.readAll());
    expect(all.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n]);
    expect(await verifyChain(store.readAll())).toEqual({ ok: true, eventsChecked: 4 });
  });

  describe('group commit', () => {
    it('writes concurrent appends in fewer transactions than appends', async () => {
      const before = store.stats();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.append(`stream-${i}`, [anEvent()], { expectedRevision: 'no-stream' }),
        ),
      );
      const after = store.stats();
      expect(after.appends - before.appends).toBe(50);
      expect(after.commits - before.commits).toBeLessThan(50);
      expect(after.commits - before.commits).toBeLessThanOrEqual(2);
      expect(new Set(results.map((r) => r.position)).size).toBe(50);
    });

    it('a conflict in a batch fails only its own append', async () => {
      await store.append('taken', [anEvent()], { expectedRevision: 'no-stream' });
      const before = store.stats().commits;
      const [first, conflict, last] = await Promise.allSettled([
        store.append('fresh-1', [anEvent()], { expectedRevision: 'no-stream' }),
        store.append('taken', [anEvent()], { expectedRevision: 'no-stream' }),
        store.append('fresh-2', [anEvent()], { expectedRevision: 'no-stream' }),
      ]);
      expect(store.stats().commits - before).toBe(1);
      expect(first.status).toBe('fulfilled');
      expect(last.status).toBe('fulfilled');
      expect(conflict.status === 'rejected' && conflict.reason).toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(await collect(store.readStream('taken'))).toHaveLength(1);
    });

    it('checks expected revisions in order within a batch', async () => {
      const [first, second, stale] = await Promise.allSettled([
        store.append('s', [anEvent()], { expectedRevision: 'no-stream' }),
        store.append('s', [anEvent()], { expectedRevision: 0n }),
        store.append('s', [anEvent()], { expectedRevision: 0n }),
      ]);
      expect(first).toEqual({ status: 'fulfilled', value: { nextRevision: 0n, position: 1n } });
      expect(second).toEqual({ status: 'fulfilled', value: { nextRevision: 1n, position: 2n } });
      expect(stale.status === 'rejected' && stale.reason).toMatchObject({
        expected: 0n,
        actual: 1n,
      });
    });
  });

  describe('idempotent event ids', () => {
    it('repeats the original result whatever the expected revision', async () => {
      const events = someEvents(2);
      const first = await store.append('s', events, { expectedRevision: 'no-stream' });
      await store.append('s', [anEvent()], { expectedRevision: 1n });
      for (const expectedRevision of ['no-stream', 'any', 'stream-exists', 7n] as const) {
        expect(await store.append('s', events, { expectedRevision })).toEqual(first);
      }
      const upperCase = events.map((e) => ({ ...e, eventId: e.eventId.toUpperCase() }));
      expect(await store.append('s', upperCase, { expectedRevision: 'any' })).toEqual(first);
      expect(await store.headPosition()).toBe(3n);
    });

    it('refuses an append whose event ids are only partly in the stream', async () => {
      const events = someEvents(2);
      await store.append('s', events, { expectedRevision: 'no-stream' });
      const partial = failureOf(
        store.append('s', [events[1], anEvent()], { expectedRevision: 'any' }),
      );
      expect(await partial).toBeInstanceOf(InvalidAppendError);
      const reordered = failureOf(
        store.append('s', [events[1], events[0]], { expectedRevision: 'any' }),
      );
      expect(await reordered).toBeInstanceOf(InvalidAppendError);
      expect(await store.headPosition()).toBe(2n);
    });

    it('allows the same event id in another stream', async () => {
      const event = anEvent();
      await store.append('a', [event], { expectedRevision: 'no-stream' });
      const other = await store.append('b', [event], { expectedRevision: 'no-stream' });
      expect(other).toEqual({ nextRevision: 0n, position: 2n });
    });
  });

  describe('limits', () => {
    const expectInvalid = async (events: NewEvent[], stream = 's'): Promise<void> => {
      const error = await failureOf(store.append(stream, events, { expectedRevision: 'any' }));
      expect(error).toBeInstanceOf(InvalidAppendError);
    };

    it('refuses an empty append', () => expectInvalid([]));

    it(`refuses more than ${MAX_EVENTS_PER_APPEND} events in one append`, () =>
      expectInvalid(someEvents(MAX_EVENTS_PER_APPEND + 1)));

    it(`refuses an event over ${MAX_EVENT_BYTES} bytes`, () =>
      expectInvalid([anEvent({ blob: 'x'.repeat(MAX_EVENT_BYTES) })]));

    it('refuses malformed events and streams', async () => {
      await expectInvalid([{ ...anEvent(), eventId: 'not-a-uuid' }]);
      const twice = anEvent();
      await expectInvalid([twice, twice]);
      await expectInvalid([{ ...anEvent(), type: '' }]);
      await expectInvalid([anEvent({ big: 1n })]);
      await expectInvalid([anEvent()], '');
      await expectInvalid([anEvent()], 'x'.repeat(1000));
      const negative = failureOf(store.append('s', [anEvent()], { expectedRevision: -1n }));
      expect(await negative).toBeInstanceOf(InvalidAppendError);
      expect(await store.headPosition()).toBe(0n);
    });

    it('refuses an event the recorded-time index could not place: no recorded time, or not text', async () => {
      const { recordedAt: _, ...untimed } = anEvent().metadata;
      await expectInvalid([{ ...anEvent(), metadata: untimed as NewEvent['metadata'] }]);
      const numbered = { ...anEvent().metadata, recordedAt: 20170101 as unknown as string };
      await expectInvalid([anEvent(), { ...anEvent(), metadata: numbered }]);
      for (const recordedAt of [
        '2017-01-01T05:00:00.000+05:00',
        '2017-01-01T05:00:00Z',
        '2017-01-01T05:99:00.000Z',
        '2017-02-30T05:00:00.000Z',
      ]) {
        await expectInvalid([{ ...anEvent(), metadata: { ...anEvent().metadata, recordedAt } }]);
      }
      expect(await store.headPosition()).toBe(0n);
      // A Date is written as its ISO text, as JSON writes it, and placed by that.
      const dated = {
        ...anEvent().metadata,
        recordedAt: new Date(Date.UTC(2017, 0, 2)) as unknown as string,
      };
      await store.append('s', [{ ...anEvent(), metadata: dated }], { expectedRevision: 'any' });
      const [read] = await collect(store.readAll());
      expect(read.metadata.recordedAt).toBe('2017-01-02T00:00:00.000Z');
    });

    it('accepts an event just under the size limit', async () => {
      const result = await store.append(
        's',
        [anEvent({ blob: 'x'.repeat(MAX_EVENT_BYTES - 500) })],
        {
          expectedRevision: 'no-stream',
        },
      );
      expect(result.nextRevision).toBe(0n);
    });
  });

  describe('schema', () => {
    it('refuses a file written by a newer schema, with a clear message', async () => {
      await store.close();
      const raw = new Database(path);
      raw.prepare('UPDATE schema_version SET version = ?').run(SCHEMA_VERSION + 1);
      raw.close();
      expect(() => SqliteEventStore.open(path)).toThrow(SchemaVersionError);
      expect(() => SqliteEventStore.open(path)).toThrow(
        `has ledger schema version ${SCHEMA_VERSION + 1}, newer than the version ${SCHEMA_VERSION} this build supports`,
      );
      store = SqliteEventStore.open(tempFile());
    });

    it('migrates an older file step by step, keeping its events', async () => {
      await store.append('s', [anEvent()], { expectedRevision: 'no-stream' });
      await store.close();
      const raw = new Database(path);
      // A step after this build's last one, as the next build would add it.
      const next = SCHEMA_VERSION + 1;
      const addColumn = {
        version: next,
        up: (db: Database.Database) => db.exec('ALTER TABLE events ADD COLUMN note TEXT'),
      };
      const version = migrate(raw, path, [...MIGRATIONS, addColumn]);
      expect(version).toBe(next);
      expect(readSchemaVersion(raw)).toBe(next);
      expect(raw.prepare('SELECT count(*) AS n FROM events WHERE note IS NULL').get()).toEqual({
        n: 1,
      });
      expect(migrate(raw, path, [...MIGRATIONS, addColumn])).toBe(next);
      raw.close();
      store = SqliteEventStore.open(tempFile());
    });

    it('records the current schema version in a new file', async () => {
      const raw = new Database(path, { readonly: true });
      expect(readSchemaVersion(raw)).toBe(SCHEMA_VERSION);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();
    });
  });

  describe('tamper evidence', () => {
    beforeEach(async () => {
      for (let i = 0; i < 5; i += 1) {
        await store.append(`s-${i}`, [anEvent({ amount: '100.00' })], {
          expectedRevision: 'no-stream',
        });
      }
    });

    const tamper = (sql: string): void => {
      const raw = new Database(path);
      raw.prepare(sql).run();
      raw.close();
    };

    it('finds an edited data byte at its position', async () => {
      tamper(`UPDATE events SET data = replace(data, '100.00', '900.00') WHERE position = 3`);
      const verification = await verifyChain(store.readAll());
      expect(verification).toMatchObject({ ok: false, firstBrokenPosition: 3n, eventsChecked: 3 });
    });

    it('finds an edit whose own hash was recomputed at the next link', async () => {
      const [third] = await collect(store.readAll({ after: 2n, maxCount: 1 }));
      const forged = { ...third, data: { amount: '900.00' } };
      const hash = computeHash(third.prevHash, forged);
      tamper(
        `UPDATE events SET data = '${JSON.stringify(forged.data)}', hash = '${hash}' WHERE position = 3`,
      );
      expect(await verifyChain(store.readAll())).toMatchObject({
        ok: false,
        firstBrokenPosition: 4n,
      });
    });

    it('finds a deleted event', async () => {
      tamper('DELETE FROM events WHERE position = 2');
      expect(await verifyChain(store.readAll())).toMatchObject({
        ok: false,
        firstBrokenPosition: 3n,
      });
    });
  });

  describe('availability', () => {
    it('an append blocked by another writer fails as unavailable and writes nothing', async () => {
      await store.close();
      store = SqliteEventStore.open(path, { busyTimeoutMs: 20 });
      const locker = new Database(path);
      locker.exec('BEGIN IMMEDIATE');
      try {
        const error = await failureOf(
          store.append('s', someEvents(3), { expectedRevision: 'no-stream' }),
        );
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as Error).message).toContain('SQLITE_BUSY');
      } finally {
        locker.exec('ROLLBACK');
        locker.close();
      }
      expect(await store.headPosition()).toBe(0n);
      const result = await store.append('s', someEvents(3), { expectedRevision: 'no-stream' });
      expect(result).toEqual({ nextRevision: 2n, position: 3n });
    });

    it('maps SQLite availability failures to StoreUnavailableError and leaves others alone', () => {
      for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_FSYNC', 'SQLITE_READONLY', 'SQLITE_BUSY']) {
        expect(toStoreError(new Database.SqliteError('boom', code), 'append')).toBeInstanceOf(
          StoreUnavailableError,
        );
      }
      const constraint = new Database.SqliteError('boom', 'SQLITE_CONSTRAINT_UNIQUE');
      expect(toStoreError(constraint, 'append')).toBe(constraint);
    });

    it('after close, reads fail as unavailable and subscriptions complete', async () => {
      await store.append('s', [anEvent()], { expectedRevision: 'no-stream' });
      // Close only once the event has been delivered, so the answer is not a race.
      let delivered = 0;
      const all = firstValueFrom(
        store.subscribe().pipe(
          tap(() => (delivered += 1)),
          toArray(),
        ),
      );
      const deadline = Date.now() + DELIVERY_WAIT_MS;
      while (delivered === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(delivered).toBe(1);
      await store.close();
      expect(await all).toHaveLength(1);
      expect(await failureOf(store.headPosition())).toBeInstanceOf(StoreUnavailableError);
      expect(await failureOf(collect(store.readAll()))).toBeInstanceOf(StoreUnavailableError);
      await store.close();
      store = SqliteEventStore.open(tempFile());
    });
  });
});
