/**
 * The board report (kommunstyrelsens uppföljningsrapport): the fund as of a closing date,
 * built only from the query functions the API answers with (FundQueries, InvestmentQueries,
 * ReportQueries, the change report's changesIn and the verifier's digest), every one read at
 * the same as-of moment, so each figure equals what the API says for that asOf. The one figure
 * no endpoint answers per investment, the spend a fund carries, is read from the fund-balance
 * read model at the same moment: the attribution the tranches' `spent` is the sum of.
 */
import { Inject, Injectable } from '@nestjs/common';
import { LEDGER_VERIFIER } from '../audit/audit.tokens';
import { toAuditEvent } from '../audit/audit-event';
import { changesIn } from '../audit/change-report';
import { SummaryContexts } from '../audit/summary-context';
import { formatDigest } from '../audit/ledger-digest';
import { LedgerVerifier } from '../audit/ledger-verifier';
import { EventStore } from '../event-store/event-store';
import { FUND_STREAM_PREFIX } from '../fund/fund.events';
import { parseIdParam } from '../shared/params';
import { invalidInput, problem, ProblemException } from '../shared/problem';
import { FundQueries, TrancheView } from '../fund/fund.queries';
import { CLOCK, Clock, EVENT_STORE } from '../infra/tokens';
import { INVESTMENT_STREAM_PREFIX } from '../investment/investment.events';
import { InvestmentOutline, InvestmentQueries } from '../investment/investment.queries';
import { isValued, VALUED_LINES_TOGETHER } from '../investment/benefit-case';
import { worstStatus } from '../../projections/figures/indicator';
import { Money } from '../money/money';
import {
  InvestmentFigures,
  LineFigures,
} from '../../projections/figures/forecast-vs-actual.figures';
import { investmentNotFound } from '../investment/investment.refusals';
import { parseLedgerMoment, requireNotAfterToday } from '../periods/moment';
import { previousQuarterEnd } from './board-moments';
import { ReportsAsked, recordedExplanations, reportsAfter } from './deviation-explanations.reader';
import { VALUED_LINES_TOGETHER_DESCRIPTION } from './board-labels';
import { ReportQueries } from './report.queries';
import { ReadModels } from '../projections/read-models.service';
import { BaselineRevisedData } from '../investment/investment.events';
import { parsePeriod, periodEnd, periodStart } from '../periods/period';
import { stockholmDay } from '../periods/stockholm-day';
import {
  harvestedFromFund,
  InvestmentFunding,
  OverriddenAllocation,
} from '../../projections/fund-balance.projection';
import { WaivedObligation } from '../../projections/figures/follow-up.figures';
import { ownEntry } from '../shared/own-entry';
import { modelSignature } from '../../projections/ledger-views';
import { runningCodeDigest } from '../infra/code-identity';
import { Lang } from './swedish';

/** The most changes the report lists one by one; all are counted. */
const MAX_BOARD_CHANGES = 200;
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
  /** Left unallocated in a tranche that was closed. */
  readonly closed: string;
  readonly allocated: string;
  /** The tranche's allocations' parts of the costs; spend beyond the allocations is in no tranche. */
  readonly spent: string;
  readonly harvested: string;
}

/**
 * The fund's totals: the tranches' figures summed, and the spend of the fund's investments no
 * allocation had room for (in no tranche), as GET /api/funds/{id} gives them.
 */
export interface BoardTotals extends Omit<BoardTranche, 'trancheId' | 'name' | 'status'> {
  readonly spentBeyondAllocations: string;
}

export interface BoardInvestment {
  readonly investmentId: string;
  readonly title: string;
  readonly department: string;
  readonly projectLead: string;
  readonly stage: string;
  /** Net allocations from this fund. */
  readonly allocated: string;
  /**
   * The investment's spend this fund carries: the parts of its costs attributed to this fund's
   * allocations when recorded, plus what no allocation had room for when this fund is the one
   * charged with it (the fund balance's attribution, projections/figures/spend-attribution.ts).
   */
  readonly spent: string;
  /** Everything the investment has spent, whichever fund (or none) carries it. */
  readonly spentAllFunds: string;
  /** Net allocations from every fund: `allocated` is this fund's part of it. */
  readonly allocatedAllFunds: string;
  /**
   * This fund's part of everything harvested on the investment (the fund balance's
   * attribution, by net allocations): the report's tranches' and totals' `harvested` add up
   * from these. `harvested`, like the forecasts, actual, running-cost effect, NPV and BCR, is
   * the whole investment's, to date.
   */
  readonly harvestedThisFund: string;
  /** The part of `spent` beyond this fund's allocations; null when none. */
  readonly overspent: string | null;
  /** The benefit case version the baseline forecast is read from (the latest re-baseline's). */
  readonly baselineCaseVersion: number | null;
  readonly currentCaseVersion: number | null;
  /** Re-baselining decisions up to asOf, oldest first. */
  readonly rebaselines: readonly BoardRebaseline[];
  /** This fund's allocations to the investment made on the board's override (negative running-cost effect). */
  readonly overriddenAllocations: readonly BoardOverriddenAllocation[];
  /** Harvested to date ahead of the benefit's realisation (included in `harvested`). */
  readonly harvestedAhead: string | null;
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
  /** Follow-up obligations finance waived up to asOf (listed in the report's `waived`). */
  readonly waivedReports: number;
  /** Lines whose indicator reading is older than its frequency allows. */
  readonly staleLines: readonly string[];
}

