/**
 * evolve, one handler per event: recorded events are facts, but one that breaks an invariant
 * means a bug upstream, so it is refused loudly rather than folded into a state that lies.
 */
import { PersistentMap } from '../../shared/persistent-map';
import { Money } from '../../money/money';
import {
  AllocationReduced,
  FundEstablished,
  FundEvent,
  FundsAllocated,
  TrancheAdded,
  TrancheClosed,
  TrancheReleased,
} from '../fund.events';
import { AllocationState, EstablishedFund, FundState, laterDay, TrancheState } from './fund-state';
import { allocationFingerprint, reductionFingerprint, trancheFingerprint } from './fingerprints';

function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`fund invariant violated: ${message}`);
}

const established = (state: FundState, event: FundEvent): EstablishedFund => {
  invariant(state.status === 'established', `${event.type} before FundEstablished`);
  return state;
};

const recordedTranche = (fund: EstablishedFund, trancheId: string): TrancheState => {
  const tranche = fund.tranches.get(trancheId);
  invariant(tranche !== undefined, `unknown tranche ${trancheId}`);
  return tranche;
};

const withTranche = (fund: EstablishedFund, tranche: TrancheState): EstablishedFund => ({
  ...fund,
  tranches: new Map(fund.tranches).set(tranche.trancheId, tranche),
});

export const onFundEstablished = (state: FundState, event: FundEstablished): FundState => {
  invariant(state.status === 'none', `fund established twice (${event.data.fundId})`);
  const { fundId, name, currency, decisionRef, trancheIds } = event.data;
  return {
    status: 'established',
    fundId,
    name,
    currency,
    decisionRef,
    initialTrancheIds: trancheIds,
    tranches: new Map(),
    allocations: PersistentMap.empty(),
    reductions: PersistentMap.empty(),
  };
};

export const onTrancheAdded = (state: FundState, event: TrancheAdded): FundState => {
  const fund = established(state, event);
  const { data } = event;
  invariant(!fund.tranches.has(data.trancheId), `tranche ${data.trancheId} added twice`);
  const amount = Money.of(data.amount);
  invariant(amount.gt(Money.zero), `tranche ${data.trancheId} amount ${data.amount} not positive`);
  return withTranche(fund, {
    trancheId: data.trancheId,
    name: data.name,
    amount,
    allocatableFrom: data.allocatableFrom,
    allocatableUntil: data.allocatableUntil,
    status: 'expected',
    releasedOn: null,
    allocated: Money.zero,
    lastAllocatedOn: null,
    fingerprint: trancheFingerprint(data),
  });
};

export const onTrancheReleased = (state: FundState, event: TrancheReleased): FundState => {
  const fund = established(state, event);
  const tranche = recordedTranche(fund, event.data.trancheId);
  invariant(tranche.status === 'expected', `tranche ${tranche.trancheId} released twice`);
  return withTranche(fund, { ...tranche, status: 'released', releasedOn: event.data.releasedOn });
};

export const onTrancheClosed = (state: FundState, event: TrancheClosed): FundState => {
  const fund = established(state, event);
  const tranche = recordedTranche(fund, event.data.trancheId);
  invariant(tranche.status !== 'closed', `tranche ${tranche.trancheId} closed twice`);
  return withTranche(fund, { ...tranche, status: 'closed' });
};

export const onFundsAllocated = (state: FundState, event: FundsAllocated): FundState => {
  const fund = established(state, event);
  const { data } = event;
  invariant(!fund.allocations.has(data.allocationId), `allocation ${data.allocationId} twice`);
  const tranche = recordedTranche(fund, data.trancheId);
  const amount = Money.of(data.amount);
  invariant(amount.gt(Money.zero), `allocation ${data.allocationId} amount not positive`);
  const allocated = tranche.allocated.plus(amount);
  invariant(
    allocated.lte(tranche.amount),
    `tranche ${tranche.trancheId} overdrawn: ${allocated.toString()} allocated of ${tranche.amount.toString()}`,
  );
  const allocation: AllocationState = {
    allocationId: data.allocationId,
    investmentId: data.investmentId,
    trancheId: data.trancheId,
    amount,
    reduced: Money.zero,
    decidedOn: data.decidedOn,
    fingerprint: allocationFingerprint(data),
  };
  return {
    ...withTranche(fund, {
      ...tranche,
      allocated,
      lastAllocatedOn: laterDay(tranche.lastAllocatedOn, data.decidedOn),
    }),
    allocations: fund.allocations.set(allocation.allocationId, allocation),
  };
};

export const onAllocationReduced = (state: FundState, event: AllocationReduced): FundState => {
  const fund = established(state, event);
  const { data } = event;
  invariant(!fund.reductions.has(data.reductionId), `reduction ${data.reductionId} twice`);
  const current = fund.allocations.get(data.allocationId);
  invariant(current !== undefined, `unknown allocation ${data.allocationId}`);
  invariant(
    current.trancheId === data.trancheId,
    `reduction ${data.reductionId} names a wrong tranche`,
  );
  const amount = Money.of(data.amount);
  invariant(amount.gt(Money.zero), `reduction ${data.reductionId} amount not positive`);
  const reduced = current.reduced.plus(amount);
  invariant(reduced.lte(current.amount), `allocation ${current.allocationId} reduced below zero`);
  const tranche = recordedTranche(fund, current.trancheId);
  const allocated = tranche.allocated.minus(amount);
  invariant(!allocated.isNegative(), `tranche ${tranche.trancheId} allocated below zero`);
  return {
    ...withTranche(fund, { ...tranche, allocated }),
    allocations: fund.allocations.set(current.allocationId, { ...current, reduced }),
    reductions: fund.reductions.set(data.reductionId, reductionFingerprint(data)),
  };
};
