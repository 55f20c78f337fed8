/**
 * The per-stream verifier (for a store that keeps one chain per stream, as the EventStoreDB
 * adapter does) against a small in-memory ledger: the same verdicts as the global one, and a
 * digest over the stream heads that catches a cut tail or a removed stream.
 */
import { EventStore, RecordedEvent } from '../../src/event-store/event-store';
import { computeHash, GENESIS_HASH } from '../../src/event-store/hash-chain';
import { StreamChainVerifier } from '../../src/audit/stream-chain-verifier';
import { LedgerDigest } from '../../src/audit/ledger-digest';

const STREAMS = ['fund-orebro', 'investment-e-arkiv', 'investment-bygglov'];

/** Positions with gaps, as a server that assigns commit positions would give them. */
const aLedger = (count: number): RecordedEvent[] => {
  const heads = new Map<string, { hash: string; revision: bigint }>();
  const events: RecordedEvent[] = [];
  for (let n = 1; n <= count; n++) {
    const streamId = STREAMS[n % STREAMS.length];
    const head = heads.get(streamId);
    const base = {
      streamId,
      revision: head === undefined ? 0n : head.revision + 1n,
      position: BigInt(n * 100),
      eventId: `event-${n}`,
      type: 'CostRecorded',
      data: { amount: `${n}000.00` },
      metadata: {
        actor: { id: 'frida.ek', role: 'finance' },
        recordedAt: `2017-01-${String(n).padStart(2, '0')}T08:00:00.000Z`,
        schemaVersion: 1,
      },
    };
    const prevHash = head?.hash ?? GENESIS_HASH;
    const event = { ...base, prevHash, hash: computeHash(prevHash, base, 'stream') };
    heads.set(streamId, { hash: event.hash, revision: event.revision });
    events.push(event);
  }
  return events;
};

const aStore = (events: readonly RecordedEvent[]): EventStore =>
  ({
    async *readAll() {
      yield* events;
    },
    async *readStream(stream: string) {
      yield* events.filter((e) => e.streamId === stream);
    },
    headPosition: async () => events.at(-1)?.position ?? 0n,
  }) as unknown as EventStore;

const digestOf = async (
  events: readonly RecordedEvent[],
  position?: bigint,
): Promise<LedgerDigest> => {
  const outcome = await new StreamChainVerifier(aStore(events)).digest({ position });
  if (outcome.kind !== 'digest') throw new Error(outcome.kind);
  return outcome.digest;
};

describe('per-stream chain verification', () => {
  const ledger = aLedger(9);

  it('verifies every event of every stream', async () => {
    expect(await new StreamChainVerifier(aStore(ledger)).verify()).toEqual({
      ok: true,
      scope: 'stream',
      eventsChecked: 9,
    });
  });

  it('names the lowest broken position over all streams', async () => {
    const tampered = ledger.map((e) =>
      e.position === 500n || e.position === 700n ? { ...e, data: { amount: '1.00' } } : e,
    );
    expect(await new StreamChainVerifier(aStore(tampered)).verify()).toMatchObject({
      ok: false,
      firstBrokenPosition: 500n,
    });
  });

  it('finds a removed event in the middle of a stream', async () => {
    const removed = ledger.filter((e) => e.position !== 400n);
    expect(await new StreamChainVerifier(aStore(removed)).verify()).toMatchObject({
      ok: false,
      firstBrokenPosition: 700n,
    });
  });

  it('keeps a digest valid when events are appended', async () => {
    const digest = await digestOf(ledger.slice(0, 6));
    const report = await new StreamChainVerifier(aStore(ledger)).verify({ digest });
    expect(report).toMatchObject({ ok: true, digest: { position: 600n, matches: true } });
  });

  it('catches a cut tail and a removed stream with a digest', async () => {
    const digest = await digestOf(ledger);
    const cut = ledger.slice(0, 8);
    expect(await new StreamChainVerifier(aStore(cut)).verify()).toMatchObject({ ok: true });
    expect(await new StreamChainVerifier(aStore(cut)).verify({ digest })).toMatchObject({
      ok: false,
      digest: { matches: false },
    });
    const withoutStream = ledger.filter((e) => e.streamId !== STREAMS[0]);
    expect(await new StreamChainVerifier(aStore(withoutStream)).verify({ digest })).toMatchObject({
      ok: false,
      digest: { matches: false },
    });
  });
});
