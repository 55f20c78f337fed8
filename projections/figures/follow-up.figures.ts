/**
 * Overdue follow-up (DOMAIN.md § Figures): an obligation (src/investment/obligations.ts: a
 * forecast period of a valued line, or a reading period of a qualitative line, from the
 * approved baseline and every later version, ending in the investment's life: owedFrom) whose
 * last day is more than `graceDays` (default 45) before today, which the line's reports do not
 * meet (obligations.ts isCovered: a valued line's month by month, a yearly obligation by one
 * report for the year or by reports for all of its quarters or months, counting only reports
 * made or confirmed after their period ended (settlesPeriod); a qualitative line's by a reading
 * lying within it), and which finance did not waive. Grouped by the line's owner,
 * who answers for it; waivers are listed beside, so the list shows every obligation that is not
 * simply met.
 */
import { formatPeriod, Period, periodEnd, periodOf } from '../../src/periods/period';
import { BenefitClass } from '../../src/investment/benefit-case';
import {
  Coverage,
  Obligation,
  coverageBy,
  lifeBeginsOn,
  obligationsOf,
  owedFrom,
} from '../../src/investment/obligations';
import {
  FollowUpEntry,
  FollowUpView,
  FollowUpWaiver,
  ReportedPeriod,
} from '../follow-up.projection';
import { addDays, daysBetween } from './dates';
import { PartOf, computeEach } from './parts';
import { compareText } from '../../src/shared/compare';
import { ownEntry } from '../../src/shared/own-entry';

export const DEFAULT_FOLLOW_UP_GRACE_DAYS = 45;

export interface OverdueReport {
  readonly investmentId: string;
  readonly title: string;
  readonly department: string;
  readonly projectLead: string;
  readonly benefitLineId: string;
  readonly description: string;
  readonly class: BenefitClass;
  readonly period: string;
  readonly periodEnd: string;
  /** The last day the report was still on time. */
  readonly dueOn: string;
  readonly daysOverdue: number;
  /** The forecast the report is owed for (SEK); null for a qualitative line's reading. */
  readonly forecast: string | null;
  /**
   * True when the period is reported, but only by a report made before the period ended (a
   * valued line's): it meets nothing until a correction made after the end confirms it.
   */
  readonly reportedBeforeEnd: boolean;
}

/** An obligation finance released: not overdue, but shown so the release stays visible. */
export interface WaivedObligation extends FollowUpWaiver {
  readonly investmentId: string;
  readonly title: string;
  readonly owner: string;
}

export interface OwnerFollowUp {
  readonly owner: string;
  readonly count: number;
  readonly overdue: readonly OverdueReport[];
}

export interface FollowUpFigures {
  readonly today: string;
  readonly graceDays: number;
  readonly total: number;
  readonly owners: readonly OwnerFollowUp[];
  /** Every waiver of an approved investment, oldest first. */
  readonly waived: readonly WaivedObligation[];
}

const isWaived = (entry: FollowUpEntry, benefitLineId: string, period: string): boolean =>
  entry.waivers.some((w) => w.benefitLineId === benefitLineId && w.period === period);

/** Per line, the periods its reports cover (a reading only one it lies within). */
const coverageByLine = (
  reported: readonly ReportedPeriod[],
  leaveOut: ReadonlySet<string> = new Set(),
): Map<string, Coverage> => {
  const byLine = new Map<string, Period[]>();
  for (const { benefitLineId, period } of reported) {
    if (leaveOut.has(reportedKey(benefitLineId, period))) continue;
    const periods = byLine.get(benefitLineId);
    if (periods) periods.push(periodOf(period));
    else byLine.set(benefitLineId, [periodOf(period)]);
  }
  return new Map([...byLine].map(([line, periods]) => [line, coverageBy(periods)]));
};

const reportedKey = (benefitLineId: string, period: string): string => `${benefitLineId}/${period}`;

/**
 * How an entry's reports meet its obligations: a valued line only by reports that settle their
 * period (obligations.ts settlesPeriod: made, or confirmed, after it ended), a qualitative line
 * by every reading (the model keeps no reading as unsettled); and whether an obligation not met
 * is reported all the same, before its period ended.
 */
const meetingOf = (
  entry: FollowUpEntry,
): ((obligation: Obligation) => 'met' | 'reported-before-end' | 'not-reported') => {
  const all = coverageByLine(entry.reported);
  const settled =
    entry.unsettled.length === 0
      ? all
      : coverageByLine(
          entry.reported,
          new Set(entry.unsettled.map((u) => reportedKey(u.benefitLineId, u.period))),
        );
  return (obligation) => {
    const period = periodOf(obligation.period);
    const covers = (coverage: Map<string, Coverage>): boolean =>
      coverage.get(obligation.benefitLineId)?.(period, obligation.class) === true;
    // `unsettled` holds valued lines' reports only: for a qualitative line `settled` is `all`.
    if (covers(settled)) return 'met';
    return covers(all) ? 'reported-before-end' : 'not-reported';
  };
};