export interface BoardRebaseline {
  readonly from: number;
  readonly to: number;
  readonly reason: string;
  readonly decisionRef: string;
  readonly approvedBy: string;
  /** The board's override when the new version's running-cost effect is negative; else null. */
  readonly overrideRef: string | null;
}

export interface BoardOverriddenAllocation {
  readonly allocationId: string;
  readonly trancheId: string;
  readonly amount: string;
  readonly decidedOn: string;
  readonly decisionRef: string;
  readonly overrideRef: string;
  readonly runningCostEffect: string | null;
}

/** A project lead's explanation of a line's deviation, as recorded. */
export interface RecordedExplanation {
  readonly explanation: string;
  /** The period it is about; null when about the line as a whole. */
  readonly period: string | null;
  readonly recordedAt: string;
  readonly explainedBy: string;
  /** Where the ledger holds it (its DeviationExplained event's position). */
  readonly position: string;
}

export interface BoardDeviation {
  readonly investmentId: string;
  readonly title: string;
  readonly benefitLineId: string;
  readonly description: string;
  readonly owner: string;
  readonly status: string;
  /** The text of the explanation that counts for this report (see explanationFor); null: unexplained. */
  readonly explanation: string | null;
  /** That explanation in full; null when unexplained. */
  readonly explained: RecordedExplanation | null;
  /** Unexplained lines only: the latest explanation recorded before, which no longer counts. */
  readonly earlier: RecordedExplanation | null;
  /** Why `earlier` no longer counts (explanationFor); null with no earlier explanation. */
  readonly earlierBecause: NotCountingBecause | null;
  /** Valued lines: the day the figures to date last counted more of the line (LineFigures). */
  readonly lastDueOn: string | null;
}

export interface BoardOverdue {
  readonly owner: string;
  readonly investmentId: string;
  readonly benefitLineId: string;
  readonly period: string;
  readonly dueOn: string;
  readonly daysOverdue: number;
  /** Reported only by a report made before the period ended (OverdueReport.reportedBeforeEnd). */
  readonly reportedBeforeEnd: boolean;
}

/**
 * A follow-up obligation finance released (ObligationWaived), as GET /api/reports/follow-up
 * lists it under `waived`: every one recorded up to asOf, not only those since `since`.
 */
export interface BoardWaiver {
  readonly investmentId: string;
  readonly title: string;
  readonly benefitLineId: string;
  /** The line's description in the report's figures; null when they have no such line. */
  readonly description: string | null;
  /** Who answers for the line's follow-up (the follow-up report's owner). */
  readonly owner: string;
  readonly period: string;
  readonly reason: string;
  /** The user who recorded the waiver. */
  readonly waivedBy: string;
  /** When it was recorded. */
  readonly waivedAt: string;
}

