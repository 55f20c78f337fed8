/**
 * The fund balance after a tranche is amended (finding F4): from the amendment on, the
 * tranche's amount, unallocated money and window are the amended ones, and so what is
 * available now, expected or lapsed on any day; folded up to a position before it, the balance
 * still has the terms then. Spent, harvested and allocated are untouched by it.
 */
import {
  FundBalance,
  evolveFundBalance,
  initialFundBalanceView,
} from '../../projections/fund-balance.projection';
import { availabilityOf } from '../../projections/figures/availability';
import { LedgerEvent } from '../../projections/ledger-event';
import { TrancheAmendedData } from '../../src/fund/fund.events';
import { LedgerLog, trancheAdded } from './ledger-events';

const INV = 'e-arkiv';

const amended = (data: Partial<TrancheAmendedData>): TrancheAmendedData => ({
  trancheId: 't2',
  amount: '1000.00',
  allocatableFrom: '2018-01-01',
  allocatableUntil: '2018-12-31',
  previousAmount: '1000.00',
  previousAllocatableFrom: '2018-01-01',
  previousAllocatableUntil: '2018-12-31',
  decidedOn: '2018-12-10',
  decisionRef: 'Ks 911/2018',
  reason: 'Förlängd',
  ...data,
});

/** T1 1 000 (from 2016-12-31), T2 1 000 (2018); T2 released, 300 allocated from it and 100 spent. */
const ledger = () =>
  new LedgerLog()
    .fund('f', {
      type: 'FundEstablished',
      data: { fundId: 'f', name: 'Fond', currency: 'SEK', decisionRef: 'KF', trancheIds: ['t1'] },
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
      data: { trancheId: 't2', releasedOn: '2018-01-15', decisionRef: 'KS' },
    })
    .fund('f', {
      type: 'FundsAllocated',
      data: {
        allocationId: 'a1',
        investmentId: INV,
        trancheId: 't2',
        amount: '300.00',
        decidedOn: '2018-02-01',
        decisionRef: 'KS',
        benefitCaseVersion: 1,
      },
    })
    .investment(INV, {
      type: 'CostRecorded',
      data: {
        investmentId: INV,
        costId: 'c1',
        amount: '100.00',
        incurredOn: '2018-03-01',
        reference: 'F',
      },
    });

const fold = (events: readonly LedgerEvent[]): FundBalance => {
  let view = initialFundBalanceView;
  for (const event of events) view = evolveFundBalance(view, event);
  return view.funds.f;
};

const t2Of = (fund: FundBalance) => fund.tranches.find((t) => t.trancheId === 't2')!;

describe('the fund balance after a tranche is amended', () => {
  it('takes the cut amount into the tranche and the totals, the rest as it was', () => {
    const events = ledger()
      .fund('f', { type: 'TrancheAmended', data: amended({ amount: '400.00' }) })
      .all();
    const fund = fold(events);
    expect(t2Of(fund)).toMatchObject({
      amount: '400.00',
      allocated: '300.00',
      unallocated: '100.00',
      spent: '100.00',
      harvested: '0.00',
      allocatableFrom: '2018-01-01',
      allocatableUntil: '2018-12-31',
      status: 'released',
    });
    expect(fund.totals).toMatchObject({
      amount: '1400.00',
      allocated: '300.00',
      unallocated: '1100.00',
      spent: '100.00',
    });
  });

  it('keeps the terms before the amendment in a fold up to a position before it', () => {
    const events = ledger()
      .fund('f', { type: 'TrancheAmended', data: amended({ amount: '400.00' }) })
      .all();
    expect(t2Of(fold(events.slice(0, -1)))).toMatchObject({
      amount: '1000.00',
      unallocated: '700.00',
    });
    expect(fold(events.slice(0, -1)).totals.amount).toBe('2000.00');
    expect(fold(events).totals.amount).toBe('1400.00');
  });

  it('counts the money of an extended window as available until the new end, lapsed only after it', () => {
    const before = t2Of(fold(ledger().all()));
    expect(availabilityOf(before, '2019-03-01')).toMatchObject({
      availableNow: '0.00',
      lapsed: '700.00',
    });
    const events = ledger()
      .fund('f', {
        type: 'TrancheAmended',
        data: amended({ allocatableUntil: '2019-06-30' }),
      })
      .all();
    const after = t2Of(fold(events));
    expect(after.allocatableUntil).toBe('2019-06-30');
    expect(availabilityOf(after, '2019-03-01')).toMatchObject({
      availableNow: '700.00',
      lapsed: '0.00',
    });
    expect(availabilityOf(after, '2019-07-01')).toMatchObject({
      availableNow: '0.00',
      lapsed: '700.00',
    });
  });

  it('counts money whose window now opens later as expected, and an open end as never lapsing', () => {
    const events = ledger()
      .fund('f', {
        type: 'TrancheAmended',
        data: amended({ allocatableFrom: '2018-02-01', allocatableUntil: null }),
      })
      .all();
    const after = t2Of(fold(events));
    expect(availabilityOf(after, '2018-01-20')).toMatchObject({ expected: '700.00' });
    expect(availabilityOf(after, '2030-01-01')).toMatchObject({ availableNow: '700.00' });
  });

  it('refuses to fold an amendment that overdraws the tranche: a bug upstream, loudly', () => {
    const events = ledger()
      .fund('f', { type: 'TrancheAmended', data: amended({ amount: '299.99' }) })
      .all();
    expect(() => fold(events)).toThrow(/overdrawn/);
  });
});
