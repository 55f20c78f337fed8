/**
 * The facts of one investment, stream `investment-{investmentId}`. Data is JSON-safe as
 * recorded: money as strings with two decimals ("1500000.00"), business dates 'YYYY-MM-DD',
 * periods 'YYYY' | 'YYYY-Qn' | 'YYYY-MM'. Who recorded an event and when lives in its
 * metadata, not here. Every event names its investment so a projection reading the global
 * feed needs nothing but the event.
 */
import { DomainEvent } from '../shared/decider';
import { BenefitCase } from './benefit-case';
import type { DeviationExplained } from './deviation-explanation';

/** A money amount as recorded: "1500000.00", always two decimals. */
export type MoneyString = string;
/** A business date as recorded: 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A period as recorded: '2017', '2017-Q1' or '2017-03'. */
export type PeriodText = string;

export const STAGES = [
  'proposed',
  'analysed',
  'approved',
  'implementing',
  'realising',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

export const INVESTMENT_STREAM_PREFIX = 'investment-';
export const investmentStream = (investmentId: string): string =>
  `${INVESTMENT_STREAM_PREFIX}${investmentId}`;

export interface InvestmentProposedData {
  readonly investmentId: string;
  readonly title: string;
  /** The department (förvaltning) that needs it. */
  readonly department: string;
  /** The user id of the project lead. */
  readonly projectLead: string;
  readonly need: string;
  /**
   * The Europe/Stockholm day the proposal was recorded: the investment's life begins here
   * (costs, closing and reported periods may not lie before it). Absent in older ledgers.
   */
  readonly proposedOn?: IsoDate;
}

export interface BenefitCaseDocumentedData {
  readonly investmentId: string;
  /** 1, 2, ...: every documentation is a new version; none is ever edited. */
  readonly version: number;
  readonly case: BenefitCase;
  /** The user who documented this version (absent in older ledgers): its author may not re-baseline to it. */
  readonly documentedBy?: string;
}

export interface StageChangedData {
  readonly investmentId: string;
  readonly from: Stage;
  readonly to: Stage;
  readonly reason: string;
}

/** Recorded after the fund accepted the first allocation: the stage becomes `approved`. */
export interface InvestmentApprovedData {
  readonly investmentId: string;
  readonly allocationId: string;
  /** The benefit-case version in force at the decision: the baseline forecast. */
  readonly baselineCaseVersion: number;
}

export interface CostRecordedData {
  readonly investmentId: string;
  readonly costId: string;
  readonly costLineId?: string;
  readonly amount: MoneyString;
  readonly incurredOn: IsoDate;
  /** Invoice or voucher number. */
  readonly reference: string;
  readonly description?: string;
}

export interface EffectReportedData {
  readonly investmentId: string;
  readonly reportId: string;
  readonly benefitLineId: string;
  readonly period: PeriodText;
  /** SEK ("1234.50") for financial and redistributable lines; a decimal in the indicator's unit for qualitative ones. */
  readonly value: string;
  readonly evidence: string;
  /**
   * The benefit-case version the report was judged against: the latest at the time when it has
   * the line; for a line a later version left out that is still owed, the latest version from
   * the approved one on that has it (decide/report.ts versionToReport).
   */
  readonly caseVersion: number;
  /**
   * The Stockholm day the report was made (the command's today). A valued line's report made
   * before its period ended meets no follow-up obligation until a correction made after the
   * end confirms it (obligations.ts settlesPeriod). Absent in ledgers written before it was
   * kept: such a report is taken as made after its period.
   */
  readonly reportedOn?: IsoDate;
}

/** Supersedes a report (or an earlier correction of it); the original stays in the stream. */
export interface EffectReportCorrectedData {
  readonly investmentId: string;
  readonly correctionId: string;
  readonly reportId: string;
  readonly benefitLineId: string;
  readonly period: PeriodText;
  readonly value: string;
  readonly reason: string;
  readonly evidence?: string;
  readonly caseVersion: number;
  /** The Stockholm day the correction was made (as EffectReportedData.reportedOn). */
  readonly correctedOn?: IsoDate;
}

/** One correction of an effect report, as the investment and its read models keep it. */
export interface EffectCorrection {
  readonly correctionId: string;
  readonly value: string;
  readonly reason: string;
  readonly evidence?: string;
  readonly caseVersion: number;
  readonly correctedOn?: IsoDate;
}

/** An effect report's id: the key corrections find their report by (FoldScope.replaceKeyed). */
export const reportIdOf = (report: { readonly reportId: string }): string => report.reportId;

/** The correction an EffectReportCorrected event records (the decider and the summary both keep it). */
export const effectCorrectionOf = (data: EffectReportCorrectedData): EffectCorrection => {
  const { correctionId, value, reason, evidence, caseVersion, correctedOn } = data;
  return {
    correctionId,
    value,
    reason,
    ...(evidence === undefined ? {} : { evidence }),
    caseVersion,
    ...(correctedOn === undefined ? {} : { correctedOn }),
  };
};

/** A report with every correction of it, oldest first: nothing is edited or dropped. */
export interface EffectReport extends Omit<EffectReportedData, 'investmentId'> {
  readonly corrections: readonly EffectCorrection[];
}

/** The report an EffectReported event records (the decider and the summary both keep it). */
export const effectReportOf = (data: EffectReportedData): EffectReport => {
  const { reportId, benefitLineId, period, value, evidence, caseVersion, reportedOn } = data;
  return {
    reportId,
    benefitLineId,
    period,
    value,
    evidence,
    caseVersion,
    ...(reportedOn === undefined ? {} : { reportedOn }),
    corrections: [],
  };
};

/** A budget reduction actually made for a financial line: realised is not harvested. */
export interface SavingsHarvestedData {
  readonly investmentId: string;
  readonly harvestId: string;
  readonly benefitLineId: string;
  readonly fiscalYear: number;
  readonly amount: MoneyString;
  readonly decisionRef: string;
  /**
   * Set when the budget was reduced before the line realised as much (förhandsreduktion):
   * the harvest then exceeds the realised actual, and `reason` says why. Absent otherwise.
   */
  readonly aheadOfRealisation?: true;
  /** Why: required ahead of realisation, kept when given with an ordinary harvest too. */
  readonly reason?: string;
}

/**
 * Re-baselining: a decision of its own, taken by finance on the case version now current.
 * From here the baseline forecast is this version; earlier obligations stay owed.
 */
export interface BaselineRevisedData {
  readonly investmentId: string;
  readonly caseVersion: number;
  readonly previousCaseVersion: number;
  readonly reason: string;
  readonly decisionRef: string;
  /** The approver: never the author of the version. */
  readonly approvedBy: string;
  /**
   * The board's decision to adopt a version whose forecast running-cost effect over its horizon
   * is negative; absent when the effect is not negative (and on revisions recorded before it).
   */
  readonly overrideRef?: string;
}

/** Finance releases a benefit line's owner from one owed report or reading, with a reason. */
export interface ObligationWaivedData {
  readonly investmentId: string;
  readonly benefitLineId: string;
  readonly period: PeriodText;
  readonly reason: string;
  readonly waivedBy: string;
}

/** A recorded cost's amount put right; the cost and every earlier correction stay in the stream. */
export interface CostCorrectedData {
  readonly investmentId: string;
  readonly costId: string;
  readonly correctionId: string;
  readonly amount: MoneyString;
  /** The amount that stood before this correction, so a sum can move by the difference. */
  readonly previousAmount: MoneyString;
  readonly reason: string;
}

/** A recorded cost withdrawn (e.g. booked on the wrong investment); it then counts as zero. */
export interface CostReversedData {
  readonly investmentId: string;
  readonly costId: string;
  /** The amount that stood before the reversal: what the sums lose. */
  readonly previousAmount: MoneyString;
  readonly reason: string;
}

export interface HarvestCorrectedData {
  readonly investmentId: string;
  readonly harvestId: string;
  readonly correctionId: string;
  readonly benefitLineId: string;
  readonly amount: MoneyString;
  readonly previousAmount: MoneyString;
  readonly reason: string;
}

export interface HarvestReversedData {
  readonly investmentId: string;
  readonly harvestId: string;
  readonly benefitLineId: string;
  readonly previousAmount: MoneyString;
  readonly reason: string;
}

export interface InvestmentClosedData {
  readonly investmentId: string;
  readonly closedOn: IsoDate;
  readonly reason: string;
}

export type InvestmentProposed = DomainEvent<'InvestmentProposed', InvestmentProposedData>;
export type BenefitCaseDocumented = DomainEvent<'BenefitCaseDocumented', BenefitCaseDocumentedData>;
export type StageChanged = DomainEvent<'StageChanged', StageChangedData>;
export type InvestmentApproved = DomainEvent<'InvestmentApproved', InvestmentApprovedData>;
export type CostRecorded = DomainEvent<'CostRecorded', CostRecordedData>;
export type EffectReported = DomainEvent<'EffectReported', EffectReportedData>;
export type EffectReportCorrected = DomainEvent<'EffectReportCorrected', EffectReportCorrectedData>;
export type SavingsHarvested = DomainEvent<'SavingsHarvested', SavingsHarvestedData>;
export type InvestmentClosed = DomainEvent<'InvestmentClosed', InvestmentClosedData>;
export type BaselineRevised = DomainEvent<'BaselineRevised', BaselineRevisedData>;
export type ObligationWaived = DomainEvent<'ObligationWaived', ObligationWaivedData>;
export type CostCorrected = DomainEvent<'CostCorrected', CostCorrectedData>;
export type CostReversed = DomainEvent<'CostReversed', CostReversedData>;
export type HarvestCorrected = DomainEvent<'HarvestCorrected', HarvestCorrectedData>;
export type HarvestReversed = DomainEvent<'HarvestReversed', HarvestReversedData>;

/** A correction or reversal of a recorded cost or harvest: a new amount, the entry unchanged. */
export type AmountChangeEvent = CostCorrected | CostReversed | HarvestCorrected | HarvestReversed;

/** The cost's or harvest's id an amount change is about. */
export const changedEntryId = (event: AmountChangeEvent): string =>
  'costId' in event.data ? event.data.costId : event.data.harvestId;

export type InvestmentEvent =
  | InvestmentProposed
  | BenefitCaseDocumented
  | StageChanged
  | InvestmentApproved
  | CostRecorded
  | EffectReported
  | EffectReportCorrected
  | SavingsHarvested
  | InvestmentClosed
  | BaselineRevised
  | ObligationWaived
  | CostCorrected
  | CostReversed
  | HarvestCorrected
  | HarvestReversed
  | DeviationExplained;

export type InvestmentEventType = InvestmentEvent['type'];

export const INVESTMENT_EVENT_TYPES: readonly InvestmentEventType[] = [
  'InvestmentProposed',
  'BenefitCaseDocumented',
  'StageChanged',
  'InvestmentApproved',
  'CostRecorded',
  'EffectReported',
  'EffectReportCorrected',
  'SavingsHarvested',
  'InvestmentClosed',
  'BaselineRevised',
  'ObligationWaived',
  'CostCorrected',
  'CostReversed',
  'HarvestCorrected',
  'HarvestReversed',
  'DeviationExplained',
];