export interface BoardChange {
  readonly position: string;
  readonly recordedAt: string;
  readonly type: string;
  readonly actor: string;
  /** In the language the report was read in (BoardQuery.lang): English in the JSON answer. */
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

/**
 * What the report's figures were worked out by, beside what the ledger recorded: the service's
 * configuration (the tolerances a status is judged by, the grace before a report is overdue)
 * and the read models' versions. None of it is in the ledger, so the same moment read under
 * other rules gives other statuses and overdue lists over the same digest: the report says
 * which it was read by, so two reports of one moment that differ show why.
 */
export interface BoardRules {
  /** A line is on track at most this many percentage points short of plan (indicator.ts statusOf). */
  readonly onTrackPct: number;
  /** …and in watch at most this many; in deviation beyond. */
  readonly watchPct: number;
  /** Days after its period's end before a missing effect report is overdue. */
  readonly followUpGraceDays: number;
  /** The read models and their versions (`name@version`, comma separated). */
  readonly readModels: string;
  /**
   * The code that figured the report: `sha256:` and the digest of the service's own files
   * (src/infra/code-identity.ts). How a figure is read can change without a read model's
   * version moving; two reports of one moment, one ledger digest and the same settings that
   * differ were figured by different code, and this says so.
   */
  readonly code: string;
}

export interface BoardReport {
  readonly fundId: string;
  readonly name: string;
  readonly asOf: string;
  /** Changes are those recorded after `since`, up to the report's position (`ledger.position`). */
  readonly since: string;
  readonly today: string;
  readonly ledger: {
    readonly position: string;
    /** Null only for an empty ledger (a broken chain is a 409, no report); check it with GET /api/audit/verify?digest= or `ledger verify --digest`. */
    readonly digest: string | null;
    readonly scope: string;
  };
  readonly rules: BoardRules;
  readonly tranches: readonly BoardTranche[];
  /**
   * Per tranche and in the totals, availableNow + expected + lapsed + closed + allocated =
   * amount; totals.spent + totals.spentBeyondAllocations = the investments' `spent` summed.
   */
  readonly totals: BoardTotals;
  readonly investments: readonly BoardInvestment[];
  readonly deviations: readonly BoardDeviation[];
  readonly overdue: readonly BoardOverdue[];
  /** Every waiver of the report's investments recorded up to asOf, oldest first. */
  readonly waived: readonly BoardWaiver[];
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
  /** An ISO moment; a bare date means the end of that Europe/Stockholm day. Default: now. */
  readonly asOf?: string;
  readonly since?: string;
  /**
   * The language of the change list's summaries: the file's (XLSX, PDF). Default English, as
   * the JSON answer and the change report give them.
   */
  readonly lang?: Lang;
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
  closed: t.closed,
  allocated: t.allocated,
  spent: t.spent,
  harvested: t.harvested,
});

/** Net allocations from `fundId`, or from every fund. */
const allocatedFrom = (investment: InvestmentOutline, fundId?: string): Money =>
  investment.allocations
    .filter((a) => fundId === undefined || a.fundId === fundId)
    .reduce((sum, a) => sum.plus(Money.of(a.amount)).minus(Money.of(a.reduced)), Money.zero);

/** The investment's spend this fund carries, and the part of it beyond the fund's allocations. */
const fundShareOf = (
  funding: InvestmentFunding | undefined,
  fundId: string,
): { readonly spent: Money; readonly beyond: Money } => {
  let spent = Money.zero;
  let beyond = Money.zero;
  for (const cost of Object.values(funding?.costs ?? {})) {
    for (const part of cost.parts) {
      if (part.fundId === fundId) spent = spent.plus(Money.of(part.amount));
    }
    if (cost.beyondFundId === fundId) beyond = beyond.plus(Money.of(cost.beyond));
  }
  return { spent: spent.plus(beyond), beyond };
};

const rebaselineOf = (r: BaselineRevisedData): BoardRebaseline => ({
  from: r.previousCaseVersion,
  to: r.caseVersion,
  reason: r.reason,
  decisionRef: r.decisionRef,
  approvedBy: r.approvedBy,
  overrideRef: r.overrideRef ?? null,
});

const overriddenOf = (a: OverriddenAllocation): BoardOverriddenAllocation => ({
  allocationId: a.allocationId,
  trancheId: a.trancheId,
  amount: a.amount,
  decidedOn: a.decidedOn,
  decisionRef: a.decisionRef,
  overrideRef: a.overrideRef,
  runningCostEffect: a.runningCostEffect,
});

interface FundSide {
  readonly fundId: string;
  readonly funding: InvestmentFunding | undefined;
  readonly overridden: readonly OverriddenAllocation[];
  /** The investment's waived obligations up to asOf. */
  readonly waived: number;
}

const waiverOf = (w: WaivedObligation, lines: readonly LineFigures[]): BoardWaiver => ({
  investmentId: w.investmentId,
  title: w.title,
  benefitLineId: w.benefitLineId,
  description: lines.find((l) => l.benefitLineId === w.benefitLineId)?.description ?? null,
  owner: w.owner,
  period: w.period,
  reason: w.reason,
  waivedBy: w.waivedBy,
  waivedAt: w.waivedAt,
});

