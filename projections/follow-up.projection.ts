/**
 * Read model: what each investment owes in follow-up. It keeps every benefit-case version
 * from the approved baseline on (before approval: every version, since the first allocation
 * may name an earlier one), the periods reported per line, and the waivers finance granted.
 * What is owed is derived from those versions (src/investment/obligations.ts): a later version
 * can add obligations but never remove one. It keeps the days the investment's life begins
 * from too (its proposal's, and its first allocation's decision from the fund's stream): a
 * period that ended before then is owed nothing, as the decider judges it. Whether an
 * obligation is overdue depends on the day it is asked (figures/follow-up.figures.ts). A
 * proposal that never got money owes nothing.
 */
import { ObligationSource, madeAfterEnd, obligationSourceOf } from '../src/investment/obligations';
import { periodOf } from '../src/periods/period';
import { isValued } from '../src/investment/benefit-case';
import { FoldScope } from '../src/shared/fold-scope';
import { LedgerEvent } from './ledger-event';
import { ownEntry } from '../src/shared/own-entry';

/**
 * Version 3: the reported periods as one list of (line, period), appended per report, instead
 * of a list per line rewritten whole by each report (a long-reported line's list was written
 * again with every report: a third of the read-model file's bytes on the 1M bench ledger).
 * Version 4: each entry keeps the days its life begins from (`proposedOn`, `firstDecidedOn`),
 * so no period that ended before the life began is owed.
 * Version 5: each entry keeps the reports made before their period ended and not confirmed by
 * a correction made after it (`unsettled`): a valued line's such report meets no obligation.
 */
export const FOLLOW_UP_MODEL = { name: 'follow-up', version: 5 } as const;

/** An obligation finance released, as the follow-up list shows it. */
export interface FollowUpWaiver {
  readonly benefitLineId: string;
  readonly period: string;
  readonly reason: string;
  readonly waivedBy: string;
  readonly waivedAt: string;
}

export interface ReportedPeriod {
  readonly benefitLineId: string;
  readonly period: string;
}

export interface FollowUpEntry {
  readonly investmentId: string;
  readonly title: string;
  readonly department: string;
  readonly projectLead: string;
  readonly approved: boolean;
  /** The Stockholm day the proposal was recorded; null in older ledgers. */
  readonly proposedOn: string | null;
  /**
   * The earliest `decidedOn` of the investment's allocations (FundsAllocated, on the fund's
   * stream; allocations are never removed, so it only moves earlier); null before any. With
   * `proposedOn` it gives the life's first day (obligations.ts lifeBeginsOn), as the decider
   * reckons it: nothing that ended before that day is owed (owedFrom).
   */
  readonly firstDecidedOn: string | null;
  /**
   * The case versions obligations come from: every one until approval, then the version the
   * first allocation was decided on and every later one (approval drops the earlier ones).
   */
  readonly sources: readonly ObligationSource[];
  /** Every period reported, with its line, in recorded order. */
  readonly reported: readonly ReportedPeriod[];
  /**
   * The valued lines' reported periods whose report was made before the period ended
   * (EffectReportedData.reportedOn) and that no correction made after the end has confirmed
   * since: they meet no obligation (obligations.ts settlesPeriod). Usually empty.
   */
  readonly unsettled: readonly ReportedPeriod[];
  readonly waivers: readonly FollowUpWaiver[];
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
  const entry = ownEntry(view.investments, investmentId);
  return entry ? withEntry(view, change(entry), scope) : view;
};

/** Whether a report (or correction) made on `madeOn` was made before its period ended. */
const madeBeforeEnd = (period: string, madeOn: string | undefined): boolean =>
  madeOn !== undefined && !madeAfterEnd(periodOf(period), madeOn);

/**
 * Whether the line is a qualitative one, read rather than valued, as the latest version naming
 * it says (a line keeps its class across versions). A line no version kept names is taken as
 * valued: its report then waits for confirmation, which a reading would not need to meet.
 */
