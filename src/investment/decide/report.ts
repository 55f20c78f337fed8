/** Reporting effects and correcting reports: one report per line and period, corrections as new facts. */
import {
  Grain,
  Period,
  contains,
  formatPeriod,
  horizonEndYear,
  isFinerOrEqual,
  isInHorizon,
  parsePeriod,
  periodEnd,
  periodOf,
  periodStart,
} from '../../periods/period';
import { BenefitCase, BenefitLine, caseHorizon, findBenefitLine, isValued } from '../benefit-case';
import { CorrectEffectReport, ReportEffect } from '../investment.commands';
import {
  EffectCorrection,
  EffectReportCorrectedData,
  EffectReportedData,
  IsoDate,
  PeriodText,
} from '../investment.events';
import { refuse, refuseInput, requireText } from '../investment.refusals';
import { requireEffectValue, valueAsRecorded } from './effect-values';
import {
  Decided,
  emit,
  lifeBegins,
  requireBenefitLine,
  requireCase,
  requireInvestment,
  repeatOrConflict,
} from './guards';
import {
  EffectReport,
  Investment,
  InvestmentState,
  obligationsOfInvestment,
} from './investment-state';
import { endsInLife, readingGrain } from '../obligations';
import { correctionOf, newReport, requireHarvestsStillRealised } from './realisation';
import { firstReportOverlapping, reportWithId } from './report-index';

/** Nothing can be reported of a period that has not begun (its first day is after today). */
export const requireStarted = (
  period: Period,
  today: IsoDate,
  doing: 'reported' | 'explained' = 'reported',
): void => {
  const starts = periodStart(period);
  if (starts > today) {
    refuse(
      'PERIOD_NOT_STARTED',
      `Period ${formatPeriod(period)} begins on ${starts}; it cannot be ${doing} on ${today}.`,
      'rule',
      { period: formatPeriod(period), startsOn: starts, today },
    );
  }
};

/**
 * Nothing was realised by an investment before it existed: a period that ended before its life
 * began (the proposal's day, or the earlier `decidedOn` of its first allocation) is refused,
 * report and correction alike. A first case version may start years earlier, and those years'
 * reports counted as realised and were compounded into the NPV. A period that began before the
 * life but ends in it is the life's first, and stays allowed.
 */
const requireEndsInLife = (
  investment: Investment,
  period: Period,
  firstDecidedOn: IsoDate | undefined,
): void => {
  const begins = lifeBegins(investment, firstDecidedOn);
  if (begins !== null && !endsInLife(period, begins)) {
    const endsOn = periodEnd(period);
    const text = formatPeriod(period);
    refuse(
      'EFFECT_PERIOD_BEFORE_LIFE',
      `Period ${text} ended on ${endsOn}, before the investment's life began on ${begins}: nothing was realised by it then.`,
      'rule',
      { period: text, endsOn, lifeBegins: begins },
    );
  }
};

/**
 * Whether judging a report (or a correction of one) of this period needs the first allocation's
 * `decidedOn` (ReportEffect.firstDecidedOn): only when the period ends before the proposal's
 * day (or the proposal has none) and before `known`, a first decision day already seen, if
 * any. The application looks it up only then, so an ordinary report does not wait for the
 * read models.
 */
export const needsFirstDecision = (
  state: InvestmentState,
  periodText: PeriodText | undefined,
  known?: IsoDate,
): boolean => {
  if (!state.exists || periodText === undefined) return false;
  const parsed = parsePeriod(periodText);
  if (!parsed.ok) return false;
  const endsOn = periodEnd(parsed.period);
  if (known !== undefined && endsOn >= known) return false;
  return state.proposedOn === null || endsOn < state.proposedOn;
};

/** The period of a report, for the application's look-up before a correction (needsFirstDecision). */
export const reportedPeriod = (state: InvestmentState, reportId: string): PeriodText | undefined =>
  state.exists ? reportWithId(state.reports, reportId)?.period : undefined;

/**
 * The finest grain a qualitative line is read at, with the frequency that names it: over the
 * version the first allocation approved and every later one (as its follow-up is owed), or the
 * current version before approval.
 */
