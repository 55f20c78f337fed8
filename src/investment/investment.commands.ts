/**
 * What project leads and finance ask of an investment. Commands arrive shaped: money parsed
 * to `Money` (never a number), dates checked as 'YYYY-MM-DD', ids chosen by the client or made
 * by the handler, the actor from authentication. Two things stay raw because only the decider
 * can judge them: the benefit case (validated against the domain's rules) and an effect value
 * (SEK or indicator units depending on the line's class, which only the recorded case knows).
 */
import { ActorRef } from '../event-store/event-store';
import { Money } from '../money/money';
import type { ExplainDeviation } from './deviation-explanation';
import { IsoDate, PeriodText, Stage } from './investment.events';

interface InvestmentCommandBase {
  readonly investmentId: string;
  /** Who asks; recorded in the events' metadata by the handler, never decided on here. */
  readonly actor: ActorRef;
}

/** Commands that judge business dates carry the Europe/Stockholm day they are recorded on. */
interface Dated {
  /** 'YYYY-MM-DD' in Europe/Stockholm, from the application's clock (periods/stockholm-day.ts). */
  readonly today: IsoDate;
}

/** Commands judged against the investment's life: it begins at the proposal or an earlier decision. */
interface LifeDated {
  /**
   * The earliest `decidedOn` of the investment's allocations: the board decided on it then, so
   * its life began no later (history entered into the ledger after the proposal was recorded).
   * Looked up by the application; absent before any allocation.
   */
  readonly firstDecidedOn?: IsoDate;
}

/** Costs and closings must also lie within the life of the fund that finances the investment. */
interface FundDated extends Dated, LifeDated {
  /**
   * The day the fund of the investment's first allocation began, looked up by the application:
   * the earliest of the Stockholm day it was established (its first event) and its tranches'
   * release days; absent before any allocation (the investment belongs to no fund yet).
   */
  readonly fundOpenedOn?: IsoDate;
}

export interface ProposeInvestment extends InvestmentCommandBase, Dated {
  readonly type: 'ProposeInvestment';
  readonly title: string;
  readonly department: string;
  readonly projectLead: string;
  readonly need: string;
  /**
   * Whether a user id is in the user register, from a snapshot the application read before
   * deciding: the project lead answers for the investment, so must be someone the ledger knows.
   */
  readonly isKnownUser: (userId: string) => boolean;
}

export interface DocumentBenefitCase extends InvestmentCommandBase {
  readonly type: 'DocumentBenefitCase';
  /** The body as parsed JSON: the decider validates it (BENEFIT_CASE_INVALID with paths). */
  readonly benefitCase: unknown;
  /**
   * Whether a user id is in the user register, answered by the application from a snapshot
   * it read before deciding (the decider stays pure): benefit owners must be known users.
   */
  readonly isKnownUser: (userId: string) => boolean;
}

export interface ChangeStage extends InvestmentCommandBase {
  readonly type: 'ChangeStage';
  readonly stage: Stage;
  readonly reason: string;
}

/** Sent by the application after the fund accepted an allocation for this investment. */
export interface RecordFirstAllocation extends InvestmentCommandBase {
  readonly type: 'RecordFirstAllocation';
  readonly allocationId: string;
  /** The benefit-case version the fund's decision was based on. */
  readonly caseVersion: number;
}

export interface RecordCost extends InvestmentCommandBase, FundDated {
  readonly type: 'RecordCost';
  readonly costId: string;
  readonly costLineId?: string;
  readonly amount: Money;
  readonly incurredOn: IsoDate;
  readonly reference: string;
  readonly description?: string;
}

/**
 * SEK for a valued line, a decimal in the indicator's unit for a qualitative one. A string is
 * read by the decider according to the line's class (a controller passes the text it got);
 * a Money is only right for a valued line.
 */
export type EffectValue = Money | string;

/**
 * LifeDated: nothing is realised before the investment existed. The application may leave
 * `firstDecidedOn` out when the period ends on or after the proposal's day (it cannot matter).
 */
