/**
 * evolve, one handler per event. Each takes the FoldScope of the fold it is part of: a fold
 * over a whole stream that keeps only its last state (an audit history, a load) passes one
 * scope for all its steps, so the lists grow in place instead of being copied per event
 * (src/shared/fold-scope.ts).
 */
import { FoldScope } from '../../shared/fold-scope';
import { DeviationExplained, withExplanation } from '../deviation-explanation';
import {
  AmountChangeEvent,
  BaselineRevised,
  BenefitCaseDocumented,
  CostRecorded,
  EffectReportCorrected,
  EffectReported,
  InvestmentApproved,
  InvestmentClosed,
  InvestmentEvent,
  InvestmentProposed,
  ObligationWaived,
  SavingsHarvested,
  StageChanged,
  changedEntryId,
  effectCorrectionOf,
  effectReportOf,
  reportIdOf,
} from '../investment.events';
import { AmountChange, CaseVersion, Investment, InvestmentState } from './investment-state';

/** Only a proposal starts an investment; anything else before it means the stream is broken. */
const existing = (state: InvestmentState, event: InvestmentEvent): Investment => {
  if (!state.exists) throw new Error(`${event.type} for an investment that was never proposed`);
  return state;
};

export const onInvestmentProposed = (
  state: InvestmentState,
  event: InvestmentProposed,
): InvestmentState => {
  if (state.exists) throw new Error(`investment ${state.id} was proposed twice`);
  const { investmentId, title, department, projectLead, need, proposedOn } = event.data;
  return {
    exists: true,
    id: investmentId,
    title,
    department,
    projectLead,
    need,
    proposedOn: proposedOn ?? null,
    stage: 'proposed',
    caseVersions: [],
    currentCase: null,
    baselineCaseVersion: null,
    approvedCaseVersion: null,
    baselineRevisions: [],
    waivers: [],
    firstAllocationId: null,
    lastStageChange: null,
    costs: [],
    reports: [],
    harvests: [],
    costChanges: [],
    harvestChanges: [],
    closed: null,
  };
};

export const onBenefitCaseDocumented = (
  state: InvestmentState,
  event: BenefitCaseDocumented,
  scope: FoldScope,
): InvestmentState => {
  const investment = existing(state, event);
  const { version, case: benefitCase, documentedBy } = event.data;
  const documented: CaseVersion =
    documentedBy === undefined
      ? { version, case: benefitCase }
      : { version, case: benefitCase, documentedBy };
  return {
    ...investment,
    caseVersions: scope.append(investment.caseVersions, documented),
    currentCase: benefitCase,
  };
};

export const onStageChanged = (state: InvestmentState, event: StageChanged): InvestmentState => ({
  ...existing(state, event),
  stage: event.data.to,
  lastStageChange: event.data,
});

export const onInvestmentApproved = (
  state: InvestmentState,
  event: InvestmentApproved,
): InvestmentState => {
  const investment = existing(state, event);
  return {
    ...investment,
    // Approved after a close that came between the allocation and its approval: still closed.
    stage: investment.stage === 'closed' ? 'closed' : 'approved',
    baselineCaseVersion: event.data.baselineCaseVersion,
    approvedCaseVersion: event.data.baselineCaseVersion,
    firstAllocationId: event.data.allocationId,
  };
};

export const onCostRecorded = (
  state: InvestmentState,
  event: CostRecorded,
  scope: FoldScope,
): InvestmentState => {
  const investment = existing(state, event);
  return { ...investment, costs: scope.append(investment.costs, event.data) };
};

export const onEffectReported = (
  state: InvestmentState,
  event: EffectReported,
  scope: FoldScope,
): InvestmentState => {
  const investment = existing(state, event);
  return { ...investment, reports: scope.append(investment.reports, effectReportOf(event.data)) };
};

export const onEffectReportCorrected = (
  state: InvestmentState,
  event: EffectReportCorrected,
  scope: FoldScope,
): InvestmentState => {
  const investment = existing(state, event);
  const correction = effectCorrectionOf(event.data);
  return {
    ...investment,
    // Appended through the scope: a fold over a whole stream (an audit history, a first load)
    // grows one report's corrections in place rather than copying them all per correction.
    reports: scope.replaceKeyed(investment.reports, reportIdOf, event.data.reportId, (r) => ({
      ...r,
      corrections: scope.append(r.corrections, correction),
    })),
  };
};

export const onSavingsHarvested = (
  state: InvestmentState,
  event: SavingsHarvested,
  scope: FoldScope,
): InvestmentState => {
  const investment = existing(state, event);
  return { ...investment, harvests: scope.append(investment.harvests, event.data) };
};

export const onInvestmentClosed = (
  state: InvestmentState,
  event: InvestmentClosed,
): InvestmentState => ({
  ...existing(state, event),
  stage: 'closed',
  closed: { closedOn: event.data.closedOn, reason: event.data.reason },
});

export const onBaselineRevised = (
  state: InvestmentState,
  event: BaselineRevised,
  scope: FoldScope,
): InvestmentState => {
  const investment = existing(state, event);
  return {
    ...investment,
    baselineCaseVersion: event.data.caseVersion,
    baselineRevisions: scope.append(investment.baselineRevisions, event.data),
  };
};

export const onObligationWaived = (
  state: InvestmentState,
  event: ObligationWaived,
  scope: FoldScope,
): InvestmentState => {
  const investment = existing(state, event);
  return { ...investment, waivers: scope.append(investment.waivers, event.data) };
};

const amountChangeOf = (event: AmountChangeEvent): AmountChange => {
  const entryId = changedEntryId(event);
  switch (event.type) {
    case 'CostCorrected':
    case 'HarvestCorrected': {
      const { correctionId, amount, reason } = event.data;
      return { entryId, correctionId, amount, reason, reversed: false };
    }
    case 'CostReversed':
    case 'HarvestReversed':
      return {
        entryId,
        correctionId: null,
        amount: '0.00',
        reason: event.data.reason,
        reversed: true,
      };
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown change ${JSON.stringify(exhaustive)}`);
    }
  }
};

/** A correction or reversal of a cost or harvest joins its kind's list; the entry stays. */
export const onAmountChanged = (
  state: InvestmentState,
  event: AmountChangeEvent,
  scope: FoldScope,
): InvestmentState => {
  const investment = existing(state, event);
  const change = amountChangeOf(event);
  return event.type === 'CostCorrected' || event.type === 'CostReversed'
    ? { ...investment, costChanges: scope.append(investment.costChanges, change) }
    : { ...investment, harvestChanges: scope.append(investment.harvestChanges, change) };
};

export const onDeviationExplained = (
  state: InvestmentState,
  event: DeviationExplained,
  scope: FoldScope,
): InvestmentState => withExplanation(existing(state, event), event, scope);
