/**
 * An investment's history for auditors: every event that concerns it (its own stream, and the
 * fund's allocations and reductions that name it) in recorded order, each with the
 * investment's state right after it. The state is folded from the very first event even when
 * a range or page hides the earlier ones, so "state after" is always the whole truth at that
 * moment.
 *
 * The state after each event is compact (stage, money, counts, case versions, closing, and
 * the entity the event changed); the full state, with every allocation and effect report, is
 * given once, after the page's last event. A full state per event made the answer grow with
 * the square of the history. Pages bound the answer: `limit` events after a `next` cursor.
 */
import { LRUCache } from 'lru-cache';
import { FoldScope } from '../shared/fold-scope';
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { AllocationReducedData, FUND_STREAM_PREFIX, FundsAllocatedData } from '../fund/fund.events';
import {
  effectiveReports,
  effectiveValue,
  evolveWithin,
  initialInvestmentState,
  InvestmentState,
} from '../investment/investment.decider';
import { reportWithId } from '../investment/decide/report-index';
import {
  INVESTMENT_EVENT_TYPES,
  InvestmentEvent,
  investmentStream,
} from '../investment/investment.events';
import { Money } from '../money/money';
import {
  BaselineRevisedData,
  CostRecordedData,
  ObligationWaivedData,
  SavingsHarvestedData,
} from '../investment/investment.events';
import { AuditEvent, toAuditEvent } from './audit-event';
import { summarise } from './event-summary';
import { isAfterRange, isBeforeRange, recordedAtOf, TimeRange } from './time-range';

/** Events per page when the caller names no limit. */
export const DEFAULT_HISTORY_PAGE = 1_000;
/** The largest page: a whole issue-size history (10 000 events) fits in one. */
export const MAX_HISTORY_PAGE = 10_000;

export const ALLOCATION_EVENT_TYPES = ['FundsAllocated', 'AllocationReduced'] as const;

export interface AllocationAfter {
  readonly fundId: string;
  readonly allocationId: string;
  readonly trancheId: string;
  readonly amount: string;
  readonly reduced: string;
}

export interface EffectAfter {
  readonly reportId: string;
  readonly benefitLineId: string;
  readonly period: string;
  /** The value as it stands, corrections applied. */
  readonly value: string;
  readonly correctionId: string | null;
}

/** The investment as it stood right after an event. */
export interface InvestmentStateAfter {
  readonly exists: boolean;
  readonly title: string | null;
  readonly department: string | null;
  readonly projectLead: string | null;
  readonly stage: string | null;
  readonly currentCaseVersion: number | null;
  readonly baselineCaseVersion: number | null;
  /** Allocations net of reductions. */
  readonly allocated: string;
  readonly allocations: readonly AllocationAfter[];
  readonly spent: string;
  readonly harvested: string;
  readonly effectReports: readonly EffectAfter[];
  /** Re-baselining decisions and waived follow-up obligations, oldest first. */
  readonly baselineRevisions: readonly BaselineRevisedData[];
  readonly waivers: readonly ObligationWaivedData[];
  readonly closed: { readonly closedOn: string; readonly reason: string } | null;
}

/** The entity an event created or changed, as it stands after the event. */
export type ChangedEntity =
  | ({ readonly kind: 'allocation' } & AllocationAfter)
  | ({ readonly kind: 'effectReport' } & EffectAfter)
  | ({ readonly kind: 'cost' } & CostRecordedData)
  | ({ readonly kind: 'harvest' } & SavingsHarvestedData)
  | { readonly kind: 'benefitCase'; readonly version: number }
  | ({ readonly kind: 'baseline' } & BaselineRevisedData)
  | ({ readonly kind: 'waiver' } & ObligationWaivedData)
  | {
      readonly kind: 'costChange' | 'harvestChange';
      /** The cost's or harvest's id. */
      readonly entryId: string;
      readonly reversed: boolean;
      /** What the entry counts from here ("0.00" once reversed). */
      readonly amount: string;
      readonly previousAmount: string;
      readonly reason: string;
    };

