/**
 * The live projection: subscribes to the ledger after its checkpoint, folds what arrives in
 * batches and commits what each event changed (cells at the event's position) with the
 * batch's last position in one transaction; only then do the views queries read move on to
 * that position. The views are read lazily from the file (lazy-views.ts): nothing is loaded
 * at start. A failed batch changes nothing and the runner subscribes again from its
 * checkpoint after a pause; one the file's checkpoint has moved past (another process on the
 * same file) is dropped, and the runner goes on from the file's checkpoint at once.
 */
import type { Logger } from 'pino';
import { Subscription } from 'rxjs';
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { LedgerViews } from '../../projections/ledger-views';
import { oncePerTurn } from '../shared/once-per-turn';
import { problem, ProblemException } from '../shared/problem';
import { CellProjector } from './cell-projector';
import { DocumentCache } from './lazy-views';
import { Checkpoint, ReadModelDb, ReadModelsMovedError, storedSignature } from './read-model-db';
import { foldedFromThisLedger, rebuildStale } from './rebuild';
import {
  MAX_PROJECTION_LAG_EVENTS,
  READ_YOUR_WRITES_TIMEOUT_MS,
  ReadModelWaiter,
} from './read-model-waiter';

/** Events folded and committed per transaction at most, so catching up keeps memory flat. */
export const MAX_PROJECTION_BATCH = 1_000;
/**
 * How long events wait to be folded together when no read is waiting for them. A commit per
 * event costs about three times what one of eight does (each writes the same hot pages), and
 * since commands no longer wait for the read models, nothing is served later for it: a read
 * that needs events still waiting here folds them at once (see waitFor).
 */
export const PROJECTION_COALESCE_MS = 20;
/** Pause before subscribing again after a failed batch or a broken subscription. */
export const PROJECTION_RETRY_DELAY_MS = 5_000;

/** Why the projection stopped, and since when (ISO instant). */
export interface ProjectionStop {
  readonly reason: string;
  readonly since: string;
}

interface Waiter {
  readonly position: bigint;
  readonly resolve: (reached: boolean) => void;
}

/** The views and the position they were folded up to, as one immutable pair. */
export interface ProjectedState {
  readonly views: LedgerViews;
  readonly position: bigint;
}

