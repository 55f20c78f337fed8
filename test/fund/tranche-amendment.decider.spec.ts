/**
 * A tranche's terms change only by a recorded decision (finding F4): its amount cut or raised,
 * its allocation window extended or corrected. The event keeps the terms before and after; the
 * tranche is never amended below what is allocated from it, nor to a window that leaves one of
 * its allocations outside; a closed tranche is not amended; decisions on one tranche's terms
 * are recorded in the order they were taken; a change that changes nothing is refused, and the
 * same decision sent again is answered as done.
 */
import { AmendTranche } from '../../src/fund/fund.commands';
import { fundBalance, fundDecider, trancheAvailable } from '../../src/fund/fund.decider';
import { FundEvent, TrancheAmendedData } from '../../src/fund/fund.events';
import { DomainError } from '../../src/shared/domain-error';
import { fold } from '../support/decider-spec';
import {
  FUND_ID,
  RECORDED_AT,
  T1,
  T2,
  aCloseTranche,
  aReduction,
  aReleaseTranche,
  anAllocation,
  anEstablishFund,
  money,
} from '../support/mothers';
import { andThen, given, history, withAllocation } from './support/fund-spec';

/** T2 (80 MSEK, allocatable until 2018-12-31) cut to 60 MSEK by the 2019 budget. */
const anAmendment = (overrides: Partial<AmendTranche> = {}): AmendTranche => ({
  type: 'AmendTranche',
  fundId: FUND_ID,
  trancheId: T2,
  amount: money('60000000.00'),
  decidedOn: '2018-11-26',
  decisionRef: 'KF 2018/188',
  reason: 'Budget 2019: ambitionen för etapp 2 sänks',
  recordedAt: RECORDED_AT,
  ...overrides,
});

const amended = (overrides: Partial<TrancheAmendedData> = {}): FundEvent => ({
  type: 'TrancheAmended',
  data: {
    trancheId: T2,
    amount: '60000000.00',
    allocatableFrom: null,
    allocatableUntil: '2018-12-31',
    previousAmount: '80000000.00',
    previousAllocatableFrom: null,
    previousAllocatableUntil: '2018-12-31',
    decidedOn: '2018-11-26',
    decisionRef: 'KF 2018/188',
    reason: 'Budget 2019: ambitionen för etapp 2 sänks',
    ...overrides,
  },
});

const established = () => history(anEstablishFund());
const t2Released = () =>
  history(anEstablishFund(), aReleaseTranche({ trancheId: T2, releasedOn: '2018-01-15' }));
const onT1 = (overrides: Partial<AmendTranche> = {}): AmendTranche =>
  anAmendment({ trancheId: T1, amount: undefined, ...overrides });

describe('AmendTranche: what it records', () => {
  it('cuts the amount of an expected tranche, keeping the terms before and after in the event', () => {
    given(established()).when(anAmendment()).then([amended()]);
  });

  it('moves the window of a released tranche, leaving the amount as it was', () => {
    given(t2Released())
      .when(anAmendment({ amount: undefined, allocatableUntil: '2019-06-30' }))
      .then([amended({ amount: '80000000.00', allocatableUntil: '2019-06-30' })]);
  });

  it('opens a bound given as null and keeps a bound left out', () => {
    given(established())
      .when(
        anAmendment({ amount: undefined, allocatableFrom: '2018-01-01', allocatableUntil: null }),
      )
      .then([
        amended({ amount: '80000000.00', allocatableFrom: '2018-01-01', allocatableUntil: null }),
      ]);
  });

  it('raises an amount as well as it cuts one', () => {
    given(established())
      .when(anAmendment({ amount: money('95000000.50') }))
      .then([amended({ amount: '95000000.50' })]);
  });

  it('may be decided before the release: the release records neither amount nor window', () => {
    given(t2Released())
      .when(anAmendment({ decidedOn: '2017-11-20' }))
      .then([amended({ decidedOn: '2017-11-20' })]);
  });
});

describe('AmendTranche: what follows from it', () => {
  it('lets money be allocated inside the extended window, and not before the extension', () => {
    const fromT2 = anAllocation({ trancheId: T2, decidedOn: '2019-02-01' });
    given(t2Released()).when(fromT2).thenRefuses('OUTSIDE_ALLOCATION_WINDOW');
    const extended = history(
      anEstablishFund(),
      aReleaseTranche({ trancheId: T2, releasedOn: '2018-01-15' }),
      anAmendment({ amount: undefined, allocatableUntil: '2019-06-30', decidedOn: '2018-12-11' }),
    );
    expect(fundDecider.decide(fromT2, fold(fundDecider, extended)).kind).toBe('append');
  });

  it('lets no more be allocated than the amended amount, and more after a raise', () => {
    const cut = history(
      anEstablishFund(),
      aReleaseTranche(),
      onT1({ amount: money('1000000.00') }),
    );
    expect(trancheAvailable(fold(fundDecider, cut), T1).toString()).toBe('1000000.00');
    given(cut)
      .when(anAllocation({ amount: money('1000000.01') }))
      .thenRefuses('TRANCHE_INSUFFICIENT_FUNDS');
    const raised = andThen(cut, onT1({ amount: money('1500000.00'), decidedOn: '2018-12-01' }));
    const afterRaise = anAllocation({ amount: money('1500000.00'), decidedOn: '2018-12-01' });
    expect(fundDecider.decide(afterRaise, fold(fundDecider, raised)).kind).toBe('append');
  });

  it('gives the balance with the amended amount', () => {
    const balance = fundBalance(fold(fundDecider, history(anEstablishFund(), anAmendment())));
    expect(balance.totals.amount.toString()).toBe('180000000.00');
    expect(balance.tranches[1].available.toString()).toBe('60000000.00');
  });
});

