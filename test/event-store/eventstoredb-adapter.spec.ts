/**
 * What the EventStoreDB adapter does beyond the store contract, against the protocol fake
 * (a test double of an EventStoreDB node): the server's own events, both append paths of the
 * client, dropped subscriptions and an unreachable server, and the per-stream chain.
 */
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { firstValueFrom, Subscription, take, tap, toArray } from 'rxjs';
import {
  collect,
  InvalidAppendError,
  NewEvent,
  RecordedEvent,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store';
import {
  CHAIN_METADATA_KEY,
  EventStoreDbEventStore,
  MAX_APPEND_BYTES,
} from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { verifyChain } from '../../src/event-store/hash-chain';
import { EsdbProtocolFake } from '../support/esdb-protocol-fake';

const WAIT_MS = 10_000;
/** How often a wait checks its condition again. */
const POLL_MS = 10;
const FAST_RETRIES = { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 5 };

const anEvent = (data: unknown = { n: 1 }, type = 'ThingHappened'): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: {
    actor: { id: 'u1', role: 'finance' },
    recordedAt: '2017-01-01T00:00:00Z',
    schemaVersion: 1,
  },
});

const someEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, i) => anEvent({ i }));

const unique = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;

const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (error: unknown) => error,
  );

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, POLL_MS));

const eventually = async (check: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick();
  }
};

/**
 * "Nothing else arrives" without a fixed sleep: a sentinel appended last must be delivered
 * next, so anything delivered in between would show before it.
 */
const throughSentinel = async (
  store: EventStoreDbEventStore,
  stream: string,
  received: readonly RecordedEvent[],
): Promise<RecordedEvent[]> => {
  const { position } = await store.append(stream, [anEvent({ sentinel: true })], {
    expectedRevision: 'any',
  });
  await eventually(() => received.some((e) => e.position === position), 'the sentinel');
  const upTo = received.findIndex((e) => e.position === position);
  return received.slice(0, upTo);
};

/** Collects what a subscription delivers until the test ends it. */
const watch = (
  store: EventStoreDbEventStore,
  prefix: string,
): { received: RecordedEvent[]; error: () => unknown; subscription: Subscription } => {
  const received: RecordedEvent[] = [];
  let failure: unknown;
  const subscription = store.subscribe({ filter: { streamPrefix: prefix } }).subscribe({
    next: (event) => received.push(event),
    error: (error: unknown) => (failure = error),
  });
  return { received, error: () => failure, subscription };
};