const investmentOf = (
  view: InvestmentOutline,
  figures: InvestmentFigures,
  fund: FundSide,
): BoardInvestment => {
  const allocated = allocatedFrom(view, fund.fundId);
  const share = fundShareOf(fund.funding, fund.fundId);
  const toDate = figures.totals.toDate;
  const effect = figures.runningCostEffect.total;
  return {
    investmentId: view.investmentId,
    title: view.title,
    department: view.department,
    projectLead: view.projectLead,
    stage: view.stage,
    allocated: allocated.toString(),
    spent: share.spent.toString(),
    spentAllFunds: view.spent,
    allocatedAllFunds: allocatedFrom(view).toString(),
    harvestedThisFund: (fund.funding === undefined
      ? Money.zero
      : harvestedFromFund(fund.funding, fund.fundId)
    ).toString(),
    overspent: share.beyond.gt(Money.zero) ? share.beyond.toString() : null,
    baselineCaseVersion: view.baselineCaseVersion,
    currentCaseVersion: view.currentCaseVersion,
    rebaselines: view.baselineRevisions.map(rebaselineOf),
    overriddenAllocations: fund.overridden
      .filter((a) => a.investmentId === view.investmentId)
      .map(overriddenOf),
    harvestedAhead: toDate.harvestedAhead,
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
    waivedReports: fund.waived,
    staleLines: figures.lines.filter((l) => l.status === 'stale').map((l) => l.benefitLineId),
  };
};

/** The report's window and the line's newest figures, against which an explanation is judged. */
export interface ExplanationWindow {
  /** Changes after this moment belong to the report. */
  readonly since: string;
  readonly asOf: string;
  /** The latest period the line's status is read from, up to asOf (judgedPeriodOf); null before any. */
  readonly latestPeriod: string | null;
  /**
   * Valued lines: the day the figures to date last counted more of the line (LineFigures
   * `lastDueOn`). Null when nothing owed is due, and for qualitative lines.
   */
  readonly lastDueOn: string | null;
  /**
   * The ledger position of the line's latest effect report or correction up to asOf, where it
   * lies after the explanations that could otherwise count (the board report reads the stream
   * no further back than them); null when none does.
   */
  readonly lineReportedAt: string | null;
}

/** `since` itself is not in the window: it starts one millisecond later. */
const ONE_MS = 1;

/** True when the period's days meet the Stockholm days from `fromDay` to `toDay`. */
const periodMeets = (text: string, fromDay: string, toDay: string): boolean => {
  const parsed = parsePeriod(text);
  if (!parsed.ok) return false;
  return periodStart(parsed.period) <= toDay && periodEnd(parsed.period) >= fromDay;
};

/** The window's part of explanationCounts: when the explanation was recorded, what it names. */
const meetsWindow = (
  e: RecordedExplanation,
  window: Omit<ExplanationWindow, 'lineReportedAt'>,
): boolean => {
  if (e.recordedAt > window.since && e.recordedAt <= window.asOf) return true;
  if (e.period === null) return false;
  const firstDay = stockholmDay(new Date(window.since).getTime() + ONE_MS);
  if (periodMeets(e.period, firstDay, stockholmDay(window.asOf))) return true;
  if (window.latestPeriod === null) return false;
  const latest = parsePeriod(window.latestPeriod);
  return latest.ok && periodMeets(e.period, periodStart(latest.period), periodEnd(latest.period));
};

/** Whether an effect report or correction of the line was recorded after the explanation. */
const reportedAfter = (e: RecordedExplanation, window: ExplanationWindow): boolean =>
  window.lineReportedAt !== null && BigInt(window.lineReportedAt) > BigInt(e.position);

/**
 * Whether more of the line fell due after the explanation was recorded: it was recorded on a
 * Stockholm day before the line's figures to date last counted more (`lastDueOn`), so the
 * figures it was written against ("to date" as of its day) did not count that yet.
 */
const fellDueAfter = (
  e: RecordedExplanation,
  window: Pick<ExplanationWindow, 'lastDueOn'>,
): boolean => window.lastDueOn !== null && stockholmDay(e.recordedAt) < window.lastDueOn;

/**
 * Whether an explanation still explains the line in this report. An explanation speaks to the
 * line's figures as they stood when it was recorded: once an effect report or correction of
 * the line is recorded after it (up to asOf), or more of a valued line falls due after it
 * (a month owing something, once its forecast period ended: `lastDueOn`), it counts by none of
 * the rules below, whatever it names; the deviation is listed as unexplained, with the text
 * shown as earlier. Else it
 * counts when it was recorded within the report's window (after `since`, up to `asOf`), or when
 * the period it names overlaps that window or the line's latest judged period (judgedPeriodOf:
 * the newest figures the line's status is read from). Anything older explains an earlier
 * state of the line, and is shown as earlier likewise.
 */
