/**
 * Which event store the e2e specs boot the service on, chosen by TEST_STORE:
 * - `sqlite` (default): a fresh SQLite file, the embedded store;
 * - `esdb-fake`: the EventStoreDB adapter on a fresh EventStoreDB protocol fake (a test double
 *   of a node, test/support/esdb-protocol-fake), through the real client over real gRPC;
 * - `esdb`: the EventStoreDB adapter on the real server EVENTSTORE_URL names, each app in a
 *   namespace of its own: the server keeps every earlier app's streams, and specs reuse ids.
 *
 * `env` is what the service's configuration must say for that store (LEDGER_STORE and
 * EVENTSTORE_URL), so that everything that depends on the kind of store (the audit's chain
 * scope, /health) sees the store it really runs on.
 */
import { randomUUID } from 'node:crypto';
import { EventStore } from '../../src/event-store/event-store';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { EsdbProtocolFake } from './esdb-protocol-fake';

export const TEST_STORE_KINDS = ['sqlite', 'esdb-fake', 'esdb'] as const;
export type TestStoreKind = (typeof TEST_STORE_KINDS)[number];

export interface TestStore {
  readonly kind: TestStoreKind;
  readonly store: EventStore;
  /** Configuration variables the service needs for this store. */
  readonly env: Readonly<Record<string, string>>;
  /** After the app has closed (and with it the store): stops what the store ran on. */
  release(): Promise<void>;
}

export const testStoreKind = (raw: string | undefined = process.env.TEST_STORE): TestStoreKind => {
  const kind = raw === undefined || raw === '' ? 'sqlite' : raw;
  if (!(TEST_STORE_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`TEST_STORE=${kind}: must be one of ${TEST_STORE_KINDS.join(', ')}`);
  }
  return kind as TestStoreKind;
};

export const openTestStore = async (
  sqlitePath: string,
  kind: TestStoreKind = testStoreKind(),
): Promise<TestStore> => {
  switch (kind) {
    case 'sqlite':
      return {
        kind,
        store: SqliteEventStore.open(sqlitePath),
        env: {},
        release: async () => undefined,
      };
    case 'esdb-fake': {
      const fake = await EsdbProtocolFake.start();
      const store = EventStoreDbEventStore.connect(fake.connectionString);
      return {
        kind,
        store,
        env: { LEDGER_STORE: 'eventstoredb', EVENTSTORE_URL: fake.connectionString },
        release: async () => {
          await store.close();
          await fake.stop();
        },
      };
    }
    case 'esdb': {
      const url = process.env.EVENTSTORE_URL;
      if (url === undefined || url === '') throw new Error('TEST_STORE=esdb needs EVENTSTORE_URL');
      const store = EventStoreDbEventStore.connect(url, {
        namespace: `e2e-${randomUUID().slice(0, 8)}/`,
      });
      return {
        kind,
        store,
        env: { LEDGER_STORE: 'eventstoredb', EVENTSTORE_URL: url },
        release: () => store.close(),
      };
    }
    default: {
      const exhaustive: never = kind;
      throw new Error(`unknown test store ${String(exhaustive)}`);
    }
  }
};
