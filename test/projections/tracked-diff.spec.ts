/**
 * The read-model writer's fold writes the lists it owns in place and asks its scope what
 * changed in them (FoldScope trackChanges, cells.ts KnownChanges), so an event that adds one
 * item to a long list costs that item. For any run of events over a document (appends,
 * keyed and matched replaces, a list held directly as a map entry, value changes, several
 * changes to one list in one event, a list grown through the scope and then copied or
 * filtered by hand, events that change nothing), the cells written from what the scope tells
 * are exactly those a comparison of immutable copies finds, and read back they give the
 * document after every event.
 */
import fc from 'fast-check';
import { assemble, BatchDiff, CellChange, diffDocument, Doc } from '../../src/projections/cells';
import { FoldScope } from '../../src/shared/fold-scope';

interface Item {
  readonly id: string;
  readonly v: number;
}

interface TestDoc {
  readonly reports: readonly Item[];
  readonly costs: readonly Item[];
  /** A map whose entry is a list: the scope writes the list in place, the map is copied. */
  readonly byLine: Readonly<Record<string, readonly Item[]>>;
  readonly revision: number;
}

const IDS = ['a', 'b', 'c'];
const idOf = (item: Item): string => item.id;

type ListField = 'reports' | 'costs';

type Op =
  | { readonly kind: 'append'; readonly field: ListField; readonly id: string }
  /** The list replaced by a copy of itself, outside the scope (as a fold's spread or map does). */
  | { readonly kind: 'copy'; readonly field: ListField }
  /** The items with this id left out, outside the scope (as a fold's filter does). */
  | { readonly kind: 'drop'; readonly field: ListField; readonly id: string }
  | { readonly kind: 'keyed'; readonly id: string; readonly same: boolean }
  | { readonly kind: 'replace'; readonly id: string }
  | { readonly kind: 'line'; readonly line: string; readonly id: string }
  | { readonly kind: 'revise' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('append' as const),
    field: fc.constantFrom('reports' as const, 'costs' as const),
    id: fc.constantFrom(...IDS),
  }),
  fc.record({
    kind: fc.constant('keyed' as const),
    id: fc.constantFrom(...IDS),
    same: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('replace' as const), id: fc.constantFrom(...IDS) }),
  fc.record({
    kind: fc.constant('line' as const),
    line: fc.constantFrom('x', 'y'),
    id: fc.constantFrom(...IDS),
  }),
  fc.record({ kind: fc.constant('revise' as const) }),
  fc.record({
    kind: fc.constant('copy' as const),
    field: fc.constantFrom('reports' as const, 'costs' as const),
  }),
  fc.record({
    kind: fc.constant('drop' as const),
    field: fc.constantFrom('reports' as const, 'costs' as const),
    id: fc.constantFrom(...IDS),
  }),
);

/** One event: a few operations on the document. */
const event = fc.array(op, { maxLength: 3 });

let made = 0;
const newItem = (id: string): Item => ({ id, v: ++made });

/**
 * Applies an event to the tracked document (through the scope) and to the reference (plain
 * immutable copies), giving both the very same new items so that a comparison by reference
 * sees exactly what changed.
 */
const applyEvent = (
  scope: FoldScope,
  tracked: TestDoc,
  reference: TestDoc,
  ops: readonly Op[],
): [TestDoc, TestDoc] => {
  let [t, r] = [tracked, reference];
  for (const o of ops) {
    switch (o.kind) {
      case 'append': {
        const item = newItem(o.id);
        t = { ...t, [o.field]: scope.append(t[o.field], item) };
        r = { ...r, [o.field]: [...r[o.field], item] };
        break;
      }
      case 'keyed': {
        // `same` hands back the item itself: nothing changed, so nothing is written.
        const item = newItem(o.id);
        const change = (old: Item): Item => (o.same ? old : item);
        t = { ...t, reports: scope.replaceKeyed(t.reports, idOf, o.id, change) };
        r = { ...r, reports: r.reports.map((x) => (x.id === o.id ? change(x) : x)) };
        break;
      }
      case 'replace': {
        const item = newItem(o.id);
        t = {
          ...t,
          costs: scope.replace(
            t.costs,
            (x) => x.id === o.id,
            () => item,
          ),
        };
        r = { ...r, costs: r.costs.map((x) => (x.id === o.id ? item : x)) };
        break;
      }
      case 'line': {
        const item = newItem(o.id);
        const list = scope.append(t.byLine[o.line] ?? [], item);
        t = { ...t, byLine: scope.put(t.byLine, o.line, list) };
        r = { ...r, byLine: { ...r.byLine, [o.line]: [...(r.byLine[o.line] ?? []), item] } };
        break;
      }
      case 'revise':
        t = { ...t, revision: t.revision + 1 };
        r = { ...r, revision: r.revision + 1 };
        break;
      case 'copy':
        t = { ...t, [o.field]: [...t[o.field]] };
        r = { ...r, [o.field]: [...r[o.field]] };
        break;
      case 'drop':
        t = { ...t, [o.field]: t[o.field].filter((x) => x.id !== o.id) };
        r = { ...r, [o.field]: r[o.field].filter((x) => x.id !== o.id) };
        break;
    }
  }
  return [t, r];
};

