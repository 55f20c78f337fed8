/**
 * Read side of investments, from the read models: who, what, stage, money and the facts
 * behind them (investment-summary), with the figures to date — forecast, actual,
 * realisation ratio, indicator status (forecast-vs-actual) and overdue effect reports
 * (follow-up) — measured at the service clock's day or at the as-of moment.
 */
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { setEtag } from '../shared/etag';
import { ReadModels, ReadModelsAt, ReadQuery } from '../projections/read-models.service';
import { compareText } from '../shared/compare';
import { DomainError } from '../shared/domain-error';
import { followUpPart } from '../../projections/figures/follow-up.figures';
import { ToDateSummary, toDateSummary } from '../../projections/figures/forecast-vs-actual.figures';
import { InvestmentSummary } from '../../projections/investment-summary.projection';
import { Stage } from './investment.events';
import { derivedOf, derivedQuestion, outlineOf } from '../projections/lazy-views';

export interface InvestmentView extends InvestmentSummary, ToDateSummary {
  readonly asOf: string | null;
  /** The last ledger position the answer includes. */
  readonly position: string;
  /** The day "to date" and "overdue" were measured at. */
  readonly today: string;
  readonly overdueCount: number;
}

/**
 * The facts that pile up with an investment's follow-up: its benefit case (every line's
 * forecast), costs, effect reports, harvests and their changes. The list leaves them out and
 * counts them: one investment's page gives them, and a list of every investment with every
 * fact grew with the ledger (197 MB and 13.6 s for the 4,902 investments of the 1M-event
 * bench ledger). Allocations and baseline revisions, a few decisions each, stay in the list.
 */
export const FACT_LISTS = [
  'benefitCase',
  'costs',
  'effectReports',
  'harvests',
  'costChanges',
  'harvestChanges',
] as const;
type FactList = (typeof FACT_LISTS)[number];

/** What the list reads of a summary: everything but the fact lists, which it counts. */
const OUTLINE_QUESTION = derivedQuestion('outline', FACT_LISTS);

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

/** How many costs, effect reports and harvests the investment's own page lists. */
export interface FactCounts {
  readonly costs: number;
  readonly effectReports: number;
  readonly harvests: number;
}

/** One investment as the list gives it: its view without the fact lists, with their counts. */
export type InvestmentListItem = Omit<InvestmentView, FactList> & { readonly counts: FactCounts };

const byInvestmentId = (a: { investmentId: string }, b: { investmentId: string }): number =>
  compareText(a.investmentId, b.investmentId);

/** A page of the list: the investments after `after` (an id, in id order), at most `limit`. */
export interface ListPage {
  readonly after?: string;
  readonly limit?: number;
}

export interface InvestmentFilter {
  readonly department?: string;
  readonly stage?: Stage;
}

@Injectable()
export class InvestmentQueries {
  constructor(private readonly readModels: ReadModels) {}

  async get(investmentId: string, query: ReadQuery, reply?: FastifyReply): Promise<InvestmentView> {
    const at = await this.readModels.at(query);
    const summary = at.views.investmentSummary.investments[investmentId];
    if (!summary) {
      const when = at.asOf ? ` as of ${at.asOf}` : '';
      throw new DomainError(
        'INVESTMENT_NOT_FOUND',
        `No investment ${investmentId}${when}.`,
        'not-found',
      );
    }
    if (reply) setEtag(reply, summary.revision);
    return this.view(summary, at);
  }

  /**
   * The fund of the investment's first allocation, from the live read models; undefined
   * before any allocation (or while the read models still catch up with one just recorded).
   */
  async fundOf(investmentId: string): Promise<string | undefined> {
    const at = await this.readModels.at({});
    return at.views.investmentSummary.investments[investmentId]?.allocations[0]?.fundId;
  }

