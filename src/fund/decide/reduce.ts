/** Reducing an allocation. */
import { Money } from '../../money/money';
import { DomainError } from '../../shared/domain-error';
import { Decision, alreadyDone, append } from '../../shared/decider';
import { ReduceAllocation } from '../fund.commands';
import { AllocationReducedData, FundEvent } from '../fund.events';
import { AllocationState, FundState, remainingOf } from './fund-state';
import { reductionFingerprint } from './fingerprints';
import { requireAllocation, requireFund, requireNotInFuture, requirePositive } from './guards';

export const reduceAllocation = (
  command: ReduceAllocation,
  state: FundState,
): Decision<FundEvent> => {
  const fund = requireFund(state, command.fundId);
  const allocation = requireAllocation(fund, command.allocationId);
  const data: AllocationReducedData = {
    reductionId: command.reductionId,
    allocationId: allocation.allocationId,
    investmentId: allocation.investmentId,
    trancheId: allocation.trancheId,
    amount: command.amount.toString(),
    decidedOn: command.decidedOn,
    decisionRef: command.decisionRef,
    reason: command.reason,
  };
  const existing = fund.reductions.get(command.reductionId);
  if (existing !== undefined) return repeatedReduction(command.reductionId, existing, data);
  requirePositive(command.amount, 'amount');
  requireNotInFuture(command, 'decidedOn', command.decidedOn);
  requireReducible(allocation, command);
  return append<FundEvent>({ type: 'AllocationReduced', data });
};

/** Reduction ids are the client's: a retry names the same id (same body: the first answer). */
const repeatedReduction = (
  reductionId: string,
  recorded: string,
  data: AllocationReducedData,
): Decision<FundEvent> => {
  if (recorded === reductionFingerprint(data)) {
    return alreadyDone(
      (event) => event.type === 'AllocationReduced' && event.data.reductionId === reductionId,
    );
  }
  throw new DomainError(
    'REDUCTION_ALREADY_EXISTS',
    `reduction ${reductionId} already exists with a different body`,
    'rule',
    { reductionId },
  );
};

const requireReducible = (allocation: AllocationState, command: ReduceAllocation): void => {
  if (command.decidedOn < allocation.decidedOn) {
    throw new DomainError(
      'REDUCTION_BEFORE_ALLOCATION',
      `a reduction decided on ${command.decidedOn} precedes allocation ${allocation.allocationId} decided on ${allocation.decidedOn}`,
      'rule',
      { allocationId: allocation.allocationId, allocationDecidedOn: allocation.decidedOn },
    );
  }
  const remaining = remainingOf(allocation);
  if (command.amount.gt(remaining)) {
    throw new DomainError(
      'ALLOCATION_REDUCTION_EXCEEDS_REMAINING',
      `allocation ${allocation.allocationId} has ${remaining.toString()} left, ${command.amount.toString()} requested`,
      'rule',
      {
        allocationId: allocation.allocationId,
        remaining: remaining.toString(),
        requested: command.amount.toString(),
      },
    );
  }
  // Spent money stays spent: what is left after the reduction must still cover it.
  const after = remaining.minus(command.amount);
  if (after.lt(command.spent)) {
    throw new DomainError(
      'REDUCTION_BELOW_SPENT',
      `allocation ${allocation.allocationId} would fall to ${after.toString()}, below the ${command.spent.toString()} already spent against it`,
      'rule',
      {
        allocationId: allocation.allocationId,
        spent: command.spent.toString(),
        remaining: remaining.toString(),
        requested: command.amount.toString(),
        largestReduction: remaining.minus(command.spent).max(Money.zero).toString(),
      },
    );
  }
};
