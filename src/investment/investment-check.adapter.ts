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

/** Investments whose last check is kept; an allocation rush touches a few at a time. */
export const MAX_CACHED_CHECKS = 1_000;

interface CachedCheck {
  readonly revision: bigint | undefined;
  readonly check: InvestmentCheck;
}

@Injectable()
export class InvestmentCheckAdapter implements InvestmentCheckPort {
  private readonly checks = new Map<string, CachedCheck>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly handler: CommandHandler,
  ) {}

  /** From committed events only: a benefit case still in flight is not yet a documented case. */
  async check(investmentId: string): Promise<InvestmentCheck> {
    const stream = investmentStream(investmentId);
    // The events up to a revision never change, so a check folded at the stream's present
    // committed revision is still exact; one indexed lookup instead of reading the stream.
    const revision = await this.store.streamRevision(stream);
    const cached = this.checks.get(investmentId);
    if (cached && cached.revision === revision) return cached.check;
    const folded = await foldStream(this.store, stream, investmentDecider);
    const check = investmentCheckFor(folded.state);
    this.remember(investmentId, { revision: folded.revision, check });
    return check;
  }

  private remember(investmentId: string, entry: CachedCheck): void {
    this.checks.delete(investmentId);
    this.checks.set(investmentId, entry);
    if (this.checks.size > MAX_CACHED_CHECKS) {
      const oldest = this.checks.keys().next().value;
      if (oldest !== undefined) this.checks.delete(oldest);
    }
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
