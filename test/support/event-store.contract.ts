/**
 * The contract every EventStore adapter must pass. It speaks only the port, so it runs as
 * well against a shared server as against a fresh file: each test writes to streams and
 * event types of its own, and positions are only assumed to strictly increase (not to start
 * at 1 or to be contiguous).
 */
import { randomUUID } from 'node:crypto';
import { firstValueFrom, Observable, Subscription, take, timeout, toArray } from 'rxjs';
import {
  AppendResult,
  collect,
  EventFilter,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  InvalidAppendError,
  NewEvent,
  RecordedEvent,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store';
import { ChainScope, verifyChain } from '../../src/event-store/hash-chain';
import { lastPositionAtOrBefore } from '../../src/event-store/recorded-position';

export interface StoreFixture {
  readonly store: EventStore;
  /** Closes the store (again, if a test closed it) and removes what the fixture created. */
  readonly cleanup: () => Promise<void>;
}

export interface ContractOptions {
  /** How the adapter chains hashes: one global chain, or one per stream. */
  readonly chainScope?: ChainScope;
}

/** More events than any sensible read page, so paging is exercised. */
const MANY_EVENTS = 1234;
const MANY_EVENTS_APPEND_SIZE = 200;
const SUBSCRIPTION_TIMEOUT_MS = 15_000;
/** How long a finished subscription is watched for a duplicate or a late event. */
const SETTLE_MS = 200;

const actor = { id: 'user-1', role: 'finance' };

/** Every event's recorded time: one moment, so no append goes back in time. */
const RECORDED_AT = '2017-03-01T09:00:00.000Z';

const metadata = (extra: Record<string, unknown> = {}): EventMetadata => ({
  actor,
  recordedAt: RECORDED_AT,
  schemaVersion: 1,
  ...extra,
});

const anEvent = (type = 'ThingHappened', data: unknown = { n: 1 }): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: metadata(),
});

const someEvents = (count: number, type = 'ThingHappened'): NewEvent[] =>
  Array.from({ length: count }, (_, i) => anEvent(type, { i }));

/** A name no other test (or earlier run against a shared server) uses. */
const unique = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (error: unknown) => error,
  );

const expectConflict = async (
  promise: Promise<unknown>,
  stream: string,
  expected: ExpectedRevision,
  actual: bigint | undefined,
): Promise<void> => {
  const error = await failureOf(promise);
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  const conflict = error as WrongExpectedRevisionError;
  expect(conflict.code).toBe('WRONG_EXPECTED_REVISION');
  expect(conflict.stream).toBe(stream);
  expect(conflict.expected).toBe(expected);
  expect(conflict.actual).toBe(actual);
};

const expectStrictlyIncreasing = (positions: readonly bigint[]): void => {
  positions.slice(1).forEach((position, i) => expect(position > positions[i]).toBe(true));
};

const ids = (events: readonly { eventId: string }[]): string[] => events.map((e) => e.eventId);

const revisions = (events: readonly RecordedEvent[]): bigint[] => events.map((e) => e.revision);

const firstN = <T>(source: Observable<T>, count: number): Promise<T[]> =>
  firstValueFrom(source.pipe(take(count), toArray(), timeout(SUBSCRIPTION_TIMEOUT_MS)));

