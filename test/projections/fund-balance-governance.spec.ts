/**
 * The fund balance under the governance rules (issue 15): spend is attributed to allocations
 * when it is recorded and never moves when a later allocation arrives; spend no allocation has
 * room for is the fund's spend beyond its allocations; corrections and reversals take back
 * from where the cost was put; what can be allocated today is told apart from what is
 * expected, lapsed or closed; allocations and re-baselinings made on the board's override are
 * listed.
 */
import {
  FundBalance,
  evolveFundBalance,
  initialFundBalanceView,
} from '../../projections/fund-balance.projection';
import { availabilityOf, sumAvailability } from '../../projections/figures/availability';
import { LedgerEvent } from '../../projections/ledger-event';
import { LedgerLog, trancheAdded } from './ledger-events';

const INV = 'e-arkiv';

const established = () =>
  new LedgerLog()
    .fund('f', {
      type: 'FundEstablished',
      data: {
        fundId: 'f',
        name: 'Fond',
        currency: 'SEK',
        decisionRef: 'KF',
        trancheIds: ['t1', 't2'],
      },
    })
    .fund('f', trancheAdded('t1', 'T1', '1000.00', { allocatableFrom: '2016-12-31' }))
    .fund(
      'f',
      trancheAdded('t2', 'T2', '1000.00', {
        allocatableFrom: '2018-01-01',
        allocatableUntil: '2018-12-31',
      }),
    )
    .fund('f', {
      type: 'TrancheReleased',
      data: { trancheId: 't1', releasedOn: '2016-12-31', decisionRef: 'KS' },
    })
    .fund('f', {
      type: 'TrancheReleased',
      data: { trancheId: 't2', releasedOn: '2018-01-01', decisionRef: 'KS' },
    });

const allocate = (
  log: LedgerLog,
  allocationId: string,
  trancheId: string,
  amount: string,
  extra = {},
) =>
  log.fund('f', {
    type: 'FundsAllocated',
    data: {
      allocationId,
      investmentId: INV,
      trancheId,
      amount,
      decidedOn: '2018-02-01',
      decisionRef: 'KS',
      benefitCaseVersion: 1,
      ...extra,
    },
  });

const cost = (log: LedgerLog, costId: string, amount: string) =>
  log.investment(INV, {
    type: 'CostRecorded',
    data: { investmentId: INV, costId, amount, incurredOn: '2018-03-01', reference: 'F' },
  });

const fold = (events: readonly LedgerEvent[]): FundBalance => {
  let view = initialFundBalanceView;
  for (const event of events) view = evolveFundBalance(view, event);
  return view.funds.f;
};

const spentOf = (fund: FundBalance) => fund.tranches.map((t) => [t.trancheId, t.spent]);

