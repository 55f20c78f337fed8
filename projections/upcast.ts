/**
 * The step between the event store and the read models. Every event carries the schema
 * version it was written with (metadata.schemaVersion); an old version is upgraded here,
 * one version at a time, so the projections only ever see the current shapes. Today there is
 * one version and the upgrade is the identity: this is the hook where the next one goes. A
 * change here changes what every model folds: bump every model's version (ledger-views.ts).
 */
import { FUND_EVENT_TYPES, FUND_STREAM_PREFIX } from '../src/fund/fund.events';
import {
  INVESTMENT_EVENT_TYPES,
  INVESTMENT_STREAM_PREFIX,
} from '../src/investment/investment.events';
import { LedgerEvent } from './ledger-event';

/** The schema version the projections read. */
export const CURRENT_SCHEMA_VERSION = 1;

/** The part of a recorded event the upcaster reads (the store's RecordedEvent has it all). */
export interface StoredEvent {
  readonly type: string;
  readonly data: unknown;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly metadata: { readonly recordedAt: string; readonly schemaVersion?: unknown };
}

/** Upgrades an event's data from version n to n + 1. */
type Upgrade = (type: string, data: unknown) => unknown;

/**
 * UPGRADES[n - 1] takes version n to n + 1. Empty while version 1 is the only one; an entry
 * is added together with the change of an event's shape, never instead of it.
 */
const UPGRADES: readonly Upgrade[] = [];

/** An event written by a newer version of the service: reading it as an older shape would lie. */
export class UnknownSchemaVersionError extends Error {
  constructor(
    readonly position: bigint,
    readonly schemaVersion: unknown,
  ) {
    super(
      `event at position ${position} has schema version ${String(schemaVersion)}; ` +
        `this build reads up to ${CURRENT_SCHEMA_VERSION}`,
    );
    this.name = 'UnknownSchemaVersionError';
  }
}

const KNOWN_TYPES: ReadonlySet<string> = new Set<string>([
  ...FUND_EVENT_TYPES,
  ...INVESTMENT_EVENT_TYPES,
]);

const isLedgerStream = (streamId: string): boolean =>
  streamId.startsWith(FUND_STREAM_PREFIX) || streamId.startsWith(INVESTMENT_STREAM_PREFIX);

/** Events written before versions were recorded count as version 1. */
const versionOf = (event: StoredEvent): unknown => event.metadata.schemaVersion ?? 1;

const upgradeData = (event: StoredEvent): unknown => {
  const version = versionOf(event);
  if (
    typeof version !== 'number' ||
    !Number.isInteger(version) ||
    version < 1 ||
    version > CURRENT_SCHEMA_VERSION
  ) {
    throw new UnknownSchemaVersionError(event.position, version);
  }
  let data = event.data;
  for (let v = version; v < CURRENT_SCHEMA_VERSION; v++) data = UPGRADES[v - 1](event.type, data);
  return data;
};

/**
 * The event as the read models read it, or undefined when it is none of theirs (another
 * stream's events, such as users or tokens).
 */
export const upcast = (event: StoredEvent): LedgerEvent | undefined => {
  if (!isLedgerStream(event.streamId) || !KNOWN_TYPES.has(event.type)) return undefined;
  // One literal, not a spread of the domain event: a rebuild upcasts every event of the ledger.
  return {
    type: event.type,
    data: upgradeData(event),
    position: event.position.toString(),
    streamId: event.streamId,
    revision: event.revision.toString(),
    recordedAt: event.metadata.recordedAt,
  } as LedgerEvent;
};