export const explanationCounts = (e: RecordedExplanation, window: ExplanationWindow): boolean =>
  !reportedAfter(e, window) && meetsCurrentFigures(e, window);

/** explanationCounts without the later reports: the window's rules and no month due since. */
const meetsCurrentFigures = (
  e: RecordedExplanation,
  window: Omit<ExplanationWindow, 'lineReportedAt'>,
): boolean => !fellDueAfter(e, window) && meetsWindow(e, window);

/**
 * Why an explanation does not count: an effect report or correction of its line recorded after
 * it; else more of the line fallen due after it (the line's `lastDueOn`); else it was
 * recorded before the report's period about neither a period in it nor the line's latest judged
 * one — an earlier state of the line.
 */
export type NotCountingBecause = 'reported-after' | 'fell-due-after' | 'earlier-state';

const notCountingBecause = (
  e: RecordedExplanation,
  window: ExplanationWindow,
): NotCountingBecause => {
  if (reportedAfter(e, window)) return 'reported-after';
  return fellDueAfter(e, window) ? 'fell-due-after' : 'earlier-state';
};

/**
 * The latest explanation that counts, or else the latest earlier one, with why it does not
 * (oldest-first input).
 */
export const explanationFor = (
  recorded: readonly RecordedExplanation[],
  window: ExplanationWindow,
): {
  readonly explained: RecordedExplanation | null;
  readonly earlier: RecordedExplanation | null;
  readonly earlierBecause: NotCountingBecause | null;
} => {
  const counting = recorded.filter((e) => explanationCounts(e, window));
  const explained = counting.length > 0 ? counting[counting.length - 1] : null;
  const earlier = explained === null && recorded.length > 0 ? recorded[recorded.length - 1] : null;
  return {
    explained,
    earlier,
    earlierBecause: earlier === null ? null : notCountingBecause(earlier, window),
  };
};

/**
 * The latest period a line's status is read from, which an explanation that names a period
 * must meet (unless it is recorded within the report's window or names a period in it); null
 * before any. A valued line is judged on its periods to date: the latest with anything due
 * (forecastDue) or reported (actual), so a report held back does not leave an older year's
 * explanation standing for the year now due. A qualitative line is judged on its latest
 * reading: the period holding it.
 */
export const judgedPeriodOf = (line: Pick<LineFigures, 'class' | 'periods'>): string | null => {
  const valued = isValued(line.class);
  const judged = line.periods.filter((p) =>
    valued ? p.forecastDue !== null || p.actual !== null : p.indicatorValue !== null,
  );
  return judged.length > 0 ? judged[judged.length - 1].period : null;
};

const NONE_RECORDED: ReadonlyMap<string, readonly RecordedExplanation[]> = new Map();

/** The explanation explanationFor takes were the line not reported after it; null when none. */
const latestMeeting = (
  recorded: readonly RecordedExplanation[],
  window: Omit<ExplanationWindow, 'lineReportedAt'>,
): RecordedExplanation | null => {
  for (let i = recorded.length - 1; i >= 0; i--) {
    if (meetsCurrentFigures(recorded[i], window)) return recorded[i];
  }
  return null;
};

/** What deviationsOf reads beside the figures: the report's window and where it stands. */
export interface DeviationRead {
  readonly store: EventStore;
  readonly since: string;
  readonly asOf: string;
  /** The report's ledger position: a report of a line recorded after it is not in its figures. */
  readonly position: bigint;
}

/** A row of the deviations section: a line, or the valued lines together. */
interface Deviating {
  readonly id: string;
  readonly description: string;
  readonly owner: string;
  readonly status: string;
  readonly lastDueOn: string | null;
  readonly recorded: readonly RecordedExplanation[];
  readonly window: Omit<ExplanationWindow, 'lineReportedAt'>;
  /** The benefit lines whose reports or corrections after an explanation outdate it. */
  readonly movedBy: ReadonlySet<string>;
}

/** The latest of some period texts (by their last day); null when none. */
const latestPeriodOf = (periods: readonly (string | null)[]): string | null => {
  let latest: { text: string; end: string } | null = null;
  for (const text of periods) {
    if (text === null) continue;
    const parsed = parsePeriod(text);
    if (!parsed.ok) continue;
    const end = periodEnd(parsed.period);
    if (latest === null || end > latest.end) latest = { text, end };
  }
  return latest?.text ?? null;
};

/**
 * The valued lines together, when their summed realisation (the investment's status counts it)
 * is in watch or deviation and worse than every line's status: the investment is listed so in
 * the investments table, and without this row the section named no line for it, and nothing
 * could explain it. Judged on the latest period any valued line is judged on; the project lead
 * answers for it. Undefined otherwise.
 */
