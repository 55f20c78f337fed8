/**
 * Read model: one entry per investment for GET /api/investments and /api/investments/{id} —
 * who, what, which stage, the current benefit case, the money (allocated net of reductions,
 * spent, harvested) and the facts behind it (allocations, costs, effect reports and their
 * corrections, harvests). The figures "to date" (forecast, actual, realisation, indicator
 * status, overdue follow-ups) depend on the day they are asked about, so they are computed
 * at query time from the forecast-vs-actual and follow-up read models.
 */
import { FUND_STREAM_PREFIX } from '../src/fund/fund.events';
import { BenefitCase } from '../src/investment/benefit-case';
import {
  BaselineRevisedData,
  CostRecordedData,
  EffectCorrection,
  changedEntryId,
  effectCorrectionOf,
  effectReportOf,
  INVESTMENT_STREAM_PREFIX,
  reportIdOf,
  SavingsHarvestedData,
  Stage,
} from '../src/investment/investment.events';
import { Money } from '../src/money/money';
import {
  AllocationRecord,
  allocatedTotal,
  allocationRecordOf,
  isReducedBy,
  withReduction,
} from './figures/funding';
import { FoldScope } from '../src/shared/fold-scope';
import { omitKey, withKey } from '../src/shared/record-copy';
import { LedgerEvent } from './ledger-event';
import { ownEntry } from '../src/shared/own-entry';

/**
 * Version 3: an effect report's corrections are a list of their own (effectCorrections), not
 * kept inside the report. Version 2: baseline revisions and cost/harvest corrections.
 */
export const INVESTMENT_SUMMARY_MODEL = { name: 'investment-summary', version: 3 } as const;

export type SummaryCorrection = EffectCorrection;

/** An effect report as GET /api/investments/{id} gives it: with every correction of it. */
export interface SummaryReport {
  readonly reportId: string;
  readonly benefitLineId: string;
  readonly period: string;
  /** As first reported; never changed. */
  readonly value: string;
  readonly evidence: string;
  readonly caseVersion: number;
  readonly corrections: readonly SummaryCorrection[];
  /** The latest correction's value, or the report's own. */
  readonly effectiveValue: string;
}

/** An effect report as the summary keeps it: its corrections are in effectCorrections. */
export type RecordedReport = Omit<SummaryReport, 'corrections'>;

/** A correction as the summary keeps it: of the report it names, in the order recorded. */
export type ReportCorrection = SummaryCorrection & { readonly reportId: string };

/** A correction or reversal of a cost or harvest; the entry itself stays as recorded. */
export interface AmountChangeSummary {
  readonly kind: 'correction' | 'reversal';
  /** The cost's or harvest's id. */
  readonly entryId: string;
  readonly correctionId: string | null;
  /** What the entry counts from here ("0.00" once reversed). */
  readonly amount: string;
  readonly previousAmount: string;
  readonly reason: string;
}

export interface InvestmentSummary {
  readonly investmentId: string;
  readonly title: string;
  readonly department: string;
  readonly projectLead: string;
  readonly need: string;
  readonly stage: Stage;
  /** The investment stream's revision: the ETag of GET /api/investments/{id}. */
  readonly revision: string;
  readonly baselineCaseVersion: number | null;
  readonly currentCaseVersion: number | null;
  readonly benefitCase: BenefitCase | null;
  readonly allocated: string;
  readonly allocations: readonly AllocationRecord[];
  readonly spent: string;
  readonly harvested: string;
  readonly costs: readonly CostRecordedData[];
  readonly effectReports: readonly RecordedReport[];
  /**
   * Every correction of an effect report, oldest first. Kept apart from the reports, so a
   * correction adds one item and changes one report's effectiveValue: kept inside its report,
   * each correction rewrote the report with all the corrections before it, and the stored
   * versions of a report corrected n times grew with n² (a 294 MB ledger with one report
   * corrected 20,000 times gave a 19 GB read-model file).
   */
  readonly effectCorrections: readonly ReportCorrection[];
  readonly harvests: readonly SavingsHarvestedData[];
  readonly costChanges: readonly AmountChangeSummary[];
  readonly harvestChanges: readonly AmountChangeSummary[];
  /** Re-baselining decisions, oldest first (baselineCaseVersion is the latest's version). */
  readonly baselineRevisions: readonly BaselineRevisedData[];
  readonly closed: { readonly closedOn: string; readonly reason: string } | null;
}

