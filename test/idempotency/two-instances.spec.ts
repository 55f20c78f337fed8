/**
 * Two service instances on one ledger, each with its own Idempotency-Key index: a request
 * repeated on the other instance gets the first answer (or 409 for another request under the
 * key) and the ledger holds one set of events, on the SQLite store (two connections to one
 * file) and on the EventStoreDB adapter (two clients of one EventStoreDB protocol fake).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '../../src/event-store/event-store';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { EsdbProtocolFake } from '../support/esdb-protocol-fake';
import {
  ANNA,
  Instance,
  NOTES_STREAM,
  notesDecider,
  notesIn,
  problemCode,
  startInstance,
} from './support';

interface Ledger {
  /** A new connection to the one ledger. */
  connect(): EventStore;
  release(): Promise<void>;
}

const sqliteLedger = async (dir: string): Promise<Ledger> => ({
  connect: () => SqliteEventStore.open(join(dir, 'ledger.sqlite')),
  release: async () => undefined,
});

const esdbFakeLedger = async (): Promise<Ledger> => {
  const fake = await EsdbProtocolFake.start();
  return {
    connect: () => EventStoreDbEventStore.connect(fake.connectionString),
    release: () => fake.stop(),
  };
};

describe.each([
  ['the SQLite store', sqliteLedger],
  ['the EventStoreDB adapter (protocol fake)', esdbFakeLedger],
])('two instances on one ledger, %s', (_name, open) => {
  let dir: string;
  let ledger: Ledger;
  let a: Instance;
  let b: Instance;

  const startTwo = async (options: { readonly guarded?: boolean } = {}): Promise<void> => {
    a = await startInstance(ledger.connect(), join(dir, 'a.idempotency.sqlite'));
    b = await startInstance(ledger.connect(), join(dir, 'b.idempotency.sqlite'), options);
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-two-instances-'));
    ledger = await open(dir);
  });

  afterEach(async () => {
    await a?.stop();
    await b?.stop();
    await ledger.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a repeat sent to the other instance with the first answer', async () => {
    await startTwo();
    const first = await a.note(ANNA, 'kick-off', 'k-1', 2);
    expect(await b.note(ANNA, 'kick-off', 'k-1', 2)).toEqual(first);
    expect(await notesIn(b.store)).toHaveLength(2);
    expect(await a.note(ANNA, 'kick-off', 'k-1', 2)).toEqual(first);
  });

  it('refuses the key with another request on the other instance (409)', async () => {
    await startTwo();
    await a.note(ANNA, 'kick-off', 'k-1');
    expect(await problemCode(b.note(ANNA, 'something else', 'k-1'))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await notesIn(a.store)).toHaveLength(1);
  });

  it('records one set of events when both instances get the request at once', async () => {
    await startTwo();
    const [fromA, fromB] = await Promise.all([
      a.note(ANNA, 'kick-off', 'k-1', 3),
      b.note(ANNA, 'kick-off', 'k-1', 3),
    ]);
    expect(fromB).toEqual(fromA);
    expect(await notesIn(a.store)).toHaveLength(3);
  });

  it('never answers 409 for a request it recorded, when another under the key went to another stream at once', async () => {
    await startTwo();
    for (const [n, key] of ['k-a', 'k-b', 'k-c', 'k-d'].entries()) {
      const streams = [`notes-a${n}`, `notes-b${n}`];
      const answers = await Promise.allSettled([
        a.note(ANNA, 'one thing', key, 1, streams[0]),
        b.note(ANNA, 'another thing', key, 1, streams[1]),
      ]);
      for (const [i, answer] of answers.entries()) {
        const recorded = (await notesIn(a.store, streams[i])).length;
        // Recorded and answered 2xx, or refused and nothing recorded: never a refusal of a
        // command the ledger holds.
        expect({ key, i, recorded, answered: answer.status }).toEqual({
          key,
          i,
          recorded: answer.status === 'fulfilled' ? 1 : 0,
          answered: answer.status,
        });
      }
    }
  });

  it('lets the store refuse the repeat by its event ids when both decided on the same state', async () => {
    // No guard on b: only the ids derived from the key stand between the repeat and a second note.
    await startTwo({ guarded: false });
    // b has the stream loaded as it was before a's command.
    await a.note(ANNA, 'earlier', 'k-0');
    await b.handler.state(NOTES_STREAM, notesDecider);
    const first = await a.note(ANNA, 'kick-off', 'k-1', 2);

    expect(await b.note(ANNA, 'kick-off', 'k-1', 2)).toEqual(first);
    const notes = await notesIn(a.store);
    expect(notes.map((note) => (note.data as { text: string }).text)).toEqual([
      'earlier',
      'kick-off',
      'kick-off',
    ]);
  });

  it('refuses another request under the key when the store found its event ids, decided on the same state (409)', async () => {
    // No guard on b, which decides on the state a decided on: its events get a's ids, and the
    // store keeps a's. b carried nothing out, so a 409, not an answer naming a's events.
    await startTwo({ guarded: false });
    await a.note(ANNA, 'earlier', 'k-0');
    await b.handler.state(NOTES_STREAM, notesDecider);
    await a.note(ANNA, 'kick-off', 'k-1');

    expect(await problemCode(b.note(ANNA, 'something else', 'k-1'))).toBe('IDEMPOTENCY_KEY_REUSED');
    const notes = await notesIn(a.store);
    expect(notes.map((note) => (note.data as { text: string }).text)).toEqual([
      'earlier',
      'kick-off',
    ]);
  });

  it('refuses it too when the other request appended more events than this one', async () => {
    // a's request appended two events, b's would append one: its derived id is that of a's
    // first, and the store answers with that event's position, not a's last.
    await startTwo({ guarded: false });
    await a.note(ANNA, 'earlier', 'k-0');
    await b.handler.state(NOTES_STREAM, notesDecider);
    await a.note(ANNA, 'kick-off', 'k-1', 2);

    expect(await problemCode(b.note(ANNA, 'something else', 'k-1', 1))).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await notesIn(a.store)).toHaveLength(3);
  });

  it('resumes from its checkpoint after a restart, reading only the ledger after it', async () => {
    await startTwo();
    const first = await a.note(ANNA, 'kick-off', 'k-1');
    await b.note(ANNA, 'from b', 'k-2');
    await a.stop();
    a = await startInstance(ledger.connect(), join(dir, 'a.idempotency.sqlite'));
    // The event at a's checkpoint (the same ledger?) and b's note after it.
    expect(a.store.eventsRead).toBe(2);
    expect(await a.note(ANNA, 'kick-off', 'k-1')).toEqual(first);
    expect(await notesIn(a.store)).toHaveLength(2);
  });

  it('finds the key in the ledger when the other instance has already loaded its events', async () => {
    await startTwo();
    const first = await a.note(ANNA, 'kick-off', 'k-1');
    // b's state includes a's note: deciding on it would append under the next revision.
    expect(await b.handler.state(NOTES_STREAM, notesDecider)).toMatchObject({ revision: 0n });
    expect(await b.note(ANNA, 'kick-off', 'k-1')).toEqual(first);
    expect(await notesIn(a.store)).toHaveLength(1);
  });
});
