/**
 * Idempotency-Key support. The key, the caller and a hash of the request travel in the
 * metadata of the events a command appends, so the ledger itself says which keys were used:
 * the index (a SQLite file of its own, see idempotency-db.ts) is derived from it and caught up
 * from its checkpoint by reading only the ledger after it. A service that stopped between an
 * append and the index write loses nothing: that append is after the checkpoint.
 *
 * Several service instances may share one ledger. Their events carry ids derived from the key
 * (idempotency-ids.ts), so a repeat sent to another instance appends the same ids and the
 * store refuses to write them twice; the instance then reads the ledger and answers what the
 * first one answered (or 409 when the key came with another request).
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { isSameLedger } from '../event-store/same-ledger';
import { firstEventFrom } from '../event-store/recorded-position';
import { isUnavailableSqliteError } from '../event-store/sqlite/sqlite-errors';
import { headerRefusal, problem, ProblemException } from '../shared/problem';
import { canonicalJson } from '../shared/decider';
import { IdempotencyDb, IndexCheckpoint, IndexEntry, KeyedAnswer } from './idempotency-db';

/** Longest Idempotency-Key accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** Entries kept in memory; the rest are looked up in the file. */
export const MAX_CACHED_IDEMPOTENCY_ENTRIES = 10_000;
/** Events read from the ledger per index transaction (bounds what a catch-up holds at once). */
export const IDEMPOTENCY_CATCH_UP_BATCH = 10_000;
/**
 * How often the index reads what was appended meanwhile when no keyed command asks it to: it
 * keeps the checkpoint near the head, so a restart or the next keyed command reads little.
 */
export const IDEMPOTENCY_CATCH_UP_INTERVAL_MS = 2_000;

export type CommandAnswer = KeyedAnswer;

type Known = Omit<IndexEntry, 'actorId' | 'key'>;

const NO_CHECKPOINT: IndexCheckpoint = { position: 0n, hash: '' };

export const requestHash = (method: string, url: string, body: unknown): string =>
  createHash('sha256')
    .update(`${method} ${url}\n${canonicalJson(body ?? null)}`)
    .digest('hex');

/** The Idempotency-Key header: absent, or one key of visible ASCII (repeated headers are refused). */
export const parseIdempotencyKey = (header: string | string[] | undefined): string | undefined => {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw headerRefusal(
      'IDEMPOTENCY_KEY_INVALID',
      'Idempotency-Key',
      `must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters`,
    );
  }
  return header;
};

const keyReused = (): ProblemException =>
  new ProblemException(
    problem(
      409,
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was used for a different request.',
    ),
  );

/** The index entry an event's metadata names, if the event was appended under a key. */
const entryOf = (event: RecordedEvent): IndexEntry | undefined => {
  const { idempotencyKey, requestHash: hash, resourceId, actor } = event.metadata;
  if (typeof idempotencyKey !== 'string' || typeof hash !== 'string') return undefined;
  return {
    actorId: actor.id,
    key: idempotencyKey,
    requestHash: hash,
    // A command's last event carries its answer: later events of one command replace earlier ones.
    answer: {
      id: String(resourceId ?? ''),
      revision: String(event.revision),
      position: String(event.position),
    },
  };
};

export class IdempotencyIndex {
  private readonly cache = new LRUCache<string, Known>({ max: MAX_CACHED_IDEMPOTENCY_ENTRIES });
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** The latest catch-up pass, and the one queued after it (a caller joining it is covered). */
  private passes: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  /** The file's checkpoint as last found to be of this ledger (this instance's, or a sibling's). */
  private trusted: IndexCheckpoint;

  private constructor(
    private readonly store: EventStore,
    private readonly db: IdempotencyDb,
    private cursor: IndexCheckpoint,
  ) {
    this.trusted = cursor;
  }

