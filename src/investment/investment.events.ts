/**
 * The facts of one investment, stream `investment-{investmentId}`. Data is JSON-safe as
 * recorded: money as strings with two decimals ("1500000.00"), business dates 'YYYY-MM-DD',
 * periods 'YYYY' | 'YYYY-Qn' | 'YYYY-MM'. Who recorded an event and when lives in its
 * metadata, not here. Every event names its investment so a projection reading the global
 * feed needs nothing but the event.
 */
import { DomainEvent } from '../shared/decider';
import { BenefitCase } from './benefit-case';

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
}

export interface BenefitCaseDocumentedData {
  readonly investmentId: string;
  /** 1, 2, ...: every documentation is a new version; none is ever edited. */
  readonly version: number;
  readonly case: BenefitCase;
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
  /** The benefit-case version the report was judged against (the latest at the time). */
  readonly caseVersion: number;
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
}

/** A budget reduction actually made for a financial line: realised is not harvested. */
export interface SavingsHarvestedData {
  readonly investmentId: string;
  readonly harvestId: string;
  readonly benefitLineId: string;
  readonly fiscalYear: number;
  readonly amount: MoneyString;
  readonly decisionRef: string;
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

export type InvestmentEvent =
  | InvestmentProposed
  | BenefitCaseDocumented
  | StageChanged
  | InvestmentApproved
  | CostRecorded
  | EffectReported
  | EffectReportCorrected
  | SavingsHarvested
  | InvestmentClosed;

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
];
