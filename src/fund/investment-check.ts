/**
 * What the fund needs to know of an investment before allocating to it, and whether the
 * investment has heard of an allocation since: a port, so the fund module does not depend on how
 * investments are stored.
 */
import { StreamCondition } from '../event-store/event-store';
import { Money } from '../money/money';
import { InvestmentCheck } from './fund.commands';

export const INVESTMENT_CHECK = Symbol('INVESTMENT_CHECK');

/**
 * What a look-up found, and the investment's stream at the revision it was read: the fund's
 * append holds only if that stream has not moved since (CommandSpec.unchanged), so a close or
 * a cost recorded meanwhile makes the command be decided again rather than slip past its rule.
 */
export interface InvestmentRead<T> {
  readonly value: T;
  readonly unchanged: readonly StreamCondition[];
}

export interface InvestmentCheckPort {
  /**
   * The investment as the allocation rules need it: stage, documented case, every version with
   * its day, running-cost effect, author and line owners, its project lead and whether it is
   * approved.
   */
  check(investmentId: string): Promise<InvestmentRead<InvestmentCheck>>;
  /**
   * What has been spent against an allocation (docs/DOMAIN.md, "Spend against allocations"),
   * with every event recorded so far folded in; zero for an allocation with no spend.
   */
  spentAgainst(fundId: string, allocationId: string): Promise<InvestmentRead<Money>>;
  /**
   * Waits (bounded) until the investment has heard of the allocation recorded at `position`
   * (the first one approves it, with the case version the allocation named as its baseline),
   * so the allocation's answer lets a client read the approval with its own writes. The
   * allocation stands either way; true when heard, false when the wait ran out.
   */
  allocationHandled(position: bigint): Promise<boolean>;
}
