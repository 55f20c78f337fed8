/**
 * The event store port. Both the embedded SQLite store and the EventStoreDB adapter
 * implement it, and one contract suite (test/support/event-store.contract.ts) runs against
 * both. Revisions and positions are bigints: they are comparable, exact and never overflow.
 */
import { Observable } from 'rxjs';

/** What an append expects the stream to look like (EventStoreDB's vocabulary). */
export type ExpectedRevision = 'no-stream' | 'stream-exists' | 'any' | bigint;

/** Who did it and why: recorded on every event. */
export interface ActorRef {
  readonly id: string;
  readonly role: string;
}

export interface EventMetadata {
  readonly actor: ActorRef;
  /** ISO 8601 UTC; the moment the ledger learned the fact (not a business date). */
  readonly recordedAt: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly schemaVersion: number;
  /** Free fields, e.g. reason, decisionRef, idempotencyKey. */
  readonly [key: string]: unknown;
}

/** An event as a writer proposes it. */
export interface NewEvent<T extends string = string, D = unknown> {
  /**
   * uuid. A repeated append (the same ids to the same stream) answers as the first did and
   * writes nothing: with an exact revision or `no-stream` wherever the ids lie in the stream;
   * with `any` or `stream-exists`, on EventStoreDB only while they are still the stream's last
   * events (the server's own rule; the embedded store finds them anywhere). The service
   * appends with exact revisions and `no-stream` only.
   */
  readonly eventId: string;
  readonly type: T;
  readonly data: D;
  readonly metadata: EventMetadata;
}

/** An event as the store has it. */
export interface RecordedEvent<T extends string = string, D = unknown> extends NewEvent<T, D> {
  readonly streamId: string;
  /** 0-based revision within its stream. */
  readonly revision: bigint;
  /** Global, strictly increasing across the whole store (1-based in the embedded store). */
  readonly position: bigint;
  /** Hash of the previous event in the chain, and this event's own hash (hex sha-256). */
  readonly prevHash: string;
  readonly hash: string;
}

/** Another stream, at the revision a decision read it. */
export interface StreamCondition {
  readonly stream: string;
  readonly revision: ExpectedRevision;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
  /**
   * Other streams the decision read (an allocation reads the investment it names), each at
   * the revision it read them: the append holds only if every one is still there, and is
   * otherwise refused with a WrongExpectedRevisionError naming that stream. Without it a
   * rule that spans two streams (no allocation to a closed investment) could be broken by a
   * write to the other stream between the read and the append. The embedded store checks
   * them in the append's own transaction; EventStoreDB has no transaction over two streams,
   * so its adapter checks them just before the append (see its comment).
   */
  readonly unchanged?: readonly StreamCondition[];
  /**
   * The id of the event at the expected revision (an exact revision only): the append holds
   * only if the stream's last event is that one. Revision numbers alone cannot say whose
   * event holds a revision: a writer that decided on events of its own not yet written (the
   * command handler pipelines) names the last of them, so when they failed because another
   * writer took their revision, the append decided after them is refused instead of landing
   * on an event its decision never saw. A repeat of the append (its ids already in the
   * stream) answers as before.
   */
  readonly expectedEventId?: string;
}

export interface AppendResult {
  /** The stream's revision after the append (its last event's revision). */
  readonly nextRevision: bigint;
  /** The global position of the last event appended (or already present). */
  readonly position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Revision to start from (inclusive); default: start (forwards) or end (backwards). */
  readonly from?: bigint | 'start' | 'end';
  readonly direction?: Direction;
  readonly maxCount?: number;
}

export interface EventFilter {
  readonly streamPrefix?: string | readonly string[];
  readonly eventTypes?: readonly string[];
  /**
   * Only events whose data has this top-level field with this text as its value (a number
   * or an object there never matches). Lets a store find the few events that name one
   * entity among many of a type (an investment's allocations among a fund's) without
   * handing every one of them over.
   */
  readonly dataEquals?: DataEquals;
}

export interface DataEquals {
  /** A plain name: letters, digits and underscores, not starting with a digit. */
  readonly field: string;
  /**
   * Compared as stored: SQLite compares the UTF-8 text, so a value with a lone surrogate
   * (which ids checked at input never have) would not match there.
   */
  readonly value: string;
}

const DATA_FIELD_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Refuses a filter no store can apply (a data field that is not a plain name), before any read. */
export const checkFilter = (filter: EventFilter | undefined): void => {
  if (filter?.dataEquals !== undefined) checkedDataField(filter.dataEquals);
};

/** The data field a filter names, checked: a store builds its query from it. */
export const checkedDataField = (dataEquals: DataEquals): string => {
  if (!DATA_FIELD_PATTERN.test(dataEquals.field)) {
    throw new RangeError(
      `dataEquals field ${JSON.stringify(dataEquals.field)} is not a plain name`,
    );
  }
  return dataEquals.field;
};