export interface StateCounts {
  readonly allocations: number;
  readonly costs: number;
  readonly effectReports: number;
  readonly harvests: number;
}

/** The investment right after one event, in a size that does not grow with its history. */
export interface CompactStateAfter {
  readonly exists: boolean;
  readonly stage: string | null;
  readonly currentCaseVersion: number | null;
  readonly baselineCaseVersion: number | null;
  /** Allocations net of reductions. */
  readonly allocated: string;
  readonly spent: string;
  readonly harvested: string;
  readonly counts: StateCounts;
  readonly closed: { readonly closedOn: string; readonly reason: string } | null;
  /** Null when the event changed no single entity (a stage change, an approval, a closing). */
  readonly changed: ChangedEntity | null;
}

export interface HistoryEntry extends AuditEvent {
  readonly summary: string;
  readonly stateAfter: CompactStateAfter;
  /** Set when the event could not be folded (the state is then the one before it). */
  readonly stateError?: string;
}

export interface HistoryPage {
  /** Only events after this position are listed (the previous page's `next`). */
  readonly after?: bigint;
  readonly limit: number;
}

export interface InvestmentHistory {
  readonly investmentId: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly limit: number;
  readonly events: readonly HistoryEntry[];
  /** The whole state after the last listed event; null when the page lists none. */
  readonly stateAtEnd: InvestmentStateAfter | null;
  /** Pass as `after` for the next page; null when the range has no more events. */
  readonly next: string | null;
}

interface FoldState {
  readonly investment: InvestmentState;
  readonly allocations: readonly AllocationAfter[];
  /** Running totals: summing every cost for every event made the fold quadratic. */
  readonly spent: Money;
  readonly harvested: Money;
  /**
   * The money as the answer writes it, kept with the fold and redone only when it changes:
   * parsing and summing every allocation and printing the totals again for every event was
   * a fifth of a 10 000-event history's fold.
   */
  readonly text: { readonly allocated: string; readonly spent: string; readonly harvested: string };
}

const INITIAL: FoldState = {
  investment: initialInvestmentState,
  allocations: [],
  spent: Money.zero,
  harvested: Money.zero,
  text: {
    allocated: Money.zero.toString(),
    spent: Money.zero.toString(),
    harvested: Money.zero.toString(),
  },
};

const isInvestmentEvent = (event: RecordedEvent): boolean =>
  (INVESTMENT_EVENT_TYPES as readonly string[]).includes(event.type);

const fundIdOf = (event: RecordedEvent): string => event.streamId.slice(FUND_STREAM_PREFIX.length);

const withAllocationEvent = (
  allocations: readonly AllocationAfter[],
  event: RecordedEvent,
): AllocationAfter[] => {
  const fundId = fundIdOf(event);
  if (event.type === 'FundsAllocated') {
    const data = event.data as FundsAllocatedData;
    const added = {
      fundId,
      allocationId: data.allocationId,
      trancheId: data.trancheId,
      amount: data.amount,
      reduced: '0.00',
    };
    return [...allocations, added];
  }
  const data = event.data as AllocationReducedData;
  return allocations.map((a) =>
    a.fundId === fundId && a.allocationId === data.allocationId
      ? { ...a, reduced: Money.of(a.reduced).plus(Money.of(data.amount)).toString() }
      : a,
  );
};

/** A total after one entry changed: less what it counted, plus what it counts now (nothing once reversed). */
const moved = (total: Money, change: { previousAmount: string; amount?: string }): Money =>
  total.minus(Money.of(change.previousAmount)).plus(Money.of(change.amount ?? '0.00'));

