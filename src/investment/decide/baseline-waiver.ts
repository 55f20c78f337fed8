/** Re-baselining and waivers: decisions of finance, each with its reason on record. */
import { Period, formatPeriod, parsePeriod, periodEnd, periodOf } from '../../periods/period';
import { alreadyDone } from '../../shared/decider';
import { ReviseBaseline, WaiveObligation } from '../investment.commands';
import { BaselineRevisedData, IsoDate, ObligationWaivedData } from '../investment.events';
import { refuse, refuseInput, requireText } from '../investment.refusals';
import { Obligation, isCovered, reportSettles } from '../obligations';
import { runningCostEffect } from '../running-cost-effect';
import { answerableAs } from './answerable';
import { Decided, emit, lifeBegins, requireInvestment, requireOpen, sameBody } from './guards';
import { describeRewrite, pastRewrites } from './rebaseline-past';
import {
  CaseVersion,
  Investment,
  InvestmentState,
  latestCaseVersion,
  obligationsOfInvestment,
  owedObligations,
} from './investment-state';

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

/** The most rewrites a refusal lists (in its detail, and in full up to this many in its body). */
const MAX_REWRITES_LISTED = 20;
const MAX_REWRITES_IN_DETAIL = 3;

/**
 * The new baseline may change only what is still to come (rebaseline-past.ts). Owed: what the
 * investment owes within its life (owedObligations, with the first allocation's decidedOn the
 * application looked up), as the follow-up lists it.
 */
const requirePastKept = (
  investment: Investment,
  previous: CaseVersion,
  version: CaseVersion,
  command: ReviseBaseline,
): void => {
  const { today } = command;
  const rewrites = pastRewrites(
    previous.case,
    version.case,
    owedObligations(investment, command.firstDecidedOn),
    today,
    investment,
  );
  if (rewrites.length === 0) return;
  const named = rewrites.slice(0, MAX_REWRITES_IN_DETAIL).map(describeRewrite).join('; ');
  const more =
    rewrites.length > MAX_REWRITES_IN_DETAIL
      ? ` and ${rewrites.length - MAX_REWRITES_IN_DETAIL} more`
      : '';
  refuse(
    'BASELINE_REWRITES_PAST',
    `A re-baseline decides on what is still to come: version ${version.version} changes what was ` +
      `already due by ${today} in baseline version ${previous.version}: ${named}${more}. ` +
      `Document a version that keeps those as they were.`,
    'rule',
    {
      caseVersion: version.version,
      baselineCaseVersion: previous.version,
      today,
      rewrites: rewrites.slice(0, MAX_REWRITES_LISTED),
      rewriteCount: rewrites.length,
    },
  );
};

/**
 * Four eyes on the decision basis, as on a waiver: the baseline is what delivery is measured
 * against, so no one answerable for the delivery adopts it, even holding finance: the
 * investment's project lead, or an owner (in any version) of a benefit line of the baseline
 * replaced or of the version adopted.
 */
const requireNotAnswerable = (
  investment: Investment,
  previous: CaseVersion | undefined,
  version: CaseVersion,
  actorId: string,
): void => {
  const lineIds = [...(previous?.case.benefits ?? []), ...version.case.benefits].map(
    (line) => line.benefitLineId,
  );
  const as = answerableAs(investment, actorId, lineIds);
  if (as === null) return;
  refuse(
    'BASELINE_BY_RESPONSIBLE',
    `${actorId} is the ${as} answerable for investment ${investment.id}'s delivery; someone else ` +
      `in finance must adopt version ${version.version} as its baseline.`,
    'rule',
    { caseVersion: version.version, responsible: actorId, as },
  );
};

/**
 * The board's new decision basis: the case version now current, approved by someone who did
 * not write it. Obligations already owed stay owed (they come from the first baseline on).
 */
export const reviseBaseline = (command: ReviseBaseline, state: InvestmentState): Decided => {
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
  const replaced = investment.caseVersions.find((v) => v.version === previous);
  requireNotAnswerable(investment, replaced, version, command.actor.id);
  if (replaced) requirePastKept(investment, replaced, version, command);
  if (command.overrideRef === undefined) requireRunningCostEffect(investment.id, version);
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

/**
 * The obligation a waiver releases: one the investment owes (owedObligations). A period the
 * case versions name that ended before the investment's life began is owed nothing (it cannot
 * be reported: EFFECT_PERIOD_BEFORE_LIFE), so there is nothing to release; the refusal says
 * when the period ended and when the life began.
 */
const requireOwed = (
  investment: Investment,
  benefitLineId: string,
  period: Period,
  firstDecidedOn: IsoDate | undefined,
): Obligation => {
  if (investment.approvedCaseVersion === null) {
    return refuse(
      'INVESTMENT_NOT_APPROVED',
      `Investment ${investment.id} owes no follow-up before its first allocation.`,
    );
  }
  const text = formatPeriod(period);
  const named = (o: Obligation): boolean => o.benefitLineId === benefitLineId && o.period === text;
  const owed = owedObligations(investment, firstDecidedOn).find(named);
  if (owed) return owed;
  const begins = lifeBegins(investment, firstDecidedOn);
  const endsOn = periodEnd(period);
  // The versions ask it, but it ended before the life began.
  if (begins !== null && obligationsOfInvestment(investment).some(named)) {
    return refuse(
      'OBLIGATION_NOT_OWED',
      `Line ${benefitLineId} owes no report for ${text}: it ended on ${endsOn}, ` +
        `before the investment's life began on ${begins}.`,
      'rule',
      { benefitLineId, period: text, endsOn, lifeBegins: begins },
    );
  }
  return refuse(
    'OBLIGATION_NOT_OWED',
    `Line ${benefitLineId} owes no report for ${text}.`,
    'rule',
    {
      benefitLineId,
      period: text,
    },
  );
};

/**
 * Four eyes on a waiver, as on a re-baseline: a waiver releases someone from follow-up, so it
 * may not come from the one it releases. Whoever answers or has answered for the obligation,
 * the investment's project lead or an owner of the line in any version, is refused even when
 * they also hold the finance role; finance with no part in it must decide.
 */
const requireNotResponsible = (
  investment: Investment,
  obligation: Obligation,
  actorId: string,
): void => {
  const as = answerableAs(investment, actorId, [obligation.benefitLineId]);
  if (as === null) return;
  refuse(
    'WAIVER_BY_RESPONSIBLE',
    `${actorId} is the ${as} answerable for line ${obligation.benefitLineId} in ` +
      `${obligation.period}; someone else in finance must decide to waive it.`,
    'rule',
    {
      benefitLineId: obligation.benefitLineId,
      period: obligation.period,
      responsible: actorId,
      as,
    },
  );
};

/** Finance releases one owed report or reading; the waiver shows wherever the obligation would. */
export const waiveObligation = (command: WaiveObligation, state: InvestmentState): Decided => {
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
  const obligation = requireOwed(
    investment,
    command.benefitLineId,
    parsed.period,
    command.firstDecidedOn,
  );
  requireNotResponsible(investment, obligation, command.actor.id);
  // Only reports that settle their period meet it (a valued line's made before its period
  // ended does not): the follow-up lists the period overdue, and it may be released.
  const reported = investment.reports
    .filter((r) => r.benefitLineId === command.benefitLineId && reportSettles(r, obligation.class))
    .map((r) => periodOf(r.period));
  if (isCovered(parsed.period, reported, obligation.class)) {
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
