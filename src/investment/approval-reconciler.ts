/**
 * An allocation is recorded on the fund's stream and its consequence (the investment
 * approved, with its baseline case version) on the investment's stream: two appends. If the
 * service stops between them and the client never retries, the investment would stay
 * unapproved. At start-up, once the read models have caught up, this records every approval
 * still missing, from the allocation event itself (its case version and its actor).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { EventStore } from '../event-store/event-store';
import { FundsAllocatedData, fundStream } from '../fund/fund.events';
import { EVENT_STORE, LOGGER } from '../infra/tokens';
import { ProjectionRunner } from '../projections/projection-runner';
import { CommandHandler } from '../shared/command-handler';
import { investmentDecider } from './investment.decider';
import { investmentStream, Stage } from './investment.events';

/** Stages from which the first allocation moves an investment to `approved`. */
const AWAITING_APPROVAL: readonly Stage[] = ['proposed', 'analysed'];
/** How long start-up waits for the read models before reconciling anyway from what they hold. */
export const RECONCILE_CATCH_UP_TIMEOUT_MS = 60_000;

export interface PendingApproval {
  readonly investmentId: string;
  readonly fundId: string;
  readonly allocationId: string;
}

@Injectable()
export class ApprovalReconciler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly handler: CommandHandler,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Investments with an allocation but no approval, by the read models. */
  pending(): PendingApproval[] {
    const { investments } = this.runner.current().views.investmentSummary;
    return Object.values(investments)
      .filter((s) => s.allocations.length > 0 && s.baselineCaseVersion === null)
      .filter((s) => AWAITING_APPROVAL.includes(s.stage) && s.closed === null)
      .map((s) => ({
        investmentId: s.investmentId,
        fundId: s.allocations[0].fundId,
        allocationId: s.allocations[0].allocationId,
      }));
  }

  /** Records the missing approvals; returns how many were recorded. */
  async reconcile(): Promise<number> {
    await this.runner.waitFor(await this.store.headPosition(), RECONCILE_CATCH_UP_TIMEOUT_MS);
    let recorded = 0;
    for (const pending of this.pending()) {
      if (await this.approve(pending)) recorded++;
    }
    if (recorded > 0) {
      this.logger.warn({ recorded }, 'recorded approvals left pending by interrupted allocations');
      // So that reads right after start-up already show the approvals.
      await this.runner.waitFor(await this.store.headPosition(), RECONCILE_CATCH_UP_TIMEOUT_MS);
    }
    return recorded;
  }

  private async approve(pending: PendingApproval): Promise<boolean> {
    for await (const event of this.store.readStream(fundStream(pending.fundId))) {
      const data = event.data as FundsAllocatedData;
      if (event.type !== 'FundsAllocated' || data.allocationId !== pending.allocationId) continue;
      if (data.benefitCaseVersion === null) return false;
      const actor = event.metadata.actor;
      const result = await this.handler.execute(
        investmentStream(pending.investmentId),
        investmentDecider,
        {
          type: 'RecordFirstAllocation',
          investmentId: pending.investmentId,
          allocationId: data.allocationId,
          caseVersion: data.benefitCaseVersion,
          actor,
        },
        {
          actor,
          correlationId: `allocation:${data.allocationId}`,
          metadata: {
            causedByPosition: String(event.position),
            resourceId: pending.investmentId,
            reason:
              'Approval recorded at start-up: the allocation was recorded, its approval was not.',
          },
        },
      );
      return !result.replayed;
    }
    return false;
  }
}