/** The running totals after the event; taken before the lists grow, so a bad amount changes nothing. */
const totalsAfter = (
  state: FoldState,
  event: InvestmentEvent,
): Pick<FoldState, 'spent' | 'harvested'> => {
  if (event.type === 'CostRecorded') {
    return { spent: state.spent.plus(Money.of(event.data.amount)), harvested: state.harvested };
  }
  if (event.type === 'SavingsHarvested') {
    return { spent: state.spent, harvested: state.harvested.plus(Money.of(event.data.amount)) };
  }
  if (event.type === 'CostCorrected' || event.type === 'CostReversed') {
    return { spent: moved(state.spent, event.data), harvested: state.harvested };
  }
  if (event.type === 'HarvestCorrected' || event.type === 'HarvestReversed') {
    return { spent: state.spent, harvested: moved(state.harvested, event.data) };
  }
  return { spent: state.spent, harvested: state.harvested };
};

const netAllocated = (allocations: readonly AllocationAfter[]): string =>
  Money.sum(allocations.map((a) => Money.of(a.amount).minus(Money.of(a.reduced)))).toString();

const evolve = (state: FoldState, event: RecordedEvent, scope: FoldScope): FoldState => {
  if (event.streamId.startsWith(FUND_STREAM_PREFIX)) {
    const allocations = withAllocationEvent(state.allocations, event);
    const text = { ...state.text, allocated: netAllocated(allocations) };
    return { ...state, allocations, text };
  }
  if (!isInvestmentEvent(event)) return state;
  const domainEvent = { type: event.type, data: event.data } as InvestmentEvent;
  const totals = totalsAfter(state, domainEvent);
  const investment = evolveWithin(state.investment, domainEvent, scope);
  const text =
    totals.spent === state.spent && totals.harvested === state.harvested
      ? state.text
      : {
          allocated: state.text.allocated,
          spent: totals.spent.toString(),
          harvested: totals.harvested.toString(),
        };
  return { ...state, ...totals, investment, text };
};

export const stateAfter = (state: FoldState): InvestmentStateAfter => {
  const { investment, allocations } = state;
  const base = { allocated: state.text.allocated, allocations };
  if (!investment.exists) {
    return {
      exists: false,
      title: null,
      department: null,
      projectLead: null,
      stage: null,
      currentCaseVersion: null,
      baselineCaseVersion: null,
      ...base,
      spent: '0.00',
      harvested: '0.00',
      effectReports: [],
      baselineRevisions: [],
      waivers: [],
      closed: null,
    };
  }
  return {
    exists: true,
    title: investment.title,
    department: investment.department,
    projectLead: investment.projectLead,
    stage: investment.stage,
    currentCaseVersion: investment.caseVersions.at(-1)?.version ?? null,
    baselineCaseVersion: investment.baselineCaseVersion,
    ...base,
    spent: state.text.spent,
    harvested: state.text.harvested,
    effectReports: effectiveReports(investment),
    baselineRevisions: investment.baselineRevisions,
    waivers: investment.waivers,
    closed: investment.closed,
  };
};

const idOf = (event: RecordedEvent, field: string): unknown =>
  (event.data as Record<string, unknown>)[field];

const changedAllocation = (state: FoldState, event: RecordedEvent): ChangedEntity | null => {
  const fundId = fundIdOf(event);
  const allocationId = idOf(event, 'allocationId');
  const allocation = state.allocations.find(
    (a) => a.fundId === fundId && a.allocationId === allocationId,
  );
  return allocation ? { kind: 'allocation', ...allocation } : null;
};

const changedReport = (investment: InvestmentState, reportId: unknown): ChangedEntity | null => {
  if (!investment.exists || typeof reportId !== 'string') return null;
  // By the reports' index (decide/report-index.ts), which follows the list the fold grows in
  // place: walking back from the end per correction was quadratic when an early report was
  // corrected again and again (20,000 corrections walking 9,000 reports each).
  const report = reportWithId(investment.reports, reportId);
  if (!report) return null;
  const { benefitLineId, period } = report;
  const correctionId = report.corrections.at(-1)?.correctionId ?? null;
  const value = effectiveValue(report);
  return {
    kind: 'effectReport',
    reportId: report.reportId,
    benefitLineId,
    period,
    value,
    correctionId,
  };
};

