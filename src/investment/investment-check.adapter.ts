/**
 * The fund's view of an investment: what its allocation rule needs before deciding, and the
 * first allocation recorded on the investment afterwards (its baseline and `approved` stage).
 */
import { Inject, Injectable } from '@nestjs/common';
import { Actor } from '../auth/roles';
import { EventStore } from '../event-store/event-store';
import { InvestmentCheck } from '../fund/fund.commands';
import { InvestmentCheckPort } from '../fund/investment-check';
import { CommandAnswer } from '../infra/idempotency';
import { EVENT_STORE } from '../infra/tokens';
import { CommandHandler } from '../shared/command-handler';
import { foldStream } from '../shared/fold';
import { investmentCheckFor } from './investment.access';
import { investmentDecider } from './investment.decider';
import { investmentStream } from './investment.events';

@Injectable()
export class InvestmentCheckAdapter implements InvestmentCheckPort {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly handler: CommandHandler,
  ) {}

  /** From committed events only: a benefit case still in flight is not yet a documented case. */
  async check(investmentId: string): Promise<InvestmentCheck> {
    const { state } = await foldStream(
      this.store,
      investmentStream(investmentId),
      investmentDecider,
    );
    return investmentCheckFor(state);
  }

  async allocated(
    investmentId: string,
    allocationId: string,
    caseVersion: number | null,
    actor: Actor,
    answer: CommandAnswer,
  ): Promise<void> {
    if (caseVersion === null) return;
    await this.handler.execute(
      investmentStream(investmentId),
      investmentDecider,
      { type: 'RecordFirstAllocation', investmentId, allocationId, caseVersion, actor },
      {
        actor,
        correlationId: `allocation:${allocationId}`,
        metadata: { causedByPosition: answer.position, resourceId: investmentId },
      },
    );
  }
}
