/**
 * Read side of investments, from the read models: who, what, stage, money and the facts
 * behind them (investment-summary), with the figures to date — forecast, actual,
 * realisation ratio, indicator status (forecast-vs-actual) and overdue effect reports
 * (follow-up) — measured at the service clock's day or at the as-of moment.
 */
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { setEtag } from '../shared/etag';
import {
  answeredAt,
  ReadModels,
  ReadModelsAt,
  ReadQuery,
} from '../projections/read-models.service';
import { compareText } from '../shared/compare';
import { investmentNotFound } from './investment.refusals';
import { FollowUpPart, followUpPart } from '../../projections/figures/follow-up.figures';
import { knownOr, OnDay } from '../../projections/figures/days';
import {
  FigureOptions,
  ToDateSummary,
  dayless,
  toDateSummary,
} from '../../projections/figures/forecast-vs-actual.figures';
import {
  InvestmentSummary,
  SummaryAnswer,
  summaryAnswer,
} from '../../projections/investment-summary.projection';
import { Stage } from './investment.events';
import {
  derivedOf,
  derivedOnDay,
  derivedQuestion,
  documentWithout,
  keptDerived,
  Outline,
  outlineOf,
  valuesOfEach,
} from '../projections/lazy-views';
import { invalidInput } from '../shared/problem';
import {
  FIGURE_SORTS,
  ListOrdering,
  Sortable,
  VALUE_SORTS,
  isOverspent,
  matchesSearch,
  sortItems,
  sortedDepartments,
} from './list-order';
import { earliestDay, latestDay } from '../periods/stockholm-day';
import { ownEntry } from '../shared/own-entry';
import { cursorFor, firstAfter, isCursorText, nextAfter } from './list-cursor';

export interface InvestmentView extends SummaryAnswer, ToDateSummary {
  readonly asOf: string | null;
  /** The last ledger position the answer includes. */
  readonly position: string;
  /** The day "to date" and "overdue" were measured at. */
  readonly today: string;
  readonly overdueCount: number;
}

/**
 * The facts that pile up with an investment's follow-up: its benefit case (every line's
 * forecast), costs, effect reports and their corrections, harvests and their changes. The list
 * leaves them out and counts them: one investment's page gives them, and a list of every
 * investment with every fact grew with the ledger (197 MB and 13.6 s for the 4,902 investments
 * of the 1M-event bench ledger). Allocations and baseline revisions, a few decisions each, stay
 * in the list.
 */
export const FACT_LISTS = [
  'benefitCase',
  'costs',
  'effectReports',
  'effectCorrections',
  'harvests',
  'costChanges',
  'harvestChanges',
] as const;
type FactList = (typeof FACT_LISTS)[number];

/** What the list reads of a summary: everything but the fact lists, which it counts. */
const OUTLINE_QUESTION = derivedQuestion('outline', FACT_LISTS);
const WITHOUT_QUESTION = derivedQuestion('without', FACT_LISTS);

/** The figures to date of an investment without a benefit track. */
const NO_FIGURES_TO_DATE: ToDateSummary = {
  forecastToDate: null,
  currentForecastToDate: null,
  actualToDate: null,
  varianceToDate: null,
  realisationRatio: null,
  forecastDriftToDate: null,
  deliveryGapToDate: null,
  notReportedToDate: null,
  harvestedAhead: null,
  indicatorStatus: null,
};

/** What the list's figures to date of each investment are kept under: every option but the day. */
const toDateQuestion = (options: FigureOptions): string =>
  derivedQuestion('toDate', dayless(options));

/** Figures to date and follow-up parts worked out in worker threads (ReadModels.workedOut). */
interface WorkedToDate {
  readonly toDate: ReadonlyMap<string, OnDay<ToDateSummary>>;
  readonly followUp: ReadonlyMap<string, OnDay<FollowUpPart | undefined>>;
}

const NOTHING_WORKED_OUT: WorkedToDate = { toDate: new Map(), followUp: new Map() };

