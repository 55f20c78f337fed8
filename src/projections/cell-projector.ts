/**
 * Folds a batch of recorded events into the read models and writes what each event changed
 * as cells at that event's own position, with the batch's last position as the checkpoint,
 * in one transaction. Per event and not per batch, so "as of" any position is exact without
 * folding anything again.
 *
 * The fold is the one every other reader uses (evolveViews with one FoldScope per batch);
 * the scope tells which documents each event put, and each is compared with the document as
 * its cells were last written (cells.ts). The scope tracks its changes (fold-scope.ts): it
 * copies a map inside a document on every write, so comparison by reference sees it change,
 * and tells what changed in the lists it writes in place since a mark, so an event that adds
 * one report to an investment's thousands costs one item, not a copy and a walk of the list.
 */
import { RecordedEvent } from '../event-store/event-store';
import { FoldScope } from '../shared/fold-scope';
import { evolveViews, LedgerViews, ModelName } from '../../projections/ledger-views';
import { upcast } from '../../projections/upcast';
import { BatchDiff, Doc } from './cells';
import { DocumentCache, isLazyCollection, lazyViews } from './lazy-views';
import { COLLECTIONS, DocumentWrite, ReadModelDb } from './read-model-db';
import { ownEntry } from '../shared/own-entry';

type Collection = Readonly<Record<string, unknown>>;

const collectionOf = (views: LedgerViews, coll: number): Collection => {
  const { model, collection } = COLLECTIONS[coll];
  return (views[model] as unknown as Record<string, Collection>)[collection];
};

/**
 * Which collection (by number) an object is in these views; -1 for a map inside a document
 * (the folds put into those too, and then put the document that holds it).
 */
const numberOf = (views: LedgerViews, collection: object): number =>
  COLLECTIONS.findIndex((_, i) => collectionOf(views, i) === collection);

/**
 * The folds must write through their scope: a collection copied by hand would be a plain
 * object holding every document, and its changes would be seen by no one.
 */
const assertLazy = (views: LedgerViews): void => {
  COLLECTIONS.forEach((ref, coll) => {
    if (!isLazyCollection(collectionOf(views, coll))) {
      throw new Error(`${ref.model}.${ref.collection} was copied outside the fold scope`);
    }
  });
};

interface Latest {
  readonly coll: number;
  readonly id: string;
  readonly doc: Doc | undefined;
  readonly from: bigint;
}

export interface ProjectedBatch {
  readonly views: LedgerViews;
  readonly position: bigint;
}

export class CellProjector {
  constructor(
    private readonly db: ReadModelDb,
    private readonly cache: DocumentCache,
    private readonly signature: string,
  ) {}

  /** The views right after `position`, read from the file (at most its checkpoint). */
  viewsAt(position: bigint): LedgerViews {
    return lazyViews(this.db, this.cache, position);
  }

  /**
   * Folds `batch` onto `views` (the views at the checkpoint `from`) and commits it, unless the
   * file has moved on from `from` (ReadModelsMovedError: nothing written, the cache untouched).
   * With `only`, folds and writes those models alone (evolveViews).
   */
  project(
    views: LedgerViews,
    from: bigint,
    batch: readonly RecordedEvent[],
    only?: ReadonlySet<ModelName>,
  ): ProjectedBatch {
    const touched: [object, string][] = [];
    const scope = new FoldScope((collection, id) => touched.push([collection, id]), true);
    const diff = new BatchDiff(scope);
    /** The documents whose cells this batch wrote. */
    const written = new Set<string>();
    const latest = new Map<string, Latest>();
    const writes: DocumentWrite[] = [];
    let current = views;
    for (const recorded of batch) {
      const event = upcast(recorded);
      if (!event) continue;
      touched.length = 0;
      current = evolveViews(current, event, scope, only);
      if (touched.length === 0) continue;
      assertLazy(current);
      const ranks = new Map<number, number>();
      for (const [collection, id] of touched) {
        const coll = numberOf(current, collection);
        if (coll < 0) continue;
        const key = `${coll}\u0000${id}`;
        if (latest.get(key)?.from === recorded.position) continue;
        // Own entries only: an id named like an inherited member ("constructor") read Object's
        // function as the document before, so a new one was never indexed as created.
        const doc = ownEntry(collection as Collection, id) as Doc | undefined;
        const committed = (): Doc | undefined =>
          ownEntry(collectionOf(views, coll), id) as Doc | undefined;
        const { before, changes } = diff.changes(key, committed, doc);
        latest.set(key, { coll, id, doc, from: recorded.position });
        if (changes.length === 0) continue;
        const created = before === undefined && doc !== undefined;
        const rank = created ? (ranks.get(coll) ?? 0) : 0;
        if (created) ranks.set(coll, rank + 1);
        writes.push({
          coll,
          id,
          position: recorded.position,
          changes,
          created,
          removed: before !== undefined && doc === undefined,
          rank,
        });
        written.add(key);
      }
    }
    const last = batch[batch.length - 1];
    const position = last.position;
    this.db.commit(writes, from, position, this.signature, last.hash);
    // Only once committed: the cache never holds what the file does not.
    for (const { coll, id, doc, from } of latest.values()) {
      if (written.has(`${coll}\u0000${id}`)) this.cache.written(coll, id, doc, from);
    }
    return { views: this.viewsAt(position), position };
  }
}
