/**
 * What the fund needs to know of an investment before allocating to it, and what the
 * investment needs to hear after: a port, so the fund module does not depend on how
 * investments are stored.
 */
import { Actor } from '../shared/roles';
import { CommandAnswer } from '../infra/idempotency';
import { Money } from '../money/money';
import { InvestmentCheck } from './fund.commands';

export const INVESTMENT_CHECK = Symbol('INVESTMENT_CHECK');

export interface InvestmentCheckPort {
  /** The investment as the allocation rules need it: stage, documented case, every version with its day and running-cost effect. */
  check(investmentId: string): Promise<InvestmentCheck>;
  /**
   * What has been spent against an allocation (docs/DOMAIN.md, "Spend against allocations"),
   * with every event recorded so far folded in; zero for an allocation with no spend.
   */
  spentAgainst(fundId: string, allocationId: string): Promise<Money>;
  /**
   * Called after an allocation was recorded (or found recorded): the first one approves the
   * investment with `caseVersion`, the version the allocation named, as its baseline.
   */
  allocated(
    investmentId: string,
    allocationId: string,
    caseVersion: number | null,
    actor: Actor,
    answer: CommandAnswer,
  ): Promise<void>;
}
