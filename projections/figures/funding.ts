/**
 * Which tranches paid for an investment, and in what proportion: the basis on which its
 * harvests and benefits are attributed to funds and tranches (its spend is attributed to
 * allocations when it is recorded instead: spend-attribution.ts). The weight of a tranche
 * is the investment's allocations from it net of reductions. When every allocation was
 * reduced to nothing, the gross amounts stand in: the money did come from those tranches.
 * An investment with no allocation at all is attributed to no tranche. The fund balance, the
 * forecast vs actual and the investment summary fold its records: a change to what they hold
 * bumps each of those models' versions (ledger-views.ts READ_MODELS).
 */
import { AllocationReducedData, FundsAllocatedData } from '../../src/fund/fund.events';
import { Money } from '../../src/money/money';
import { Weight } from './shares';

/** One allocation to an investment as the read models keep it (money as strings). */
export interface AllocationRecord {
  readonly fundId: string;
  readonly allocationId: string;
  readonly trancheId: string;
  readonly amount: string;
  readonly reduced: string;
  readonly decidedOn: string;
  readonly decisionRef: string;
}

/** The allocation a FundsAllocated event of fund `fundId` records: nothing reduced yet. */
export const allocationRecordOf = (fundId: string, data: FundsAllocatedData): AllocationRecord => ({
  fundId,
  allocationId: data.allocationId,
  trancheId: data.trancheId,
  amount: data.amount,
  reduced: '0.00',
  decidedOn: data.decidedOn,
  decisionRef: data.decisionRef,
});

/** True for the allocation an AllocationReduced event of fund `fundId` reduces (ids are per fund). */
export const isReducedBy = (
  allocation: AllocationRecord,
  fundId: string,
  reduction: AllocationReducedData,
): boolean => allocation.fundId === fundId && allocation.allocationId === reduction.allocationId;

/** The allocation with the reduction's amount added to what was reduced. */
export const withReduction = (
  allocation: AllocationRecord,
  reduction: AllocationReducedData,
): AllocationRecord => ({
  ...allocation,
  reduced: Money.of(allocation.reduced).plus(Money.of(reduction.amount)).toString(),
});

export interface TrancheKey {
  readonly fundId: string;
  readonly trancheId: string;
}

export const trancheKeyText = (key: TrancheKey): string => `${key.fundId}/${key.trancheId}`;

export const netOf = (allocation: AllocationRecord): Money =>
  Money.of(allocation.amount).minus(Money.of(allocation.reduced));

/** Per tranche, in the order the investment first got money from it. */
const weightsBy = (
  allocations: readonly AllocationRecord[],
  weightOf: (a: AllocationRecord) => Money,
): Weight<TrancheKey>[] => {
  const byTranche = new Map<string, { key: TrancheKey; weight: Money }>();
  for (const allocation of allocations) {
    const key = { fundId: allocation.fundId, trancheId: allocation.trancheId };
    const text = trancheKeyText(key);
    const before = byTranche.get(text)?.weight ?? Money.zero;
    byTranche.set(text, { key, weight: before.plus(weightOf(allocation)) });
  }
  return [...byTranche.values()];
};

export const fundingWeights = (allocations: readonly AllocationRecord[]): Weight<TrancheKey>[] => {
  const net = weightsBy(allocations, netOf);
  if (net.some((w) => w.weight.gt(Money.zero))) return net;
  return weightsBy(allocations, (a) => Money.of(a.amount));
};

/** The investment's allocations net of reductions. */
export const allocatedTotal = (allocations: readonly AllocationRecord[]): Money =>
  Money.sum(allocations.map(netOf));
