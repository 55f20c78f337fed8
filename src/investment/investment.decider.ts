/**
 * The investment decider: pure. Time, ids and the actor arrive on commands; decide answers
 * events to append (or "already done" for a repeated command) and throws a DomainError when
 * a rule says no. The state is plain JSON, so it can be shown as it stood after any event.
 */
import { FoldScope } from '../../projections/fold-scope';
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
} from '../periods/period';
import { Decider, Decision, alreadyDone, append, canonicalJson } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import {
  BenefitCase,
  BenefitLine,
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
  CorrectEffectReport,
  DocumentBenefitCase,
  EffectValue,
  InvestmentCommand,
  ProposeInvestment,
  RecordCost,
  RecordFirstAllocation,
  RecordHarvest,
  ReportEffect,
} from './investment.commands';
import {
  CostRecordedData,
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
}

export interface EffectCorrection {
  readonly correctionId: string;
  readonly value: string;
  readonly reason: string;
  readonly evidence?: string;
  readonly caseVersion: number;
}

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
  readonly stage: Stage;
  /** Every documented version, oldest first. */
  readonly caseVersions: readonly CaseVersion[];
  /** The latest version: the current forecast, and the one new reports are judged against. */
  readonly currentCase: BenefitCase | null;
  /** The version in force at the first allocation: the baseline forecast. */
  readonly baselineCaseVersion: number | null;
  readonly firstAllocationId: string | null;
  readonly lastStageChange: StageChangedData | null;
  readonly costs: readonly CostRecordedData[];
  readonly reports: readonly EffectReport[];
  readonly harvests: readonly SavingsHarvestedData[];
  readonly closed: { readonly closedOn: IsoDate; readonly reason: string } | null;
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

export const INVESTMENT_ERROR_CODES = [
  'INVESTMENT_NOT_FOUND',
  'INVESTMENT_ALREADY_EXISTS',
  'INVESTMENT_CLOSED',
  'BENEFIT_CASE_INVALID',
  'BENEFIT_CASE_MISSING',
  'BENEFIT_CASE_VERSION_NOT_FOUND',
  'NO_BENEFIT_CASE',
  'STAGE_SET_BY_ALLOCATION',
  'STAGE_SET_BY_CLOSE',
  'STAGE_TRANSITION_NOT_ALLOWED',
  'COST_ALREADY_EXISTS',
  'COST_LINE_NOT_FOUND',
  'BENEFIT_LINE_NOT_FOUND',
  'PERIOD_OUTSIDE_HORIZON',
  'EFFECT_VALUE_INVALID',
  'EFFECT_ALREADY_REPORTED',
  'REPORT_ALREADY_EXISTS',
  'REPORT_NOT_FOUND',
  'CORRECTION_ALREADY_EXISTS',
  'HARVEST_ALREADY_EXISTS',
  'HARVEST_NOT_FINANCIAL',
  'INPUT_INVALID',
] as const;
export type InvestmentErrorCode = (typeof INVESTMENT_ERROR_CODES)[number];

const refuse = (
  code: InvestmentErrorCode,
  detail: string,
  kind: 'rule' | 'not-found' | 'invalid' = 'rule',
  extra: Record<string, unknown> = {},
): never => {
  throw new DomainError(code, detail, kind, extra);
};

/** A shaped field that still breaks a domain rule (a blank reason, a zero amount): a 400 with its path. */
const refuseInput = (path: string, message: string): never =>
  refuse('INPUT_INVALID', `${path} ${message}`, 'invalid', { errors: [{ path, message }] });

const requireText = (value: string | undefined, path: string): void => {
  if (value === undefined || value.trim() === '') refuseInput(path, 'must not be blank');
};

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
  const data: InvestmentProposedData = {
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
    if (sameBody(data, recorded)) return alreadyDone((e) => e.type === 'InvestmentProposed');
    return refuse(
      'INVESTMENT_ALREADY_EXISTS',
      `Investment ${command.investmentId} already exists with other details.`,
    );
  }
  requireText(command.title, 'title');
  requireText(command.department, 'department');
  requireText(command.projectLead, 'projectLead');
  requireText(command.need, 'need');
  return emit({ type: 'InvestmentProposed', data });
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
  return emit({
    type: 'BenefitCaseDocumented',
    data: { investmentId: investment.id, version: (current ?? 0) + 1, case: validation.value },
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
  return emit({ type: 'SavingsHarvested', data });
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
  return emit({ type: 'InvestmentClosed', data });
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
  const { correctionId, value, reason, evidence, caseVersion } = data;
  const correction: EffectCorrection = {
    correctionId,
    value,
    reason,
    ...(evidence === undefined ? {} : { evidence }),
    caseVersion,
  };
  return {
    ...investment,
    reports: scope.replace(
      investment.reports,
      (r) => r.reportId === data.reportId,
      (r) => ({ ...r, corrections: [...r.corrections, correction] }),
    ),
  };
};

/**
 * One event into the state. A fold over a whole stream that keeps only its last state (an
 * audit history) passes one FoldScope for all its steps, so the lists grow in place instead of
 * being copied per event (projections/fold-scope.ts); a state in between then shares lists
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
      const { investmentId, title, department, projectLead, need } = event.data;
      return {
        exists: true,
        id: investmentId,
        title,
        department,
        projectLead,
        need,
        stage: 'proposed',
        caseVersions: [],
        currentCase: null,
        baselineCaseVersion: null,
        firstAllocationId: null,
        lastStageChange: null,
        costs: [],
        reports: [],
        harvests: [],
        closed: null,
      };
    }
    case 'BenefitCaseDocumented': {
      const investment = existing(state, event);
      const { version, case: benefitCase } = event.data;
      return {
        ...investment,
        caseVersions: scope.append(investment.caseVersions, { version, case: benefitCase }),
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
