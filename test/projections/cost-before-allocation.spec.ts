/**
 * Costs recorded while the investment had no allocation (docs/DOMAIN.md, "Spend against
 * allocations"): no fund's until its first allocation is recorded, which then takes them as if
 * they had been recorded just after it, in the order they were recorded. What its room does
 * not cover is spent beyond the allocations of that allocation's fund. So the fund that pays
 * for the investment sees the spend, whichever of the two facts was typed in first; an as-of
 * answer before the allocation is as it was; and the attribution never moves afterwards.
 */
import { Money } from '../../src/money/money';
import {
  FundBalance,
  FundBalanceView,
  evolveFundBalance,
  initialFundBalanceView,
} from '../../projections/fund-balance.projection';
import { LedgerEvent } from '../../projections/ledger-event';
import { LedgerLog, trancheAdded } from './ledger-events';

const INV = 'e-arkiv';

const established = (): LedgerLog => {
  const log = new LedgerLog();
  for (const fundId of ['f', 'g']) {
    log
      .fund(fundId, {
        type: 'FundEstablished',
        data: {
          fundId,
          name: fundId,
          currency: 'SEK',
          decisionRef: 'KF',
          trancheIds: ['t1', 't2'],
        },
      })
      .fund(fundId, trancheAdded('t1', 'T1', '10000.00', { allocatableFrom: '2016-12-31' }))
      .fund(fundId, trancheAdded('t2', 'T2', '10000.00', { allocatableFrom: '2016-12-31' }))
      .fund(fundId, {
        type: 'TrancheReleased',
        data: { trancheId: 't1', releasedOn: '2016-12-31', decisionRef: 'KS' },
      })
      .fund(fundId, {
        type: 'TrancheReleased',
        data: { trancheId: 't2', releasedOn: '2016-12-31', decisionRef: 'KS' },
      });
  }
  return log;
};

const allocate = (
  log: LedgerLog,
  allocationId: string,
  amount: string,
  { fundId = 'f', trancheId = 't1', decidedOn = '2018-02-01' } = {},
): LedgerLog =>
  log.fund(fundId, {
    type: 'FundsAllocated',
    data: {
      allocationId,
      investmentId: INV,
      trancheId,
      amount,
      decidedOn,
      decisionRef: 'KS',
      benefitCaseVersion: 1,
    },
  });

const cost = (log: LedgerLog, costId: string, amount: string, incurredOn = '2018-03-01') =>
  log.investment(INV, {
    type: 'CostRecorded',
    data: { investmentId: INV, costId, amount, incurredOn, reference: 'F' },
  });

const correct = (log: LedgerLog, costId: string, previousAmount: string, amount: string) =>
  log.investment(INV, {
    type: 'CostCorrected',
    data: {
      investmentId: INV,
      costId,
      correctionId: `k-${costId}-${amount}`,
      amount,
      previousAmount,
      reason: 'tilläggsfaktura',
    },
  });

const reverse = (log: LedgerLog, costId: string, previousAmount: string) =>
  log.investment(INV, {
    type: 'CostReversed',
    data: { investmentId: INV, costId, previousAmount, reason: 'felbokning' },
  });

const reduce = (log: LedgerLog, allocationId: string, amount: string) =>
  log.fund('f', {
    type: 'AllocationReduced',
    data: {
      reductionId: `r-${allocationId}-${amount}`,
      allocationId,
      investmentId: INV,
      trancheId: 't1',
      amount,
      decidedOn: '2018-06-01',
      decisionRef: 'KS',
      reason: 'minskad omfattning',
    },
  });

const viewOf = (events: readonly LedgerEvent[]): FundBalanceView => {
  let view = initialFundBalanceView;
  for (const event of events) view = evolveFundBalance(view, event);
  return view;
};

/** What a fund shows of its spend: per tranche, in no tranche, and the total. */
const spendOf = (fund: FundBalance) => ({
  tranches: fund.tranches.map((t) => [t.trancheId, t.spent]),
  spent: fund.totals.spent,
  beyond: fund.spentBeyondAllocations,
});

const nothingSpent = {
  tranches: [
    ['t1', '0.00'],
    ['t2', '0.00'],
  ],
  spent: '0.00',
  beyond: '0.00',
};

/** What every fund carries of the investment's spend: what its tranches and its beyond add to. */
const carried = (view: FundBalanceView): Money =>
  Money.sum(
    Object.values(view.funds).flatMap((f) => [
      Money.of(f.totals.spent),
      Money.of(f.spentBeyondAllocations),
    ]),
  );

