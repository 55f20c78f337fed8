/**
 * The fund's decider: pure rules for tranches, allocations and reductions. decide checks a
 * command against the state folded from the fund's stream and answers with new events (or
 * "already done" for an identical repeat); evolve folds one recorded event into state.
 * Money that was not there can never be allocated: decide refuses, and evolve asserts it
 * again so that a recorded event breaking the rule is found at once.
 */
import { Money } from '../money/money';
import { DomainError } from '../shared/domain-error';
import { Decider, Decision } from '../shared/decider';
import { allocateFunds } from './decide/allocate';
import { amendTranche } from './decide/amend';
import { addTranche, establishFund } from './decide/establish';
import {
  onAllocationReduced,
  onFundEstablished,
  onFundsAllocated,
  onTrancheAdded,
  onTrancheAmended,
  onTrancheClosed,
  onTrancheReleased,
} from './decide/evolve';
import {
  FundState,
  TrancheStatus,
  availableIn,
  initialFundState,
  remainingOf,
} from './decide/fund-state';
import { requireAllocation, requireTranche } from './decide/guards';
import { reduceAllocation } from './decide/reduce';
import { closeTranche, releaseTranche } from './decide/release-close';
import { FundCommand } from './fund.commands';
import { FundEvent } from './fund.events';

export {
  AllocationState,
  DECISION_DATE_CLOCK_TOLERANCE_MS,
  EstablishedFund,
  FundState,
  MAX_TRANCHES_PER_FUND,
  TrancheState,
  TrancheStatus,
  initialFundState,
} from './decide/fund-state';

/**
 * Every code the fund's commands refuse with (src/fund/decide/): the dashboard has a sentence
 * for each (test/web/refusal-words.spec.ts reads the codes quoted here), and
 * test/fund/fund-error-codes.spec.ts fails on a code thrown there but missing here.
 */
export const FUND_ERROR_CODES = [
  'FUND_NOT_FOUND',
  'FUND_ALREADY_EXISTS',
  'TOO_MANY_TRANCHES',
  'DUPLICATE_TRANCHE_ID',
  'TRANCHE_NOT_FOUND',
  'TRANCHE_ALREADY_EXISTS',
  'TRANCHE_WINDOW_INVALID',
  'TRANCHE_ALREADY_RELEASED',
  'TRANCHE_NOT_RELEASED',
  'TRANCHE_CLOSED',
  'TRANCHE_ALREADY_CLOSED',
  'TRANCHE_CLOSED_BEFORE_ITS_RECORD',
  'TRANCHE_AMENDMENT_CHANGES_NOTHING',
  'TRANCHE_AMENDED_BEFORE_LAST_AMENDMENT',
  'TRANCHE_AMOUNT_BELOW_ALLOCATED',
  'TRANCHE_WINDOW_EXCLUDES_ALLOCATIONS',
  'TRANCHE_INSUFFICIENT_FUNDS',
  'OUTSIDE_ALLOCATION_WINDOW',
  'DECIDED_BEFORE_RELEASE',
  'DECISION_DATE_IN_FUTURE',
  'AMOUNT_NOT_POSITIVE',
  'INVESTMENT_NOT_FOUND',
  'INVESTMENT_CLOSED',
  'BENEFIT_CASE_MISSING',
  'CASE_VERSION_MISMATCH',
  'NEGATIVE_RUNNING_COST_EFFECT',
  'ALLOCATION_APPROVER_IS_AUTHOR',
  'ALLOCATION_BY_RESPONSIBLE',
  'ALLOCATION_NOT_FOUND',
  'ALLOCATION_ALREADY_EXISTS',
  'ALLOCATION_REDUCTION_EXCEEDS_REMAINING',
  'REDUCTION_BELOW_SPENT',
  'REDUCTION_BEFORE_ALLOCATION',
  'REDUCTION_ALREADY_EXISTS',
] as const;

// One function per command (src/fund/decide/, a file per command group).
const decide = (command: FundCommand, state: FundState): Decision<FundEvent> => {
  switch (command.type) {
    case 'EstablishFund':
      return establishFund(command, state);
    case 'AddTranche':
      return addTranche(command, state);
    case 'ReleaseTranche':
      return releaseTranche(command, state);
    case 'AmendTranche':
      return amendTranche(command, state);
    case 'CloseTranche':
      return closeTranche(command, state);
    case 'AllocateFunds':
      return allocateFunds(command, state);
    case 'ReduceAllocation':
      return reduceAllocation(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown fund command ${JSON.stringify(unknown)}`);
    }
  }
};

// One handler per event (src/fund/decide/evolve.ts).
const evolve = (state: FundState, event: FundEvent): FundState => {
  switch (event.type) {
    case 'FundEstablished':
      return onFundEstablished(state, event);
    case 'TrancheAdded':
      return onTrancheAdded(state, event);
    case 'TrancheReleased':
      return onTrancheReleased(state, event);
    case 'TrancheAmended':
      return onTrancheAmended(state, event);
    case 'TrancheClosed':
      return onTrancheClosed(state, event);
    case 'FundsAllocated':
      return onFundsAllocated(state, event);
    case 'AllocationReduced':
      return onAllocationReduced(state, event);
    default: {
      const unknown: never = event;
      throw new Error(`unknown fund event ${JSON.stringify(unknown)}`);
    }
  }
};

export const fundDecider: Decider<FundCommand, FundEvent, FundState> = {
  initialState: initialFundState,
  decide,
  evolve,
};

// ---------------------------------------------------------------------------------------
// Queries for the read side, over the same state.

/** What can still be allocated from a tranche (released or not). */
export const trancheAvailable = (state: FundState, trancheId: string): Money => {
  if (state.status !== 'established') {
    throw new DomainError('FUND_NOT_FOUND', 'the fund does not exist', 'not-found');
  }
  return availableIn(requireTranche(state, trancheId));
};

/** What is left of an allocation after its reductions. */
export const allocationRemaining = (state: FundState, allocationId: string): Money => {
  if (state.status !== 'established') {
    throw new DomainError('FUND_NOT_FOUND', 'the fund does not exist', 'not-found');
  }
  return remainingOf(requireAllocation(state, allocationId));
};

export interface TrancheBalance {
  readonly trancheId: string;
  readonly name: string;
  readonly status: TrancheStatus;
  readonly amount: Money;
  readonly allocated: Money;
  readonly available: Money;
}

export interface FundBalance {
  readonly fundId: string;
  readonly name: string;
  readonly currency: 'SEK';
  /** In the order the tranches were added. */
  readonly tranches: readonly TrancheBalance[];
  readonly totals: {
    readonly amount: Money;
    readonly allocated: Money;
    readonly available: Money;
  };
}

export const fundBalance = (state: FundState): FundBalance => {
  if (state.status !== 'established') {
    throw new DomainError('FUND_NOT_FOUND', 'the fund does not exist', 'not-found');
  }
  const tranches = [...state.tranches.values()].map((tranche): TrancheBalance => ({
    trancheId: tranche.trancheId,
    name: tranche.name,
    status: tranche.status,
    amount: tranche.amount,
    allocated: tranche.allocated,
    available: availableIn(tranche),
  }));
  return {
    fundId: state.fundId,
    name: state.name,
    currency: state.currency,
    tranches,
    totals: {
      amount: Money.sum(tranches.map((t) => t.amount)),
      allocated: Money.sum(tranches.map((t) => t.allocated)),
      available: Money.sum(tranches.map((t) => t.available)),
    },
  };
};
