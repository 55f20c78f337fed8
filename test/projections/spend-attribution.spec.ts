/**
 * A correction upwards's parts join the cost's parts: one the allocation of the last part pays
 * is added to it, so a cost corrected upwards again and again keeps one part per run of
 * allocations rather than one per correction. Taking back (latest first) then takes from each
 * allocation what it took from the parts kept apart.
 */
import { Money } from '../../src/money/money';
import {
  CostAttribution,
  SpendPart,
  allocationKey,
  withMoreParts,
  withdrawSpend,
} from '../../projections/figures/spend-attribution';

const part = (allocationId: string, amount: string, fundId = 'fond'): SpendPart => ({
  fundId,
  trancheId: 't1',
  allocationId,
  amount,
});

/** Amounts per allocation, as the fund balance moves them (spentByAllocation, tranches). */
const byAllocation = (parts: readonly SpendPart[]): Record<string, string> => {
  const out: Record<string, Money> = {};
  for (const p of parts) {
    const key = allocationKey(p.fundId, p.allocationId);
    out[key] = (out[key] ?? Money.zero).plus(Money.of(p.amount));
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.toString()]));
};

describe('withMoreParts', () => {
  it('adds a part the last part’s allocation pays to that part', () => {
    expect(withMoreParts([part('a', '100.00'), part('b', '5.00')], [part('b', '0.01')])).toEqual([
      part('a', '100.00'),
      part('b', '5.01'),
    ]);
  });

  it('appends the parts other allocations pay, after the one it joins', () => {
    expect(withMoreParts([part('a', '100.00')], [part('a', '1.00'), part('b', '2.00')])).toEqual([
      part('a', '101.00'),
      part('b', '2.00'),
    ]);
    expect(withMoreParts([part('a', '1.00')], [part('b', '2.00')])).toEqual([
      part('a', '1.00'),
      part('b', '2.00'),
    ]);
  });

  it('tells allocations of two funds apart, though their ids are alike', () => {
    expect(withMoreParts([part('a', '1.00', 'f1')], [part('a', '2.00', 'f2')])).toHaveLength(2);
  });

  it('keeps what there is when either side is empty', () => {
    expect(withMoreParts([], [part('a', '1.00')])).toEqual([part('a', '1.00')]);
    expect(withMoreParts([part('a', '1.00')], [])).toEqual([part('a', '1.00')]);
  });

  it('takes back from each allocation what the parts kept apart gave up', () => {
    const corrections = [
      [part('a', '60.00')],
      [part('a', '40.00'), part('b', '10.00')],
      [part('b', '0.50')],
      [part('b', '0.25')],
      [part('c', '3.00')],
      [part('c', '1.00')],
    ];
    const apart = corrections.flat();
    const joined = corrections.reduce<SpendPart[]>(
      (parts, added) => withMoreParts(parts, added),
      [],
    );
    expect(joined.length).toBeLessThan(apart.length);
    expect(byAllocation(joined)).toEqual(byAllocation(apart));
    const attribution = (parts: readonly SpendPart[]): CostAttribution => ({
      parts,
      beyond: '2.00',
      beyondFundId: 'fond',
    });
    for (const amount of ['1.00', '2.00', '3.50', '4.00', '4.75', '15.00', '60.00', '116.75']) {
      const a = withdrawSpend(attribution(apart), Money.of(amount));
      const b = withdrawSpend(attribution(joined), Money.of(amount));
      expect(byAllocation(b.taken)).toEqual(byAllocation(a.taken));
      expect(byAllocation(b.remaining.parts)).toEqual(byAllocation(a.remaining.parts));
      expect(b.beyondTaken.toString()).toBe(a.beyondTaken.toString());
    }
  });
});
