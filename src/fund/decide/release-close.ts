/** Releasing and closing a tranche. */
import { DomainError } from '../../shared/domain-error';
import { Decision, append } from '../../shared/decider';
import { CloseTranche, ReleaseTranche } from '../fund.commands';
import { FundEvent } from '../fund.events';
import { FundState, laterDay, TrancheState } from './fund-state';
import { requireFund, requireNotInFuture, requireTranche } from './guards';

export const releaseTranche = (command: ReleaseTranche, state: FundState): Decision<FundEvent> => {
  const tranche = requireTranche(requireFund(state, command.fundId), command.trancheId);
  if (tranche.status === 'closed') throw trancheClosed(tranche);
  if (tranche.status === 'released') {
    throw new DomainError(
      'TRANCHE_ALREADY_RELEASED',
      `tranche ${tranche.trancheId} is already released`,
      'rule',
      { trancheId: tranche.trancheId },
    );
  }
  requireNotInFuture(command, 'releasedOn', command.releasedOn);
  const { trancheId, releasedOn, decisionRef } = command;
  return append<FundEvent>({
    type: 'TrancheReleased',
    data: { trancheId, releasedOn, decisionRef },
  });
};

export const closeTranche = (command: CloseTranche, state: FundState): Decision<FundEvent> => {
  const tranche = requireTranche(requireFund(state, command.fundId), command.trancheId);
  if (tranche.status === 'closed') {
    throw new DomainError(
      'TRANCHE_ALREADY_CLOSED',
      `tranche ${tranche.trancheId} is already closed`,
      'rule',
      { trancheId: tranche.trancheId },
    );
  }
  requireNotInFuture(command, 'closedOn', command.closedOn);
  requireNotBeforeItsRecord(tranche, command.closedOn);
  const { trancheId, closedOn, decisionRef, reason } = command;
  return append<FundEvent>({
    type: 'TrancheClosed',
    data: { trancheId, closedOn, decisionRef, reason },
  });
};

/**
 * A tranche is closed no earlier than what it records: its release, the decisions that
 * allocated from it and those that amended its terms. Closed before them, its record said
 * money was released, allocated or re-decided in a tranche already closed, which no reading of
 * the dates can make true.
 */
const requireNotBeforeItsRecord = (tranche: TrancheState, closedOn: string): void => {
  const { releasedOn, lastAllocatedOn } = tranche;
  const lastAmendedOn = tranche.lastAmendment?.decidedOn ?? null;
  const earliest = laterDay(laterDay(releasedOn, lastAllocatedOn), lastAmendedOn);
  if (earliest === null || closedOn >= earliest) return;
  throw new DomainError(
    'TRANCHE_CLOSED_BEFORE_ITS_RECORD',
    `closedOn ${closedOn} lies before what tranche ${tranche.trancheId} records: ` +
      [
        releasedOn !== null ? `released ${releasedOn}` : null,
        lastAllocatedOn !== null ? `last allocated from on ${lastAllocatedOn}` : null,
        lastAmendedOn !== null ? `last amended on ${lastAmendedOn}` : null,
      ]
        .filter((part) => part !== null)
        .join(', ') +
      '.',
    'rule',
    {
      trancheId: tranche.trancheId,
      closedOn,
      earliest,
      releasedOn,
      lastAllocatedOn,
      lastAmendedOn,
    },
  );
};

export const trancheClosed = (tranche: TrancheState): DomainError =>
  new DomainError('TRANCHE_CLOSED', `tranche ${tranche.trancheId} is closed`, 'rule', {
    trancheId: tranche.trancheId,
  });
