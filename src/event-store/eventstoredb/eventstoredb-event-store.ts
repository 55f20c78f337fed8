/**
 * The event store port on EventStoreDB (and KurrentDB, which speaks the same protocol)
 * through @eventstore/db-client. Requires a server of version 23.10 or later: reads of $all
 * stop at the caught-up message those servers send.
 *
 * Appends
 * - Expected revisions map one to one: no-stream → NO_STREAM, exact → the revision, and the
 *   server's wrong-expected-version answer becomes WrongExpectedRevisionError naming the
 *   stream, the caller's expectation and the actual revision.
 * - Each event carries its stream's chain link in its metadata (see eventstoredb-events.ts).
 *   The link needs the hash of the stream's last event, so every append first reads the
 *   stream's tail and is then sent with the exact revision it linked to: a concurrent writer
 *   makes it fail rather than fork the chain. So `any` and `stream-exists` go to the server as
 *   the exact revision seen (never as ANY / STREAM_EXISTS, which would let two appends link
 *   to the same event), `stream-exists` on a missing stream is refused as the server would,
 *   and both are retried a bounded number of times when another writer got in between.
 * - The process's appends run one after another in the order they were called, whatever
 *   their streams (inCallOrder): the command handler pipelines on that, a stream a decision
 *   read (`unchanged`) cannot move between its check and the append, and recorded time grows
 *   with position.
 * - Event ids pass through, so the server's idempotency applies: repeating an append with
 *   the same ids and the same expected revision answers as the first time and writes
 *   nothing. With `any` or `stream-exists` a repeat is recognised while its events are still
 *   the last ones of the stream.
 * - An append whose answer is lost (the connection cut after the server committed) is read
 *   back from the stream: answered if its events are there, StoreOutcomeUnknownError if the
 *   stream cannot be read either.
 *
 * Reads
 * - A missing stream reads as empty. Positions are commit positions: they strictly increase
 *   over $all but are not contiguous. `after` may be any position (eventstoredb-positions.ts).
 * - With a namespace, every stream carries it as a prefix on the server and readers see
 *   streams without it, so several ledgers (or test runs) can share one server.
 * - $all is read through filtered catch-up subscriptions (the client's readAll has no
 *   filter), and only the ledger's events are returned: never the server's own, whose
 *   streams and types start with `$`.
 * - `subscribe` resubscribes with backoff when the server drops it, from the last position
 *   it delivered (eventstoredb-subscription.ts).
 */
