/**
 * What the fund needs to know of an investment before allocating to it, and what the
 * investment needs to hear after: a port, so the fund module does not depend on how
 * investments are stored.
 */
import { Actor } from '../auth/roles';
import { CommandAnswer } from '../infra/idempotency';
import { InvestmentCheck } from './fund.commands';

export const INVESTMENT_CHECK = Symbol('INVESTMENT_CHECK');

export interface InvestmentCheckPort {
  check(investmentId: string): Promise<InvestmentCheck>;
  /** Called after an allocation was recorded (or found recorded): the first one approves the investment. */
  allocated(
    investmentId: string,
    allocationId: string,
    caseVersion: number | null,
    actor: Actor,
    answer: CommandAnswer,
  ): Promise<void>;
}
