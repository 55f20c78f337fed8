/**
 * Events between the port and EventStoreDB: the per-stream hash chain carried in each
 * event's metadata, the conversion of what the client reads, positions and server filters.
 *
 * Tamper evidence (see ../hash-chain.ts, scope 'stream'): EventStoreDB assigns positions
 * only when it commits, so a link cannot cover the position. Each event's metadata holds,
 * under CHAIN_METADATA_KEY, the hash of the previous event of its stream and its own hash
 * over its stream, revision, id, type, data and metadata (the link itself left out). A
 * reader gets the metadata back without that field and the link as `prevHash` / `hash`.
 */
import {
  AllStreamResolvedEvent,
  eventTypeFilter,
  excludeSystemEvents,
  Filter,
  jsonEvent,
  JSONEventData,
  ReadPosition,
  ResolvedEvent,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import { EventFilter, EventMetadata, RecordedEvent } from '../event-store';
import { computeHash } from '../hash-chain';
import type { PreparedEvent } from './eventstoredb-limits';

/** The metadata field holding an event's chain link. */
export const CHAIN_METADATA_KEY = 'ledgerChain';

export interface ChainLink {
  readonly prevHash: string;
  readonly hash: string;
}

export interface ChainedEvents {
  readonly events: JSONEventData[];
  /** The hash of the last event: what the stream's next event links to. */
  readonly lastHash: string;
}

/** Links events into their stream's chain after the event with `prevHash`. */
export const chainEvents = (
  streamId: string,
  events: readonly PreparedEvent[],
  prevHash: string,
  firstRevision: bigint,
): ChainedEvents => {
  let previous = prevHash;
  const chained = events.map((event, i) => {
    const hash = computeHash(
      previous,
      {
        streamId,
        revision: firstRevision + BigInt(i),
        // Left out of a per-stream link; the server has not assigned it yet.
        position: 0n,
        eventId: event.eventId,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
      },
      'stream',
    );
    const link: ChainLink = { prevHash: previous, hash };
    previous = hash;
    return jsonEvent({
      id: event.eventId,
      type: event.type,
      data: event.data as JSONEventData['data'],
      metadata: { ...event.metadata, [CHAIN_METADATA_KEY]: link },
    });
  });
  return { events: chained, lastHash: previous };
};

const isChainLink = (value: unknown): value is ChainLink =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ChainLink).prevHash === 'string' &&
  typeof (value as ChainLink).hash === 'string';

/** Splits stored metadata into the writer's metadata and the chain link. */
const splitMetadata = (
  stored: unknown,
): { metadata: EventMetadata; link: ChainLink | undefined } => {
  if (
    typeof stored !== 'object' ||
    stored === null ||
    Array.isArray(stored) ||
    stored instanceof Uint8Array
  ) {
    return { metadata: {} as EventMetadata, link: undefined };
  }
  const { [CHAIN_METADATA_KEY]: link, ...metadata } = stored as Record<string, unknown>;
  return { metadata: metadata as EventMetadata, link: isChainLink(link) ? link : undefined };
};

/**
 * Whether an event is one of this ledger's: inside its namespace (the prefix all its streams
 * carry on the server, empty unless several ledgers share a server), and not one of the
 * server's own, whose streams and types (statistics, settings, links) start with `$`.
 */
export const isLedgerEvent = (
  event: { readonly streamId: string; readonly type: string },
  namespace = '',
): boolean =>
  event.streamId.startsWith(namespace) &&
  !event.streamId.startsWith('$') &&
  !event.type.startsWith('$');

/**
 * The port's view of an event read from the server (its stream named without the
 * namespace), or undefined for an event that is not the ledger's. An event another writer
 * put in a ledger stream is still returned, with an empty link, so that verification
 * reports it rather than it silently disappearing.
 */
export const toRecordedEvent = (
  resolved: ResolvedEvent | AllStreamResolvedEvent,
  namespace = '',
): RecordedEvent | undefined => {
  const event = resolved.event;
  if (event === undefined || !isLedgerEvent(event, namespace)) return undefined;
  const position = event.position?.commit ?? resolved.commitPosition;
  if (position === undefined) throw new Error(`event ${event.id} was read without a position`);
  const { metadata, link } = splitMetadata(event.metadata);
  return {
    streamId: event.streamId.slice(namespace.length),
    revision: event.revision,
    position,
    eventId: event.id,
    type: event.type,
    data:
      event.data instanceof Uint8Array ? Buffer.from(event.data).toString('base64') : event.data,
    metadata,
    prevHash: link?.prevHash ?? '',
    hash: link?.hash ?? '',
  };
};

/**
 * A position as the server takes it. Commit and prepare positions are equal for every
 * event appended through the gRPC API, so the commit position alone names an event.
 */
export const readPosition = (position: bigint): ReadPosition =>
  position === 0n ? START : { commit: position, prepare: position };

const prefixesOf = (filter: EventFilter | undefined): string[] | undefined => {
  const prefixes = filter?.streamPrefix;
  if (prefixes === undefined) return undefined;
  return typeof prefixes === 'string' ? [prefixes] : [...prefixes];
};

/**
 * The server-side part of a filter: stream-name prefixes when there are any (or the
 * namespace), otherwise the event types as prefixes, otherwise no system events. The server
 * filters on one of the two only, so the exact filter is applied again to what arrives
 * (matchesFilter).
 */
export const serverFilter = (filter: EventFilter | undefined, namespace = ''): Filter => {
  const prefixes = prefixesOf(filter);
  if (prefixes !== undefined && prefixes.length > 0) {
    return streamNameFilter({ prefixes: prefixes.map((prefix) => namespace + prefix) });
  }
  if (namespace !== '') return streamNameFilter({ prefixes: [namespace] });
  const types = filter?.eventTypes;
  if (types !== undefined && types.length > 0) return eventTypeFilter({ prefixes: [...types] });
  return excludeSystemEvents();
};