/** How many costs, effect reports and harvests the investment's own page lists. */
export interface FactCounts {
  readonly costs: number;
  readonly effectReports: number;
  readonly harvests: number;
}

/** One investment as the list gives it: its view without the fact lists, with their counts. */
export type InvestmentListItem = Omit<InvestmentView, FactList> & { readonly counts: FactCounts };

/**
 * A list item without the figures to date, for a caller that figures the investment itself,
 * and without the counts of its fact lists (the board report, which shows none).
 */
export type InvestmentOutline = Omit<InvestmentListItem, keyof ToDateSummary | 'counts'>;

/**
 * A page of the list: the investments after `after` (in id order an id; in another order the
 * `next` of the page before, a cursor (list-cursor.ts), or an id the filters keep) or after
 * the first `offset` of them, at most `limit`.
 */
export interface ListPage {
  readonly after?: string;
  readonly offset?: number;
  readonly limit?: number;
}

export interface InvestmentFilter {
  readonly department?: string;
  readonly stage?: Stage;
  /** Text that is part of the title or the id (list-order.ts matchesSearch). */
  readonly search?: string;
  /** Only the investments that spent more than allocated (true), or only the others (false). */
  readonly overspent?: boolean;
}

const BY_ID: ListOrdering = { sort: 'investmentId', order: 'asc' };

/** What the list answers besides its investments. */
export interface ListAnswer {
  readonly investments: InvestmentListItem[];
  readonly asOf: string | null;
  readonly position: string;
  readonly next: string | null;
  readonly total: number;
  /** Every department an investment of the list belongs to, whatever the filters. */
  readonly departments: string[];
}

@Injectable()
export class InvestmentQueries {
  constructor(private readonly readModels: ReadModels) {}

  async get(investmentId: string, query: ReadQuery, reply?: FastifyReply): Promise<InvestmentView> {
    const at = await this.readModels.at(query);
    const summary = ownEntry(at.views.investmentSummary.investments, investmentId);
    if (!summary) throw investmentNotFound(investmentId, at.asOf);
    if (reply) setEtag(reply, summary.revision);
    return this.view(summary, at);
  }

  /** The id of every fund the read models hold (with a query: once they have reached it). */
  async fundIds(query: ReadQuery = {}): Promise<string[]> {
    const at = await this.readModels.at(query);
    return Object.keys(at.views.fundBalance.funds);
  }

  /**
   * What the ledger's business dates say of when the investment and its fund began, from the
   * live read models: the fund of its first allocation, the earliest `decidedOn` of its
   * allocations (the board decided on it then, so it existed), and the earliest `releasedOn` of
   * that fund's tranches (money the fund held then). For history entered into the ledger later
   * these lie before the days the proposal and the fund were recorded.
   */
  async recordedSince(
    investmentId: string,
    query: ReadQuery = {},
  ): Promise<{
    readonly fundId?: string;
    readonly firstDecidedOn?: string;
    readonly firstReleasedOn?: string;
    /** The latest `decidedOn` of its allocations. */
    readonly lastDecidedOn?: string;
  }> {
    const at = await this.readModels.at(query);
    const allocations =
      ownEntry(at.views.investmentSummary.investments, investmentId)?.allocations ?? [];
    const fundId = allocations[0]?.fundId;
    if (fundId === undefined) return {};
    const released = (ownEntry(at.views.fundBalance.funds, fundId)?.tranches ?? []).flatMap(
      (tranche) => (tranche.releasedOn === null ? [] : [tranche.releasedOn]),
    );
    const firstDecidedOn = earliestDay(allocations.map((a) => a.decidedOn));
    const lastDecidedOn = latestDay(allocations.map((a) => a.decidedOn));
    const firstReleasedOn = earliestDay(released);
    return {
      fundId,
      ...(firstDecidedOn === undefined ? {} : { firstDecidedOn }),
      ...(lastDecidedOn === undefined ? {} : { lastDecidedOn }),
      ...(firstReleasedOn === undefined ? {} : { firstReleasedOn }),
    };
  }

