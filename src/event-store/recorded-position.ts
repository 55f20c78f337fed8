/**
 * Where the ledger stood at a moment: the last position whose event was recorded at or
 * before it. Recorded times do not decrease with position (the command handler stamps them in
 * append order), so a moment maps to one position, and everything at or before that position
 * was recorded at or before the moment.
 */
import { EventStore, RecordedEvent } from './event-store';

/** The event at `position`, or the first one after it. */
export const firstEventFrom = async (
  store: EventStore,
  position: bigint,
): Promise<RecordedEvent | undefined> => {
  for await (const event of store.readAll({ after: position - 1n, maxCount: 1 })) return event;
  return undefined;
};

/**
 * The last position whose event was recorded at or before `instant`, by bisection over
 * positions with point reads: for a store without a recorded-time index (EventStoreDB), and
 * the reference the index is measured against.
 */
export const positionByBisection = async (store: EventStore, instant: string): Promise<bigint> => {
  let low = 0n;
  let high = await store.headPosition();
  while (low < high) {
    const middle = (low + high + 1n) / 2n;
    const event = await firstEventFrom(store, middle);
    if (event === undefined || event.position > high) high = middle - 1n;
    else if (String(event.metadata.recordedAt) <= instant) low = event.position;
    else high = middle - 1n;
  }
  return low;
};

/** The last position whose event was recorded at or before `instant` (0n when none was). */
export const lastPositionAtOrBefore = async (
  store: EventStore,
  instant: string,
): Promise<bigint> => {
  // This process's appends stamped by then are placed first, so the moment resolves now as it
  // will later (EventStore.settleRecordedUpTo).
  await store.settleRecordedUpTo(instant);
  // A store with an index on recorded time (SQLite) answers with one seek; without one
  // (EventStoreDB), bisect over positions with point reads.
  return store.lastPositionRecordedAtOrBefore !== undefined
    ? store.lastPositionRecordedAtOrBefore(instant)
    : positionByBisection(store, instant);
};
