/**
 * What the document cache derives from a document (an investment's figures to date, its
 * overdue count, its outline) is kept with the version it was derived from, while that version
 * is known: the current one (the runner's every write, and a read that finds a later version,
 * make it computed afresh) or the past one last read (a version that has ended never changes).
 */
import { DocumentCache } from '../../src/projections/lazy-views';
import { OPEN } from '../../src/projections/read-model-db';

describe('values derived from a document version', () => {
  const COLL = 1;
  let calls: number;
  const compute = (value: string) => () => {
    calls++;
    return value;
  };
  beforeEach(() => {
    calls = 0;
  });

  it('are computed once while the version is current, at every position it holds at', () => {
    const cache = new DocumentCache();
    cache.written(COLL, 'a', { n: 1 }, 10n);
    expect(cache.derive(COLL, 'a', 10n, 'q', compute('v1'))).toBe('v1');
    expect(cache.derive(COLL, 'a', 25n, 'q', compute('other'))).toBe('v1');
    expect(calls).toBe(1);
    // Another question, or another document, is another value.
    expect(cache.derive(COLL, 'a', 25n, 'q2', compute('w'))).toBe('w');
    expect(cache.derive(COLL + 1, 'a', 25n, 'q', compute('x'))).toBe('x');
    expect(calls).toBe(3);
  });

  it('are computed afresh once the runner writes a new version, and before it for the old', () => {
    const cache = new DocumentCache();
    cache.written(COLL, 'a', { n: 1 }, 10n);
    cache.derive(COLL, 'a', 10n, 'q', compute('v1'));
    cache.written(COLL, 'a', { n: 2 }, 20n);
    expect(cache.derive(COLL, 'a', 20n, 'q', compute('v2'))).toBe('v2');
    expect(cache.derive(COLL, 'a', 30n, 'q', compute('again'))).toBe('v2');
    // Between the versions the current one does not hold: computed each time, never kept.
    expect(cache.derive(COLL, 'a', 15n, 'q', compute('past'))).toBe('past');
    expect(cache.derive(COLL, 'a', 15n, 'q', compute('past'))).toBe('past');
    expect(calls).toBe(4);
    cache.written(COLL, 'a', undefined, 40n);
    expect(cache.derive(COLL, 'a', 40n, 'q', compute('gone'))).toBe('gone');
    expect(cache.derive(COLL, 'a', 40n, 'q', compute('gone'))).toBe('gone');
    expect(calls).toBe(6);
  });

  it('are kept from a read with the version it found, current or past', () => {
    const cache = new DocumentCache();
    // A past version read from the file (it held from 10 until 20): kept at every position
    // it holds at, and only there.
    const past = () => {
      cache.seen(COLL, 'a', 10n, 20n);
      return compute('old')();
    };
    expect(cache.derive(COLL, 'a', 15n, 'q', past)).toBe('old');
    expect(cache.derive(COLL, 'a', 10n, 'q', compute('again'))).toBe('old');
    expect(cache.derive(COLL, 'a', 19n, 'q', compute('again'))).toBe('old');
    expect(cache.kept(COLL, 'a', 11n, 'q')).toBe('old');
    expect(calls).toBe(1);
    // Before it and from its end on, another version: computed.
    expect(cache.derive(COLL, 'a', 9n, 'q', compute('before'))).toBe('before');
    expect(cache.derive(COLL, 'a', 20n, 'q', compute('after'))).toBe('after');
    expect(calls).toBe(3);
    // The current version, found by the computation itself: kept from then on, beside the past one.
    const current = () => {
      cache.read(COLL, 'a', { n: 2 }, 20n, OPEN);
      return compute('new')();
    };
    expect(cache.derive(COLL, 'a', 25n, 'q', current)).toBe('new');
    expect(cache.derive(COLL, 'a', 26n, 'q', current)).toBe('new');
    expect(cache.derive(COLL, 'a', 12n, 'q', compute('again'))).toBe('old');
    expect(calls).toBe(4);
    // A later read of another past version is the one remembered.
    const earlier = () => {
      cache.seen(COLL, 'a', 3n, 10n);
      return compute('older')();
    };
    expect(cache.derive(COLL, 'a', 5n, 'q', earlier)).toBe('older');
    expect(cache.derive(COLL, 'a', 7n, 'q', compute('again'))).toBe('older');
    expect(calls).toBe(5);
    cache.clear();
    expect(cache.derive(COLL, 'a', 26n, 'q', compute('cleared'))).toBe('cleared');
    expect(cache.derive(COLL, 'a', 5n, 'q', compute('cleared'))).toBe('cleared');
  });

  it('are told as kept only for the version that holds, and never computed to tell', () => {
    const cache = new DocumentCache();
    cache.written(COLL, 'a', { n: 1 }, 10n);
    expect(cache.kept(COLL, 'a', 12n, 'q')).toBeUndefined();
    cache.derive(COLL, 'a', 12n, 'q', compute('v1'));
    expect(cache.kept(COLL, 'a', 15n, 'q')).toBe('v1');
    expect(cache.kept(COLL, 'a', 15n, 'other')).toBeUndefined();
    // Before the version began, and once the runner wrote the next one: nothing kept.
    expect(cache.kept(COLL, 'a', 9n, 'q')).toBeUndefined();
    cache.written(COLL, 'a', { n: 2 }, 20n);
    expect(cache.kept(COLL, 'a', 25n, 'q')).toBeUndefined();
    expect(calls).toBe(1);
  });
});
