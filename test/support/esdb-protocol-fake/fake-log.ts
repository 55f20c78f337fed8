/**
 * The storage of the EventStoreDB protocol fake: one in-memory transaction log, the streams
 * indexed over it, and the write rules EventStoreDB documents for appends.
 *
 * TEST DOUBLE. It keeps EventStoreDB's observable semantics for the calls the ledger makes
 * and nothing more:
 * - positions are byte offsets into the log, so they strictly increase but are not
 *   contiguous, and commit and prepare positions are equal (as for every append made through
 *   the gRPC API; they differ only for the legacy explicit transactions);
 * - the log starts with system events (streams and event types beginning with `$`) and
 *   `writeSystemEvent` adds more, as a real node does with its statistics;
 * - expected versions and idempotency follow the server's commit check: a repeat of event
 *   ids written right after the expected version is idempotent, an exact expected version
 *   equal to the current one writes without looking at ids, `any` looks the first id up;
 * - an append over the server's default MaxAppendSize (1 MiB) is refused;
 * - $all is read only from positions where a record begins (see isReadablePosition).
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

/** EventStoreDB's default MaxAppendSize. */
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
/** Bytes a log record takes besides its names, data and metadata (roughly a prepare record's). */
const RECORD_OVERHEAD_BYTES = 88;
/** .NET ticks per millisecond: `created` travels as ticks since the Unix epoch. */
const TICKS_PER_MS = 10_000n;

export interface StoredRecord {
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  /** Lower-case uuid. */
  readonly eventId: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  readonly createdTicks: string;
}