/** Subscribes, collecting until `count` events arrived; the caller ends the subscription. */
const collectUntil = (
  source: Observable<RecordedEvent>,
  count: number,
  onEvent: (event: RecordedEvent) => void = () => undefined,
): { received: RecordedEvent[]; reached: Promise<void>; subscription: Subscription } => {
  const received: RecordedEvent[] = [];
  let subscription = Subscription.EMPTY;
  const reached = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${received.length} of ${count} events arrived`)),
      SUBSCRIPTION_TIMEOUT_MS,
    );
    subscription = source.subscribe({
      next: (event) => {
        received.push(event);
        onEvent(event);
        if (received.length === count) {
          clearTimeout(timer);
          resolve();
        }
      },
      error: (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    });
  });
  return { received, reached, subscription };
};

export const eventStoreContract = (
  name: string,
  makeStore: () => Promise<StoreFixture>,
  options: ContractOptions = {},
): void => {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: EventStore;

    beforeAll(async () => {
      fixture = await makeStore();
      store = fixture.store;
    });
    afterAll(async () => fixture.cleanup());

    /** Appends `count` events in chunks with exact expected revisions; returns the last result. */
    const appendMany = async (stream: string, count: number): Promise<AppendResult> => {
      let expected: ExpectedRevision = 'no-stream';
      let result: AppendResult | undefined;
      for (let done = 0; done < count; done += MANY_EVENTS_APPEND_SIZE) {
        const chunk = someEvents(Math.min(MANY_EVENTS_APPEND_SIZE, count - done));
        result = await store.append(stream, chunk, { expectedRevision: expected });
        expected = result.nextRevision;
      }
      if (result === undefined) throw new Error('appendMany needs at least one event');
      return result;
    };

    it('is ready when open', async () => {
      expect(await store.readiness()).toEqual({ ready: true });
    });

    describe('expected revision', () => {
      it('no-stream: creates a stream, refuses an existing one', async () => {
        const stream = unique('no-stream');
        const result = await store.append(stream, [anEvent()], { expectedRevision: 'no-stream' });
        expect(result.nextRevision).toBe(0n);
        await expectConflict(
          store.append(stream, [anEvent()], { expectedRevision: 'no-stream' }),
          stream,
          'no-stream',
          0n,
        );
      });

      it('stream-exists: refuses a missing stream, appends to an existing one', async () => {
        const stream = unique('stream-exists');
        await expectConflict(
          store.append(stream, [anEvent()], { expectedRevision: 'stream-exists' }),
          stream,
          'stream-exists',
          undefined,
        );
        await store.append(stream, [anEvent()], { expectedRevision: 'no-stream' });
        const result = await store.append(stream, [anEvent()], {
          expectedRevision: 'stream-exists',
        });
        expect(result.nextRevision).toBe(1n);
      });

      it('any: appends whether or not the stream exists', async () => {
        const stream = unique('any');
        expect(
          (await store.append(stream, [anEvent()], { expectedRevision: 'any' })).nextRevision,
        ).toBe(0n);
        expect(
          (await store.append(stream, [anEvent()], { expectedRevision: 'any' })).nextRevision,
        ).toBe(1n);
      });

      it('exact: appends at the current revision, refuses any other', async () => {
        const stream = unique('exact');
        await expectConflict(
          store.append(stream, [anEvent()], { expectedRevision: 0n }),
          stream,
          0n,
          undefined,
        );
        await store.append(stream, someEvents(2), { expectedRevision: 'no-stream' });
        await expectConflict(
          store.append(stream, [anEvent()], { expectedRevision: 0n }),
          stream,
          0n,
          1n,
        );
        await expectConflict(
          store.append(stream, [anEvent()], { expectedRevision: 5n }),
          stream,
          5n,
          1n,
        );
        const result = await store.append(stream, [anEvent()], { expectedRevision: 1n });
        expect(result.nextRevision).toBe(2n);
      });

      it('a refused append writes nothing', async () => {
        const stream = unique('refused');
        await store.append(stream, [anEvent()], { expectedRevision: 'no-stream' });
        await failureOf(store.append(stream, someEvents(3), { expectedRevision: 7n }));
        expect(await collect(store.readStream(stream))).toHaveLength(1);
        expect(await store.streamRevision(stream)).toBe(0n);
      });
    });

    describe('other streams that must be unchanged', () => {
      it('appends while each is where the decision read it', async () => {
        const [stream, other, missing] = [
          unique('cond'),
          unique('cond-other'),
          unique('cond-none'),
        ];
        await store.append(other, someEvents(2), { expectedRevision: 'no-stream' });
        const result = await store.append(stream, [anEvent()], {
          expectedRevision: 'no-stream',
          unchanged: [
            { stream: other, revision: 1n },
            { stream: missing, revision: 'no-stream' },
          ],
        });
        expect(result.nextRevision).toBe(0n);
      });

      it('refuses, naming the stream that moved, and writes nothing', async () => {
        const [stream, other] = [unique('cond'), unique('cond-other')];
        await store.append(other, [anEvent()], { expectedRevision: 'no-stream' });
        const read = await store.streamRevision(other);
        // Another writer records on the other stream after the decision read it.
        await store.append(other, [anEvent('Closed')], { expectedRevision: 0n });
        await expectConflict(
          store.append(stream, [anEvent()], {
            expectedRevision: 'no-stream',
            unchanged: [{ stream: other, revision: read ?? 'no-stream' }],
          }),
          other,
          0n,
          1n,
        );
        expect(await store.streamRevision(stream)).toBeUndefined();
        // A stream read as missing that exists now.
        await expectConflict(
          store.append(stream, [anEvent()], {
            expectedRevision: 'no-stream',
            unchanged: [{ stream: other, revision: 'no-stream' }],
          }),
          other,
          'no-stream',
          1n,
        );
        expect(await collect(store.readStream(stream))).toHaveLength(0);
      });

      it('sees an append to the other stream made just before, not yet awaited', async () => {
        const [stream, other] = [unique('cond'), unique('cond-other')];
        await store.append(other, [anEvent()], { expectedRevision: 'no-stream' });
        const closing = store.append(other, [anEvent('Closed')], { expectedRevision: 0n });
        const deciding = store.append(stream, [anEvent()], {
          expectedRevision: 'no-stream',
          unchanged: [{ stream: other, revision: 0n }],
        });
        await closing;
        await expectConflict(deciding, other, 0n, 1n);
      });

      it('refuses a condition on the stream appended to, or a malformed one', async () => {
        const stream = unique('cond');
        for (const unchanged of [
          [{ stream, revision: 'no-stream' }],
          [{ stream: unique('x'), revision: -1n }],
          [{ stream: '', revision: 'any' }],
        ]) {
          const error = await failureOf(
            store.append(stream, [anEvent()], {
              expectedRevision: 'no-stream',
              unchanged: unchanged as never,
            }),
          );
          expect(error).toBeInstanceOf(InvalidAppendError);
        }
        expect(await store.streamRevision(stream)).toBeUndefined();
      });
    });

    describe('the event the expected revision holds', () => {
      it('appends when the stream ends with the event named, refuses another there', async () => {
        const stream = unique('tip');
        const [first, second] = [anEvent(), anEvent()];
        await store.append(stream, [first], { expectedRevision: 'no-stream' });
        const ours = await store.append(stream, [second], {
          expectedRevision: 0n,
          expectedEventId: first.eventId.toUpperCase(),
        });
        expect(ours.nextRevision).toBe(1n);
        // A writer that expected its own event at revision 1 (`first` again, as if its append
        // had failed and another writer's event had taken the revision) is refused.
        const error = await failureOf(
          store.append(stream, [anEvent()], {
            expectedRevision: 1n,
            expectedEventId: first.eventId,
          }),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({
          stream,
          expected: 1n,
          actual: 1n,
          expectedEventId: first.eventId,
        });
        expect((error as Error).message).toContain(first.eventId);
        expect(await store.streamRevision(stream)).toBe(1n);
      });

      it('refuses the second of two pipelined appends when the first lost its revision', async () => {
        // `ours` expects revision 0 to be followed by its own event; another writer's event
        // takes revision 1 first, so `ours` fails and `next`, naming it, must not land.
        const stream = unique('tip-pipe');
        await store.append(stream, [anEvent()], { expectedRevision: 'no-stream' });
        await store.append(stream, [anEvent('Theirs')], { expectedRevision: 0n });
        const ours = anEvent('Ours');
        const first = store.append(stream, [ours], { expectedRevision: 0n });
        const next = store.append(stream, [anEvent('Next')], {
          expectedRevision: 1n,
          expectedEventId: ours.eventId,
        });
        await expectConflict(first, stream, 0n, 1n);
        await expectConflict(next, stream, 1n, 1n);
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual([
          'ThingHappened',
          'Theirs',
        ]);
      });

      it('answers a repeat of the append as before', async () => {
        const stream = unique('tip-repeat');
        const first = anEvent();
        await store.append(stream, [first], { expectedRevision: 'no-stream' });
        const events = [anEvent()];
        const options = { expectedRevision: 0n, expectedEventId: first.eventId };
        const once = await store.append(stream, events, options);
        expect(await store.append(stream, events, options)).toEqual(once);
        expect(await collect(store.readStream(stream))).toHaveLength(2);
      });

      it('refuses one that is not a uuid, or beside a revision that is not exact', async () => {
        const stream = unique('tip-bad');
        await store.append(stream, [anEvent()], { expectedRevision: 'no-stream' });
        for (const [expectedRevision, expectedEventId] of [
          [0n, 'not-a-uuid'],
          [0n, 42],
          ['any', randomUUID()],
          ['stream-exists', randomUUID()],
          ['no-stream', randomUUID()],
        ] as const) {
          const error = await failureOf(
            store.append(stream, [anEvent()], {
              expectedRevision,
              expectedEventId: expectedEventId as never,
            }),
          );
          expect(error).toBeInstanceOf(InvalidAppendError);
        }
        expect(await store.streamRevision(stream)).toBe(0n);
      });
    });

    describe('atomic appends', () => {
      it('writes all events of one append at consecutive revisions, returns the last position', async () => {
        const stream = unique('atomic');
        const events = someEvents(3);
        const result = await store.append(stream, events, { expectedRevision: 'no-stream' });
        const read = await collect(store.readStream(stream));
        expect(ids(read)).toEqual(ids(events));
        expect(revisions(read)).toEqual([0n, 1n, 2n]);
        expectStrictlyIncreasing(read.map((e) => e.position));
        expect(result).toEqual({ nextRevision: 2n, position: read[2].position });
      });

      it('writes none of them when the append is refused', async () => {
        const stream = unique('atomic-refused');
        await store.append(stream, someEvents(2), { expectedRevision: 'no-stream' });
        await failureOf(store.append(stream, someEvents(5), { expectedRevision: 'no-stream' }));
        expect(await collect(store.readStream(stream))).toHaveLength(2);
      });

      it('reports stream revision and head position', async () => {
        const stream = unique('revision');
        expect(await store.streamRevision(stream)).toBeUndefined();
        const result = await store.append(stream, someEvents(4), { expectedRevision: 'no-stream' });
        expect(await store.streamRevision(stream)).toBe(3n);
        expect((await store.headPosition()) >= result.position).toBe(true);
      });
    });

    describe('idempotent event ids', () => {
      it('appending the same event ids again returns the same result and writes nothing', async () => {
        const stream = unique('idempotent');
        await store.append(stream, [anEvent()], { expectedRevision: 'no-stream' });
        const events = someEvents(3);
        const first = await store.append(stream, events, { expectedRevision: 0n });
        const again = await store.append(stream, events, { expectedRevision: 0n });
        expect(again).toEqual(first);
        const read = await collect(store.readStream(stream));
        expect(read).toHaveLength(4);
        expect(ids(read.slice(1))).toEqual(ids(events));
      });

      it('a retried first append of a stream is idempotent too', async () => {
        const stream = unique('idempotent-first');
        const events = someEvents(2);
        const first = await store.append(stream, events, { expectedRevision: 'no-stream' });
        expect(await store.append(stream, events, { expectedRevision: 'no-stream' })).toEqual(
          first,
        );
        expect(await collect(store.readStream(stream))).toHaveLength(2);
      });
    });

    describe('a moment and the appends in flight', () => {
      it('resolves a moment with the appends called before it that it stamps, committed or not', async () => {
        // Not awaited: the append is called, its event stamped, and the moment asked at once.
        const appending = store.append(unique('in-flight'), [anEvent()], {
          expectedRevision: 'no-stream',
        });
        const resolved = await lastPositionAtOrBefore(store, RECORDED_AT);
        const { position } = await appending;
        // Resolved before the commit, the moment left the event out, and the same moment read
        // afterwards took it in: an answer as of it could not be had again.
        expect(resolved).toBe(position);
        expect(await lastPositionAtOrBefore(store, RECORDED_AT)).toBe(position);
      });
    });

    describe('readStream', () => {
      let stream: string;
      let written: NewEvent[];

      beforeAll(async () => {
        stream = unique('read-stream');
        written = someEvents(5);
        await store.append(stream, written, { expectedRevision: 'no-stream' });
      });

      it('reads forwards by default, with data, positions strictly increasing', async () => {
        const read = await collect(store.readStream(stream));
        expect(ids(read)).toEqual(ids(written));
        expect(revisions(read)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(read.map((e) => e.data)).toEqual(written.map((e) => e.data));
        expect(read.every((e) => e.streamId === stream && e.type === 'ThingHappened')).toBe(true);
        expectStrictlyIncreasing(read.map((e) => e.position));
      });

      it('reads backwards from the end by default', async () => {
        const read = await collect(store.readStream(stream, { direction: 'backwards' }));
        expect(revisions(read)).toEqual([4n, 3n, 2n, 1n, 0n]);
        const fromEnd = await collect(
          store.readStream(stream, { direction: 'backwards', from: 'end' }),
        );
        expect(revisions(fromEnd)).toEqual([4n, 3n, 2n, 1n, 0n]);
      });

      it('starts at `from`, inclusive, in either direction', async () => {
        const forwards = await collect(store.readStream(stream, { from: 2n }));
        expect(revisions(forwards)).toEqual([2n, 3n, 4n]);
        const backwards = await collect(
          store.readStream(stream, { from: 2n, direction: 'backwards' }),
        );
        expect(revisions(backwards)).toEqual([2n, 1n, 0n]);
        const fromStart = await collect(store.readStream(stream, { from: 'start' }));
        expect(fromStart).toHaveLength(5);
        expect(await collect(store.readStream(stream, { from: 9n }))).toEqual([]);
      });

      it('stops at maxCount', async () => {
        const forwards = await collect(store.readStream(stream, { maxCount: 2 }));
        expect(revisions(forwards)).toEqual([0n, 1n]);
        const backwards = await collect(
          store.readStream(stream, { direction: 'backwards', maxCount: 2 }),
        );
        expect(revisions(backwards)).toEqual([4n, 3n]);
        const middle = await collect(store.readStream(stream, { from: 1n, maxCount: 3 }));
        expect(revisions(middle)).toEqual([1n, 2n, 3n]);
        expect(await collect(store.readStream(stream, { maxCount: 0 }))).toEqual([]);
      });

      it('reads a missing stream as empty', async () => {
        expect(await collect(store.readStream(unique('missing')))).toEqual([]);
        expect(
          await collect(store.readStream(unique('missing'), { direction: 'backwards' })),
        ).toEqual([]);
      });

      it('reads a long stream completely in both directions', async () => {
        const long = unique('long');
        await appendMany(long, MANY_EVENTS);
        const forwards = await collect(store.readStream(long));
        expect(forwards).toHaveLength(MANY_EVENTS);
        expect(forwards.every((e, i) => e.revision === BigInt(i))).toBe(true);
        const backwards = await collect(store.readStream(long, { direction: 'backwards' }));
        expect(ids(backwards)).toEqual(ids(forwards).reverse());
        const all = await collect(store.readAll({ filter: { streamPrefix: long } }));
        expect(ids(all)).toEqual(ids(forwards));
      });
    });

    describe('readAll', () => {
      let ns: string;
      let start: bigint;
      let results: AppendResult[];
      let order: string[];

      beforeAll(async () => {
        ns = unique('read-all');
        start = await store.headPosition();
        const fundA = [anEvent(`Allocated-${ns}`), anEvent(`Harvested-${ns}`)];
        const investment = [anEvent(`Proposed-${ns}`)];
        const fundB = [anEvent(`Allocated-${ns}`)];
        results = [
          await store.append(`${ns}/fund-a`, fundA, { expectedRevision: 'no-stream' }),
          await store.append(`${ns}/investment-1`, investment, { expectedRevision: 'no-stream' }),
          await store.append(`${ns}/fund-b`, fundB, { expectedRevision: 'no-stream' }),
        ];
        order = ids([...fundA, ...investment, ...fundB]);
      });

      const readOurs = (options: Parameters<EventStore['readAll']>[0] = {}) =>
        collect(store.readAll({ after: start, filter: { streamPrefix: `${ns}/` }, ...options }));

      it('reads after a position, in position order', async () => {
        const read = await readOurs();
        expect(ids(read)).toEqual(order);
        expect(read.every((e) => e.position > start)).toBe(true);
        expectStrictlyIncreasing(read.map((e) => e.position));
        const unfiltered = await collect(store.readAll({ after: start }));
        expect(ids(unfiltered.filter((e) => e.streamId.startsWith(`${ns}/`)))).toEqual(order);
      });

      it('reads strictly after `after` and up to `upTo` inclusive', async () => {
        const firstAppend = results[0].position;
        expect(ids(await readOurs({ upTo: firstAppend }))).toEqual(order.slice(0, 2));
        expect(ids(await readOurs({ after: firstAppend }))).toEqual(order.slice(2));
        expect(ids(await readOurs({ after: firstAppend, upTo: results[1].position }))).toEqual(
          order.slice(2, 3),
        );
        expect(await readOurs({ after: results[2].position })).toEqual([]);
      });

      it('stops at maxCount', async () => {
        expect(ids(await readOurs({ maxCount: 3 }))).toEqual(order.slice(0, 3));
        expect(await readOurs({ maxCount: 0 })).toEqual([]);
      });

      it('filters by stream prefix, one or several', async () => {
        const funds = await readOurs({ filter: { streamPrefix: `${ns}/fund-` } });
        expect(funds.map((e) => e.streamId)).toEqual([
          `${ns}/fund-a`,
          `${ns}/fund-a`,
          `${ns}/fund-b`,
        ]);
        const several = await readOurs({
          filter: { streamPrefix: [`${ns}/fund-b`, `${ns}/investment-`] },
        });
        expect(ids(several)).toEqual(order.slice(2));
      });

      it('filters by event type, alone or with a prefix', async () => {
        const allocated = await collect(
          store.readAll({ after: start, filter: { eventTypes: [`Allocated-${ns}`] } }),
        );
        expect(ids(allocated)).toEqual([order[0], order[3]]);
        const twoTypes = await collect(
          store.readAll({
            after: start,
            filter: { eventTypes: [`Harvested-${ns}`, `Proposed-${ns}`] },
          }),
        );
        expect(ids(twoTypes)).toEqual([order[1], order[2]]);
        const both = await readOurs({
          filter: { streamPrefix: `${ns}/fund-b`, eventTypes: [`Allocated-${ns}`] },
        });
        expect(ids(both)).toEqual([order[3]]);
      });

      it('filters by a text field of the data, with or without other filters', async () => {
        const dataNs = unique('read-all-data');
        const from = await store.headPosition();
        // Only the first and the last name "x" as text: a number, an object, another field,
        // no data object and a nested field of that name never match.
        const fund = [
          anEvent('Allocated', { investmentId: 'x', amount: '1.00' }),
          anEvent('Allocated', { investmentId: 'y' }),
          anEvent('Allocated', { investmentId: 5 }),
          anEvent('Allocated', { investmentId: { id: 'x' } }),
          anEvent('Allocated', { otherId: 'x', nested: { investmentId: 'x' } }),
          anEvent('Allocated', ['x']),
          anEvent('Reduced', { investmentId: 'x' }),
        ];
        await store.append(`${dataNs}/fund`, fund, { expectedRevision: 'no-stream' });
        const x = { field: 'investmentId', value: 'x' };
        const read = (filter: EventFilter) =>
          collect(
            store.readAll({ after: from, filter: { streamPrefix: `${dataNs}/`, ...filter } }),
          );
        expect(ids(await read({ dataEquals: x }))).toEqual(ids([fund[0], fund[6]]));
        expect(ids(await read({ dataEquals: x, eventTypes: ['Allocated'] }))).toEqual(
          ids([fund[0]]),
        );
        expect(ids(await read({ dataEquals: { field: 'investmentId', value: 'y' } }))).toEqual(
          ids([fund[1]]),
        );
        expect(await read({ dataEquals: { field: 'investmentId', value: '5' } })).toEqual([]);
        // An object's JSON text is not its value either.
        expect(await read({ dataEquals: { field: 'investmentId', value: '{"id":"x"}' } })).toEqual(
          [],
        );
        const unprefixed = await collect(store.readAll({ after: from, filter: { dataEquals: x } }));
        expect(ids(unprefixed)).toEqual(ids([fund[0], fund[6]]));
        // A field that is not a plain name is refused before anything is read, even where
        // there is nothing to read, and by a subscription too.
        const badField = { dataEquals: { field: 'a.b', value: 'x' } };
        const head = await store.headPosition();
        await expect(collect(store.readAll({ filter: badField }))).rejects.toThrow(RangeError);
        await expect(collect(store.readAll({ after: head, filter: badField }))).rejects.toThrow(
          RangeError,
        );
        await expect(firstValueFrom(store.subscribe({ filter: badField }))).rejects.toThrow(
          RangeError,
        );
      });
    });

    describe('subscribe', () => {
      it('catches up, then goes live, with no gap and no duplicate', async () => {
        const ns = unique('subscribe');
        const start = await store.headPosition();
        const before = someEvents(3);
        await store.append(`${ns}/a`, before, { expectedRevision: 'no-stream' });
        const live = collectUntil(
          store.subscribe({ after: start, filter: { streamPrefix: `${ns}/` } }),
          6,
        );
        await sleep(50);
        const after = someEvents(3);
        await store.append(`${ns}/a`, after.slice(0, 2), { expectedRevision: 2n });
        await store.append(`${ns}/b`, after.slice(2), { expectedRevision: 'no-stream' });
        await live.reached;
        await sleep(SETTLE_MS);
        live.subscription.unsubscribe();
        expect(ids(live.received)).toEqual(ids([...before, ...after]));
        expectStrictlyIncreasing(live.received.map((e) => e.position));
      });

      it('appends during catch-up are delivered once, in position order', async () => {
        const ns = unique('catch-up');
        const start = await store.headPosition();
        await appendMany(`${ns}/history`, MANY_EVENTS);
        const extraCount = 20;
        const extra: Promise<AppendResult>[] = [];
        const fireAppends = (): void => {
          if (extra.length > 0) return;
          for (let i = 0; i < extraCount; i += 1) {
            extra.push(
              store.append(`${ns}/during-${i}`, [anEvent()], { expectedRevision: 'no-stream' }),
            );
          }
        };
        const live = collectUntil(
          store.subscribe({ after: start, filter: { streamPrefix: `${ns}/` } }),
          MANY_EVENTS + extraCount,
          fireAppends,
        );
        await live.reached;
        await Promise.all(extra);
        await sleep(SETTLE_MS);
        live.subscription.unsubscribe();
        const expected = await collect(
          store.readAll({ after: start, filter: { streamPrefix: `${ns}/` } }),
        );
        expect(live.received).toHaveLength(MANY_EVENTS + extraCount);
        expect(ids(live.received)).toEqual(ids(expected));
        expectStrictlyIncreasing(live.received.map((e) => e.position));
      });

      it('starts strictly after `after` and honours the filter', async () => {
        const ns = unique('subscribe-after');
        const first = await store.append(`${ns}/a`, someEvents(2), {
          expectedRevision: 'no-stream',
        });
        const typed = anEvent(`Special-${ns}`);
        await store.append(`${ns}/a`, [anEvent(), typed], { expectedRevision: 1n });
        const fromMiddle = await firstN(
          store.subscribe({ after: first.position, filter: { streamPrefix: `${ns}/` } }),
          2,
        );
        expect(fromMiddle.map((e) => e.revision)).toEqual([2n, 3n]);
        const byType = await firstN(
          store.subscribe({ filter: { eventTypes: [`Special-${ns}`] } }),
          1,
        );
        expect(ids(byType)).toEqual([typed.eventId]);
      });

      it('delivers live exactly what a read of the same filter gives, field for field', async () => {
        const ns = unique('live-equals-read');
        const start = await store.headPosition();
        const filters: EventFilter[] = [
          { streamPrefix: `${ns}/` },
          { streamPrefix: [`${ns}/a`, `${ns}/c`] },
          { streamPrefix: `${ns}/`, eventTypes: [`Odd-${ns}`] },
          { streamPrefix: `${ns}/`, dataEquals: { field: 'owner', value: 'anna' } },
        ];
        // Each round appends to several streams in one turn (one group commit where the adapter
        // has them), one of them refused, and repeats an earlier append (idempotent, writes none).
        const rounds = 6;
        const sent: NewEvent[][] = [];
        const append = (stream: string, events: NewEvent[], expected: ExpectedRevision) =>
          store.append(`${ns}/${stream}`, events, { expectedRevision: expected }).then(
            () => 'written',
            () => 'refused',
          );
        const subscriptions = filters.map((filter) => {
          const received: RecordedEvent[] = [];
          const subscription = store.subscribe({ after: start, filter }).subscribe({
            next: (event) => received.push(event),
          });
          return { received, subscription };
        });
        for (let round = 0; round < rounds; round++) {
          const events = [0, 1, 2, 3].map((i) =>
            anEvent(i % 2 === 0 ? `Even-${ns}` : `Odd-${ns}`, {
              round,
              owner: i < 2 ? 'anna' : 'bo',
              amount: `${round}${i}.50`,
              nested: { list: [round, i, null], text: 'å ä ö "quoted"' },
            }),
          );
          sent.push(events);
          const outcomes = await Promise.all([
            append('a', events.slice(0, 2), 'any'),
            append('b', events.slice(2, 3), 'any'),
            append('c', events.slice(3), 'any'),
            append('a', [anEvent()], 'no-stream'),
            ...(round > 0 ? [append('b', sent[round - 1].slice(2, 3), 'any')] : []),
          ]);
          expect(outcomes.slice(0, 4)).toEqual(['written', 'written', 'written', 'refused']);
        }
        await sleep(SETTLE_MS);
        for (const [i, filter] of filters.entries()) {
          subscriptions[i].subscription.unsubscribe();
          const read = await collect(store.readAll({ after: start, filter }));
          expect(read.length).toBeGreaterThan(0);
          expect(subscriptions[i].received).toEqual(read);
        }
      });

      it('stops delivering after unsubscribe', async () => {
        const ns = unique('unsubscribe');
        const start = await store.headPosition();
        await store.append(`${ns}/a`, [anEvent()], { expectedRevision: 'no-stream' });
        const live = collectUntil(
          store.subscribe({ after: start, filter: { streamPrefix: `${ns}/` } }),
          1,
        );
        await live.reached;
        live.subscription.unsubscribe();
        await store.append(`${ns}/a`, someEvents(2), { expectedRevision: 0n });
        await sleep(SETTLE_MS);
        expect(live.received).toHaveLength(1);
      });
    });

    describe('concurrent appenders to one stream', () => {
      const WRITERS = 8;
      const ROUNDS = 5;

      it('with the same exact expected revision: exactly one wins each revision', async () => {
        const stream = unique('race');
        let expected: ExpectedRevision = 'no-stream';
        const winners: string[] = [];
        for (let round = 0; round < ROUNDS; round += 1) {
          const events = Array.from({ length: WRITERS }, () => anEvent());
          const attempts = await Promise.allSettled(
            events.map((event) => store.append(stream, [event], { expectedRevision: expected })),
          );
          const won = attempts.flatMap((attempt, i) =>
            attempt.status === 'fulfilled' ? [events[i].eventId] : [],
          );
          expect(won).toHaveLength(1);
          for (const attempt of attempts) {
            if (attempt.status === 'rejected') {
              expect(attempt.reason).toBeInstanceOf(WrongExpectedRevisionError);
              expect((attempt.reason as WrongExpectedRevisionError).actual).toBe(BigInt(round));
            }
          }
          winners.push(...won);
          expected = BigInt(round);
        }
        expect(ids(await collect(store.readStream(stream)))).toEqual(winners);
      });

      it('writers that retry on conflict end with every event exactly once', async () => {
        const stream = unique('retry');
        const maxAttempts = WRITERS * ROUNDS * 4;
        const write = async (event: NewEvent): Promise<void> => {
          for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
            const current = await store.streamRevision(stream);
            try {
              await store.append(stream, [event], { expectedRevision: current ?? 'no-stream' });
              return;
            } catch (error) {
              if (!(error instanceof WrongExpectedRevisionError)) throw error;
            }
          }
          throw new Error(`no turn after ${maxAttempts} attempts`);
        };
        const writer = async (): Promise<string[]> => {
          const mine = someEvents(ROUNDS);
          for (const event of mine) await write(event);
          return ids(mine);
        };
        const written = (await Promise.all(Array.from({ length: WRITERS }, writer))).flat();
        const read = await collect(store.readStream(stream));
        expect(read.every((e, i) => e.revision === BigInt(i))).toBe(true);
        expect(ids(read).sort()).toEqual([...written].sort());
      });
    });

    it('round-trips data and metadata exactly', async () => {
      const stream = unique('round-trip');
      const event: NewEvent = {
        eventId: randomUUID(),
        type: 'FundsAllocated',
        data: {
          amount: '1250000.00',
          currency: 'SEK',
          period: '2017-Q2',
          note: 'Örebro kommun — e-tjänster',
          nested: { list: [1, 'two', null, true, { deep: 0.5 }] },
          empty: {},
        },
        metadata: metadata({
          actor: { id: 'anna.berg', role: 'finance' },
          correlationId: randomUUID(),
          causationId: randomUUID(),
          schemaVersion: 2,
          reason: 'decision KS 2017-03-01 §42',
          idempotencyKey: 'abc-123',
          extra: { flags: ['a', 'b'] },
        }),
      };
      await store.append(stream, [event], { expectedRevision: 'no-stream' });
      const [read] = await collect(store.readStream(stream));
      expect(read.eventId).toBe(event.eventId);
      expect(read.type).toBe(event.type);
      expect(read.data).toEqual(event.data);
      expect(read.metadata).toEqual(event.metadata);
    });

    it('links every event into a hash chain that verifies', async () => {
      const stream = unique('chain');
      await store.append(stream, someEvents(3), { expectedRevision: 'no-stream' });
      await store.append(stream, someEvents(2), { expectedRevision: 2n });
      const read = await collect(store.readStream(stream));
      expect(read.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
      expect(read.every((e) => /^[0-9a-f]{64}$/.test(e.prevHash))).toBe(true);
      if ((options.chainScope ?? 'global') === 'global') {
        const verification = await verifyChain(store.readAll());
        expect(verification).toMatchObject({ ok: true });
        expect(verification.eventsChecked).toBeGreaterThanOrEqual(5);
      } else {
        expect(await verifyChain(store.readStream(stream), { scope: 'stream' })).toEqual({
          ok: true,
          eventsChecked: 5,
        });
      }
    });

    it('close finishes queued appends, then refuses appends and reports not ready', async () => {
      const own = await makeStore();
      try {
        const pending = Array.from({ length: 10 }, () =>
          own.store.append(unique('closing'), [anEvent()], { expectedRevision: 'no-stream' }),
        );
        await own.store.close();
        expect(await Promise.all(pending)).toHaveLength(10);
        const refused = await failureOf(
          own.store.append(unique('closed'), [anEvent()], { expectedRevision: 'any' }),
        );
        expect(refused).toBeInstanceOf(StoreUnavailableError);
        expect((await own.store.readiness()).ready).toBe(false);
      } finally {
        await own.cleanup();
      }
    });
  });
};
