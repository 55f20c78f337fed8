/**
 * Overdue effect reports (DOMAIN.md § Figures): a forecast period of a valued line whose
 * last day is more than `graceDays` (default 45) before today, and which the line's reports
 * do not cover month by month (a yearly forecast is covered by one report for the year, or
 * by reports for all of its quarters or months). Grouped by the line's owner, who answers
 * for it. Periods are calendar periods in UTC dates.
 */
import {
  Period,
  formatPeriod,
  periodEnd,
  periodOf,
  subPeriods,
  contains,
} from '../../src/periods/period';
import { BenefitClass } from '../../src/investment/benefit-case';
import { FollowUpEntry, FollowUpView } from '../follow-up.projection';
import { addDays, daysBetween } from './dates';

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
  readonly forecast: string;
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
}

const isCovered = (period: Period, reported: readonly Period[]): boolean =>
  subPeriods(period, 'month').every((month) => reported.some((r) => contains(r, month)));

const overdueOfEntry = (
  entry: FollowUpEntry,
  today: string,
  graceDays: number,
): (OverdueReport & { owner: string })[] =>
  entry.lines.flatMap((line) => {
    const reported = (entry.reported[line.benefitLineId] ?? []).map(periodOf);
    return line.forecast.flatMap((forecast) => {
      const period = periodOf(forecast.period);
      const end = periodEnd(period);
      const dueOn = addDays(end, graceDays);
      if (dueOn >= today || isCovered(period, reported)) return [];
      return [
        {
          owner: line.owner,
          investmentId: entry.investmentId,
          title: entry.title,
          department: entry.department,
          projectLead: entry.projectLead,
          benefitLineId: line.benefitLineId,
          description: line.description,
          class: line.class,
          period: formatPeriod(period),
          periodEnd: end,
          dueOn,
          daysOverdue: daysBetween(dueOn, today),
          forecast: forecast.amount,
        },
      ];
    });
  });

const byDue = (a: OverdueReport, b: OverdueReport): number =>
  a.dueOn !== b.dueOn
    ? a.dueOn < b.dueOn
      ? -1
      : 1
    : `${a.investmentId}/${a.benefitLineId}` < `${b.investmentId}/${b.benefitLineId}`
      ? -1
      : 1;

/** Overdue reports of one investment (for its summary). */
export const overdueOf = (
  entry: FollowUpEntry,
  today: string,
  graceDays: number,
): OverdueReport[] =>
  entry.approved
    ? overdueOfEntry(entry, today, graceDays).map(({ owner: _owner, ...item }) => item)
    : [];

export const followUpFigures = (
  view: FollowUpView,
  today: string,
  graceDays: number,
): FollowUpFigures => {
  const byOwner = new Map<string, OverdueReport[]>();
  for (const entry of Object.values(view.investments)) {
    if (!entry.approved) continue;
    for (const { owner, ...item } of overdueOfEntry(entry, today, graceDays)) {
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), item]);
    }
  }
  const owners = [...byOwner.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([owner, overdue]) => ({
      owner,
      count: overdue.length,
      overdue: [...overdue].sort(byDue),
    }));
  return { today, graceDays, total: owners.reduce((n, o) => n + o.count, 0), owners };
};
