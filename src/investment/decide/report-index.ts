/**
 * An investment's effect reports found by id, and by line and month, without walking them
 * all. Every report command asked both of the whole list (a repeat? a period already
 * reported?), so each cost grew with the history: an investment reported monthly on ten lines
 * for forty years holds 4,800 reports, and at a few hundred the walks were the largest part of
 * an effect report's command.
 *
 * The index is kept beside the state, never in it (the state stays plain JSON), keyed by the
 * reports list it was built for. It holds positions in that list and reads the items there
 * when asked, so a report replaced by its correction (same id, line and period) is read as it
 * now stands. A list grown in place (a fold with one FoldScope) is caught up on the next
 * question; a list the decider's evolve copied takes over its predecessor's index
 * (carryReportIndex) when the copy holds the same reports at the same positions (one appended,
 * or one corrected). Anything else is indexed afresh when first asked about.
 *
 * The two halves are caught up apart: a question by id never reads a period, so one report
 * whose recorded period is not a period (a bad fact an audit history shows on its own event)
 * does not keep its reports from being found by id.
 */
import { Period, monthRun, periodOf } from '../../periods/period';
import { ListChanges } from '../../shared/fold-scope';
import { EffectReport } from './investment-state';

interface ReportIndex {
  /** How many of the list's reports are in byId (the first `ids`). */
  ids: number;
  /** Report id → position of the first report with it. */
  readonly byId: Map<string, number>;
  /** How many of the list's reports are in byLineMonth (the first `months`). */
  months: number;
  /** Line → month index (period.ts monthRun) → position of the first report covering it. */
  readonly byLineMonth: Map<string, Map<number, number>>;
}

type Reports = readonly EffectReport[];

const indexes = new WeakMap<Reports, ReportIndex>();

const addMonths = (index: ReportIndex, report: EffectReport, position: number): void => {
  let months = index.byLineMonth.get(report.benefitLineId);
  if (months === undefined) {
    months = new Map();
    index.byLineMonth.set(report.benefitLineId, months);
  }
  const { first, end } = monthRun(periodOf(report.period));
  for (let month = first; month < end; month += 1) {
    if (!months.has(month)) months.set(month, position);
  }
};

const fresh = (reports: Reports): ReportIndex => {
  const index: ReportIndex = { ids: 0, byId: new Map(), months: 0, byLineMonth: new Map() };
  indexes.set(reports, index);
  return index;
};

/** The list's index, as far as it has been caught up. */
const indexOf = (reports: Reports): ReportIndex => {
  const index = indexes.get(reports);
  // Lists only grow: a shorter one than was indexed is not the list the index was built for.
  return index === undefined || Math.max(index.ids, index.months) > reports.length
    ? fresh(reports)
    : index;
};

/** The list's index with every report it holds now in byId. */
const idsOf = (reports: Reports): ReportIndex => {
  const index = indexOf(reports);
  for (; index.ids < reports.length; index.ids += 1) {
    const { reportId } = reports[index.ids];
    if (!index.byId.has(reportId)) index.byId.set(reportId, index.ids);
  }
  return index;
};

/** The list's index with every report it holds now in byLineMonth. */
const monthsOf = (reports: Reports): ReportIndex => {
  const index = indexOf(reports);
  for (; index.months < reports.length; index.months += 1) {
    addMonths(index, reports[index.months], index.months);
  }
  return index;
};

/** The report with this id, if any (the first, as a walk from the oldest finds it). */
export const reportWithId = (reports: Reports, reportId: string): EffectReport | undefined => {
  const position = idsOf(reports).byId.get(reportId);
  return position === undefined ? undefined : reports[position];
};

/** The first report (in list order) of the line whose period shares a month with `period`. */
export const firstReportOverlapping = (
  reports: Reports,
  benefitLineId: string,
  period: Period,
): EffectReport | undefined => {
  const months = monthsOf(reports).byLineMonth.get(benefitLineId);
  if (months === undefined) return undefined;
  const { first, end } = monthRun(period);
  let earliest: number | undefined;
  for (let month = first; month < end; month += 1) {
    const position = months.get(month);
    if (position !== undefined && (earliest === undefined || position < earliest)) {
      earliest = position;
    }
  }
  return earliest === undefined ? undefined : reports[earliest];
};

/** Whether the report now at a position is one the index may keep there: the same id, line and period. */
const samePlace = (was: EffectReport, now: EffectReport): boolean =>
  now === was ||
  (now.reportId === was.reportId &&
    now.benefitLineId === was.benefitLineId &&
    now.period === was.period);

/**
 * Whether `after` holds every report of `before` at the same position (the same report, or a
 * correction of it), perhaps with more after them. With what the fold's scope logged of the
 * copy (`known`: the decider's evolve tracks its one event), only the reports it replaced are
 * looked at; without, every position is compared (references, mostly).
 */
const keepsPositions = (before: Reports, after: Reports, known?: ListChanges): boolean => {
  if (after.length < before.length) return false;
  if (known !== undefined && known.lengthBefore === before.length) {
    return known.replaced.every((i) => samePlace(before[i], after[i]));
  }
  for (let i = 0; i < before.length; i += 1) {
    if (!samePlace(before[i], after[i])) return false;
  }
  return true;
};

/**
 * Hands `before`'s index to `after` when `after` keeps `before`'s reports at their positions
 * (a copy with one appended, or with one replaced by its correction); otherwise `after` is
 * indexed when first asked about. `before` keeps no index then: if it is asked about again (a
 * command decided again on an older state), it is indexed afresh. `known`: what the scope that
 * made `after` from `before` logged of it (FoldScope.listChanges), if it knows.
 */
export const carryReportIndex = (before: Reports, after: Reports, known?: ListChanges): void => {
  if (before === after) return;
  const index = indexes.get(before);
  // Either half may lag behind `before` (asked by id only, say): it catches up on `after`,
  // whose reports up to there are `before`'s at the same positions.
  if (index === undefined) return;
  if (!keepsPositions(before, after, known)) return;
  indexes.delete(before);
  indexes.set(after, index);
};