  /**
   * The investments as the list gives them, in the order asked (by id unless told), read
   * without the facts they leave out (their bodies are most of a long-lived investment's
   * summary). With a page, only the investments after `page.after` (or `page.offset` of them)
   * and at most `page.limit`: the figures to date, the costly part, are computed for those
   * alone unless the order is by one of them, and `next` is the `after` of the following page
   * (null at the end). `total` counts every investment the filters leave, whatever the page:
   * from a few values of each summary (valuesOfEach), so a client can count (the overview's
   * investments per stage) without the figures, or even the outlines, of every investment.
   */
  async listItems(
    filter: InvestmentFilter,
    query: ReadQuery,
    page: ListPage = {},
    ordering: ListOrdering = BY_ID,
  ): Promise<ListAnswer> {
    const at = await this.readModels.at(query);
    const summaries = at.views.investmentSummary.investments;
    // What the filters and the sort read of every investment, from the value log alone; the
    // outline (with the fact lists' counts) is read for the page's investments only.
    const values = valuesOfEach(summaries, VALUE_SORTS);
    // Code-unit order: the order of the list by id and of its pages' `after`.
    const ids = [...values.keys()].sort(compareText);
    const matches = matchesSearch(filter.search ?? '');
    const figured = FIGURE_SORTS.has(ordering.sort);
    const departments = new Set<string>();
    const filtered: Sortable[] = [];
    for (const id of ids) {
      const summary = values.get(id) as unknown as Sortable;
      departments.add(summary.department);
      if (filter.department !== undefined && summary.department !== filter.department) continue;
      if (filter.stage !== undefined && summary.stage !== filter.stage) continue;
      if (!matches(summary)) continue;
      if (filter.overspent !== undefined && isOverspent(summary) !== filter.overspent) continue;
      filtered.push(summary);
    }
    // A sort by a figure to date needs every kept investment's; they are kept for the page.
    const toDateOf = figured
      ? await this.toDateAtFor(
          at,
          filtered.map((item) => item.investmentId),
        )
      : undefined;
    const kept = toDateOf
      ? filtered.map((summary) => ({ ...summary, ...toDateOf(summary.investmentId) }))
      : filtered;
    const sorted =
      ordering.sort === 'investmentId' && ordering.order === 'asc'
        ? kept
        : sortItems(kept, ordering.sort, ordering.order);
    const start = pageStart(sorted, page, ordering);
    const end = page.limit === undefined ? sorted.length : start + page.limit;
    const shown = sorted.slice(start, end);
    const shownIds = shown.map((item) => item.investmentId);
    const [shownToDateOf, outlines] = await Promise.all([
      toDateOf ?? this.toDateAtFor(at, shownIds),
      this.readModels.workedOut(
        at,
        { kind: 'outline', counted: FACT_LISTS },
        OUTLINE_QUESTION,
        shownIds,
      ),
    ]);
    const investments = shown.flatMap((item): InvestmentListItem[] => {
      const id = item.investmentId;
      const outline = outlineItem(summaries, id, outlines.get(id)?.value);
      return outline === undefined ? [] : [{ ...outline, ...shownToDateOf(id) }];
    });
    // Another page follows when the filters keep more after this one: it starts after the
    // last one shown, by id in id order, else by its sort value and id (list-cursor.ts).
    const next =
      end < sorted.length && shown.length > 0 ? nextAfter(shown[shown.length - 1], ordering) : null;
    return {
      investments,
      ...answeredAt(at),
      next,
      total: kept.length,
      departments: sortedDepartments(departments),
    };
  }