export interface InvestmentSummaryView {
  readonly investments: Readonly<Record<string, InvestmentSummary>>;
}

export const initialInvestmentSummaryView: InvestmentSummaryView = { investments: {} };

const fundIdOf = (event: LedgerEvent): string => event.streamId.slice(FUND_STREAM_PREFIX.length);
const add = (a: string, b: string): string => Money.of(a).plus(Money.of(b)).toString();
/** A total moved by a change of one entry: minus what it counted, plus what it counts now. */
const moved = (total: string, change: { amount: string; previousAmount: string }): string =>
  Money.of(total).minus(Money.of(change.previousAmount)).plus(Money.of(change.amount)).toString();

const withSummary = (
  view: InvestmentSummaryView,
  summary: InvestmentSummary,
  scope: FoldScope,
): InvestmentSummaryView => ({
  investments: scope.put(view.investments, summary.investmentId, summary),
});

/** The revision moves with the investment's own stream only; fund events change money, not it. */
const onSummary = (
  view: InvestmentSummaryView,
  event: LedgerEvent,
  investmentId: string,
  scope: FoldScope,
  change: (summary: InvestmentSummary) => InvestmentSummary,
): InvestmentSummaryView => {
  const summary = ownEntry(view.investments, investmentId);
  if (!summary) return view;
  const own = event.streamId.startsWith(INVESTMENT_STREAM_PREFIX);
  return withSummary(
    view,
    { ...change(summary), ...(own ? { revision: event.revision } : {}) },
    scope,
  );
};

const withAllocations = (
  summary: InvestmentSummary,
  allocations: readonly AllocationRecord[],
): InvestmentSummary => ({
  ...summary,
  allocations,
  allocated: allocatedTotal(allocations).toString(),
});

/** The summary as GET /api/investments/{id} gives it: each report with its corrections. */
export type SummaryAnswer = Omit<InvestmentSummary, 'effectReports' | 'effectCorrections'> & {
  readonly effectReports: readonly SummaryReport[];
};

/** Each report with its corrections in the order recorded, in the summary's field order. */
export const summaryAnswer = (summary: InvestmentSummary): SummaryAnswer => {
  const byReport = new Map<string, SummaryCorrection[]>();
  for (const kept of summary.effectCorrections) {
    const correction = omitKey(kept, 'reportId');
    const list = byReport.get(kept.reportId);
    if (list) list.push(correction);
    else byReport.set(kept.reportId, [correction]);
  }
  return {
    ...omitKey(summary, 'effectCorrections'),
    // The corrections where the report kept them, before its effective value.
    effectReports: summary.effectReports.map((report) =>
      withKey(report, 'corrections', byReport.get(report.reportId) ?? [], 'effectiveValue'),
    ),
  };
};

type AmountChangeEvent = Extract<
  LedgerEvent,
  { type: 'CostCorrected' | 'CostReversed' | 'HarvestCorrected' | 'HarvestReversed' }
>;

const amountChangeOf = (event: AmountChangeEvent): AmountChangeSummary => {
  const entryId = changedEntryId(event);
  const { previousAmount, reason } = event.data;
  return 'correctionId' in event.data
    ? {
        kind: 'correction',
        entryId,
        correctionId: event.data.correctionId,
        amount: event.data.amount,
        previousAmount,
        reason,
      }
    : { kind: 'reversal', entryId, correctionId: null, amount: '0.00', previousAmount, reason };
};

// ---------------------------------------------------------------------------------------------
// One handler per event.

type EventOf<T extends LedgerEvent['type']> = Extract<LedgerEvent, { type: T }>;