const changedAmount = (
  kind: 'costChange' | 'harvestChange',
  event: RecordedEvent,
  idField: 'costId' | 'harvestId',
): ChangedEntity => {
  const reversed = event.type.endsWith('Reversed');
  return {
    kind,
    entryId: String(idOf(event, idField)),
    reversed,
    amount: reversed ? '0.00' : String(idOf(event, 'amount')),
    previousAmount: String(idOf(event, 'previousAmount')),
    reason: String(idOf(event, 'reason')),
  };
};

/** What the event created or changed, as the state holds it now. */
const changedBy = (state: FoldState, event: RecordedEvent): ChangedEntity | null => {
  const { investment } = state;
  switch (event.type) {
    case 'FundsAllocated':
    case 'AllocationReduced':
      return changedAllocation(state, event);
    case 'EffectReported':
    case 'EffectReportCorrected':
      return changedReport(investment, idOf(event, 'reportId'));
    case 'CostRecorded':
      return { kind: 'cost', ...(event.data as CostRecordedData) };
    case 'SavingsHarvested':
      return { kind: 'harvest', ...(event.data as SavingsHarvestedData) };
    case 'BenefitCaseDocumented':
      return { kind: 'benefitCase', version: Number(idOf(event, 'version')) };
    case 'BaselineRevised':
      return { kind: 'baseline', ...(event.data as BaselineRevisedData) };
    case 'ObligationWaived':
      return { kind: 'waiver', ...(event.data as ObligationWaivedData) };
    case 'CostCorrected':
    case 'CostReversed':
      return changedAmount('costChange', event, 'costId');
    case 'HarvestCorrected':
    case 'HarvestReversed':
      return changedAmount('harvestChange', event, 'harvestId');
    default:
      return null;
  }
};

export const compactStateAfter = (state: FoldState, event: RecordedEvent): CompactStateAfter => {
  const { investment, allocations } = state;
  const live = investment.exists ? investment : undefined;
  return {
    exists: investment.exists,
    stage: live?.stage ?? null,
    currentCaseVersion: live?.caseVersions.at(-1)?.version ?? null,
    baselineCaseVersion: live?.baselineCaseVersion ?? null,
    allocated: state.text.allocated,
    spent: state.text.spent,
    harvested: state.text.harvested,
    counts: {
      allocations: allocations.length,
      costs: live?.costs.length ?? 0,
      effectReports: live?.reports.length ?? 0,
      harvests: live?.harvests.length ?? 0,
    },
    closed: live?.closed ?? null,
    changed: changedBy(state, event),
  };
};

const isListed = (event: RecordedEvent, range: TimeRange, page: HistoryPage): boolean =>
  !isBeforeRange(event, range) && (page.after === undefined || event.position > page.after);

const step = (
  state: FoldState,
  event: RecordedEvent,
  scope: FoldScope,
): { state: FoldState; error?: string } => {
  try {
    return { state: evolve(state, event, scope) };
  } catch (error) {
    // A projection never throws on a recorded fact; the auditor sees where folding failed.
    return { state, error: error instanceof Error ? error.message : String(error) };
  }
};

/**
 * Where a history's fold stood after the event at `position`: the state after every event
 * that concerns the investment up to it. The ledger is only appended to, so that state never
 * changes, and a fold may go on from it rather than from the first event.
 */
export interface HistoryPoint {
  readonly state: FoldState;
  readonly position: bigint;
  readonly recordedAt: string;
  /** The revision of the last event of the investment's own stream folded; undefined: none. */
  readonly revision: bigint | undefined;
  /** How many events were folded to reach it: what keeping it costs, roughly. */
  readonly events: number;
}

/**
 * Folds a history's events in position order, from the first event or from a point. Its own
 * scope grows the lists it copied in place (only the latest state is read), and never writes
 * to the state it started from: a point handed out stays as it was.
 */
class HistoryFolder {
  private readonly scope = new FoldScope();
  private state: FoldState;
  /** The last event folded; the point is worked out from it only when it is asked for. */
  private lastEvent: RecordedEvent | undefined;
  /** The revision of the last event of the investment's own stream folded. */
  private revision: bigint | undefined;
  private events: number;