describe('a cost recorded before the investment’s first allocation', () => {
  it('is the fund’s once the allocation arrives: its room first, the rest beyond it (the probe)', () => {
    const log = established();
    // The project lead records 2 500 today; finance then records 1 000 decided earlier.
    cost(log, 'big', '2500.00', '2024-05-20');
    const beforeAllocation = log.all();
    allocate(log, 'a1', '1000.00', { decidedOn: '2024-03-01' });
    const view = viewOf(log.all());
    expect(spendOf(view.funds.f)).toEqual({
      tranches: [
        ['t1', '1000.00'],
        ['t2', '0.00'],
      ],
      spent: '1000.00',
      beyond: '1500.00',
    });
    expect(spendOf(view.funds.g)).toEqual(nothingSpent);
    expect(view.investments[INV].costs.big).toEqual({
      parts: [{ fundId: 'f', trancheId: 't1', allocationId: 'a1', amount: '1000.00' }],
      beyond: '1500.00',
      beyondFundId: 'f',
    });
    // What the reduction rule reads: the allocation paid 1 000 and cannot be reduced below it.
    expect(view.investments[INV].spentByAllocation).toEqual({ 'f/a1': '1000.00' });
    expect(carried(view).toString()).toBe(view.investments[INV].spent);
    // Before the allocation the cost is no fund's, as it was.
    expect(spendOf(viewOf(beforeAllocation).funds.f)).toEqual(nothingSpent);
  });

  it('gives the same figures whichever of the cost and the allocation was recorded first', () => {
    const costFirst = established();
    cost(costFirst, 'c1', '700.00');
    cost(costFirst, 'c2', '600.00');
    allocate(costFirst, 'a1', '1000.00');
    const allocationFirst = established();
    allocate(allocationFirst, 'a1', '1000.00');
    cost(allocationFirst, 'c1', '700.00');
    cost(allocationFirst, 'c2', '600.00');
    const a = viewOf(costFirst.all());
    const b = viewOf(allocationFirst.all());
    expect(a.funds.f.tranches).toEqual(b.funds.f.tranches);
    expect(a.funds.f.spentBeyondAllocations).toBe('300.00');
    expect(b.funds.f.spentBeyondAllocations).toBe('300.00');
    expect(a.investments[INV].costs).toEqual(b.investments[INV].costs);
    expect(a.investments[INV].spentByAllocation).toEqual(b.investments[INV].spentByAllocation);
  });

  it('leaves a cost recorded after the allocation only the room the earlier ones left', () => {
    const log = established();
    cost(log, 'c1', '2500.00');
    allocate(log, 'a1', '1000.00');
    cost(log, 'c2', '1000.00');
    const fund = viewOf(log.all()).funds.f;
    // The first allocation's room went to c1, recorded first; c2 finds none.
    expect(spendOf(fund)).toEqual({
      tranches: [
        ['t1', '1000.00'],
        ['t2', '0.00'],
      ],
      spent: '1000.00',
      beyond: '2500.00',
    });
  });

  it('fills the room in the order the costs were recorded, whatever their ids', () => {
    const log = established();
    // "10" before "2": a record's own key order would put "2" first.
    cost(log, '10', '80.00');
    cost(log, '2', '50.00');
    allocate(log, 'a1', '100.00');
    const view = viewOf(log.all());
    expect(view.investments[INV].costs['10'].parts.map((p) => p.amount)).toEqual(['80.00']);
    expect(view.investments[INV].costs['2']).toMatchObject({ beyond: '30.00' });
    // Reversing "10" takes back its 80 from the tranche; the 30 beyond stay.
    reverse(log, '10', '80.00');
    expect(spendOf(viewOf(log.all()).funds.f)).toMatchObject({ spent: '20.00', beyond: '30.00' });
  });

  it('is charged to the fund of the first allocation; a later allocation takes only later costs', () => {
    const log = established();
    cost(log, 'c1', '2500.00');
    allocate(log, 'g1', '1000.00', { fundId: 'g', trancheId: 't2' });
    allocate(log, 'a1', '1000.00');
    const view = viewOf(log.all());
    expect(spendOf(view.funds.g)).toEqual({
      tranches: [
        ['t1', '0.00'],
        ['t2', '1000.00'],
      ],
      spent: '1000.00',
      beyond: '1500.00',
    });
    expect(spendOf(view.funds.f)).toEqual(nothingSpent);
    cost(log, 'c2', '400.00');
    expect(spendOf(viewOf(log.all()).funds.f)).toMatchObject({ spent: '400.00', beyond: '0.00' });
  });

  it('keeps the fund’s figures whole through corrections on either side of the allocation', () => {
    const log = established();
    cost(log, 'c1', '2500.00');
    correct(log, 'c1', '2500.00', '2000.00');
    allocate(log, 'a1', '1000.00');
    expect(spendOf(viewOf(log.all()).funds.f)).toMatchObject({
      spent: '1000.00',
      beyond: '1000.00',
    });
    // Upwards after the allocation: like a new cost now, and the allocation has no room left.
    correct(log, 'c1', '2000.00', '2100.00');
    expect(spendOf(viewOf(log.all()).funds.f)).toMatchObject({
      spent: '1000.00',
      beyond: '1100.00',
    });
    // Reversed: beyond first, then the part; nothing is left anywhere, and nothing below zero.
    reverse(log, 'c1', '2100.00');
    const view = viewOf(log.all());
    expect(spendOf(view.funds.f)).toEqual(nothingSpent);
    expect(view.investments[INV].spent).toBe('0.00');
  });

  it('leaves no fund below zero when a cost recorded before it is corrected upwards, then reversed', () => {
    const log = established();
    cost(log, 'c1', '2500.00');
    allocate(log, 'a1', '1000.00');
    correct(log, 'c1', '2500.00', '2600.00');
    reverse(log, 'c1', '2600.00');
    expect(spendOf(viewOf(log.all()).funds.f)).toEqual(nothingSpent);
  });

  it('holds its part of the allocation against a reduction: the room left is what can go back', () => {
    const log = established();
    cost(log, 'c1', '600.00');
    allocate(log, 'a1', '1000.00');
    reduce(log, 'a1', '400.00');
    cost(log, 'c2', '100.00');
    const view = viewOf(log.all());
    expect(view.investments[INV].spentByAllocation).toEqual({ 'f/a1': '600.00' });
    expect(spendOf(view.funds.f)).toMatchObject({ spent: '600.00', beyond: '100.00' });
    expect(view.funds.f.tranches[0].allocated).toBe('600.00');
  });

  it('a cost reversed before the allocation leaves nothing to attribute', () => {
    const log = established();
    cost(log, 'c1', '80.00');
    reverse(log, 'c1', '80.00');
    allocate(log, 'a1', '100.00');
    cost(log, 'c2', '100.00');
    expect(spendOf(viewOf(log.all()).funds.f)).toMatchObject({ spent: '100.00', beyond: '0.00' });
  });
});
