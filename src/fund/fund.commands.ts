/**
 * What finance asks the fund to do. Commands arrive already validated in form: money parsed
 * to `Money` (never a number), dates checked as 'YYYY-MM-DD', ids chosen by the client or
 * made by the handler. The decider then checks them against the ledger's rules.
 */
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

export interface ReleaseTranche {
  readonly type: 'ReleaseTranche';
  readonly fundId: string;
  readonly trancheId: string;
  readonly releasedOn: IsoDate;
  readonly decisionRef: string;
}

export interface CloseTranche {
  readonly type: 'CloseTranche';
  readonly fundId: string;
  readonly trancheId: string;
  readonly closedOn: IsoDate;
  readonly decisionRef: string;
  readonly reason: string;
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
}

export interface AllocateFunds {
  readonly type: 'AllocateFunds';
  readonly fundId: string;
  readonly allocationId: string;
  readonly investmentId: string;
  readonly trancheId: string;
  readonly amount: Money;
  readonly decidedOn: IsoDate;
  readonly decisionRef: string;
  readonly note?: string;
  readonly investment: InvestmentCheck;
}

export interface ReduceAllocation {
  readonly type: 'ReduceAllocation';
  readonly fundId: string;
  /** Made by the handler (the API has no client-chosen id for reductions). */
  readonly reductionId: string;
  readonly allocationId: string;
  readonly amount: Money;
  readonly decidedOn: IsoDate;
  readonly decisionRef: string;
  readonly reason: string;
}

export type FundCommand =
  EstablishFund | AddTranche | ReleaseTranche | CloseTranche | AllocateFunds | ReduceAllocation;

export type FundCommandType = FundCommand['type'];