  /**
   * Opens the index on `db` (closed by `stop`, or here when starting fails): from its
   * checkpoint when the file belongs to this ledger, from the start otherwise (a new file,
   * or a ledger replaced under it), then reads the ledger up to its head.
   */
  static async start(store: EventStore, db: IdempotencyDb): Promise<IdempotencyIndex> {
    try {
      const stored = db.checkpoint();
      let cursor = NO_CHECKPOINT;
      if (stored !== undefined && (await isSameLedger(store, stored))) cursor = stored;
      else if (stored !== undefined) db.clear();
      const index = new IdempotencyIndex(store, db, cursor);
      await index.catchUp();
      index.timer = setInterval(() => index.backgroundCatchUp(), IDEMPOTENCY_CATCH_UP_INTERVAL_MS);
      index.timer.unref();
      return index;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The ledger position the index holds every keyed command up to. */
  get position(): bigint {
    return this.cursor.position;
  }

  private static scope(actorId: string, key: string): string {
    return `${actorId}\u0000${key}`;
  }

  /**
   * Runs `work` once per (caller, key): a retry with the same request gets the first answer,
   * a different request under the same key is refused.
   */
  async run(
    actorId: string,
    key: string,
    hash: string,
    work: () => Promise<CommandAnswer>,
  ): Promise<CommandAnswer> {
    const scoped = IdempotencyIndex.scope(actorId, key);
    while (this.inFlight.has(scoped)) await this.inFlight.get(scoped)?.catch(() => undefined);
    await this.requireOwnFile();
    const known = this.find(actorId, key);
    if (known) return IdempotencyIndex.answerFor(known, hash);
    const running = this.carryOut(actorId, key, hash, work);
    this.inFlight.set(scoped, running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(scoped);
    }
  }

  /**
   * For the command handler, once a keyed command's stream is loaded and before it is decided:
   * refuses when the ledger already holds the key. Reading the ledger after loading the stream
   * covers every command the loaded state can contain, so a twin sent to another instance is
   * either seen here or decided on the same state, with the same event ids (a store repeat).
   */
  async refuseIfRecorded(actorId: string, key: string): Promise<void> {
    await this.catchUp();
    if (this.find(actorId, key) !== undefined) throw keyReused();
  }

  /**
   * Reads the ledger after the checkpoint into the index. Resolves once a pass that started
   * after the call has finished, so everything appended before the call is in the index.
   */
  catchUp(): Promise<void> {
    if (this.queued !== undefined) return this.queued;
    const queued = this.passes
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.pass();
      });
    this.queued = queued;
    this.passes = queued;
    return queued;
  }

  /** Stops the background catch-up, lets a running pass finish, and closes the file. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    await this.passes.catch(() => undefined);
    this.db.close();
  }

  private async carryOut(
    actorId: string,
    key: string,
    hash: string,
    work: () => Promise<CommandAnswer>,
  ): Promise<CommandAnswer> {
    let answer: CommandAnswer;
    try {
      answer = await work();
    } catch (error) {
      // Refused because the key was carried out elsewhere (the guard, or the store finding
      // the derived event ids): the ledger has the first answer.
      const recorded = await this.recorded(actorId, key).catch(() => undefined);
      if (recorded) return IdempotencyIndex.answerFor(recorded, hash);
      throw error;
    }
    // The ledger says whose events these are: this request's, or a twin's on another instance
    // that the store recognised by its event ids (then its answer).
    const recorded = await this.recorded(actorId, key).catch(() => undefined);
    if (recorded !== undefined) {
      if (recorded.requestHash === hash) return recorded.answer;
      // Another request under the same key, recorded at the same moment on another instance
      // and on another stream, where the derived event ids could not meet: this one was
      // carried out all the same, so its answer says so. A 409 here would call a recorded
      // command refused.
      if (await this.answerIsOwn(answer, { actorId, key, hash })) return answer;
      // Nothing of this one was recorded: another request under the key, decided on the same
      // stream state on another instance, gave its events the same ids and the store kept the
      // other's (the answer names those), or this one recorded nothing (already done, or
      // nothing to do) while the key holds another request.
      throw keyReused();
    }
    // Nothing appended under the key (the decider found the command done): only the index keeps it.
    // The command was carried out all the same: a file that cannot be written now (locked by
    // another process, a full disk) costs a resend only a second decision, which finds the
    // command done again; it must not turn this answer into a 500 that says nothing was recorded.
    try {
      if (!this.stopped) this.db.remember({ actorId, key, requestHash: hash, answer });
    } catch {
      // Not kept: see above.
    }
    return answer;
  }

  /**
   * The file is this ledger's: its checkpoint is where this instance, or another instance on
   * the same ledger, left it. A service on another ledger given the same
   * LEDGER_IDEMPOTENCY_PATH clears the file and fills it from its own ledger when it starts;
   * trusted still, its entries answered this service's repeats with that ledger's answers (a
   * 201 for a write never recorded here). Checked before the file is read or written.
   */
  private async requireOwnFile(): Promise<void> {
    if (this.stopped) return;
    const stored = this.db.checkpoint() ?? NO_CHECKPOINT;
    if (stored.position === this.trusted.position && stored.hash === this.trusted.hash) return;
    if (stored.position !== 0n && (await isSameLedger(this.store, stored))) {
      this.trusted = stored;
      return;
    }
    throw new ProblemException(
      problem(
        503,
        'IDEMPOTENCY_INDEX_OF_ANOTHER_LEDGER',
        'The Idempotency-Key index file (LEDGER_IDEMPOTENCY_PATH) was cleared or filled from another ledger by another service: nothing keyed is carried out until each service has its own file and this one is restarted.',
      ),
    );
  }