export interface ReportEffect extends InvestmentCommandBase, Dated, LifeDated {
  readonly type: 'ReportEffect';
  readonly reportId: string;
  readonly benefitLineId: string;
  readonly period: PeriodText;
  readonly value: EffectValue;
  readonly evidence: string;
}

/** Dated: a lowered report of a period ended by today lowers what was realised to date. */
export interface CorrectEffectReport extends InvestmentCommandBase, Dated, LifeDated {
  readonly type: 'CorrectEffectReport';
  /** Made by the handler: the API has no client-chosen id for corrections. */
  readonly correctionId: string;
  readonly reportId: string;
  readonly value: EffectValue;
  readonly reason: string;
  readonly evidence?: string;
}

/** Dated: a harvest is judged against what was realised to date (periods ended by today). */
export interface RecordHarvest extends InvestmentCommandBase, Dated {
  readonly type: 'RecordHarvest';
  readonly harvestId: string;
  readonly benefitLineId: string;
  readonly fiscalYear: number;
  readonly amount: Money;
  readonly decisionRef: string;
  /** A harvest beyond the realised actual (förhandsreduktion) must say so, with a reason. */
  readonly aheadOfRealisation?: boolean;
  readonly reason?: string;
}

/** Finance re-baselines to the current case version; the approver may not be its author. */
/** Dated: a re-baseline may change only what is still to come on the day it is decided. */
export interface ReviseBaseline extends InvestmentCommandBase, Dated, LifeDated {
  readonly type: 'ReviseBaseline';
  readonly caseVersion: number;
  readonly reason: string;
  readonly decisionRef: string;
  /** The board's decision to adopt a version whose running-cost effect is negative. */
  readonly overrideRef?: string;
}

/**
 * LifeDated: a period that ended before the investment's life began is owed nothing, so there
 * is nothing to waive. The application may leave `firstDecidedOn` out when the period ends on
 * or after the proposal's day (it cannot matter), as for a report.
 */
export interface WaiveObligation extends InvestmentCommandBase, LifeDated {
  readonly type: 'WaiveObligation';
  readonly benefitLineId: string;
  readonly period: PeriodText;
  readonly reason: string;
}

/** A project lead may change only a cost they recorded themself: who did is looked up. */
interface CostRecorder {
  /**
   * Who recorded the cost (id and role), as its CostRecorded event's metadata says, looked up
   * by the application; it need not be when finance asks (finance may change any cost).
   */
  readonly recordedBy?: ActorRef;
}

export interface CorrectCost extends InvestmentCommandBase, CostRecorder {
  readonly type: 'CorrectCost';
  /** Made by the handler, like an effect correction's. */
  readonly correctionId: string;
  readonly costId: string;
  readonly amount: Money;
  readonly reason: string;
}

export interface ReverseCost extends InvestmentCommandBase, CostRecorder {
  readonly type: 'ReverseCost';
  readonly costId: string;
  readonly reason: string;
}

export interface CorrectHarvest extends InvestmentCommandBase, Dated {
  readonly type: 'CorrectHarvest';
  readonly correctionId: string;
  readonly harvestId: string;
  readonly amount: Money;
  readonly reason: string;
}

export interface ReverseHarvest extends InvestmentCommandBase {
  readonly type: 'ReverseHarvest';
  readonly harvestId: string;
  readonly reason: string;
}

export interface CloseInvestment extends InvestmentCommandBase, FundDated {
  readonly type: 'CloseInvestment';
  readonly closedOn: IsoDate;
  readonly reason: string;
  /**
   * The latest `decidedOn` of the investment's allocations, looked up by the application;
   * absent before any. A closing dated before it would have the board put money into an
   * investment already closed.
   */
  readonly lastDecidedOn?: IsoDate;
}

export type InvestmentCommand =
  | ProposeInvestment
  | DocumentBenefitCase
  | ChangeStage
  | RecordFirstAllocation
  | RecordCost
  | ReportEffect
  | CorrectEffectReport
  | RecordHarvest
  | CloseInvestment
  | ReviseBaseline
  | WaiveObligation
  | CorrectCost
  | ReverseCost
  | CorrectHarvest
  | ReverseHarvest
  | ExplainDeviation;

export type InvestmentCommandType = InvestmentCommand['type'];
