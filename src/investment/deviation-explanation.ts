/**
 * Deviation explanations: the project lead (or the line's owner) says why a benefit line is
 * in `watch` or `deviation`, for the board report, which lists a deviation without one as
 * unexplained. An explanation is a new fact in the investment's stream (`DeviationExplained`);
 * a later one for the same line supersedes it in the report, and both stay in the history.
 *
 * Kept in its own file and hooked into the investment decider with one case in decide and one
 * in evolve. Only types come from the decider and the events (the refusals from
 * investment.refusals.ts), so there is no import cycle.
 */
import type { FoldScope } from '../shared/fold-scope';
import { parsePeriod, formatPeriod } from '../periods/period';
import { alreadyDone, append, canonicalJson, Decision, DomainEvent } from '../shared/decider';
import type { ActorRef } from '../event-store/event-store';
import { findBenefitLine } from './benefit-case';
import type { Investment, InvestmentState } from './investment.decider';
import type { InvestmentEvent, PeriodText } from './investment.events';
import { refuse, refuseInput, requireText } from './investment.refusals';

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
}

type Decided = Decision<InvestmentEvent>;

const periodOf = (text: string | undefined): PeriodText | null => {
  if (text === undefined) return null;
  const parsed = parsePeriod(text);
  return parsed.ok ? formatPeriod(parsed.period) : refuseInput('period', parsed.message);
};

const explanationsOf = (investment: Investment): readonly DeviationExplainedData[] =>
  investment.deviationExplanations ?? [];

export const explainDeviation = (command: ExplainDeviation, state: InvestmentState): Decided => {
  if (!state.exists) {
    return refuse(
      'INVESTMENT_NOT_FOUND',
      `Investment ${command.investmentId} does not exist.`,
      'not-found',
    );
  }
  requireText(command.explanation, 'explanation');
  const data: DeviationExplainedData = {
    investmentId: state.id,
    explanationId: command.explanationId,
    benefitLineId: command.benefitLineId,
    period: periodOf(command.period),
    explanation: command.explanation,
  };
  const earlier = explanationsOf(state).find((e) => e.explanationId === command.explanationId);
  if (earlier) {
    if (canonicalJson(earlier) === canonicalJson(data)) {
      return alreadyDone(
        (e) => e.type === 'DeviationExplained' && e.data.explanationId === command.explanationId,
      );
    }
    return refuse(
      'EXPLANATION_ALREADY_EXISTS',
      `Explanation ${command.explanationId} was recorded with other details.`,
    );
  }
  if (!state.currentCase) {
    return refuse('NO_BENEFIT_CASE', `Investment ${state.id} has no benefit case to explain.`);
  }
  if (!findBenefitLine(state.currentCase, command.benefitLineId)) {
    return refuse(
      'BENEFIT_LINE_NOT_FOUND',
      `The benefit case of ${state.id} has no line ${command.benefitLineId}.`,
      'not-found',
    );
  }
  return append<InvestmentEvent>({ type: 'DeviationExplained', data });
};

export const withExplanation = (
  investment: Investment,
  event: DeviationExplained,
  scope: FoldScope,
): Investment => ({
  ...investment,
  deviationExplanations: scope.append(explanationsOf(investment), event.data),
});