  /**
   * Every investment as the list gives it, in id order, without its figures to date and
   * without the counts of its effect reports, costs and harvests: for a caller that works out
   * each investment's figures itself (the board report), so they are not worked out twice. On
   * the 1M-event bench ledger the list's figures to date were 2.8 s of a first board report as
   * of its midpoint; counting the facts walked every one of their cells (800,000 effect
   * reports' at the head), 0.4-1.6 s of it. The price: read so, a summary's version is not
   * known, so what is read is kept only for a version the runner or another read told of (a
   * list's outline is taken when one is kept); a board asked again reads the others again,
   * 61 ms for the midpoint's 2,501 summaries in-process, where counting took 0.46-0.49 s.
   */
  async outlines(query: ReadQuery): Promise<InvestmentOutline[]> {
    const at = await this.readModels.at(query);
    const summaries = at.views.investmentSummary.investments;
    // The ids from the document index: no value of any summary is needed to list them all.
    const ids = Object.keys(summaries).sort(compareText);
    // What nothing is kept for, worked out in worker threads first when there are many.
    const [withouts, followUps] = await Promise.all([
      this.readModels.workedOut(
        at,
        { kind: 'without', leftOut: FACT_LISTS },
        WITHOUT_QUESTION,
        ids.filter((id) => keptDerived(summaries, id, OUTLINE_QUESTION) === undefined),
      ),
      this.readModels.followUpPartsWorkedOut(at, ids),
    ]);
    const overdueOf = this.overdueAt(at, followUps);
    return ids.flatMap((id): InvestmentOutline[] => {
      // The list's outline, when a list asked before kept one, is this and the counts.
      const listed = keptDerived(summaries, id, OUTLINE_QUESTION) as Outline | undefined;
      const summary = (listed?.doc ??
        derivedOf(
          summaries,
          id,
          WITHOUT_QUESTION,
          () => withouts.get(id)?.value ?? documentWithout(summaries, id, FACT_LISTS),
        )) as Omit<InvestmentSummary, FactList> | undefined;
      return summary === undefined ? [] : [{ ...summary, ...overdueOf(id) }];
    });
  }

  private view(summary: InvestmentSummary, at: ReadModelsAt): InvestmentView {
    return { ...summaryAnswer(summary), ...this.toDateAt(at)(summary.investmentId) };
  }

  /**
   * The figures to date and the overdue count of an investment, with when they were read, at
   * `at`: the options and questions are settled once per query, not once per investment.
   * Each is derived from one document and those options, so kept with its version (the
   * figures also with the days they hold for, figures/days.ts): a list asked again, or at
   * another moment, reads and figures only the investments that changed. The overdue count
   * is the follow-up report's part of the same entry, worked out once for both.
   */
  private toDateAt(
    at: ReadModelsAt,
    workedOut: WorkedToDate = NOTHING_WORKED_OUT,
  ): (investmentId: string) => ToDateFields {
    const tracks = at.views.forecastVsActual.investments;
    const options = this.readModels.figureOptions(at, 'year');
    const overdueOf = this.overdueAt(at, workedOut.followUp);
    const question = toDateQuestion(options);
    return (investmentId) => {
      const toDate = derivedOnDay(
        tracks,
        investmentId,
        question,
        options.today,
        (): ToDateSummary =>
          knownOr(workedOut.toDate.get(investmentId), () => {
            const track = ownEntry(tracks, investmentId);
            return track ? toDateSummary(track, options) : NO_FIGURES_TO_DATE;
          }),
      ).value;
      return { ...toDate, ...overdueOf(investmentId) };
    };
  }

  /**
   * toDateAt, for the investments `ids` of a list: what nothing is kept for worked out in
   * worker threads first when there are many (ReadModels.workedOut), a walk of every
   * investment at a past moment (3,120 tracks and follow-up entries read and figured at the
   * 1M-event bench ledger's midpoint) being work for every core.
   */
  private async toDateAtFor(
    at: ReadModelsAt,
    ids: readonly string[],
  ): Promise<(investmentId: string) => ToDateFields> {
    const options = this.readModels.figureOptions(at, 'year');
    const [toDate, followUp] = await Promise.all([
      this.readModels.workedOut(at, { kind: 'to-date', options }, toDateQuestion(options), ids),
      this.readModels.followUpPartsWorkedOut(at, ids),
    ]);
    return this.toDateAt(at, { toDate, followUp });
  }

