/**
 * A range of the change report starts where the ledger stood just before its start (by the
 * store's recorded-time index, or by bisection without one) instead of at the first event,
 * and still lists exactly the events a scan of the whole ledger keeps: recorded times repeat
 * (one command's events share one), and ranges begin and end on them and between them.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changesIn } from '../../src/audit/change-report';
import { isAfterRange, isBeforeRange, TimeRange } from '../../src/audit/time-range';
import { collect, EventStore } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { withoutIndex } from '../support/without-index';

const BASE = Date.parse('2020-01-01T00:00:00.000Z');
const at = (ms: number): string => new Date(BASE + ms).toISOString();

describe('changesIn over a range of recorded times', () => {
  let dir: string;
  let store: SqliteEventStore;
  /** Milliseconds after BASE of each event, in position order (not decreasing, with repeats). */
  const offsets: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-range-'));
    store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    let ms = 0;
    for (let i = 0; i < 120; i++) {
      // Steps of 0, 1 or 2 ms: runs of equal recorded times, neighbours a millisecond apart.
      ms += i % 7 === 0 ? 0 : ((i % 3) as number);
      const count = i % 5 === 0 ? 3 : 1; // a command of three events shares one recorded time
      const events = Array.from({ length: count }, () => ({
        eventId: randomUUID(),
        type: 'Noted',
        data: { i },
        metadata: { actor: { id: 'u', role: 'auditor' }, recordedAt: at(ms), schemaVersion: 1 },
      }));
      await store.append(`s-${i % 4}`, events, { expectedRevision: 'any' });
      offsets.push(...events.map(() => ms));
    }
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scanned = async (range: TimeRange, after: bigint): Promise<bigint[]> =>
    (await collect(store.readAll({ after })))
      .filter((e) => !isBeforeRange(e, range) && !isAfterRange(e, range))
      .map((e) => e.position);

  it('lists what a scan of the whole ledger lists, with the index and by bisection', async () => {
    const last = offsets[offsets.length - 1]!;
    const bound = fc.option(fc.integer({ min: -2, max: last + 2 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        bound,
        bound,
        fc.integer({ min: 0, max: offsets.length + 1 }),
        async (from, to, after) => {
          const range: TimeRange = {
            ...(from === undefined ? {} : { from: at(from) }),
            ...(to === undefined ? {} : { to: at(to) }),
          };
          const expected = await scanned(range, BigInt(after));
          for (const reader of [store, withoutIndex(store)]) {
            const listed = (await collect(changesIn(reader, range, BigInt(after)))).map(
              (e) => e.position,
            );
            expect(listed).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('starts past the events before the range instead of reading them', async () => {
    const reads: (bigint | undefined)[] = [];
    const watched: EventStore = {
      ...withoutIndex(store),
      lastPositionRecordedAtOrBefore: (instant) => store.lastPositionRecordedAtOrBefore(instant),
      readAll: (options) => {
        reads.push(options?.after);
        return store.readAll(options);
      },
    };
    const from = at(offsets[60]!);
    const listed = await collect(changesIn(watched, { from }));
    expect(listed[0]!.metadata.recordedAt).toBe(from);
    expect(reads).toHaveLength(1);
    // Everything up to the event just before the first listed one was skipped by position.
    expect(reads[0]).toBe(listed[0]!.position - 1n);
  });
});

describe('changesIn up to a moment with an append in flight', () => {
  it('lists an event stamped by the range end whose append has not committed yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'change-range-flight-'));
    const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    try {
      const stamp = at(0);
      // Not awaited: stamped now, committed on a later turn unless the read places it first.
      const appending = store.append(
        's',
        [
          {
            eventId: randomUUID(),
            type: 'Noted',
            data: {},
            metadata: { actor: { id: 'u', role: 'auditor' }, recordedAt: stamp, schemaVersion: 1 },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
      const listed = await collect(changesIn(store, { to: stamp }));
      const { position } = await appending;
      expect(listed.map((e) => e.position)).toEqual([position]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
