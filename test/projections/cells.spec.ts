/**
 * Documents as cells (src/projections/cells.ts): for any history of a document, the cells
 * the diffs write, read back at any position, assemble to the document as it was then —
 * lists that grow and shrink, maps with awkward keys (array indexes, `__proto__`), fields
 * that change between scalar, list and map, and a document that goes and comes back.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentWrite, OPEN as FILE_OPEN, ReadModelDb } from '../../src/projections/read-model-db';
import { outlineFrom, valuesFrom } from '../../src/projections/lazy-views';
import { assemble, CellRow, cellCount, diffDocument, Doc } from '../../src/projections/cells';

interface StoredCell extends CellRow {
  readonly from: number;
  to: number;
}

const OPEN = Number.MAX_SAFE_INTEGER;

/** Applies a diff as the read-model file does: close the open version, open the new one. */
const write = (table: StoredCell[], before: Doc | undefined, doc: Doc | undefined, at: number) => {
  for (const change of diffDocument(before, doc)) {
    const open = table.filter(
      (c) => c.field === change.field && c.key === change.key && c.to === OPEN,
    );
    expect(open.length).toBe(change.existed ? 1 : 0);
    for (const cell of open) cell.to = at;
    if (change.body !== null) {
      table.push({
        field: change.field,
        key: change.key,
        ord: change.ord,
        body: change.body,
        from: at,
        to: OPEN,
      });
    }
  }
};

const readAt = (table: readonly StoredCell[], at: number): Doc | undefined =>
  assemble(table.filter((c) => c.from <= at && at < c.to));

const key = fc.constantFrom('a', 'b', 'zeta', '0', '7', '42', '__proto__', 'constructor', '');
const scalar = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null));
const item = fc.oneof(
  scalar,
  fc.record({ amount: fc.string({ maxLength: 3 }), period: fc.nat(9) }),
);
const map = fc.array(fc.tuple(key, item), { maxLength: 6 }).map((entries) => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(out, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
});
const field = fc.oneof(scalar, fc.array(item, { maxLength: 6 }), map);
const doc = fc.option(
  fc.record(
    {
      id: fc.constant('inv-1'),
      status: scalar,
      reports: fc.array(item, { maxLength: 6 }),
      x: field,
      y: field,
    },
    { requiredKeys: ['id'] },
  ),
  { nil: undefined },
);

