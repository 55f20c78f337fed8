/**
 * The embedded event store: one SQLite file (better-sqlite3) in WAL mode with
 * synchronous=FULL, so an append is acknowledged only once it is on disk.
 *
 * Durable throughput comes from group commit: appends are queued and the queue is written by
 * one transaction (one fsync) on the next turn of the event loop, each append keeping its
 * own result or error. Every event links into one global hash chain (see ../hash-chain.ts).
 */
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Observable, Subject, Subscriber } from 'rxjs';
import {
  AppendOptions,
  AppendResult,
  checkedDataField,
  checkFilter,
  EventFilter,
  LedgerDamagedError,
  matchesFilter,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  Readiness,
  RecordedEvent,
  StoreUnavailableError,
  SubscribeOptions,
  EventStore,
} from '../event-store';
import { openPrivateSqlite } from '../../infra/private-file';
import { oncePerTurn } from '../../shared/once-per-turn';
import { AppendRequest, BatchResult, commitBatch } from './sqlite-commit';
import { toStoreError } from './sqlite-errors';
import {
  checkExpectedRevision,
  checkStreamId,
  MAX_EVENTS_PER_COMMIT,
  prepareEvents,
  READ_PAGE_SIZE,
} from './sqlite-limits';
import {
  isNarrow,
  NARROW_PREFIX_MAX_ROWS,
  TYPES_PLAN,
  prefixBounds,
  ReadAllPlan,
  SCAN_PLAN,
  singlePrefix,
} from './sqlite-read-plan';
import { migrate, readTimeOrderedFrom } from './sqlite-schema';
import { OtherWritersWatch } from './other-writers';
import {
  EventRow,
  MAX_SQLITE_INTEGER,
  prepareStatements,
  Statements,
  LinkRow,
  storedLinkOf,
  toRecordedEvent,
} from './sqlite-statements';
import {
  ChainRules,
  GENESIS_HASH,
  intactFromTexts,
  LinkReader,
  LinkToCheck,
  TIME_ORDERED_GENESIS_HASH,
  TimeOrderedChain,
  WritesByOthers,
} from '../hash-chain';
import { checkConditions, checkExpectedEventId } from '../stream-conditions';
import { firstDuplicateKey } from '../duplicate-keys';

const duplicateKeyOf = (text: unknown): string | undefined =>
  typeof text === 'string' ? firstDuplicateKey(text) : undefined;

const RECORDED_AT = 'recordedAt';

/**
 * Whether a metadata text may name recordedAt as a key more than once: it holds the word twice
 * (in a key or not, spaced as it may be), or a \u escape, the only way a key can spell a letter
 * of it otherwise. The store writes neither for one key; for such a text, its hash recomputing
 * from the text says nothing about which copy a reader takes. Two scans of a short text, where
 * a full duplicate-key check of every link would cost a verification about three quarters of
 * its hashing.
 */
const mayNameRecordedTimeTwice = (metadataJson: string): boolean =>
  metadataJson.indexOf(RECORDED_AT, metadataJson.indexOf(RECORDED_AT) + 1) >= 0 ||
  metadataJson.includes('\\u');

export {
  MAX_APPEND_BYTES,
  MAX_EVENT_BYTES,
  MAX_EVENT_TYPE_LENGTH,
  MAX_EVENTS_PER_APPEND,
  MAX_EVENTS_PER_COMMIT,
  MAX_STREAM_ID_LENGTH,
  READ_PAGE_SIZE,
} from './sqlite-limits';
export { SCHEMA_VERSION, SchemaVersionError } from './sqlite-schema';

/**
 * While a verification reads links whole (their texts are not the canonical JSON hashed: a
 * file written before they were), one in this many is still tried from its texts (readLinks).
 */
export const TEXT_LINK_PROBE_EVERY = 4_096;

/** How long a write waits for another connection's lock before it fails as unavailable. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export interface SqliteEventStoreOptions {
  readonly busyTimeoutMs?: number;
}

/** Counters since open; `commits` below `appends` is group commit at work. */
export interface SqliteEventStoreStats {
  /** Append transactions run (each is one fsync when it wrote something). */
  readonly commits: number;
  /** Appends acknowledged, idempotent repeats included. */
  readonly appends: number;
  readonly eventsWritten: number;
}

interface PendingAppend extends AppendRequest {
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** What one commit wrote, in position order (never empty). */
type Committed = readonly RecordedEvent[];

/** A subscription's progress: every position at or below `cursor` has been delivered. */
interface SubscriptionState {
  cursor: bigint;
  stopped: boolean;
  running: boolean;
  again: boolean;
}

const checkCount = (maxCount: number | undefined): number => {
  if (maxCount === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`maxCount ${maxCount} is not a non-negative integer`);
  }
  return maxCount;
};

