/**
 * A tranche's rules hold in business time (finding F1 of the gaming probe). An allocation is
 * judged against the tranche's terms in force on its `decidedOn`: the terms it was added with,
 * changed by each amendment from that amendment's own `decidedOn` on. Its window then must hold
 * the day, and no business day from it on may be overdrawn: for every day d ≥ decidedOn, what is
 * allocated decided on or before d, net of reductions decided on or before d, stays within the
 * amount in force on d. A cut is held to the same from its own day on; a reduction only lowers
 * what is allocated, from its day on, so it has nothing to check.
 */
import { AmendTranche, FundCommand } from '../../src/fund/fund.commands';
import { fundDecider } from '../../src/fund/fund.decider';
import { FundEvent, FundsAllocated } from '../../src/fund/fund.events';
import { fold, historyOf } from '../support/decider-spec';
import {
  FUND_ID,
  aReduction,
  aReleaseTranche,
  anAddTranche,
  anAllocation,
  anEstablishFund,
  money,
} from '../support/mothers';
import { andThen, given } from './support/fund-spec';

const T = 't3';
/** After every decision date below (the latest is 2019-09-01). */
const RECORDED_AT = '2019-12-02T09:00:00.000Z';

const accepts = (events: readonly FundEvent[], command: FundCommand): void => {
  expect(fundDecider.decide(command, fold(fundDecider, events)).kind).toBe('append');
};

/** The probe's tranche: 10 MSEK, allocatable in 2018, released on 2018-01-02. */
const aTranche = (): FundEvent[] =>
  historyOf(fundDecider, [
    anEstablishFund(),
    anAddTranche({
      trancheId: T,
      amount: money('10000000.00'),
      allocatableFrom: '2018-01-01',
      allocatableUntil: '2018-12-31',
      decisionRef: 'Ks 1/2018',
    }),
    aReleaseTranche({ trancheId: T, releasedOn: '2018-01-02', recordedAt: RECORDED_AT }),
  ]);

const allocate = (allocationId: string, amount: string, decidedOn: string) =>
  anAllocation({
    allocationId,
    trancheId: T,
    amount: money(amount),
    decidedOn,
    decisionRef: `Ks ${allocationId}`,
    recordedAt: RECORDED_AT,
  });

const reduce = (reductionId: string, allocationId: string, amount: string, decidedOn: string) =>
  aReduction({
    reductionId,
    allocationId,
    amount: money(amount),
    decidedOn,
    decisionRef: `Ks ${reductionId}`,
    reason: 'Upphandlingen blev billigare',
    recordedAt: RECORDED_AT,
  });

const amend = (overrides: Partial<AmendTranche> & { decidedOn: string }): AmendTranche => ({
  type: 'AmendTranche',
  fundId: FUND_ID,
  trancheId: T,
  decisionRef: `Ks amend ${overrides.decidedOn}`,
  reason: 'Beslut om etappens villkor',
  recordedAt: RECORDED_AT,
  ...overrides,
});