describe('AmendTranche: the allocations hold it', () => {
  it('refuses an amount below what is allocated, saying how much is; exactly that is accepted', () => {
    const error = given(withAllocation())
      .when(onT1({ amount: money('999999.99') }))
      .thenRefuses('TRANCHE_AMOUNT_BELOW_ALLOCATED');
    expect(error.extra).toEqual({
      trancheId: T1,
      amount: '999999.99',
      allocated: '1000000.00',
      decidedOn: '2018-11-26',
      on: '2018-11-26',
      allocatedOn: '1000000.00',
    });
    given(withAllocation())
      .when(onT1({ amount: money('1000000.00') }))
      .then([
        amended({
          trancheId: T1,
          amount: '1000000.00',
          previousAmount: '120000000.00',
          allocatableFrom: '2016-12-31',
          previousAllocatableFrom: '2016-12-31',
          allocatableUntil: null,
          previousAllocatableUntil: null,
        }),
      ]);
  });

  it('counts what is allocated net of reductions', () => {
    const reduced = history(
      anEstablishFund(),
      aReleaseTranche(),
      anAllocation(),
      aReduction({ amount: money('400000.00') }),
    );
    given(reduced)
      .when(onT1({ amount: money('599999.99') }))
      .thenRefuses('TRANCHE_AMOUNT_BELOW_ALLOCATED');
    expect(
      fundDecider.decide(onT1({ amount: money('600000.00') }), fold(fundDecider, reduced)).kind,
    ).toBe('append');
  });

  it('refuses a window that leaves an allocation outside it, on either side', () => {
    const late = given(withAllocation())
      .when(onT1({ allocatableFrom: '2017-03-16' }))
      .thenRefuses('TRANCHE_WINDOW_EXCLUDES_ALLOCATIONS');
    expect(late.extra).toMatchObject({
      allocatableFrom: '2017-03-16',
      firstAllocatedOn: '2017-03-15',
      lastAllocatedOn: '2017-03-15',
    });
    given(withAllocation())
      .when(onT1({ allocatableUntil: '2017-03-14' }))
      .thenRefuses('TRANCHE_WINDOW_EXCLUDES_ALLOCATIONS');
    // Both bounds are inclusive: a window of the allocation's day alone holds it.
    expect(
      fundDecider.decide(
        onT1({ allocatableFrom: '2017-03-15', allocatableUntil: '2017-03-15' }),
        fold(fundDecider, withAllocation()),
      ).kind,
    ).toBe('append');
  });

  it('holds every allocation ever made from the tranche, also one reduced to nothing, and the earliest', () => {
    const events = history(
      anEstablishFund(),
      aReleaseTranche(),
      anAllocation({ decidedOn: '2017-06-01' }),
      anAllocation({ allocationId: 'alloc-2', decidedOn: '2017-02-01' }),
      aReduction({ allocationId: 'alloc-2', amount: money('1000000.00') }),
    );
    const error = given(events)
      .when(onT1({ allocatableFrom: '2017-03-01' }))
      .thenRefuses('TRANCHE_WINDOW_EXCLUDES_ALLOCATIONS');
    expect(error.extra).toMatchObject({
      firstAllocatedOn: '2017-02-01',
      lastAllocatedOn: '2017-06-01',
    });
  });
});

