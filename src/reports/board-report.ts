/**
 * The board report (kommunstyrelsens uppföljningsrapport): the fund as of a closing date,
 * built only from the query functions the API answers with (FundQueries, InvestmentQueries,
 * ReportQueries, the change report's changesIn and the verifier's digest), every one read at
 * the same as-of moment, so each figure equals what the API says for that asOf.
 */
import { Inject, Injectable } from '@nestjs/common';
import { LEDGER_VERIFIER } from '../audit/audit.tokens';
import { changesIn, toChangeRow } from '../audit/change-report';
import { formatDigest } from '../audit/ledger-digest';
import { LedgerVerifier } from '../audit/ledger-verifier';
import { EventStore } from '../event-store/event-store';
import { FUND_STREAM_PREFIX } from '../fund/fund.events';
import { parseIdParam } from '../http/params';
import { invalidInput } from '../http/problem';
import { FundQueries, TrancheView } from '../fund/fund.queries';
import { CLOCK, Clock, EVENT_STORE } from '../infra/tokens';
import { INVESTMENT_STREAM_PREFIX } from '../investment/investment.events';
import { InvestmentQueries, InvestmentView } from '../investment/investment.queries';
import { Money } from '../money/money';
import {
  InvestmentFigures,
  LineFigures,
} from '../../projections/figures/forecast-vs-actual.figures';
import { ReportQueries } from './report.queries';

/** The most changes the report lists one by one; all are counted. */
export const MAX_BOARD_CHANGES = 200;
/** Deviations are the lines (and investments) in these states. */
const DEVIATING = ['watch', 'deviation'] as const;

export interface BoardTranche {
  readonly trancheId: string;
  readonly name: string;
  readonly status: string;
  readonly amount: string;
  readonly availableNow: string;
  readonly expected: string;
  readonly lapsed: string;
  readonly allocated: string;
  readonly spent: string;
  readonly harvested: string;
}

export interface BoardInvestment {
  readonly investmentId: string;
  readonly title: string;
  readonly department: string;
  readonly projectLead: string;
  readonly stage: string;
  /** Net allocations from this fund. */
  readonly allocated: string;
  readonly spent: string;
  /** Spent beyond the allocation; null when within it. */
  readonly overspent: string | null;
  /** To date (the months due at asOf), as in forecast-vs-actual's totals.toDate. */
  readonly baselineForecast: string | null;
  readonly currentForecast: string | null;
  readonly actual: string | null;
  readonly harvested: string | null;
  /** Running-cost effect over the horizon (financial benefits − new recurring costs). */
  readonly runningCostEffect: {
    readonly baseline: string | null;
    readonly current: string | null;
    readonly actual: string | null;
  };
  readonly npv: string | null;
  readonly bcr: string | null;
  readonly status: string | null;
  readonly overdueReports: number;
  /** Lines whose indicator reading is older than its frequency allows. */
  readonly staleLines: readonly string[];
}

export interface BoardDeviation {
  readonly investmentId: string;
  readonly title: string;
  readonly benefitLineId: string;
  readonly description: string;
  readonly owner: string;
  readonly status: string;
  /** The project lead's explanation; null when the deviation is unexplained. */
  readonly explanation: string | null;
}

export interface BoardOverdue {
  readonly owner: string;
  readonly investmentId: string;
  readonly benefitLineId: string;
  readonly period: string;
  readonly dueOn: string;
  readonly daysOverdue: number;
}

export interface BoardChange {
  readonly position: string;
  readonly recordedAt: string;
  readonly type: string;
  readonly actor: string;
  readonly summary: string;
  readonly why: string | null;
}

export interface BoardYear {
  readonly year: string;
  readonly baselineForecast: string | null;
  readonly currentForecast: string | null;
  readonly actual: string | null;
  readonly harvested: string | null;
}

export interface BoardReport {
  readonly fundId: string;
  readonly name: string;
  readonly asOf: string;
  /** Changes are those recorded after `since` up to `asOf`. */
  readonly since: string;
  readonly today: string;
  readonly ledger: {
    readonly position: string;
    /** Null for an empty ledger; check it with GET /api/audit/verify?digest= or `ledger verify --digest`. */
    readonly digest: string | null;
    readonly scope: string;
  };
  readonly tranches: readonly BoardTranche[];
  readonly totals: Omit<BoardTranche, 'trancheId' | 'name' | 'status'>;
  readonly investments: readonly BoardInvestment[];
  readonly deviations: readonly BoardDeviation[];
  readonly overdue: readonly BoardOverdue[];
  readonly changes: {
    readonly total: number;
    readonly byType: Readonly<Record<string, number>>;
    readonly listed: readonly BoardChange[];
  };
  /** Forecast against actual per year for the whole fund (the chart). */
  readonly years: readonly BoardYear[];
}

