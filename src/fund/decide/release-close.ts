/** Releasing and closing a tranche. */
import { DomainError } from '../../shared/domain-error';
import { Decision, append } from '../../shared/decider';
import { CloseTranche, ReleaseTranche } from '../fund.commands';
import { FundEvent } from '../fund.events';
import { FundState, TrancheState } from './fund-state';
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
  const { trancheId, closedOn, decisionRef, reason } = command;
  return append<FundEvent>({
    type: 'TrancheClosed',
    data: { trancheId, closedOn, decisionRef, reason },
  });
};

export const trancheClosed = (tranche: TrancheState): DomainError =>
  new DomainError('TRANCHE_CLOSED', `tranche ${tranche.trancheId} is closed`, 'rule', {
    trancheId: tranche.trancheId,
  });
