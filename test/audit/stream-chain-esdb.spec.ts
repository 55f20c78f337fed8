/**
 * The per-stream verifier on the EventStoreDB adapter itself (over the in-process protocol
 * fake, real client, real gRPC): the chain the adapter writes verifies, a digest survives an
 * appended tail, and one changed byte in the server's copy of an event is found at its position.
 */
import { chainScopeOf, ledgerVerifierFor } from '../../src/audit/ledger-verifier.factory';
import { LedgerVerifier } from '../../src/audit/ledger-verifier';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { EsdbProtocolFake } from '../support/esdb-protocol-fake';
import { appendEvents } from './support/ledger-file';

describe('per-stream chain verification on the EventStoreDB adapter', () => {
  let fake: EsdbProtocolFake;
  let store: EventStoreDbEventStore;
  let verifier: LedgerVerifier;

  beforeAll(async () => {
    fake = await EsdbProtocolFake.start();
    store = EventStoreDbEventStore.connect(fake.connectionString);
    verifier = ledgerVerifierFor(chainScopeOf('eventstoredb'), store);
    await appendEvents(store, 9);
  });
  afterAll(async () => {
    await store.close();
    await fake.stop();
  });

  it('verifies every event the adapter wrote, stream by stream', async () => {
    expect(verifier.scope).toBe('stream');
    expect(await verifier.verify()).toEqual({ ok: true, scope: 'stream', eventsChecked: 9 });
  });

  it('keeps a digest valid while events are appended', async () => {
    const outcome = await verifier.digest();
    if (outcome.kind !== 'digest') throw new Error(outcome.kind);
    await appendEvents(store, 3, 10);
    const report = await verifier.verify({ digest: outcome.digest });
    expect(report).toMatchObject({ ok: true, eventsChecked: 12, digest: { matches: true } });
  });

  it("finds one changed byte in the server's copy of an event at its position", async () => {
    const ledgerRecords = fake.log.all.filter((record) =>
      record.streamId.startsWith('investment-'),
    );
    const target = ledgerRecords[3];
    const digit = target.data.findIndex((byte) => byte >= 0x30 && byte <= 0x38);
    target.data[digit] += 1;
    const report = await verifier.verify();
    expect(report).toMatchObject({ ok: false, scope: 'stream' });
    const events = [];
    for await (const event of store.readStream(target.streamId)) events.push(event);
    expect(report.firstBrokenPosition).toBe(
      events.find((e) => e.eventId === target.eventId)?.position,
    );
  });
});
