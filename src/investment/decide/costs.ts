/** Recording costs, and correcting or reversing them. */
import { findCostLine } from '../benefit-case';
import { CorrectCost, RecordCost, ReverseCost } from '../investment.commands';
import { CostRecordedData } from '../investment.events';
import { refuse, requireText } from '../investment.refusals';
import {
  Decided,
  emit,
  requireInvestment,
  requireOpen,
  requirePositive,
  requireWithinFundLife,
  requireWithinLife,
  repeatOrConflict,
} from './guards';
import { AmountEntry, amountEntry, requireCorrectable, reverseEntry } from './amount-change';
import { Investment, InvestmentState } from './investment-state';

export const recordCost = (command: RecordCost, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const data: CostRecordedData = {
    investmentId: investment.id,
    costId: command.costId,
    ...(command.costLineId === undefined ? {} : { costLineId: command.costLineId }),
    amount: command.amount.toString(),
    incurredOn: command.incurredOn,
    reference: command.reference,
    ...(command.description === undefined ? {} : { description: command.description }),
  };
  const earlier = investment.costs.find((c) => c.costId === command.costId);
  if (earlier) {
    return repeatOrConflict(
      data,
      earlier,
      (e) => e.type === 'CostRecorded' && e.data.costId === command.costId,
      'COST_ALREADY_EXISTS',
      `Cost ${command.costId} was recorded with other details.`,
    );
  }
  requireOpen(investment, 'costs can no longer be recorded');
  requirePositive(command.amount, 'amount');
  requireText(command.reference, 'reference');
  requireWithinLife(
    investment,
    'incurredOn',
    command.incurredOn,
    command.today,
    command.firstDecidedOn,
  );
  requireWithinFundLife('incurredOn', command.incurredOn, command.fundOpenedOn);
  if (
    command.costLineId !== undefined &&
    !(investment.currentCase && findCostLine(investment.currentCase, command.costLineId))
  ) {
    return refuse(
      'COST_LINE_NOT_FOUND',
      `The benefit case has no cost line ${command.costLineId}.`,
      'not-found',
      {
        costLineId: command.costLineId,
      },
    );
  }
  return emit({ type: 'CostRecorded', data });
};

const requireCost = (investment: Investment, costId: string): CostRecordedData =>
  investment.costs.find((c) => c.costId === costId) ??
  refuse('COST_NOT_FOUND', `Investment ${investment.id} has no cost ${costId}.`, 'not-found');

const costEntry = (investment: Investment, cost: CostRecordedData): AmountEntry =>
  amountEntry('cost', cost.costId, cost.amount, investment.costChanges);

/**
 * The person followed up may not change the spend finance booked, as finance may not correct
 * the effect reports of those answerable for a line: finance corrects or reverses any cost, the
 * investment's project lead only one they recorded themself (`recordedBy`, the CostRecorded
 * event's metadata actor) — in the project-lead role as recorded in it, and in the finance role
 * too when they also hold finance: no one decides on their own project's spend. Else a lead
 * could erase the invoices booked against their project, or raise one after closing.
 */
const requireMayChange = (
  command: CorrectCost | ReverseCost,
  cost: CostRecordedData,
  investment: Investment,
): void => {
  const { actor, recordedBy } = command;
  const ownProject = actor.id === investment.projectLead;
  if (actor.role === 'finance' && !ownProject) return;
  const recordedByThem =
    recordedBy !== undefined &&
    recordedBy.id === actor.id &&
    (actor.role === 'finance' || recordedBy.role === actor.role);
  if (recordedByThem) return;
  refuse(
    'COST_BOOKED_BY_FINANCE',
    `Cost ${cost.costId} was recorded by ${recordedBy === undefined ? 'someone else' : `${recordedBy.id} (${recordedBy.role})`}; ` +
      `only finance with no part in the project corrects or reverses it. The project lead (${investment.projectLead}) ` +
      'changes only the costs they recorded themself, in whatever role.',
    'rule',
    {
      costId: cost.costId,
      recordedBy: recordedBy === undefined ? null : { id: recordedBy.id, role: recordedBy.role },
    },
  );
};

export const correctCost = (command: CorrectCost, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const cost = requireCost(investment, command.costId);
  requireMayChange(command, cost, investment);
  const corrected = requireCorrectable(costEntry(investment, cost), command);
  return emit({
    type: 'CostCorrected',
    data: {
      investmentId: investment.id,
      costId: cost.costId,
      correctionId: command.correctionId,
      ...corrected,
    },
  });
};

export const reverseCost = (command: ReverseCost, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const cost = requireCost(investment, command.costId);
  requireMayChange(command, cost, investment);
  return reverseEntry(costEntry(investment, cost), command.reason, (previousAmount) => ({
    type: 'CostReversed',
    data: {
      investmentId: investment.id,
      costId: cost.costId,
      previousAmount,
      reason: command.reason,
    },
  }));
};
