/**
 * The EventStoreDB adapter's limits, and the checks that turn an append request into events
 * ready to chain and send. Everything is checked before anything goes to the server, so a
 * malformed append is refused with InvalidAppendError and never half-written.
 */
import { EventMetadata, ExpectedRevision, InvalidAppendError, NewEvent } from '../event-store';
import { CHAIN_METADATA_KEY } from './eventstoredb-events';
import { UUID_PATTERN } from '../stream-conditions';

/** Most events one append may carry (as the embedded store). */
export const MAX_EVENTS_PER_APPEND = 1000;
/**
 * Most bytes (type, data and metadata JSON, chain link included) one append may carry: the
 * server refuses anything over its MaxAppendSize, 1 MiB unless configured otherwise.
 */
export const MAX_APPEND_BYTES = 1024 * 1024;
export const MAX_STREAM_ID_LENGTH = 256;
export const MAX_EVENT_TYPE_LENGTH = 128;
/** What a chain link adds to an event's metadata JSON: two 64-digit hashes and their keys. */
const CHAIN_LINK_BYTES = 180;

/** An event validated and normalised: data and metadata exactly as a reader will see them. */
export interface PreparedEvent {
  /** Lower case: the server and the embedded store compare ids as uuids. */
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly bytes: number;
}

const invalid = (stream: string, message: string): InvalidAppendError =>
  new InvalidAppendError(`append to ${stream}: ${message}`);

/** `$` starts the server's own streams and event types; the ledger never writes one. */
const isSystemName = (name: string): boolean => name.startsWith('$');

export const checkStreamId = (stream: unknown): string => {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new InvalidAppendError('stream id must be a non-empty string');
  }
  if (stream.length > MAX_STREAM_ID_LENGTH) {
    throw new InvalidAppendError(`stream id longer than ${MAX_STREAM_ID_LENGTH} characters`);
  }
  if (isSystemName(stream)) throw invalid(stream, "stream ids starting with $ are the server's");
  return stream;
};

export const checkExpectedRevision = (stream: string, expected: unknown): ExpectedRevision => {
  if (expected === 'no-stream' || expected === 'stream-exists' || expected === 'any') {
    return expected;
  }
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  throw invalid(stream, `expected revision ${String(expected)} is not a revision`);
};

/** JSON round trip: what the server stores and a reader gets back. */
const asStored = (
  stream: string,
  what: string,
  value: unknown,
): { value: unknown; bytes: number } => {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw invalid(stream, `${what} is not JSON (${(error as Error).message})`);
  }
  if (json === undefined) throw invalid(stream, `${what} is not JSON`);
  return { value: JSON.parse(json) as unknown, bytes: Buffer.byteLength(json, 'utf8') };
};

const checkType = (stream: string, type: unknown): string => {
  if (typeof type !== 'string' || type.length === 0) {
    throw invalid(stream, 'event type must be a non-empty string');
  }
  if (type.length > MAX_EVENT_TYPE_LENGTH) {
    throw invalid(stream, `event type longer than ${MAX_EVENT_TYPE_LENGTH} characters`);
  }
  if (isSystemName(type)) throw invalid(stream, "event types starting with $ are the server's");
  return type;
};

const checkMetadata = (stream: string, metadata: unknown): void => {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw invalid(stream, 'metadata must be an object');
  }
  if (CHAIN_METADATA_KEY in metadata) {
    throw invalid(stream, `metadata field ${CHAIN_METADATA_KEY} is the store's own`);
  }
};

const prepareEvent = (stream: string, event: NewEvent): PreparedEvent => {
  if (typeof event.eventId !== 'string' || !UUID_PATTERN.test(event.eventId)) {
    throw invalid(stream, `event id ${String(event.eventId)} is not a uuid`);
  }
  const type = checkType(stream, event.type);
  checkMetadata(stream, event.metadata);
  const data = asStored(stream, 'data', event.data);
  const metadata = asStored(stream, 'metadata', event.metadata);
  return {
    eventId: event.eventId.toLowerCase(),
    type,
    data: data.value,
    metadata: metadata.value as EventMetadata,
    bytes: Buffer.byteLength(type, 'utf8') + data.bytes + metadata.bytes + CHAIN_LINK_BYTES,
  };
};

/** Validates an append against the limits; throws InvalidAppendError. */
export const prepareEvents = (stream: string, events: readonly NewEvent[]): PreparedEvent[] => {
  if (!Array.isArray(events) || events.length === 0) throw invalid(stream, 'no events');
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw invalid(stream, `${events.length} events, over ${MAX_EVENTS_PER_APPEND} per append`);
  }
  const prepared = events.map((event) => prepareEvent(stream, event));
  if (new Set(prepared.map((event) => event.eventId)).size !== prepared.length) {
    throw invalid(stream, 'the same event id twice');
  }
  const bytes = prepared.reduce((sum, event) => sum + event.bytes, 0);
  if (bytes > MAX_APPEND_BYTES) {
    throw invalid(stream, `${bytes} bytes, over ${MAX_APPEND_BYTES} per append`);
  }
  return prepared;
};

/** A read limit: a non-negative integer, or no limit. */
export const checkCount = (maxCount: number | undefined): number => {
  if (maxCount === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`maxCount ${maxCount} is not a non-negative integer`);
  }
  return maxCount;
};