export interface ReadAllOptions {
  /** Read events with position strictly greater than this (0n: from the beginning). */
  readonly after?: bigint;
  /** Read events with position at most this (inclusive). */
  readonly upTo?: bigint;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Deliver events with position strictly greater than this (0n: everything). */
  readonly after?: bigint;
  readonly filter?: EventFilter;
}

export type Readiness =
  { readonly ready: true } | { readonly ready: false; readonly reason: string };

export interface EventStore {
  append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catches up from `after`, then goes live: no gap, no repeat. */
  subscribe(options?: SubscribeOptions): Observable<RecordedEvent>;
  /** The current revision of a stream, or undefined when it does not exist. */
  streamRevision(stream: string): Promise<bigint | undefined>;
  /** The position of the last event in the store (0n when empty). */
  headPosition(): Promise<bigint>;
  /**
   * The position of the last event recorded at or before `instant` (0n when none was):
   * where the ledger stood at that moment. `instant` is compared with `metadata.recordedAt`
   * as a string, so both are ISO 8601 UTC; recorded times do not decrease with position.
   * Optional: a store with an index on recorded time answers with one seek (the SQLite
   * store); without it, a reader bisects over positions with point reads (EventStoreDB).
   */
  lastPositionRecordedAtOrBefore?(instant: string): Promise<bigint>;
  /**
   * Waits until every append this store was called with that holds an event recorded at or
   * before `instant` has committed or failed. An event is stamped when its append is called and
   * placed when the append commits; a moment resolved to a position in between misses it, and
   * the same moment read once it has committed finds it: an answer as of that moment (a board
   * report's "now", with its position and digest) could not be had again. Resolving a moment
   * waits for this first (recorded-position.ts). Appends by other processes are not seen.
   */
  settleRecordedUpTo(instant: string): Promise<void>;
  readiness(): Promise<Readiness>;
  /** Finishes in-flight appends, then releases resources. */
  close(): Promise<void>;
}

/** The stream is not where the writer expected it: nothing was appended. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** undefined when the stream does not exist. */
    readonly actual: bigint | undefined,
    /** AppendOptions.expectedEventId, when the revision matched but the event there is another. */
    readonly expectedEventId?: string,
  ) {
    super(
      `stream ${stream}: expected revision ${String(expected)}, actual ${actual === undefined ? 'no-stream' : String(actual)}` +
        (expectedEventId === undefined ? '' : `, held by another event than ${expectedEventId}`),
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * The append's recorded time is earlier than the ledger's last event's: another process (the
 * CLI beside the service) stamped later and committed first. As-of answers take recorded time
 * to grow with position, so nothing was appended; the writer stamps again, no earlier than
 * `headRecordedAt`, and retries.
 */
export class RecordedBeforeHeadError extends Error {
  readonly code = 'RECORDED_BEFORE_HEAD';
  constructor(
    readonly stream: string,
    readonly recordedAt: string,
    readonly headRecordedAt: string,
  ) {
    super(
      `append to ${stream}: recorded at ${recordedAt}, before the ledger's last event (${headRecordedAt})`,
    );
    this.name = 'RecordedBeforeHeadError';
  }
}

/** The store refuses an append that breaks one of its limits or is malformed. */
export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/** The store cannot take writes right now (read-only file, disk full, closed). */
export class StoreUnavailableError extends Error {
  readonly code: string = 'STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The ledger's file holds what no writer of it wrote (cut short, overwritten outside the service). */
export class LedgerDamagedError extends Error {
  readonly code = 'LEDGER_DAMAGED';
  constructor(message: string) {
    super(message);
    this.name = 'LedgerDamagedError';
  }
}

/**
 * An append whose answer was lost and whose outcome could not be read back either: the server
 * may have recorded it or not. Retrying under the same event ids (an Idempotency-Key) is safe.
 */
export class StoreOutcomeUnknownError extends StoreUnavailableError {
  override readonly code = 'STORE_OUTCOME_UNKNOWN';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOutcomeUnknownError';
  }
}

/** Collects an async iterable; for tests and small reads only. */
export const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

export const matchesFilter = (
  event: { streamId: string; type: string; data?: unknown },
  filter: EventFilter | undefined,
): boolean => {
  if (!filter) return true;
  if (filter.streamPrefix !== undefined) {
    const prefixes =
      typeof filter.streamPrefix === 'string' ? [filter.streamPrefix] : filter.streamPrefix;
    if (!prefixes.some((p) => event.streamId.startsWith(p))) return false;
  }
  if (filter.eventTypes !== undefined && !filter.eventTypes.includes(event.type)) return false;
  if (filter.dataEquals !== undefined) {
    // A plain property read: the field needs no check here (the adapters refuse a bad one
    // before reading, for SQLite's sake), so no pattern runs per event.
    const { field } = filter.dataEquals;
    const data = event.data;
    if (typeof data !== 'object' || data === null || !Object.hasOwn(data, field)) return false;
    if ((data as Record<string, unknown>)[field] !== filter.dataEquals.value) return false;
  }
  return true;
};