describe("an allocation is judged against the tranche's terms in force on its decidedOn", () => {
  it("refuses, step by step, the probe's sequence: later amendments do not reach back", () => {
    const first = andThen(aTranche(), allocate('a1', '8000000.00', '2018-03-01'));
    given(first)
      .when(allocate('a2', '5000000.00', '2018-05-01'))
      .thenRefuses('TRANCHE_INSUFFICIENT_FUNDS');
    given(first)
      .when(allocate('a3', '1000000.00', '2019-03-01'))
      .thenRefuses('OUTSIDE_ALLOCATION_WINDOW');

    const extended = andThen(
      first,
      amend({ allocatableUntil: '2019-12-31', decidedOn: '2019-06-01' }),
    );
    // On 2019-03-01 the window in force ended on 2018-12-31: the extension came three months later.
    const window = given(extended)
      .when(allocate('a3', '1000000.00', '2019-03-01'))
      .thenRefuses('OUTSIDE_ALLOCATION_WINDOW');
    expect(window.extra).toEqual({
      trancheId: T,
      decidedOn: '2019-03-01',
      allocatableFrom: '2018-01-01',
      allocatableUntil: '2018-12-31',
      windowDecidedOn: null,
    });
    expect(window.message).toContain('2019-06-01');

    const raised = andThen(
      extended,
      amend({ amount: money('15000000.00'), decidedOn: '2019-09-01' }),
    );
    // On 2018-05-01 the tranche was 10 MSEK, 8 of them allocated: 5 more would make 13.
    const funds = given(raised)
      .when(allocate('a2', '5000000.00', '2018-05-01'))
      .thenRefuses('TRANCHE_INSUFFICIENT_FUNDS');
    expect(funds.extra).toEqual({
      trancheId: T,
      requested: '5000000.00',
      decidedOn: '2018-05-01',
      available: '2000000.00',
      on: '2018-05-01',
      amountInForce: '10000000.00',
      allocatedOn: '8000000.00',
    });
    given(raised)
      .when(allocate('a3', '1000000.00', '2019-03-01'))
      .thenRefuses('OUTSIDE_ALLOCATION_WINDOW');

    // From their own days on, the amendments count.
    accepts(raised, allocate('a3', '1000000.00', '2019-06-01'));
    accepts(raised, allocate('a2', '5000000.00', '2019-09-01'));
    const after = andThen(raised, allocate('a2', '2000000.00', '2018-05-01'));
    given(after)
      .when(allocate('a4', '0.01', '2019-08-31'))
      .thenRefuses('TRANCHE_INSUFFICIENT_FUNDS');
  });

  it('refuses a backdated allocation that would overdraw a later day, naming the day and the figures', () => {
    const events = andThen(aTranche(), allocate('a1', '8000000.00', '2018-06-01'));
    // On 2018-05-01 itself only 5 of 10 MSEK would be allocated, but on 2018-06-01 13 of 10.
    const error = given(events)
      .when(allocate('a2', '5000000.00', '2018-05-01'))
      .thenRefuses('TRANCHE_INSUFFICIENT_FUNDS');
    expect(error.extra).toEqual({
      trancheId: T,
      requested: '5000000.00',
      decidedOn: '2018-05-01',
      available: '2000000.00',
      on: '2018-06-01',
      amountInForce: '10000000.00',
      allocatedOn: '8000000.00',
    });
    expect(error.message).toContain('2018-06-01');
    accepts(events, allocate('a2', '2000000.00', '2018-05-01'));
  });

  it('does not let a raise decided later legitimise an earlier-dated allocation', () => {
    const raised = andThen(
      aTranche(),
      allocate('a1', '8000000.00', '2018-03-01'),
      amend({ amount: money('15000000.00'), decidedOn: '2018-09-01' }),
    );
    const error = given(raised)
      .when(allocate('a2', '5000000.00', '2018-08-31'))
      .thenRefuses('TRANCHE_INSUFFICIENT_FUNDS');
    expect(error.extra).toMatchObject({
      on: '2018-08-31',
      amountInForce: '10000000.00',
      allocatedOn: '8000000.00',
      available: '2000000.00',
    });
    // From the day of the raise on, the 15 MSEK are in force.
    accepts(raised, allocate('a2', '5000000.00', '2018-09-01'));
    accepts(raised, allocate('a2', '7000000.00', '2018-12-31'));
  });

  it('lets an extension of the window hold allocations decided from its decidedOn on, not before', () => {
    const extended = andThen(
      aTranche(),
      amend({ allocatableUntil: '2019-06-30', decidedOn: '2019-01-15' }),
    );
    const gap = given(extended)
      .when(allocate('a1', '1000000.00', '2019-01-14'))
      .thenRefuses('OUTSIDE_ALLOCATION_WINDOW');
    expect(gap.extra).toMatchObject({ allocatableUntil: '2018-12-31', windowDecidedOn: null });
    accepts(extended, allocate('a1', '1000000.00', '2019-01-15'));
    accepts(extended, allocate('a1', '1000000.00', '2019-06-30'));
    const late = given(extended)
      .when(allocate('a1', '1000000.00', '2019-07-01'))
      .thenRefuses('OUTSIDE_ALLOCATION_WINDOW');
    expect(late.extra).toMatchObject({
      allocatableUntil: '2019-06-30',
      windowDecidedOn: '2019-01-15',
    });
    // A second extension holds from its own day on; the first still rules the days before it.
    const again = andThen(
      extended,
      amend({ allocatableUntil: '2019-12-31', decidedOn: '2019-08-01' }),
    );
    given(again)
      .when(allocate('a1', '1000000.00', '2019-07-31'))
      .thenRefuses('OUTSIDE_ALLOCATION_WINDOW');
    accepts(again, allocate('a1', '1000000.00', '2019-08-01'));
  });

  it('still holds the tranche to its window now: a window closed back in time is not reopened', () => {
    // A decision of 2018-10-15 ends the window on 2018-09-30: nothing decided after that is held.
    const closedBack = andThen(
      aTranche(),
      amend({ allocatableUntil: '2018-09-30', decidedOn: '2018-10-15' }),
    );
    const error = given(closedBack)
      .when(allocate('a1', '1000000.00', '2018-10-05'))
      .thenRefuses('OUTSIDE_ALLOCATION_WINDOW');
    expect(error.extra).toEqual({
      trancheId: T,
      decidedOn: '2018-10-05',
      allocatableFrom: '2018-01-01',
      allocatableUntil: '2018-09-30',
      windowDecidedOn: '2018-10-15',
    });
    accepts(closedBack, allocate('a1', '1000000.00', '2018-09-30'));
  });
});

