/**
 * What finance asks the fund to do. Commands arrive already validated in form: money parsed
 * to `Money` (never a number), dates checked as 'YYYY-MM-DD', ids chosen by the client or
 * made by the handler. The decider then checks them against the ledger's rules.
 */
import { ActorRef } from '../event-store/event-store';
import { Money } from '../money/money';
import { IsoDate } from './fund.events';

export interface TrancheSpec {
  readonly trancheId: string;
  readonly name: string;
  readonly amount: Money;
  /** null: allocatable from the start. */
  readonly allocatableFrom: IsoDate | null;
  /** null: allocatable without an end date. */
  readonly allocatableUntil: IsoDate | null;
}

export interface EstablishFund {
  readonly type: 'EstablishFund';
  readonly fundId: string;
  readonly name: string;
  readonly currency: 'SEK';
  readonly decisionRef: string;
  readonly tranches: readonly TrancheSpec[];
}

export interface AddTranche extends TrancheSpec {
  readonly type: 'AddTranche';
  readonly fundId: string;
  readonly decisionRef: string;
}

/**
 * The moment the command is recorded (ISO 8601 UTC), from the service clock: a decision date
 * may not lie after it (in Stockholm days, with a small clock tolerance).
 */
export interface Recorded {
  readonly recordedAt: string;
}

export interface ReleaseTranche extends Recorded {
  readonly type: 'ReleaseTranche';
  readonly fundId: string;
  readonly trancheId: string;
  readonly releasedOn: IsoDate;
  readonly decisionRef: string;
}

/**
 * A recorded decision that changes a tranche's terms: its amount, its allocation window, or
 * both (a budget cutting an ambition, a board extending a window). A term left undefined keeps
 * the tranche's current value; a window bound given as null makes that side of it open.
 */
export interface AmendTranche extends Recorded {
  readonly type: 'AmendTranche';
  readonly fundId: string;
  readonly trancheId: string;
  readonly amount?: Money;
  readonly allocatableFrom?: IsoDate | null;
  readonly allocatableUntil?: IsoDate | null;
  readonly decidedOn: IsoDate;
  readonly decisionRef: string;
  readonly reason: string;
}

export interface CloseTranche extends Recorded {
  readonly type: 'CloseTranche';
  readonly fundId: string;
  readonly trancheId: string;
  readonly closedOn: IsoDate;
  readonly decisionRef: string;
  readonly reason: string;
}

/** One documented benefit-case version, as the allocation rules need it. */
export interface CaseVersionCheck {
  readonly version: number;
  /** The Stockholm day the ledger recorded the version (cases carry no business date of their own). */
  readonly documentedOn: IsoDate;
  /** The version's forecast running-cost effect summed over its horizon (running-cost-effect.ts). */
  readonly runningCostEffect: Money;
  /**
   * Who documented it (`documentedBy` on BenefitCaseDocumented): the approving allocation may
   * not be theirs. Absent for versions recorded before authors were, which are not checked.
   */
  readonly documentedBy?: string;
  /** The owners of its benefit lines: answerable for the investment's delivery. */
  readonly owners?: readonly string[];
}

/**
 * What the handler found in the investment's stream before deciding, so the fund decider
 * can apply the benefit-case rule without reading anything itself.
 */
export interface InvestmentCheck {
  readonly exists: boolean;
  readonly closed: boolean;
  /** What the benefit case lacks, e.g. "benefits[0].indicator.baseline"; empty when documented. */
  readonly missing: readonly string[];
  /** The benefit-case version in force now; null when there is none. */
  readonly caseVersion: number | null;
  /** Every documented version, oldest first. */
  readonly versions: readonly CaseVersionCheck[];
  /** The investment's project lead: answerable for its delivery, so no allocation is theirs. */
  readonly projectLead?: string;
  /**
   * The allocation that approved the investment; null (or absent) while none has, so an
   * allocation now is the approving one, whose version becomes the baseline.
   */
  readonly firstAllocationId?: string | null;
}

export interface AllocateFunds extends Recorded {
  readonly type: 'AllocateFunds';
  readonly fundId: string;
  readonly allocationId: string;
  readonly investmentId: string;
  readonly trancheId: string;
  readonly amount: Money;
  readonly decidedOn: IsoDate;
  readonly decisionRef: string;
  readonly note?: string;
  /** The benefit-case version the decision was taken on: the investment's baseline. */
  readonly caseVersion: number;
  /** The board's decision to allocate despite a negative running-cost effect. */
  readonly overrideRef?: string;
  readonly investment: InvestmentCheck;
  /**
   * Who records the allocation (the authenticated caller): the four-eyes rules judge it against
   * the investment's project lead, its line owners and its versions' authors.
   */
  readonly actor: ActorRef;
}

export interface ReduceAllocation extends Recorded {
  readonly type: 'ReduceAllocation';
  readonly fundId: string;
  /** The client's id (or, for a client that sends an Idempotency-Key instead, one the handler made). */
  readonly reductionId: string;
  readonly allocationId: string;
  readonly amount: Money;
  readonly decidedOn: IsoDate;
  readonly decisionRef: string;
  readonly reason: string;
  /**
   * What has been spent against the allocation (fund-balance projection's attribution, read
   * through the investment-check port): the allocation may not be reduced below it.
   */
  readonly spent: Money;
}

export type FundCommand =
  | EstablishFund
  | AddTranche
  | ReleaseTranche
  | AmendTranche
  | CloseTranche
  | AllocateFunds
  | ReduceAllocation;

export type FundCommandType = FundCommand['type'];