/** The next version shares what did not change, as the folds do (copy on write). */
const evolve = (
  previous: Doc | undefined,
  next: Doc | undefined,
  keep: boolean[],
): Doc | undefined => {
  if (previous === undefined || next === undefined) return next;
  const out: Record<string, unknown> = { ...next };
  Object.keys(out).forEach((f, i) => {
    if (keep[i % keep.length] && f in previous) out[f] = previous[f];
  });
  if (Array.isArray(previous.reports) && Array.isArray(next.reports) && keep[0]) {
    out.reports = [...previous.reports, ...next.reports];
  }
  for (const f of ['x', 'y']) {
    const was = previous[f];
    const now = next[f];
    const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    // A map that gains and replaces entries keeps the order of those it had (a fold's put).
    if (isMap(was) && isMap(now) && !keep[1 % keep.length]) {
      const merged: Record<string, unknown> = {};
      for (const [k, v] of [...Object.entries(was as object), ...Object.entries(now as object)]) {
        Object.defineProperty(merged, k, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      out[f] = merged;
    }
  }
  return out;
};

const normal = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

/** A document's history: each step's document and which of its fields the fold shares. */
const histories = fc.array(fc.tuple(doc, fc.array(fc.boolean(), { minLength: 1, maxLength: 5 })), {
  minLength: 1,
  maxLength: 12,
});

/** The versions a history folds to, the first at position 1. */
const versionsOf = (steps: readonly [Doc | undefined, boolean[]][]): (Doc | undefined)[] => {
  const versions: (Doc | undefined)[] = [];
  let current: Doc | undefined;
  for (const [next, keep] of steps) versions.push((current = evolve(current, next, keep)));
  return versions;
};

/** A read gives the version: its fields, and every map's keys, in the folded object's order. */
const expectVersion = (read: Doc | undefined, version: Doc | undefined) => {
  expect(normal(read)).toEqual(normal(version));
  if (read !== undefined) expect(Object.keys(read)).toEqual(Object.keys(normal(version) as object));
  for (const f of ['x', 'y']) {
    const value = version?.[f];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      expect(Object.keys(read?.[f] as object)).toEqual(Object.keys(value));
    }
  }
};

describe('document cells', () => {
  it('read back at every position, give the document as it was then', () => {
    fc.assert(
      fc.property(histories, (steps) => {
        const table: StoredCell[] = [];
        const versions = versionsOf(steps);
        let snapshot: Doc | undefined;
        versions.forEach((version, i) => {
          write(table, snapshot, version, i + 1);
          snapshot = version;
        });
        versions.forEach((version, i) => expectVersion(readAt(table, i + 1), version));
      }),
      { numRuns: 300 },
    );
  });

  describe('in the read-model file', () => {
    let dir: string;
    let db: ReadModelDb;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-cells-'));
      db = ReadModelDb.open(join(dir, 'models.sqlite'));
    });
    afterAll(() => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('gives a version that began by closing cells only the position of the close', () => {
      db.clear('test');
      const versions: Doc[] = [
        { id: 'i', l: [1] },
        { id: 'i', l: [1, 2] },
        { id: 'i', l: [1] },
      ];
      let before: Doc | undefined;
      versions.forEach((doc, i) => {
        const write = {
          coll: 3,
          id: 'i',
          position: BigInt(i + 1),
          changes: diffDocument(before, doc),
          created: i === 0,
          removed: false,
          rank: 0,
        };
        db.commit([write], db.checkpoint().position, BigInt(i + 1), 'test');
        before = doc;
      });
      // Position 3 only closed the list's second item: the version read at 3 began at 3, so it is never
      // taken for the one at 2.
      expect(db.documentAt(3, 'i', 3n)).toEqual({ doc: versions[2], from: 3n, to: FILE_OPEN });
      expect(db.documentAt(3, 'i', 2n)).toEqual({ doc: versions[1], from: 2n, to: 3n });
    });

    it('keep a value that changes with every event as one row per change, none updated', () => {
      db.clear('test');
      let before: Doc | undefined;
      const versions = Array.from({ length: 50 }, (_, i): Doc => ({
        id: 'i',
        revision: String(i),
      }));
      versions.forEach((doc, i) => {
        const changes = diffDocument(before, doc);
        const write = { coll: 3, id: 'i', position: BigInt(i + 1), changes, rank: 0 };
        db.commit(
          [{ ...write, created: i === 0, removed: false }],
          db.checkpoint().position,
          BigInt(i + 1),
          'test',
        );
        before = doc;
      });
      const file = new Database(join(dir, 'models.sqlite'), { readonly: true });
      try {
        const rows = (sql: string) => file.prepare(sql).pluck().get();
        // The skeleton once, the revision fifty times; nothing in the cells to close.
        expect(rows("SELECT count(*) FROM cell_values WHERE field = 'revision'")).toBe(50);
        expect(rows("SELECT count(*) FROM cell_values WHERE field = ''")).toBe(1);
        expect(rows('SELECT count(*) FROM cells')).toBe(0);
      } finally {
        file.close();
      }
      // Each version read back at its own position holds until the next one began.
      expect(db.documentAt(3, 'i', 20n)).toEqual({ doc: versions[19], from: 20n, to: 21n });
      expect(db.documentAt(3, 'i', 50n)).toEqual({ doc: versions[49], from: 50n, to: FILE_OPEN });
    });

    it('give the document at every position, and the positions between which it held', () => {
      const coll = 3;
      fc.assert(
        // Several positions per commit, as the runner's batches: a version is opened and
        // closed within one commit.
        fc.property(histories, fc.integer({ min: 1, max: 5 }), (steps, perCommit) => {
          db.clear('test');
          const versions = versionsOf(steps);
          let snapshot: Doc | undefined;
          let batch: DocumentWrite[] = [];
          versions.forEach((version, i) => {
            batch.push({
              coll,
              id: 'inv-1',
              position: BigInt(i + 1),
              changes: diffDocument(snapshot, version),
              created: snapshot === undefined && version !== undefined,
              removed: snapshot !== undefined && version === undefined,
              rank: 0,
            });
            snapshot = version;
            if (batch.length === perCommit || i === versions.length - 1) {
              db.commit(batch, db.checkpoint().position, BigInt(i + 1), 'test');
              batch = [];
            }
          });
          // Another document's cells in the same collection and another collection's are
          // never read with it.
          db.commit(
            [
              {
                coll,
                id: 'inv-2',
                position: 99n,
                changes: diffDocument(undefined, { id: 'x' }),
                created: true,
                removed: false,
                rank: 0,
              },
              {
                coll: coll + 1,
                id: 'inv-1',
                position: 99n,
                changes: diffDocument(undefined, { id: 'y' }),
                created: true,
                removed: false,
                rank: 0,
              },
            ],
            db.checkpoint().position,
            99n,
            'test',
          );
          versions.forEach((version, i) => {
            const read = db.documentAt(coll, 'inv-1', BigInt(i + 1));
            expect(db.hasAt(coll, 'inv-1', BigInt(i + 1))).toBe(version !== undefined);
            // An outline is the document without the fields named, with their sizes, read
            // without their bodies.
            const counted = ['reports', 'x'];
            const outline = db.outlineAt(coll, 'inv-1', BigInt(i + 1), counted);
            if (read === undefined) expect(outline).toBeUndefined();
            else {
              const { doc: rest, counts } = outlineFrom(read.doc, counted);
              expect(outline).toEqual({ ...read, doc: rest, counts });
              expectVersion(outline?.doc, rest);
            }
            // Without them altogether (their cells not even visited), the same document, its
            // fields and map keys in the same order.
            const without = db.documentWithoutAt(coll, 'inv-1', BigInt(i + 1), counted);
            expect(without).toEqual(outline?.doc);
            expectVersion(without, outline?.doc);
            expectVersion(read?.doc, version);
            // The value fields of every document of the collection, from the value log alone:
            // this one's as the whole document has them (lists and maps left out), and no
            // other document's or collection's.
            const named = ['id', 'status', 'x', 'y', 'reports', 'absent'];
            const values = db.valuesAt(coll, BigInt(i + 1), named);
            expect([...values.keys()]).toEqual(read === undefined ? [] : ['inv-1']);
            // One document's, read on its own, are the same.
            expect(db.documentValuesAt(coll, 'inv-1', BigInt(i + 1), named)).toEqual(
              values.get('inv-1'),
            );
            if (read !== undefined) {
              const scalars = Object.entries(normal(read.doc) as Doc).filter(
                ([field, value]) =>
                  named.includes(field) && (value === null || typeof value !== 'object'),
              );
              expect(values.get('inv-1')).toEqual(Object.fromEntries(scalars));
              expect(values.get('inv-1')).toEqual(valuesFrom(read.doc, named));
            }
            if (read === undefined) return;
            // It held from the last position that changed it until the next one that did.
            const same = (j: number) =>
              JSON.stringify(normal(versions[j])) === JSON.stringify(normal(version));
            let from = i;
            while (from > 0 && same(from - 1)) from -= 1;
            let to = i + 1;
            while (to < versions.length && same(to)) to += 1;
            expect(read.from).toBeLessThanOrEqual(BigInt(i + 1));
            expect(read.from).toBeGreaterThanOrEqual(BigInt(from + 1));
            expect(read.to).toBeGreaterThan(BigInt(i + 1));
            expect(read.to).toBeLessThanOrEqual(
              to === versions.length ? FILE_OPEN : BigInt(to + 1),
            );
          });
        }),
        { numRuns: 200 },
      );
    });
  });

  it('reads a map back in its new order when a new key comes before one it had', () => {
    const table: StoredCell[] = [];
    const first = { id: 'i', y: { a: 1 } };
    const second = { id: 'i', y: { b: 2, a: 1 } };
    write(table, undefined, first, 1);
    write(table, first, second, 2);
    expect(Object.keys(readAt(table, 2)?.y as object)).toEqual(['b', 'a']);
  });

  it('writes one cell for an item appended to a long list, whatever its length', () => {
    const reports = Array.from({ length: 5_000 }, (_, i) => ({ period: i }));
    const before = { id: 'i', reports };
    const after = { id: 'i', reports: [...reports, { period: 5_000 }] };
    expect(diffDocument(before, after)).toEqual([
      {
        field: 'reports',
        key: '5000',
        ord: 5_000,
        body: '{"period":5000}',
        existed: false,
        value: false,
      },
    ]);
  });

  it('counts a document as the cells it is written as (what bounds the caches)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (doc: Doc) => {
        const written = diffDocument(undefined, doc).filter((change) => change.body !== null);
        expect(cellCount(doc)).toBe(written.length);
      }),
      { numRuns: 300 },
    );
  });
});
