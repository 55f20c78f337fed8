/**
 * The read models as the ledger stood at a past moment, exactly. Recorded times grow with
 * position, so the moment maps to one position (by the store's recorded-time index when it
 * has one, else by bisection over positions). At or
 * before the read models' checkpoint, the views at that position are read from the
 * read-model file's bi-temporal cells (lazily, per document; no fold). Only a position the
 * live runner has not reached yet, or a reader without a read-model file (tools, tests), is
 * folded afresh from the ledger with the same fold as the runner, starting from the nearest
 * cached (or live) views below it; those folds are bounded.
 */
import { LRUCache } from 'lru-cache';
import { EventStore } from '../event-store/event-store';
import { LedgerViews, evolveViews, initialViews } from '../../projections/ledger-views';
import { FoldScope } from '../shared/fold-scope';
import { upcast } from '../../projections/upcast';
import { ProjectedState } from './projection-runner';
import { firstEventFrom, lastPositionAtOrBefore } from '../event-store/recorded-position';

/** The views at positions the read-model file already holds (the live runner). */
export interface PastViews {
  current(): ProjectedState;
  viewsAt(position: bigint): LedgerViews;
}

/** How many past views are kept; each is a full set of read models. */
export const AS_OF_CACHE_ENTRIES = 8;
/**
 * Folds of uncached moments running at once. Each reads the ledger up to its moment and
 * builds a full set of read models: unbounded, a client asking for many distinct moments
 * would take the CPU and memory of every other caller (the same reasoning as verify's bound).
 * Requests for a moment already being folded wait for that fold and do not count again.
 */
export const MAX_CONCURRENT_AS_OF_FOLDS = 4;
/** What a refused as-of read suggests waiting; a fold of a large ledger takes seconds. */
export const AS_OF_RETRY_AFTER_SECONDS = 5;

/** Every fold slot is taken; the caller answers 503 with Retry-After. */
export class AsOfBusyError extends Error {
  constructor(readonly limit: number) {
    super(`${limit} as-of folds are running already`);
    this.name = 'AsOfBusyError';
  }
}

export class AsOfReader {
  /** Least recently used moments leave first. */
  private readonly cache = new LRUCache<bigint, LedgerViews>({ max: AS_OF_CACHE_ENTRIES });
  /** The folds in progress, by position, so one moment asked for twice is folded once. */
  private readonly folding = new Map<bigint, Promise<LedgerViews>>();

  constructor(
    private readonly store: EventStore,
    private readonly maxConcurrentFolds: number = MAX_CONCURRENT_AS_OF_FOLDS,
    private readonly stored?: PastViews,
  ) {}

  /** The last position whose event was recorded at or before `asOf` (0n when none was). */
  positionAt(asOf: string): Promise<bigint> {
    return lastPositionAtOrBefore(this.store, asOf);
  }

  /**
   * The views right after `position`: read from the file when it holds that position, else
   * folded from every event up to it. Throws AsOfBusyError when the position needs a fold of
   * its own and MAX_CONCURRENT_AS_OF_FOLDS are running.
   */
  async viewsAt(position: bigint, live?: ProjectedState): Promise<LedgerViews> {
    if (live && live.position === position) return live.views;
    const cached = this.cache.get(position);
    if (cached) return cached;
    if (this.stored && position <= this.stored.current().position) {
      const views = this.stored.viewsAt(position);
      // Kept, so documents a query read stay parsed for the next question about the moment.
      this.cache.set(position, views);
      return views;
    }
    const running = this.folding.get(position);
    if (running) return running;
    if (this.folding.size >= this.maxConcurrentFolds) {
      throw new AsOfBusyError(this.maxConcurrentFolds);
    }
    const fold = this.fold(position, live).finally(() => this.folding.delete(position));
    this.folding.set(position, fold);
    return fold;
  }

  private async fold(position: bigint, live?: ProjectedState): Promise<LedgerViews> {
    const base = this.baseFor(position, live);
    // The base (cached or live) is never changed: the fold copies what it writes, once.
    const scope = new FoldScope();
    let views = base.views;
    for await (const recorded of this.store.readAll({ after: base.position, upTo: position })) {
      const event = upcast(recorded);
      if (event) views = evolveViews(views, event, scope);
    }
    this.cache.set(position, views);
    return views;
  }

  /**
   * The position of the ledger's last event (0n when empty): the store's own, which is
   * authoritative for the ledger, where the read models may lag behind it.
   */
  headPosition(): Promise<bigint> {
    return this.store.headPosition();
  }

  /** When the event at exactly `position` was recorded, or undefined when there is none. */
  async recordedAtOf(position: bigint): Promise<string | undefined> {
    const event = await firstEventFrom(this.store, position);
    return event?.position === position ? String(event.metadata.recordedAt) : undefined;
  }

  /** The highest known views at or below the position: cached, live, or none at all. */
  private baseFor(position: bigint, live?: ProjectedState): ProjectedState {
    let best: ProjectedState = { views: initialViews, position: 0n };
    for (const [at, views] of this.cache.entries()) {
      if (at <= position && at > best.position) best = { views, position: at };
    }
    if (live && live.position <= position && live.position > best.position) best = live;
    return best;
  }
}
