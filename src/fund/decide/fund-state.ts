/** The fund's state as its decider folds it, and the limits decide works within. */
import { Money } from '../../money/money';
import { PersistentMap } from '../../shared/persistent-map';
import { IsoDate, TrancheAmendedData } from '../fund.events';
import { DatedTerms, DayChange } from './tranche-timeline';

/** Bounds the state a single fund can be asked to hold at establishment. */
export const MAX_TRANCHES_PER_FUND = 100;
/**
 * How far a decision date may run ahead of the recording moment: a client clock a few minutes
 * ahead of the service's, just after midnight in Stockholm, may name "its" today.
 */
export const DECISION_DATE_CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

export type TrancheStatus = 'expected' | 'released' | 'closed';

export interface TrancheState {
  readonly trancheId: string;
  readonly name: string;
  readonly amount: Money;
  readonly allocatableFrom: IsoDate | null;
  readonly allocatableUntil: IsoDate | null;
  readonly status: TrancheStatus;
  /** The day the tranche was released; null while expected. */
  readonly releasedOn: IsoDate | null;
  /** Allocations net of reductions. */
  readonly allocated: Money;
  /** The earliest `decidedOn` of its allocations; null before the first. */
  readonly firstAllocatedOn: IsoDate | null;
  /** The latest `decidedOn` of its allocations; null before the first. */
  readonly lastAllocatedOn: IsoDate | null;
  /** The latest decision that changed its terms; null while it has none. */
  readonly lastAmendment: TrancheAmendedData | null;
  /**
   * Its terms in business time: as added, then as each amendment set them from its `decidedOn`
   * on (the fields above are the last of them). Decisions are judged by the terms of their day.
   */
  readonly terms: readonly DatedTerms[];
  /** What its allocations and reductions changed, by decision day (latest first). */
  readonly dayChanges: DayChange | null;
  /** Canonical body of the TrancheAdded event, to recognise a repeated AddTranche. */
  readonly fingerprint: string;
}

export interface AllocationState {
  readonly allocationId: string;
  readonly investmentId: string;
  readonly trancheId: string;
  readonly amount: Money;
  readonly reduced: Money;
  readonly decidedOn: IsoDate;
  /** Canonical body of the AllocateFunds command, to recognise a repeat. */
  readonly fingerprint: string;
}

export interface EstablishedFund {
  readonly status: 'established';
  readonly fundId: string;
  readonly name: string;
  readonly currency: 'SEK';
  readonly decisionRef: string;
  readonly initialTrancheIds: readonly string[];
  readonly tranches: ReadonlyMap<string, TrancheState>;
  /** Persistent: a fund's allocations grow with its life, and a Map copied per event made that quadratic. */
  readonly allocations: PersistentMap<string, AllocationState>;
  /** reductionId → canonical body, to recognise a repeated reduction. */
  readonly reductions: PersistentMap<string, string>;
}

export type FundState = { readonly status: 'none' } | EstablishedFund;

export const initialFundState: FundState = { status: 'none' };

/** The later of two days (ISO dates compare as text); null when neither is known. */
export const laterDay = (a: IsoDate | null, b: IsoDate | null): IsoDate | null =>
  a === null || (b !== null && b > a) ? b : a;

/** The earlier of two days; null when neither is known. */
export const earlierDay = (a: IsoDate | null, b: IsoDate | null): IsoDate | null =>
  a === null || (b !== null && b < a) ? b : a;

/** What can still be allocated from a tranche (released or not). */
export const availableIn = (tranche: TrancheState): Money =>
  tranche.amount.minus(tranche.allocated);

/** What is left of an allocation after its reductions. */
export const remainingOf = (allocation: AllocationState): Money =>
  allocation.amount.minus(allocation.reduced);