const startRevision = (from: ReadStreamOptions['from'], forwards: boolean): bigint => {
  if (from === undefined) return forwards ? 0n : MAX_SQLITE_INTEGER;
  if (from === 'start') return 0n;
  if (from === 'end') return MAX_SQLITE_INTEGER;
  if (from < 0n) throw new RangeError(`revision ${from} is negative`);
  return from;
};

const filterParams = (filter: EventFilter | undefined) => {
  const prefixes = filter?.streamPrefix;
  const dataEquals = filter?.dataEquals;
  return {
    types: filter?.eventTypes === undefined ? null : JSON.stringify(filter.eventTypes),
    dataPath: dataEquals === undefined ? null : `$.${checkedDataField(dataEquals)}`,
    dataValue: dataEquals?.value ?? null,
    prefixes:
      prefixes === undefined
        ? null
        : JSON.stringify(typeof prefixes === 'string' ? [prefixes] : prefixes),
  };
};

/** The file a path names; SQLite's in-memory and temporary databases have none. */
const fileOf = (path: string): string | undefined =>
  path === ':memory:' || path === '' ? undefined : resolve(path);

/**
 * A row checked by its parse; one whose metadata is not an object is a broken link at its
 * position (the verification names it), not a failure of the whole verification.
 */
/**
 * Rows after `after` in position order, up to `count` of them, a page of READ_PAGE_SIZE at a
 * time read by `page`, letting other work run between pages.
 */
async function* pagesAfter<R extends { readonly position: bigint }>(
  after: bigint,
  count: number,
  page: (after: bigint, limit: number) => readonly R[],
): AsyncIterable<readonly R[]> {
  let remaining = count;
  let cursor = after;
  while (remaining > 0) {
    const limit = Math.min(READ_PAGE_SIZE, remaining);
    const rows = page(cursor, limit);
    yield rows;
    remaining -= rows.length;
    if (rows.length < limit) return;
    cursor = rows[rows.length - 1].position;
    await nextTurn();
  }
}

const linkOf = (row: EventRow): LinkToCheck => {
  try {
    return toRecordedEvent(row);
  } catch (error) {
    if (!(error instanceof LedgerDamagedError)) throw error;
    const { stream_id: streamId, revision, position, prev_hash: prevHash, hash } = row;
    return { streamId, revision, position, prevHash, hash, malformed: error.message };
  }
};

export class SqliteEventStore implements EventStore, LinkReader, WritesByOthers, TimeOrderedChain {
  private readonly sql: Statements;
  private readonly commit: (requests: readonly AppendRequest[]) => BatchResult;
  private readonly committed = new Subject<Committed>();
  /** Commits to the file by other processes, for the live subscriptions (other-writers.ts). */
  private readonly otherWriters = new OtherWritersWatch(() => this.othersWriteMark());
  private queue: PendingAppend[] = [];
  /** Commits what is queued once the appends arriving in this turn are in (group commit). */
  private readonly scheduleFlush: () => void = oncePerTurn(() => {
    if (this.queue.length === 0) return;
    this.flushBatch();
    if (this.queue.length > 0) this.scheduleFlush();
  });
  private closing = false;
  private counters = { commits: 0, appends: 0, eventsWritten: 0 };

  private constructor(
    private readonly db: Database.Database,
    /** The ledger file; undefined for an in-memory ledger. */
    readonly file: string | undefined,
  ) {
    this.sql = prepareStatements(db);
    const transaction = db.transaction((requests: readonly AppendRequest[]) =>
      commitBatch(this.sql, requests),
    );
    // IMMEDIATE takes the write lock before the chain head is read, so a second writer on
    // the same file cannot link to the same head.
    this.commit = (requests) => transaction.immediate(requests);
  }

  /** Opens (creating if needed) the ledger file at `path` and migrates it to this schema. */
  static open(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const db = openPrivateSqlite(path, {
      synchronous: 'FULL',
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      schema: (file) => migrate(file, path),
    });
    return new SqliteEventStore(db, fileOf(path));
  }