describe('a reduction makes room from its decidedOn on', () => {
  it('is accepted without a business-time check, and frees money only for later decisions', () => {
    const reduced = andThen(
      aTranche(),
      allocate('a1', '8000000.00', '2018-03-01'),
      reduce('r1', 'a1', '5000000.00', '2018-07-01'),
    );
    // 7 MSEK are unallocated today, but on 2018-06-30 8 of 10 still were allocated.
    const error = given(reduced)
      .when(allocate('a2', '5000000.00', '2018-06-30'))
      .thenRefuses('TRANCHE_INSUFFICIENT_FUNDS');
    expect(error.extra).toMatchObject({
      on: '2018-06-30',
      allocatedOn: '8000000.00',
      amountInForce: '10000000.00',
      available: '2000000.00',
    });
    accepts(reduced, allocate('a2', '5000000.00', '2018-07-01'));
    accepts(reduced, allocate('a2', '7000000.00', '2018-07-01'));
    accepts(reduced, allocate('a2', '2000000.00', '2018-06-30'));
  });
});

describe('an amendment cutting the amount holds every day from its decidedOn on', () => {
  it('refuses a cut that leaves a day overdrawn that a later reduction relieved', () => {
    const events = andThen(
      aTranche(),
      allocate('a1', '8000000.00', '2018-03-01'),
      reduce('r1', 'a1', '5000000.00', '2018-10-01'),
    );
    // 3 MSEK are allocated now, but from 2018-06-01 to 2018-09-30 8 MSEK were: the least the
    // amount may be from 2018-06-01 on.
    const error = given(events)
      .when(amend({ amount: money('4000000.00'), decidedOn: '2018-06-01' }))
      .thenRefuses('TRANCHE_AMOUNT_BELOW_ALLOCATED');
    expect(error.extra).toEqual({
      trancheId: T,
      amount: '4000000.00',
      allocated: '8000000.00',
      decidedOn: '2018-06-01',
      on: '2018-06-01',
      allocatedOn: '8000000.00',
    });
    accepts(events, amend({ amount: money('4000000.00'), decidedOn: '2018-10-01' }));
    accepts(events, amend({ amount: money('8000000.00'), decidedOn: '2018-06-01' }));
  });

  it('refuses a cut decided before an allocation it would overdraw on that allocation’s day', () => {
    const events = andThen(
      aTranche(),
      allocate('a1', '8000000.00', '2018-06-01'),
      reduce('r1', 'a1', '5000000.00', '2018-10-01'),
    );
    const error = given(events)
      .when(amend({ amount: money('4000000.00'), decidedOn: '2018-03-01' }))
      .thenRefuses('TRANCHE_AMOUNT_BELOW_ALLOCATED');
    expect(error.extra).toMatchObject({ on: '2018-06-01', allocatedOn: '8000000.00' });
  });

  it('holds the allocations decided before the cut as they stand on its day', () => {
    const events = andThen(
      aTranche(),
      allocate('a1', '6000000.00', '2018-03-01'),
      allocate('a2', '3000000.00', '2018-05-01'),
    );
    const error = given(events)
      .when(amend({ amount: money('8999999.99'), decidedOn: '2018-04-01' }))
      .thenRefuses('TRANCHE_AMOUNT_BELOW_ALLOCATED');
    // On 2018-04-01 only 6 MSEK were allocated; the first day above the cut is 2018-05-01.
    expect(error.extra).toMatchObject({
      on: '2018-05-01',
      allocatedOn: '9000000.00',
      allocated: '9000000.00',
    });
  });
});

describe('a ledger recorded before the rule', () => {
  /**
   * The probe's ledger as the old rule recorded it: 8 MSEK decided 2018-03-01, the window extended
   * on 2019-06-01 and the amount raised to 15 MSEK on 2019-09-01, and then 5 MSEK decided
   * 2018-05-01, which left the tranche at 13 of 10 MSEK from 2018-05-01 to 2019-08-31.
   */
  const probeLedger = (): FundEvent[] => {
    const raised = andThen(
      aTranche(),
      allocate('a1', '8000000.00', '2018-03-01'),
      amend({ allocatableUntil: '2019-12-31', decidedOn: '2019-06-01' }),
      amend({ amount: money('15000000.00'), decidedOn: '2019-09-01' }),
    );
    const decision = fundDecider.decide(
      allocate('a2', '5000000.00', '2018-05-01'),
      fold(fundDecider, aTranche()),
    );
    if (decision.kind !== 'append') throw new Error('expected the allocation');
    return [...raised, ...(decision.events as FundsAllocated[])];
  };

  it('still folds, refuses decisions on the days it left overdrawn, and takes later ones and reductions', () => {
    const events = probeLedger();
    expect(() => fold(fundDecider, events)).not.toThrow();
    const error = given(events)
      .when(allocate('a3', '0.01', '2019-08-31'))
      .thenRefuses('TRANCHE_INSUFFICIENT_FUNDS');
    expect(error.extra).toMatchObject({
      on: '2019-08-31',
      allocatedOn: '13000000.00',
      available: '0.00',
    });
    accepts(events, allocate('a3', '2000000.00', '2019-09-01'));
    accepts(events, reduce('r1', 'a2', '5000000.00', '2018-05-01'));
    accepts(events, amend({ amount: money('13000000.00'), decidedOn: '2019-10-01' }));
  });
});
