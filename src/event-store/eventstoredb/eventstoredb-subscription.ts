/**
 * Reading $all through catch-up subscriptions, the one call with which @eventstore/db-client
 * lets the server filter $all (its readAll has no filter).
 *
 * - `readRange` is a bounded, server-filtered read: it subscribes from a position and stops
 *   at the upper bound, at maxCount, or when the server says it has caught up.
 * - `ResilientSubscription` is a subscription that survives drops: it remembers the position
 *   of the last event it delivered and, when the subscription fails with an availability
 *   error (leader change, restart, network), subscribes again from that position after an
 *   exponential backoff. Events at or below it are never delivered again, and the server
 *   resumes strictly after it, so nothing is skipped or repeated.
 * Both start from a position the server knows (see eventstoredb-positions.ts) and skip what
 * lies between it and the position asked for. A subscription first tries to start at its
 * `after` itself: the callers subscribe after a checkpoint, which is a position the server
 * gave an event, so a process that has seen no positions yet (a restart) catches up from its
 * checkpoint instead of reading $all from the start. A position where no record begins is
 * refused by the server; the subscription then starts from the nearest known one instead.
 */
import {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  EventStoreDBClient,
} from '@eventstore/db-client';
import { Subscriber } from 'rxjs';
import {
  EventFilter,
  matchesFilter,
  RecordedEvent,
  StoreUnavailableError,
  SubscribeOptions,
} from '../event-store';
import { openSubscribeToAll } from './eventstoredb-calls';
import { isAvailabilityError, toStoreError } from './eventstoredb-errors';
import { readPosition, serverFilter, toRecordedEvent } from './eventstoredb-events';
import { PositionAnchors } from './eventstoredb-positions';

/** A read pauses the server's stream when this many messages wait for the reader. */
const FEED_HIGH_WATER = 512;
/** ...and resumes it when no more than this many wait. */
const FEED_LOW_WATER = 64;

export interface ResubscribePolicy {
  /** Wait before the first resubscription; doubled for each further failure in a row. */
  readonly baseDelayMs: number;
  /** Longest wait between two attempts. */
  readonly maxDelayMs: number;
  /** Failures in a row before the subscription errors with StoreUnavailableError. */
  readonly maxAttempts: number;
}

/** About five minutes of attempts, most of them five seconds apart: a leader election or a restart. */
export const DEFAULT_RESUBSCRIBE_POLICY: ResubscribePolicy = {
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  maxAttempts: 60,
};

export const backoffDelayMs = (attempt: number, policy: ResubscribePolicy): number =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));

const positionOf = (resolved: AllStreamResolvedEvent): bigint | undefined =>
  resolved.event?.position?.commit ?? resolved.commitPosition;

type FeedItem =
  | { readonly kind: 'event'; readonly resolved: AllStreamResolvedEvent }
  | { readonly kind: 'caught-up' }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'end' };

/**
 * A subscription's messages in arrival order, pulled one at a time with bounded buffering.
 * The client reports caught-up as an event beside its object stream, possibly while events
 * that came before it still wait in the stream's buffer; the marker is queued after those.
 */
class SubscriptionFeed {
  private readonly items: FeedItem[] = [];
  private wake: (() => void) | undefined;
  private eventsBeforeCaughtUp: number | undefined;

