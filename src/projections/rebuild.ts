/**
 * Rebuilding the read models from position 0: the same projection as the live runner
 * (cell-projector.ts), over the whole ledger, in batches that keep memory flat, all inside
 * one transaction with the checkpoint. A rebuild that is interrupted leaves the file as it
 * was; readers on other connections see the old models until it commits.
 */
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { LedgerViews, ModelName, evolveViews, initialViews } from '../../projections/ledger-views';
import { FoldScope } from '../shared/fold-scope';
import { upcast } from '../../projections/upcast';
import { CellProjector } from './cell-projector';
import { DocumentCache } from './lazy-views';
import { Checkpoint, ReadModelDb, modelsToRebuild, storedSignature } from './read-model-db';
import { isSameLedger } from '../event-store/same-ledger';

/** How often (in events) a rebuild reports its progress. */
export const REBUILD_PROGRESS_EVERY = 500;
/** Events a rebuild folds before writing their cells; bounds what it holds in memory. */
export const REBUILD_BATCH = 5_000;
/**
 * Cells of the documents a rebuild keeps to fold onto (lazy-views.ts's working set). A fund's
 * live investments each act every month or so, their events interleaved in the ledger: a
 * rebuild comes back to each of them after every other one has acted, so a working set
 * smaller than all the live ones' documents reads each back from the file whenever it comes
 * back (least recently used: the one it needs next is the one it dropped). The 1M-event bench
 * ledger on one calendar (about 2,400 live investments) holds some 1-1.5M such cells. Measured
 * on it with `ledger rebuild` (2026-12-05), with better-sqlite3's 16 MB page cache: 200,000
 * cells 306 s, 800,000 148 s at 0.97 GB peak RSS, 1,500,000 122 s at 1.26 GB, 3,000,000 125 s
 * at 1.48 GB. Memory is the price: a parsed cell is a few hundred bytes.
 */
export const REBUILD_WORKING_SET_CELLS = 1_500_000;
/**
 * SQLite's page cache while a rebuild writes, in KiB (better-sqlite3 builds SQLite with 16 MB).
 * A batch's rows are spread over every live investment's documents, so it touches pages all
 * over a file of about a gigabyte, and a small cache writes them out and reads them back again
 * and again. On the same ledger with 1,500,000 cells, alternated: 16 MB 117.5-126.3 s (three
 * runs) writing 3.4 GB, 256 MB 95.0-119.5 s (four runs, some 12 % quicker on average) writing
 * 2.6-2.9 GB, for about 240 MB more at the peak; 512 MB was no quicker (125 s, one run).
 */
export const REBUILD_PAGE_CACHE_KIB = 256 * 1024;

export interface RebuildProgress {
  readonly position: bigint;
  readonly head: bigint;
  readonly events: number;
}

export interface RebuildResult {
  readonly position: bigint;
  readonly events: number;
}

export interface FoldResult extends RebuildResult {
  readonly views: LedgerViews;
}

/**
 * Folds every event up to the head at the start into fresh views in memory (nothing is
 * written): the reference a rebuilt or live file is compared with in tests and tools.
 */