import {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  ReadRevision,
  StreamNotFoundError,
  StreamingRead,
  ResolvedEvent,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { Observable } from 'rxjs';
import {
  AppendOptions,
  AppendResult,
  checkFilter,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  Readiness,
  ReadStreamOptions,
  RecordedEvent,
  StoreOutcomeUnknownError,
  StoreUnavailableError,
  StreamCondition,
  SubscribeOptions,
  WrongExpectedRevisionError,
} from '../event-store';
import { GENESIS_HASH } from '../hash-chain';
import {
  checkConditions,
  checkExpectedEventId,
  requireExpectedEvent,
  requireUnchanged,
} from '../stream-conditions';
import { openReadAll, openReadStream } from './eventstoredb-calls';
import { toStoreError } from './eventstoredb-errors';
import { chainEvents, isLedgerEvent, readPosition, toRecordedEvent } from './eventstoredb-events';
import { PositionAnchors } from './eventstoredb-positions';
import {
  checkCount,
  checkExpectedRevision,
  checkStreamId,
  PreparedEvent,
  prepareEvents,
} from './eventstoredb-limits';
import {
  DEFAULT_RESUBSCRIBE_POLICY,
  readRange,
  ResilientSubscription,
  ResubscribePolicy,
} from './eventstoredb-subscription';

export {
  MAX_APPEND_BYTES,
  MAX_EVENT_TYPE_LENGTH,
  MAX_EVENTS_PER_APPEND,
  MAX_STREAM_ID_LENGTH,
} from './eventstoredb-limits';
export { CHAIN_METADATA_KEY } from './eventstoredb-events';
export { DEFAULT_RESUBSCRIBE_POLICY, ResubscribePolicy } from './eventstoredb-subscription';

export { EVENTSTOREDB_CHAIN_SCOPE } from './eventstoredb-chain-scope';
/** Attempts of an `any` / `stream-exists` append that keeps losing the race to other writers. */
export const MAX_UNCHECKED_APPEND_ATTEMPTS = 10;
/** Events read per step when looking backwards for the ledger's last event in $all. */
export const HEAD_SCAN_PAGE_SIZE = 100;
/** How many of the server's own events may follow the ledger's last one before headPosition gives up. */
export const HEAD_SCAN_MAX_EVENTS = 100_000;
/** How long readiness waits for the server before reporting it not ready. */
export const READINESS_TIMEOUT_MS = 2_000;
/** Reads of a stream after its append's answer was lost, and the pause between them. */
export const READ_BACK_ATTEMPTS = 3;
export const READ_BACK_PAUSE_MS = 250;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface EventStoreDbOptions {
  readonly resubscribe?: ResubscribePolicy;
  /**
   * A prefix every stream of this ledger carries on the server, so that several ledgers (or
   * test runs) can share one server without seeing each other. Readers never see it.
   */
  readonly namespace?: string;
}

/** Longest namespace accepted. */
export const MAX_NAMESPACE_LENGTH = 64;

const checkNamespace = (namespace: string): string => {
  if (namespace.length > MAX_NAMESPACE_LENGTH || namespace.startsWith('$')) {
    throw new RangeError(
      `namespace ${JSON.stringify(namespace)}: at most ${MAX_NAMESPACE_LENGTH} characters, not starting with $`,
    );
  }
  return namespace;
};

interface AppendRequest {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly unchanged: readonly StreamCondition[];
  /** The id of the event the expected revision holds (AppendOptions.expectedEventId). */
  readonly expectedEventId: string | undefined;
  readonly events: readonly PreparedEvent[];
}

/** What an append does once it has seen the stream's tail. */
type AppendPlan =
  | { readonly kind: 'refuse'; readonly actual: bigint | undefined }
  | { readonly kind: 'repeat'; readonly result: AppendResult }
  | {
      readonly kind: 'send';
      readonly expected: AppendExpectedRevision;
      readonly prevHash: string;
      readonly firstRevision: bigint;
    };

const sameIds = (tail: readonly RecordedEvent[], events: readonly PreparedEvent[]): boolean =>
  tail.length === events.length && tail.every((event, i) => event.eventId === events[i].eventId);

/** `tail` is newest first. */
const planAppend = (request: AppendRequest, tail: readonly RecordedEvent[]): AppendPlan => {
  const head = tail[0];
  const next = (): AppendPlan => ({
    kind: 'send',
    expected: head === undefined ? NO_STREAM : head.revision,
    prevHash: head?.hash ?? GENESIS_HASH,
    firstRevision: head === undefined ? 0n : head.revision + 1n,
  });
  const expected = request.expected;
  switch (expected) {
    case 'no-stream':
      // When the stream exists the server answers a repeat or a conflict; nothing is linked.
      return { kind: 'send', expected: NO_STREAM, prevHash: GENESIS_HASH, firstRevision: 0n };
    case 'stream-exists':
    case 'any': {
      if (expected === 'stream-exists' && head === undefined)
        return { kind: 'refuse', actual: undefined };
      const repeated = [...tail].reverse();
      if (head !== undefined && sameIds(repeated, request.events)) {
        return { kind: 'repeat', result: { nextRevision: head.revision, position: head.position } };
      }
      return next();
    }
    default:
      if (head === undefined || head.revision < expected)
        return { kind: 'refuse', actual: head?.revision };
      // Past the expected revision the server only answers a repeat or a conflict, so the link
      // computed from the head is never stored.
      return { kind: 'send', expected, prevHash: head.hash, firstRevision: expected + 1n };
  }
};

export class EventStoreDbEventStore implements EventStore {
  /**
   * The last append called, settled or not: the next waits for it (one append at a time, in
   * call order, whatever its stream; see append).
   */
  private lane: Promise<unknown> = Promise.resolve();
  /**
   * The earliest recorded time of each append called and not yet settled, in call order (the
   * lane settles them in that order): what settleRecordedUpTo waits for.
   */
  private readonly pendingStamps: string[] = [];
  private readonly subscriptions = new Set<ResilientSubscription>();
  private readonly resubscribe: ResubscribePolicy;
  private readonly namespace: string;
  /** Positions the server has shown: where a read of $all may start. */
  private readonly anchors = new PositionAnchors();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbOptions = {},
  ) {
    this.resubscribe = options.resubscribe ?? DEFAULT_RESUBSCRIBE_POLICY;
    this.namespace = checkNamespace(options.namespace ?? '');
  }

  /** A store on the server (or cluster) a connection string names, e.g. esdb://host:2113?tls=false. */
  static connect(
    connectionString: string,
    options: EventStoreDbOptions = {},
  ): EventStoreDbEventStore {
    return new EventStoreDbEventStore(
      EventStoreDBClient.connectionString(connectionString),
      options,
    );
  }

  append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    let request: AppendRequest;
    try {
      this.ensureOpen('append');
      const checked = checkStreamId(stream);
      const expected = checkExpectedRevision(checked, options?.expectedRevision);
      request = {
        stream: checked,
        expected,
        expectedEventId: checkExpectedEventId(checked, expected, options?.expectedEventId),
        unchanged: checkConditions(checked, options?.unchanged, {
          streamId: checkStreamId,
          expectedRevision: checkExpectedRevision,
        }),
        events: prepareEvents(checked, events),
      };
    } catch (error) {
      return Promise.reject(error);
    }
    const stamp = request.events
      .map((event) => String(event.metadata.recordedAt))
      .reduce((min, at) => (at < min ? at : min));
    this.pendingStamps.push(stamp);
    const appended = this.inCallOrder(() => this.appendNow(request));
    const settled = (): void => {
      this.pendingStamps.splice(this.pendingStamps.indexOf(stamp), 1);
    };
    appended.then(settled, settled);
    return appended;
  }

  /**
   * Waits for the lane as it stands when an append called before holds an event recorded by
   * `instant`: the lane settles appends in call order, so that one wait covers every earlier
   * one, and appends called meanwhile (a moment later than now is stamped by each of them) do
   * not hold the read up.
   */
  async settleRecordedUpTo(instant: string): Promise<void> {
    if (this.pendingStamps.some((stamp) => stamp <= instant)) await this.lane;
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    this.ensureOpen('read');
    const maxCount = checkCount(options.maxCount);
    if (maxCount === 0) return;
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const reading = this.readStreamCall(stream, {
      fromRevision: fromRevision(options.from, forwards),
      direction: forwards ? FORWARDS : BACKWARDS,
      maxCount: Number.isFinite(maxCount) ? maxCount : undefined,
    });
    yield* this.recordedEvents(reading);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.ensureOpen('read');
    checkFilter(options.filter);
    const maxCount = checkCount(options.maxCount);
    const after = options.after ?? 0n;
    if (maxCount === 0) return;
    const upTo = options.upTo ?? (await this.headPosition());
    if (after >= upTo) return;
    yield* readRange(
      this.client,
      {
        after,
        upTo,
        filter: options.filter,
        maxCount,
        namespace: this.namespace,
      },
      this.anchors,
    );
  }

  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      if (this.closing !== undefined) {
        subscriber.complete();
        return undefined;
      }
      try {
        checkFilter(options.filter);
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      const subscription = new ResilientSubscription(
        this.client,
        options,
        subscriber,
        this.resubscribe,
        this.namespace,
        this.anchors,
      );
      this.subscriptions.add(subscription);
      subscription.start();
      return () => {
        subscription.stop();
        this.subscriptions.delete(subscription);
      };
    });
  }

  /**
   * After every append this process called before it has settled: a decision that reads the
   * revision (an allocation's check of its investment) then sees an append already on its way
   * (the investment's approval), rather than a revision that append is about to move, which
   * would fail the decision's append and every one pipelined behind it on its own stream.
   */
  async streamRevision(stream: string): Promise<bigint | undefined> {
    this.ensureOpen('read');
    await this.lane;
    return this.revisionNow(stream);
  }

  /** The stream's revision on the server now (inside an append: not behind the lane). */
  private async revisionNow(stream: string): Promise<bigint | undefined> {
    const [head] = await this.tail(stream, 1);
    return head?.revision;
  }

  /**
   * The position of the ledger's last event. The server's own events may come after it (a
   * node writes statistics), so $all is read backwards past them.
   */
  async headPosition(): Promise<bigint> {
    this.ensureOpen('read');
    let from: bigint | undefined;
    // Usually the last event is the ledger's: ask for one, then for more while it is not.
    let pageSize = 1;
    for (let scanned = 0; scanned < HEAD_SCAN_MAX_EVENTS; scanned += pageSize) {
      const page = await this.readAllBackwards(from, pageSize);
      const ledger = page.find(
        (resolved) => resolved.event !== undefined && isLedgerEvent(resolved.event, this.namespace),
      );
      const position = ledger?.event?.position?.commit;
      if (position !== undefined) return position;
      if (page.length < pageSize) return 0n;
      from = page[page.length - 1].event?.position?.commit;
      if (from === undefined) return 0n;
      pageSize = HEAD_SCAN_PAGE_SIZE;
    }
    throw new StoreUnavailableError(
      `EventStoreDB: no ledger event among the last ${HEAD_SCAN_MAX_EVENTS} events of $all`,
    );
  }

  async readiness(): Promise<Readiness> {
    if (this.closing !== undefined) return { ready: false, reason: 'the event store is closed' };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)),
        READINESS_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.readAllBackwards(undefined, 1), timeout]);
      return { ready: true };
    } catch (error) {
      return { ready: false, reason: `EventStoreDB cannot be read: ${(error as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Lets queued appends finish, completes the subscriptions, then closes the connection. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await this.lane;
    for (const subscription of this.subscriptions) subscription.complete();
    this.subscriptions.clear();
    await this.client.dispose();
  }

  private ensureOpen(doing: string): void {
    if (this.closing !== undefined)
      throw new StoreUnavailableError(`event store is closed (${doing})`);
  }

  /**
   * Runs `work` once every append called before it has finished: the process's appends reach
   * the server one at a time, in call order. EventStoreDB has no transaction over two streams
   * and orders appends to different streams as they reach it, so with appends in flight side by
   * side (one queue per stream, as before):
   * - a close called just after an allocation could commit between the allocation's check of
   *   the investment's stream and its append (AppendOptions.unchanged), leaving money allocated
   *   to a closed investment, never approved;
   * - a command stamped later, on a new stream, could commit before commands stamped earlier on
   *   another, so recorded time went back along the ledger and an as-of moment between the
   *   stamps showed an event recorded after it (the command handler stamps in call order).
   * The price is one round trip to the server per append, for the whole process. Appends from
   * another instance are not ordered with these (docs/DOMAIN.md).
   */
  private inCallOrder<T>(work: () => Promise<T>): Promise<T> {
    const result = this.lane.then(work);
    this.lane = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async appendNow(request: AppendRequest): Promise<AppendResult> {
    const unchecked = request.expected === 'any' || request.expected === 'stream-exists';
    const attempts = unchecked ? MAX_UNCHECKED_APPEND_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.appendOnce(request);
      } catch (error) {
        const lostRace =
          error instanceof WrongExpectedRevisionError && unchecked && attempt < attempts;
        if (!lostRace) throw error;
      }
    }
  }

  private async appendOnce(request: AppendRequest): Promise<AppendResult> {
    const { stream, events } = request;
    const tail = request.expected === 'no-stream' ? [] : await this.tail(stream, events.length);
    const plan = planAppend(request, tail);
    if (plan.kind === 'refuse')
      throw new WrongExpectedRevisionError(stream, request.expected, plan.actual);
    if (plan.kind === 'repeat') return plan.result;
    // A revision's event never changes once written, so the tail read is the event the
    // append links to for good. Past the expected revision the server answers a repeat or a
    // conflict, so only a stream at that revision is judged here.
    if (tail[0]?.revision === request.expected) {
      requireExpectedEvent(stream, tail[0].revision, request.expectedEventId, tail[0].eventId);
    }
    // The server has no transaction over two streams: the other streams are read just before
    // the append. No append of this process can come between (inCallOrder); one from another
    // instance in those milliseconds is not seen. The embedded store checks them in the
    // append's own transaction.
    for (const condition of request.unchanged) {
      requireUnchanged(condition, await this.revisionNow(condition.stream));
    }
    const chained = chainEvents(stream, events, plan.prevHash, plan.firstRevision);
    let written;
    try {
      written = await this.client.appendToStream(this.namespace + stream, chained.events, {
        expectedRevision: plan.expected,
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion === NO_STREAM ? undefined : error.actualVersion;
        throw new WrongExpectedRevisionError(stream, request.expected, actual);
      }
      const failure = toStoreError(error, 'append');
      if (!(failure instanceof StoreUnavailableError)) throw failure;
      return this.readBack(stream, events, failure);
    }
    const nextRevision = written.nextExpectedRevision;
    // One event: the server's position is that event's. Several, or a repeat (which may
    // carry no position): the last event's position is read back.
    const position =
      events.length === 1 && written.position !== undefined
        ? written.position.commit
        : await this.positionOf(stream, nextRevision);
    this.anchors.add(position);
    return { nextRevision, position };
  }

  /**
   * The answer to an append that was lost (the connection cut, a deadline passed), read back
   * from the stream: the server may have committed the append before its answer went missing.
   * Its events at the stream's end: it holds, and is answered as it would have been. Not
   * there: nothing was recorded (`failure`). Unreadable too: the outcome is unknown, and the
   * error says so, so no one is told "nothing was recorded" of an append that was.
   */
  private async readBack(
    stream: string,
    events: readonly PreparedEvent[],
    failure: StoreUnavailableError,
  ): Promise<AppendResult> {
    let tail: RecordedEvent[] | undefined;
    for (let attempt = 1; tail === undefined; attempt += 1) {
      try {
        tail = await this.tail(stream, events.length);
      } catch (error) {
        if (attempt >= READ_BACK_ATTEMPTS) {
          throw new StoreOutcomeUnknownError(
            `EventStoreDB did not answer the append to ${stream} (${failure.message}), ` +
              `and it could not be read back: it may have been recorded`,
            { cause: error },
          );
        }
        await delay(READ_BACK_PAUSE_MS);
      }
    }
    const [head] = tail;
    if (head === undefined || !sameIds([...tail].reverse(), events)) throw failure;
    this.anchors.add(head.position);
    return { nextRevision: head.revision, position: head.position };
  }

  /** One of the ledger's streams, read through the client (drained: see eventstoredb-calls). */
  private readStreamCall(
    stream: string,
    options: Parameters<EventStoreDBClient['readStream']>[1],
  ): ReturnType<EventStoreDBClient['readStream']> {
    return openReadStream(this.client, this.namespace + stream, options);
  }

  private async positionOf(stream: string, revision: bigint): Promise<bigint> {
    const reading = this.readStreamCall(stream, {
      fromRevision: revision,
      direction: FORWARDS,
      maxCount: 1,
    });
    for await (const event of this.recordedEvents(reading)) {
      return event.position;
    }
    throw new StoreUnavailableError(
      `EventStoreDB acknowledged ${stream}@${revision} but does not return it`,
    );
  }

  /** The stream's last `count` events, newest first; empty for a missing stream. */
  private async tail(stream: string, count: number): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    const reading = this.readStreamCall(stream, {
      fromRevision: END,
      direction: BACKWARDS,
      maxCount: count,
    });
    for await (const event of this.recordedEvents(reading)) out.push(event);
    return out;
  }

  /** A page of $all backwards from before `before` (from the end when undefined), raw. */
  private async readAllBackwards(
    before: bigint | undefined,
    count: number,
  ): Promise<AllStreamResolvedEvent[]> {
    const out: AllStreamResolvedEvent[] = [];
    const reading = openReadAll(this.client, {
      fromPosition: before === undefined ? END : readPosition(before),
      direction: BACKWARDS,
      maxCount: count,
    });
    try {
      for await (const resolved of reading) {
        const position = resolved.event?.position?.commit;
        if (position !== undefined) this.anchors.add(position);
        out.push(resolved);
      }
    } catch (error) {
      throw toStoreError(error, 'read');
    }
    return out;
  }

  /** The port's events from a stream read; a missing stream is empty. */
  private async *recordedEvents(
    reading: StreamingRead<ResolvedEvent>,
  ): AsyncGenerator<RecordedEvent> {
    try {
      for await (const resolved of reading) {
        const event = toRecordedEvent(resolved, this.namespace);
        if (event === undefined) continue;
        this.anchors.add(event.position);
        yield event;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw toStoreError(error, 'read');
    } finally {
      if (!reading.readableEnded) reading.cancel().catch(() => undefined);
    }
  }
}

const fromRevision = (from: ReadStreamOptions['from'], forwards: boolean): ReadRevision => {
  if (from === undefined) return forwards ? 'start' : END;
  if (from === 'start' || from === 'end') return from;
  if (from < 0n) throw new RangeError(`revision ${from} is negative`);
  return from;
};
