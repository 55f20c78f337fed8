/**
 * Which allocation paid for a cost (docs/DOMAIN.md, "Spend against allocations"). When a cost is
 * recorded it is attributed to the investment's allocations as they stand at that moment, in
 * the order they were recorded: each takes as much as it still has room for (its amount net
 * of reductions, less what earlier costs took), the next one the rest. What no allocation
 * has room for is spent beyond the allocations: the fund never paid it, and it stays where it
 * was put when a later allocation arrives. A cost recorded while the investment has no
 * allocation at all is no fund's yet: it is attributed when the first allocation is recorded,
 * as if it were recorded just after it (in the order such costs were recorded), and what that
 * allocation has no room for is spent beyond the allocations of its fund. An attribution
 * never moves afterwards; only a correction or reversal of the cost itself changes it, taking
 * back the part beyond the allocations first and then the latest parts, and a correction
 * upwards is attributed like a new cost at the moment it is recorded.
 *
 * Pure: the fund-balance projection folds these over the ledger in recorded order, and the
 * reduction rule reads the result (a reduction may not take an allocation below its spend).
 */
import { Money } from '../../src/money/money';
import { AllocationRecord, netOf } from './funding';

/** One allocation's part of one cost. */
export interface SpendPart {
  readonly fundId: string;
  readonly trancheId: string;
  readonly allocationId: string;
  readonly amount: string;
}

/** How one cost (with its corrections so far) is paid. */
export interface CostAttribution {
  readonly parts: readonly SpendPart[];
  /** The part no allocation had room for when it was recorded. */
  readonly beyond: string;
  /**
   * The fund whose investment spent beyond its allocations (its first allocation's); null while
   * the investment has no allocation (the cost then waits for the first, fund-balance.projection.ts).
   */
  readonly beyondFundId: string | null;
}

/** "fund/allocation": allocation ids are unique within a fund only. */
export const allocationKey = (fundId: string, allocationId: string): string =>
  `${fundId}/${allocationId}`;

/** Spent per allocation key. */
export type SpentByAllocation = Readonly<Record<string, string>>;

export const spentOn = (spent: SpentByAllocation, allocation: AllocationRecord): Money =>
  Money.of(spent[allocationKey(allocation.fundId, allocation.allocationId)] ?? '0.00');

/** Attributes `amount` (positive) to the allocations' room, in their recorded order. */
export const attributeSpend = (
  allocations: readonly AllocationRecord[],
  spent: SpentByAllocation,
  amount: Money,
): CostAttribution => {
  let left = amount;
  const parts: SpendPart[] = [];
  for (const allocation of allocations) {
    if (!left.gt(Money.zero)) break;
    const room = netOf(allocation).minus(spentOn(spent, allocation));
    if (!room.gt(Money.zero)) continue;
    const part = left.min(room);
    parts.push({
      fundId: allocation.fundId,
      trancheId: allocation.trancheId,
      allocationId: allocation.allocationId,
      amount: part.toString(),
    });
    left = left.minus(part);
  }
  return {
    parts,
    beyond: left.toString(),
    beyondFundId: allocations[0]?.fundId ?? null,
  };
};

const samePayer = (a: SpendPart, b: SpendPart): boolean =>
  a.fundId === b.fundId && a.allocationId === b.allocationId;

/**
 * A cost's parts with a correction upwards's parts after them. One that the same allocation
 * pays as the last part is added to it: taking back goes latest first, so two such parts side
 * by side are taken back as one would be. Kept apart, every correction upwards of one cost
 * added a part, and the cost's attribution, stored anew with every correction, grew with the
 * square of its corrections (a cost corrected upwards 400 times wrote 7.9 MB).
 *
 * Parts of other allocations between them stay apart, as the order of taking back needs: a
 * cost whose corrections upwards are paid by one allocation, then another, in turn (another
 * cost's correction downwards freeing room in the first each time) still gains parts.
 */
export const withMoreParts = (
  parts: readonly SpendPart[],
  added: readonly SpendPart[],
): SpendPart[] => {
  const last = parts.at(-1);
  const [first, ...rest] = added;
  if (last === undefined || first === undefined || !samePayer(last, first))
    return [...parts, ...added];
  const joined = { ...last, amount: Money.of(last.amount).plus(Money.of(first.amount)).toString() };
  return [...parts.slice(0, -1), joined, ...rest];
};

/**
 * Takes `amount` (positive, at most what the attribution holds) back from a cost: first from
 * the part beyond the allocations, then from its parts, latest first. Answers what remains
 * and what was taken back from each part.
 */
export const withdrawSpend = (
  attribution: CostAttribution,
  amount: Money,
): {
  readonly remaining: CostAttribution;
  readonly taken: readonly SpendPart[];
  readonly beyondTaken: Money;
} => {
  const beyond = Money.of(attribution.beyond);
  const beyondTaken = amount.min(beyond);
  let left = amount.minus(beyondTaken);
  const kept = [...attribution.parts];
  const taken: SpendPart[] = [];
  for (let i = kept.length - 1; i >= 0 && left.gt(Money.zero); i--) {
    const part = kept[i];
    const take = left.min(Money.of(part.amount));
    taken.push({ ...part, amount: take.toString() });
    const rest = Money.of(part.amount).minus(take);
    if (rest.isZero()) kept.splice(i, 1);
    else kept[i] = { ...part, amount: rest.toString() };
    left = left.minus(take);
  }
  return {
    remaining: { ...attribution, parts: kept, beyond: beyond.minus(beyondTaken).toString() },
    taken,
    beyondTaken,
  };
};

/** What the cost now counts as in total. */
export const attributedTotal = (attribution: CostAttribution): Money =>
  Money.sum(attribution.parts.map((p) => Money.of(p.amount))).plus(Money.of(attribution.beyond));
