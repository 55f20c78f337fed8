/**
 * Deviation explanations: the project lead (or the line's owner) says why a benefit line is
 * in `watch` or `deviation`, for the board report, which lists a deviation without one as
 * unexplained. The project lead alone explains the valued lines together
 * (VALUED_LINES_TOGETHER): their summed realisation, in deviation while no line alone is. An explanation is a new fact in the investment's stream (`DeviationExplained`);
 * a later one for the same line supersedes it in the report, and both stay in the history.
 *
 * Kept in its own file and hooked into the investment decider with one case in decide and one
 * in evolve. It takes the guards every command shares from decide/guards.ts, the line a report
 * would be judged against from decide/report.ts, and only types from the state and the
 * events, which import nothing of this file but its types, so there is no import cycle.
 */
import type { FoldScope } from '../shared/fold-scope';
import { parsePeriod, formatPeriod, periodOf as parsedPeriod } from '../periods/period';
import { DomainEvent } from '../shared/decider';
import type { ActorRef } from '../event-store/event-store';
import { Decided, emit, repeatOrConflict, requireInvestment } from './decide/guards';
import { requireStarted, versionToReport } from './decide/report';
import type { Investment, InvestmentState } from './decide/investment-state';
import type { PeriodText } from './investment.events';
import { refuse, refuseInput, requireText } from './investment.refusals';
import { VALUED_LINES_TOGETHER, isValued } from './benefit-case';

export interface DeviationExplainedData {
  readonly investmentId: string;
  readonly explanationId: string;
  readonly benefitLineId: string;
  /** The period the explanation is about; null when it is about the line as a whole. */
  readonly period: PeriodText | null;
  readonly explanation: string;
}

export type DeviationExplained = DomainEvent<'DeviationExplained', DeviationExplainedData>;

export interface ExplainDeviation {
  readonly type: 'ExplainDeviation';
  readonly investmentId: string;
  readonly actor: ActorRef;
  readonly explanationId: string;
  readonly benefitLineId: string;
  readonly period?: string;
  readonly explanation: string;
  /** The Europe/Stockholm day it is recorded on: a period not begun has nothing to explain yet. */
  readonly today: string;
}

const periodOf = (text: string | undefined): PeriodText | null => {
  if (text === undefined) return null;
  const parsed = parsePeriod(text);
  return parsed.ok ? formatPeriod(parsed.period) : refuseInput('period', parsed.message);
};

/** The case versions the figures judge the investment on: from the approved one on, or the current. */
const judgedVersions = (investment: Investment): Investment['caseVersions'] => {
  const approved = investment.approvedCaseVersion;
  return approved === null
    ? investment.caseVersions.slice(-1)
    : investment.caseVersions.filter((v) => v.version >= approved);
};

const explanationsOf = (investment: Investment): readonly DeviationExplainedData[] =>
  investment.deviationExplanations ?? [];

export const explainDeviation = (command: ExplainDeviation, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  requireText(command.explanation, 'explanation');
  const data: DeviationExplainedData = {
    investmentId: investment.id,
    explanationId: command.explanationId,
    benefitLineId: command.benefitLineId,
    period: periodOf(command.period),
    explanation: command.explanation,
  };
  const earlier = explanationsOf(investment).find((e) => e.explanationId === command.explanationId);
  if (earlier) {
    return repeatOrConflict(
      data,
      earlier,
      (e) => e.type === 'DeviationExplained' && e.data.explanationId === command.explanationId,
      'EXPLANATION_ALREADY_EXISTS',
      `Explanation ${command.explanationId} was recorded with other details.`,
    );
  }
  if (!investment.currentCase) {
    return refuse('NO_BENEFIT_CASE', `Investment ${investment.id} has no benefit case to explain.`);
  }
  const line = versionToReport(investment, command.benefitLineId);
  if (command.benefitLineId === VALUED_LINES_TOGETHER && line === undefined) {
    // The valued lines together (a line of that id, documented before it was reserved, is
    // explained as itself): their summed realisation has a status of its own, which the board
    // lists when it is worse than every line's. Only with a valued line to sum, in any version
    // the figures judge (from the approved one on, else the current one).
    if (!judgedVersions(investment).some((v) => v.case.benefits.some((l) => isValued(l.class)))) {
      return refuse(
        'BENEFIT_LINE_NOT_FOUND',
        `The benefit case of ${investment.id} has no valued line to explain together.`,
        'not-found',
      );
    }
  } else if (line === undefined) {
    // A line a later version left out is explained while it is owed, as it is reported
    // (versionToReport): its reports still meet the follow-up and its figures still show.
    return refuse(
      'BENEFIT_LINE_NOT_FOUND',
      `The benefit case of ${investment.id} has no line ${command.benefitLineId}.`,
      'not-found',
    );
  }
  // An explanation names a period that has begun: one for a quarter still to come, recorded
  // now, would stand as that quarter's explanation in its board report, written before anything
  // happened in it.
  if (data.period !== null) requireStarted(parsedPeriod(data.period), command.today, 'explained');
  return emit({ type: 'DeviationExplained', data });
};

export const withExplanation = (
  investment: Investment,
  event: DeviationExplained,
  scope: FoldScope,
): Investment => ({
  ...investment,
  deviationExplanations: scope.append(explanationsOf(investment), event.data),
});