const togetherOf = (
  view: InvestmentOutline,
  figures: Pick<InvestmentFigures, 'lines' | 'status'>,
  explanations: ReadonlyMap<string, readonly RecordedExplanation[]>,
  read: DeviationRead,
): Deviating | undefined => {
  const status = figures.status;
  if (!(DEVIATING as readonly (string | null)[]).includes(status)) return undefined;
  if (status === worstStatus(figures.lines.map((l) => l.status))) return undefined;
  // A line of that id, in a case documented before the id was reserved, keeps it: its own row.
  if (figures.lines.some((l) => l.benefitLineId === VALUED_LINES_TOGETHER)) return undefined;
  const valued = figures.lines.filter((l) => isValued(l.class));
  const lastDueOn = valued.reduce<string | null>(
    (latest, l) =>
      l.lastDueOn !== null && (latest === null || l.lastDueOn > latest) ? l.lastDueOn : latest,
    null,
  );
  return {
    id: VALUED_LINES_TOGETHER,
    description: VALUED_LINES_TOGETHER_DESCRIPTION,
    // A report of any valued line after the explanation moves the sum it explained.
    movedBy: new Set(valued.map((l) => l.benefitLineId)),
    owner: view.projectLead,
    status: status as string,
    lastDueOn,
    recorded: explanations.get(VALUED_LINES_TOGETHER) ?? [],
    window: {
      since: read.since,
      asOf: read.asOf,
      latestPeriod: latestPeriodOf(valued.map(judgedPeriodOf)),
      lastDueOn,
    },
  };
};

/**
 * The investment's deviating lines (and the valued lines together: togetherOf), each with the
 * explanation that counts for it. Only for a deviating row with an explanation is the
 * investment's stream read, back only to the explanation of each that would count, or else its
 * latest (whose reason for not counting is then told: reportsAfter; for the valued lines
 * together, a report of any of them): a report without explanations of deviating lines reads
 * no report event.
 */
export const deviationsOf = async (
  view: InvestmentOutline,
  figures: Pick<InvestmentFigures, 'lines' | 'status'>,
  explanations: ReadonlyMap<string, readonly RecordedExplanation[]>,
  read: DeviationRead,
): Promise<BoardDeviation[]> => {
  const deviating: Deviating[] = figures.lines
    .filter((l) => (DEVIATING as readonly (string | null)[]).includes(l.status))
    .map((l) => ({
      id: l.benefitLineId,
      description: l.description,
      owner: l.owner,
      status: l.status as string,
      lastDueOn: l.lastDueOn,
      recorded: explanations.get(l.benefitLineId) ?? [],
      movedBy: new Set([l.benefitLineId]),
      window: {
        since: read.since,
        asOf: read.asOf,
        latestPeriod: judgedPeriodOf(l),
        lastDueOn: l.lastDueOn,
      },
    }));
  const together = togetherOf(view, figures, explanations, read);
  if (together !== undefined) deviating.push(together);
  const asked = new Map<string, ReportsAsked>();
  for (const { id, recorded, window, movedBy } of deviating) {
    // The one that would count, else the latest recorded, shown as earlier: a report after it
    // is then why it does not count (earlierBecause), whatever else it misses.
    const candidate = latestMeeting(recorded, window) ?? recorded.at(-1) ?? null;
    if (candidate === null) continue;
    asked.set(id, { after: BigInt(candidate.position), lines: movedBy });
  }
  const reported = await reportsAfter(read.store, view.investmentId, asked, read.position);
  return deviating.map(({ id, description, owner, status, lastDueOn, recorded, window }) => {
    const { explained, earlier, earlierBecause } = explanationFor(recorded, {
      ...window,
      lineReportedAt: reported.get(id)?.toString() ?? null,
    });
    return {
      investmentId: view.investmentId,
      title: view.title,
      benefitLineId: id,
      description,
      owner,
      status,
      explanation: explained?.explanation ?? null,
      explained,
      earlier,
      earlierBecause,
      lastDueOn,
    };
  });
};