  /** Whether the event the answer names was recorded by this request: its caller, key and hash. */
  private async answerIsOwn(
    answer: CommandAnswer,
    request: { readonly actorId: string; readonly key: string; readonly hash: string },
  ): Promise<boolean> {
    const position = BigInt(answer.position);
    if (position === 0n) return false;
    const event = await firstEventFrom(this.store, position);
    return (
      event?.position === position &&
      event.metadata.actor.id === request.actorId &&
      event.metadata.idempotencyKey === request.key &&
      event.metadata.requestHash === request.hash
    );
  }

  private async recorded(actorId: string, key: string): Promise<Known | undefined> {
    await this.catchUp();
    return this.find(actorId, key);
  }

  private static answerFor(known: Known, hash: string): CommandAnswer {
    if (known.requestHash !== hash) throw keyReused();
    return known.answer;
  }

  private find(actorId: string, key: string): Known | undefined {
    const scoped = IdempotencyIndex.scope(actorId, key);
    const cached = this.cache.get(scoped);
    if (cached) return cached;
    if (this.stopped) return undefined;
    const stored = this.db.find(actorId, key);
    if (stored) this.cache.set(scoped, stored);
    return stored;
  }

  private async pass(): Promise<void> {
    if (this.stopped) return;
    await this.requireOwnFile();
    let entries: IndexEntry[] = [];
    let read = 0;
    let last: IndexCheckpoint | undefined;
    for await (const event of this.store.readAll({ after: this.cursor.position })) {
      // Stopping: what was read is committed below, the rest is read after the next start.
      if (this.stopped) break;
      const entry = entryOf(event);
      if (entry) entries.push(entry);
      last = { position: event.position, hash: event.hash };
      read += 1;
      if (read % IDEMPOTENCY_CATCH_UP_BATCH === 0) {
        await this.commit(entries, last);
        entries = [];
      }
    }
    if (last !== undefined && last.position > this.cursor.position)
      await this.commit(entries, last);
  }

  private async commit(entries: readonly IndexEntry[], checkpoint: IndexCheckpoint): Promise<void> {
    // Onto the checkpoint last found to be this ledger's, in the write's own transaction: moved
    // since (cleared and filled by another ledger's service during the read), it is checked again.
    while (!this.commitToFile(entries, checkpoint)) await this.requireOwnFile();
    this.trusted = checkpoint;
    for (const entry of entries)
      this.cache.delete(IdempotencyIndex.scope(entry.actorId, entry.key));
    this.cursor = checkpoint;
  }

  /**
   * Writes a catch-up to the file. A file that cannot be written now (another process holds
   * its write lock past the busy timeout, a full disk) leaves the index behind the ledger, so
   * a keyed command cannot learn whether its key was carried out: a 503 that says so, with
   * nothing recorded, rather than a 500 that names nothing.
   */
  private commitToFile(entries: readonly IndexEntry[], checkpoint: IndexCheckpoint): boolean {
    try {
      return this.db.commitCatchUp(entries, checkpoint, this.trusted);
    } catch (error) {
      if (!isUnavailableSqliteError(error)) throw error;
      throw new ProblemException(
        problem(
          503,
          'IDEMPOTENCY_INDEX_UNAVAILABLE',
          'The Idempotency-Key index file (LEDGER_IDEMPOTENCY_PATH) cannot be written right now (locked by another process, or its disk full), so whether this key was used cannot be checked; nothing was recorded. Try again shortly.',
        ),
      );
    }
  }

  /**
   * A failed background pass is not reported here: nobody waits on it, the store's fault
   * shows on the requests, and the next keyed command or tick reads from the same checkpoint.
   */
  private backgroundCatchUp(): void {
    if (this.queued === undefined) this.catchUp().catch(() => undefined);
  }
}
