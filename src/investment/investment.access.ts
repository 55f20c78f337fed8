/**
 * Who may write what to an investment, as pure functions of the actor and the state. The
 * decider does not judge ownership (the same fact is a fact whoever asks); the application
 * asks these before it hands a command to the decider, and answers 403 when they say no.
 */
import { ActorRef } from '../event-store/event-store';
import { whatIsMissing } from './benefit-case';
import { versionToReport } from './decide/report';
import { InvestmentState } from './investment.decider';

/**
 * Every write a person can ask for. The first allocation is not here: the application records
 * it itself after the fund's own rules accepted the allocation.
 */
export type InvestmentAction =
  | { readonly kind: 'propose'; readonly projectLead: string }
  | { readonly kind: 'document-benefit-case' }
  | { readonly kind: 'change-stage' }
  | { readonly kind: 'record-cost' }
  | { readonly kind: 'report-effect'; readonly benefitLineId: string }
  | { readonly kind: 'correct-effect'; readonly reportId: string }
  | { readonly kind: 'record-harvest' }
  | { readonly kind: 'close' }
  | { readonly kind: 'revise-baseline' }
  | { readonly kind: 'waive-obligation' }
  | { readonly kind: 'correct-cost' }
  | { readonly kind: 'correct-harvest' }
  | { readonly kind: 'explain-deviation'; readonly benefitLineId: string };

/**
 * The owner of the benefit line a report, correction or explanation concerns: in the version a
 * report of it is judged against (versionToReport), the current case's or, for a line a later
 * version left out that is still owed, the latest version from the approved one on that names
 * it. That is the owner the follow-up lists as answerable (Obligation.owner).
 */
const lineOwner = (state: InvestmentState, action: InvestmentAction): string | undefined => {
  if (!state.exists || !state.currentCase) return undefined;
  const benefitLineId =
    action.kind === 'report-effect' || action.kind === 'explain-deviation'
      ? action.benefitLineId
      : action.kind === 'correct-effect'
        ? state.reports.find((r) => r.reportId === action.reportId)?.benefitLineId
        : undefined;
  return benefitLineId === undefined
    ? undefined
    : versionToReport(state, benefitLineId)?.line.owner;
};

/**
 * A project lead writes to the investments they lead; for effect reports and their
 * corrections also the owner of the benefit line. An investment that does not exist yet is
 * let through, so the decider answers 404 rather than 403 hiding a typo.
 */
const projectLeadMay = (
  actor: ActorRef,
  state: InvestmentState,
  action: InvestmentAction,
): boolean => {
  switch (action.kind) {
    case 'propose':
      return action.projectLead === actor.id;
    case 'record-harvest':
    case 'close':
    case 'revise-baseline':
    case 'waive-obligation':
    case 'correct-harvest':
      return false;
    case 'document-benefit-case':
    case 'change-stage':
    case 'record-cost':
    case 'correct-cost':
      return !state.exists || state.projectLead === actor.id;
    case 'report-effect':
    case 'correct-effect':
    case 'explain-deviation':
      return (
        !state.exists || state.projectLead === actor.id || lineOwner(state, action) === actor.id
      );
    default: {
      const exhaustive: never = action;
      throw new Error(`unknown action ${JSON.stringify(exhaustive)}`);
    }
  }
};

/**
 * Finance keeps the books of every investment (docs/API.md): proposals, benefit cases, stages,
 * costs, harvests and closing, and decides re-baselines and waivers of follow-up (a project
 * lead may correct the costs they could record, never release themselves from a report). Effect reports and their corrections are testimony of what a
 * line actually delivered, so only those answerable for it file them: the project lead and
 * the line's owner, never finance.
 */
const financeMay = (action: InvestmentAction): boolean => {
  switch (action.kind) {
    case 'propose':
    case 'document-benefit-case':
    case 'change-stage':
    case 'record-cost':
    case 'record-harvest':
    case 'close':
    case 'revise-baseline':
    case 'waive-obligation':
    case 'correct-cost':
    case 'correct-harvest':
      return true;
    case 'report-effect':
    case 'correct-effect':
    case 'explain-deviation':
      return false;
    default: {
      const exhaustive: never = action;
      throw new Error(`unknown action ${JSON.stringify(exhaustive)}`);
    }
  }
};

/** Finance and project leads within their reach; auditors and admins never (they hold no business rights). */
export const canWrite = (
  actor: ActorRef,
  state: InvestmentState,
  action: InvestmentAction,
): boolean => {
  switch (actor.role) {
    case 'finance':
      return financeMay(action);
    case 'project-lead':
      return projectLeadMay(actor, state, action);
    default:
      return false;
  }
};

/** What the fund's allocation rule needs to know about an investment (DOMAIN.md rules 2 and 5). */
export interface InvestmentCheck {
  readonly exists: boolean;
  readonly closed: boolean;
  /** What keeps the current case from being documented, in plain words; empty when it is. */
  readonly missing: readonly string[];
  /** The latest benefit-case version, the one an allocation now would be based on. */
  readonly caseVersion: number | null;
}

export const investmentCheckFor = (state: InvestmentState): InvestmentCheck =>
  state.exists
    ? {
        exists: true,
        closed: state.closed !== null,
        missing: whatIsMissing(state.currentCase ?? undefined),
        caseVersion: state.caseVersions.at(-1)?.version ?? null,
      }
    : { exists: false, closed: false, missing: whatIsMissing(undefined), caseVersion: null };
