/** Lookups and checks that refuse with the right code, shared by the investment's commands. */
import { MONEY_PROBLEM_TEXT, Money } from '../../money/money';
import { Decision, alreadyDone, append, canonicalJson } from '../../shared/decider';
import { BenefitCase, BenefitLine, findBenefitLine } from '../benefit-case';
import { InvestmentEvent, IsoDate } from '../investment.events';
import { InvestmentErrorCode, refuse, refuseInput } from '../investment.refusals';
import { lifeBeginsOn } from '../obligations';
import { Investment, InvestmentState } from './investment-state';

export type Decided = Decision<InvestmentEvent>;

export const emit = (...events: InvestmentEvent[]): Decided => append<InvestmentEvent>(...events);

/** Two bodies as canonical JSON (sorted keys): how a repeated command is told from another. */
export const sameBody = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * A client-chosen id already used: the same body is a repeat, answered by the event that
 * carried it out (`replayOf`); any other body is a conflict, refused with `code`.
 */
export const repeatOrConflict = (
  asked: unknown,
  recorded: unknown,
  replayOf: (event: InvestmentEvent) => boolean,
  code: InvestmentErrorCode,
  message: string,
): Decided => (sameBody(asked, recorded) ? alreadyDone(replayOf) : refuse(code, message));

export const requirePositive = (amount: Money, path: string): void => {
  if (amount.isNegative() || amount.isZero()) refuseInput(path, MONEY_PROBLEM_TEXT['not-positive']);
};

export const requireInvestment = (state: InvestmentState, investmentId: string): Investment => {
  if (!state.exists)
    return refuse(
      'INVESTMENT_NOT_FOUND',
      `Investment ${investmentId} does not exist.`,
      'not-found',
    );
  return state;
};

export const requireOpen = (investment: Investment, what: string): void => {
  if (investment.closed) {
    refuse(
      'INVESTMENT_CLOSED',
      `Investment ${investment.id} was closed on ${investment.closed.closedOn}: ${what}.`,
    );
  }
};

export const requireCase = (investment: Investment): { case: BenefitCase; version: number } => {
  const latest = investment.caseVersions.at(-1);
  if (!latest)
    return refuse('NO_BENEFIT_CASE', `Investment ${investment.id} has no benefit case yet.`);
  return { case: latest.case, version: latest.version };
};

export const requireBenefitLine = (benefitCase: BenefitCase, benefitLineId: string): BenefitLine =>
  findBenefitLine(benefitCase, benefitLineId) ??
  refuse('BENEFIT_LINE_NOT_FOUND', `The benefit case has no line ${benefitLineId}.`, 'not-found', {
    benefitLineId,
  });

/**
 * The first day of the investment's life: the Stockholm day its proposal was recorded, or the
 * earlier `decidedOn` of its first allocation; null when neither is known (an older ledger's
 * proposal, before any allocation). Reckoned as the follow-up read model reckons it
 * (obligations.ts lifeBeginsOn).
 */
export const lifeBegins = (investment: Investment, firstDecidedOn?: IsoDate): IsoDate | null =>
  lifeBeginsOn(investment.proposedOn, firstDecidedOn);

/**
 * An investment's life runs from the Stockholm day its proposal was recorded, or the earlier
 * `decidedOn` of its first allocation (history entered into the ledger later: the board
 * decided on it then), to its closing day, and never past today: a cost or closing dated
 * outside it tells a false story. Older ledgers recorded no proposal day; their lives are
 * bounded by the first decision, if any, and today.
 */
export const requireWithinLife = (
  investment: Investment,
  field: string,
  date: IsoDate,
  today: IsoDate,
  firstDecidedOn?: IsoDate,
): void => {
  const earliest = lifeBegins(investment, firstDecidedOn);
  const latest =
    investment.closed && investment.closed.closedOn < today ? investment.closed.closedOn : today;
  if ((earliest !== null && date < earliest) || date > latest) {
    refuse(
      'DATE_OUTSIDE_INVESTMENT_LIFE',
      `${field} ${date} lies outside the investment's life (${earliest ?? 'its proposal'} to ${latest}).`,
      'rule',
      { field, date, earliest, latest },
    );
  }
};

/** The fund did not pay for what happened before it existed (an investment proposed before its fund). */
export const requireWithinFundLife = (
  field: string,
  date: IsoDate,
  fundOpenedOn: IsoDate | undefined,
): void => {
  if (fundOpenedOn !== undefined && date < fundOpenedOn) {
    refuse(
      'DATE_OUTSIDE_FUND_LIFE',
      `${field} ${date} lies before the investment's fund was established on ${fundOpenedOn}.`,
      'rule',
      { field, date, fundOpenedOn },
    );
  }
};
