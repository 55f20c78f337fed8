import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';

/**
 * How long start-up waits for EventStoreDB to answer: long enough for a cluster to elect a
 * leader after the nodes and the service start together, short enough to fail visibly.
 */
export const EVENTSTOREDB_STARTUP_WAIT_MS = 60_000;
const STARTUP_POLL_MS = 500;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the store answers, or closes it and fails naming the last reason. */
export const waitUntilReady = async (store: EventStore, waitMs: number): Promise<void> => {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const readiness = await store.readiness();
    if (readiness.ready) return;
    if (Date.now() >= deadline) {
      await store.close();
      throw new Error(`the event store is not ready after ${waitMs} ms: ${readiness.reason}`);
    }
    await sleep(STARTUP_POLL_MS);
  }
};

const openEventStoreDb = async (config: AppConfig): Promise<EventStore> => {
  if (config.eventstoreUrl === undefined) {
    throw new Error('LEDGER_STORE=eventstoredb needs EVENTSTORE_URL');
  }
  // Loaded here, not at the top: the gRPC client's load is a good part of a start on the
  // embedded store, which never uses it.
  const { EventStoreDbEventStore } =
    await import('../event-store/eventstoredb/eventstoredb-event-store');
  const store = EventStoreDbEventStore.connect(config.eventstoreUrl);
  await waitUntilReady(store, EVENTSTOREDB_STARTUP_WAIT_MS);
  return store;
};

/** Opens the configured event store. */
export const openStore = async (config: AppConfig): Promise<EventStore> => {
  switch (config.store) {
    case 'sqlite':
      return SqliteEventStore.open(config.sqlitePath);
    case 'eventstoredb':
      return openEventStoreDb(config);
    default: {
      const exhaustive: never = config.store;
      throw new Error(`unknown store ${String(exhaustive)}`);
    }
  }
};