  /**
   * A read-only connection to an existing ledger file: no migration, and any append fails.
   * What a worker thread reads the chain with, beside the service's own connection (WAL lets
   * both read while the service writes).
   */
  static openReader(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
      db.defaultSafeIntegers(true);
      return new SqliteEventStore(db, fileOf(path));
    } catch (error) {
      db.close();
      throw error;
    }
  }

  append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    try {
      this.ensureOpen('append');
      const checkedStream = checkStreamId(stream);
      const expected = checkExpectedRevision(checkedStream, options?.expectedRevision);
      const request: AppendRequest = {
        stream: checkedStream,
        expected,
        expectedEventId: checkExpectedEventId(checkedStream, expected, options?.expectedEventId),
        unchanged: checkConditions(checkedStream, options?.unchanged, {
          streamId: checkStreamId,
          expectedRevision: checkExpectedRevision,
        }),
        events: prepareEvents(checkedStream, events),
      };
      return new Promise<AppendResult>((resolve, reject) => {
        this.queue.push({ ...request, resolve, reject });
        this.scheduleFlush();
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const statement = forwards ? this.sql.readStreamForwards : this.sql.readStreamBackwards;
    let remaining = checkCount(options.maxCount);
    let cursor = startRevision(options.from, forwards);
    while (remaining > 0) {
      const limit = Math.min(READ_PAGE_SIZE, remaining);
      const rows = this.read('read', () => statement.all(stream, cursor, limit));
      for (const row of rows) yield toRecordedEvent(row);
      remaining -= rows.length;
      if (rows.length < limit) return;
      const last = rows[rows.length - 1].revision;
      if (!forwards && last === 0n) return;
      cursor = forwards ? last + 1n : last - 1n;
      await nextTurn();
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    checkFilter(options.filter);
    for await (const page of this.pages(options)) {
      for (const row of page) yield toRecordedEvent(row);
    }
  }

  /** WritesByOthers: SQLite's data_version, which only other connections' commits change. */
  othersWriteMark(): unknown {
    return this.read('read', () => this.db.pragma('data_version', { simple: true }));
  }

  /**
   * The chain's links for its verification (LinkReader): an event whose hash recomputes from
   * its stored texts as they are (intactFromTexts: a store of this version keeps them as the
   * canonical JSON hashed) is handed over without its data and metadata parsed; any other is
   * read whole, as readAll reads it, and checked by its parsed content (a text that does not
   * parse throws as readAll's would). After a link that had to be read whole, the next ones
   * are read whole too, but for one tried from its texts every TEXT_LINK_PROBE_EVERY, so a
   * file written before the texts were canonical costs a verification next to nothing more.
   */
  async *readLinks(
    options: { readonly after?: bigint; readonly upTo?: bigint } = {},
  ): AsyncIterable<LinkToCheck> {
    let fromTexts = true;
    let sinceProbe = 0;
    for await (const page of this.linkPages(options)) {
      for (const row of page) {
        // Every link carries its recorded time as the index reads it (hash-chain.ts).
        const recordedAt = row.recorded_at;
        sinceProbe += 1;
        if (fromTexts || sinceProbe >= TEXT_LINK_PROBE_EVERY) {
          sinceProbe = 0;
          const link = storedLinkOf(row);
          fromTexts = intactFromTexts(link);
          // One naming its recorded time twice is checked by its parse (below), as the index
          // reads the first copy and every reader of the event the last; the rows after it are
          // still tried from their texts.
          if (fromTexts && !mayNameRecordedTimeTwice(link.metadataJson)) {
            const { streamId, revision, position, prevHash, hash } = link;
            yield { streamId, revision, position, prevHash, hash, intactIn: 'global', recordedAt };
            continue;
          }
        }
        // Checked by its parse: a text that names a key twice would hash as its parse (the
        // last of the two) while the indexes over the text read the first.
        const duplicate = duplicateKeyOf(row.data) ?? duplicateKeyOf(row.metadata);
        if (duplicate !== undefined) {
          const { stream_id: streamId, revision, position, prev_hash: prevHash, hash } = row;
          const malformed = `the stored JSON names the key "${duplicate}" twice in one object`;
          yield { streamId, revision, position, prevHash, hash, malformed, recordedAt };
          continue;
        }
        yield { ...linkOf(row), recordedAt };
      }
    }
  }

  /** The chain's rows a page at a time (as `pages` reads them), each with its recorded time. */
  private linkPages(options: {
    readonly after?: bigint;
    readonly upTo?: bigint;
  }): AsyncIterable<readonly LinkRow[]> {
    const upTo = options.upTo ?? MAX_SQLITE_INTEGER;
    return pagesAfter(options.after ?? 0n, Number.POSITIVE_INFINITY, (after, limit) =>
      this.read('read', () => this.sql.readLinks.all({ after, upTo, limit })),
    );
  }

  /**
   * TimeOrderedChain: a ledger whose first event links to TIME_ORDERED_GENESIS_HASH (or that
   * has none yet: its first will) is held to recorded-time order from its first event; any
   * other from the position its schema step recorded.
   */
  async chainRules(): Promise<ChainRules> {
    const first = this.read('read', () => this.sql.firstPrevHash.get());
    if (first === undefined || first.prevHash === TIME_ORDERED_GENESIS_HASH) {
      return { genesis: TIME_ORDERED_GENESIS_HASH, timeOrderedFrom: 1n };
    }
    const from = this.read('read', () => readTimeOrderedFrom(this.db));
    return { genesis: GENESIS_HASH, timeOrderedFrom: from };
  }

  /**
   * readAll's rows a page at a time, letting other work run between pages. Pages, not rows:
   * a second generator handing over each row cost 5-8 % of a 1M-event readAll.
   */
  private pages(options: ReadAllOptions): AsyncIterable<readonly EventRow[]> {
    const upTo = options.upTo ?? MAX_SQLITE_INTEGER;
    const plan = this.readAllPlan(options.filter);
    return pagesAfter(options.after ?? 0n, checkCount(options.maxCount), (after, limit) =>
      this.readAllPage(after, upTo, options.filter, limit, plan),
    );
  }

  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      try {
        checkFilter(options.filter);
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      const state: SubscriptionState = {
        cursor: options.after ?? 0n,
        stopped: false,
        running: false,
        again: false,
      };
      // Listen before catching up: a commit during catch-up then triggers another pass.
      const live = this.committed.subscribe({
        next: (events) => void this.pump(state, options.filter, subscriber, events),
        complete: () => {
          state.stopped = true;
          subscriber.complete();
        },
      });
      const others =
        this.file === undefined
          ? undefined
          : this.otherWriters.watch(() => void this.pump(state, options.filter, subscriber));
      void this.pump(state, options.filter, subscriber);
      return () => {
        state.stopped = true;
        live.unsubscribe();
        others?.();
      };
    });
  }

  async streamRevision(stream: string): Promise<bigint | undefined> {
    const row = this.read('read', () => this.sql.streamRevision.get(stream));
    return row?.revision ?? undefined;
  }

  async headPosition(): Promise<bigint> {
    return this.read('read', () => this.sql.head.get())?.position ?? 0n;
  }

  /**
   * Commits now what is queued while an append in the queue holds an event recorded at or
   * before `instant` (the group commit would on the next turn): only a read of a moment as
   * recent as the queued stamps (a report's "now") commits early; one of an older moment waits
   * for nothing.
   */
  async settleRecordedUpTo(instant: string): Promise<void> {
    const stampedBy = (pending: PendingAppend): boolean =>
      pending.events.some((event) => String(event.metadata.recordedAt) <= instant);
    while (!this.closing && this.queue.some(stampedBy)) this.flushBatch();
  }

  /** One seek of the recorded-time index (schema version 2). */
  async lastPositionRecordedAtOrBefore(instant: string): Promise<bigint> {
    const row = this.read('read', () => this.sql.lastPositionRecordedAtOrBefore.get(instant));
    return row?.position ?? 0n;
  }

  async readiness(): Promise<Readiness> {
    if (this.closing) return { ready: false, reason: 'the event store is closed' };
    try {
      this.sql.ping.get();
      return { ready: true };
    } catch (error) {
      return {
        ready: false,
        reason: `the event store cannot be read: ${(error as Error).message}`,
      };
    }
  }

  /** Commits whatever is queued, completes the subscriptions, then closes the file. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    while (this.queue.length > 0) this.flushBatch();
    this.otherWriters.stop();
    this.committed.complete();
    this.db.close();
  }

  stats(): SqliteEventStoreStats {
    return { ...this.counters };
  }

  private ensureOpen(doing: string): void {
    if (this.closing) throw new StoreUnavailableError(`event store is closed (${doing})`);
  }

  private read<T>(doing: string, query: () => T): T {
    this.ensureOpen(doing);
    try {
      return query();
    } catch (error) {
      throw toStoreError(error, doing);
    }
  }

  private readAllPage(
    after: bigint,
    upTo: bigint,
    filter: EventFilter | undefined,
    limit: number,
    plan: ReadAllPlan = SCAN_PLAN,
  ): EventRow[] {
    const { types, prefixes, dataPath, dataValue } = filterParams(filter);
    const params = { after, upTo, limit, types, prefixes, dataPath, dataValue };
    switch (plan.kind) {
      case 'scan':
        return this.read('read', () => this.sql.readAll.all(params));
      case 'prefix': {
        const { prefixes: _all, ...rest } = params;
        const byPrefix = { ...rest, low: plan.low, high: plan.high };
        return this.read('read', () => this.sql.readAllByPrefix.all(byPrefix));
      }
      case 'types':
        return this.read('read', () => this.sql.readAllByType.all(params));
      default: {
        const exhaustive: never = plan;
        throw new Error(`unknown read plan ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  /**
   * The plan of a filtered readAll (sqlite-read-plan.ts): one narrow prefix by its index, else
   * event types few rows have by theirs, else the scan.
   */
  private readAllPlan(filter: EventFilter | undefined): ReadAllPlan {
    const prefix = singlePrefix(filter);
    const types = filter?.eventTypes;
    if (prefix === undefined && types === undefined) return SCAN_PLAN;
    return this.read('read', () => {
      const cap = NARROW_PREFIX_MAX_ROWS + 1;
      const ledgerRows = this.sql.head.get()?.position ?? 0n;
      const narrow = (counted: { rows: bigint } | undefined): boolean =>
        isNarrow(Number(counted?.rows ?? 0n), ledgerRows);
      if (prefix !== undefined) {
        const { low, high } = prefixBounds(prefix);
        if (narrow(this.sql.prefixRows.get({ low, high, cap })))
          return { kind: 'prefix', low, high };
      }
      if (
        types !== undefined &&
        narrow(this.sql.typeRows.get({ types: JSON.stringify(types), cap }))
      ) {
        return TYPES_PLAN;
      }
      return SCAN_PLAN;
    });
  }

  /** Takes appends from the queue until the batch holds MAX_EVENTS_PER_COMMIT events. */
  private takeBatch(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || events < MAX_EVENTS_PER_COMMIT)) {
      events += this.queue[count].events.length;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private flushBatch(): void {
    const batch = this.takeBatch();
    let result: BatchResult;
    try {
      result = this.commit(batch);
    } catch (error) {
      // The transaction rolled back: no append of this batch was written.
      const failure = toStoreError(error, 'append');
      for (const pending of batch) pending.reject(failure);
      return;
    }
    this.counters.commits += 1;
    this.counters.eventsWritten += result.eventsWritten;
    result.outcomes.forEach((outcome, i) => {
      if (outcome.ok) {
        this.counters.appends += 1;
        batch[i].resolve(outcome.result);
      } else {
        batch[i].reject(outcome.error);
      }
    });
    if (result.written.length > 0) this.committed.next(result.written);
  }

  /**
   * Delivers every matching event up to the current head, then again while commits arrived
   * meanwhile. One pass at a time per subscription, so positions go out in order, once. A
   * subscription that stands right before what a commit just wrote takes those events as the
   * commit hands them over, without reading them back from the file (one read per commit and
   * subscription, and a parse of every event, was a tenth of a single client's command).
   */
  private async pump(
    state: SubscriptionState,
    filter: EventFilter | undefined,
    subscriber: Subscriber<RecordedEvent>,
    committed?: Committed,
  ): Promise<void> {
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    try {
      state.again =
        committed === undefined || !this.deliverCommitted(state, filter, subscriber, committed);
      while (state.again && !state.stopped) {
        state.again = false;
        await this.deliverUpToHead(state, filter, subscriber);
      }
    } catch (error) {
      if (!state.stopped) subscriber.error(error);
    } finally {
      state.running = false;
    }
  }

  /**
   * The commit's events when they follow the subscription's cursor with no gap (true), in
   * this same turn: no other commit can have come between. False when the subscription is
   * elsewhere (catching up, or behind a pass still running); it then reads from the file.
   */
  private deliverCommitted(
    state: SubscriptionState,
    filter: EventFilter | undefined,
    subscriber: Subscriber<RecordedEvent>,
    committed: Committed,
  ): boolean {
    if (committed[0].position !== state.cursor + 1n) return false;
    for (const event of committed) {
      if (state.stopped) return true;
      if (matchesFilter(event, filter)) subscriber.next(event);
      state.cursor = event.position;
    }
    return true;
  }

  private async deliverUpToHead(
    state: SubscriptionState,
    filter: EventFilter | undefined,
    subscriber: Subscriber<RecordedEvent>,
  ): Promise<void> {
    // Positions are assigned under the write lock and committed in order, so once the head
    // is visible every position below it is too: reading up to it leaves no gap.
    const head = await this.headPosition();
    while (!state.stopped && state.cursor < head) {
      const rows = this.readAllPage(state.cursor, head, filter, READ_PAGE_SIZE);
      for (const row of rows) {
        if (state.stopped) return;
        subscriber.next(toRecordedEvent(row));
        state.cursor = row.position;
      }
      if (rows.length < READ_PAGE_SIZE) state.cursor = head;
      await nextTurn();
    }
  }
}