export class ProjectionRunner implements ReadModelWaiter {
  private state: ProjectedState;
  private buffer: RecordedEvent[] = [];
  /** Folds what is buffered once the events arriving in this turn are in. */
  private readonly flushSoon = oncePerTurn(() => this.flush());
  private coalesceTimer: NodeJS.Timeout | undefined;
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private waiters = new Set<Waiter>();
  private running = false;
  /**
   * Why the projection stopped and since when, while it retries from its checkpoint (a
   * read-model file it cannot write, a store it cannot hear); undefined while it runs.
   */
  private stopped: ProjectionStop | undefined;
  /** Another ledger's models are in the file (refuseForeignFile): stopped until a restart. */
  private foreign = false;
  /** The highest ledger position a command answered by this instance had reached. */
  private acknowledgedPosition = 0n;
  private readonly cache = new DocumentCache();
  private readonly projector: CellProjector;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    private readonly logger: Logger,
  ) {
    this.projector = new CellProjector(db, this.cache, storedSignature());
    this.state = { views: this.projector.viewsAt(0n), position: 0n };
  }

  /**
   * Opens the stored models at their checkpoint (rebuilding them when they were written by
   * other versions or in another layout), then catches up.
   */
  async start(): Promise<void> {
    let stored = this.db.checkpoint();
    if (stored.signature === null) this.db.clear(storedSignature());
    else if (stored.signature !== storedSignature()) {
      this.logger.info(
        { stored: stored.signature, now: storedSignature() },
        'read models changed: rebuilding',
      );
      stored = await this.rebuildStale();
    } else if (!(await foldedFromThisLedger(this.store, stored))) {
      this.logger.warn(
        { position: String(stored.position), readModelPath: 'LEDGER_READMODEL_PATH' },
        'the read-model file was folded from another ledger (or this one before a restore): rebuilding it',
      );
      stored = await this.rebuildStale();
    }
    this.standAt(stored.position);
    this.running = true;
    this.subscribe();
    await this.waitFor(await this.store.headPosition());
  }

  /** What this build cannot read of the file rebuilt (rebuild.ts rebuildStale); its checkpoint then. */
  private async rebuildStale(): Promise<Checkpoint> {
    const { rebuilt } = await rebuildStale(this.store, this.db);
    this.logger.info({ rebuilt }, 'read models rebuilt');
    this.cache.clear();
    return this.db.checkpoint();
  }

  stop(): void {
    this.running = false;
    this.dropSubscription();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.coalesceTimer) clearTimeout(this.coalesceTimer);
    this.coalesceTimer = undefined;
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters.clear();
  }

  /** How the document cache holds up (the service's metrics): DocumentCache.figures. */
  cacheFigures(): ReturnType<DocumentCache['figures']> {
    return this.cache.figures();
  }

  /** The committed views; immutable, so a query can hold them while the runner moves on. */
  current(): ProjectedState {
    return this.state;
  }

  /** Why the projection is stopped (retrying from its checkpoint); undefined while it runs. */
  stoppedBy(): ProjectionStop | undefined {
    return this.stopped;
  }

  /** The views right after a position at or before the checkpoint: indexed reads, no fold. */
  viewsAt(position: bigint): LedgerViews {
    this.requireOwnFile();
    if (position > this.state.position) {
      throw new RangeError(`position ${position} is past the read models' ${this.state.position}`);
    }
    return position === this.state.position ? this.state.views : this.projector.viewsAt(position);
  }

  /** Resolves true once the views reach `position`, false after `timeoutMs` (never, if undefined). */
  waitFor(position: bigint, timeoutMs?: number): Promise<boolean> {
    if (this.state.position >= position) return Promise.resolve(true);
    if (!this.running) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        position,
        resolve: (reached) => {
          if (timer) clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      this.waiters.add(waiter);
      if (timeoutMs !== undefined) timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      // Someone waits: what is waiting to be folded together is folded now.
      if (this.buffer.length > 0) this.flushSoon();
    });
  }

  /** Up to the head as the command finished: that covers what it appended on other streams too. */
  async acknowledge(position: bigint): Promise<void> {
    const head = await this.store.headPosition();
    const reached = head > position ? head : position;
    if (reached > this.acknowledgedPosition) this.acknowledgedPosition = reached;
    const lagAllowed = reached - BigInt(MAX_PROJECTION_LAG_EVENTS);
    if (this.state.position < lagAllowed) {
      await this.waitFor(lagAllowed, READ_YOUR_WRITES_TIMEOUT_MS);
    }
  }

  /**
   * The live views once they include every command acknowledged so far (bounded wait): what
   * a read without `minPosition` is answered from. Past the wait, the views as they are.
   */
  async afterAcknowledged(): Promise<ProjectedState> {
    this.requireOwnFile();
    // Stopped, the models will not get there in the wait: answered from them as they are, a
    // read would leave out a change this service acknowledged, and say nothing.
    if (this.stopped === undefined || this.state.position >= this.acknowledgedPosition) {
      const reached = await this.waitFor(this.acknowledgedPosition, READ_YOUR_WRITES_TIMEOUT_MS);
      if (reached || this.stopped === undefined) return this.state;
    }
    throw new ProblemException(
      problem(
        503,
        'READ_MODELS_STOPPED',
        `The read models stopped at position ${this.state.position} (${this.stopped.reason}) and do not hold every change this service recorded; the ledger holds them. Retry shortly; GET /health says whether they run again.`,
        {
          position: String(this.state.position),
          retryAfterSeconds: Math.ceil(PROJECTION_RETRY_DELAY_MS / 1000),
        },
      ),
    );
  }

  private subscribe(): void {
    this.subscription = this.store.subscribe({ after: this.state.position }).subscribe({
      next: (event) => this.enqueue(event),
      error: (error: unknown) => this.retryLater(error),
    });
  }

  private enqueue(event: RecordedEvent): void {
    if (!this.running) return;
    const last = this.buffer.at(-1)?.position ?? this.state.position;
    // The store delivers in order, once; a position at or below the checkpoint is never folded again.
    if (event.position <= last) return;
    this.buffer.push(event);
    if (this.buffer.length >= MAX_PROJECTION_BATCH) this.flush();
    else if (this.waiters.size > 0) this.flushSoon();
    else this.coalesceTimer ??= setTimeout(() => this.flush(), PROJECTION_COALESCE_MS);
  }

  private flush(): void {
    if (this.coalesceTimer) clearTimeout(this.coalesceTimer);
    this.coalesceTimer = undefined;
    if (!this.running || this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      // The committed views stay as they are (queries hold them); the batch works on its own forks.
      this.state = this.projector.project(this.state.views, this.state.position, batch);
    } catch (error) {
      if (error instanceof ReadModelsMovedError) void this.moveOn(error);
      else this.retryLater(error);
      return;
    }
    this.stopped = undefined;
    this.notify();
  }

  /**
   * Another process (a second service on the same read-model file) committed past this one's
   * checkpoint: its batch is dropped, and it goes on from the file's checkpoint at once with
   * nothing cached, so the file is written once per position whoever writes it and neither
   * process folds the same events forever. Behind this one's too (a rebuild by another process
   * reset it): reads still wait for what this instance acknowledged, so none sees less than
   * its own commands. Written by another version of the models (another layout), the file is
   * not this process's to read or write: it says so and tries again later.
   */
  private async moveOn(moved: ReadModelsMovedError): Promise<void> {
    const stored = this.db.checkpoint();
    if (stored.signature !== storedSignature()) {
      this.retryLater(
        new Error(
          `the read-model file was written by another version of the models (${String(stored.signature)}); give each service its own LEDGER_READMODEL_PATH`,
        ),
      );
      return;
    }
    // Nothing is folded while the file's ledger is checked.
    this.dropSubscription();
    let ours: boolean;
    try {
      ours = await foldedFromThisLedger(this.store, stored);
    } catch (error) {
      this.retryLater(error);
      return;
    }
    if (!this.running) return;
    if (!ours) {
      this.refuseForeignFile(stored.position);
      return;
    }
    this.logger.warn(
      { expected: String(moved.expected), found: String(moved.found) },
      'read models moved on by another process; going on from there (give each instance its own LEDGER_READMODEL_PATH)',
    );
    this.dropSubscription();
    this.cache.clear();
    this.standAt(stored.position);
    this.stopped = undefined;
    this.notify();
    this.subscribe();
  }

  /**
   * Another process (a service on another ledger given the same LEDGER_READMODEL_PATH) rebuilt
   * the file from its ledger. Gone on from there, this service served that ledger's figures as
   * its own and wrote its events on top of them; it stops instead, for good: every read is a 503
   * naming the setting, and /health says so, until each service has its own file and this one
   * is restarted (its start rebuilds the file from its own ledger).
   */
  private refuseForeignFile(position: bigint): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const reason = `another service folded the read-model file (LEDGER_READMODEL_PATH) from another ledger, up to its position ${position}; give each service its own file and restart this one`;
    this.logger.error({ position: String(position) }, reason);
    this.foreign = true;
    this.stopped = { reason, since: new Date().toISOString() };
    this.notify();
  }

  /** Refuses every read once the file is found to hold another ledger's models (refuseForeignFile). */
  requireOwnFile(): void {
    if (!this.foreign) return;
    throw new ProblemException(
      problem(
        503,
        'READ_MODELS_STOPPED',
        `The read models stopped: ${this.stopped?.reason ?? ''}.`,
        {
          position: String(this.state.position),
        },
      ),
    );
  }

  /**
   * The views of the file at `position` (its checkpoint), read lazily. The file's connection
   * then expects that checkpoint, its event's hash with it, under its next commit.
   */
  private standAt(position: bigint): void {
    this.db.expectCheckpoint(position);
    this.state = { views: this.projector.viewsAt(position), position };
  }

  /** Stops hearing the ledger and forgets what it delivered but was not committed. */
  private dropSubscription(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.buffer = [];
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (this.state.position >= waiter.position) waiter.resolve(true);
    }
  }

  /** Drops what was not committed and subscribes again from the checkpoint after a pause. */
  private retryLater(error: unknown): void {
    if (!this.running) return;
    this.logger.error(
      { err: error, position: String(this.state.position) },
      'projection stopped; retrying from its checkpoint',
    );
    this.stopped ??= {
      reason: error instanceof Error ? error.message : String(error),
      since: new Date().toISOString(),
    };
    this.dropSubscription();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.running) return;
      this.subscribe();
      // Nothing new to fold proves nothing failing: caught up with the ledger, it runs again.
      void this.store.headPosition().then(
        (head) => {
          if (this.state.position >= head && this.buffer.length === 0 && !this.foreign)
            this.stopped = undefined;
        },
        () => undefined,
      );
    }, PROJECTION_RETRY_DELAY_MS);
  }
}