const isReadingLine = (entry: FollowUpEntry, benefitLineId: string): boolean => {
  for (let i = entry.sources.length - 1; i >= 0; i -= 1) {
    const line = entry.sources[i].lines.find((l) => l.benefitLineId === benefitLineId);
    if (line !== undefined) return !isValued(line.class);
  }
  return false;
};

/** `scope` lets a fold of many events update its own copies in place (fold-scope.ts). */
export const evolveFollowUp = (
  view: FollowUpView,
  event: LedgerEvent,
  scope: FoldScope = new FoldScope(),
): FollowUpView => {
  switch (event.type) {
    case 'InvestmentProposed': {
      const { investmentId, title, department, projectLead, proposedOn } = event.data;
      const entry: FollowUpEntry = {
        investmentId,
        title,
        department,
        projectLead,
        approved: false,
        proposedOn: proposedOn ?? null,
        firstDecidedOn: null,
        sources: [],
        reported: [],
        unsettled: [],
        waivers: [],
      };
      return withEntry(view, entry, scope);
    }
    case 'BenefitCaseDocumented':
      return onEntry(view, event.data.investmentId, scope, (entry) => ({
        ...entry,
        sources: scope.append(
          entry.sources,
          obligationSourceOf(event.data.version, event.data.case),
        ),
      }));
    case 'InvestmentApproved':
      return onEntry(view, event.data.investmentId, scope, (entry) => {
        const approvedVersion = event.data.baselineCaseVersion;
        return {
          ...entry,
          approved: true,
          // Versions before the decision basis owe nothing and are never read again.
          sources: entry.sources.filter((source) => source.version >= approvedVersion),
        };
      });
    case 'ObligationWaived':
      return onEntry(view, event.data.investmentId, scope, (entry) => {
        const { benefitLineId, period, reason, waivedBy } = event.data;
        const waiver: FollowUpWaiver = {
          benefitLineId,
          period,
          reason,
          waivedBy,
          waivedAt: event.recordedAt,
        };
        return { ...entry, waivers: scope.append(entry.waivers, waiver) };
      });
    case 'EffectReported':
      return onEntry(view, event.data.investmentId, scope, (entry) => {
        const { benefitLineId, period, reportedOn } = event.data;
        const reported = scope.append(entry.reported, { benefitLineId, period });
        // A qualitative reading settles when it is taken (settlesPeriod): only valued lines'.
        return madeBeforeEnd(period, reportedOn) && !isReadingLine(entry, benefitLineId)
          ? { ...entry, reported, unsettled: [...entry.unsettled, { benefitLineId, period }] }
          : { ...entry, reported };
      });
    case 'EffectReportCorrected': {
      // A correction made after the period ended confirms a report made before it.
      const { investmentId, benefitLineId, period, correctedOn } = event.data;
      const entry = ownEntry(view.investments, investmentId);
      if (entry === undefined || entry.unsettled.length === 0) return view;
      if (madeBeforeEnd(period, correctedOn)) return view;
      const unsettled = entry.unsettled.filter(
        (u) => u.benefitLineId !== benefitLineId || u.period !== period,
      );
      if (unsettled.length === entry.unsettled.length) return view;
      return withEntry(view, { ...entry, unsettled }, scope);
    }
    case 'FundsAllocated': {
      // Only an earlier decision moves the life's start: a later one changes nothing stored.
      const { investmentId, decidedOn } = event.data;
      const entry = ownEntry(view.investments, investmentId);
      if (entry === undefined) return view;
      if (entry.firstDecidedOn !== null && entry.firstDecidedOn <= decidedOn) return view;
      return withEntry(view, { ...entry, firstDecidedOn: decidedOn }, scope);
    }
    case 'FundEstablished':
    case 'TrancheAdded':
    case 'TrancheReleased':
    case 'TrancheAmended':
    case 'TrancheClosed':
    case 'AllocationReduced':
    case 'StageChanged':
    case 'CostRecorded':
    case 'SavingsHarvested':
    case 'InvestmentClosed':
    case 'BaselineRevised':
    case 'DeviationExplained':
    case 'CostCorrected':
    case 'CostReversed':
    case 'HarvestCorrected':
    case 'HarvestReversed':
      return view;
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
    }
  }
};
