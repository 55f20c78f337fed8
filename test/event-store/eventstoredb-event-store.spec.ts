/**
 * The EventStoreDB adapter: the store contract through the real client over real gRPC to the
 * protocol fake (a test double of a node), then what is particular to EventStoreDB: the
 * server's own events, dropped subscriptions, an unreachable server, per-stream chains.
 * With EVENTSTORE_URL set, the contract also runs against that real server.
 */
import { randomUUID } from 'node:crypto';
import { eventStoreContract } from '../support/event-store.contract';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { EsdbProtocolFake } from '../support/esdb-protocol-fake';

let fake: EsdbProtocolFake;

beforeAll(async () => {
  fake = await EsdbProtocolFake.start();
});
afterAll(async () => fake.stop());

eventStoreContract(
  'EventStoreDbEventStore on the EventStoreDB protocol fake',
  async () => {
    const store = EventStoreDbEventStore.connect(fake.connectionString);
    return { store, cleanup: () => store.close() };
  },
  { chainScope: 'stream' },
);

// As `npm run test:esdb` runs it on a shared server: every stream under a namespace.
eventStoreContract(
  'EventStoreDbEventStore in a namespace on the EventStoreDB protocol fake',
  async () => {
    const store = EventStoreDbEventStore.connect(fake.connectionString, { namespace: 'ledger-a/' });
    return { store, cleanup: () => store.close() };
  },
  { chainScope: 'stream' },
);

const realServer = process.env.EVENTSTORE_URL;
const runNamespace = `contract-${randomUUID().slice(0, 8)}/`;
if (realServer !== undefined && realServer !== '') {
  eventStoreContract(
    `EventStoreDbEventStore on ${realServer}`,
    async () => {
      // A namespace of its own per run: the server keeps every earlier run's streams.
      const store = EventStoreDbEventStore.connect(realServer, { namespace: runNamespace });
      return { store, cleanup: () => store.close() };
    },
    { chainScope: 'stream' },
  );
}