  constructor(private readonly subscription: AllStreamSubscription) {
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      this.push({ kind: 'event', resolved });
      this.countDownToCaughtUp();
    });
    subscription.on('caughtUp', () => {
      const buffered = subscription.readableLength;
      if (buffered === 0) this.push({ kind: 'caught-up' });
      else this.eventsBeforeCaughtUp = buffered;
    });
    subscription.on('error', (error: unknown) => this.push({ kind: 'error', error }));
    subscription.on('end', () => this.push({ kind: 'end' }));
  }

  async next(): Promise<FeedItem> {
    for (;;) {
      const item = this.items.shift();
      if (this.items.length <= FEED_LOW_WATER && this.subscription.isPaused()) {
        this.subscription.resume();
      }
      if (item !== undefined) return item;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  close(): void {
    this.subscription.removeAllListeners('data');
    this.subscription.on('error', () => undefined);
    this.subscription.unsubscribe().catch(() => undefined);
  }

  private countDownToCaughtUp(): void {
    if (this.eventsBeforeCaughtUp === undefined) return;
    this.eventsBeforeCaughtUp -= 1;
    if (this.eventsBeforeCaughtUp === 0) {
      this.eventsBeforeCaughtUp = undefined;
      this.push({ kind: 'caught-up' });
    }
  }

  private push(item: FeedItem): void {
    this.items.push(item);
    if (this.items.length >= FEED_HIGH_WATER) this.subscription.pause();
    this.wake?.();
  }
}

export interface ReadRange {
  /** The ledger's namespace on the server ('' for none). */
  readonly namespace: string;
  /** Events strictly after this position (0n: from the beginning). */
  readonly after: bigint;
  /** ...up to this position, inclusive. */
  readonly upTo: bigint;
  readonly filter: EventFilter | undefined;
  readonly maxCount: number;
}

/** The ledger's events in (after, upTo], filtered by the server, in position order. */
export async function* readRange(
  client: EventStoreDBClient,
  range: ReadRange,
  anchors: PositionAnchors,
): AsyncGenerator<RecordedEvent> {
  const feed = new SubscriptionFeed(
    openSubscribeToAll(client, {
      fromPosition: readPosition(anchors.floor(range.after)),
      filter: serverFilter(range.filter, range.namespace),
    }),
  );
  let remaining = range.maxCount;
  try {
    for (;;) {
      const item = await feed.next();
      if (item.kind === 'caught-up' || item.kind === 'end') return;
      if (item.kind === 'error') throw toStoreError(item.error, 'read');
      const position = positionOf(item.resolved);
      if (position === undefined) continue;
      anchors.add(position);
      if (position <= range.after) continue;
      if (position > range.upTo) return;
      const event = toRecordedEvent(item.resolved, range.namespace);
      if (event !== undefined && matchesFilter(event, range.filter)) {
        yield event;
        remaining -= 1;
        if (remaining <= 0) return;
      }
      if (position === range.upTo) return;
    }
  } finally {
    feed.close();
  }
}

/** One `subscribe()` observer's subscription to $all, resubscribing after drops. */
export class ResilientSubscription {
  /** Every position at or below it has been delivered (or filtered out). */
  private cursor: bigint;
  private current: AllStreamSubscription | undefined;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  /** `after`, tried once as the start (see above); undefined once tried or not worth it. */
  private untriedStart: bigint | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
    private readonly subscriber: Subscriber<RecordedEvent>,
    private readonly policy: ResubscribePolicy,
    private readonly namespace: string,
    private readonly anchors: PositionAnchors,
  ) {
    this.cursor = options.after ?? 0n;
    const known = anchors.floor(this.cursor);
    this.untriedStart = known < this.cursor ? this.cursor : undefined;
  }

  start(): void {
    if (this.stopped) return;
    let subscription: AllStreamSubscription;
    try {
      subscription = openSubscribeToAll(this.client, {
        fromPosition: readPosition(this.untriedStart ?? this.anchors.floor(this.cursor)),
        filter: serverFilter(this.options.filter, this.namespace),
      });
    } catch (error) {
      this.fail(toStoreError(error, 'subscribe'));
      return;
    }
    this.current = subscription;
    subscription.on('data', (resolved: AllStreamResolvedEvent) =>
      this.deliver(subscription, resolved),
    );
    subscription.on('caughtUp', () => {
      if (subscription !== this.current) return;
      this.failures = 0;
      this.startAccepted();
    });
    subscription.on('error', (error: unknown) => this.dropped(subscription, error));
    subscription.on('end', () =>
      this.dropped(subscription, new StoreUnavailableError('EventStoreDB ended the subscription')),
    );
  }

  /** The observer unsubscribed. */
  stop(): void {
    this.stopped = true;
    if (this.retry !== undefined) clearTimeout(this.retry);
    this.retry = undefined;
    const subscription = this.current;
    this.current = undefined;
    if (subscription !== undefined) this.release(subscription);
  }

  /** The store is closing: the observer sees the end of the stream. */
  complete(): void {
    if (this.stopped) return;
    this.stop();
    this.subscriber.complete();
  }

  private deliver(subscription: AllStreamSubscription, resolved: AllStreamResolvedEvent): void {
    if (subscription !== this.current || this.stopped) return;
    const position = positionOf(resolved);
    if (position === undefined) return;
    this.anchors.add(position);
    this.startAccepted();
    // At or below the cursor: before `after`, or delivered before a resubscription.
    if (position <= this.cursor) return;
    this.cursor = position;
    this.failures = 0;
    const event = toRecordedEvent(resolved, this.namespace);
    if (event !== undefined && matchesFilter(event, this.options.filter))
      this.subscriber.next(event);
  }

  /** The server read from the tried start, so a record begins there. */
  private startAccepted(): void {
    if (this.untriedStart !== undefined) this.anchors.add(this.untriedStart);
    this.untriedStart = undefined;
  }

  private dropped(subscription: AllStreamSubscription, error: unknown): void {
    if (subscription !== this.current || this.stopped) return;
    this.current = undefined;
    this.release(subscription);
    if (this.untriedStart !== undefined) {
      // Refused before reading anything: most likely no record begins at `after` (the client
      // does not always tell that apart from a transport error). Start again from a position
      // the server gave, at once.
      this.untriedStart = undefined;
      this.start();
      return;
    }
    if (!isAvailabilityError(error) && !(error instanceof StoreUnavailableError)) {
      this.fail(toStoreError(error, 'subscribe'));
      return;
    }
    this.failures += 1;
    if (this.failures > this.policy.maxAttempts) {
      this.fail(
        new StoreUnavailableError(
          `EventStoreDB subscription lost: ${this.policy.maxAttempts} attempts to resubscribe failed`,
          { cause: error },
        ),
      );
      return;
    }
    this.retry = setTimeout(
      () => {
        this.retry = undefined;
        this.start();
      },
      backoffDelayMs(this.failures, this.policy),
    );
  }

  private release(subscription: AllStreamSubscription): void {
    subscription.removeAllListeners('data');
    subscription.removeAllListeners('end');
    subscription.on('error', () => undefined);
    subscription.unsubscribe().catch(() => undefined);
  }

  private fail(error: unknown): void {
    this.stop();
    this.subscriber.error(error);
  }
}