const onInvestmentProposed = (
  view: InvestmentSummaryView,
  event: EventOf<'InvestmentProposed'>,
  scope: FoldScope,
): InvestmentSummaryView => {
  const { investmentId, title, department, projectLead, need } = event.data;
  return withSummary(
    view,
    {
      investmentId,
      title,
      department,
      projectLead,
      need,
      stage: 'proposed',
      revision: event.revision,
      baselineCaseVersion: null,
      currentCaseVersion: null,
      benefitCase: null,
      allocated: '0.00',
      allocations: [],
      spent: '0.00',
      harvested: '0.00',
      costs: [],
      effectReports: [],
      effectCorrections: [],
      harvests: [],
      costChanges: [],
      harvestChanges: [],
      baselineRevisions: [],
      closed: null,
    },
    scope,
  );
};

const onBenefitCaseDocumented = (
  view: InvestmentSummaryView,
  event: EventOf<'BenefitCaseDocumented'>,
  scope: FoldScope,
): InvestmentSummaryView =>
  onSummary(view, event, event.data.investmentId, scope, (s) => ({
    ...s,
    currentCaseVersion: event.data.version,
    benefitCase: event.data.case,
  }));

const onStageChanged = (
  view: InvestmentSummaryView,
  event: EventOf<'StageChanged'>,
  scope: FoldScope,
): InvestmentSummaryView =>
  onSummary(view, event, event.data.investmentId, scope, (s) => ({
    ...s,
    stage: event.data.to,
  }));

const onInvestmentApproved = (
  view: InvestmentSummaryView,
  event: EventOf<'InvestmentApproved'>,
  scope: FoldScope,
): InvestmentSummaryView =>
  onSummary(view, event, event.data.investmentId, scope, (s) => ({
    ...s,
    // Approved after a close that came between the allocation and its approval: still closed
    // (src/investment/decide/stage.ts, recordFirstAllocation).
    stage: s.stage === 'closed' ? 'closed' : 'approved',
    baselineCaseVersion: event.data.baselineCaseVersion,
  }));

const onFundsAllocated = (
  view: InvestmentSummaryView,
  event: EventOf<'FundsAllocated'>,
  scope: FoldScope,
): InvestmentSummaryView => {
  const allocation = allocationRecordOf(fundIdOf(event), event.data);
  return onSummary(view, event, event.data.investmentId, scope, (s) =>
    // The total moved by the new allocation, not summed again: summing every allocation per
    // allocation was quadratic in an investment's allocations (the sum is exact either way).
    ({
      ...s,
      allocations: scope.append(s.allocations, allocation),
      allocated: add(s.allocated, allocation.amount),
    }),
  );
};

const onAllocationReduced = (
  view: InvestmentSummaryView,
  event: EventOf<'AllocationReduced'>,
  scope: FoldScope,
): InvestmentSummaryView => {
  const fundId = fundIdOf(event);
  return onSummary(view, event, event.data.investmentId, scope, (s) =>
    withAllocations(
      s,
      scope.replace(
        s.allocations,
        (a) => isReducedBy(a, fundId, event.data),
        (a) => withReduction(a, event.data),
      ),
    ),
  );
};

const onCostRecorded = (
  view: InvestmentSummaryView,
  event: EventOf<'CostRecorded'>,
  scope: FoldScope,
): InvestmentSummaryView =>
  onSummary(view, event, event.data.investmentId, scope, (s) => ({
    ...s,
    costs: scope.append(s.costs, event.data),
    spent: add(s.spent, event.data.amount),
  }));

const onEffectReported = (
  view: InvestmentSummaryView,
  event: EventOf<'EffectReported'>,
  scope: FoldScope,
): InvestmentSummaryView =>
  onSummary(view, event, event.data.investmentId, scope, (s) => {
    const recorded = omitKey(effectReportOf(event.data), 'corrections');
    const report: RecordedReport = withKey(recorded, 'effectiveValue', event.data.value);
    return { ...s, effectReports: scope.append(s.effectReports, report) };
  });

const onEffectReportCorrected = (
  view: InvestmentSummaryView,
  event: EventOf<'EffectReportCorrected'>,
  scope: FoldScope,
): InvestmentSummaryView =>
  onSummary(view, event, event.data.investmentId, scope, (s) => {
    const correction = effectCorrectionOf(event.data);
    const { reportId } = event.data;
    // A correction of a report the summary does not have (the decider never records one)
    // changes nothing, as before corrections had a list of their own.
    let found = false;
    const effectReports = scope.replaceKeyed(s.effectReports, reportIdOf, reportId, (r) => {
      found = true;
      return { ...r, effectiveValue: correction.value };
    });
    if (!found) return s;
    return {
      ...s,
      effectReports,
      effectCorrections: scope.append(s.effectCorrections, { reportId, ...correction }),
    };
  });