export const foldLedger = async (
  store: EventStore,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<FoldResult> => {
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
): Promise<RebuildResult> => rebuildReadModelsUpTo(store, db, undefined, onProgress);

/**
 * The same, up to `upTo` rather than the head (undefined: the head): what a file checkpointed
 * at `upTo` would hold, to compare a served file with (read-model-check.ts).
 */
export const rebuildReadModelsUpTo = async (
  store: EventStore,
  db: ReadModelDb,
  upTo: bigint | undefined,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<RebuildResult> => {
  const { position, events } = await refold(
    store,
    db,
    async () => ({ upTo: upTo ?? (await store.headPosition()) }),
    onProgress,
  );
  return { position, events };
};

/**
 * Whether the read-model file was folded from this ledger: it holds, at the file's checkpoint,
 * the event whose hash the checkpoint kept (src/event-store/same-ledger.ts). A file at position
 * 0 has nothing to tell; one written before the checkpoint kept its event's hash is taken as
 * it is, as it was before.
 */
export const foldedFromThisLedger = async (
  store: EventStore,
  checkpoint: Checkpoint,
): Promise<boolean> =>
  checkpoint.position === 0n ||
  checkpoint.hash === null ||
  isSameLedger(store, { position: checkpoint.position, hash: checkpoint.hash });

/** What a start rebuilt of a file another version wrote (rebuildStale). */
export type Rebuilt = 'nothing' | 'every model' | readonly ModelName[];

/**
 * Rebuilds what this build cannot read of the file as it is: nothing when it is this build's
 * (another process rebuilt it meanwhile); only the models stored at another version
 * (read-model-db.ts modelsToRebuild) up to the file's checkpoint, keeping the others'
 * documents, when the rest of the file is as this build writes it and its checkpoint is one
 * of this ledger's positions; otherwise every model, up to the head. The file then reads as a
 * rebuild of every model would write it, and the runner goes on from its checkpoint. All of
 * it is decided on the file as read inside the rebuild's transaction: decided on a read before
 * it, a second service starting alongside could set back a file the first had moved on.
 */
export const rebuildStale = async (
  store: EventStore,
  db: ReadModelDb,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<RebuildResult & { readonly rebuilt: Rebuilt }> => {
  const { position, events, planned } = await refold(
    store,
    db,
    async () => {
      const stored = db.checkpoint();
      const ours = await foldedFromThisLedger(store, stored);
      if (ours && stored.signature === storedSignature()) return undefined;
      const head = await store.headPosition();
      const only =
        ours && stored.signature !== null && stored.position <= head
          ? modelsToRebuild(stored.signature)
          : undefined;
      return only === undefined
        ? { upTo: head }
        : { upTo: stored.position, only, hash: stored.hash };
    },
    onProgress,
  );
  const rebuilt: Rebuilt =
    planned === undefined
      ? 'nothing'
      : planned.only === undefined
        ? 'every model'
        : [...planned.only];
  return { position, events, rebuilt };
};

/**
 * How long a rebuild waits for the file's write lock while another process holds it: a second
 * service starting beside one that rebuilds the file waits for that rebuild (then finds the
 * file rebuilt and leaves it), instead of failing its start after the busy timeout's 5 s.
 */
export const REBUILD_LOCK_WAIT_MS = 10 * 60_000;

/**
 * Up to which position, and which models (every one without `only`); for some models, the
 * file's checkpoint hash, kept when no event ends exactly at `upTo`.
 */
interface Refold {
  readonly upTo: bigint;
  readonly only?: ReadonlySet<ModelName>;
  readonly hash?: string | null;
}

/**
 * Every event up to the plan's `upTo` folded into its models, written in one transaction; the
 * plan is made inside it (undefined: nothing to do, the file left as it is) and answered with
 * what was done.
 */
const refold = async (
  store: EventStore,
  db: ReadModelDb,
  plan: () => Promise<Refold | undefined>,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<RebuildResult & { readonly planned: Refold | undefined }> => {
  const signature = storedSignature();
  // A cache of its own: until it commits, what the rebuild writes is no one else's to read.
  const projector = new CellProjector(db, new DocumentCache(REBUILD_WORKING_SET_CELLS), signature);
  return db.transaction(
    async () => {
      const planned = await plan();
      if (planned === undefined) return { position: db.checkpoint().position, events: 0, planned };
      const { upTo, only } = planned;
      db.clear(signature, only);
      let views = projector.viewsAt(0n);
      let position = 0n;
      let events = 0;
      let batch: RecordedEvent[] = [];
      const flush = (): void => {
        if (batch.length > 0)
          ({ views, position } = projector.project(views, position, batch, only));
        batch = [];
      };
      for await (const recorded of store.readAll({ upTo })) {
        batch.push(recorded);
        events += 1;
        if (batch.length >= REBUILD_BATCH) flush();
        if (events % REBUILD_PROGRESS_EVERY === 0) {
          onProgress?.({ position: recorded.position, head: upTo, events });
        }
      }
      flush();
      // The checkpoint a rebuild of some models keeps is the file's, whatever the last event.
      if (only !== undefined && position < upTo) {
        db.commit([], position, upTo, signature, planned.hash ?? null);
        position = upTo;
      }
      onProgress?.({ position: upTo, head: upTo, events });
      return { position, events, planned };
    },
    REBUILD_PAGE_CACHE_KIB,
    REBUILD_LOCK_WAIT_MS,
  );
};
