/**
 * The history's fold on recorded events as they are, without the HTTP layer: the money in
 * each state after follows the allocations, reductions, costs and harvests, and a recorded
 * allocation whose amount is not money is reported on its own event instead of failing the
 * whole history.
 */
import { RecordedEvent } from '../../src/event-store/event-store';
import { historyOf } from '../../src/audit/investment-history';

const INVESTMENT = 'e-arkiv';
let position = 0n;

const recorded = (streamId: string, type: string, data: Record<string, unknown>): RecordedEvent => {
  position += 1n;
  return {
    streamId,
    revision: position,
    position,
    eventId: `event-${position}`,
    type,
    data,
    metadata: {
      actor: { id: 'frida.ek', role: 'fund-manager' },
      recordedAt: `2017-03-01T08:00:${String(position).padStart(2, '0')}.000Z`,
      schemaVersion: 1,
    },
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };
};

const proposed = (): RecordedEvent =>
  recorded(`investment-${INVESTMENT}`, 'InvestmentProposed', {
    investmentId: INVESTMENT,
    title: 'E-arkiv',
    department: 'Kommunstyrelseförvaltningen',
    projectLead: 'lena.berg',
    need: 'Arkivet digitalt',
  });

const allocated = (allocationId: string, amount: string): RecordedEvent =>
  recorded('fund-orebro', 'FundsAllocated', {
    allocationId,
    investmentId: INVESTMENT,
    trancheId: 't1',
    amount,
    decidedOn: '2017-03-01',
    decisionRef: 'Ks 1/2017',
  });

const reduced = (allocationId: string, amount: string): RecordedEvent =>
  recorded('fund-orebro', 'AllocationReduced', {
    reductionId: `r-${allocationId}`,
    allocationId,
    investmentId: INVESTMENT,
    trancheId: 't1',
    amount,
    decidedOn: '2017-06-01',
    decisionRef: 'Ks 2/2017',
    reason: 'smaller scope',
  });

const cost = (costId: string, amount: string): RecordedEvent =>
  recorded(`investment-${INVESTMENT}`, 'CostRecorded', {
    investmentId: INVESTMENT,
    costId,
    amount,
    incurredOn: '2017-04-01',
    reference: `F-${costId}`,
  });

const money = async (events: readonly RecordedEvent[]) =>
  (await historyOf(INVESTMENT, events, {}, { limit: 100 }))?.events.map((e) => [
    e.type,
    e.stateAfter.allocated,
    e.stateAfter.spent,
    e.stateError !== undefined,
  ]);

describe('the history fold', () => {
  it('carries the money after each event: allocations net of reductions, costs summed', async () => {
    expect(
      await money([
        proposed(),
        allocated('a1', '1000000.00'),
        cost('c1', '1200.50'),
        allocated('a2', '250000.00'),
        reduced('a1', '100000.00'),
        cost('c2', '0.50'),
      ]),
    ).toEqual([
      ['InvestmentProposed', '0.00', '0.00', false],
      ['FundsAllocated', '1000000.00', '0.00', false],
      ['CostRecorded', '1000000.00', '1200.50', false],
      ['FundsAllocated', '1250000.00', '1200.50', false],
      ['AllocationReduced', '1150000.00', '1200.50', false],
      ['CostRecorded', '1150000.00', '1201.00', false],
    ]);
  });

  it('finds a corrected report past one whose period is not a period, and folds on', async () => {
    const reported = (reportId: string, period: string): RecordedEvent =>
      recorded(`investment-${INVESTMENT}`, 'EffectReported', {
        investmentId: INVESTMENT,
        reportId,
        benefitLineId: 'tid',
        period,
        value: '100.00',
        evidence: 'Tidrapport',
        caseVersion: 1,
      });
    const corrected = (reportId: string, period: string, value: string): RecordedEvent =>
      recorded(`investment-${INVESTMENT}`, 'EffectReportCorrected', {
        investmentId: INVESTMENT,
        reportId,
        correctionId: `k-${reportId}-${value}`,
        benefitLineId: 'tid',
        period,
        value,
        reason: 'Rättelse',
        caseVersion: 1,
      });
    // Enough reports after the first that a correction of it is not found near the end.
    const later = Array.from({ length: 40 }, (_, i) => reported(`r-${i}`, String(2019 + i)));
    const history = await historyOf(
      INVESTMENT,
      [
        proposed(),
        reported('r-bad', 'våren 2018'),
        reported('r-first', '2018'),
        ...later,
        corrected('r-first', '2018', '150.00'),
        corrected('r-bad', 'våren 2018', '90.00'),
      ],
      {},
      { limit: 100 },
    );
    if (history === undefined) throw new Error('no history');
    const [first, bad] = history.events.slice(-2).map((e) => e.stateAfter.changed);
    expect(first).toMatchObject({ kind: 'effectReport', reportId: 'r-first', value: '150.00' });
    expect(bad).toMatchObject({ kind: 'effectReport', reportId: 'r-bad', value: '90.00' });
  });

  it('reports a recorded allocation whose amount is not money on its own event and folds on', async () => {
    const history = await historyOf(
      INVESTMENT,
      [proposed(), allocated('a1', 'a lot'), allocated('a2', '500.00')],
      {},
      { limit: 100 },
    );
    if (history === undefined) throw new Error('no history');
    const [, bad, good] = history.events;
    expect(bad.stateError).toMatch(/not money/);
    expect(bad.stateAfter.allocated).toBe('0.00');
    expect(good.stateError).toBeUndefined();
    expect(good.stateAfter.allocated).toBe('500.00');
    expect(history.stateAtEnd?.allocations.map((a) => a.allocationId)).toEqual(['a2']);
  });
});
