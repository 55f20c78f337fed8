/**
 * Splitting an amount over weighted parts (an investment's spend over the tranches that
 * funded it) so that the parts add up to the amount exactly: every part but the last is its
 * exact share cut toward zero at whole öre, the last takes what is left. Same rule as
 * spreading a period (src/periods/period.ts), so one remainder rule holds everywhere.
 */
import Decimal from 'decimal.js';
import { Money, ORE_DECIMALS } from '../../src/money/money';

export interface Weight<K> {
  readonly key: K;
  readonly weight: Money;
}

export interface Share<K> {
  readonly key: K;
  readonly amount: Money;
}

/** Parts with a zero weight get nothing; with no positive weight at all there is nothing to split over. */
export const splitByWeights = <K>(amount: Money, weights: readonly Weight<K>[]): Share<K>[] => {
  const parts = weights.filter((w) => w.weight.gt(Money.zero));
  if (parts.length === 0) return [];
  const total = Money.sum(parts.map((w) => w.weight)).toDecimal();
  let given = Money.zero;
  return parts.map((part, index) => {
    if (index === parts.length - 1) return { key: part.key, amount: amount.minus(given) };
    const exact = amount.toDecimal().times(part.weight.toDecimal()).dividedBy(total);
    const share = Money.fromDecimal(exact.toDecimalPlaces(ORE_DECIMALS, Decimal.ROUND_DOWN));
    given = given.plus(share);
    return { key: part.key, amount: share };
  });
};
