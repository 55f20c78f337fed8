/** Moving an investment through its stages: stage changes, approval by the first allocation, closing. */
import { alreadyDone } from '../../shared/decider';
import { whatIsMissing } from '../benefit-case';
import { ChangeStage, CloseInvestment, RecordFirstAllocation } from '../investment.commands';
import { InvestmentClosedData, IsoDate } from '../investment.events';
import { refuse, requireText } from '../investment.refusals';
import {
  Decided,
  emit,
  requireInvestment,
  requireOpen,
  requireWithinFundLife,
  requireWithinLife,
  sameBody,
} from './guards';
import { Investment, InvestmentState, caseVersionOf, lastChange } from './investment-state';
import { transitionFor } from './stage-machine';
import { latestDay } from '../../periods/stockholm-day';

export const changeStage = (command: ChangeStage, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const { stage: to, reason } = command;
  const from = investment.stage;
  const last = investment.lastStageChange;
  if (from === to && last?.to === to && last.reason === reason) {
    return alreadyDone(
      (e) => e.type === 'StageChanged' && e.data.to === to && e.data.reason === reason,
    );
  }
  if (to === 'approved' && from !== 'approved') {
    return refuse(
      'STAGE_SET_BY_ALLOCATION',
      'An investment is approved by its first allocation from the fund.',
      'rule',
      { from, to },
    );
  }
  if (to === 'closed' && from !== 'closed') {
    return refuse('STAGE_SET_BY_CLOSE', 'An investment is closed with the close command.', 'rule', {
      from,
      to,
    });
  }
  if (transitionFor(from, to)?.via !== 'stage-change') {
    return refuse(
      'STAGE_TRANSITION_NOT_ALLOWED',
      `An investment cannot go from ${from} to ${to}.`,
      'rule',
      { from, to },
    );
  }
  const missing = to === 'analysed' ? whatIsMissing(investment.currentCase ?? undefined) : [];
  if (missing.length > 0) {
    return refuse(
      'BENEFIT_CASE_MISSING',
      `The benefit case is not documented: ${missing.join('; ')}.`,
      'rule',
      { missing },
    );
  }
  requireText(reason, 'reason');
  return emit({ type: 'StageChanged', data: { investmentId: investment.id, from, to, reason } });
};

/**
 * The fund has already accepted the allocation (a fact in another stream), so this records
 * its consequence and refuses nothing that the fund allowed: later allocations, or one
 * arriving after the investment moved on, change nothing here. One exception: an investment
 * closed after its first allocation was recorded but before the approval reached it (the
 * approval follows the allocation, so a close can land in between). The allocation was decided
 * on an open investment and the fund holds the money, so its case version is still the
 * baseline and the obligations it made still stand: the approval is recorded, and the stage
 * stays closed. Without it the investment would keep the money with no baseline and owe
 * nothing.
 */
export const recordFirstAllocation = (
  command: RecordFirstAllocation,
  state: InvestmentState,
): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  if (investment.firstAllocationId === command.allocationId) {
    return alreadyDone(
      (e) => e.type === 'InvestmentApproved' && e.data.allocationId === command.allocationId,
    );
  }
  const closedBeforeApproval =
    investment.stage === 'closed' && investment.firstAllocationId === null;
  if (
    !closedBeforeApproval &&
    transitionFor(investment.stage, 'approved')?.via !== 'first-allocation'
  ) {
    return emit();
  }
  if (!caseVersionOf(investment, command.caseVersion)) {
    return refuse(
      'BENEFIT_CASE_VERSION_NOT_FOUND',
      `Investment ${investment.id} has no benefit-case version ${command.caseVersion}.`,
      'not-found',
    );
  }
  return emit({
    type: 'InvestmentApproved',
    data: {
      investmentId: investment.id,
      allocationId: command.allocationId,
      baselineCaseVersion: command.caseVersion,
    },
  });
};

/** The latest day a cost that still counts was incurred on; undefined with none. */
const latestCostDay = (investment: Investment): IsoDate | undefined =>
  latestDay(
    investment.costs
      .filter((c) => !lastChange(investment.costChanges, c.costId)?.reversed)
      .map((c) => c.incurredOn),
  );

/**
 * A closing day before a cost that still counts would put that cost outside the investment's
 * life; one before an allocation's decision day would have the board put money into an
 * investment already closed (an allocation is refused once it is closed, INVESTMENT_CLOSED).
 * The later of the two bounds the closing, and the refusal names it (`earliest`), so a closing
 * dated on it is taken.
 */
const requireAfterCostsAndDecisions = (
  investment: Investment,
  closedOn: IsoDate,
  lastDecidedOn: IsoDate | undefined,
): void => {
  const cost = latestCostDay(investment);
  const [earliest, what] =
    lastDecidedOn !== undefined && (cost === undefined || lastDecidedOn > cost)
      ? [lastDecidedOn, 'an allocation decided']
      : [cost, 'a cost incurred'];
  if (earliest !== undefined && closedOn < earliest) {
    refuse(
      'DATE_OUTSIDE_INVESTMENT_LIFE',
      `closedOn ${closedOn} lies before ${what} on ${earliest}.`,
      'rule',
      { field: 'closedOn', date: closedOn, earliest, latest: null },
    );
  }
};

export const closeInvestment = (command: CloseInvestment, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const data: InvestmentClosedData = {
    investmentId: investment.id,
    closedOn: command.closedOn,
    reason: command.reason,
  };
  if (investment.closed && sameBody(data, { investmentId: investment.id, ...investment.closed })) {
    return alreadyDone((e) => e.type === 'InvestmentClosed');
  }
  requireOpen(investment, 'it cannot be closed again');
  requireText(command.reason, 'reason');
  requireWithinLife(
    investment,
    'closedOn',
    command.closedOn,
    command.today,
    command.firstDecidedOn,
  );
  requireWithinFundLife('closedOn', command.closedOn, command.fundOpenedOn);
  requireAfterCostsAndDecisions(investment, command.closedOn, command.lastDecidedOn);
  return emit({ type: 'InvestmentClosed', data });
};
