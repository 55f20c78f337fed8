/**
 * The investment decider: pure. Time, ids and the actor arrive on commands; decide answers
 * events to append (or "already done" for a repeated command) and throws a DomainError when
 * a rule says no. The state is plain JSON, so it can be shown as it stood after any event.
 * The rules live in src/investment/decide/, a file per command group; this file is the switch.
 */
import { FoldScope } from '../shared/fold-scope';
import { Decider } from '../shared/decider';
import { explainDeviation } from './deviation-explanation';
import { InvestmentCommand } from './investment.commands';
import { InvestmentEvent } from './investment.events';
import { closeInvestment, changeStage, recordFirstAllocation } from './decide/stage';
import { carryReportIndex } from './decide/report-index';
import { correctCost, recordCost, reverseCost } from './decide/costs';
import { correctHarvest, recordHarvest, reverseHarvest } from './decide/harvests';
import { correctEffectReport, reportEffect } from './decide/report';
import { documentBenefitCase, propose } from './decide/propose';
import { reviseBaseline, waiveObligation } from './decide/baseline-waiver';
import { Decided } from './decide/guards';
import {
  onAmountChanged,
  onBaselineRevised,
  onBenefitCaseDocumented,
  onCostRecorded,
  onDeviationExplained,
  onEffectReportCorrected,
  onEffectReported,
  onInvestmentApproved,
  onInvestmentClosed,
  onInvestmentProposed,
  onObligationWaived,
  onSavingsHarvested,
  onStageChanged,
} from './decide/evolve';
import { InvestmentState, initialInvestmentState } from './decide/investment-state';

export {
  AmountChange,
  CaseVersion,
  EffectCorrection,
  EffectReport,
  EffectiveReport,
  Investment,
  InvestmentState,
  caseVersionOf,
  currentCostAmount,
  currentHarvestAmount,
  effectiveActual,
  effectiveReports,
  effectiveValue,
  initialInvestmentState,
  obligationsOfInvestment,
  owedObligations,
} from './decide/investment-state';
export {
  STAGE_TRANSITIONS,
  StageEntry,
  StageTransition,
  transitionFor,
} from './decide/stage-machine';
export { INVESTMENT_ERROR_CODES } from './investment.refusals';
export type { InvestmentErrorCode } from './investment.refusals';

// One function per command (src/investment/decide/, a file per command group).
export const decide = (command: InvestmentCommand, state: InvestmentState): Decided => {
  switch (command.type) {
    case 'ProposeInvestment':
      return propose(command, state);
    case 'DocumentBenefitCase':
      return documentBenefitCase(command, state);
    case 'ChangeStage':
      return changeStage(command, state);
    case 'RecordFirstAllocation':
      return recordFirstAllocation(command, state);
    case 'RecordCost':
      return recordCost(command, state);
    case 'ReportEffect':
      return reportEffect(command, state);
    case 'CorrectEffectReport':
      return correctEffectReport(command, state);
    case 'RecordHarvest':
      return recordHarvest(command, state);
    case 'CloseInvestment':
      return closeInvestment(command, state);
    case 'ReviseBaseline':
      return reviseBaseline(command, state);
    case 'WaiveObligation':
      return waiveObligation(command, state);
    case 'CorrectCost':
      return correctCost(command, state);
    case 'ReverseCost':
      return reverseCost(command, state);
    case 'CorrectHarvest':
      return correctHarvest(command, state);
    case 'ReverseHarvest':
      return reverseHarvest(command, state);
    case 'ExplainDeviation':
      return explainDeviation(command, state);
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(exhaustive)}`);
    }
  }
};

/**
 * One event into the state, one handler per event (src/investment/decide/evolve.ts). A fold
 * over a whole stream that keeps only its last state (an audit history, a load: see
 * startInvestmentFold) passes one FoldScope for all its steps, so the lists grow in place
 * instead of being copied per event (src/shared/fold-scope.ts); a state in between then shares
 * lists that later steps extend, so only the last one may be kept.
 */
export const evolveWithin = (
  state: InvestmentState,
  event: InvestmentEvent,
  scope: FoldScope,
): InvestmentState => {
  switch (event.type) {
    case 'InvestmentProposed':
      return onInvestmentProposed(state, event);
    case 'BenefitCaseDocumented':
      return onBenefitCaseDocumented(state, event, scope);
    case 'StageChanged':
      return onStageChanged(state, event);
    case 'InvestmentApproved':
      return onInvestmentApproved(state, event);
    case 'CostRecorded':
      return onCostRecorded(state, event, scope);
    case 'EffectReported':
      return onEffectReported(state, event, scope);
    case 'EffectReportCorrected':
      return onEffectReportCorrected(state, event, scope);
    case 'SavingsHarvested':
      return onSavingsHarvested(state, event, scope);
    case 'InvestmentClosed':
      return onInvestmentClosed(state, event);
    case 'BaselineRevised':
      return onBaselineRevised(state, event, scope);
    case 'ObligationWaived':
      return onObligationWaived(state, event, scope);
    case 'CostCorrected':
    case 'CostReversed':
    case 'HarvestCorrected':
    case 'HarvestReversed':
      return onAmountChanged(state, event, scope);
    case 'DeviationExplained':
      return onDeviationExplained(state, event, scope);
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
    }
  }
};

/**
 * Each call copies what it changes: the states the command handler keeps stay as they were.
 * The reports' index (decide/report-index.ts) moves on to the copied list.
 */
export const evolve = (state: InvestmentState, event: InvestmentEvent): InvestmentState => {
  // Tracking, so the scope can tell what it did to the reports (a fresh scope copies each list
  // it writes to once either way).
  const scope = new FoldScope(undefined, true);
  const next = evolveWithin(state, event, scope);
  // Only an event that made a new reports list has an index to hand on.
  if (state.exists && next.exists && next.reports !== state.reports) {
    carryReportIndex(
      state.reports,
      next.reports,
      scope.listChanges(state.reports, next.reports, 0),
    );
  }
  return next;
};

/**
 * A step for a fold over a whole stream that keeps only its last state (Folder.startFold in
 * src/shared/fold.ts: the command handler's load, the allocation's investment check): the
 * states in between are never kept, so one scope serves all of them.
 */
export const startInvestmentFold = (): ((
  state: InvestmentState,
  event: InvestmentEvent,
) => InvestmentState) => {
  const scope = new FoldScope();
  return (state, event) => evolveWithin(state, event, scope);
};

export const investmentDecider: Decider<InvestmentCommand, InvestmentEvent, InvestmentState> = {
  initialState: initialInvestmentState,
  decide,
  evolve,
  startFold: startInvestmentFold,
};
