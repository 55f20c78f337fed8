/**
 * Set up for `npm run test:e2e:esdb-fake` and `npm run test:esdb`: fails an e2e spec file
 * that ran without ever opening the EventStoreDB adapter, so a run that asked for it can
 * never pass on the embedded store by mistake (test-app.ts opens its store through
 * openTestStore, test/support/esdb-test-store.ts, which reads TEST_STORE).
 */
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { testStoreKind } from './esdb-test-store';

const connect = jest.spyOn(EventStoreDbEventStore, 'connect');

afterAll(() => {
  const kind = testStoreKind();
  if (kind !== 'sqlite' && connect.mock.calls.length === 0) {
    throw new Error(
      `TEST_STORE=${kind}, but no EventStoreDB store was opened: startTestApp must open its store with openTestStore (test/support/esdb-test-store.ts)`,
    );
  }
});