  constructor(private readonly from?: HistoryPoint) {
    this.state = from?.state ?? INITIAL;
    this.revision = from?.revision;
    this.events = from?.events ?? 0;
  }

  /** Folds an event the answer does not list. */
  pass(event: RecordedEvent): void {
    this.fold(event);
  }

  /** Folds a listed event and makes its entry. */
  entry(event: RecordedEvent): HistoryEntry {
    const error = this.fold(event);
    // Added to the audit event rather than spread with it into a new object: a spread with
    // more keys after it took V8's slow path, a fifth of the fold for 10 000 events.
    const entry: HistoryEntry = Object.assign(toAuditEvent(event), {
      summary: summarise(event, 'en'),
      stateAfter: compactStateAfter(this.state, event),
    });
    return error === undefined ? entry : { ...entry, stateError: error };
  }

  /** The whole state after the last event folded. */
  stateAfter(): InvestmentStateAfter {
    return stateAfter(this.state);
  }

  /** Where the fold stands; the point it began at before its first event (undefined: none). */
  point(): HistoryPoint | undefined {
    const last = this.lastEvent;
    if (last === undefined) return this.from;
    return {
      state: this.state,
      position: last.position,
      recordedAt: recordedAtOf(last),
      revision: this.revision,
      events: this.events,
    };
  }

  private fold(event: RecordedEvent): string | undefined {
    const folded = step(this.state, event, this.scope);
    this.state = folded.state;
    this.lastEvent = event;
    if (!event.streamId.startsWith(FUND_STREAM_PREFIX)) this.revision = event.revision;
    this.events += 1;
    return folded.error;
  }
}

/** Events folded into the points kept at once (a 10,015-event state is a few MB). */
export const HISTORY_POINT_EVENTS = 100_000;

/**
 * The points where recent pages of histories ended, by investment and position, so that the
 * next page (`after` = the last one's `next`) folds only its own events rather than the whole
 * history before it again: paging through a history costs its length, not its square. Bounded
 * by the events folded into the points; least recently used out first.
 */
export class HistoryPoints {
  private readonly points: LRUCache<string, HistoryPoint>;

  constructor(maxEvents: number = HISTORY_POINT_EVENTS) {
    this.points = new LRUCache<string, HistoryPoint>({
      maxSize: maxEvents,
      sizeCalculation: (point) => Math.max(1, point.events),
    });
  }

  /**
   * The point after the event at `position` of the investment's history, if it is kept; taken
   * out, as the page that goes on from it keeps its own end. A reader paging forward so holds
   * one point, not one per page it has read (ten states of the 10,015-event investment held
   * after a walk through it made the next whole-history page slower in the bench, its heap
   * marked again).
   */
  take(investmentId: string, position: bigint): HistoryPoint | undefined {
    const key = HistoryPoints.key(investmentId, position);
    const point = this.points.get(key);
    this.points.delete(key);
    return point;
  }

  keep(investmentId: string, point: HistoryPoint): void {
    this.points.set(HistoryPoints.key(investmentId, point.position), point);
  }

  /** How many points are kept (for tests and metrics). */
  get size(): number {
    return this.points.size;
  }

  // A position is digits, so the first ':' ends it whatever the id holds.
  private static key(investmentId: string, position: bigint): string {
    return `${position}:${investmentId}`;
  }
}

/**
 * The investment's events after `from` (or all of them) in position order, up to the ledger's
 * head when the read began: its own stream, read as it is asked for, with the fund allocations
 * and reductions that name it merged in. Those are a handful per investment and read first
 * (the store picks them out: reading every allocation of every fund to keep a few was most of
 * a long ledger's history page). Both stop at that head, so events appended while the stream
 * is read (it is read a page at a time) are left out of both, never of one only: a page, and
 * the point it leaves, is always every event up to where it ends.
 */