  /**
   * Every investment with every fact behind it, sorted by id: for the board report, which
   * reads allocations and costs; the HTTP list gives listItems.
   */
  async list(
    query: ReadQuery,
  ): Promise<{ investments: InvestmentView[]; asOf: string | null; position: string }> {
    const at = await this.readModels.at(query);
    const toDateOf = this.toDateAt(at);
    const investments = Object.values(at.views.investmentSummary.investments)
      .map((s): InvestmentView => ({ ...s, ...toDateOf(s.investmentId) }))
      .sort(byInvestmentId);
    return { investments, asOf: at.asOf, position: String(at.position) };
  }

  /**
   * The investments as the list gives them, in id order, read without the facts they leave
   * out (their bodies are most of a long-lived investment's summary). With a page, only the
   * investments after `page.after` and at most `page.limit` of them: the figures to date, the
   * costly part, are computed for those alone, and `next` is the `after` of the following page
   * (null at the end). `total` counts every investment the filters leave, whatever the page:
   * from the outlines alone, so a client can count (the overview's investments per stage)
   * without the figures of every investment.
   */
  async listItems(
    filter: InvestmentFilter,
    query: ReadQuery,
    page: ListPage = {},
  ): Promise<{
    investments: InvestmentListItem[];
    asOf: string | null;
    position: string;
    next: string | null;
    total: number;
  }> {
    const at = await this.readModels.at(query);
    const summaries = at.views.investmentSummary.investments;
    // Code-unit order: the order of the list and of its pages' `after`.
    const ids = Object.keys(summaries).sort(compareText);
    const limit = page.limit ?? Number.POSITIVE_INFINITY;
    const toDateOf = this.toDateAt(at);
    const investments: InvestmentListItem[] = [];
    let next: string | null = null;
    let total = 0;
    for (const id of ids) {
      const outline = derivedOf(summaries, id, OUTLINE_QUESTION, () =>
        outlineOf(summaries, id, FACT_LISTS),
      );
      if (outline === undefined) continue;
      const summary = outline.doc as Omit<InvestmentSummary, FactList>;
      if (filter.department !== undefined && summary.department !== filter.department) continue;
      if (filter.stage !== undefined && summary.stage !== filter.stage) continue;
      total += 1;
      if (page.after !== undefined && id <= page.after) continue;
      if (investments.length === limit) {
        // One more matches: the page is full and another follows (it is counted all the same).
        next ??= investments[investments.length - 1].investmentId;
        continue;
      }
      const { costs, effectReports, harvests } = outline.counts;
      investments.push({
        ...summary,
        ...toDateOf(summary.investmentId),
        counts: { costs, effectReports, harvests },
      });
    }
    return { investments, asOf: at.asOf, position: String(at.position), next, total };
  }

  private view(summary: InvestmentSummary, at: ReadModelsAt): InvestmentView {
    return { ...summary, ...this.toDateAt(at)(summary.investmentId) };
  }

  /**
   * The figures to date and the overdue count of an investment, with when they were read, at
   * `at`: the options and questions are settled once per query, not once per investment.
   * Each is derived from one document and those options, so kept while it stays current: a
   * list asked again reads and figures only the investments that changed. The overdue count
   * is the follow-up report's part of the same entry, worked out once for both.
   */
  private toDateAt(at: ReadModelsAt): (investmentId: string) => ToDateFields {
    const tracks = at.views.forecastVsActual.investments;
    const options = this.readModels.figureOptions(at, 'year');
    const toDateQuestion = derivedQuestion('toDate', options);
    const followUps = at.views.followUp.investments;
    const grace = this.readModels.followUpGraceDays;
    const followUpParts = this.readModels.followUpParts(at);
    const read = { asOf: at.asOf, position: String(at.position), today: at.today };
    return (investmentId) => {
      const toDate = derivedOf(tracks, investmentId, toDateQuestion, (): ToDateSummary => {
        const track = tracks[investmentId];
        return track ? toDateSummary(track, options) : NO_FIGURES_TO_DATE;
      });
      const followUp = followUpParts(investmentId, () =>
        followUpPart(followUps[investmentId], at.today, grace),
      );
      return { ...toDate, ...read, overdueCount: followUp?.overdue.length ?? 0 };
    };
  }
}

/** What an investment's view adds to its summary. */
type ToDateFields = Omit<InvestmentView, keyof InvestmentSummary>;
