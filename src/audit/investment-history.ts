/**
 * An investment's history for auditors: every event that concerns it (its own stream, and the
 * fund's allocations and reductions that name it) in recorded order, each with the
 * investment's state right after it. The state is folded from the very first event even when
 * a range hides the earlier ones, so "state after" is always the whole truth at that moment.
 */
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { AllocationReducedData, FUND_STREAM_PREFIX, FundsAllocatedData } from '../fund/fund.events';
import {
  effectiveReports,
  initialInvestmentState,
  investmentDecider,
  InvestmentState,
} from '../investment/investment.decider';
import {
  INVESTMENT_EVENT_TYPES,
  InvestmentEvent,
  investmentStream,
} from '../investment/investment.events';
import { Money } from '../money/money';
import { AuditEvent, toAuditEvent } from './audit-event';
import { summarise } from './event-summary';
import { isAfterRange, isBeforeRange, TimeRange } from './time-range';

/** The most events one history folds; beyond it the caller is told rather than kept waiting. */
export const MAX_HISTORY_EVENTS = 20_000;

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
  readonly closed: { readonly closedOn: string; readonly reason: string } | null;
}

export interface HistoryEntry extends AuditEvent {
  readonly summary: string;
  readonly stateAfter: InvestmentStateAfter;
  /** Set when the event could not be folded (the state is then the one before it). */
  readonly stateError?: string;
}

export interface InvestmentHistory {
  readonly investmentId: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly events: readonly HistoryEntry[];
}

export class HistoryTooLongError extends Error {
  readonly code = 'HISTORY_TOO_LONG';
  constructor(readonly investmentId: string) {
    super(`The history of ${investmentId} has more than ${MAX_HISTORY_EVENTS} events.`);
    this.name = 'HistoryTooLongError';
  }
}

interface FoldState {
  readonly investment: InvestmentState;
  readonly allocations: readonly AllocationAfter[];
}

const INITIAL: FoldState = { investment: initialInvestmentState, allocations: [] };

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

const evolve = (state: FoldState, event: RecordedEvent): FoldState => {
  if (event.streamId.startsWith(FUND_STREAM_PREFIX)) {
    return { ...state, allocations: withAllocationEvent(state.allocations, event) };
  }
  if (!isInvestmentEvent(event)) return state;
  const domainEvent = { type: event.type, data: event.data } as InvestmentEvent;
  return { ...state, investment: investmentDecider.evolve(state.investment, domainEvent) };
};

const netAllocated = (allocations: readonly AllocationAfter[]): string =>
  Money.sum(allocations.map((a) => Money.of(a.amount).minus(Money.of(a.reduced)))).toString();

export const stateAfter = (state: FoldState): InvestmentStateAfter => {
  const { investment, allocations } = state;
  const base = { allocated: netAllocated(allocations), allocations };
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
    spent: Money.sum(investment.costs.map((c) => Money.of(c.amount))).toString(),
    harvested: Money.sum(investment.harvests.map((h) => Money.of(h.amount))).toString(),
    effectReports: effectiveReports(investment),
    closed: investment.closed,
  };
};

/** Folds the events (in position order) and lists those inside the range. */
export const historyOf = (
  investmentId: string,
  events: readonly RecordedEvent[],
  range: TimeRange,
): InvestmentHistory => {
  let state = INITIAL;
  const entries: HistoryEntry[] = [];
  for (const event of events) {
    let stateError: string | undefined;
    try {
      state = evolve(state, event);
    } catch (error) {
      // A projection never throws on a recorded fact; the auditor sees where folding failed.
      stateError = error instanceof Error ? error.message : String(error);
    }
    if (isBeforeRange(event, range)) continue;
    const entry = {
      ...toAuditEvent(event),
      summary: summarise(event),
      stateAfter: stateAfter(state),
    };
    entries.push(stateError === undefined ? entry : { ...entry, stateError });
  }
  return { investmentId, from: range.from ?? null, to: range.to ?? null, events: entries };
};

/** The events of the investment up to the end of the range, in position order. */
export const readInvestmentEvents = async (
  store: EventStore,
  investmentId: string,
  range: TimeRange,
): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  const keep = (event: RecordedEvent): void => {
    if (events.length >= MAX_HISTORY_EVENTS) throw new HistoryTooLongError(investmentId);
    events.push(event);
  };
  for await (const event of store.readStream(investmentStream(investmentId))) {
    if (isAfterRange(event, range)) break;
    keep(event);
  }
  const filter = { streamPrefix: FUND_STREAM_PREFIX, eventTypes: ALLOCATION_EVENT_TYPES };
  for await (const event of store.readAll({ filter })) {
    if (isAfterRange(event, range)) break;
    if ((event.data as { investmentId?: unknown }).investmentId === investmentId) keep(event);
  }
  return events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
};

/** Undefined when the investment has no event at all (up to the end of the range). */
export const readInvestmentHistory = async (
  store: EventStore,
  investmentId: string,
  range: TimeRange,
): Promise<InvestmentHistory | undefined> => {
  const events = await readInvestmentEvents(store, investmentId, range);
  if (events.length === 0) return undefined;
  return historyOf(investmentId, events, range);
};
