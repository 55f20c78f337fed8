/**
 * The document cache keeps what the runner wrote (its working set: the documents the next
 * batch folds onto) apart from what queries read, so a query walking many documents does not
 * make the next batch read back from the file what it wrote a moment ago; and it never answers
 * a document at a position before the version it holds.
 */
import {
  DOCUMENT_CACHE_CELLS,
  DocumentCache,
  WORKING_SET_CELLS,
} from '../../src/projections/lazy-views';
import { OPEN } from '../../src/projections/read-model-db';

const COLL = 2;
/** A document of `cells` cells: a list of that many items and nothing else. */
const docOf = (cells: number, tag: string): { items: string[] } => ({
  items: Array.from({ length: cells }, (_, i) => `${tag}-${i}`),
});

describe('the document cache', () => {
  it('keeps the working set while queries read more than their own room', () => {
    const cache = new DocumentCache();
    const hot = docOf(1_000, 'hot');
    cache.written(COLL, 'hot', hot, 10n);
    // Queries read current documents worth twice their room, many times the hot document.
    const size = 10_000;
    for (let n = 0; n < (2 * DOCUMENT_CACHE_CELLS) / size; n++) {
      cache.read(COLL, `cold-${n}`, docOf(size, `cold-${n}`), 5n, OPEN);
    }
    expect(cache.get(COLL, 'hot', 20n)).toBe(hot);
    // What queries read is kept too, the most recent first.
    const last = (2 * DOCUMENT_CACHE_CELLS) / size - 1;
    expect(cache.get(COLL, `cold-${last}`, 20n)).toBeDefined();
    expect(cache.get(COLL, 'cold-0', 20n)).toBeUndefined();
  });

  it('keeps a working set larger than the queries’ room', () => {
    const cache = new DocumentCache();
    const size = 10_000;
    const count = Math.floor(WORKING_SET_CELLS / size) - 1;
    expect(count * size).toBeGreaterThan(DOCUMENT_CACHE_CELLS);
    const docs = Array.from({ length: count }, (_, n) => docOf(size, `w-${n}`));
    docs.forEach((doc, n) => cache.written(COLL, `w-${n}`, doc, BigInt(n + 1)));
    docs.forEach((doc, n) => expect(cache.get(COLL, `w-${n}`, 1_000n)).toBe(doc));
  });

  it('counts the current documents read from the file, and the cells of each part', () => {
    const cache = new DocumentCache();
    cache.written(COLL, 'w', docOf(5, 'w'), 3n);
    cache.read(COLL, 'a', docOf(3, 'a'), 5n, OPEN);
    cache.read(COLL, 'old', docOf(2, 'old'), 1n, 4n);
    // A past version is not what the cache keeps, so reading one is no miss of it.
    expect(cache.figures()).toEqual({
      workingSetCells: 6,
      queryCells: 4,
      currentDocumentsRead: 1,
    });
  });

  it('answers the version the runner wrote last, and none before it began', () => {
    const cache = new DocumentCache();
    const read = docOf(3, 'read');
    cache.read(COLL, 'a', read, 5n, OPEN);
    expect(cache.get(COLL, 'a', 7n)).toBe(read);
    const written = docOf(4, 'written');
    cache.written(COLL, 'a', written, 8n);
    expect(cache.get(COLL, 'a', 9n)).toBe(written);
    // Before the written version: the cache does not know it (the file is asked).
    expect(cache.get(COLL, 'a', 7n)).toBeUndefined();
    // A query reading the current version again keeps it in one place, the working set's.
    cache.read(COLL, 'a', docOf(4, 'written again'), 8n, OPEN);
    expect(cache.get(COLL, 'a', 9n)).toBe(written);
    // Gone once the runner removes it.
    cache.written(COLL, 'a', undefined, 10n);
    expect(cache.get(COLL, 'a', 11n)).toBeUndefined();
    cache.read(COLL, 'b', read, 5n, OPEN);
    cache.clear();
    expect(cache.get(COLL, 'b', 7n)).toBeUndefined();
  });
});
