/**
 * Every event recorded in a time range, for the whole ledger: one page as JSON, or the whole
 * range as a stream (CSV, or the CLI's export). Pages are cut by position, so a client walks
 * them with `after` and never sees an event twice or misses one appended meanwhile.
 */
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { lastPositionAtOrBefore } from '../event-store/recorded-position';
import { AuditEvent, FeedEvent, toAuditEvent, toFeedEvent } from './audit-event';
import { summarise } from './event-summary';
import { isAfterRange, isBeforeRange, TimeRange } from './time-range';

/** Largest page of the JSON change report and of the raw feed. */
export const MAX_PAGE_SIZE = 1_000;
export const DEFAULT_PAGE_SIZE = 100;

export interface ChangeRow extends AuditEvent {
  readonly summary: string;
}

export interface Page<T> {
  readonly events: readonly T[];
  /** The `after` for the next page; null when this page reached the end. */
  readonly next: string | null;
}

/** A row of the JSON change report: its summary in English, as every field of the API is. */
export const toChangeRow = (event: RecordedEvent): ChangeRow => ({
  ...toAuditEvent(event),
  summary: summarise(event, 'en'),
});

/**
 * Where a read of the range may start: past every event recorded before its start, found by
 * the recorded-time index (or bisection) instead of reading the ledger from its first event
 * (a quarter's changes at the end of the 1M-event bench ledger read all of it: 3.9 s).
 */
const startOf = async (store: EventStore, range: TimeRange, after: bigint): Promise<bigint> => {
  if (range.from === undefined) return after;
  // Recorded times do not decrease with position: everything up to the last event recorded a
  // millisecond before the range is before it. Events after that are still checked one by one.
  const justBefore = new Date(Date.parse(range.from) - 1).toISOString();
  const before = await lastPositionAtOrBefore(store, justBefore);
  return before > after ? before : after;
};

/** The events recorded in the range, after position `after` and up to `upTo`, in position order. */
export async function* changesIn(
  store: EventStore,
  range: TimeRange,
  after = 0n,
  upTo?: bigint,
): AsyncIterable<RecordedEvent> {
  // This process's appends stamped by the range's end are placed first, or a range asked
  // again could hold an event it left out (EventStore.settleRecordedUpTo).
  if (range.to !== undefined) await store.settleRecordedUpTo(range.to);
  const start = await startOf(store, range, after);
  for await (const event of store.readAll({ after: start, upTo })) {
    if (isAfterRange(event, range)) return;
    if (!isBeforeRange(event, range)) yield event;
  }
}

/** Takes `limit` items and looks one further, to tell whether there is a next page. */
const takePage = async <T>(
  events: AsyncIterable<RecordedEvent>,
  limit: number,
  map: (event: RecordedEvent) => T,
): Promise<Page<T>> => {
  const page: T[] = [];
  let last: RecordedEvent | undefined;
  for await (const event of events) {
    if (page.length === limit)
      return { events: page, next: last ? last.position.toString() : null };
    page.push(map(event));
    last = event;
  }
  return { events: page, next: null };
};

export const changesPage = (
  store: EventStore,
  range: TimeRange,
  after: bigint,
  limit: number,
): Promise<Page<ChangeRow>> => takePage(changesIn(store, range, after), limit, toChangeRow);

/** The raw event feed: everything after a position, as the store has it. */
export const feedPage = (
  store: EventStore,
  after: bigint,
  limit: number,
): Promise<Page<FeedEvent>> =>
  takePage(store.readAll({ after, maxCount: limit + 1 }), limit, toFeedEvent);