/** The open cells after applying changes, as the read-model file keeps them. */
const applyChanges = (cells: Map<string, CellChange>, changes: readonly CellChange[]): void => {
  for (const change of changes) {
    const key = `${change.field}\u0000${change.key}`;
    expect(cells.has(key)).toBe(change.existed);
    if (change.body === null) cells.delete(key);
    else cells.set(key, change);
  }
};

const documentOf = (cells: ReadonlyMap<string, CellChange>): Doc | undefined =>
  assemble(
    [...cells.values()].map(({ field, key, ord, body }) => ({ field, key, ord, body: body! })),
  );

const initialDoc = (reports: readonly string[], costs: readonly string[]): TestDoc =>
  Object.freeze({
    reports: Object.freeze(reports.map(newItem)),
    costs: Object.freeze(costs.map(newItem)),
    byLine: Object.freeze({ x: Object.freeze([newItem('a')]) }),
    revision: 0,
  });

describe('the read-model writer diffs what its scope tells of the lists it writes in place', () => {
  it('writes exactly the cells a comparison of immutable copies finds, event after event', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...IDS), { maxLength: 6 }),
        fc.array(fc.constantFrom(...IDS), { maxLength: 6 }),
        fc.array(event, { maxLength: 12 }),
        (reportIds, costIds, events) => {
          const committed = initialDoc(reportIds, costIds);
          const snapshot = JSON.stringify(committed);
          const scope = new FoldScope(undefined, true);
          const cells = new Map<string, CellChange>();
          applyChanges(cells, diffDocument(undefined, committed as unknown as Doc));
          // The writer's own comparison of one batch (cell-projector.ts).
          const diff = new BatchDiff(scope);
          let [tracked, reference] = [committed, committed];
          for (const ops of events) {
            const referenceBefore = reference;
            [tracked, reference] = applyEvent(scope, tracked, reference, ops);
            const { changes } = diff.changes(
              'doc',
              () => committed as unknown as Doc,
              tracked as unknown as Doc,
            );
            expect(changes).toEqual(
              diffDocument(referenceBefore as unknown as Doc, reference as unknown as Doc),
            );
            applyChanges(cells, changes);
            expect(documentOf(cells)).toEqual(JSON.parse(JSON.stringify(reference)));
          }
          // What the fold was given is never written to.
          expect(JSON.stringify(committed)).toBe(snapshot);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('knows what the cells hold after an event that grew a list and put back a copy of it', () => {
    // Found by the property: the list grown in place is not what the cells hold afterwards.
    const scope = new FoldScope(undefined, true);
    const diff = new BatchDiff(scope);
    const committed: Doc = { reports: [newItem('c')] };
    const replaced = newItem('c');
    const one = {
      reports: scope.replaceKeyed(committed.reports as Item[], idOf, 'c', () => replaced),
    };
    expect(diff.changes('doc', () => committed, one).changes).toHaveLength(1);
    const grown = scope.append(one.reports, newItem('b'));
    const two = { reports: grown.filter((item) => item.id !== 'b') };
    expect(diff.changes('doc', () => committed, two).changes).toEqual([]);
    expect(diff.changes('doc', () => committed, { ...two }).changes).toEqual([]);
  });

  it('asks nothing of the scope for a list it does not own: it walks it', () => {
    const scope = new FoldScope(undefined, true);
    const before = { reports: [newItem('a')] };
    const after = { reports: [...before.reports, newItem('b')] };
    expect(scope.listChanges(before.reports, after.reports, 0)).toBeUndefined();
    expect(diffDocument(before, after, { scope, mark: 0 })).toEqual(diffDocument(before, after));
  });

  it('keeps no log when it does not track', () => {
    const scope = new FoldScope();
    const list = scope.append([newItem('a')], newItem('b'));
    expect(scope.listChanges(list, list, 0)).toBeUndefined();
  });
});
