/**
 * Read model: what each investment owes in effect reports. For every valued benefit line of
 * the current case: its owner and the periods it forecasts; and which periods have been
 * reported. Whether a period is overdue depends on the day it is asked (figures/follow-up.figures.ts).
 * Follow-up is owed once the investment was approved (money allocated on the strength of
 * its case); a proposal that never got money owes nothing.
 */
import { BenefitClass, ForecastEntry } from '../src/investment/benefit-case';
import { FoldScope } from './fold-scope';
import { LedgerEvent } from './ledger-event';

export const FOLLOW_UP_MODEL = { name: 'follow-up', version: 1 } as const;

export interface FollowUpLine {
  readonly benefitLineId: string;
  readonly description: string;
  readonly class: BenefitClass;
  readonly owner: string;
  readonly forecast: readonly ForecastEntry[];
}

export interface FollowUpEntry {
  readonly investmentId: string;
  readonly title: string;
  readonly department: string;
  readonly projectLead: string;
  readonly approved: boolean;
  readonly lines: readonly FollowUpLine[];
  /** Reported periods per benefit line. */
  readonly reported: Readonly<Record<string, readonly string[]>>;
}

export interface FollowUpView {
  readonly investments: Readonly<Record<string, FollowUpEntry>>;
}

export const initialFollowUpView: FollowUpView = { investments: {} };

const withEntry = (view: FollowUpView, entry: FollowUpEntry, scope: FoldScope): FollowUpView => ({
  investments: scope.put(view.investments, entry.investmentId, entry),
});

const onEntry = (
  view: FollowUpView,
  investmentId: string,
  scope: FoldScope,
  change: (entry: FollowUpEntry) => FollowUpEntry,
): FollowUpView => {
  const entry = view.investments[investmentId];
  return entry ? withEntry(view, change(entry), scope) : view;
};

/** `scope` lets a fold of many events update its own copies in place (fold-scope.ts). */
export const evolveFollowUp = (
  view: FollowUpView,
  event: LedgerEvent,
  scope: FoldScope = new FoldScope(),
): FollowUpView => {
  switch (event.type) {
    case 'InvestmentProposed': {
      const { investmentId, title, department, projectLead } = event.data;
      const entry: FollowUpEntry = {
        investmentId,
        title,
        department,
        projectLead,
        approved: false,
        lines: [],
        reported: {},
      };
      return withEntry(view, entry, scope);
    }
    case 'BenefitCaseDocumented':
      return onEntry(view, event.data.investmentId, scope, (entry) => ({
        ...entry,
        lines: event.data.case.benefits
          .filter((line) => (line.forecast ?? []).length > 0)
          .map((line) => ({
            benefitLineId: line.benefitLineId,
            description: line.description,
            class: line.class,
            owner: line.owner,
            forecast: line.forecast ?? [],
          })),
      }));
    case 'InvestmentApproved':
      return onEntry(view, event.data.investmentId, scope, (entry) => ({
        ...entry,
        approved: true,
      }));
    case 'EffectReported':
      return onEntry(view, event.data.investmentId, scope, (entry) => {
        const { benefitLineId, period } = event.data;
        const before = entry.reported[benefitLineId] ?? [];
        const periods = scope.append(before, period);
        return { ...entry, reported: scope.put(entry.reported, benefitLineId, periods) };
      });
    case 'FundEstablished':
    case 'TrancheAdded':
    case 'TrancheReleased':
    case 'TrancheClosed':
    case 'FundsAllocated':
    case 'AllocationReduced':
    case 'StageChanged':
    case 'CostRecorded':
    case 'EffectReportCorrected':
    case 'SavingsHarvested':
    case 'InvestmentClosed':
      return view;
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
    }
  }
};
