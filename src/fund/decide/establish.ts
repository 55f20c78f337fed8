/** Establishing a fund and adding tranches to it. */
import { DomainError } from '../../shared/domain-error';
import { Decision, alreadyDone, append } from '../../shared/decider';
import { AddTranche, EstablishFund, TrancheSpec } from '../fund.commands';
import { FundEstablished, FundEvent, TrancheAdded } from '../fund.events';
import { FundState, MAX_TRANCHES_PER_FUND } from './fund-state';
import { establishFingerprint, trancheAddedData, trancheFingerprint } from './fingerprints';
import { requireFund, requirePositive, requireTranche, requireValidWindow } from './guards';

const requireValidTrancheSpec = (spec: TrancheSpec): void => {
  requirePositive(spec.amount, `tranche ${spec.trancheId} amount`);
  requireValidWindow(spec);
};

export const establishFund = (command: EstablishFund, state: FundState): Decision<FundEvent> => {
  const specs = command.tranches.map((spec) => trancheAddedData(spec, command.decisionRef));
  if (state.status === 'established') {
    const recorded = state.initialTrancheIds.map((id) => requireTranche(state, id).fingerprint);
    const same =
      establishFingerprint(state, recorded) ===
      establishFingerprint(command, specs.map(trancheFingerprint));
    if (same) return alreadyDone((event) => event.type === 'FundEstablished');
    throw new DomainError(
      'FUND_ALREADY_EXISTS',
      `fund ${state.fundId} already exists with a different body`,
    );
  }
  requireEstablishableTranches(command.tranches);
  const established: FundEstablished = {
    type: 'FundEstablished',
    data: {
      fundId: command.fundId,
      name: command.name,
      currency: command.currency,
      decisionRef: command.decisionRef,
      trancheIds: command.tranches.map((spec) => spec.trancheId),
    },
  };
  const tranches = specs.map((data): TrancheAdded => ({ type: 'TrancheAdded', data }));
  return append<FundEvent>(established, ...tranches);
};

const requireEstablishableTranches = (specs: readonly TrancheSpec[]): void => {
  if (specs.length > MAX_TRANCHES_PER_FUND) {
    throw new DomainError(
      'TOO_MANY_TRANCHES',
      `a fund is established with at most ${MAX_TRANCHES_PER_FUND} tranches, got ${specs.length}`,
      'invalid',
    );
  }
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.trancheId)) {
      throw new DomainError(
        'DUPLICATE_TRANCHE_ID',
        `tranche ${spec.trancheId} is named twice`,
        'invalid',
        { trancheId: spec.trancheId },
      );
    }
    seen.add(spec.trancheId);
    requireValidTrancheSpec(spec);
  }
};

export const addTranche = (command: AddTranche, state: FundState): Decision<FundEvent> => {
  const fund = requireFund(state, command.fundId);
  const data = trancheAddedData(command, command.decisionRef);
  const existing = fund.tranches.get(command.trancheId);
  if (existing) {
    if (existing.fingerprint === trancheFingerprint(data)) {
      return alreadyDone(
        (event) => event.type === 'TrancheAdded' && event.data.trancheId === command.trancheId,
      );
    }
    throw new DomainError(
      'TRANCHE_ALREADY_EXISTS',
      `tranche ${command.trancheId} already exists with a different body`,
      'rule',
      { trancheId: command.trancheId },
    );
  }
  requireValidTrancheSpec(command);
  return append<FundEvent>({ type: 'TrancheAdded', data });
};