describe('spend is attributed when it is recorded', () => {
  it('a later allocation from another tranche does not move spend already recorded; as-of answers agree', () => {
    const log = established();
    allocate(log, 'a1', 't1', '300.00');
    cost(log, 'c1', '250.00');
    const beforeSecond = log.all();
    allocate(log, 'a2', 't2', '700.00');
    const after = log.all();
    expect(spentOf(fold(beforeSecond))).toEqual([
      ['t1', '250.00'],
      ['t2', '0.00'],
    ]);
    expect(spentOf(fold(after))).toEqual(spentOf(fold(beforeSecond)));
    // The proportional rule this replaces would have put 75.00 of it on t1 and 175.00 on t2.
  });

  it('fills allocations in recorded order, each up to its room, and keeps what none has room for beyond them', () => {
    const log = established();
    allocate(log, 'a1', 't1', '300.00');
    allocate(log, 'a2', 't2', '200.00');
    cost(log, 'c1', '450.00');
    cost(log, 'c2', '100.00');
    const fund = fold(log.all());
    expect(spentOf(fund)).toEqual([
      ['t1', '300.00'],
      ['t2', '200.00'],
    ]);
    expect(fund.spentBeyondAllocations).toBe('50.00');
    expect(fund.totals.spent).toBe('500.00');
  });

  it('spend beyond the allocations stays beyond when a later allocation arrives; later costs fill it', () => {
    const log = established();
    allocate(log, 'a1', 't1', '100.00');
    cost(log, 'c1', '150.00');
    allocate(log, 'a2', 't2', '500.00');
    const before = fold(log.all());
    expect(spentOf(before)).toEqual([
      ['t1', '100.00'],
      ['t2', '0.00'],
    ]);
    expect(before.spentBeyondAllocations).toBe('50.00');
    cost(log, 'c2', '20.00');
    expect(spentOf(fold(log.all()))).toEqual([
      ['t1', '100.00'],
      ['t2', '20.00'],
    ]);
  });

  it('room freed by a reduction is filled by later costs, never by earlier ones', () => {
    const log = established();
    allocate(log, 'a1', 't1', '300.00');
    allocate(log, 'a2', 't2', '300.00');
    cost(log, 'c1', '100.00');
    log.fund('f', {
      type: 'AllocationReduced',
      data: {
        reductionId: 'r1',
        allocationId: 'a1',
        investmentId: INV,
        trancheId: 't1',
        amount: '150.00',
        decidedOn: '2018-04-01',
        decisionRef: 'KS',
        reason: 'billigare',
      },
    });
    cost(log, 'c2', '100.00');
    const fund = fold(log.all());
    expect(spentOf(fund)).toEqual([
      ['t1', '150.00'],
      ['t2', '50.00'],
    ]);
    expect(fund.tranches[0]).toMatchObject({ allocated: '150.00', unallocated: '850.00' });
  });

  it('a correction down takes back first what lay beyond the allocations, then the latest part; a reversal all of it', () => {
    const log = established();
    allocate(log, 'a1', 't1', '100.00');
    allocate(log, 'a2', 't2', '100.00');
    cost(log, 'c1', '250.00');
    log.investment(INV, {
      type: 'CostCorrected',
      data: {
        investmentId: INV,
        costId: 'c1',
        correctionId: 'k1',
        amount: '150.00',
        previousAmount: '250.00',
        reason: 'fel belopp',
      },
    });
    let fund = fold(log.all());
    expect(spentOf(fund)).toEqual([
      ['t1', '100.00'],
      ['t2', '50.00'],
    ]);
    expect(fund.spentBeyondAllocations).toBe('0.00');
    log.investment(INV, {
      type: 'CostReversed',
      data: {
        investmentId: INV,
        costId: 'c1',
        previousAmount: '150.00',
        reason: 'fel investering',
      },
    });
    fund = fold(log.all());
    expect(spentOf(fund)).toEqual([
      ['t1', '0.00'],
      ['t2', '0.00'],
    ]);
  });

  it('a correction up is attributed like a new cost, at the moment it is recorded', () => {
    const log = established();
    allocate(log, 'a1', 't1', '100.00');
    cost(log, 'c1', '80.00');
    allocate(log, 'a2', 't2', '100.00');
    log.investment(INV, {
      type: 'CostCorrected',
      data: {
        investmentId: INV,
        costId: 'c1',
        correctionId: 'k1',
        amount: '130.00',
        previousAmount: '80.00',
        reason: 'tilläggsfaktura',
      },
    });
    expect(spentOf(fold(log.all()))).toEqual([
      ['t1', '100.00'],
      ['t2', '30.00'],
    ]);
  });

  it('costs of an investment without any allocation are not the fund’s', () => {
    const log = established();
    cost(log, 'c1', '80.00');
    const fund = fold(log.all());
    expect(fund.totals.spent).toBe('0.00');
    expect(fund.spentBeyondAllocations).toBe('0.00');
  });
});

