/**
 * Rebuilding the read models from position 0: the same fold as the live runner, over the
 * whole ledger, written with its checkpoint in one transaction. A rebuild that is
 * interrupted leaves the file as it was.
 */
import { EventStore } from '../event-store/event-store';
import {
  LedgerViews,
  evolveViews,
  initialViews,
  modelSignature,
} from '../../projections/ledger-views';
import { FoldScope } from '../shared/fold-scope';
import { upcast } from '../../projections/upcast';
import { ReadModelDb } from './read-model-db';

/** How often (in events) a rebuild reports its progress. */
export const REBUILD_PROGRESS_EVERY = 500;

export interface RebuildProgress {
  readonly position: bigint;
  readonly head: bigint;
  readonly events: number;
}

export interface RebuildResult {
  readonly position: bigint;
  readonly events: number;
  readonly views: LedgerViews;
}

/** Folds every event up to the head at the start into fresh views (nothing is written). */
export const foldLedger = async (
  store: EventStore,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<RebuildResult> => {
  const head = await store.headPosition();
  const scope = new FoldScope();
  let views = initialViews;
  let position = 0n;
  let events = 0;
  for await (const recorded of store.readAll({ upTo: head })) {
    const event = upcast(recorded);
    if (event) views = evolveViews(views, event, scope);
    position = recorded.position;
    events += 1;
    if (events % REBUILD_PROGRESS_EVERY === 0) onProgress?.({ position, head, events });
  }
  onProgress?.({ position: head, head, events });
  return { position, events, views };
};

export const rebuildReadModels = async (
  store: EventStore,
  db: ReadModelDb,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<RebuildResult> => {
  const result = await foldLedger(store, onProgress);
  db.replaceAll(result.views, result.position, modelSignature());
  return result;
};
