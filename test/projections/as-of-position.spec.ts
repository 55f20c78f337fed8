/**
 * Recorded time → ledger position. The SQLite store answers from its index on recorded time;
 * a store without that index is bisected over positions by the as-of reader. For ledgers
 * whose recorded times repeat and grow, and for any instant, both give the same position:
 * the last event recorded at or before it, as a plain scan of the ledger finds it.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { collect, EventStore, NewEvent } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { AsOfReader } from '../../src/projections/as-of-reader';
import { withoutIndex } from '../support/without-index';

const FIRST_RECORDED_MS = Date.parse('2019-12-31T23:59:59.990Z');
const MAX_EVENTS = 40;
/** Steps between recorded times: 0 repeats the previous time; the largest cross a day. */
const STEP_MS = [0, 0, 1, 7, 1_000, 86_400_000];

const anEvent = (recordedAt: string): NewEvent => ({
  eventId: randomUUID(),
  type: 'Noted',
  data: {},
  metadata: { actor: { id: 'a', role: 'finance' }, recordedAt, schemaVersion: 1 },
});

const recordedTimes = fc
  .array(fc.constantFrom(...STEP_MS), { maxLength: MAX_EVENTS })
  .map((steps) => {
    let ms = FIRST_RECORDED_MS;
    return steps.map((step) => {
      ms += step;
      return new Date(ms).toISOString();
    });
  });

/** Instants on, next to and between the recorded times, before and after all, and bare days. */
const instantsFor = (times: readonly string[]) => {
  const near = fc.oneof(
    fc.integer({ min: -2, max: 2 }),
    fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 }),
  );
  const anchors = times.length === 0 ? [new Date(FIRST_RECORDED_MS).toISOString()] : times;
  const instant = fc
    .tuple(fc.constantFrom(...anchors), near, fc.boolean())
    .map(([anchor, offset, bareDay]) => {
      const iso = new Date(Date.parse(anchor) + offset).toISOString();
      return bareDay ? iso.slice(0, 10) : iso;
    });
  return fc.array(instant, { minLength: 1, maxLength: 12 });
};

const ledgerWithInstants = recordedTimes.chain((times) =>
  fc.tuple(fc.constant(times), instantsFor(times), fc.integer({ min: 1, max: 5 })),
);

/** Appends the events in appends of up to `perAppend`, on a few streams. */
const writeLedger = async (
  store: EventStore,
  times: readonly string[],
  perAppend: number,
): Promise<void> => {
  for (let i = 0; i < times.length; i += perAppend) {
    const batch = times.slice(i, i + perAppend).map(anEvent);
    await store.append(`s-${i % 3}`, batch, { expectedRevision: 'any' });
  }
};

describe('recorded time to ledger position', () => {
  it('is the same through the index and by bisection, and is the last event at or before the instant', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerWithInstants, async ([times, instants, perAppend]) => {
        const store = SqliteEventStore.open(':memory:');
        try {
          await writeLedger(store, times, perAppend);
          const recorded = await collect(store.readAll());
          const indexed = new AsOfReader(store);
          const bisected = new AsOfReader(withoutIndex(store));
          for (const instant of instants) {
            const scanned = recorded
              .filter((e) => String(e.metadata.recordedAt) <= instant)
              .reduce((last, e) => (e.position > last ? e.position : last), 0n);
            expect(await indexed.positionAt(instant)).toBe(scanned);
            expect(await bisected.positionAt(instant)).toBe(scanned);
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reads no events through the index, and does point reads when it bisects', async () => {
    const store = SqliteEventStore.open(':memory:');
    try {
      const times = Array.from({ length: 64 }, (_, i) =>
        new Date(FIRST_RECORDED_MS + i * 1_000).toISOString(),
      );
      await writeLedger(store, times, 4);
      const readAll = jest.spyOn(store, 'readAll');
      expect(await new AsOfReader(store).positionAt(times[40])).toBe(41n);
      expect(readAll).not.toHaveBeenCalled();
      expect(await new AsOfReader(withoutIndex(store)).positionAt(times[40])).toBe(41n);
      expect(readAll.mock.calls.length).toBeGreaterThan(1);
      expect(readAll.mock.calls.every(([options]) => options?.maxCount === 1)).toBe(true);
    } finally {
      jest.restoreAllMocks();
      await store.close();
    }
  });
});
