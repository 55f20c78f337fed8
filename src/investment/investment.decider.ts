/**
 * The investment decider: pure. Time, ids and the actor arrive on commands; decide answers
 * events to append (or "already done" for a repeated command) and throws a DomainError when
 * a rule says no. The state is plain JSON, so it can be shown as it stood after any event.
 */
import { FoldScope } from '../shared/fold-scope';
import { MONEY_PROBLEM_TEXT, Money } from '../money/money';
import {
  MAX_YEAR,
  MIN_YEAR,
  Period,
  formatPeriod,
  horizonEndYear,
  isInHorizon,
  overlaps,
  parsePeriod,
  periodOf,
  periodStart,
} from '../periods/period';
import { Decider, Decision, alreadyDone, append, canonicalJson } from '../shared/decider';
import { DeviationExplainedData, explainDeviation, withExplanation } from './deviation-explanation';
import {
  BenefitCase,
  BenefitLine,
  calculationGaps,
  caseHorizon,
  findBenefitLine,
  findCostLine,
  isIndicatorDecimal,
  isValued,
  validateBenefitCase,
  whatIsMissing,
} from './benefit-case';
import {
  ChangeStage,
  CloseInvestment,
  CorrectCost,
  CorrectEffectReport,
  CorrectHarvest,
  DocumentBenefitCase,
  EffectValue,
  InvestmentCommand,
  ProposeInvestment,
  RecordCost,
  RecordFirstAllocation,
  RecordHarvest,
  ReportEffect,
  ReverseCost,
  ReverseHarvest,
  ReviseBaseline,
  WaiveObligation,
} from './investment.commands';
import { Obligation, isCovered, obligationSourceOf, obligationsOf } from './obligations';
import { refuse, refuseInput, requireText } from './investment.refusals';
import { runningCostEffect } from './running-cost-effect';
import {
  BaselineRevisedData,
  CostCorrected,
  CostRecordedData,
  CostReversed,
  HarvestCorrected,
  HarvestReversed,
  ObligationWaivedData,
  EffectCorrection,
  effectCorrectionOf,
  EffectReportCorrectedData,
  EffectReportedData,
  InvestmentClosedData,
  InvestmentEvent,
  InvestmentProposedData,
  IsoDate,
  PeriodText,
  SavingsHarvestedData,
  Stage,
  StageChangedData,
} from './investment.events';

// ---------------------------------------------------------------------------------------------
// State

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

export type { EffectCorrection };

/** A report with every correction of it, oldest first: nothing is edited or dropped. */
export interface EffectReport {
  readonly reportId: string;
  readonly benefitLineId: string;
  readonly period: PeriodText;
  readonly value: string;
  readonly evidence: string;
  readonly caseVersion: number;
  readonly corrections: readonly EffectCorrection[];
}

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