export interface ProposedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export type ExpectedVersion =
  | { readonly kind: 'any' }
  | { readonly kind: 'no-stream' }
  | { readonly kind: 'stream-exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type WriteOutcome =
  | { readonly kind: 'written'; readonly lastRevision: bigint; readonly position: bigint }
  | { readonly kind: 'idempotent'; readonly lastRevision: bigint }
  | { readonly kind: 'wrong-expected-version'; readonly current: bigint | undefined }
  | { readonly kind: 'too-large'; readonly maxAppendSize: number };

export type ReadFrom = 'start' | 'end' | bigint;

export interface FakeLogOptions {
  readonly maxAppendSize?: number;
}

/** What a commit check decides before anything is written. */
type CommitCheck =
  | { readonly kind: 'ok' }
  | { readonly kind: 'idempotent'; readonly lastRevision: bigint }
  | { readonly kind: 'wrong-expected-version'; readonly current: bigint | undefined };

const recordSize = (streamId: string, event: ProposedEvent): bigint =>
  BigInt(
    RECORD_OVERHEAD_BYTES +
      Buffer.byteLength(streamId, 'utf8') +
      Buffer.byteLength(event.type, 'utf8') +
      event.data.length +
      event.metadata.length,
  );

export class FakeLog {
  /** Every record in log order: $all. */
  readonly all: StoredRecord[] = [];
  /** Records subscriptions to $all have read from the log, so a test can tell how far back one started. */
  subscribedRecords = 0;
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly appended = new EventEmitter();
  private nextPosition = 0n;
  private readonly maxAppendSize: number;

  constructor(options: FakeLogOptions = {}) {
    this.maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
    // Live subscriptions each listen; many may run at once in a test.
    this.appended.setMaxListeners(0);
    this.writeSystemEvent('$settings', '$settings');
    this.writeSystemEvent();
  }

  /** Appends a system event, as a node does on start and when it collects statistics. */
  writeSystemEvent(streamId = '$stats-127.0.0.1:2113', type = '$statsCollected'): void {
    const data = Buffer.from(JSON.stringify({ at: new Date().toISOString() }), 'utf8');
    this.commit(streamId, [
      {
        eventId: randomUUID(),
        type,
        contentType: 'application/json',
        data,
        metadata: new Uint8Array(),
      },
    ]);
  }

  write(
    streamId: string,
    expected: ExpectedVersion,
    events: readonly ProposedEvent[],
  ): WriteOutcome {
    const size = events.reduce((sum, event) => sum + Number(recordSize(streamId, event)), 0);
    if (size > this.maxAppendSize) return { kind: 'too-large', maxAppendSize: this.maxAppendSize };
    const check = this.checkCommit(streamId, expected, events);
    if (check.kind !== 'ok') return check;
    const last = this.commit(streamId, events);
    return { kind: 'written', lastRevision: last.revision, position: last.position };
  }

  lastRevision(streamId: string): bigint | undefined {
    const records = this.streams.get(streamId);
    return records === undefined || records.length === 0 ? undefined : BigInt(records.length - 1);
  }

  /** A stream's records in read order, or undefined when the stream does not exist. */
  readStream(
    streamId: string,
    from: ReadFrom,
    forwards: boolean,
    count: bigint,
  ): StoredRecord[] | undefined {
    const records = this.streams.get(streamId);
    if (records === undefined) return undefined;
    const out: StoredRecord[] = [];
    if (forwards) {
      if (from === 'end') return out;
      for (
        let r = from === 'start' ? 0n : from;
        r < BigInt(records.length) && BigInt(out.length) < count;
        r += 1n
      ) {
        out.push(records[Number(r)]);
      }
      return out;
    }
    const last = BigInt(records.length - 1);
    const start = from === 'end' ? last : from === 'start' ? 0n : from > last ? last : from;
    for (let r = start; r >= 0n && BigInt(out.length) < count; r -= 1n)
      out.push(records[Number(r)]);
    return out;
  }

  /**
   * The index in `all` a read starts at. Forwards from a position includes the record at it;
   * backwards from a position starts below it (the server reads backwards from post-positions).
   */
  allReadStart(from: ReadFrom, forwards: boolean): number {
    if (from === 'start') return forwards ? 0 : -1;
    if (from === 'end') return forwards ? this.all.length : this.all.length - 1;
    const firstAtOrAfter = this.firstIndexAtOrAfter(from);
    return forwards ? firstAtOrAfter : firstAtOrAfter - 1;
  }

  /**
   * The index a subscription from `from` starts at. The server reads one record at the
   * position and continues after it, so a subscription starts strictly after an event's position.
   */
  subscriptionStart(from: ReadFrom): number {
    if (from === 'start') return 0;
    if (from === 'end') return this.all.length;
    return Math.min(this.firstIndexAtOrAfter(from) + 1, this.all.length);
  }

  /**
   * Whether a read of $all may start at `position`: the server reads its log only from the
   * beginning of a record (or its end), and answers anything else as an invalid position.
   */
  isReadablePosition(position: bigint): boolean {
    if (position === this.nextPosition) return true;
    return this.all[this.firstIndexAtOrAfter(position)]?.position === position;
  }

  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  private firstIndexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.all[middle].position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private checkCommit(
    streamId: string,
    expected: ExpectedVersion,
    events: readonly ProposedEvent[],
  ): CommitCheck {
    const current = this.lastRevision(streamId);
    switch (expected.kind) {
      case 'no-stream':
        if (current === undefined) return { kind: 'ok' };
        return (
          this.idempotentAt(streamId, 0n, events) ?? { kind: 'wrong-expected-version', current }
        );
      case 'revision':
        if (current === expected.revision) return { kind: 'ok' };
        if (current === undefined || expected.revision > current) {
          return { kind: 'wrong-expected-version', current };
        }
        return (
          this.idempotentAt(streamId, expected.revision + 1n, events) ?? {
            kind: 'wrong-expected-version',
            current,
          }
        );
      case 'stream-exists':
        if (current === undefined) return { kind: 'wrong-expected-version', current };
        return this.checkAny(streamId, events, current);
      case 'any':
        return this.checkAny(streamId, events, current);
      default: {
        const exhaustive: never = expected;
        throw new Error(`unknown expected version ${String(exhaustive)}`);
      }
    }
  }

  /** `any`: the first event id already in the stream makes the append a repeat, or a conflict. */
  private checkAny(
    streamId: string,
    events: readonly ProposedEvent[],
    current: bigint | undefined,
  ): CommitCheck {
    const records = this.streams.get(streamId) ?? [];
    const at = records.findIndex((record) => record.eventId === events[0].eventId);
    if (at < 0) return { kind: 'ok' };
    return (
      this.idempotentAt(streamId, BigInt(at), events) ?? { kind: 'wrong-expected-version', current }
    );
  }

  /** The append is a repeat when its ids are exactly the stream's, starting at `from`. */
  private idempotentAt(
    streamId: string,
    from: bigint,
    events: readonly ProposedEvent[],
  ): CommitCheck | undefined {
    const records = this.streams.get(streamId) ?? [];
    const start = Number(from);
    if (start + events.length > records.length) return undefined;
    const same = events.every((event, i) => records[start + i].eventId === event.eventId);
    if (!same) return undefined;
    return { kind: 'idempotent', lastRevision: from + BigInt(events.length - 1) };
  }

  private commit(streamId: string, events: readonly ProposedEvent[]): StoredRecord {
    const records = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, records);
    const createdTicks = (BigInt(Date.now()) * TICKS_PER_MS).toString();
    let last: StoredRecord | undefined;
    for (const event of events) {
      last = {
        position: this.nextPosition,
        streamId,
        revision: BigInt(records.length),
        eventId: event.eventId.toLowerCase(),
        type: event.type,
        contentType: event.contentType,
        data: event.data,
        metadata: event.metadata,
        createdTicks,
      };
      this.nextPosition += recordSize(streamId, event);
      records.push(last);
      this.all.push(last);
    }
    if (last === undefined) throw new Error('commit needs at least one event');
    this.appended.emit('appended');
    return last;
  }
}
