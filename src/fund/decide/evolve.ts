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
  TrancheAmended,
  TrancheClosed,
  TrancheReleased,
} from '../fund.events';
import {
  AllocationState,
  EstablishedFund,
  FundState,
  earlierDay,
  laterDay,
  TrancheState,
} from './fund-state';
import { allocationFingerprint, reductionFingerprint, trancheFingerprint } from './fingerprints';
import { withChange } from './tranche-timeline';

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
    firstAllocatedOn: null,
    lastAllocatedOn: null,
    lastAmendment: null,
    terms: [
      {
        since: null,
        amount,
        allocatableFrom: data.allocatableFrom,
        allocatableUntil: data.allocatableUntil,
      },
    ],
    dayChanges: null,
    fingerprint: trancheFingerprint(data),
  });
};

export const onTrancheReleased = (state: FundState, event: TrancheReleased): FundState => {
  const fund = established(state, event);
  const tranche = recordedTranche(fund, event.data.trancheId);
  invariant(tranche.status === 'expected', `tranche ${tranche.trancheId} released twice`);
  return withTranche(fund, { ...tranche, status: 'released', releasedOn: event.data.releasedOn });
};

/**
 * The terms before the decision must be the tranche's own (the decider read them from this
 * state), and after it the tranche may neither be overdrawn nor leave an allocation outside
 * its window. (Overdrawn on an earlier business day is not asserted: allocations recorded
 * before the rule judged them by the terms when recorded, and a recorded event is a fact.)
 */
export const onTrancheAmended = (state: FundState, event: TrancheAmended): FundState => {
  const fund = established(state, event);
  const { data } = event;
  const tranche = recordedTranche(fund, data.trancheId);
  const id = tranche.trancheId;
  invariant(tranche.status !== 'closed', `tranche ${id} amended after it was closed`);
  invariant(
    Money.of(data.previousAmount).equals(tranche.amount) &&
      data.previousAllocatableFrom === tranche.allocatableFrom &&
      data.previousAllocatableUntil === tranche.allocatableUntil,
    `amendment of tranche ${id} names terms before it that the tranche did not have`,
  );
  const amount = Money.of(data.amount);
  invariant(amount.gt(Money.zero), `tranche ${id} amended to ${data.amount}, not positive`);
  invariant(
    tranche.allocated.lte(amount),
    `tranche ${id} overdrawn by its amendment: ${tranche.allocated.toString()} allocated of ${data.amount}`,
  );
  const { allocatableFrom: from, allocatableUntil: until } = data;
  invariant(from === null || until === null || from <= until, `tranche ${id} window reversed`);
  invariant(
    (from === null || tranche.firstAllocatedOn === null || from <= tranche.firstAllocatedOn) &&
      (until === null || tranche.lastAllocatedOn === null || until >= tranche.lastAllocatedOn),
    `tranche ${id} amended to a window that leaves an allocation outside it`,
  );
  return withTranche(fund, {
    ...tranche,
    amount,
    allocatableFrom: from,
    allocatableUntil: until,
    lastAmendment: data,
    terms: [
      ...tranche.terms,
      { since: data.decidedOn, amount, allocatableFrom: from, allocatableUntil: until },
    ],
  });
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
      firstAllocatedOn: earlierDay(tranche.firstAllocatedOn, data.decidedOn),
      lastAllocatedOn: laterDay(tranche.lastAllocatedOn, data.decidedOn),
      dayChanges: withChange(tranche.dayChanges, data.decidedOn, amount),
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
    ...withTranche(fund, {
      ...tranche,
      allocated,
      dayChanges: withChange(tranche.dayChanges, data.decidedOn, amount.negated()),
    }),
    allocations: fund.allocations.set(current.allocationId, { ...current, reduced }),
    reductions: fund.reductions.set(data.reductionId, reductionFingerprint(data)),
  };
};