  /** The overdue count of an investment (the follow-up report's part) and when it was read. */
  private overdueAt(
    at: ReadModelsAt,
    workedOut?: ReadonlyMap<string, OnDay<FollowUpPart | undefined>>,
  ): (investmentId: string) => Omit<ToDateFields, keyof ToDateSummary> {
    const followUps = at.views.followUp.investments;
    const grace = this.readModels.followUpGraceDays;
    const followUpParts = this.readModels.followUpParts(at, workedOut);
    const read = { ...answeredAt(at), today: at.today };
    return (investmentId) => {
      const followUp = followUpParts(investmentId, () =>
        followUpPart(ownEntry(followUps, investmentId), at.today, grace),
      );
      return { ...read, overdueCount: followUp?.overdue.length ?? 0 };
    };
  }
}

/**
 * Where a page starts in the sorted list. `after` in id order places itself whether or not it
 * is an investment (as it always has). In another order a cursor starts the page at the first
 * item strictly after its value and id, wherever the investment it was made from stands now; a
 * plain id starts it after that investment as it stands now, so it must be one the filters
 * keep, or there is no telling where it stands.
 */
const pageStart = (sorted: readonly Sortable[], page: ListPage, ordering: ListOrdering): number => {
  if (page.offset !== undefined) return Math.min(page.offset, sorted.length);
  const after = page.after;
  if (after === undefined) return 0;
  // A cursor given to the id order is refused there: it was made for another order.
  if (isCursorText(after)) return startAfterCursor(sorted, after, ordering);
  if (ordering.sort !== 'investmentId') return startAfterItem(sorted, after, ordering);
  const past = (id: string): boolean =>
    ordering.order === 'asc' ? compareText(id, after) > 0 : compareText(id, after) < 0;
  const index = sorted.findIndex((item) => past(item.investmentId));
  return index < 0 ? sorted.length : index;
};

/** The page after a cursor: refused when it was made for another order than the request's. */
const startAfterCursor = (
  sorted: readonly Sortable[],
  after: string,
  ordering: ListOrdering,
): number => {
  const cursor = cursorFor(after, ordering);
  if ('problem' in cursor) throw invalidInput([{ path: 'after', message: cursor.problem }]);
  return firstAfter(sorted, cursor);
};

/** The page after an investment the filters keep, where it stands in the list now. */
const startAfterItem = (
  sorted: readonly Sortable[],
  after: string,
  ordering: ListOrdering,
): number => {
  const index = sorted.findIndex((item) => item.investmentId === after);
  if (index < 0)
    throw invalidInput([
      {
        path: 'after',
        message: `${JSON.stringify(after)} is not an investment the filters keep: sorted by ${ordering.sort}, a page starts after one of them (or after the \`next\` of the page before, or at an offset)`,
      },
    ]);
  return index + 1;
};

/** What an investment's view adds to its summary. */
type ToDateFields = Omit<InvestmentView, keyof SummaryAnswer>;

/** The investment's summary as the list gives it: without the fact lists, with their counts. */
const outlineItem = (
  summaries: Readonly<Record<string, InvestmentSummary>>,
  id: string,
  workedOut?: Outline,
): (Omit<InvestmentSummary, FactList> & { readonly counts: FactCounts }) | undefined => {
  const outline = derivedOf(
    summaries,
    id,
    OUTLINE_QUESTION,
    () => workedOut ?? outlineOf(summaries, id, FACT_LISTS),
  );
  if (outline === undefined) return undefined;
  const summary = outline.doc as Omit<InvestmentSummary, FactList>;
  const { costs, effectReports, harvests } = outline.counts;
  return { ...summary, counts: { costs, effectReports, harvests } };
};