/** The latest change of an entry, if it was ever corrected or reversed. */
const lastChange = (
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

/** What follow-up the investment owes: from the approved baseline and every later version. */
export const obligationsOfInvestment = (investment: Investment): Obligation[] => {
  const from = investment.approvedCaseVersion;
  if (from === null) return [];
  return obligationsOf(
    investment.caseVersions
      .filter((v) => v.version >= from)
      .map((v) => obligationSourceOf(v.version, v.case)),
  );
};

const latestCaseVersion = (investment: Investment): number | null =>
  investment.caseVersions.at(-1)?.version ?? null;

// ---------------------------------------------------------------------------------------------
// The stage machine

/** How a stage is entered: an explicit stage change, the fund's first allocation, or the close command. */
export type StageEntry = 'stage-change' | 'first-allocation' | 'close';

export interface StageTransition {
  readonly from: Stage;
  readonly to: Stage;
  readonly via: StageEntry;
}

const OPEN_STAGES: readonly Stage[] = [
  'proposed',
  'analysed',
  'approved',
  'implementing',
  'realising',
];

/**
 * Every allowed move, and nothing else. A first allocation may find the investment still
 * `proposed` (the fund only asks for a documented case, not for the stage); any open
 * investment may be closed, e.g. a proposal that was turned down.
 */
export const STAGE_TRANSITIONS: readonly StageTransition[] = [
  { from: 'proposed', to: 'analysed', via: 'stage-change' },
  { from: 'proposed', to: 'approved', via: 'first-allocation' },
  { from: 'analysed', to: 'approved', via: 'first-allocation' },
  { from: 'approved', to: 'implementing', via: 'stage-change' },
  { from: 'implementing', to: 'realising', via: 'stage-change' },
  ...OPEN_STAGES.map((from): StageTransition => ({ from, to: 'closed', via: 'close' })),
];

export const transitionFor = (from: Stage, to: Stage): StageTransition | undefined =>
  STAGE_TRANSITIONS.find((t) => t.from === from && t.to === to);

// ---------------------------------------------------------------------------------------------
// Refusals

export { INVESTMENT_ERROR_CODES } from './investment.refusals';
export type { InvestmentErrorCode } from './investment.refusals';

const requirePositive = (amount: Money, path: string): void => {
  if (amount.isNegative() || amount.isZero()) refuseInput(path, MONEY_PROBLEM_TEXT['not-positive']);
};

const requireInvestment = (state: InvestmentState, investmentId: string): Investment => {
  if (!state.exists)
    return refuse(
      'INVESTMENT_NOT_FOUND',
      `Investment ${investmentId} does not exist.`,
      'not-found',
    );
  return state;
};

const requireOpen = (investment: Investment, what: string): void => {
  if (investment.closed) {
    refuse(
      'INVESTMENT_CLOSED',
      `Investment ${investment.id} was closed on ${investment.closed.closedOn}: ${what}.`,
    );
  }
};

const requireCase = (investment: Investment): { case: BenefitCase; version: number } => {
  const latest = investment.caseVersions.at(-1);
  if (!latest)
    return refuse('NO_BENEFIT_CASE', `Investment ${investment.id} has no benefit case yet.`);
  return { case: latest.case, version: latest.version };
};

const requireBenefitLine = (benefitCase: BenefitCase, benefitLineId: string): BenefitLine =>
  findBenefitLine(benefitCase, benefitLineId) ??
  refuse('BENEFIT_LINE_NOT_FOUND', `The benefit case has no line ${benefitLineId}.`, 'not-found', {
    benefitLineId,
  });

/** Same client-chosen id: the same body is a repeat, any other body a conflict. */
const sameBody = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

// ---------------------------------------------------------------------------------------------
// Effect values: SEK for valued lines, the indicator's unit for qualitative ones.

type ValueReading =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

const readEffectValue = (value: EffectValue, line: BenefitLine): ValueReading => {
  if (isValued(line.class)) {
    if (value instanceof Money) return { ok: true, text: value.toString() };
    const parsed = Money.parse(value, 'any');
    return parsed.ok
      ? { ok: true, text: parsed.value.toString() }
      : {
          ok: false,
          message: `must be SEK for a ${line.class} line: ${MONEY_PROBLEM_TEXT[parsed.problem]}`,
        };
  }
  if (typeof value === 'string' && isIndicatorDecimal(value)) return { ok: true, text: value };
  return {
    ok: false,
    message: `must be a plain decimal in the indicator's unit (${line.indicator.unit}) for a qualitative line, not SEK`,
  };
};

const requireEffectValue = (value: EffectValue, line: BenefitLine): string => {
  const reading = readEffectValue(value, line);
  if (reading.ok) return reading.text;
  return refuse('EFFECT_VALUE_INVALID', `value ${reading.message}`, 'invalid', {
    errors: [{ path: 'value', message: reading.message }],
  });
};

/** The value as the recorded line would have stored it, for telling a repeat from a conflict. */
const valueAsRecorded = (
  investment: Investment,
  value: EffectValue,
  benefitLineId: string,
  caseVersion: number,
): string | null => {
  const recordedCase = caseVersionOf(investment, caseVersion);
  const line = recordedCase && findBenefitLine(recordedCase, benefitLineId);
  const reading = line ? readEffectValue(value, line) : undefined;
  return reading?.ok ? reading.text : null;
};

// ---------------------------------------------------------------------------------------------
// Decisions, one per command

type Decided = Decision<InvestmentEvent>;

const emit = (...events: InvestmentEvent[]): Decided => append<InvestmentEvent>(...events);

const propose = (command: ProposeInvestment, state: InvestmentState): Decided => {
  const asked: InvestmentProposedData = {
    investmentId: command.investmentId,
    title: command.title,
    department: command.department,
    projectLead: command.projectLead,
    need: command.need,
  };
  if (state.exists) {
    const recorded: InvestmentProposedData = {
      investmentId: state.id,
      title: state.title,
      department: state.department,
      projectLead: state.projectLead,
      need: state.need,
    };
    if (sameBody(asked, recorded)) return alreadyDone((e) => e.type === 'InvestmentProposed');
    return refuse(
      'INVESTMENT_ALREADY_EXISTS',
      `Investment ${command.investmentId} already exists with other details.`,
    );
  }
  requireText(command.title, 'title');
  requireText(command.department, 'department');
  requireText(command.projectLead, 'projectLead');
  requireText(command.need, 'need');
  return emit({ type: 'InvestmentProposed', data: { ...asked, proposedOn: command.today } });
};

/** A documented case is a calculation: the refusal lists what it lacks. */
const requireCalculation = (benefitCase: BenefitCase): void => {
  const missing = calculationGaps(benefitCase);
  if (missing.length > 0) {
    refuse(
      'BENEFIT_CASE_INCOMPLETE',
      `The benefit case is not a calculation; it needs ${missing.join('; and ')}.`,
      'rule',
      { missing },
    );
  }
};

/** Owners answer for their lines and report on them, so they must be people the ledger knows. */
const requireKnownOwners = (
  benefitCase: BenefitCase,
  isKnownUser: (userId: string) => boolean,
): void => {
  const unknown = benefitCase.benefits
    .map((line, index) => ({ owner: line.owner, path: `benefits[${index}].owner` }))
    .filter((line) => !isKnownUser(line.owner));
  if (unknown.length > 0) {
    const owners = [...new Set(unknown.map((line) => line.owner))];
    const errors = unknown.map(({ owner, path }) => ({
      path,
      message: `${owner} is not a known user`,
    }));
    refuse(
      'BENEFIT_OWNER_UNKNOWN',
      `Benefit owners must be known users; unknown: ${owners.join(', ')}.`,
      'rule',
      { owners, errors },
    );
  }
};

/** A new version each time; the same case as the current version again is a repeat. */
const documentBenefitCase = (command: DocumentBenefitCase, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  requireOpen(investment, 'its benefit case is final');
  const validation = validateBenefitCase(command.benefitCase);
  if (!validation.ok) {
    return refuse('BENEFIT_CASE_INVALID', 'The benefit case has problems; see errors.', 'invalid', {
      errors: validation.errors,
    });
  }
  const current = latestCaseVersion(investment);
  if (current !== null && sameBody(validation.value, investment.currentCase)) {
    return alreadyDone((e) => e.type === 'BenefitCaseDocumented' && e.data.version === current);
  }
  requireCalculation(validation.value);
  requireKnownOwners(validation.value, command.isKnownUser);
  return emit({
    type: 'BenefitCaseDocumented',
    data: {
      investmentId: investment.id,
      version: (current ?? 0) + 1,
      case: validation.value,
      documentedBy: command.actor.id,
    },
  });
};

const changeStage = (command: ChangeStage, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const { stage: to, reason } = command;
  const from = investment.stage;
  const last = investment.lastStageChange;
  if (from === to && last?.to === to && last.reason === reason) {
    return alreadyDone(
      (e) => e.type === 'StageChanged' && e.data.to === to && e.data.reason === reason,
    );
  }
  if (to === 'approved' && from !== 'approved') {
    return refuse(
      'STAGE_SET_BY_ALLOCATION',
      'An investment is approved by its first allocation from the fund.',
      'rule',
      { from, to },
    );
  }
  if (to === 'closed' && from !== 'closed') {
    return refuse('STAGE_SET_BY_CLOSE', 'An investment is closed with the close command.', 'rule', {
      from,
      to,
    });
  }
  if (transitionFor(from, to)?.via !== 'stage-change') {
    return refuse(
      'STAGE_TRANSITION_NOT_ALLOWED',
      `An investment cannot go from ${from} to ${to}.`,
      'rule',
      { from, to },
    );
  }
  const missing = to === 'analysed' ? whatIsMissing(investment.currentCase ?? undefined) : [];
  if (missing.length > 0) {
    return refuse(
      'BENEFIT_CASE_MISSING',
      `The benefit case is not documented: ${missing.join('; ')}.`,
      'rule',
      { missing },
    );
  }
  requireText(reason, 'reason');
  return emit({ type: 'StageChanged', data: { investmentId: investment.id, from, to, reason } });
};

/**
 * The fund has already accepted the allocation (a fact in another stream), so this records
 * its consequence and refuses nothing that the fund allowed: later allocations, or one
 * arriving after the investment moved on, change nothing here.
 */
const recordFirstAllocation = (command: RecordFirstAllocation, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  if (investment.firstAllocationId === command.allocationId) {
    return alreadyDone(
      (e) => e.type === 'InvestmentApproved' && e.data.allocationId === command.allocationId,
    );
  }
  if (transitionFor(investment.stage, 'approved')?.via !== 'first-allocation') return emit();
  if (!caseVersionOf(investment, command.caseVersion)) {
    return refuse(
      'BENEFIT_CASE_VERSION_NOT_FOUND',
      `Investment ${investment.id} has no benefit-case version ${command.caseVersion}.`,
      'not-found',
    );
  }
  return emit({
    type: 'InvestmentApproved',
    data: {
      investmentId: investment.id,
      allocationId: command.allocationId,
      baselineCaseVersion: command.caseVersion,
    },
  });
};

const recordCost = (command: RecordCost, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const data: CostRecordedData = {
    investmentId: investment.id,
    costId: command.costId,
    ...(command.costLineId === undefined ? {} : { costLineId: command.costLineId }),
    amount: command.amount.toString(),
    incurredOn: command.incurredOn,
    reference: command.reference,
    ...(command.description === undefined ? {} : { description: command.description }),
  };
  const earlier = investment.costs.find((c) => c.costId === command.costId);
  if (earlier) {
    if (sameBody(data, earlier))
      return alreadyDone((e) => e.type === 'CostRecorded' && e.data.costId === command.costId);
    return refuse('COST_ALREADY_EXISTS', `Cost ${command.costId} was recorded with other details.`);
  }
  requireOpen(investment, 'costs can no longer be recorded');
  requirePositive(command.amount, 'amount');
  requireText(command.reference, 'reference');
  requireWithinLife(investment, 'incurredOn', command.incurredOn, command.today);
  requireWithinFundLife('incurredOn', command.incurredOn, command.fundOpenedOn);
  if (
    command.costLineId !== undefined &&
    !(investment.currentCase && findCostLine(investment.currentCase, command.costLineId))
  ) {
    return refuse(
      'COST_LINE_NOT_FOUND',
      `The benefit case has no cost line ${command.costLineId}.`,
      'not-found',
      {
        costLineId: command.costLineId,
      },
    );
  }
  return emit({ type: 'CostRecorded', data });
};

/**
 * An investment's life runs from the Stockholm day its proposal was recorded to its closing
 * day, and never past today: a cost or closing dated outside it tells a false story. Older
 * ledgers recorded no proposal day; their lives are only bounded by today.
 */
const requireWithinLife = (
  investment: Investment,
  field: string,
  date: IsoDate,
  today: IsoDate,
): void => {
  const earliest = investment.proposedOn;
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
const requireWithinFundLife = (
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

/** Nothing can be reported of a period that has not begun (its first day is after today). */
const requireStarted = (period: Period, today: IsoDate): void => {
  const starts = periodStart(period);
  if (starts > today) {
    refuse(
      'PERIOD_NOT_STARTED',
      `Period ${formatPeriod(period)} begins on ${starts}; it cannot be reported on ${today}.`,
      'rule',
      { period: formatPeriod(period), startsOn: starts, today },
    );
  }
};

const requireInHorizon = (periodText: PeriodText, benefitCase: BenefitCase): Period => {
  const parsed = parsePeriod(periodText);
  if (!parsed.ok) return refuseInput('period', parsed.message);
  const horizon = caseHorizon(benefitCase);
  if (!isInHorizon(parsed.period, horizon)) {
    return refuse(
      'PERIOD_OUTSIDE_HORIZON',
      `Period ${periodText} lies outside the benefit case's horizon ${horizon.startYear}–${horizonEndYear(horizon)}.`,
      'rule',
      { period: periodText, startYear: horizon.startYear, endYear: horizonEndYear(horizon) },
    );
  }
  return parsed.period;
};

/** One report per line and period; overlapping periods count as the same, or they would be counted twice. */
const requireNotReported = (
  investment: Investment,
  benefitLineId: string,
  period: Period,
): void => {
  const earlier = investment.reports.find(
    (r) => r.benefitLineId === benefitLineId && overlaps(periodOf(r.period), period),
  );
  if (earlier) {
    refuse(
      'EFFECT_ALREADY_REPORTED',
      `Line ${benefitLineId} already has report ${earlier.reportId} for ${earlier.period}; correct it instead.`,
      'rule',
      { reportId: earlier.reportId, period: earlier.period },
    );
  }
};

const repeatOfReport = (
  command: ReportEffect,
  investment: Investment,
  earlier: EffectReport,
): Decided => {
  const value = valueAsRecorded(
    investment,
    command.value,
    earlier.benefitLineId,
    earlier.caseVersion,
  );
  const asked = {
    benefitLineId: command.benefitLineId,
    period: command.period,
    value,
    evidence: command.evidence,
  };
  const recorded = {
    benefitLineId: earlier.benefitLineId,
    period: earlier.period,
    value: earlier.value,
    evidence: earlier.evidence,
  };
  if (sameBody(asked, recorded)) {
    return alreadyDone((e) => e.type === 'EffectReported' && e.data.reportId === command.reportId);
  }
  return refuse('REPORT_ALREADY_EXISTS', `Report ${command.reportId} was made with other details.`);
};

/** Reports go on after closing: benefits come after projects end. */
const reportEffect = (command: ReportEffect, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const earlier = investment.reports.find((r) => r.reportId === command.reportId);
  if (earlier) return repeatOfReport(command, investment, earlier);
  const current = requireCase(investment);
  const line = requireBenefitLine(current.case, command.benefitLineId);
  const period = requireInHorizon(command.period, current.case);
  requireStarted(period, command.today);
  const value = requireEffectValue(command.value, line);
  requireText(command.evidence, 'evidence');
  requireNotReported(investment, line.benefitLineId, period);
  const data: EffectReportedData = {
    investmentId: investment.id,
    reportId: command.reportId,
    benefitLineId: line.benefitLineId,
    period: formatPeriod(period),
    value,
    evidence: command.evidence,
    caseVersion: current.version,
  };
  return emit({ type: 'EffectReported', data });
};

const findCorrection = (
  investment: Investment,
  correctionId: string,
): { report: EffectReport; correction: EffectCorrection } | undefined => {
  for (const report of investment.reports) {
    const correction = report.corrections.find((c) => c.correctionId === correctionId);
    if (correction) return { report, correction };
  }
  return undefined;
};

const repeatOfCorrection = (
  command: CorrectEffectReport,
  investment: Investment,
  earlier: { report: EffectReport; correction: EffectCorrection },
): Decided => {
  const { report, correction } = earlier;
  const value = valueAsRecorded(
    investment,
    command.value,
    report.benefitLineId,
    correction.caseVersion,
  );
  const asked = {
    reportId: command.reportId,
    value,
    reason: command.reason,
    evidence: command.evidence,
  };
  const recorded = {
    reportId: report.reportId,
    value: correction.value,
    reason: correction.reason,
    evidence: correction.evidence,
  };
  if (sameBody(asked, recorded)) {
    return alreadyDone(
      (e) => e.type === 'EffectReportCorrected' && e.data.correctionId === command.correctionId,
    );
  }
  return refuse(
    'CORRECTION_ALREADY_EXISTS',
    `Correction ${command.correctionId} was made with other details.`,
  );
};

/** A correction is judged against the current case: its line must still be there to know its class. */
const correctEffectReport = (command: CorrectEffectReport, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const earlier = findCorrection(investment, command.correctionId);
  if (earlier) return repeatOfCorrection(command, investment, earlier);
  const report =
    investment.reports.find((r) => r.reportId === command.reportId) ??
    refuse(
      'REPORT_NOT_FOUND',
      `Investment ${investment.id} has no report ${command.reportId}.`,
      'not-found',
    );
  const current = requireCase(investment);
  const line = requireBenefitLine(current.case, report.benefitLineId);
  const value = requireEffectValue(command.value, line);
  requireText(command.reason, 'reason');
  if (command.evidence !== undefined) requireText(command.evidence, 'evidence');
  if (line.class === 'financial') requireHarvestsStillRealised(investment, report, value);
  const data: EffectReportCorrectedData = {
    investmentId: investment.id,
    correctionId: command.correctionId,
    reportId: report.reportId,
    benefitLineId: report.benefitLineId,
    period: report.period,
    value,
    reason: command.reason,
    ...(command.evidence === undefined ? {} : { evidence: command.evidence }),
    caseVersion: current.version,
  };
  return emit({ type: 'EffectReportCorrected', data });
};

const requireFiscalYearInHorizon = (fiscalYear: number, benefitCase: BenefitCase): void => {
  const horizon = caseHorizon(benefitCase);
  const endYear = horizonEndYear(horizon);
  if (fiscalYear < horizon.startYear || fiscalYear > endYear) {
    refuse(
      'FISCAL_YEAR_OUTSIDE_HORIZON',
      `Fiscal year ${fiscalYear} lies outside the benefit case's horizon ${horizon.startYear}–${endYear}.`,
      'rule',
      { fiscalYear, startYear: horizon.startYear, endYear },
    );
  }
};

/** The line's realised actual: its effective reports over every period. */
const realisedOf = (investment: Investment, benefitLineId: string): Money =>
  effectiveReports(investment)
    .filter((r) => r.benefitLineId === benefitLineId)
    .reduce((sum, r) => sum.plus(Money.of(r.value)), Money.zero);

/** The line's harvests as they count now, leaving out one being corrected. */
const harvestedOf = (investment: Investment, benefitLineId: string, except: string | null): Money =>
  investment.harvests
    .filter((h) => h.benefitLineId === benefitLineId && h.harvestId !== except)
    .reduce((sum, h) => sum.plus(Money.of(currentHarvestAmount(investment, h))), Money.zero);

/**
 * A budget is only reduced by what the line has realised; more is a förhandsreduktion, which
 * must be declared (`aheadOfRealisation` with a reason), never slip through.
 */
const requireHarvestRealised = (
  investment: Investment,
  benefitLineId: string,
  amount: Money,
  except: string | null,
): void => {
  const realised = realisedOf(investment, benefitLineId);
  const harvested = harvestedOf(investment, benefitLineId, except);
  if (harvested.plus(amount).gt(realised)) {
    refuse(
      'HARVEST_EXCEEDS_REALISED',
      `Line ${benefitLineId} has realised ${realised.toString()} and harvested ${harvested.toString()}; ` +
        `${amount.toString()} more would harvest what was not realised. Mark it aheadOfRealisation with a reason if the budget was reduced in advance.`,
      'rule',
      {
        benefitLineId,
        realised: realised.toString(),
        harvested: harvested.toString(),
        amount: amount.toString(),
      },
    );
  }
};

/**
 * A lowered report must not leave a budget cut standing on a saving that is no longer
 * reported: the line's harvests not marked ahead of realisation must stay within the realised
 * actual the correction leaves. Finance corrects or reverses the harvest first.
 */
const requireHarvestsStillRealised = (
  investment: Investment,
  report: EffectReport,
  value: string,
): void => {
  const standing = effectiveValue(report);
  const realised = realisedOf(investment, report.benefitLineId)
    .minus(Money.of(standing))
    .plus(Money.of(value));
  const harvested = investment.harvests
    .filter((h) => h.benefitLineId === report.benefitLineId && h.aheadOfRealisation !== true)
    .reduce((sum, h) => sum.plus(Money.of(currentHarvestAmount(investment, h))), Money.zero);
  if (!harvested.gt(realised)) return;
  refuse(
    'HARVEST_EXCEEDS_REALISED',
    `Line ${report.benefitLineId} has harvested ${harvested.toString()} as realised; the correction would leave ` +
      `${realised.toString()} realised. Correct or reverse the harvest first (or mark it ahead of realisation).`,
    'rule',
    {
      benefitLineId: report.benefitLineId,
      reportId: report.reportId,
      realised: realised.toString(),
      harvested: harvested.toString(),
    },
  );
};

/** Harvests go on after closing; only a financial line lowers a budget that can be withdrawn. */
const recordHarvest = (command: RecordHarvest, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const data: SavingsHarvestedData = {
    investmentId: investment.id,
    harvestId: command.harvestId,
    benefitLineId: command.benefitLineId,
    fiscalYear: command.fiscalYear,
    amount: command.amount.toString(),
    decisionRef: command.decisionRef,
    ...(command.aheadOfRealisation === true
      ? { aheadOfRealisation: true as const, reason: command.reason }
      : {}),
  };
  const earlier = investment.harvests.find((h) => h.harvestId === command.harvestId);
  if (earlier) {
    if (sameBody(data, earlier))
      return alreadyDone(
        (e) => e.type === 'SavingsHarvested' && e.data.harvestId === command.harvestId,
      );
    return refuse(
      'HARVEST_ALREADY_EXISTS',
      `Harvest ${command.harvestId} was recorded with other details.`,
    );
  }
  const current = requireCase(investment);
  const line = requireBenefitLine(current.case, command.benefitLineId);
  if (line.class !== 'financial') {
    return refuse(
      'HARVEST_NOT_FINANCIAL',
      `Line ${line.benefitLineId} is ${line.class}; only financial lines are harvested.`,
      'rule',
      {
        benefitLineId: line.benefitLineId,
        class: line.class,
      },
    );
  }
  requirePositive(command.amount, 'amount');
  if (
    !Number.isInteger(command.fiscalYear) ||
    command.fiscalYear < MIN_YEAR ||
    command.fiscalYear > MAX_YEAR
  ) {
    refuseInput('fiscalYear', `must be a whole number from ${MIN_YEAR} to ${MAX_YEAR}`);
  }
  requireText(command.decisionRef, 'decisionRef');
  requireFiscalYearInHorizon(command.fiscalYear, current.case);
  if (command.aheadOfRealisation === true) requireText(command.reason, 'reason');
  else requireHarvestRealised(investment, line.benefitLineId, command.amount, null);
  return emit({ type: 'SavingsHarvested', data });
};

/** A closing day before a cost that still counts would put that cost outside the investment's life. */
const requireAfterCosts = (investment: Investment, closedOn: IsoDate): void => {
  const latest = investment.costs
    .filter((c) => !lastChange(investment.costChanges, c.costId)?.reversed)
    .reduce<IsoDate | null>(
      (max, c) => (max === null || c.incurredOn > max ? c.incurredOn : max),
      null,
    );
  if (latest !== null && closedOn < latest) {
    refuse(
      'DATE_OUTSIDE_INVESTMENT_LIFE',
      `closedOn ${closedOn} lies before a cost incurred on ${latest}.`,
      'rule',
      { field: 'closedOn', date: closedOn, earliest: latest, latest: null },
    );
  }
};

const closeInvestment = (command: CloseInvestment, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const data: InvestmentClosedData = {
    investmentId: investment.id,
    closedOn: command.closedOn,
    reason: command.reason,
  };
  if (investment.closed && sameBody(data, { investmentId: investment.id, ...investment.closed })) {
    return alreadyDone((e) => e.type === 'InvestmentClosed');
  }
  requireOpen(investment, 'it cannot be closed again');
  requireText(command.reason, 'reason');
  requireWithinLife(investment, 'closedOn', command.closedOn, command.today);
  requireWithinFundLife('closedOn', command.closedOn, command.fundOpenedOn);
  requireAfterCosts(investment, command.closedOn);
  return emit({ type: 'InvestmentClosed', data });
};

// ---------------------------------------------------------------------------------------------
// Re-baselining and waivers: decisions of finance, each with its reason on record

/**
 * The same rule as the fund's first allocation: a version that raises running costs over its
 * horizon becomes the decision basis only on the board's recorded overrideRef, else
 * re-baselining would get around it.
 */
const requireRunningCostEffect = (investmentId: string, version: CaseVersion): void => {
  const effect = runningCostEffect(version.case).total;
  if (!effect.isNegative()) return;
  refuse(
    'NEGATIVE_RUNNING_COST_EFFECT',
    `investment ${investmentId}: case version ${version.version} raises running costs by ` +
      `${effect.negated().toString()} over its horizon; a re-baseline needs the board's overrideRef`,
    'rule',
    { investmentId, caseVersion: version.version, runningCostEffect: effect.toString() },
  );
};

/**
 * The board's new decision basis: the case version now current, approved by someone who did
 * not write it. Obligations already owed stay owed (they come from the first baseline on).
 */
const reviseBaseline = (command: ReviseBaseline, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const last = investment.baselineRevisions.at(-1);
  if (
    last &&
    sameBody(
      {
        caseVersion: last.caseVersion,
        reason: last.reason,
        decisionRef: last.decisionRef,
        overrideRef: last.overrideRef,
      },
      {
        caseVersion: command.caseVersion,
        reason: command.reason,
        decisionRef: command.decisionRef,
        overrideRef: command.overrideRef,
      },
    )
  ) {
    return alreadyDone(
      (e) => e.type === 'BaselineRevised' && e.data.caseVersion === last.caseVersion,
    );
  }
  requireOpen(investment, 'its baseline is final');
  const previous = investment.baselineCaseVersion;
  if (previous === null) {
    return refuse(
      'INVESTMENT_NOT_APPROVED',
      `Investment ${investment.id} has no baseline yet: the first allocation sets it.`,
    );
  }
  const version =
    investment.caseVersions.find((v) => v.version === command.caseVersion) ??
    refuse(
      'BENEFIT_CASE_VERSION_NOT_FOUND',
      `Investment ${investment.id} has no benefit-case version ${command.caseVersion}.`,
      'not-found',
    );
  const current = latestCaseVersion(investment);
  if (version.version !== current) {
    refuse(
      'BASELINE_VERSION_NOT_CURRENT',
      `A re-baseline adopts the current case version (${String(current)}), not version ${version.version}.`,
      'rule',
      { caseVersion: version.version, currentCaseVersion: current },
    );
  }
  if (version.version === previous) {
    refuse('BASELINE_UNCHANGED', `Version ${previous} already is the baseline.`, 'rule', {
      caseVersion: previous,
    });
  }
  if (version.documentedBy === command.actor.id) {
    refuse(
      'BASELINE_APPROVER_IS_AUTHOR',
      `${command.actor.id} documented version ${version.version}; someone else must approve it as the baseline.`,
      'rule',
      { caseVersion: version.version, author: version.documentedBy },
    );
  }
  requireText(command.reason, 'reason');
  requireText(command.decisionRef, 'decisionRef');
  if (command.overrideRef !== undefined) requireText(command.overrideRef, 'overrideRef');
  else requireRunningCostEffect(investment.id, version);
  const data: BaselineRevisedData = {
    investmentId: investment.id,
    caseVersion: version.version,
    previousCaseVersion: previous,
    reason: command.reason,
    decisionRef: command.decisionRef,
    approvedBy: command.actor.id,
    ...(command.overrideRef === undefined ? {} : { overrideRef: command.overrideRef }),
  };
  return emit({ type: 'BaselineRevised', data });
};

const requireOwed = (investment: Investment, benefitLineId: string, period: Period): Obligation => {
  if (investment.approvedCaseVersion === null) {
    return refuse(
      'INVESTMENT_NOT_APPROVED',
      `Investment ${investment.id} owes no follow-up before its first allocation.`,
    );
  }
  const owed = obligationsOfInvestment(investment).find(
    (o) => o.benefitLineId === benefitLineId && o.period === formatPeriod(period),
  );
  return (
    owed ??
    refuse(
      'OBLIGATION_NOT_OWED',
      `Line ${benefitLineId} owes no report for ${formatPeriod(period)}.`,
      'rule',
      { benefitLineId, period: formatPeriod(period) },
    )
  );
};

/** Finance releases one owed report or reading; the waiver shows wherever the obligation would. */
const waiveObligation = (command: WaiveObligation, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const parsed = parsePeriod(command.period);
  if (!parsed.ok) return refuseInput('period', parsed.message);
  const period = formatPeriod(parsed.period);
  const earlier = investment.waivers.find(
    (w) => w.benefitLineId === command.benefitLineId && w.period === period,
  );
  if (earlier) {
    if (earlier.reason === command.reason) {
      return alreadyDone(
        (e) =>
          e.type === 'ObligationWaived' &&
          e.data.benefitLineId === earlier.benefitLineId &&
          e.data.period === period,
      );
    }
    return refuse(
      'OBLIGATION_ALREADY_WAIVED',
      `Line ${command.benefitLineId} was already released from ${period}: ${earlier.reason}`,
      'rule',
      { benefitLineId: command.benefitLineId, period },
    );
  }
  requireOwed(investment, command.benefitLineId, parsed.period);
  const reported = investment.reports
    .filter((r) => r.benefitLineId === command.benefitLineId)
    .map((r) => periodOf(r.period));
  if (isCovered(parsed.period, reported)) {
    refuse(
      'OBLIGATION_ALREADY_MET',
      `Line ${command.benefitLineId} has been reported for ${period}; there is nothing to waive.`,
      'rule',
      { benefitLineId: command.benefitLineId, period },
    );
  }
  requireText(command.reason, 'reason');
  const data: ObligationWaivedData = {
    investmentId: investment.id,
    benefitLineId: command.benefitLineId,
    period,
    reason: command.reason,
    waivedBy: command.actor.id,
  };
  return emit({ type: 'ObligationWaived', data });
};

// ---------------------------------------------------------------------------------------------
// Corrections and reversals of costs and harvests: the entry stays, the change is a new fact.

const requireCost = (investment: Investment, costId: string): CostRecordedData =>
  investment.costs.find((c) => c.costId === costId) ??
  refuse('COST_NOT_FOUND', `Investment ${investment.id} has no cost ${costId}.`, 'not-found');

const requireHarvest = (investment: Investment, harvestId: string): SavingsHarvestedData =>
  investment.harvests.find((h) => h.harvestId === harvestId) ??
  refuse(
    'HARVEST_NOT_FOUND',
    `Investment ${investment.id} has no harvest ${harvestId}.`,
    'not-found',
  );

const refuseReversed = (code: 'COST_REVERSED' | 'HARVEST_REVERSED', id: string): never =>
  refuse(code, `${id} was reversed; record a new entry instead.`, 'rule', { id });

const requireChangedAmount = (current: string, amount: Money): void => {
  if (Money.of(current).equals(amount)) {
    refuse('AMOUNT_UNCHANGED', `The amount already is ${current}.`, 'rule', { amount: current });
  }
};

/** Corrections put an error right, so they are allowed after closing too (no new spend). */
const correctCost = (command: CorrectCost, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const cost = requireCost(investment, command.costId);
  if (lastChange(investment.costChanges, cost.costId)?.reversed) {
    return refuseReversed('COST_REVERSED', cost.costId);
  }
  requirePositive(command.amount, 'amount');
  requireText(command.reason, 'reason');
  const previousAmount = currentCostAmount(investment, cost);
  requireChangedAmount(previousAmount, command.amount);
  return emit({
    type: 'CostCorrected',
    data: {
      investmentId: investment.id,
      costId: cost.costId,
      correctionId: command.correctionId,
      amount: command.amount.toString(),
      previousAmount,
      reason: command.reason,
    },
  });
};

const reverseCost = (command: ReverseCost, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const cost = requireCost(investment, command.costId);
  const last = lastChange(investment.costChanges, cost.costId);
  if (last?.reversed) {
    if (last.reason === command.reason) {
      return alreadyDone((e) => e.type === 'CostReversed' && e.data.costId === cost.costId);
    }
    return refuseReversed('COST_REVERSED', cost.costId);
  }
  requireText(command.reason, 'reason');
  return emit({
    type: 'CostReversed',
    data: {
      investmentId: investment.id,
      costId: cost.costId,
      previousAmount: currentCostAmount(investment, cost),
      reason: command.reason,
    },
  });
};

/** A larger harvest must still be realised, unless the harvest was declared ahead of realisation. */
const correctHarvest = (command: CorrectHarvest, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const harvest = requireHarvest(investment, command.harvestId);
  if (lastChange(investment.harvestChanges, harvest.harvestId)?.reversed) {
    return refuseReversed('HARVEST_REVERSED', harvest.harvestId);
  }
  requirePositive(command.amount, 'amount');
  requireText(command.reason, 'reason');
  const previousAmount = currentHarvestAmount(investment, harvest);
  requireChangedAmount(previousAmount, command.amount);
  if (harvest.aheadOfRealisation !== true && command.amount.gt(Money.of(previousAmount))) {
    requireHarvestRealised(investment, harvest.benefitLineId, command.amount, harvest.harvestId);
  }
  return emit({
    type: 'HarvestCorrected',
    data: {
      investmentId: investment.id,
      harvestId: harvest.harvestId,
      correctionId: command.correctionId,
      benefitLineId: harvest.benefitLineId,
      amount: command.amount.toString(),
      previousAmount,
      reason: command.reason,
    },
  });
};

const reverseHarvest = (command: ReverseHarvest, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const harvest = requireHarvest(investment, command.harvestId);
  const last = lastChange(investment.harvestChanges, harvest.harvestId);
  if (last?.reversed) {
    if (last.reason === command.reason) {
      return alreadyDone(
        (e) => e.type === 'HarvestReversed' && e.data.harvestId === harvest.harvestId,
      );
    }
    return refuseReversed('HARVEST_REVERSED', harvest.harvestId);
  }
  requireText(command.reason, 'reason');
  return emit({
    type: 'HarvestReversed',
    data: {
      investmentId: investment.id,
      harvestId: harvest.harvestId,
      benefitLineId: harvest.benefitLineId,
      previousAmount: currentHarvestAmount(investment, harvest),
      reason: command.reason,
    },
  });
};

export const decide = (command: InvestmentCommand, state: InvestmentState): Decided => {
  switch (command.type) {
    case 'ProposeInvestment':
      return propose(command, state);
    case 'DocumentBenefitCase':
      return documentBenefitCase(command, state);
    case 'ChangeStage':
      return changeStage(command, state);
    case 'RecordFirstAllocation':
      return recordFirstAllocation(command, state);
    case 'RecordCost':
      return recordCost(command, state);
    case 'ReportEffect':
      return reportEffect(command, state);
    case 'CorrectEffectReport':
      return correctEffectReport(command, state);
    case 'RecordHarvest':
      return recordHarvest(command, state);
    case 'CloseInvestment':
      return closeInvestment(command, state);
    case 'ReviseBaseline':
      return reviseBaseline(command, state);
    case 'WaiveObligation':
      return waiveObligation(command, state);
    case 'CorrectCost':
      return correctCost(command, state);
    case 'ReverseCost':
      return reverseCost(command, state);
    case 'CorrectHarvest':
      return correctHarvest(command, state);
    case 'ReverseHarvest':
      return reverseHarvest(command, state);
    case 'ExplainDeviation':
      return explainDeviation(command, state);
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(exhaustive)}`);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Evolve

/** Only a proposal starts an investment; anything else before it means the stream is broken. */
const existing = (state: InvestmentState, event: InvestmentEvent): Investment => {
  if (!state.exists) throw new Error(`${event.type} for an investment that was never proposed`);
  return state;
};

const withCorrection = (
  investment: Investment,
  data: EffectReportCorrectedData,
  scope: FoldScope,
): Investment => {
  const correction = effectCorrectionOf(data);
  return {
    ...investment,
    reports: scope.replace(
      investment.reports,
      (r) => r.reportId === data.reportId,
      (r) => ({ ...r, corrections: [...r.corrections, correction] }),
    ),
  };
};

const amountChangeOf = (
  event: CostCorrected | CostReversed | HarvestCorrected | HarvestReversed,
): AmountChange => {
  switch (event.type) {
    case 'CostCorrected':
    case 'HarvestCorrected': {
      const { correctionId, amount, reason } = event.data;
      const entryId = event.type === 'CostCorrected' ? event.data.costId : event.data.harvestId;
      return { entryId, correctionId, amount, reason, reversed: false };
    }
    case 'CostReversed':
    case 'HarvestReversed': {
      const entryId = event.type === 'CostReversed' ? event.data.costId : event.data.harvestId;
      return {
        entryId,
        correctionId: null,
        amount: '0.00',
        reason: event.data.reason,
        reversed: true,
      };
    }
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown change ${JSON.stringify(exhaustive)}`);
    }
  }
};

