/**
 * Child process of the crash test (test/event-store/crash.spec.ts): opens the ledger file
 * named on the command line and appends as fast as it can from several concurrent writers,
 * each on its own stream, so group commit batches them. After each append is acknowledged
 * it prints one JSON line: { stream, eventIds, nextRevision, position }.
 *
 * The test kills it with SIGKILL; it also stops by itself when its stdin closes (the test
 * runner died) or after MAX_RUN_MS, so it can never outlive a failed test for long.
 */
import { randomUUID } from 'node:crypto';
import { ExpectedRevision, NewEvent } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

const WRITERS = 16;
const MAX_EVENTS_PER_APPEND = 3;
const MAX_PADDING_CHARS = 300;
const MAX_RUN_MS = 20_000;

export interface Acknowledgement {
  readonly stream: string;
  readonly eventIds: readonly string[];
  readonly nextRevision: string;
  readonly position: string;
}

const someEvents = (): NewEvent[] =>
  Array.from({ length: 1 + Math.floor(Math.random() * MAX_EVENTS_PER_APPEND) }, (_, i) => ({
    eventId: randomUUID(),
    type: 'CrashTested',
    data: { i, padding: 'x'.repeat(Math.floor(Math.random() * MAX_PADDING_CHARS)) },
    metadata: {
      actor: { id: 'crash-appender', role: 'system' },
      recordedAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  }));

const writer = async (store: SqliteEventStore, stream: string, deadline: number): Promise<void> => {
  let expectedRevision: ExpectedRevision = 'no-stream';
  while (Date.now() < deadline) {
    const events = someEvents();
    const result = await store.append(stream, events, { expectedRevision });
    const ack: Acknowledgement = {
      stream,
      eventIds: events.map((event) => event.eventId),
      nextRevision: String(result.nextRevision),
      position: String(result.position),
    };
    // A pipe write on Linux is synchronous: once this returns, the line survives a SIGKILL.
    process.stdout.write(`${JSON.stringify(ack)}\n`);
    expectedRevision = result.nextRevision;
  }
};

const main = async (): Promise<void> => {
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: crash-appender <ledger file>');
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
  const store = SqliteEventStore.open(path);
  const run = randomUUID().slice(0, 8);
  const deadline = Date.now() + MAX_RUN_MS;
  await Promise.all(
    Array.from({ length: WRITERS }, (_, i) => writer(store, `crash-${run}-${i}`, deadline)),
  );
  await store.close();
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
