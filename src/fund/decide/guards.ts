/** Lookups and checks that refuse with the right code, shared by the fund's commands. */
import { Money } from '../../money/money';
import { latestDayAt } from '../../periods/stockholm-day';
import { DomainError } from '../../shared/domain-error';
import { Recorded } from '../fund.commands';
import { IsoDate } from '../fund.events';
import {
  AllocationState,
  DECISION_DATE_CLOCK_TOLERANCE_MS,
  EstablishedFund,
  FundState,
  TrancheState,
} from './fund-state';

export const requireFund = (state: FundState, fundId: string): EstablishedFund => {
  if (state.status !== 'established' || state.fundId !== fundId) {
    throw new DomainError('FUND_NOT_FOUND', `fund ${fundId} does not exist`, 'not-found');
  }
  return state;
};

export const requireTranche = (fund: EstablishedFund, trancheId: string): TrancheState => {
  const tranche = fund.tranches.get(trancheId);
  if (!tranche) {
    throw new DomainError(
      'TRANCHE_NOT_FOUND',
      `fund ${fund.fundId} has no tranche ${trancheId}`,
      'not-found',
    );
  }
  return tranche;
};

export const requireAllocation = (fund: EstablishedFund, allocationId: string): AllocationState => {
  const allocation = fund.allocations.get(allocationId);
  if (!allocation) {
    throw new DomainError(
      'ALLOCATION_NOT_FOUND',
      `fund ${fund.fundId} has no allocation ${allocationId}`,
      'not-found',
    );
  }
  return allocation;
};

/** A window that ends before it begins holds no day: the tranche could never be allocated from. */
export const requireValidWindow = (window: {
  readonly trancheId: string;
  readonly allocatableFrom: IsoDate | null;
  readonly allocatableUntil: IsoDate | null;
}): void => {
  const { trancheId, allocatableFrom: from, allocatableUntil: until } = window;
  if (from !== null && until !== null && from > until) {
    throw new DomainError(
      'TRANCHE_WINDOW_INVALID',
      `tranche ${trancheId}: allocatableFrom ${from} is after allocatableUntil ${until}`,
      'invalid',
      { trancheId, allocatableFrom: from, allocatableUntil: until },
    );
  }
};

/** The DTO layer parses money as positive already; the decider does not rely on it. */
export const requirePositive = (amount: Money, field: string): void => {
  if (!amount.gt(Money.zero)) {
    throw new DomainError(
      'AMOUNT_NOT_POSITIVE',
      `${field} must be greater than 0.00, got ${amount.toString()}`,
      'invalid',
      { field },
    );
  }
};

/**
 * A decision cannot have been taken on a day still to come: the date (a Stockholm day) may not
 * lie after the Stockholm day of the recording moment, allowing a small clock tolerance.
 */
export const requireNotInFuture = (command: Recorded, field: string, date: IsoDate): void => {
  const latest = latestDayAt(command.recordedAt, DECISION_DATE_CLOCK_TOLERANCE_MS);
  if (date > latest) {
    throw new DomainError(
      'DECISION_DATE_IN_FUTURE',
      `${field} ${date} lies after the day the decision is recorded (${latest}, Europe/Stockholm)`,
      'rule',
      { field, [field]: date, recordedOn: latest },
    );
  }
};