/** The overdue obligations of an approved entry, given what it owes. */
const overdueOfEntry = (
  entry: FollowUpEntry,
  obligations: readonly Obligation[],
  today: string,
  graceDays: number,
): (OverdueReport & { owner: string })[] => {
  const meeting = meetingOf(entry);
  return obligations.flatMap((obligation) => {
    const period = periodOf(obligation.period);
    const end = periodEnd(period);
    const dueOn = addDays(end, graceDays);
    if (dueOn >= today) return [];
    const met = meeting(obligation);
    if (met === 'met') return [];
    if (isWaived(entry, obligation.benefitLineId, obligation.period)) return [];
    return [
      {
        owner: obligation.owner,
        investmentId: entry.investmentId,
        title: entry.title,
        department: entry.department,
        projectLead: entry.projectLead,
        benefitLineId: obligation.benefitLineId,
        description: obligation.description,
        class: obligation.class,
        period: formatPeriod(period),
        periodEnd: end,
        dueOn,
        daysOverdue: daysBetween(dueOn, today),
        forecast: obligation.forecast,
        reportedBeforeEnd: met === 'reported-before-end',
      },
    ];
  });
};

const waivedOfEntry = (
  entry: FollowUpEntry,
  obligations: readonly Obligation[],
): WaivedObligation[] => {
  const owners = new Map(obligations.map((o) => [`${o.benefitLineId}/${o.period}`, o.owner]));
  return entry.waivers.map((waiver) => ({
    investmentId: entry.investmentId,
    title: entry.title,
    owner: owners.get(`${waiver.benefitLineId}/${waiver.period}`) ?? entry.projectLead,
    ...waiver,
  }));
};

const byDue = (a: OverdueReport, b: OverdueReport): number =>
  a.dueOn !== b.dueOn
    ? a.dueOn < b.dueOn
      ? -1
      : 1
    : `${a.investmentId}/${a.benefitLineId}` < `${b.investmentId}/${b.benefitLineId}`
      ? -1
      : 1;

/** One investment's part of the follow-up: its overdue reports (with their owners) and waivers. */
export interface FollowUpPart {
  readonly overdue: readonly (OverdueReport & { readonly owner: string })[];
  readonly waived: readonly WaivedObligation[];
}

/** An investment's part (undefined: no entry, or not approved, so it owes nothing). */
export const followUpPart = (
  entry: FollowUpEntry | undefined,
  today: string,
  graceDays: number,
): FollowUpPart | undefined => {
  if (entry === undefined || !entry.approved) return undefined;
  // Working out what an entry owes is the costly part: once per entry, for both lists.
  const obligations = obligationsOf(entry.sources);
  // Nothing that ended before the life began is owed (the decider's filter: owedFrom). A
  // waiver of such a period recorded before the rule still shows, with its line's owner.
  const owed = obligations.filter(owedFrom(lifeBeginsOn(entry.proposedOn, entry.firstDecidedOn)));
  return {
    overdue: overdueOfEntry(entry, owed, today, graceDays),
    waived: waivedOfEntry(entry, obligations),
  };
};

/** Overdue reports of one investment (for its summary). */
export const overdueOf = (
  entry: FollowUpEntry,
  today: string,
  graceDays: number,
): OverdueReport[] =>
  (followUpPart(entry, today, graceDays)?.overdue ?? []).map(({ owner: _owner, ...item }) => item);

export const followUpFigures = (
  view: FollowUpView,
  today: string,
  graceDays: number,
  partOf: PartOf<FollowUpPart> = computeEach,
): FollowUpFigures => {
  const byOwner = new Map<string, OverdueReport[]>();
  const waived: WaivedObligation[] = [];
  for (const id of Object.keys(view.investments)) {
    const part = partOf(id, () => followUpPart(ownEntry(view.investments, id), today, graceDays));
    if (part === undefined) continue;
    for (const { owner, ...item } of part.overdue) {
      const owed = byOwner.get(owner);
      if (owed) owed.push(item);
      else byOwner.set(owner, [item]);
    }
    waived.push(...part.waived);
  }
  const owners = [...byOwner.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([owner, overdue]) => ({
      owner,
      count: overdue.length,
      overdue: [...overdue].sort(byDue),
    }));
  waived.sort((a, b) => (a.waivedAt < b.waivedAt ? -1 : a.waivedAt > b.waivedAt ? 1 : 0));
  return { today, graceDays, total: owners.reduce((n, o) => n + o.count, 0), owners, waived };
};
