/**
 * Test double: an event store whose appends fail on demand with StoreUnavailableError, as the
 * embedded store's do when the disk is full or the file turned read-only. Everything else
 * (reads, subscriptions, readiness) goes to the real store underneath.
 */
import { Observable } from 'rxjs';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  Readiness,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreUnavailableError,
  SubscribeOptions,
} from '../../../src/event-store/event-store';

export class FailingEventStore implements EventStore {
  private failing: ((stream: string) => boolean) | undefined;
  /** Appends refused since the store was made. */
  refused = 0;

  constructor(private readonly inner: EventStore) {}

  /** From now on, appends to the streams `which` picks fail (all streams by default). */
  failAppends(which: (stream: string) => boolean = () => true): void {
    this.failing = which;
  }

  /** The fault clears: appends go through again. */
  heal(): void {
    this.failing = undefined;
  }

  append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    if (this.failing?.(stream)) {
      this.refused += 1;
      return Promise.reject(
        new StoreUnavailableError(
          `event store append failed: SQLITE_FULL database or disk is full`,
        ),
      );
    }
    return this.inner.append(stream, events, options);
  }

  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readAll(options);
  }

  subscribe(options?: SubscribeOptions): Observable<RecordedEvent> {
    return this.inner.subscribe(options);
  }

  streamRevision(stream: string): Promise<bigint | undefined> {
    return this.inner.streamRevision(stream);
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  settleRecordedUpTo(instant: string): Promise<void> {
    return this.inner.settleRecordedUpTo(instant);
  }

  readiness(): Promise<Readiness> {
    return this.inner.readiness();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
