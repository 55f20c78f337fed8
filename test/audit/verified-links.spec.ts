/**
 * A digest that reuses what this verifier verified before (the board report's): it reads the
 * chain only after the furthest remembered link at or below its position, once that link's
 * stored hash is read again and found unchanged, and gives the same digest as a whole pass.
 * Once another connection has written to the file (SQLite's data_version), nothing remembered
 * is trusted: an old event changed in place leaves every hash as it was, so the digest reads
 * from the first event again and finds it.
 */
import { GlobalChainVerifier } from '../../src/audit/global-chain-verifier';
import { DigestOutcome } from '../../src/audit/ledger-verifier';
import { EventStore, ReadAllOptions, RecordedEvent } from '../../src/event-store/event-store';
import { LinkToCheck } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import {
  appendEvents,
  backdate,
  changeOneByte,
  rewriteChain,
  ledgerFixture,
} from './support/ledger-file';

const EVENTS = 40;
const LINK_EVERY = 8;

/** The store, counting the events its readAll and readLinks (a verification's read) hand over. */
const counting = (store: SqliteEventStore): { store: EventStore; read: () => number } => {
  let read = 0;
  const watched = Object.create(store) as SqliteEventStore;
  watched.readAll = async function* (options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    for await (const event of store.readAll(options)) {
      read += 1;
      yield event;
    }
  };
  watched.readLinks = async function* (options): AsyncIterable<LinkToCheck> {
    for await (const link of store.readLinks(options)) {
      read += 1;
      yield link;
    }
  };
  return { store: watched, read: () => read };
};

const hashOf = (outcome: DigestOutcome): string => {
  if (outcome.kind !== 'digest') throw new Error(`no digest: ${JSON.stringify(outcome)}`);
  return outcome.digest.hash;
};