@Injectable()
export class BoardReports {
  constructor(
    private readonly funds: FundQueries,
    private readonly investments: InvestmentQueries,
    private readonly reports: ReportQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_VERIFIER) private readonly verifier: LedgerVerifier,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModels,
  ) {
    // Read as the service starts, beside the code it loaded: read at the first report, it named
    // whatever a later build had put in its place (`npm start` compiles a new dist/ into place).
    runningCodeDigest().catch(() => undefined);
  }

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
    // Callers without HTTP (the CLI, the bench) may pass a bare date: a Stockholm day here too.
    // Not after today (this clock's Stockholm day): a later day's figures are no record.
    const now = this.clock();
    const asked = requireNotAfterToday(parseLedgerMoment(query.asOf, 'asOf'), now, 'asOf');
    // A moment later than now (today's bare date: the end of today) is read as now, and the
    // report says so. Read as the end of today, every part of it was read at the ledger's head
    // of its own moment, so any change recorded while it was made could enter one part and not
    // another (or its digest), and the report claimed a day's end it had not seen.
    const asOf =
      asked === undefined || Date.parse(asked) > now.getTime() ? now.toISOString() : asked;
    const sinceAsked = parseLedgerMoment(query.since, 'since');
    const fund = await this.funds.get(query.fundId, { asOf });
    // Every later part reads at the position the fund's part resolved the moment to, as the
    // digest does: an event stamped before the moment whose commit landed after the fund was
    // read (the service stamps an event before its group commit) would otherwise enter the
    // later parts only, and the investments' funding disagree with the fund's totals.
    const position = BigInt(fund.position);
    const read = { asOf, resolvedPosition: position };
    // The digest is verified beside the figures (in worker threads on a long chain), and
    // awaited once they are done; its refusal, if any, still comes in place of the report.
    // Should a later step fail, the digest runs to its end unawaited, holding one of the
    // verifier's slots until then (a few seconds on a long chain).
    const ledgerDigest = this.digest(BigInt(fund.position));
    ledgerDigest.catch(() => undefined);
    progress(1, BOARD_STEPS);
    // As the list gives them: without the facts that pile up (effect reports, costs), which the
    // report takes from the figures and the fund balance; reading every summary whole was most
    // of a large fund's board report (6.8 s of 26 s on the 1M-event ledger, under the profiler).
    // Without the list's figures to date too: each investment's figures are worked out below.
    const list = await this.investments.outlines(read);
    const funded = list.filter((i) => i.allocations.some((a) => a.fundId === query.fundId));
    progress(2, BOARD_STEPS);
    const until = fund.asOf ?? asOf;
    const since = sinceAsked ?? previousQuarterEnd(until);
    const balance = (await this.readModels.at(read)).views.fundBalance;
    const explanations = await recordedExplanations(this.store, position);
    // Every funded investment's figures, and the fund report over those investments alone: the
    // fund's own group there is the one the whole report has (no other investment has a share
    // in it), and each part is made from the figures just worked out, its track read once for
    // both while it stays parsed.
    const figured = await this.reports.figuresAndReport(
      funded.map((i) => i.investmentId),
      'year',
      'fund',
      read,
    );
    // The follow-up report as of the same moment: its overdue list and its waivers (every one
    // recorded up to asOf, from its read model), as GET /api/reports/follow-up gives them.
    const followUp = await this.reports.followUp(undefined, read);
    const fundedIds = new Set(funded.map((i) => i.investmentId));
    const waivers = followUp.waived.filter((w) => fundedIds.has(w.investmentId));
    const waivedCount = new Map<string, number>();
    for (const w of waivers)
      waivedCount.set(w.investmentId, (waivedCount.get(w.investmentId) ?? 0) + 1);
    const investments: BoardInvestment[] = [];
    const deviations: BoardDeviation[] = [];
    for (const view of funded) {
      const figures = figured.figures.get(view.investmentId);
      if (figures === undefined) throw investmentNotFound(view.investmentId, until);
      const side: FundSide = {
        fundId: query.fundId,
        funding: ownEntry(balance.investments, view.investmentId),
        overridden: fund.overriddenAllocations,
        waived: waivedCount.get(view.investmentId) ?? 0,
      };
      investments.push(investmentOf(view, figures, side));
      const recorded = explanations.get(view.investmentId) ?? NONE_RECORDED;
      const deviationRead = { store: this.store, since, asOf: until, position };
      deviations.push(...(await deviationsOf(view, figures, recorded, deviationRead)));
    }
    // In the follow-up's order (oldest first), each line named as the report's figures name it.
    const waived = waivers.map((w) =>
      waiverOf(w, figured.figures.get(w.investmentId)?.lines ?? []),
    );
    progress(3, BOARD_STEPS);
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
          reportedBeforeEnd: r.reportedBeforeEnd,
        })),
    );
    const group = figured.report.groups.find((g) => g.group === query.fundId);
    const years = (group?.periods ?? []).map((p) => ({
      year: p.period,
      baselineForecast: p.baselineForecast,
      currentForecast: p.currentForecast,
      actual: p.actual,
      harvested: p.harvested,
    }));
    progress(4, BOARD_STEPS);
    const changes = await this.changes({ since, position }, query.lang ?? 'en');
    progress(5, BOARD_STEPS);
    const ledger = await ledgerDigest;
    progress(6, BOARD_STEPS);
    return {
      fundId: fund.fundId,
      name: fund.name,
      asOf: until,
      since,
      today: fund.today,
      ledger,
      rules: await this.rules(),
      tranches: fund.tranches.map(trancheOf),
      totals: {
        amount: fund.totals.amount,
        availableNow: fund.totals.availableNow,
        expected: fund.totals.expected,
        lapsed: fund.totals.lapsed,
        closed: fund.totals.closed,
        allocated: fund.totals.allocated,
        spent: fund.totals.spent,
        spentBeyondAllocations: fund.totals.spentBeyondAllocations,
        harvested: fund.totals.harvested,
      },
      investments,
      deviations,
      overdue,
      waived,
      changes,
      years,
    };
  }

  private async rules(): Promise<BoardRules> {
    const { tolerances } = this.readModels;
    return {
      onTrackPct: tolerances.onTrackPct,
      watchPct: tolerances.watchPct,
      followUpGraceDays: this.readModels.followUpGraceDays,
      readModels: modelSignature(),
      code: await runningCodeDigest(),
    };
  }

  /**
   * The business events recorded after `since` up to the report's `position` (users and
   * tokens left out), the listed ones summarised in `lang`: a Swedish correction of an effect
   * report with the value it replaced, read from the ledger (summary-context.ts).
   */
  private async changes(
    { since, position }: { since: string; position: bigint },
    lang: Lang,
  ): Promise<BoardReport['changes']> {
    const from = new Date(new Date(since).getTime() + 1).toISOString();
    const byType: Record<string, number> = {};
    const listed: BoardChange[] = [];
    const contexts = new SummaryContexts(this.store);
    let total = 0;
    // Up to the report's position, not to its asOf: on EventStoreDB an event at or before it
    // may be stamped after asOf (another process's clock), and the figures read there hold it.
    for await (const event of changesIn(this.store, { from }, 0n, position)) {
      const business =
        event.streamId.startsWith(FUND_STREAM_PREFIX) ||
        event.streamId.startsWith(INVESTMENT_STREAM_PREFIX);
      if (!business) continue;
      total += 1;
      byType[event.type] = (byType[event.type] ?? 0) + 1;
      if (listed.length >= MAX_BOARD_CHANGES) continue;
      const row = toAuditEvent(event);
      listed.push({
        position: row.position,
        recordedAt: row.recordedAt,
        type: row.type,
        actor: row.actor.id,
        summary: await contexts.summaryOf(event, lang),
        why: row.decisionRef ?? row.reason,
      });
    }
    return { total, byType, listed };
  }

  /**
   * The digest the report was read at. A chain that does not verify gets no digest and no
   * report (409 LEDGER_BROKEN, as GET /api/audit/digest answers): a board report must never
   * vouch for changed history. Only an empty ledger (position 0) has no digest.
   */
  private async digest(position: bigint): Promise<BoardReport['ledger']> {
    const scope = this.verifier.scope;
    if (position === 0n) return { position: '0', digest: null, scope };
    // The chain is read from the furthest link this service verified before (its hash read
    // again and unchanged), not from the first event every time: on the 1M-event ledger the
    // whole chain took 10 s of each report. GET /api/audit/verify reads all of it, always.
    const outcome = await this.verifier.digest({ position, reuseVerified: true });
    switch (outcome.kind) {
      case 'digest':
        return { position: position.toString(), digest: formatDigest(outcome.digest), scope };
      case 'broken':
        throw new ProblemException(
          problem(
            409,
            'LEDGER_BROKEN',
            `The hash chain is broken (${outcome.report.reason ?? 'see verify'}); a board report would vouch for changed history.`,
            { firstBrokenPosition: outcome.report.firstBrokenPosition?.toString() ?? null },
          ),
        );
      case 'no-event':
        // The read models stand at a position the store no longer holds: its tail is gone.
        throw new ProblemException(
          problem(
            409,
            'LEDGER_BROKEN',
            `The ledger has no event at position ${outcome.position} (its head is ${outcome.headPosition}), which the report was read at.`,
            { firstBrokenPosition: null },
          ),
        );
      default: {
        const exhaustive: never = outcome;
        throw new Error(`unknown digest outcome ${JSON.stringify(exhaustive)}`);
      }
    }
  }
}