async function* investmentEvents(
  store: EventStore,
  investmentId: string,
  range: TimeRange,
  from?: HistoryPoint,
): AsyncGenerator<RecordedEvent> {
  const filter = {
    streamPrefix: FUND_STREAM_PREFIX,
    eventTypes: ALLOCATION_EVENT_TYPES,
    dataEquals: { field: 'investmentId', value: investmentId },
  };
  // This process's appends stamped by the range's end are placed first (as in changesIn).
  if (range.to !== undefined) await store.settleRecordedUpTo(range.to);
  const head = await store.headPosition();
  const allocations: RecordedEvent[] = [];
  for await (const event of store.readAll({ filter, after: from?.position ?? 0n, upTo: head })) {
    if (isAfterRange(event, range)) break;
    // The store has filtered on it already; checked again as the history's own guarantee.
    if ((event.data as { investmentId?: unknown }).investmentId === investmentId) {
      allocations.push(event);
    }
  }
  let next = 0;
  const stream = store.readStream(
    investmentStream(investmentId),
    from?.revision === undefined ? {} : { from: from.revision + 1n },
  );
  for await (const event of stream) {
    if (event.position > head) break;
    while (next < allocations.length && allocations[next].position < event.position) {
      yield allocations[next++];
    }
    yield event;
  }
  yield* allocations.slice(next);
}

/**
 * A page of history read: the fold of every event before its first listed one (folded as it
 * was read, none kept), the page's events, and whether more are listed after them.
 */
export interface HistoryPageRead {
  readonly investmentId: string;
  readonly folder: HistoryFolder;
  readonly events: readonly RecordedEvent[];
  readonly more: boolean;
}

/**
 * Reads one page of the investment's history: the events before it are folded as they are
 * read, and the page's own events (at most `limit`) are kept for the answer, so memory holds
 * a page whatever the history's length. With `points`, a page that begins where a kept point
 * ends goes on from it. Undefined when the investment has no event (up to the range's end).
 */
export const readHistoryPage = (
  store: EventStore,
  investmentId: string,
  range: TimeRange,
  page: HistoryPage,
  points?: HistoryPoints,
): Promise<HistoryPageRead | undefined> => {
  const kept = page.after === undefined ? undefined : points?.take(investmentId, page.after);
  // Inside the range's end only: the point's state holds every event up to it.
  const from = kept && (range.to === undefined || kept.recordedAt <= range.to) ? kept : undefined;
  const events = investmentEvents(store, investmentId, range, from);
  return collectPage(events, investmentId, range, page, from);
};

/** readHistoryPage over the events given (in position order), from a point or the first. */
const collectPage = async (
  source: AsyncIterable<RecordedEvent>,
  investmentId: string,
  range: TimeRange,
  page: HistoryPage,
  from?: HistoryPoint,
): Promise<HistoryPageRead | undefined> => {
  const folder = new HistoryFolder(from);
  const events: RecordedEvent[] = [];
  let seen = from !== undefined;
  let more = false;
  for await (const event of source) {
    if (isAfterRange(event, range)) break;
    seen = true;
    if (!isListed(event, range, page)) {
      folder.pass(event);
      continue;
    }
    // Listed events are never followed by unlisted ones (the range's start and the cursor are
    // lower bounds, and recorded times grow with position): one more listed means a next page.
    if (events.length === page.limit) {
      more = true;
      break;
    }
    events.push(event);
  }
  return seen ? { investmentId, folder, events, more } : undefined;
};

/**
 * Every entry of the investment's history in the range, each folded as it is read and none
 * kept: the whole history, however long, in the memory of one entry (the CSV and XLSX
 * export). Whether there is any event is read before this answers, so an investment without
 * one (up to the range's end) is undefined, not an empty stream.
 */
export const readHistoryEntries = async (
  store: EventStore,
  investmentId: string,
  range: TimeRange,
): Promise<AsyncIterable<HistoryEntry> | undefined> => {
  // Whether there is any: the first event, its read closed at once. The entries open their own
  // read only when they are asked for, so an answer abandoned before its first row (or never
  // begun) leaves no read of the store open.
  const probe = investmentEvents(store, investmentId, range);
  const first = await probe.next();
  await probe.return(undefined);
  if (first.done === true || isAfterRange(first.value, range)) return undefined;
  return historyEntries(store, investmentId, range);
};

