import fc from 'fast-check';
import { FoldScope } from '../../src/shared/fold-scope';

interface Item {
  readonly id: string;
  readonly v: number;
}

const idOf = (item: Item): string => item.id;
const IDS = ['a', 'b', 'c', 'd'];

type Op =
  | { readonly kind: 'append'; readonly id: string; readonly v: number }
  | { readonly kind: 'keyed'; readonly id: string; readonly v: number; readonly to?: string }
  | { readonly kind: 'replace'; readonly id: string; readonly v: number; readonly to: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), id: fc.constantFrom(...IDS), v: fc.nat(9) }),
  fc.record(
    {
      kind: fc.constant('keyed' as const),
      id: fc.constantFrom(...IDS),
      v: fc.nat(9),
      to: fc.constantFrom(...IDS),
    },
    { requiredKeys: ['kind', 'id', 'v'] },
  ),
  fc.record({
    kind: fc.constant('replace' as const),
    id: fc.constantFrom(...IDS),
    v: fc.nat(9),
    to: fc.constantFrom(...IDS),
  }),
);

/** What every operation means, on plain arrays copied at each step. */
const reference = (list: readonly Item[], o: Op): readonly Item[] => {
  if (o.kind === 'append') return [...list, { id: o.id, v: o.v }];
  const to = o.to ?? o.id;
  return list.some((item) => item.id === o.id)
    ? list.map((item) => (item.id === o.id ? { id: to, v: o.v } : item))
    : list;
};

const apply = (scope: FoldScope, list: readonly Item[], o: Op): readonly Item[] => {
  switch (o.kind) {
    case 'append':
      return scope.append(list, { id: o.id, v: o.v });
    case 'keyed':
      return scope.replaceKeyed(list, idOf, o.id, () => ({ id: o.to ?? o.id, v: o.v }));
    case 'replace':
      return scope.replace(
        list,
        (item) => item.id === o.id,
        () => ({ id: o.to, v: o.v }),
      );
  }
};

describe('FoldScope.replaceKeyed', () => {
  it('replaces exactly what replace with a key comparison would, after any appends and replaces', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom(...IDS), v: fc.nat(9) }), { maxLength: 8 }),
        fc.array(op, { maxLength: 40 }),
        fc.boolean(),
        (initial, ops, trackChanges) => {
          const given = Object.freeze([...initial]);
          const scope = new FoldScope(undefined, trackChanges);
          let ours: readonly Item[] = given;
          let expected: readonly Item[] = given;
          for (const o of ops) {
            const before = ours;
            ours = apply(scope, ours, o);
            const next = reference(expected, o);
            // Nothing matched: the same list back, as replace does.
            if (next === expected && o.kind !== 'append') expect(ours).toBe(before);
            expected = next;
            expect(ours).toEqual(expected);
          }
          // The list the fold was given is never written to.
          expect(given).toEqual(initial);
        },
      ),
      { numRuns: 500 },
    );
  });
});
