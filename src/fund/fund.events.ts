/**
 * The facts of the fund ledger, stream `fund-{fundId}`. Data is JSON-safe as recorded:
 * money as strings with two decimals ("120000000.00"), business dates as 'YYYY-MM-DD'.
 * Who recorded an event and when lives in its metadata, not here.
 */
import { DomainEvent } from '../shared/decider';

/** A money amount as recorded: "120000000.00", always two decimals. */
export type MoneyString = string;
/** A business date as recorded: 'YYYY-MM-DD'. */
export type IsoDate = string;

export interface FundEstablishedData {
  readonly fundId: string;
  readonly name: string;
  readonly currency: 'SEK';
  readonly decisionRef: string;
  /**
   * The tranches set up with the fund, in order. Their TrancheAdded events follow in the
   * same append; the list lets a repeated establish be told apart from later additions.
   */
  readonly trancheIds: readonly string[];
}

export interface TrancheAddedData {
  readonly trancheId: string;
  readonly name: string;
  readonly amount: MoneyString;
  /** First day money may be allocated; null means open-ended. */
  readonly allocatableFrom: IsoDate | null;
  /** Last day money may be allocated (inclusive); null means open-ended. */
  readonly allocatableUntil: IsoDate | null;
  readonly decisionRef: string;
}

export interface TrancheReleasedData {
  readonly trancheId: string;
  readonly releasedOn: IsoDate;
  readonly decisionRef: string;
}

/**
 * A decision changed the tranche's terms. The event carries its terms after the decision and
 * before it, every one of them whether it changed or not, so the change reads from the event
 * alone and nothing earlier is rewritten: the TrancheAdded event keeps the amount first decided.
 */
export interface TrancheAmendedData {
  readonly trancheId: string;
  readonly amount: MoneyString;
  readonly allocatableFrom: IsoDate | null;
  readonly allocatableUntil: IsoDate | null;
  readonly previousAmount: MoneyString;
  readonly previousAllocatableFrom: IsoDate | null;
  readonly previousAllocatableUntil: IsoDate | null;
  readonly decidedOn: IsoDate;
  readonly decisionRef: string;
  readonly reason: string;
}

export interface TrancheClosedData {
  readonly trancheId: string;
  readonly closedOn: IsoDate;
  readonly decisionRef: string;
  readonly reason: string;
}

export interface FundsAllocatedData {
  readonly allocationId: string;
  readonly investmentId: string;
  readonly trancheId: string;
  readonly amount: MoneyString;
  readonly decidedOn: IsoDate;
  readonly decisionRef: string;
  readonly note?: string;
  /**
   * The benefit-case version the decision was based on. Since allocations name `caseVersion`
   * it is the version the decision named; allocations recorded before carry the version that
   * was current when they were recorded (null when none was known).
   */
  readonly benefitCaseVersion: number | null;
  /**
   * The board's decision reference for allocating although the named version's forecast
   * running-cost effect over its horizon is negative; absent when the allocation carried none.
   */
  readonly overrideRef?: string;
  /**
   * The named version's forecast running-cost effect over its horizon, as the decision saw it.
   * Absent on allocations recorded before the rule existed.
   */
  readonly runningCostEffect?: MoneyString;
}

export interface AllocationReducedData {
  /** Chosen by the client since reductions are idempotent by id; a server-made uuid before. */
  readonly reductionId: string;
  readonly allocationId: string;
  readonly investmentId: string;
  readonly trancheId: string;
  readonly amount: MoneyString;
  readonly decidedOn: IsoDate;
  readonly decisionRef: string;
  readonly reason: string;
}

export type FundEstablished = DomainEvent<'FundEstablished', FundEstablishedData>;
export type TrancheAdded = DomainEvent<'TrancheAdded', TrancheAddedData>;
export type TrancheReleased = DomainEvent<'TrancheReleased', TrancheReleasedData>;
export type TrancheAmended = DomainEvent<'TrancheAmended', TrancheAmendedData>;
export type TrancheClosed = DomainEvent<'TrancheClosed', TrancheClosedData>;
export type FundsAllocated = DomainEvent<'FundsAllocated', FundsAllocatedData>;
export type AllocationReduced = DomainEvent<'AllocationReduced', AllocationReducedData>;

export type FundEvent =
  | FundEstablished
  | TrancheAdded
  | TrancheReleased
  | TrancheAmended
  | TrancheClosed
  | FundsAllocated
  | AllocationReduced;

export type FundEventType = FundEvent['type'];

/** Every fund event type; `satisfies` keeps it in step with the union in both directions. */
export const FUND_EVENT_TYPES = [
  'FundEstablished',
  'TrancheAdded',
  'TrancheReleased',
  'TrancheAmended',
  'TrancheClosed',
  'FundsAllocated',
  'AllocationReduced',
] as const satisfies readonly FundEventType[];

/** Fails to compile when an event type is added to the union but not to the list. */
type AssertTrue<T extends true> = T;
export type FundEventTypesComplete = AssertTrue<
  [Exclude<FundEventType, (typeof FUND_EVENT_TYPES)[number]>] extends [never] ? true : false
>;

export const FUND_STREAM_PREFIX = 'fund-';

export const fundStream = (fundId: string): string => `${FUND_STREAM_PREFIX}${fundId}`;

export const isFundEvent = (event: { readonly type: string }): event is FundEvent =>
  (FUND_EVENT_TYPES as readonly string[]).includes(event.type);