export interface BoardQuery {
  readonly fundId: string;
  /** An ISO moment; a bare date means the end of that day. Default: now. */
  readonly asOf?: string;
  readonly since?: string;
  /** Called between the report's parts (the CLI's progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

export const BOARD_STEPS = 6;

const trancheOf = (t: TrancheView): BoardTranche => ({
  trancheId: t.trancheId,
  name: t.name,
  status: t.status,
  amount: t.amount,
  availableNow: t.availableNow,
  expected: t.expected,
  lapsed: t.lapsed,
  allocated: t.allocated,
  spent: t.spent,
  harvested: t.harvested,
});

/** The end of the calendar quarter before the one `asOf` falls in (UTC): the default `since`. */
export const previousQuarterEnd = (asOf: string): string => {
  const date = new Date(asOf);
  const firstMonthOfQuarter = Math.floor(date.getUTCMonth() / 3) * 3;
  return new Date(Date.UTC(date.getUTCFullYear(), firstMonthOfQuarter, 1) - 1).toISOString();
};

const allocatedFrom = (investment: InvestmentView, fundId: string): Money =>
  investment.allocations
    .filter((a) => a.fundId === fundId)
    .reduce((sum, a) => sum.plus(Money.of(a.amount)).minus(Money.of(a.reduced)), Money.zero);

const investmentOf = (
  view: InvestmentView,
  figures: InvestmentFigures,
  fundId: string,
): BoardInvestment => {
  const allocated = allocatedFrom(view, fundId);
  const spent = Money.of(view.spent);
  const over = spent.minus(allocated);
  const toDate = figures.totals.toDate;
  const effect = figures.runningCostEffect.total;
  return {
    investmentId: view.investmentId,
    title: view.title,
    department: view.department,
    projectLead: view.projectLead,
    stage: view.stage,
    allocated: allocated.toString(),
    spent: view.spent,
    overspent: over.gt(Money.zero) ? over.toString() : null,
    baselineForecast: toDate.baselineForecast,
    currentForecast: toDate.currentForecast,
    actual: toDate.actual,
    harvested: toDate.harvested,
    runningCostEffect: {
      baseline: effect.baseline?.effect ?? null,
      current: effect.current?.effect ?? null,
      actual: effect.actual?.effect ?? null,
    },
    npv: figures.kpis.forecast?.monetised.npv ?? null,
    bcr: figures.kpis.forecast?.monetised.bcr ?? null,
    status: figures.status,
    overdueReports: view.overdueCount,
    staleLines: figures.lines.filter((l) => l.status === 'stale').map((l) => l.benefitLineId),
  };
};

const deviationsOf = (
  view: InvestmentView,
  lines: readonly LineFigures[],
  explanations: ReadonlyMap<string, string>,
): BoardDeviation[] =>
  lines
    .filter((l) => (DEVIATING as readonly (string | null)[]).includes(l.status))
    .map((l) => ({
      investmentId: view.investmentId,
      title: view.title,
      benefitLineId: l.benefitLineId,
      description: l.description,
      owner: l.owner,
      status: l.status as string,
      explanation: explanations.get(l.benefitLineId) ?? null,
    }));

/** Where a board report finds the lead's explanations of a line's deviation. */
export interface DeviationExplanations {
  /** Benefit line id → the latest explanation recorded up to `asOf`. */
  latest(investmentId: string, asOf: string): Promise<ReadonlyMap<string, string>>;
}

export const NO_EXPLANATIONS: DeviationExplanations = {
  latest: () => Promise.resolve(new Map()),
};

export const DEVIATION_EXPLANATIONS = Symbol('DEVIATION_EXPLANATIONS');

@Injectable()
export class BoardReports {
  constructor(
    private readonly funds: FundQueries,
    private readonly investments: InvestmentQueries,
    private readonly reports: ReportQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_VERIFIER) private readonly verifier: LedgerVerifier,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEVIATION_EXPLANATIONS) private readonly explanations: DeviationExplanations,
  ) {}

  /** The fund named, or the only fund the ledger holds (as of the moment); else a 400. */
  async fundIdOf(value: string | undefined, asOf: string | undefined): Promise<string> {
    if (value !== undefined && value !== '') return parseIdParam('fundId', value);
    const { funds } = await this.funds.list({ asOf });
    if (funds.length === 1) return funds[0].fundId;
    throw invalidInput([
      { path: 'fundId', message: `name the fund: the ledger holds ${funds.length} funds` },
    ]);
  }

  async board(query: BoardQuery): Promise<BoardReport> {
    const progress = query.onProgress ?? (() => undefined);
    const asOf = query.asOf ?? this.clock().toISOString();
    const read = { asOf };
    const fund = await this.funds.get(query.fundId, read);
    progress(1, BOARD_STEPS);
    const list = await this.investments.list({}, read);
    const funded = list.investments.filter((i) =>
      i.allocations.some((a) => a.fundId === query.fundId),
    );
    progress(2, BOARD_STEPS);
    const investments: BoardInvestment[] = [];
    const deviations: BoardDeviation[] = [];
    for (const view of funded) {
      const figures = await this.reports.investment(view.investmentId, 'year', read);
      investments.push(investmentOf(view, figures, query.fundId));
      const explained = await this.explanations.latest(view.investmentId, fund.asOf ?? asOf);
      deviations.push(...deviationsOf(view, figures.lines, explained));
    }
    progress(3, BOARD_STEPS);
    const followUp = await this.reports.followUp(undefined, read);
    const fundedIds = new Set(funded.map((i) => i.investmentId));
    const overdue = followUp.owners.flatMap((o) =>
      o.overdue
        .filter((r) => fundedIds.has(r.investmentId))
        .map((r) => ({
          owner: o.owner,
          investmentId: r.investmentId,
          benefitLineId: r.benefitLineId,
          period: r.period,
          dueOn: r.dueOn,
          daysOverdue: r.daysOverdue,
        })),
    );
    const report = await this.reports.report('fund', 'year', read);
    const group = report.groups.find((g) => g.group === query.fundId);
    const years = (group?.periods ?? []).map((p) => ({
      year: p.period,
      baselineForecast: p.baselineForecast,
      currentForecast: p.currentForecast,
      actual: p.actual,
      harvested: p.harvested,
    }));
    progress(4, BOARD_STEPS);
    const until = fund.asOf ?? asOf;
    const since = query.since ?? previousQuarterEnd(until);
    const changes = await this.changes(since, until);
    progress(5, BOARD_STEPS);
    const ledger = await this.digest(BigInt(fund.position));
    progress(6, BOARD_STEPS);
    return {
      fundId: fund.fundId,
      name: fund.name,
      asOf: until,
      since,
      today: fund.today,
      ledger,
      tranches: fund.tranches.map(trancheOf),
      totals: {
        amount: fund.totals.amount,
        availableNow: fund.totals.availableNow,
        expected: fund.totals.expected,
        lapsed: fund.totals.lapsed,
        allocated: fund.totals.allocated,
        spent: fund.totals.spent,
        harvested: fund.totals.harvested,
      },
      investments,
      deviations,
      overdue,
      changes,
      years,
    };
  }

  /** The business events recorded after `since` up to `until` (users and tokens left out). */
  private async changes(since: string, until: string): Promise<BoardReport['changes']> {
    const from = new Date(new Date(since).getTime() + 1).toISOString();
    const byType: Record<string, number> = {};
    const listed: BoardChange[] = [];
    let total = 0;
    for await (const event of changesIn(this.store, { from, to: until })) {
      const business =
        event.streamId.startsWith(FUND_STREAM_PREFIX) ||
        event.streamId.startsWith(INVESTMENT_STREAM_PREFIX);
      if (!business) continue;
      total += 1;
      byType[event.type] = (byType[event.type] ?? 0) + 1;
      if (listed.length >= MAX_BOARD_CHANGES) continue;
      const row = toChangeRow(event);
      listed.push({
        position: row.position,
        recordedAt: row.recordedAt,
        type: row.type,
        actor: row.actor.id,
        summary: row.summary,
        why: row.decisionRef ?? row.reason,
      });
    }
    return { total, byType, listed };
  }

  private async digest(position: bigint): Promise<BoardReport['ledger']> {
    const scope = this.verifier.scope;
    if (position === 0n) return { position: '0', digest: null, scope };
    const outcome = await this.verifier.digest({ position });
    return {
      position: position.toString(),
      digest: outcome.kind === 'digest' ? formatDigest(outcome.digest) : null,
      scope,
    };
  }
}
