/**
 * One group-commit transaction: the appends queued since the last commit, applied in arrival
 * order. Each append's expected revision is checked against the stream as the earlier appends
 * of the same batch left it; an append that is refused records its own error and writes
 * nothing, so it never fails the others. Only a failure of SQLite itself aborts the batch.
 */
import {
  AppendResult,
  ExpectedRevision,
  InvalidAppendError,
  RecordedBeforeHeadError,
  RecordedEvent,
  StreamCondition,
  WrongExpectedRevisionError,
} from '../event-store';
import { hashOfTexts, TIME_ORDERED_GENESIS_HASH } from '../hash-chain';
import { matchesExpected, requireExpectedEvent, requireUnchanged } from '../stream-conditions';
import { PreparedEvent } from './sqlite-limits';
import { ChainHead, Statements } from './sqlite-statements';

export interface AppendRequest {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  /** Other streams that must be where the decision read them (AppendOptions.unchanged). */
  readonly unchanged: readonly StreamCondition[];
  /** The id of the event the expected revision holds (AppendOptions.expectedEventId). */
  readonly expectedEventId?: string;
  readonly events: readonly PreparedEvent[];
}

export type AppendOutcome =
  | { readonly ok: true; readonly result: AppendResult }
  | { readonly ok: false; readonly error: Error };

export interface BatchResult {
  readonly outcomes: AppendOutcome[];
  readonly eventsWritten: number;
  readonly head: ChainHead;
  /**
   * The events written, in position order, as a reader of the file would get them: their data
   * and metadata are the JSON written parsed back (PreparedEvent), objects nobody else holds.
   */
  readonly written: RecordedEvent[];
}

/** An empty ledger's chain starts at the genesis of a chain held to recorded-time order. */
const readHead = (sql: Statements): ChainHead =>
  sql.head.get() ?? { position: 0n, hash: TIME_ORDERED_GENESIS_HASH, recordedAt: null };

const recordedAtOf = (event: PreparedEvent): string | null =>
  typeof event.metadata.recordedAt === 'string' ? event.metadata.recordedAt : null;

/**
 * Recorded time grows with position. One writer keeps it so (CommandHandler's clamp); this
 * check, inside the transaction, keeps it across processes writing to one file: a writer that
 * stamped before another's event was committed is refused and stamps again. Events without a
 * recorded time (none the service writes) are not judged.
 */
const requireRecordedInOrder = (request: AppendRequest, head: ChainHead): void => {
  let last = head.recordedAt;
  for (const event of request.events) {
    const at = recordedAtOf(event);
    if (at === null) continue;
    if (last !== null && at < last) throw new RecordedBeforeHeadError(request.stream, at, last);
    last = at;
  }
};

const readStreamRevision = (sql: Statements, stream: string): bigint | undefined =>
  sql.streamRevision.get(stream)?.revision ?? undefined;

/**
 * The original result when every event id of the request is already in the stream, in the
 * same order (a retried append); undefined when none is. A partial overlap is refused: it
 * is neither a retry nor a new append.
 */
const findRepeat = (sql: Statements, request: AppendRequest): AppendResult | undefined => {
  const found = request.events.map((event) => sql.findEventId.get(request.stream, event.eventId));
  const present = found.filter((row) => row !== undefined);
  if (present.length === 0) return undefined;
  const inOrder = present.every((row, i) => row.revision === present[0].revision + BigInt(i));
  if (present.length < found.length || !inOrder) {
    throw new InvalidAppendError(
      `append to ${request.stream}: ${present.length} of its ${found.length} event ids are already in the stream` +
        (inOrder ? '' : ' in another order'),
    );
  }
  const last = present[present.length - 1];
  return { nextRevision: last.revision, position: last.position };
};

const insertEvents = (
  sql: Statements,
  request: AppendRequest,
  actual: bigint | undefined,
  head: ChainHead,
  written: RecordedEvent[],
): ChainHead => {
  let revision = actual ?? -1n;
  let link = head;
  for (const event of request.events) {
    revision += 1n;
    const position = link.position + 1n;
    // The fields the hash covers, in toRecordedEvent's order: the event handed to live
    // subscriptions reads the same as one read back from the file.
    const unhashed = {
      streamId: request.stream,
      revision,
      position,
      eventId: event.eventId,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    };
    // From the canonical texts stored (PreparedEvent): the same hash as computeHash's over the
    // parsed content, without writing that content out again inside the transaction.
    const hash = hashOfTexts(link.hash, {
      ...unhashed,
      dataJson: event.dataJson,
      metadataJson: event.metadataJson,
    });
    sql.insert.run(
      position,
      request.stream,
      revision,
      event.eventId,
      event.type,
      event.dataJson,
      event.metadataJson,
      link.hash,
      hash,
    );
    written.push({ ...unhashed, prevHash: link.hash, hash });
    link = { position, hash, recordedAt: recordedAtOf(event) ?? link.recordedAt };
  }
  return link;
};

const isRefusal = (error: unknown): error is Error =>
  error instanceof WrongExpectedRevisionError ||
  error instanceof InvalidAppendError ||
  error instanceof RecordedBeforeHeadError;

/** Runs inside the batch's transaction; throws only when the whole batch must roll back. */
export const commitBatch = (sql: Statements, requests: readonly AppendRequest[]): BatchResult => {
  let head = readHead(sql);
  let eventsWritten = 0;
  const outcomes: AppendOutcome[] = [];
  const written: RecordedEvent[] = [];
  for (const request of requests) {
    try {
      const repeat = findRepeat(sql, request);
      if (repeat !== undefined) {
        outcomes.push({ ok: true, result: repeat });
        continue;
      }
      // Checked as the earlier appends of this batch left the other streams: an append to one
      // of them queued before this one (a close, a cost) is seen here.
      for (const condition of request.unchanged) {
        requireUnchanged(condition, readStreamRevision(sql, condition.stream));
      }
      const actual = readStreamRevision(sql, request.stream);
      if (!matchesExpected(request.expected, actual)) {
        throw new WrongExpectedRevisionError(request.stream, request.expected, actual);
      }
      if (request.expectedEventId !== undefined && actual !== undefined) {
        // The stream's last event, as the earlier appends of this batch left it.
        const held = sql.eventIdAt.get(request.stream, actual)?.eventId;
        requireExpectedEvent(request.stream, actual, request.expectedEventId, held);
      }
      requireRecordedInOrder(request, head);
      head = insertEvents(sql, request, actual, head, written);
      eventsWritten += request.events.length;
      const nextRevision = (actual ?? -1n) + BigInt(request.events.length);
      outcomes.push({ ok: true, result: { nextRevision, position: head.position } });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      outcomes.push({ ok: false, error });
    }
  }
  return { outcomes, eventsWritten, head, written };
};
