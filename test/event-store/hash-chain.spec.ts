import { randomUUID } from 'node:crypto';
import { RecordedEvent } from '../../src/event-store/event-store';
import {
  canonicalJson,
  ChainScope,
  computeHash,
  GENESIS_HASH,
  verifyChain,
} from '../../src/event-store/hash-chain';

const metadata = {
  actor: { id: 'u1', role: 'auditor' },
  recordedAt: '2018-01-01T00:00:00Z',
  schemaVersion: 1,
};

/** Builds a valid chain of `count` events over the given streams, round-robin. */
const aChain = (
  count: number,
  streams = ['s'],
  scope: ChainScope = 'global',
  positionOf = (i: number): bigint => BigInt(10 + i * 3),
): RecordedEvent[] => {
  const revisions = new Map<string, bigint>();
  const chain: RecordedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < count; i += 1) {
    const streamId = streams[i % streams.length];
    const revision = (revisions.get(streamId) ?? -1n) + 1n;
    revisions.set(streamId, revision);
    const content = {
      streamId,
      revision,
      position: positionOf(i),
      eventId: randomUUID(),
      type: 'ThingHappened',
      data: { i, amount: '10.00' },
      metadata,
    };
    const hash = computeHash(prevHash, content, scope);
    chain.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return chain;
};

async function* iterate(events: readonly RecordedEvent[]): AsyncIterable<RecordedEvent> {
  yield* events;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes bigints as decimal strings', () => {
    expect(canonicalJson({ b: 1, a: { d: [2n, { z: null, y: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":["2",{"y":"x","z":null}]},"b":1}',
    );
  });

  it('serialises equal values identically whatever their key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: { q: 'å' } })).toBe(
      canonicalJson({ z: { q: 'å' }, y: [1, 2], x: 1 }),
    );
  });

  it('drops undefined members as JSON does and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('computeHash', () => {
  const [event] = aChain(1);

  it('is a hex sha-256 that depends on every covered field and the previous hash', () => {
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(computeHash(GENESIS_HASH, event)).toBe(event.hash);
    const variants: Partial<RecordedEvent>[] = [
      { streamId: 't' },
      { revision: 1n },
      { position: 11n },
      { eventId: randomUUID() },
      { type: 'Other' },
      { data: { i: 0, amount: '10.01' } },
      { metadata: { ...metadata, reason: 'x' } },
    ];
    for (const variant of variants) {
      expect(computeHash(GENESIS_HASH, { ...event, ...variant })).not.toBe(event.hash);
    }
    expect(computeHash('1'.repeat(64), event)).not.toBe(event.hash);
  });

  it('leaves the position out of a per-stream chain', () => {
    const perStream = computeHash(GENESIS_HASH, event, 'stream');
    expect(computeHash(GENESIS_HASH, { ...event, position: 999n }, 'stream')).toBe(perStream);
    expect(perStream).not.toBe(event.hash);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and an empty one', async () => {
    expect(await verifyChain(iterate(aChain(20, ['a', 'b'])))).toEqual({
      ok: true,
      eventsChecked: 20,
    });
    expect(await verifyChain(iterate([]))).toEqual({ ok: true, eventsChecked: 0 });
  });

  it('finds changed content at the changed event', async () => {
    const chain = aChain(6);
    chain[3] = { ...chain[3], data: { i: 3, amount: '99.00' } };
    expect(await verifyChain(iterate(chain))).toMatchObject({
      ok: false,
      eventsChecked: 4,
      firstBrokenPosition: chain[3].position,
    });
  });

  it('finds a removed event at the event after the gap', async () => {
    const chain = aChain(6);
    chain.splice(2, 1);
    expect(await verifyChain(iterate(chain))).toMatchObject({
      ok: false,
      firstBrokenPosition: chain[2].position,
    });
  });

  it('finds positions that do not strictly increase, even with intact links', async () => {
    const chain = aChain(4, ['s'], 'global', (i) => [10n, 13n, 13n, 16n][i]);
    const verification = await verifyChain(iterate(chain));
    expect(verification).toMatchObject({ ok: false, firstBrokenPosition: 13n, eventsChecked: 3 });
    expect(verification.ok || verification.reason).toContain('position');
  });

  it('checks that the first event links to the start hash', async () => {
    const chain = aChain(4);
    expect(await verifyChain(iterate(chain.slice(2)))).toMatchObject({ ok: false });
    expect(await verifyChain(iterate(chain.slice(2)), { startHash: chain[1].hash })).toEqual({
      ok: true,
      eventsChecked: 2,
    });
  });

  it('verifies a per-stream chain and refuses events of another stream in it', async () => {
    const chain = aChain(5, ['s'], 'stream');
    expect(await verifyChain(iterate(chain), { scope: 'stream' })).toEqual({
      ok: true,
      eventsChecked: 5,
    });
    expect(await verifyChain(iterate(chain))).toMatchObject({ ok: false });
    const mixed = [...chain.slice(0, 2), { ...chain[2], streamId: 'other' }];
    expect(await verifyChain(iterate(mixed), { scope: 'stream' })).toMatchObject({
      ok: false,
      firstBrokenPosition: chain[2].position,
    });
  });
});
