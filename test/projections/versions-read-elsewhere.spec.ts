/**
 * What a worker thread read of a document's version is told to the lazily read collection
 * (lazy-views.ts versionSeen), so what is worked out from it is kept with that version: a
 * closed version with its own bounds, at every position it held at; one read open as the
 * current one only if the runner wrote nothing since, else up to the position asked only. A
 * fold's fork is never read from the file: it has no file position (filePositionOf), so no
 * worker is asked about it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DocumentCache,
  derivedOf,
  filePositionOf,
  keepsDerived,
  keptDerived,
  lazyViews,
  versionSeen,
} from '../../src/projections/lazy-views';
import { OPEN, ReadModelDb } from '../../src/projections/read-model-db';
import { FORK_COLLECTION } from '../../src/shared/fold-scope';

describe('versions read elsewhere', () => {
  let dir: string;
  let db: ReadModelDb;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'versions-elsewhere-'));
    db = ReadModelDb.open(join(dir, 'readmodels.sqlite'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The tracks collection as read at `position`, over one shared cache. */
  const tracksAt = (cache: DocumentCache, position: bigint): object =>
    lazyViews(db, cache, position).forecastVsActual.investments;
  const Q = 'question';
  let computed = 0;
  const derive = (collection: object, value: unknown): unknown =>
    derivedOf(collection, 'a', Q, () => {
      computed += 1;
      return value;
    });

  it('keeps what was worked out from a closed version at every position it held at', () => {
    const cache = new DocumentCache();
    computed = 0;
    versionSeen(tracksAt(cache, 10n), 'a', { from: 5n, to: 20n }, false);
    expect(derive(tracksAt(cache, 10n), 'v')).toBe('v');
    // At 15 and 19 the same version: kept. At 20 another: worked out again.
    expect(derive(tracksAt(cache, 15n), 'other')).toBe('v');
    expect(derive(tracksAt(cache, 19n), 'other')).toBe('v');
    expect(computed).toBe(1);
    expect(derive(tracksAt(cache, 20n), 'w')).toBe('w');
    expect(computed).toBe(2);
  });

  it('keeps one read open as current only if nothing was written since', () => {
    const stale = new DocumentCache();
    computed = 0;
    versionSeen(tracksAt(stale, 10n), 'a', { from: 5n, to: OPEN }, false);
    expect(derive(tracksAt(stale, 10n), 'v')).toBe('v');
    // Known to hold up to 10 only: at 11 it may be another version.
    expect(derive(tracksAt(stale, 11n), 'w')).toBe('w');
    expect(computed).toBe(2);

    const current = new DocumentCache();
    computed = 0;
    versionSeen(tracksAt(current, 10n), 'a', { from: 5n, to: OPEN }, true);
    expect(derive(tracksAt(current, 10n), 'v')).toBe('v');
    expect(derive(tracksAt(current, 500n), 'other')).toBe('v');
    expect(computed).toBe(1);
    // Until the runner writes another version.
    current.written(3, 'a', { n: 2 }, 600n);
    expect(derive(tracksAt(current, 600n), 'x')).toBe('x');
  });

  it('keeps an undefined value as kept', () => {
    const cache = new DocumentCache();
    const tracks = tracksAt(cache, 10n);
    versionSeen(tracks, 'a', { from: 5n, to: 20n }, false);
    expect(keepsDerived(tracks, 'a', Q)).toBe(false);
    derivedOf(tracks, 'a', Q, () => undefined);
    expect(keepsDerived(tracks, 'a', Q)).toBe(true);
    expect(keptDerived(tracks, 'a', Q)).toBeUndefined();
  });

  it("gives a fork no file position: its fold's documents are not in the file", () => {
    const tracks = tracksAt(new DocumentCache(), 10n) as Record<symbol, () => object>;
    expect(filePositionOf(tracks)).toBe(10n);
    expect(filePositionOf(tracks[FORK_COLLECTION]())).toBeUndefined();
    expect(filePositionOf({})).toBeUndefined();
  });
});
