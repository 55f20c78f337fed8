/** Fingerprints: the part of a command's body that must match for a repeat to be "the same". */
import { canonicalJson } from '../../shared/decider';
import { TrancheSpec } from '../fund.commands';
import { AllocationReducedData, FundsAllocatedData, TrancheAddedData } from '../fund.events';

export const trancheAddedData = (spec: TrancheSpec, decisionRef: string): TrancheAddedData => ({
  trancheId: spec.trancheId,
  name: spec.name,
  amount: spec.amount.toString(),
  allocatableFrom: spec.allocatableFrom,
  allocatableUntil: spec.allocatableUntil,
  decisionRef,
});

export const trancheFingerprint = (data: TrancheAddedData): string => canonicalJson(data);

/**
 * The client's body: benefitCaseVersion is the named caseVersion (an allocation recorded
 * before allocations named one matches a repeat naming the version it recorded).
 * runningCostEffect is left out: it comes from the lookup.
 */
export const allocationFingerprint = (
  data: Omit<FundsAllocatedData, 'runningCostEffect'>,
): string =>
  canonicalJson({
    allocationId: data.allocationId,
    investmentId: data.investmentId,
    trancheId: data.trancheId,
    amount: data.amount,
    decidedOn: data.decidedOn,
    decisionRef: data.decisionRef,
    note: data.note,
    caseVersion: data.benefitCaseVersion,
    overrideRef: data.overrideRef,
  });

export const reductionFingerprint = (data: AllocationReducedData): string => canonicalJson(data);

export const establishFingerprint = (
  fund: { fundId: string; name: string; currency: string; decisionRef: string },
  trancheFingerprints: readonly string[],
): string =>
  canonicalJson({
    fundId: fund.fundId,
    name: fund.name,
    currency: fund.currency,
    decisionRef: fund.decisionRef,
    tranches: trancheFingerprints,
  });
