/** Reporting effects and correcting reports: one report per line and period, corrections as new facts. */
import {
  Period,
  formatPeriod,
  horizonEndYear,
  isInHorizon,
  parsePeriod,
  periodStart,
} from '../../periods/period';
import { BenefitCase, caseHorizon } from '../benefit-case';
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
  requireBenefitLine,
  requireCase,
  requireInvestment,
  repeatOrConflict,
} from './guards';
import { EffectReport, Investment, InvestmentState } from './investment-state';
import { requireHarvestsStillRealised } from './realisation';
import { firstReportOverlapping, reportWithId } from './report-index';

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

/** Reports go on after closing: benefits come after projects end. */
export const reportEffect = (command: ReportEffect, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const earlier = reportWithId(investment.reports, command.reportId);
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

/** A correction is judged against the current case: its line must still be there to know its class. */
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
