import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { RecordedEvent } from '../../src/event-store/event-store';
import {
  canonicalJson,
  ChainScope,
  computeHash,
  GENESIS_HASH,
  hashOfTexts,
  intactFromTexts,
  isOneBracketedValue,
  isRecordedTime,
  recordedTimeBroken,
  TIME_ORDERED_GENESIS_HASH,
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

describe('hashOfTexts and intactFromTexts (a stored event checked from its texts)', () => {
  const VALUES: readonly unknown[] = [
    {},
    [],
    { b: 1, a: [2, { d: null, c: true }], ä: 'Åtgärd "citat" \\ snedstreck\n\u2028' },
    { amount: '1234.56', note: '}{][', nested: { z: [], y: {} }, n: -0.5, big: 1e21 },
    [{ b: 'x' }, 'text', 3, false, null],
  ];
  const linkOf = (data: unknown, meta: unknown, prevHash: string, scope: ChainScope) => {
    const content = {
      streamId: 'investment-"e-arkiv"',
      revision: 41n,
      position: 1_000_001n,
      eventId: randomUUID(),
      type: 'Typ "med" citat',
      data,
      metadata: meta as RecordedEvent['metadata'],
    };
    const hash = computeHash(prevHash, content, scope);
    const { data: _d, metadata: _m, ...fields } = content;
    return {
      ...fields,
      dataJson: canonicalJson(data),
      metadataJson: canonicalJson(meta),
      prevHash,
      hash,
    };
  };

  it.each(['global', 'stream'] as const)(
    'gives computeHash over the parsed content when the texts are canonical (%s chain)',
    (scope) => {
      for (const data of VALUES) {
        const link = linkOf(data, { ...metadata, extra: data }, 'f'.repeat(64), scope);
        expect(hashOfTexts(link.prevHash, link, scope)).toBe(link.hash);
        expect(intactFromTexts(link, scope)).toBe(true);
      }
    },
  );

  it('finds nothing intact in texts that are not the canonical ones hashed', () => {
    const link = linkOf({ b: 1, a: 2 }, metadata, GENESIS_HASH, 'global');
    // The same members in another order: the event reads the same, but the texts are not what
    // was hashed, so it must be parsed to be checked.
    expect(intactFromTexts({ ...link, dataJson: '{"b":1,"a":2}' })).toBe(false);
    expect(intactFromTexts({ ...link, dataJson: '{"a":3,"b":1}' })).toBe(false);
    expect(intactFromTexts({ ...link, prevHash: '1'.repeat(64) })).toBe(false);
    expect(intactFromTexts({ ...link, position: 2n })).toBe(false);
    // Data that is not an object or array is always checked parsed.
    const text = linkOf('just text', metadata, GENESIS_HASH, 'global');
    expect(hashOfTexts(text.prevHash, text)).toBe(text.hash);
    expect(intactFromTexts(text)).toBe(false);
  });

  it('refuses texts shifted across the columns even where the hash recomputes', () => {
    // The metadata holds the keys the hashed text puts between the columns, so the same text
    // can be cut into other columns: data ends inside the metadata, the event id is another.
    const meta = { k: { a: 0, eventId: 'x', metadata: { z: 1 } } };
    const link = linkOf({ a: 1 }, meta, GENESIS_HASH, 'global');
    const shifted = {
      ...link,
      dataJson: `{"a":1},"eventId":${JSON.stringify(link.eventId)},"metadata":{"k":{"a":0`,
      eventId: 'x',
      metadataJson: '{"z":1}}}',
    };
    expect(hashOfTexts(shifted.prevHash, shifted)).toBe(link.hash);
    expect(intactFromTexts(shifted)).toBe(false);
  });

  it('tells one whole bracketed value from anything else', () => {
    for (const text of [
      '{}',
      '[]',
      '{"a":"}"}',
      '{"a":"\\"}"}',
      '[1,[2,{"b":[]}]]',
      '{"a":"\\\\"}',
    ])
      expect(isOneBracketedValue(text)).toBe(true);
    for (const text of [
      '',
      '"x"',
      '1',
      '{"a":1}x',
      '{"a":1},{"b":2}',
      '{',
      '{"a":"}',
      '[1]]',
      '{"a":"\\\\"}}',
    ])
      expect(isOneBracketedValue(text)).toBe(false);
  });

  it('lets a link found intact pass verifyChain without its content, in its own chain only', async () => {
    const [first, second] = aChain(2);
    const intact = { ...second, data: undefined, metadata: undefined } as unknown as RecordedEvent;
    const { streamId, revision, position, prevHash, hash } = intact;
    const link = { streamId, revision, position, prevHash, hash, intactIn: 'global' as const };
    async function* links() {
      yield first;
      yield link;
    }
    expect(await verifyChain(links())).toEqual({ ok: true, eventsChecked: 2 });
    // Found intact or not, its link to the one before is still checked.
    async function* relinked() {
      yield first;
      yield { ...link, prevHash: GENESIS_HASH };
    }
    expect(await verifyChain(relinked())).toMatchObject({
      ok: false,
      firstBrokenPosition: position,
    });
    async function* alone() {
      yield link;
    }
    await expect(
      verifyChain(alone(), { scope: 'stream', startHash: link.prevHash }),
    ).rejects.toThrow(/global chain/);
  });
});

/** A global chain from `genesis` whose events are recorded at `times` (undefined: none). */
const timedChain = (genesis: string, times: readonly unknown[]): RecordedEvent[] => {
  const chain: RecordedEvent[] = [];
  let prevHash = genesis;
  times.forEach((recordedAt, i) => {
    const { recordedAt: _, ...rest } = metadata;
    const content = {
      streamId: 's',
      revision: BigInt(i),
      position: BigInt(i + 1),
      eventId: randomUUID(),
      type: 'ThingHappened',
      data: { i },
      metadata: (recordedAt === undefined ? rest : { ...rest, recordedAt }) as typeof metadata,
    };
    const hash = computeHash(prevHash, content);
    chain.push({ ...content, prevHash, hash });
    prevHash = hash;
  });
  return chain;
};

describe('recorded time along a global chain', () => {
  const JAN = '2018-01-01T00:00:00.000Z';
  const FEB = '2018-02-01T00:00:00.000Z';
  const MAR = '2018-03-01T00:00:00.000Z';

  it('says why a time breaks the order, describing a value that is not text by its type', () => {
    expect(recordedTimeBroken(FEB, JAN)).toBeUndefined();
    expect(recordedTimeBroken(FEB, FEB)).toBeUndefined();
    expect(recordedTimeBroken(JAN, FEB)).toBe(
      `recorded at ${JAN}, before the event before it (${FEB})`,
    );
    // The event before with no time in text (written by an older build) is not compared with.
    expect(recordedTimeBroken(JAN, undefined)).toBeUndefined();
    expect(recordedTimeBroken(JAN, 20180201n)).toBeUndefined();
    expect(recordedTimeBroken(undefined, JAN)).toBe('no recorded time');
    expect(recordedTimeBroken(null, JAN)).toBe('no recorded time');
    expect(recordedTimeBroken(20180101n, JAN)).toBe('a recorded time of type bigint, not text');
    expect(recordedTimeBroken(20180101, JAN)).toBe('a recorded time of type number, not text');
    // Text that is not a UTC time: its text order is not its instants' order.
    expect(recordedTimeBroken('2018-02-01T05:00:00.000+05:00', JAN)).toBe(
      'recorded time "2018-02-01T05:00:00.000+05:00" is not an ISO 8601 UTC time',
    );
    expect(recordedTimeBroken('x'.repeat(1000), JAN)).toBe(
      `recorded time "${'x'.repeat(40)}" is not an ISO 8601 UTC time`,
    );
    // Only the one form the service writes, of a real instant: `…00Z` sorts after `…00.999Z`.
    expect(recordedTimeBroken('2018-02-01T00:00:00.123Z', JAN)).toBeUndefined();
    for (const odd of [
      '2018-02-01T00:00:00Z',
      '2018-02-01T00:00:00.123456Z',
      '2018-02-01T09:99:00.000Z',
      '2018-02-30T00:00:00.000Z',
      '2018-13-01T00:00:00.000Z',
    ]) {
      expect(recordedTimeBroken(odd, JAN)).toBe(
        `recorded time ${JSON.stringify(odd)} is not an ISO 8601 UTC time`,
      );
    }
  });

  it('holds a chain that begins at the ordered genesis to order from its first event', async () => {
    const inOrder = timedChain(TIME_ORDERED_GENESIS_HASH, [FEB, FEB, MAR]);
    expect(await verifyChain(iterate(inOrder))).toEqual({ ok: true, eventsChecked: 3 });
    const goesBack = timedChain(TIME_ORDERED_GENESIS_HASH, [FEB, MAR, JAN, MAR]);
    expect(await verifyChain(iterate(goesBack))).toEqual({
      ok: false,
      eventsChecked: 3,
      firstBrokenPosition: 3n,
      reason: `recorded at ${JAN}, before the event before it (${MAR})`,
    });
    const untimed = timedChain(TIME_ORDERED_GENESIS_HASH, [FEB, undefined, MAR]);
    expect(await verifyChain(iterate(untimed))).toMatchObject({
      ok: false,
      firstBrokenPosition: 2n,
      reason: 'no recorded time',
    });
    const numbered = timedChain(TIME_ORDERED_GENESIS_HASH, [20180101]);
    expect(await verifyChain(iterate(numbered))).toMatchObject({
      ok: false,
      firstBrokenPosition: 1n,
      reason: 'a recorded time of type number, not text',
    });
  });

  it('judges no time in a chain from the plain genesis unless told from where, then from there', async () => {
    const legacy = timedChain(GENESIS_HASH, [MAR, undefined, JAN, FEB, JAN]);
    expect(await verifyChain(iterate(legacy))).toEqual({ ok: true, eventsChecked: 5 });
    // From position 4: its own time is compared with the one before (JAN), the fifth with it.
    expect(await verifyChain(iterate(legacy), { timeOrderedFrom: 4n })).toEqual({
      ok: false,
      eventsChecked: 5,
      firstBrokenPosition: 5n,
      reason: `recorded at ${JAN}, before the event before it (${FEB})`,
    });
    // From position 3: the event before it has no time to compare with.
    expect(await verifyChain(iterate(legacy.slice(0, 4)), { timeOrderedFrom: 3n })).toEqual({
      ok: true,
      eventsChecked: 4,
    });
    // Per-stream chains (EventStoreDB's) are not held to it.
    const perStream = timedChain(GENESIS_HASH, [MAR, JAN]).map((e) => ({
      ...e,
      hash: computeHash(e.prevHash, e, 'stream'),
    }));
    perStream[1] = { ...perStream[1], prevHash: perStream[0].hash };
    perStream[1] = {
      ...perStream[1],
      hash: computeHash(perStream[1].prevHash, perStream[1], 'stream'),
    };
    expect(await verifyChain(iterate(perStream), { scope: 'stream', timeOrderedFrom: 1n })).toEqual(
      { ok: true, eventsChecked: 2 },
    );
  });

  it('checks from a remembered link against that link’s time', async () => {
    const chain = timedChain(TIME_ORDERED_GENESIS_HASH, [FEB, MAR, JAN]);
    const fromSecond = { startHash: chain[1].hash, timeOrderedFrom: 1n };
    expect(
      await verifyChain(iterate(chain.slice(2)), { ...fromSecond, startRecordedAt: MAR }),
    ).toMatchObject({ ok: false, firstBrokenPosition: 3n });
    // Not told the link's time, the first event after it has nothing to be compared with.
    expect(await verifyChain(iterate(chain.slice(2)), fromSecond)).toEqual({
      ok: true,
      eventsChecked: 1,
    });
  });
});

describe('a recorded time as the service writes one', () => {
  it('is what a Date reads back the same, for any text of its form', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const text = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
        two(19),
        two(39),
        two(29),
        two(69),
        two(69),
        fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0')),
      )
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    const byDate = (t: string): boolean => {
      const instant = Date.parse(t);
      return Number.isFinite(instant) && new Date(instant).toISOString() === t;
    };
    fc.assert(
      fc.property(text, (t) => expect(isRecordedTime(t)).toBe(byDate(t))),
      { numRuns: 20_000 },
    );
    for (const t of [
      '2000-02-29T00:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '0000-01-01T00:00:00.000Z',
    ])
      expect(isRecordedTime(t)).toBe(true);
    for (const t of [
      '1900-02-29T00:00:00.000Z',
      '2023-02-29T00:00:00.000Z',
      '2024-04-31T00:00:00.000Z',
    ])
      expect(isRecordedTime(t)).toBe(false);
  });
});