async function* historyEntries(
  store: EventStore,
  investmentId: string,
  range: TimeRange,
): AsyncGenerator<HistoryEntry> {
  const folder = new HistoryFolder();
  // A reader that stops early returns this generator, which closes the store's read.
  for await (const event of investmentEvents(store, investmentId, range)) {
    if (isAfterRange(event, range)) return;
    if (isBeforeRange(event, range)) folder.pass(event);
    else yield folder.entry(event);
  }
}

/** A page of history folded as its entries are read (foldHistory). */
export interface HistoryFold {
  /** The listed events' entries, each folded when it is read; read once. */
  readonly entries: Iterable<HistoryEntry>;
  /** Once every entry has been read: the whole state after the last (null: none listed). */
  readonly stateAtEnd: () => InvestmentStateAfter | null;
  /** Once every entry has been read: the next page's cursor (null: no more). */
  readonly next: () => string | null;
}

/**
 * Folds a page read by readHistoryPage, each entry as it is read: an answer written as it is
 * folded holds one entry at a time, not 10 000 of them (about 100 MB for the 10,015-event
 * investment, each request's garbage copied by every young-generation collection while it was
 * held). When more follow, the point after the page's last event is kept in `points` for the
 * next page.
 */
export const foldHistory = (read: HistoryPageRead, points?: HistoryPoints): HistoryFold => {
  const { folder, events, more } = read;
  let done = false;
  function* entries(): Generator<HistoryEntry> {
    for (const event of events) yield folder.entry(event);
    done = true;
    const point = folder.point();
    if (more && points && point) points.keep(read.investmentId, point);
  }
  const afterEntries =
    <T>(value: () => T) =>
    (): T => {
      if (!done) throw new Error('the end of a history was asked for before its entries were read');
      return value();
    };
  return {
    entries: entries(),
    stateAtEnd: afterEntries(() => (events.length === 0 ? null : folder.stateAfter())),
    next: afterEntries(() => (more ? String(events[events.length - 1].position) : null)),
  };
};

/** What a history answer says before its events, in the answer's order. */
export const historyHead = (
  investmentId: string,
  range: TimeRange,
  page: HistoryPage,
): Pick<InvestmentHistory, 'investmentId' | 'from' | 'to' | 'limit'> => ({
  investmentId,
  from: range.from ?? null,
  to: range.to ?? null,
  limit: page.limit,
});

/** One page of the history, every entry in a list (foldHistory, read whole). */
const pageOf = (
  read: HistoryPageRead,
  range: TimeRange,
  page: HistoryPage,
  points?: HistoryPoints,
): InvestmentHistory => {
  const fold = foldHistory(read, points);
  const entries = [...fold.entries];
  return {
    ...historyHead(read.investmentId, range, page),
    events: entries,
    stateAtEnd: fold.stateAtEnd(),
    next: fold.next(),
  };
};

/** The events of an array, one at a time, as a store gives them. */
async function* eventsOf(events: readonly RecordedEvent[]): AsyncGenerator<RecordedEvent> {
  yield* events;
}

/**
 * One page of the history of the events given (every event that concerns the investment, in
 * position order), read whole; undefined when there is none up to the range's end.
 */
export const historyOf = async (
  investmentId: string,
  events: readonly RecordedEvent[],
  range: TimeRange,
  page: HistoryPage,
): Promise<InvestmentHistory | undefined> => {
  const read = await collectPage(eventsOf(events), investmentId, range, page);
  return read && pageOf(read, range, page);
};

/** One page of the investment's history, read whole; undefined when it has no event. */
export const readInvestmentHistory = async (
  store: EventStore,
  investmentId: string,
  range: TimeRange,
  page: HistoryPage,
  points?: HistoryPoints,
): Promise<InvestmentHistory | undefined> => {
  const read = await readHistoryPage(store, investmentId, range, page, points);
  return read && pageOf(read, range, page, points);
};
