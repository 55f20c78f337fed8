/**
 * The embedded store's limits, and the checks that turn an append request into rows ready
 * to write. Everything here runs before a request joins a commit batch, so a malformed
 * append is refused on its own and never costs another caller its commit.
 */
import { EventMetadata, ExpectedRevision, InvalidAppendError, NewEvent } from '../event-store';
import { sortedJson } from '../../shared/canonical-json';
import { isRecordedTime } from '../hash-chain';
import { UUID_PATTERN } from '../stream-conditions';

/** Largest event, counted as the UTF-8 bytes of its data and metadata JSON. */
export const MAX_EVENT_BYTES = 1024 * 1024;
/** Most events one append may carry. */
export const MAX_EVENTS_PER_APPEND = 1000;
/** Most bytes (data and metadata JSON) one append may carry. */
export const MAX_APPEND_BYTES = 16 * 1024 * 1024;
/** Rows fetched per query by readStream, readAll and subscriptions. */
export const READ_PAGE_SIZE = 500;
/** Group commit stops adding appends to a transaction once it holds this many events. */
export const MAX_EVENTS_PER_COMMIT = 10_000;
export const MAX_STREAM_ID_LENGTH = 256;
export const MAX_EVENT_TYPE_LENGTH = 128;

/** An event serialised once, and the exact values its hash is computed over. */
export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  /**
   * The canonical JSON (canonicalJson) of `data` and `metadata`: what is stored, and what the
   * hash is taken over (hashOfTexts), so a verification can check it as it is stored.
   */
  readonly dataJson: string;
  readonly metadataJson: string;
  /** The event's data as JSON keeps it (parsed back): what a reader will see. */
  readonly data: unknown;
  readonly metadata: EventMetadata;
  /** UTF-8 bytes of dataJson and metadataJson together. */
  readonly bytes: number;
}

const invalid = (stream: string, message: string): InvalidAppendError =>
  new InvalidAppendError(`append to ${stream}: ${message}`);

export const checkStreamId = (stream: unknown): string => {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new InvalidAppendError('stream id must be a non-empty string');
  }
  if (stream.length > MAX_STREAM_ID_LENGTH) {
    throw new InvalidAppendError(`stream id longer than ${MAX_STREAM_ID_LENGTH} characters`);
  }
  return stream;
};

export const checkExpectedRevision = (stream: string, expected: unknown): ExpectedRevision => {
  if (expected === 'no-stream' || expected === 'stream-exists' || expected === 'any') {
    return expected;
  }
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  throw invalid(stream, `expected revision ${String(expected)} is not a revision`);
};

/** JSON.stringify's text with keys in order (sortedJson): the canonical text stored and hashed. */
const toJson = (stream: string, what: string, value: unknown): string => {
  let json: string | undefined;
  try {
    json = sortedJson(value);
  } catch (error) {
    throw invalid(stream, `${what} is not JSON (${(error as Error).message})`);
  }
  if (json === undefined) throw invalid(stream, `${what} is not JSON`);
  return json;
};

const prepareEvent = (stream: string, event: NewEvent): PreparedEvent => {
  if (typeof event.eventId !== 'string' || !UUID_PATTERN.test(event.eventId)) {
    throw invalid(stream, `event id ${String(event.eventId)} is not a uuid`);
  }
  if (typeof event.type !== 'string' || event.type.length === 0) {
    throw invalid(stream, 'event type must be a non-empty string');
  }
  if (event.type.length > MAX_EVENT_TYPE_LENGTH) {
    throw invalid(stream, `event type longer than ${MAX_EVENT_TYPE_LENGTH} characters`);
  }
  if (
    typeof event.metadata !== 'object' ||
    event.metadata === null ||
    Array.isArray(event.metadata)
  ) {
    throw invalid(stream, 'metadata must be an object');
  }
  // What JSON keeps of each, keys in order: the canonical text of what a reader will see (it
  // parsed back), so what is stored and hashed.
  const dataJson = toJson(stream, 'data', event.data);
  const metadataJson = toJson(stream, 'metadata', event.metadata);
  const bytes = Buffer.byteLength(dataJson, 'utf8') + Buffer.byteLength(metadataJson, 'utf8');
  if (bytes > MAX_EVENT_BYTES) {
    throw invalid(stream, `event ${event.eventId} is ${bytes} bytes, over ${MAX_EVENT_BYTES}`);
  }
  const metadata = JSON.parse(metadataJson) as EventMetadata;
  // The chain holds recorded time in order (hash-chain.ts recordedTimeBroken): an event the
  // recorded-time index could not place would be a broken link.
  if (typeof metadata.recordedAt !== 'string' || !isRecordedTime(metadata.recordedAt)) {
    throw invalid(
      stream,
      'metadata.recordedAt must be an ISO 8601 UTC time (2017-06-01T09:30:00.000Z)',
    );
  }
  return {
    // Lower case, so the same uuid written in either case is the same id for idempotency.
    eventId: event.eventId.toLowerCase(),
    type: event.type,
    dataJson,
    metadataJson,
    data: JSON.parse(dataJson) as unknown,
    metadata,
    bytes,
  };
};

/** Validates an append against the limits and serialises its events; throws InvalidAppendError. */
export const prepareEvents = (stream: string, events: readonly NewEvent[]): PreparedEvent[] => {
  if (!Array.isArray(events) || events.length === 0) throw invalid(stream, 'no events');
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw invalid(stream, `${events.length} events, over ${MAX_EVENTS_PER_APPEND} per append`);
  }
  const prepared = events.map((event) => prepareEvent(stream, event));
  const ids = new Set(prepared.map((event) => event.eventId));
  if (ids.size !== prepared.length) throw invalid(stream, 'the same event id twice');
  const bytes = prepared.reduce((sum, event) => sum + event.bytes, 0);
  if (bytes > MAX_APPEND_BYTES) {
    throw invalid(stream, `${bytes} bytes, over ${MAX_APPEND_BYTES} per append`);
  }
  return prepared;
};