describe('overridden allocations', () => {
  it('lists allocations made on the board’s override with the effect they overrode', () => {
    const log = established();
    allocate(log, 'a1', 't1', '100.00', {
      overrideRef: 'Ks 330/2017',
      runningCostEffect: '-300.00',
    });
    allocate(log, 'a2', 't1', '100.00', { runningCostEffect: '50.00' });
    expect(fold(log.all()).overriddenAllocations).toEqual([
      {
        allocationId: 'a1',
        investmentId: INV,
        trancheId: 't1',
        amount: '100.00',
        decidedOn: '2018-02-01',
        decisionRef: 'KS',
        overrideRef: 'Ks 330/2017',
        caseVersion: 1,
        runningCostEffect: '-300.00',
      },
    ]);
  });
});

describe('overridden baselines', () => {
  const revised = (log: LedgerLog, caseVersion: number, overrideRef?: string) =>
    log.investment(INV, {
      type: 'BaselineRevised',
      data: {
        investmentId: INV,
        caseVersion,
        previousCaseVersion: caseVersion - 1,
        reason: 'Ny bedömning',
        decisionRef: `KS ${caseVersion}`,
        approvedBy: 'fia',
        ...(overrideRef === undefined ? {} : { overrideRef }),
      },
    });

  it('lists the overridden re-baselinings of the investments the fund pays for, earlier ones too', () => {
    const log = established();
    revised(log, 2, 'Ks 400/2017');
    revised(log, 3);
    // Before any allocation the fund pays for nothing: nothing listed yet.
    expect(fold(log.all()).overriddenBaselines).toEqual([]);
    allocate(log, 'a1', 't1', '100.00');
    allocate(log, 'a2', 't1', '100.00');
    revised(log, 4, 'Ks 500/2018');
    const entry = (caseVersion: number, overrideRef: string) => ({
      investmentId: INV,
      caseVersion,
      previousCaseVersion: caseVersion - 1,
      decisionRef: `KS ${caseVersion}`,
      approvedBy: 'fia',
      overrideRef,
    });
    expect(fold(log.all()).overriddenBaselines).toEqual([
      entry(2, 'Ks 400/2017'),
      entry(4, 'Ks 500/2018'),
    ]);
  });
});

describe('available money is what can be allocated today', () => {
  const tranche = {
    status: 'released' as const,
    allocatableFrom: '2018-01-01',
    allocatableUntil: '2018-12-31',
    releasedOn: '2018-01-01',
    unallocated: '700.00',
  };

  it('counts released money inside its window as available now', () => {
    expect(availabilityOf(tranche, '2018-06-30')).toEqual({
      availableNow: '700.00',
      expected: '0.00',
      lapsed: '0.00',
      closed: '0.00',
    });
  });

  it('counts money whose window has closed as lapsed, never as available', () => {
    expect(availabilityOf(tranche, '2019-01-01')).toMatchObject({
      availableNow: '0.00',
      lapsed: '700.00',
    });
  });

  it('counts money not released, released later, or before its window opens as expected', () => {
    expect(
      availabilityOf({ ...tranche, status: 'expected', releasedOn: null }, '2018-06-30'),
    ).toMatchObject({
      availableNow: '0.00',
      expected: '700.00',
    });
    expect(availabilityOf(tranche, '2017-12-31')).toMatchObject({ expected: '700.00' });
    expect(availabilityOf({ ...tranche, releasedOn: '2018-02-01' }, '2018-01-15')).toMatchObject({
      expected: '700.00',
    });
  });

  it('counts money left in a closed tranche as closed', () => {
    expect(availabilityOf({ ...tranche, status: 'closed' }, '2018-06-30')).toMatchObject({
      availableNow: '0.00',
      closed: '700.00',
    });
  });

  it('sums tranches field by field', () => {
    expect(
      sumAvailability([
        availabilityOf(tranche, '2019-01-01'),
        availabilityOf({ ...tranche, allocatableUntil: null }, '2019-01-01'),
      ]),
    ).toEqual({ availableNow: '700.00', expected: '0.00', lapsed: '700.00', closed: '0.00' });
  });
});