describe('a digest from verified links', () => {
  const ledger = ledgerFixture(EVENTS);
  let path: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    path = ledger.copy();
    store = SqliteEventStore.open(path);
  });
  afterEach(async () => store.close());

  it('gives the whole pass digest at every position, reading only past the nearest link', async () => {
    const watched = counting(store);
    const verifier = new GlobalChainVerifier(watched.store, { linkEvery: LINK_EVERY });
    const whole = new GlobalChainVerifier(store);
    // Nothing is remembered yet: the first digest reads from the first event.
    expect(hashOf(await verifier.digest({ position: 20n, reuseVerified: true }))).toBe(
      hashOf(await whole.digest({ position: 20n })),
    );
    expect(watched.read()).toBe(20);
    // Remembered: every eighth position a pass went by, and where each pass ended.
    const links = new Set([8n, 16n, 20n]);
    for (let position = 1n; position <= BigInt(EVENTS); position++) {
      const link = [...links].filter((at) => at <= position).reduce((a, b) => (b > a ? b : a), 0n);
      const before = watched.read();
      const outcome = await verifier.digest({ position, reuseVerified: true });
      expect(hashOf(outcome)).toBe(hashOf(await whole.digest({ position })));
      // One point read of the link, then the events after it up to the position.
      expect(watched.read() - before).toBe(Number(position - link) + (link > 0n ? 1 : 0));
      expect(outcome).toMatchObject({ eventsChecked: Number(position - link) });
      for (let at = link + 1n; at <= position; at++) if (at % 8n === 0n) links.add(at);
      links.add(position);
    }
  });

  it('reads the whole chain when not asked to reuse, and for verify', async () => {
    const watched = counting(store);
    const verifier = new GlobalChainVerifier(watched.store, { linkEvery: LINK_EVERY });
    await verifier.digest({ reuseVerified: true });
    const before = watched.read();
    await verifier.digest({ position: 30n });
    expect(watched.read() - before).toBe(30);
    expect((await verifier.verify()).eventsChecked).toBe(EVENTS);
  });

  it('finds a change after the link it starts from', async () => {
    const verifier = new GlobalChainVerifier(store, { linkEvery: LINK_EVERY });
    await verifier.digest({ position: 16n, reuseVerified: true });
    changeOneByte(path, 22);
    const outcome = await verifier.digest({ position: 30n, reuseVerified: true });
    expect(outcome).toMatchObject({ kind: 'broken', report: { firstBrokenPosition: 22n } });
  });

  it('starts from the first event again when a remembered hash was rewritten', async () => {
    const verifier = new GlobalChainVerifier(store, { linkEvery: LINK_EVERY });
    await verifier.digest({ reuseVerified: true });
    // An intruder changes an old event and recomputes every hash after it: the chain holds
    // again, so only the digest kept outside tells, and the remembered links no longer match.
    changeOneByte(path, 3);
    rewriteChain(path);
    const watched = counting(store);
    const again = new GlobalChainVerifier(watched.store, { linkEvery: LINK_EVERY });
    // As if the rewrite had not been told by the store's mark (a store that tells none): the
    // remembered hash, read again, is what gives it away.
    Object.assign(again, {
      verified: (verifier as unknown as { verified: unknown }).verified,
      verifiedMark: store.othersWriteMark(),
    });
    const outcome = await again.digest({ reuseVerified: true });
    expect(hashOf(outcome)).toBe(hashOf(await new GlobalChainVerifier(store).digest()));
    expect(watched.read()).toBe(1 + EVENTS);
  });

  it('trusts nothing remembered once another connection has written: an old event changed in place is found', async () => {
    const verifier = new GlobalChainVerifier(store, { linkEvery: LINK_EVERY });
    hashOf(await verifier.digest({ reuseVerified: true }));
    // Changed with a connection of its own (as the sqlite3 shell would): every hash stays.
    changeOneByte(path, 5);
    expect(await verifier.digest({ reuseVerified: true })).toMatchObject({
      kind: 'broken',
      report: { firstBrokenPosition: 5n },
    });
    expect(await verifier.verify()).toMatchObject({ ok: false, firstBrokenPosition: 5n });
  });

  it('reads from the first event again after any write by another connection, and agrees', async () => {
    const watched = counting(store);
    const verifier = new GlobalChainVerifier(watched.store, { linkEvery: LINK_EVERY });
    const first = hashOf(await verifier.digest({ position: 30n, reuseVerified: true }));
    // Another process appends (the ledger CLI, say): nothing remembered is trusted, and the
    // digest of the same position is the same once read again from the first event.
    const other = SqliteEventStore.open(path);
    await appendEvents(other, 1, EVENTS + 1);
    await other.close();
    const before = watched.read();
    expect(hashOf(await verifier.digest({ position: 30n, reuseVerified: true }))).toBe(first);
    expect(watched.read() - before).toBe(30);
    // Nothing written since: the link at 30 is trusted again (one point read, nothing after).
    const again = watched.read();
    expect(hashOf(await verifier.digest({ position: 30n, reuseVerified: true }))).toBe(first);
    expect(watched.read() - again).toBe(1);
  });

  it('holds the first event read after a remembered link to that link’s recorded time', async () => {
    // A store that tells no writes by others, so the remembered link is read from.
    const untold = Object.create(store) as SqliteEventStore;
    Object.assign(untold, { othersWriteMark: undefined });
    const verifier = new GlobalChainVerifier(untold, { linkEvery: LINK_EVERY });
    await verifier.digest({ position: BigInt(EVENTS - 1), reuseVerified: true });
    backdate(path, EVENTS);
    rewriteChain(path);
    expect(await verifier.digest({ reuseVerified: true })).toMatchObject({
      kind: 'broken',
      report: {
        firstBrokenPosition: BigInt(EVENTS),
        eventsChecked: 1,
        reason: expect.stringMatching(/^recorded at .*, before the event before it/),
      },
    });
  });

  it("does not count the verifier's own store's appends as another's", async () => {
    const watched = counting(store);
    const verifier = new GlobalChainVerifier(watched.store, { linkEvery: LINK_EVERY });
    await verifier.digest({ position: 30n, reuseVerified: true });
    await appendEvents(store, 1, EVENTS + 1);
    const before = watched.read();
    await verifier.digest({ position: 30n, reuseVerified: true });
    expect(watched.read() - before).toBe(1);
  });

  it('remembers a bounded number of links, the longest remembered going first', async () => {
    await appendEvents(store, 1_160, EVENTS + 1);
    const verifier = new GlobalChainVerifier(store, { linkEvery: 1 });
    const head = hashOf(await verifier.digest({ reuseVerified: true }));
    const remembered = (verifier as unknown as { verified: Map<bigint, string> }).verified;
    expect(remembered.size).toBe(1_000);
    expect(Math.min(...[...remembered.keys()].map(Number))).toBe(201);
    // Below every link left, the digest reads from the first event again, and agrees.
    const whole = new GlobalChainVerifier(store);
    expect(hashOf(await verifier.digest({ position: 150n, reuseVerified: true }))).toBe(
      hashOf(await whole.digest({ position: 150n })),
    );
    expect(head).toBe(hashOf(await whole.digest()));
  });

  it('carries on from the head it verified to a head appended since', async () => {
    const verifier = new GlobalChainVerifier(store, { linkEvery: LINK_EVERY });
    await verifier.digest({ reuseVerified: true });
    await appendEvents(store, 5, EVENTS + 1);
    const outcome = await verifier.digest({ reuseVerified: true });
    expect(outcome).toMatchObject({ kind: 'digest', eventsChecked: 5 });
    expect(hashOf(outcome)).toBe(hashOf(await new GlobalChainVerifier(store).digest()));
  });
});