describe('EventStoreDbEventStore on the protocol fake', () => {
  let fake: EsdbProtocolFake;
  let store: EventStoreDbEventStore;

  beforeEach(async () => {
    fake = await EsdbProtocolFake.start();
    store = EventStoreDbEventStore.connect(fake.connectionString, { resubscribe: FAST_RETRIES });
  });
  afterEach(async () => {
    // The server goes first: the client's close waits on calls still open to it (a
    // subscription the test dropped and the client re-opened), which only the server can cut.
    await fake.stop();
    await store.close();
  });

  describe("the server's own events", () => {
    it('reads an empty ledger as empty although the server has written events', async () => {
      expect(fake.log.all.length).toBeGreaterThan(0);
      expect(await store.headPosition()).toBe(0n);
      expect(await collect(store.readAll())).toEqual([]);
    });

    it('reports the head as the last ledger event, past statistics written after it', async () => {
      const result = await store.append('fund-a', someEvents(2), { expectedRevision: 'no-stream' });
      for (let i = 0; i < 150; i += 1) fake.writeSystemEvent();
      expect(await store.headPosition()).toBe(result.position);
      const all = await collect(store.readAll());
      expect(all.map((e) => e.streamId)).toEqual(['fund-a', 'fund-a']);
    });

    it('never delivers them to a subscriber', async () => {
      const live = watch(store, '');
      await store.append('fund-a', [anEvent()], { expectedRevision: 'no-stream' });
      fake.writeSystemEvent();
      await store.append('fund-a', [anEvent()], { expectedRevision: 0n });
      const before = await throughSentinel(store, 'fund-z', live.received);
      live.subscription.unsubscribe();
      expect(before.map((e) => e.streamId)).toEqual(['fund-a', 'fund-a']);
    });

    it('refuses streams and event types that start with $', async () => {
      const system = failureOf(store.append('$settings', [anEvent()], { expectedRevision: 'any' }));
      expect(await system).toBeInstanceOf(InvalidAppendError);
      const type = failureOf(
        store.append('s', [anEvent({}, '$metadata')], { expectedRevision: 'any' }),
      );
      expect(await type).toBeInstanceOf(InvalidAppendError);
    });
  });

  describe('appends', () => {
    it('keeps appends to one stream in call order, so pipelined commands all land', async () => {
      const stream = unique('pipelined');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.append(stream, [anEvent({ i })], {
            expectedRevision: i === 0 ? 'no-stream' : BigInt(i - 1),
          }),
        ),
      );
      expect(results.map((r) => r.nextRevision)).toEqual(
        Array.from({ length: 20 }, (_, i) => BigInt(i)),
      );
      expect(await verifyChain(store.readStream(stream), { scope: 'stream' })).toEqual({
        ok: true,
        eventsChecked: 20,
      });
    });

    it('recognises a repeated `any` append while its events are the last of the stream', async () => {
      const events = someEvents(2);
      const first = await store.append('s', events, { expectedRevision: 'any' });
      expect(await store.append('s', events, { expectedRevision: 'any' })).toEqual(first);
      expect(await collect(store.readStream('s'))).toHaveLength(2);
    });

    it('refuses an append over the server’s maximum append size before sending it', async () => {
      const before = fake.log.all.length;
      const big = [anEvent({ blob: 'x'.repeat(MAX_APPEND_BYTES) })];
      expect(await failureOf(store.append('s', big, { expectedRevision: 'any' }))).toBeInstanceOf(
        InvalidAppendError,
      );
      expect(fake.log.all.length).toBe(before);
    });

    it('refuses metadata that would overwrite the chain link', async () => {
      const forged = {
        ...anEvent(),
        metadata: { ...anEvent().metadata, [CHAIN_METADATA_KEY]: {} },
      };
      const error = await failureOf(store.append('s', [forged], { expectedRevision: 'any' }));
      expect(error).toBeInstanceOf(InvalidAppendError);
    });
  });

  describe('the per-stream chain', () => {
    it('is stored in each event’s metadata and left out of what readers get', async () => {
      await store.append('fund-x', someEvents(2), { expectedRevision: 'no-stream' });
      const raw = EventStoreDBClient.connectionString(fake.connectionString);
      try {
        const stored = await collect(raw.readStream('fund-x'));
        const links = stored.map(
          (e) => (e.event?.metadata as Record<string, unknown>)[CHAIN_METADATA_KEY],
        );
        const read = await collect(store.readStream('fund-x'));
        expect(links).toEqual(read.map((e) => ({ prevHash: e.prevHash, hash: e.hash })));
        expect(read.every((e) => !(CHAIN_METADATA_KEY in e.metadata))).toBe(true);
        expect(read[1].prevHash).toBe(read[0].hash);
      } finally {
        await raw.dispose();
      }
    });

    it('breaks where another writer slipped an event into a ledger stream', async () => {
      await store.append('fund-y', someEvents(2), { expectedRevision: 'no-stream' });
      const raw = EventStoreDBClient.connectionString(fake.connectionString);
      try {
        await raw.appendToStream(
          'fund-y',
          jsonEvent({ type: 'FundsAllocated', data: { amount: '9.00' } }),
        );
      } finally {
        await raw.dispose();
      }
      await store.append('fund-y', [anEvent()], { expectedRevision: 2n });
      const verification = await verifyChain(store.readStream('fund-y'), { scope: 'stream' });
      const read = await collect(store.readStream('fund-y'));
      expect(verification).toMatchObject({ ok: false, firstBrokenPosition: read[2].position });
    });
  });

  describe('subscriptions', () => {
    it('resubscribe after the server drops them, without gap or repeat', async () => {
      const live = watch(store, 'drop/');
      await store.append('drop/a', someEvents(3), { expectedRevision: 'no-stream' });
      await eventually(() => live.received.length === 3, 'the first three events');
      fake.dropSubscriptions();
      await store.append('drop/a', someEvents(3), { expectedRevision: 2n });
      await eventually(() => live.received.length === 6, 'six events');
      fake.dropSubscriptions();
      await eventually(() => fake.activeSubscriptions === 1, 'the resubscription');
      await store.append('drop/b', someEvents(2), { expectedRevision: 'no-stream' });
      await eventually(() => live.received.length === 8, 'eight events');
      await throughSentinel(store, 'drop/z', live.received);
      live.subscription.unsubscribe();
      expect(live.error()).toBeUndefined();
      const expected = await collect(store.readAll({ filter: { streamPrefix: 'drop/' } }));
      expect(live.received.map((e) => e.eventId)).toEqual(expected.map((e) => e.eventId));
    });

    it('come back after the server restarts', async () => {
      const live = watch(store, 'restart/');
      await store.append('restart/a', someEvents(2), { expectedRevision: 'no-stream' });
      await eventually(() => live.received.length === 2, 'two events');
      await fake.restart(150);
      await eventually(() => fake.activeSubscriptions === 1, 'the resubscription');
      await store.append('restart/a', someEvents(2), { expectedRevision: 1n });
      await eventually(() => live.received.length === 4, 'four events');
      live.subscription.unsubscribe();
      expect(live.received.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
    });

    it('give up with StoreUnavailableError when the server stays away', async () => {
      const live = watch(store, 'gone/');
      await eventually(() => fake.activeSubscriptions === 1, 'the subscription');
      await fake.stop();
      await eventually(() => live.error() !== undefined, 'the subscription to fail');
      expect(live.error()).toBeInstanceOf(StoreUnavailableError);
    });

    it('complete when the store closes', async () => {
      let delivered = 0;
      const all = firstValueFrom(
        store.subscribe().pipe(
          tap(() => (delivered += 1)),
          toArray(),
        ),
      );
      await store.append('s', [anEvent()], { expectedRevision: 'no-stream' });
      await eventually(() => delivered === 1, 'the event');
      await store.close();
      expect(await all).toHaveLength(1);
    });
  });

  describe('positions between events', () => {
    it('read and subscribe strictly after any position, though the server starts only at its own', async () => {
      const first = await store.append('gap/a', someEvents(2), { expectedRevision: 'no-stream' });
      const second = await store.append('gap/b', someEvents(2), { expectedRevision: 'no-stream' });
      const [, , third] = await collect(store.readAll({ filter: { streamPrefix: 'gap/' } }));
      const between = first.position + 1n;
      expect(between < third.position).toBe(true);
      const fresh = EventStoreDbEventStore.connect(fake.connectionString);
      try {
        for (const reader of [store, fresh]) {
          const read = await collect(
            reader.readAll({ after: between, filter: { streamPrefix: 'gap/' } }),
          );
          expect(read.map((e) => e.position)).toEqual([third.position, second.position]);
          const [next] = await collect(reader.readAll({ after: between, maxCount: 1 }));
          expect(next.position).toBe(third.position);
        }
        const live = await firstValueFrom(
          fresh.subscribe({ after: between }).pipe(take(2), toArray()),
        );
        expect(live.map((e) => e.position)).toEqual([third.position, second.position]);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('a fresh connection', () => {
    it('catches up from a saved checkpoint, not from the start of $all', async () => {
      const events = 200;
      await store.append('resume/a', someEvents(events), { expectedRevision: 'no-stream' });
      const written = await collect(store.readAll({ filter: { streamPrefix: 'resume/' } }));
      const checkpoint = written[events - 3].position;
      const before = fake.log.subscribedRecords;
      // A restarted process: no positions seen yet, only the checkpoint it saved.
      const fresh = EventStoreDbEventStore.connect(fake.connectionString);
      try {
        const rest = await firstValueFrom(
          fresh.subscribe({ after: checkpoint }).pipe(take(2), toArray()),
        );
        expect(rest.map((e) => e.position)).toEqual(written.slice(-2).map((e) => e.position));
        // From the checkpoint on: the two events and what the server holds after them.
        expect(fake.log.subscribedRecords - before).toBeLessThan(10);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('namespaces', () => {
    it('keep ledgers that share a server apart, each seeing its own streams by their own names', async () => {
      const north = EventStoreDbEventStore.connect(fake.connectionString, { namespace: 'north/' });
      const south = EventStoreDbEventStore.connect(fake.connectionString, { namespace: 'south/' });
      try {
        const live = north.subscribe();
        const seen: RecordedEvent[] = [];
        const subscription = live.subscribe((event) => seen.push(event));
        await north.append('fund-a', someEvents(2), { expectedRevision: 'no-stream' });
        const last = await south.append('fund-a', someEvents(3), { expectedRevision: 'no-stream' });
        await store.append('fund-a', [anEvent()], { expectedRevision: 'no-stream' });
        expect(await north.streamRevision('fund-a')).toBe(1n);
        expect(await south.streamRevision('fund-a')).toBe(2n);
        expect(await south.headPosition()).toBe(last.position);
        const all = await collect(north.readAll());
        expect(all.map((e) => e.streamId)).toEqual(['fund-a', 'fund-a']);
        expect(
          await collect(south.readAll({ filter: { eventTypes: ['ThingHappened'] } })),
        ).toHaveLength(3);
        expect(await verifyChain(south.readStream('fund-a'), { scope: 'stream' })).toMatchObject({
          ok: true,
        });
        const before = await throughSentinel(north, 'fund-z', seen);
        subscription.unsubscribe();
        expect(before.map((e) => e.streamId)).toEqual(['fund-a', 'fund-a']);
        expect(await collect(store.readStream('north/fund-a'))).toHaveLength(2);
      } finally {
        await north.close();
        await south.close();
      }
    });
  });

  describe('an unreachable server', () => {
    it('fails appends and reads as unavailable, reports not ready, and recovers', async () => {
      await store.append('s', [anEvent()], { expectedRevision: 'no-stream' });
      await fake.stop();
      expect(
        await failureOf(store.append('s', [anEvent()], { expectedRevision: 0n })),
      ).toBeInstanceOf(StoreUnavailableError);
      expect(await failureOf(collect(store.readStream('s')))).toBeInstanceOf(StoreUnavailableError);
      const readiness = await store.readiness();
      expect(readiness.ready).toBe(false);
      await fake.restart(0);
      expect(await store.readiness()).toEqual({ ready: true });
      expect((await store.append('s', [anEvent()], { expectedRevision: 0n })).nextRevision).toBe(
        1n,
      );
    });
  });
});

describe('EventStoreDbEventStore over the client’s other paths', () => {
  it('maps conflicts and repeats the same way over one Append call per append', async () => {
    const fake = await EsdbProtocolFake.start({ batchAppend: false });
    const store = EventStoreDbEventStore.connect(fake.connectionString);
    try {
      const events = someEvents(3);
      const first = await store.append('s', events, { expectedRevision: 'no-stream' });
      expect(await store.append('s', events, { expectedRevision: 'no-stream' })).toEqual(first);
      const read = await collect(store.readStream('s'));
      expect(first).toEqual({ nextRevision: 2n, position: read[2].position });
      const conflict = await failureOf(store.append('s', [anEvent()], { expectedRevision: 0n }));
      expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
      expect(conflict).toMatchObject({ stream: 's', expected: 0n, actual: 2n });
    } finally {
      await store.close();
      await fake.stop();
    }
  });

  it('finds the node through gossip, as with a cluster', async () => {
    const fake = await EsdbProtocolFake.start();
    const store = EventStoreDbEventStore.connect(fake.discoveryConnectionString);
    try {
      await store.append('s', [anEvent()], { expectedRevision: 'no-stream' });
      expect(await store.streamRevision('s')).toBe(0n);
    } finally {
      await store.close();
      await fake.stop();
    }
  });
});