/**
 * One event into the state. A fold over a whole stream that keeps only its last state (an
 * audit history) passes one FoldScope for all its steps, so the lists grow in place instead of
 * being copied per event (src/shared/fold-scope.ts); a state in between then shares lists
 * that later steps extend, so only the last one may be kept.
 */
export const evolveWithin = (
  state: InvestmentState,
  event: InvestmentEvent,
  scope: FoldScope,
): InvestmentState => {
  switch (event.type) {
    case 'InvestmentProposed': {
      if (state.exists) throw new Error(`investment ${state.id} was proposed twice`);
      const { investmentId, title, department, projectLead, need, proposedOn } = event.data;
      return {
        exists: true,
        id: investmentId,
        title,
        department,
        projectLead,
        need,
        proposedOn: proposedOn ?? null,
        stage: 'proposed',
        caseVersions: [],
        currentCase: null,
        baselineCaseVersion: null,
        approvedCaseVersion: null,
        baselineRevisions: [],
        waivers: [],
        firstAllocationId: null,
        lastStageChange: null,
        costs: [],
        reports: [],
        harvests: [],
        costChanges: [],
        harvestChanges: [],
        closed: null,
      };
    }
    case 'BenefitCaseDocumented': {
      const investment = existing(state, event);
      const { version, case: benefitCase, documentedBy } = event.data;
      const documented: CaseVersion =
        documentedBy === undefined
          ? { version, case: benefitCase }
          : { version, case: benefitCase, documentedBy };
      return {
        ...investment,
        caseVersions: scope.append(investment.caseVersions, documented),
        currentCase: benefitCase,
      };
    }
    case 'StageChanged':
      return { ...existing(state, event), stage: event.data.to, lastStageChange: event.data };
    case 'InvestmentApproved':
      return {
        ...existing(state, event),
        stage: 'approved',
        baselineCaseVersion: event.data.baselineCaseVersion,
        approvedCaseVersion: event.data.baselineCaseVersion,
        firstAllocationId: event.data.allocationId,
      };
    case 'CostRecorded': {
      const investment = existing(state, event);
      return { ...investment, costs: scope.append(investment.costs, event.data) };
    }
    case 'EffectReported': {
      const investment = existing(state, event);
      const { reportId, benefitLineId, period, value, evidence, caseVersion } = event.data;
      const report: EffectReport = {
        reportId,
        benefitLineId,
        period,
        value,
        evidence,
        caseVersion,
        corrections: [],
      };
      return { ...investment, reports: scope.append(investment.reports, report) };
    }
    case 'EffectReportCorrected':
      return withCorrection(existing(state, event), event.data, scope);
    case 'SavingsHarvested': {
      const investment = existing(state, event);
      return { ...investment, harvests: scope.append(investment.harvests, event.data) };
    }
    case 'InvestmentClosed':
      return {
        ...existing(state, event),
        stage: 'closed',
        closed: { closedOn: event.data.closedOn, reason: event.data.reason },
      };
    case 'BaselineRevised': {
      const investment = existing(state, event);
      return {
        ...investment,
        baselineCaseVersion: event.data.caseVersion,
        baselineRevisions: scope.append(investment.baselineRevisions, event.data),
      };
    }
    case 'ObligationWaived': {
      const investment = existing(state, event);
      return { ...investment, waivers: scope.append(investment.waivers, event.data) };
    }
    case 'CostCorrected':
    case 'CostReversed': {
      const investment = existing(state, event);
      return {
        ...investment,
        costChanges: scope.append(investment.costChanges, amountChangeOf(event)),
      };
    }
    case 'HarvestCorrected':
    case 'HarvestReversed': {
      const investment = existing(state, event);
      return {
        ...investment,
        harvestChanges: scope.append(investment.harvestChanges, amountChangeOf(event)),
      };
    }
    case 'DeviationExplained':
      return withExplanation(existing(state, event), event, scope);
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
    }
  }
};

/** Each call copies what it changes: the states the command handler keeps stay as they were. */
export const evolve = (state: InvestmentState, event: InvestmentEvent): InvestmentState =>
  evolveWithin(state, event, new FoldScope());

export const investmentDecider: Decider<InvestmentCommand, InvestmentEvent, InvestmentState> = {
  initialState: initialInvestmentState,
  decide,
  evolve,
};
