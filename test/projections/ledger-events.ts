/**
 * Builds the events a projection folds, as the upcaster hands them over: positions in
 * order from 1, revisions per stream, a recorded time per event.
 */
import { LedgerDomainEvent, LedgerEvent } from '../../projections/ledger-event';
import { TrancheAddedData } from '../../src/fund/fund.events';

/** A TrancheAdded event: without an allocation window unless one is given, decided by KF. */
export const trancheAdded = (
  trancheId: string,
  name: string,
  amount: string,
  more: Partial<
    Pick<TrancheAddedData, 'allocatableFrom' | 'allocatableUntil' | 'decisionRef'>
  > = {},
): LedgerDomainEvent => ({
  type: 'TrancheAdded',
  data: {
    trancheId,
    name,
    amount,
    allocatableFrom: more.allocatableFrom ?? null,
    allocatableUntil: more.allocatableUntil ?? null,
    decisionRef: more.decisionRef ?? 'KF',
  },
});

export class LedgerLog {
  private readonly events: LedgerEvent[] = [];
  private readonly revisions = new Map<string, number>();

  constructor(private readonly startsAt = '2017-01-02T08:00:00.000Z') {}

  add(streamId: string, event: LedgerDomainEvent, recordedAt?: string): this {
    const revision = this.revisions.get(streamId) ?? 0;
    this.revisions.set(streamId, revision + 1);
    const position = this.events.length + 1;
    this.events.push({
      ...event,
      streamId,
      revision: String(revision),
      position: String(position),
      recordedAt: recordedAt ?? this.startsAt,
    } as LedgerEvent);
    return this;
  }

  fund(fundId: string, event: LedgerDomainEvent, recordedAt?: string): this {
    return this.add(`fund-${fundId}`, event, recordedAt);
  }

  investment(investmentId: string, event: LedgerDomainEvent, recordedAt?: string): this {
    return this.add(`investment-${investmentId}`, event, recordedAt);
  }

  all(): LedgerEvent[] {
    return [...this.events];
  }
}