describe('AmendTranche: refusals', () => {
  it('refuses a window that ends before it begins, also against the bound it keeps (400)', () => {
    const both = given(established())
      .when(anAmendment({ allocatableFrom: '2019-01-01', allocatableUntil: '2018-12-31' }))
      .thenRefuses('TRANCHE_WINDOW_INVALID');
    expect(both.kind).toBe('invalid');
    given(established())
      .when(anAmendment({ amount: undefined, allocatableFrom: '2019-01-01' }))
      .thenRefuses('TRANCHE_WINDOW_INVALID');
  });

  it('refuses a closed tranche', () => {
    given(history(anEstablishFund(), aCloseTranche({ trancheId: T2, closedOn: '2018-12-31' })))
      .when(anAmendment({ decidedOn: '2019-01-10' }))
      .thenRefuses('TRANCHE_CLOSED');
  });

  it('refuses an unknown tranche or fund', () => {
    given(established())
      .when(anAmendment({ trancheId: 't9' }))
      .thenRefuses('TRANCHE_NOT_FOUND');
    given().when(anAmendment()).thenRefuses('FUND_NOT_FOUND');
  });

  it('refuses an amount that is not positive', () => {
    const error = given(established())
      .when(anAmendment({ amount: money('0.00') }))
      .thenRefuses('AMOUNT_NOT_POSITIVE');
    expect(error.kind).toBe('invalid');
  });

  it('refuses a decision dated after the day it is recorded (Stockholm day)', () => {
    given(established())
      .when(anAmendment({ decidedOn: '2019-03-02' }))
      .thenRefuses('DECISION_DATE_IN_FUTURE');
  });

  it('refuses a decision dated before the last amendment of the tranche; the same day is accepted', () => {
    const once = history(anEstablishFund(), anAmendment());
    const error = given(once)
      .when(anAmendment({ amount: money('50000000.00'), decidedOn: '2018-11-25' }))
      .thenRefuses('TRANCHE_AMENDED_BEFORE_LAST_AMENDMENT');
    expect(error.extra).toEqual({
      trancheId: T2,
      decidedOn: '2018-11-25',
      lastAmendedOn: '2018-11-26',
    });
    given(once)
      .when(anAmendment({ amount: money('50000000.00'), decisionRef: 'KF 2018/189' }))
      .then([
        amended({
          amount: '50000000.00',
          previousAmount: '60000000.00',
          decisionRef: 'KF 2018/189',
        }),
      ]);
    // Another tranche's amendments are no bound.
    expect(
      fundDecider.decide(
        onT1({ allocatableUntil: '2018-12-31', decidedOn: '2017-01-10' }),
        fold(fundDecider, once),
      ).kind,
    ).toBe('append');
  });

  it('refuses a change that changes nothing, naming the terms the tranche has', () => {
    const error = given(established())
      .when(anAmendment({ amount: money('80000000.00'), allocatableUntil: '2018-12-31' }))
      .thenRefuses('TRANCHE_AMENDMENT_CHANGES_NOTHING');
    expect(error.extra).toEqual({
      trancheId: T2,
      amount: '80000000.00',
      allocatableFrom: null,
      allocatableUntil: '2018-12-31',
    });
    // Another decision asking for the terms the last one set changes nothing either.
    given(history(anEstablishFund(), anAmendment()))
      .when(anAmendment({ decisionRef: 'KF 2018/200' }))
      .thenRefuses('TRANCHE_AMENDMENT_CHANGES_NOTHING');
  });

  it('answers the same decision sent again as done, also once the tranche is closed', () => {
    const once = history(anEstablishFund(), anAmendment());
    given(once).when(anAmendment()).thenAlreadyDone(amended());
    const closed = andThen(once, aCloseTranche({ trancheId: T2, closedOn: '2019-01-31' }));
    given(closed).when(anAmendment()).thenAlreadyDone(amended());
  });
});

describe('CloseTranche after an amendment', () => {
  it('refuses a closing dated before the last amendment of the tranche', () => {
    const error = given(history(anEstablishFund(), anAmendment()))
      .when(aCloseTranche({ trancheId: T2, closedOn: '2018-11-25' }))
      .thenRefuses('TRANCHE_CLOSED_BEFORE_ITS_RECORD');
    expect(error.extra).toMatchObject({ earliest: '2018-11-26', lastAmendedOn: '2018-11-26' });
  });
});

describe('evolve asserts the invariants of a recorded amendment', () => {
  const fails = (events: readonly FundEvent[], message: RegExp): void => {
    let thrown: unknown;
    try {
      fold(fundDecider, events);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(DomainError);
    expect(String(thrown)).toMatch(message);
  };

  it('refuses one that overdraws the tranche or leaves an allocation outside its window', () => {
    const base = withAllocation();
    const onT1Terms = {
      trancheId: T1,
      previousAmount: '120000000.00',
      allocatableFrom: '2016-12-31',
      previousAllocatableFrom: '2016-12-31',
      allocatableUntil: null,
      previousAllocatableUntil: null,
    };
    fails([...base, amended({ ...onT1Terms, amount: '999999.99' })], /overdrawn/);
    fails(
      [...base, amended({ ...onT1Terms, amount: '120000000.00', allocatableUntil: '2017-01-01' })],
      /outside/,
    );
  });

  it('refuses one naming terms before it the tranche did not have, or one after the close', () => {
    fails([...established(), amended({ previousAmount: '70000000.00' })], /terms before it/);
    const closed = history(
      anEstablishFund(),
      aCloseTranche({ trancheId: T2, closedOn: '2018-01-01' }),
    );
    fails([...closed, amended()], /after it was closed/);
  });
});
