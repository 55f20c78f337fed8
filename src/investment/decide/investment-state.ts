/**
 * The investment's state as its decider folds it, and the readings of it that decide, the
 * access rules and the read side share. The state is plain JSON, so it can be shown as it
 * stood after any event.
 */
import { BenefitCase } from '../benefit-case';
import type { DeviationExplainedData } from '../deviation-explanation';
import {
  BaselineRevisedData,
  CostRecordedData,
  EffectCorrection,
  EffectReport,
  IsoDate,
  ObligationWaivedData,
  PeriodText,
  SavingsHarvestedData,
  Stage,
  StageChangedData,
} from '../investment.events';
import {
  Obligation,
  lifeBeginsOn,
  obligationSourceOf,
  obligationsOf,
  owedFrom,
} from '../obligations';

export interface CaseVersion {
  readonly version: number;
  readonly case: BenefitCase;
  /** Who documented it; unknown for versions recorded before authors were. */
  readonly documentedBy?: string;
}

/**
 * A correction or reversal of a cost or harvest: `amount` is what the entry counts from here
 * ("0.00" once reversed). The recorded entry itself is never changed.
 */
export interface AmountChange {
  /** The cost's or harvest's id. */
  readonly entryId: string;
  readonly correctionId: string | null;
  readonly amount: string;
  readonly reason: string;
  readonly reversed: boolean;
}

export type { EffectCorrection, EffectReport };

export interface Investment {
  readonly exists: true;
  readonly id: string;
  readonly title: string;
  readonly department: string;
  readonly projectLead: string;
  readonly need: string;
  /** The Stockholm day the proposal was recorded: the investment's life begins here (null in older ledgers). */
  readonly proposedOn: IsoDate | null;
  readonly stage: Stage;
  /** Every documented version, oldest first. */
  readonly caseVersions: readonly CaseVersion[];
  /** The latest version: the current forecast, and the one new reports are judged against. */
  readonly currentCase: BenefitCase | null;
  /** The baseline forecast: the version the first allocation was decided on, or the latest re-baseline. */
  readonly baselineCaseVersion: number | null;
  /** The version the first allocation was decided on: follow-up is owed from it on, whatever comes later. */
  readonly approvedCaseVersion: number | null;
  readonly baselineRevisions: readonly BaselineRevisedData[];
  readonly waivers: readonly ObligationWaivedData[];
  readonly firstAllocationId: string | null;
  readonly lastStageChange: StageChangedData | null;
  readonly costs: readonly CostRecordedData[];
  readonly reports: readonly EffectReport[];
  readonly harvests: readonly SavingsHarvestedData[];
  /** Corrections and reversals, oldest first; the recorded costs and harvests stay as they were. */
  readonly costChanges: readonly AmountChange[];
  readonly harvestChanges: readonly AmountChange[];
  readonly closed: { readonly closedOn: IsoDate; readonly reason: string } | null;
  /** Why lines are in watch or deviation (deviation-explanation.ts); absent until the first. */
  readonly deviationExplanations?: readonly DeviationExplainedData[];
}

export type InvestmentState = { readonly exists: false } | Investment;

export const initialInvestmentState: InvestmentState = { exists: false };

/** The latest correction's value, or the report's own when it was never corrected. */
export const effectiveValue = (report: EffectReport): string =>
  report.corrections.length === 0
    ? report.value
    : report.corrections[report.corrections.length - 1].value;

export interface EffectiveReport {
  readonly reportId: string;
  readonly benefitLineId: string;
  readonly period: PeriodText;
  readonly value: string;
  /** The correction that gave the value; null when the report stands as first made. */
  readonly correctionId: string | null;
}

/** The actuals as they stand: one per reported line and period, corrections applied. */
export const effectiveReports = (state: InvestmentState): EffectiveReport[] =>
  state.exists
    ? state.reports.map((report) => ({
        reportId: report.reportId,
        benefitLineId: report.benefitLineId,
        period: report.period,
        value: effectiveValue(report),
        correctionId: report.corrections.at(-1)?.correctionId ?? null,
      }))
    : [];

/** The effective actual of one line in one period, or undefined when nothing was reported. */
export const effectiveActual = (
  state: InvestmentState,
  benefitLineId: string,
  period: PeriodText,
): string | undefined =>
  effectiveReports(state).find((r) => r.benefitLineId === benefitLineId && r.period === period)
    ?.value;

export const caseVersionOf = (state: InvestmentState, version: number): BenefitCase | undefined =>
  state.exists ? state.caseVersions.find((v) => v.version === version)?.case : undefined;

export const latestCaseVersion = (investment: Investment): number | null =>
  investment.caseVersions.at(-1)?.version ?? null;

/** The latest change of an entry, if it was ever corrected or reversed. */
export const lastChange = (
  changes: readonly AmountChange[],
  entryId: string,
): AmountChange | undefined => {
  for (let i = changes.length - 1; i >= 0; i--)
    if (changes[i].entryId === entryId) return changes[i];
  return undefined;
};

/** A cost as it counts now: its latest correction's amount, "0.00" once reversed. */
export const currentCostAmount = (investment: Investment, cost: CostRecordedData): string =>
  lastChange(investment.costChanges, cost.costId)?.amount ?? cost.amount;

export const currentHarvestAmount = (
  investment: Investment,
  harvest: SavingsHarvestedData,
): string => lastChange(investment.harvestChanges, harvest.harvestId)?.amount ?? harvest.amount;

/**
 * What the case versions ask in follow-up: from the approved baseline and every later version,
 * every period of their horizons, whether or not it lies in the investment's life. What is
 * owed is owedObligations; this wider list answers where a period the versions name counts
 * whatever the life (a report's period outside the current horizon but named by an owed
 * version, judged against the life on its own; the waiver refusal naming a pre-life period).
 */
export const obligationsOfInvestment = (investment: Investment): Obligation[] => {
  const from = investment.approvedCaseVersion;
  if (from === null) return [];
  return obligationsOf(
    investment.caseVersions
      .filter((v) => v.version >= from)
      .map((v) => obligationSourceOf(v.version, v.case)),
  );
};

/**
 * What follow-up the investment owes: obligationsOfInvestment, less the periods that ended
 * before its life began (obligations.ts owedFrom, the filter the follow-up read model applies
 * too). `firstDecidedOn`: the first allocation's `decidedOn`, which the state does not hold (it
 * is on the fund's stream; the application looks it up, report.ts needsFirstDecision); without
 * it the life begins on the proposal's day, which is right for any period ending on or after it.
 */
export const owedObligations = (investment: Investment, firstDecidedOn?: IsoDate): Obligation[] =>
  obligationsOfInvestment(investment).filter(
    owedFrom(lifeBeginsOn(investment.proposedOn, firstDecidedOn)),
  );