const finestReading = (
  investment: Investment,
  line: BenefitLine,
): { grain: Grain; frequency: string } => {
  const approved = investment.approvedCaseVersion;
  let finest = {
    grain: readingGrain(line.indicator.frequency),
    frequency: line.indicator.frequency,
  };
  if (approved === null) return finest;
  for (const version of investment.caseVersions) {
    if (version.version < approved) continue;
    const named = findBenefitLine(version.case, line.benefitLineId);
    if (named === undefined) continue;
    const grain = readingGrain(named.indicator.frequency);
    if (grain !== finest.grain && isFinerOrEqual(grain, finest.grain)) {
      finest = { grain, frequency: named.indicator.frequency };
    }
  }
  return finest;
};

/**
 * A qualitative reading is a measurement at one time: one for a year meets no month of a line
 * read monthly (obligations.ts coverageBy), and overlapping them it would keep every one of
 * them from being reported. So a reading may be no coarser than the line is read at.
 */
const requireReadingGrain = (investment: Investment, line: BenefitLine, period: Period): void => {
  if (isValued(line.class)) return;
  const { grain, frequency } = finestReading(investment, line);
  if (isFinerOrEqual(period.grain, grain)) return;
  const text = formatPeriod(period);
  refuse(
    'READING_COARSER_THAN_FREQUENCY',
    `Line ${line.benefitLineId} is read ${frequency} (a reading per ${grain}): a reading for ${text} would meet none ` +
      `of its ${grain}s and keep them from being reported; report each ${grain} instead.`,
    'rule',
    { benefitLineId: line.benefitLineId, period: text, frequency, grain },
  );
};

/** A benefit line as one case version has it. */
export interface LineVersion {
  readonly case: BenefitCase;
  readonly version: number;
  readonly line: BenefitLine;
}

/**
 * The version a report of a line (or a correction of one) is judged against, and its owner
 * answers for it: the current case's when it has the line. Follow-up obligations never shrink
 * (obligations.ts): a line the approved version or a later one had stays owed for each of its
 * periods after a later version leaves it out, so its reports must still be taken, or no one
 * could meet what the follow-up lists as overdue (only a waiver would clear it). Such a line
 * is judged against the latest version from the approved one on that has it (its class and
 * unit, its horizon, its owner: the one `Obligation.owner` names). Before approval, or for a
 * line only versions before the approved one had, nothing is owed: undefined. The access
 * rules (investment.access.ts) and deviation explanations find the line the same way.
 */
export const versionToReport = (
  investment: Investment,
  benefitLineId: string,
): LineVersion | undefined => {
  const current = investment.caseVersions.at(-1);
  if (current === undefined) return undefined;
  const inCurrent = findBenefitLine(current.case, benefitLineId);
  if (inCurrent !== undefined) {
    return { case: current.case, version: current.version, line: inCurrent };
  }
  const approved = investment.approvedCaseVersion;
  if (approved === null) return undefined;
  // Versions are kept in the order documented: the latest holding the line is the first found
  // from the end.
  for (let i = investment.caseVersions.length - 1; i >= 0; i -= 1) {
    const { version, case: benefitCase } = investment.caseVersions[i];
    if (version < approved) return undefined;
    const line = findBenefitLine(benefitCase, benefitLineId);
    if (line !== undefined) return { case: benefitCase, version, line };
  }
  return undefined;
};

/**
 * The line a report (or a correction of one) is judged against, with its case and version
 * (versionToReport, which records that version: valueAsRecorded reads repeats against it):
 * 409 NO_BENEFIT_CASE without a case, 404 BENEFIT_LINE_NOT_FOUND for a line no version owes.
 */
export const lineToReport = (investment: Investment, benefitLineId: string): LineVersion => {
  const current = requireCase(investment);
  return (
    versionToReport(investment, benefitLineId) ?? {
      ...current,
      line: requireBenefitLine(current.case, benefitLineId),
    }
  );
};

/**
 * Whether a period is owed for the line (obligationsOfInvestment): one of its owed periods or
 * a period inside one (a quarter of an owed year). Owed periods do not shrink with a version's
 * horizon, so they outlast it.
 */
const isOwed = (investment: Investment, benefitLineId: string, period: Period): boolean =>
  obligationsOfInvestment(investment).some(
    (o) => o.benefitLineId === benefitLineId && contains(periodOf(o.period), period),
  );

/**
 * A report's period lies within the horizon of the version it is judged against, or is owed
 * for the line: a later version with a shorter horizon (or the version a line left out was
 * last in) does not release what an earlier one from the approved one on owes, so its report
 * must still be taken. A period neither holds is refused.
 */