const onSavingsHarvested = (
  view: InvestmentSummaryView,
  event: EventOf<'SavingsHarvested'>,
  scope: FoldScope,
): InvestmentSummaryView =>
  onSummary(view, event, event.data.investmentId, scope, (s) => ({
    ...s,
    harvests: scope.append(s.harvests, event.data),
    harvested: add(s.harvested, event.data.amount),
  }));

const onInvestmentClosed = (
  view: InvestmentSummaryView,
  event: EventOf<'InvestmentClosed'>,
  scope: FoldScope,
): InvestmentSummaryView =>
  onSummary(view, event, event.data.investmentId, scope, (s) => ({
    ...s,
    stage: 'closed',
    closed: { closedOn: event.data.closedOn, reason: event.data.reason },
  }));

const onBaselineRevised = (
  view: InvestmentSummaryView,
  event: EventOf<'BaselineRevised'>,
  scope: FoldScope,
): InvestmentSummaryView =>
  onSummary(view, event, event.data.investmentId, scope, (s) => ({
    ...s,
    baselineCaseVersion: event.data.caseVersion,
    baselineRevisions: scope.append(s.baselineRevisions, event.data),
  }));

/**
 * A reversal is a correction to nothing: both move the entry's total (spent or harvested) and
 * record the change beside the costs or harvests.
 */
const onAmountChanged = (
  view: InvestmentSummaryView,
  event: AmountChangeEvent,
  scope: FoldScope,
): InvestmentSummaryView =>
  onSummary(view, event, event.data.investmentId, scope, (s) => {
    const change = amountChangeOf(event);
    return 'costId' in event.data
      ? { ...s, spent: moved(s.spent, change), costChanges: scope.append(s.costChanges, change) }
      : {
          ...s,
          harvested: moved(s.harvested, change),
          harvestChanges: scope.append(s.harvestChanges, change),
        };
  });

/** Events the summary only counts: its revision moves. */
const onRevisionOnly = (
  view: InvestmentSummaryView,
  event: EventOf<'ObligationWaived' | 'DeviationExplained'>,
  scope: FoldScope,
): InvestmentSummaryView => onSummary(view, event, event.data.investmentId, scope, (s) => s);

/** `scope` lets a fold of many events update its own copies in place (fold-scope.ts). */
export const evolveInvestmentSummary = (
  view: InvestmentSummaryView,
  event: LedgerEvent,
  scope: FoldScope = new FoldScope(),
): InvestmentSummaryView => {
  switch (event.type) {
    case 'InvestmentProposed':
      return onInvestmentProposed(view, event, scope);
    case 'BenefitCaseDocumented':
      return onBenefitCaseDocumented(view, event, scope);
    case 'StageChanged':
      return onStageChanged(view, event, scope);
    case 'InvestmentApproved':
      return onInvestmentApproved(view, event, scope);
    case 'FundsAllocated':
      return onFundsAllocated(view, event, scope);
    case 'AllocationReduced':
      return onAllocationReduced(view, event, scope);
    case 'CostRecorded':
      return onCostRecorded(view, event, scope);
    case 'EffectReported':
      return onEffectReported(view, event, scope);
    case 'EffectReportCorrected':
      return onEffectReportCorrected(view, event, scope);
    case 'SavingsHarvested':
      return onSavingsHarvested(view, event, scope);
    case 'InvestmentClosed':
      return onInvestmentClosed(view, event, scope);
    case 'BaselineRevised':
      return onBaselineRevised(view, event, scope);
    case 'CostCorrected':
    case 'CostReversed':
    case 'HarvestCorrected':
    case 'HarvestReversed':
      return onAmountChanged(view, event, scope);
    case 'ObligationWaived':
    case 'DeviationExplained':
      return onRevisionOnly(view, event, scope);
    case 'FundEstablished':
    case 'TrancheAdded':
    case 'TrancheReleased':
    case 'TrancheAmended':
    case 'TrancheClosed':
      return view;
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
    }
  }
};
