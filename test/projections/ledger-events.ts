/**
 * Builds the events a projection folds, as the upcaster hands them over: positions in
 * order from 1, revisions per stream, a recorded time per event.
 */
import { LedgerDomainEvent, LedgerEvent } from '../../projections/ledger-event';
import { TrancheAddedData } from '../../src/fund/fund.events';
import type { BenefitCase } from '../../src/investment/benefit-case';

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

/**
 * A fund `f` of one tranche and investment `investmentId` with `theCase` as version 1, given
 * its first allocation (`a1`, decided 2017-03-15, on version 1); its approval not yet recorded.
 */
export const allocatedInvestmentLog = (investmentId: string, theCase: BenefitCase): LedgerLog =>
  new LedgerLog()
    .fund('f', {
      type: 'FundEstablished',
      data: { fundId: 'f', name: 'Fond', currency: 'SEK', decisionRef: 'KF', trancheIds: ['t1'] },
    })
    .fund('f', trancheAdded('t1', 'Etapp 1', '1000000.00'))
    .investment(investmentId, {
      type: 'InvestmentProposed',
      data: { investmentId, title: investmentId, department: 'D', projectLead: 'lena', need: 'N' },
    })
    .investment(investmentId, {
      type: 'BenefitCaseDocumented',
      data: { investmentId, version: 1, case: theCase },
    })
    .fund('f', {
      type: 'FundsAllocated',
      data: {
        allocationId: 'a1',
        investmentId,
        trancheId: 't1',
        amount: '100000.00',
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 1/2017',
        benefitCaseVersion: 1,
      },
    });

/**
 * allocatedInvestmentLog, approved by that allocation; then each of `reported` as an effect
 * report against version 1 (report ids r1, r2, … in order).
 */
export const approvedInvestmentLog = (
  investmentId: string,
  theCase: BenefitCase,
  reported: readonly { readonly line: string; readonly period: string; readonly value: string }[],
): LedgerLog => {
  const log = allocatedInvestmentLog(investmentId, theCase).investment(investmentId, {
    type: 'InvestmentApproved',
    data: { investmentId, allocationId: 'a1', baselineCaseVersion: 1 },
  });
  reported.forEach((r, i) =>
    log.investment(investmentId, {
      type: 'EffectReported',
      data: {
        investmentId,
        reportId: `r${i + 1}`,
        benefitLineId: r.line,
        period: r.period,
        value: r.value,
        evidence: 'Ekonomisystemet',
        caseVersion: 1,
      },
    }),
  );
  return log;
};