const requireInHorizonOrOwed = (
  periodText: PeriodText,
  investment: Investment,
  judged: LineVersion,
): Period => {
  const parsed = parsePeriod(periodText);
  if (!parsed.ok) return refuseInput('period', parsed.message);
  const horizon = caseHorizon(judged.case);
  if (
    !isInHorizon(parsed.period, horizon) &&
    !isOwed(investment, judged.line.benefitLineId, parsed.period)
  ) {
    return refuse(
      'PERIOD_OUTSIDE_HORIZON',
      `Period ${periodText} lies outside the benefit case's horizon ${horizon.startYear}–${horizonEndYear(horizon)}, ` +
        `and line ${judged.line.benefitLineId} owes no report for it.`,
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
  const earlier = firstReportOverlapping(investment.reports, benefitLineId, period);
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
  return repeatOrConflict(
    asked,
    recorded,
    (e) => e.type === 'EffectReported' && e.data.reportId === command.reportId,
    'REPORT_ALREADY_EXISTS',
    `Report ${command.reportId} was made with other details.`,
  );
};

/**
 * Reports go on after closing: benefits come after projects end. A report of a financial line
 * is held to the harvests as a correction is (realisation.ts requireHarvestsStillRealised).
 */
export const reportEffect = (command: ReportEffect, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const earlier = reportWithId(investment.reports, command.reportId);
  if (earlier) return repeatOfReport(command, investment, earlier);
  const judged = lineToReport(investment, command.benefitLineId);
  const { line } = judged;
  const period = requireInHorizonOrOwed(command.period, investment, judged);
  requireStarted(period, command.today);
  requireEndsInLife(investment, period, command.firstDecidedOn);
  requireReadingGrain(investment, line, period);
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
    caseVersion: judged.version,
    reportedOn: command.today,
  };
  // A new report of a loss lowers the realised actual to date as a lowered report does.
  if (line.class === 'financial') {
    requireHarvestsStillRealised(investment, newReport(data), command.today);
  }
  return emit({ type: 'EffectReported', data });
};

const findCorrection = (
  investment: Investment,
  correctionId: string,
): { report: EffectReport; correction: EffectCorrection } | undefined => {
  const { reports } = investment;
  for (let i = 0; i < reports.length; i += 1) {
    const { corrections } = reports[i];
    for (let j = 0; j < corrections.length; j += 1) {
      if (corrections[j].correctionId === correctionId) {
        return { report: reports[i], correction: corrections[j] };
      }
    }
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
  return repeatOrConflict(
    asked,
    recorded,
    (e) => e.type === 'EffectReportCorrected' && e.data.correctionId === command.correctionId,
    'CORRECTION_ALREADY_EXISTS',
    `Correction ${command.correctionId} was made with other details.`,
  );
};

/**
 * A correction is judged against the version a new report of its line would be (lineToReport):
 * the current case, or, for a line it left out that is still owed, the latest version that has it.
 */
export const correctEffectReport = (
  command: CorrectEffectReport,
  state: InvestmentState,
): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const earlier = findCorrection(investment, command.correctionId);
  if (earlier) return repeatOfCorrection(command, investment, earlier);
  const report =
    reportWithId(investment.reports, command.reportId) ??
    refuse(
      'REPORT_NOT_FOUND',
      `Investment ${investment.id} has no report ${command.reportId}.`,
      'not-found',
    );
  const reported = parsePeriod(report.period);
  if (reported.ok) requireEndsInLife(investment, reported.period, command.firstDecidedOn);
  const judged = lineToReport(investment, report.benefitLineId);
  const { line } = judged;
  const value = requireEffectValue(command.value, line);
  requireText(command.reason, 'reason');
  if (command.evidence !== undefined) requireText(command.evidence, 'evidence');
  if (line.class === 'financial') {
    requireHarvestsStillRealised(investment, correctionOf(report, value), command.today);
  }
  const data: EffectReportCorrectedData = {
    investmentId: investment.id,
    correctionId: command.correctionId,
    reportId: report.reportId,
    benefitLineId: report.benefitLineId,
    period: report.period,
    value,
    reason: command.reason,
    ...(command.evidence === undefined ? {} : { evidence: command.evidence }),
    caseVersion: judged.version,
    correctedOn: command.today,
  };
  return emit({ type: 'EffectReportCorrected', data });
};
