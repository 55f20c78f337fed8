/**
 * The fund's view of an investment: what its allocation rules need before deciding (the case
 * versions with the day each was documented, its running-cost effect, its author and its line
 * owners; the project lead; whether it is approved yet), what has been spent
 * against an allocation (for the reduction rule), and whether the approval process has handled
 * an allocation since (its baseline and `approved` stage).
 */
import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '../event-store/event-store';
import { CaseVersionCheck, InvestmentCheck } from '../fund/fund.commands';
import { InvestmentCheckPort, InvestmentRead } from '../fund/investment-check';
import { EVENT_STORE } from '../infra/tokens';
import { Money } from '../money/money';
import { stockholmDay } from '../periods/stockholm-day';
import { ReadModels } from '../projections/read-models.service';
import { allocationKey } from '../../projections/figures/spend-attribution';
import { ApprovalProcessManager } from './approval.process-manager';
import { investmentCheckFor } from './investment.access';
import { InvestmentState, investmentDecider, startInvestmentFold } from './investment.decider';
import { InvestmentEvent, investmentStream } from './investment.events';
import { runningCostEffect } from './running-cost-effect';
import { ownEntry } from '../shared/own-entry';

const readAt = <T>(stream: string, revision: bigint | undefined, value: T): InvestmentRead<T> => ({
  value,
  unchanged: [{ stream, revision: revision ?? 'no-stream' }],
});

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
    private readonly readModels: ReadModels,
    private readonly approvals: ApprovalProcessManager,
  ) {}

  /**
   * From committed events only: a benefit case still in flight is not yet a documented case.
   * Each version with its author and its benefit lines' owners, and the project lead and the
   * approving allocation, for the allocation's four-eyes rules.
   */
  async check(investmentId: string): Promise<InvestmentRead<InvestmentCheck>> {
    const stream = investmentStream(investmentId);
    // The events up to a revision never change, so a check folded at the stream's present
    // committed revision is still exact; one indexed lookup instead of reading the stream.
    const revision = await this.store.streamRevision(stream);
    const cached = this.checks.get(investmentId);
    if (cached && cached.revision === revision) return readAt(stream, revision, cached.check);
    let state: InvestmentState = investmentDecider.initialState;
    let folded: bigint | undefined;
    const versions: CaseVersionCheck[] = [];
    // Only the last state is kept: one fold scope, as the command handler's load (fold.ts).
    const step = startInvestmentFold();
    for await (const event of this.store.readStream(stream)) {
      const domainEvent = { type: event.type, data: event.data } as InvestmentEvent;
      state = step(state, domainEvent);
      folded = event.revision;
      if (domainEvent.type === 'BenefitCaseDocumented') {
        const { version, case: benefitCase, documentedBy } = domainEvent.data;
        versions.push({
          version,
          // A case carries no business date: the day the ledger learned it is its date.
          documentedOn: stockholmDay(event.metadata.recordedAt),
          runningCostEffect: runningCostEffect(benefitCase).total,
          // As the investment's state keeps it: unknown for versions recorded before authors were.
          ...(documentedBy === undefined ? {} : { documentedBy }),
          owners: [...new Set(benefitCase.benefits.map((line) => line.owner))],
        });
      }
    }
    const check: InvestmentCheck = {
      ...investmentCheckFor(state),
      versions,
      // Who answers for the delivery, and whether an allocation now approves (four-eyes rules).
      ...(state.exists
        ? { projectLead: state.projectLead, firstAllocationId: state.firstAllocationId }
        : {}),
    };
    this.remember(investmentId, { revision: folded, check });
    return readAt(stream, folded, check);
  }

  /**
   * From the live fund-balance read model once it has folded every event recorded so far
   * (a bounded wait; 503 READ_MODEL_BEHIND past it), so the spend the rule sees is the spend
   * GET /api/funds shows. A cost recorded between this read and the reduction's append is a
   * race the fund stream's revision cannot see; the projection then attributes that cost to
   * whatever room is left, and nothing is ever attributed beyond an allocation.
   */
  async spentAgainst(fundId: string, allocationId: string): Promise<InvestmentRead<Money>> {
    const key = allocationKey(fundId, allocationId);
    const fundBalance = async () => {
      const head = await this.store.headPosition();
      return (await this.readModels.at({ minPosition: String(head) })).views.fundBalance;
    };
    // An allocation's investment never changes: the first read only finds whose it is.
    const owner = ownEntry((await fundBalance()).allocations, key);
    if (owner === undefined) return { value: Money.zero, unchanged: [] };
    // The investment's revision is read before the head the spend is read at, so that spend
    // holds every cost recorded up to the revision; a cost recorded after it moves the
    // revision, and the reduction is then decided again (docs/DOMAIN.md, "Spend against
    // allocations").
    const stream = investmentStream(owner.investmentId);
    const revision = await this.store.streamRevision(stream);
    const { investments } = await fundBalance();
    const spent = ownEntry(ownEntry(investments, owner.investmentId)?.spentByAllocation ?? {}, key);
    return readAt(stream, revision, spent === undefined ? Money.zero : Money.of(spent));
  }

  private remember(investmentId: string, entry: CachedCheck): void {
    this.checks.delete(investmentId);
    this.checks.set(investmentId, entry);
    if (this.checks.size > MAX_CACHED_CHECKS) {
      const oldest = this.checks.keys().next().value;
      if (oldest !== undefined) this.checks.delete(oldest);
    }
  }

  /** The approval process records the consequence of every allocation (approval.process-manager.ts). */
  allocationHandled(position: bigint): Promise<boolean> {
    return this.approvals.waitFor(position);
  }
}
