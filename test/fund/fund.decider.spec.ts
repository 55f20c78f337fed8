import { Money } from '../../src/money/money';
import { DomainError } from '../../src/shared/domain-error';
import {
  fundDecider,
  fundBalance,
  allocationRemaining,
  trancheAvailable,
  MAX_TRANCHES_PER_FUND,
} from '../../src/fund/fund.decider';
import { FUND_EVENT_TYPES, FundEvent, fundStream, isFundEvent } from '../../src/fund/fund.events';
import { fold } from '../support/decider-spec';
import {
  FUND_DECISION,
  FUND_ID,
  INVESTMENT_ID,
  T1,
  T2,
  aCaseVersion,
  aCloseTranche,
  aClosedInvestment,
  aDocumentedInvestment,
  aReduction,
  aReleaseTranche,
  aTrancheSpec,
  anAddTranche,
  anAllocation,
  anEstablishFund,
  anUndocumentedInvestment,
  anUnknownInvestment,
  money,
  theT1Spec,
} from '../support/mothers';
import { anAllocatedEvent, given, history, t1Released, withAllocation } from './support/fund-spec';

const established = () => history(anEstablishFund());
const bothReleased = () =>
  history(anEstablishFund(), aReleaseTranche(), aReleaseTranche({ trancheId: T2 }));

const fundEstablished: FundEvent = {
  type: 'FundEstablished',
  data: {
    fundId: FUND_ID,
    name: 'Digitaliseringsfonden',
    currency: 'SEK',
    decisionRef: FUND_DECISION,
    trancheIds: [T1, T2],
  },
};

const t1Added: FundEvent = {
  type: 'TrancheAdded',
  data: {
    trancheId: T1,
    name: 'Etapp 1 (2016/2017)',
    amount: '120000000.00',
    allocatableFrom: '2016-12-31',
    allocatableUntil: null,
    decisionRef: FUND_DECISION,
  },
};

describe('fund events', () => {
  it('live on the stream fund-{fundId}', () => {
    expect(fundStream(FUND_ID)).toBe('fund-orebro-digitaliseringsfond');
  });

  it('are listed once each', () => {
    expect(new Set(FUND_EVENT_TYPES).size).toBe(FUND_EVENT_TYPES.length);
    expect(isFundEvent({ type: 'FundsAllocated' })).toBe(true);
    expect(isFundEvent({ type: 'InvestmentProposed' })).toBe(false);
  });
});

describe('EstablishFund', () => {
  it('records the fund and its tranches in one append, money as strings', () => {
    given()
      .when(anEstablishFund())
      .then([
        fundEstablished,
        t1Added,
        {
          type: 'TrancheAdded',
          data: {
            trancheId: T2,
            name: 'Etapp 2 (till och med 2018)',
            amount: '80000000.00',
            allocatableFrom: null,
            allocatableUntil: '2018-12-31',
            decisionRef: FUND_DECISION,
          },
        },
      ]);
  });

  it('accepts a fund with no tranches yet, and a one-day window', () => {
    given()
      .when(anEstablishFund({ tranches: [] }))
      .then([{ ...fundEstablished, data: { ...fundEstablished.data, trancheIds: [] } }]);
    const oneDay = aTrancheSpec({ allocatableFrom: '2019-06-01', allocatableUntil: '2019-06-01' });
    expect(
      fundDecider.decide(anEstablishFund({ tranches: [oneDay] }), fundDecider.initialState).kind,
    ).toBe('append');
  });

  it('is already done when the same body comes again', () => {
    given(established()).when(anEstablishFund()).thenAlreadyDone(fundEstablished);
  });

  it('is still the same establishment after tranches were added later', () => {
    given(history(anEstablishFund(), anAddTranche()))
      .when(anEstablishFund())
      .thenAlreadyDone(fundEstablished);
  });

  it('refuses to establish the fund again with a different body', () => {
    given(established())
      .when(anEstablishFund({ name: 'Annan fond' }))
      .thenRefuses('FUND_ALREADY_EXISTS');
    given(established())
      .when(anEstablishFund({ tranches: [{ ...theT1Spec(), amount: money('120000000.01') }] }))
      .thenRefuses('FUND_ALREADY_EXISTS');
    given(history(anEstablishFund(), anAddTranche()))
      .when(anEstablishFund({ tranches: [theT1Spec(), aTrancheSpec()] }))
      .thenRefuses('FUND_ALREADY_EXISTS');
  });

  it('refuses a tranche whose window ends before it starts', () => {
    const error = given()
      .when(
        anEstablishFund({
          tranches: [
            aTrancheSpec({ allocatableFrom: '2019-01-02', allocatableUntil: '2019-01-01' }),
          ],
        }),
      )
      .thenRefuses('TRANCHE_WINDOW_INVALID');
    expect(error.kind).toBe('invalid');
  });

  it('refuses the same tranche id twice', () => {
    const error = given()
      .when(anEstablishFund({ tranches: [theT1Spec(), theT1Spec()] }))
      .thenRefuses('DUPLICATE_TRANCHE_ID');
    expect(error.kind).toBe('invalid');
  });

  it('refuses a tranche without money', () => {
    given()
      .when(anEstablishFund({ tranches: [aTrancheSpec({ amount: Money.zero })] }))
      .thenRefuses('AMOUNT_NOT_POSITIVE');
  });

  it(`refuses more than ${MAX_TRANCHES_PER_FUND} tranches`, () => {
    const tranches = Array.from({ length: MAX_TRANCHES_PER_FUND + 1 }, (_, i) =>
      aTrancheSpec({ trancheId: `t${i}` }),
    );
    given().when(anEstablishFund({ tranches })).thenRefuses('TOO_MANY_TRANCHES');
  });
});

describe('AddTranche', () => {
  const t3Added: FundEvent = {
    type: 'TrancheAdded',
    data: {
      trancheId: 't3',
      name: 'Etapp 3',
      amount: '10000000.00',
      allocatableFrom: '2019-01-01',
      allocatableUntil: '2019-12-31',
      decisionRef: 'KF 2018/77',
    },
  };

  it('adds a tranche: the fund has no cap other than its tranches', () => {
    given(established()).when(anAddTranche()).then([t3Added]);
    given(established())
      .when(anAddTranche({ amount: money('1000000000000.00') }))
      .then([{ ...t3Added, data: { ...t3Added.data, amount: '1000000000000.00' } }]);
  });

  it('refuses on a fund that does not exist', () => {
    const error = given().when(anAddTranche()).thenRefuses('FUND_NOT_FOUND');
    expect(error.kind).toBe('not-found');
  });

  it('is already done when the same tranche comes again', () => {
    given(history(anEstablishFund(), anAddTranche())).when(anAddTranche()).thenAlreadyDone(t3Added);
  });

  it('recognises a tranche set up with the fund as the same one', () => {
    given(established())
      .when(anAddTranche({ ...theT1Spec(), decisionRef: FUND_DECISION }))
      .thenAlreadyDone(t1Added);
  });

  it('refuses the same tranche id with a different body', () => {
    given(history(anEstablishFund(), anAddTranche()))
      .when(anAddTranche({ amount: money('10000000.01') }))
      .thenRefuses('TRANCHE_ALREADY_EXISTS');
    given(established())
      .when(anAddTranche({ trancheId: T1 }))
      .thenRefuses('TRANCHE_ALREADY_EXISTS');
  });

  it('refuses a window that ends before it starts', () => {
    given(established())
      .when(anAddTranche({ allocatableFrom: '2020-01-01', allocatableUntil: '2019-12-31' }))
      .thenRefuses('TRANCHE_WINDOW_INVALID');
  });

  it('refuses a tranche without money', () => {
    given(established())
      .when(anAddTranche({ amount: money('-1.00') }))
      .thenRefuses('AMOUNT_NOT_POSITIVE');
  });
});

describe('ReleaseTranche', () => {
  it('releases an expected tranche', () => {
    given(established())
      .when(aReleaseTranche())
      .then([
        {
          type: 'TrancheReleased',
          data: { trancheId: T1, releasedOn: '2016-12-31', decisionRef: 'Ks 1490/2016' },
        },
      ]);
  });

  it('refuses on a fund that does not exist', () => {
    given().when(aReleaseTranche()).thenRefuses('FUND_NOT_FOUND');
  });

  it('refuses an unknown tranche', () => {
    const error = given(established())
      .when(aReleaseTranche({ trancheId: 't9' }))
      .thenRefuses('TRANCHE_NOT_FOUND');
    expect(error.kind).toBe('not-found');
  });

  it('refuses a tranche already released', () => {
    given(t1Released()).when(aReleaseTranche()).thenRefuses('TRANCHE_ALREADY_RELEASED');
  });

  it('refuses a closed tranche', () => {
    given(history(anEstablishFund(), aCloseTranche()))
      .when(aReleaseTranche())
      .thenRefuses('TRANCHE_CLOSED');
  });
});

describe('CloseTranche', () => {
  const closed: FundEvent = {
    type: 'TrancheClosed',
    data: {
      trancheId: T1,
      closedOn: '2019-01-31',
      decisionRef: 'Ks 88/2019',
      reason: 'Etappen avslutad; resterande medel återförs',
    },
  };

  it('closes a released tranche', () => {
    given(t1Released()).when(aCloseTranche()).then([closed]);
  });

  it('closes an expected tranche that will never be released', () => {
    given(established()).when(aCloseTranche()).then([closed]);
  });

  it('refuses a closing dated before the release or before an allocation from it (F9)', () => {
    const error = given(t1Released())
      .when(aCloseTranche({ closedOn: '2016-12-30' }))
      .thenRefuses('TRANCHE_CLOSED_BEFORE_ITS_RECORD');
    expect(error.extra).toMatchObject({ earliest: '2016-12-31', releasedOn: '2016-12-31' });
    const allocated = given(withAllocation())
      .when(aCloseTranche({ closedOn: '2017-03-14' }))
      .thenRefuses('TRANCHE_CLOSED_BEFORE_ITS_RECORD');
    expect(allocated.extra).toMatchObject({
      earliest: '2017-03-15',
      lastAllocatedOn: '2017-03-15',
    });
    given(withAllocation())
      .when(aCloseTranche({ closedOn: '2017-03-15' }))
      .then([{ ...closed, data: { ...closed.data, closedOn: '2017-03-15' } } as FundEvent]);
  });

  it('refuses a tranche already closed', () => {
    given(history(anEstablishFund(), aCloseTranche()))
      .when(aCloseTranche())
      .thenRefuses('TRANCHE_ALREADY_CLOSED');
  });

  it('refuses an unknown tranche or fund', () => {
    given(established())
      .when(aCloseTranche({ trancheId: 't9' }))
      .thenRefuses('TRANCHE_NOT_FOUND');
    given().when(aCloseTranche()).thenRefuses('FUND_NOT_FOUND');
  });
});

describe('AllocateFunds', () => {
  it('allocates from a released tranche, recording the benefit-case version', () => {
    given(t1Released()).when(anAllocation()).then([anAllocatedEvent()]);
  });

  it('records the note when there is one', () => {
    given(t1Released())
      .when(
        anAllocation({
          note: 'Första etappen',
          caseVersion: 3,
          investment: aDocumentedInvestment({
            caseVersion: 3,
            versions: [aCaseVersion({ version: 3 })],
          }),
        }),
      )
      .then([anAllocatedEvent({ note: 'Första etappen', benefitCaseVersion: 3 })]);
  });

  it('can allocate a whole tranche, to the öre', () => {
    given(t1Released())
      .when(anAllocation({ amount: money('120000000.00') }))
      .then([anAllocatedEvent({ amount: '120000000.00' })]);
  });

  it('refuses on a fund that does not exist', () => {
    const error = given().when(anAllocation()).thenRefuses('FUND_NOT_FOUND');
    expect(error.kind).toBe('not-found');
  });

  it('refuses an unknown tranche', () => {
    given(t1Released())
      .when(anAllocation({ trancheId: 't9' }))
      .thenRefuses('TRANCHE_NOT_FOUND');
  });

  it('refuses a tranche that is not released yet', () => {
    given(established()).when(anAllocation()).thenRefuses('TRANCHE_NOT_RELEASED');
  });

  it('refuses a closed tranche, released or not', () => {
    given(history(anEstablishFund(), aReleaseTranche(), aCloseTranche()))
      .when(anAllocation())
      .thenRefuses('TRANCHE_CLOSED');
    given(history(anEstablishFund(), aCloseTranche()))
      .when(anAllocation())
      .thenRefuses('TRANCHE_CLOSED');
  });

  describe('the allocation window', () => {
    it('refuses a decision before the window opens', () => {
      const error = given(t1Released())
        .when(anAllocation({ decidedOn: '2016-12-30' }))
        .thenRefuses('OUTSIDE_ALLOCATION_WINDOW');
      expect(error.extra).toEqual({
        trancheId: T1,
        decidedOn: '2016-12-30',
        allocatableFrom: '2016-12-31',
        allocatableUntil: null,
        windowDecidedOn: null,
      });
    });

    it('refuses a decision after the window closes', () => {
      given(bothReleased())
        .when(anAllocation({ trancheId: T2, decidedOn: '2019-01-01' }))
        .thenRefuses('OUTSIDE_ALLOCATION_WINDOW');
    });

    it('accepts decisions on both bounds, which are inclusive', () => {
      given(t1Released())
        .when(anAllocation({ decidedOn: '2016-12-31' }))
        .then([anAllocatedEvent({ decidedOn: '2016-12-31' })]);
      given(bothReleased())
        .when(anAllocation({ trancheId: T2, decidedOn: '2018-12-31' }))
        .then([anAllocatedEvent({ trancheId: T2, decidedOn: '2018-12-31' })]);
    });

    it('treats a missing bound as open-ended', () => {
      given(t1Released())
        .when(anAllocation({ decidedOn: '2030-06-30', recordedAt: '2030-07-01T08:00:00Z' }))
        .then([anAllocatedEvent({ decidedOn: '2030-06-30' })]);
      given(
        history(anEstablishFund(), aReleaseTranche({ trancheId: T2, releasedOn: '2000-06-01' })),
      )
        .when(anAllocation({ trancheId: T2, decidedOn: '2001-01-01' }))
        .then([anAllocatedEvent({ trancheId: T2, decidedOn: '2001-01-01' })]);
    });
  });

  it('refuses more than the tranche has available, saying how much is', () => {
    const events = history(
      anEstablishFund(),
      aReleaseTranche(),
      anAllocation({ amount: money('119999999.99') }),
    );
    const error = given(events)
      .when(anAllocation({ allocationId: 'alloc-2', amount: money('0.02') }))
      .thenRefuses('TRANCHE_INSUFFICIENT_FUNDS');
    expect(error.kind).toBe('rule');
    expect(error.extra).toEqual({
      trancheId: T1,
      available: '0.01',
      requested: '0.02',
      decidedOn: '2017-03-15',
      on: '2017-03-15',
      amountInForce: '120000000.00',
      allocatedOn: '119999999.99',
    });
    given(events)
      .when(anAllocation({ allocationId: 'alloc-2', amount: money('0.01') }))
      .then([anAllocatedEvent({ allocationId: 'alloc-2', amount: '0.01' })]);
  });

  it('keeps each tranche to its own money', () => {
    given(
      history(
        anEstablishFund(),
        aReleaseTranche(),
        aReleaseTranche({ trancheId: T2 }),
        anAllocation({ amount: money('120000000.00') }),
      ),
    )
      .when(anAllocation({ allocationId: 'alloc-2', trancheId: T2, amount: money('80000000.00') }))
      .then([anAllocatedEvent({ allocationId: 'alloc-2', trancheId: T2, amount: '80000000.00' })]);
  });

  it("can allocate money again once a reduction gave it back, from the reduction's day on", () => {
    const events = history(
      anEstablishFund(),
      aReleaseTranche(),
      anAllocation({ amount: money('120000000.00') }),
      aReduction({ amount: money('0.50'), decidedOn: '2017-09-01' }),
    );
    const again = { allocationId: 'alloc-2', decidedOn: '2017-09-01' };
    given(events)
      .when(anAllocation({ ...again, amount: money('0.51') }))
      .thenRefuses('TRANCHE_INSUFFICIENT_FUNDS');
    given(events)
      .when(anAllocation({ ...again, amount: money('0.50') }))
      .then([anAllocatedEvent({ ...again, amount: '0.50' })]);
  });

  it('refuses an investment that does not exist', () => {
    const error = given(t1Released())
      .when(anAllocation({ investment: anUnknownInvestment() }))
      .thenRefuses('INVESTMENT_NOT_FOUND');
    expect(error.kind).toBe('not-found');
  });

  it('refuses a closed investment', () => {
    given(t1Released())
      .when(anAllocation({ investment: aClosedInvestment() }))
      .thenRefuses('INVESTMENT_CLOSED');
  });

  it('refuses an investment without a documented benefit case, listing what is missing', () => {
    const missing = ['benefits[0].indicator.baseline', 'benefits[0].forecast'];
    const error = given(t1Released())
      .when(anAllocation({ investment: anUndocumentedInvestment(missing) }))
      .thenRefuses('BENEFIT_CASE_MISSING');
    expect(error.extra).toEqual({ investmentId: INVESTMENT_ID, missing });
  });

  it('refuses a zero amount', () => {
    given(t1Released())
      .when(anAllocation({ amount: Money.zero }))
      .thenRefuses('AMOUNT_NOT_POSITIVE');
  });

  it('is already done when the same allocation comes again, even once the tranche is full', () => {
    const events = history(
      anEstablishFund(),
      aReleaseTranche(),
      anAllocation({ amount: money('120000000.00') }),
    );
    given(events)
      .when(anAllocation({ amount: money('120000000.00') }))
      .thenAlreadyDone(anAllocatedEvent({ amount: '120000000.00' }));
  });

  it('judges a repeat by the client body, not by the investment lookup', () => {
    given(withAllocation())
      .when(anAllocation({ investment: aDocumentedInvestment({ caseVersion: 2, closed: true }) }))
      .thenAlreadyDone(anAllocatedEvent());
  });

  it('refuses the same allocation id with a different body', () => {
    given(withAllocation())
      .when(anAllocation({ amount: money('1000000.01') }))
      .thenRefuses('ALLOCATION_ALREADY_EXISTS');
    given(withAllocation())
      .when(anAllocation({ note: 'annan' }))
      .thenRefuses('ALLOCATION_ALREADY_EXISTS');
  });
});

describe('ReduceAllocation', () => {
  const reduced = (
    overrides: Partial<Extract<FundEvent, { type: 'AllocationReduced' }>['data']> = {},
  ): FundEvent => ({
    type: 'AllocationReduced',
    data: {
      reductionId: 'reduction-1',
      allocationId: 'alloc-1',
      investmentId: INVESTMENT_ID,
      trancheId: T1,
      amount: '250000.00',
      decidedOn: '2017-09-01',
      decisionRef: 'Ks 702/2017',
      reason: 'Upphandlingen blev billigare än beräknat',
      ...overrides,
    },
  });

  it('gives money back from an allocation to its tranche', () => {
    given(withAllocation()).when(aReduction()).then([reduced()]);
  });

  it('refuses on a fund that does not exist', () => {
    given().when(aReduction()).thenRefuses('FUND_NOT_FOUND');
  });

  it('refuses an unknown allocation', () => {
    const error = given(withAllocation())
      .when(aReduction({ allocationId: 'alloc-9' }))
      .thenRefuses('ALLOCATION_NOT_FOUND');
    expect(error.kind).toBe('not-found');
  });

  it('refuses more than what is left of the allocation, saying how much is', () => {
    const events = history(
      anEstablishFund(),
      aReleaseTranche(),
      anAllocation(),
      aReduction({ amount: money('999999.99') }),
    );
    const error = given(events)
      .when(aReduction({ reductionId: 'reduction-2', amount: money('0.02') }))
      .thenRefuses('ALLOCATION_REDUCTION_EXCEEDS_REMAINING');
    expect(error.extra).toEqual({ allocationId: 'alloc-1', remaining: '0.01', requested: '0.02' });
    given(events)
      .when(aReduction({ reductionId: 'reduction-2', amount: money('0.01') }))
      .then([reduced({ reductionId: 'reduction-2', amount: '0.01' })]);
  });

  it('refuses a reduction decided before the allocation', () => {
    given(withAllocation())
      .when(aReduction({ decidedOn: '2017-03-14' }))
      .thenRefuses('REDUCTION_BEFORE_ALLOCATION');
  });

  it('accepts a reduction decided the same day as the allocation', () => {
    given(withAllocation())
      .when(aReduction({ decidedOn: '2017-03-15' }))
      .then([reduced({ decidedOn: '2017-03-15' })]);
  });

  it('still gives money back on a closed tranche', () => {
    given(history(anEstablishFund(), aReleaseTranche(), anAllocation(), aCloseTranche()))
      .when(aReduction())
      .then([reduced()]);
  });

  it('refuses a zero amount', () => {
    given(withAllocation())
      .when(aReduction({ amount: Money.zero }))
      .thenRefuses('AMOUNT_NOT_POSITIVE');
  });

  it('is already done when the same reduction id comes again with the same body', () => {
    given(history(anEstablishFund(), aReleaseTranche(), anAllocation(), aReduction()))
      .when(aReduction())
      .thenAlreadyDone(reduced());
  });

  it('refuses the same reduction id with a different body', () => {
    given(history(anEstablishFund(), aReleaseTranche(), anAllocation(), aReduction()))
      .when(aReduction({ amount: money('1.00') }))
      .thenRefuses('REDUCTION_ALREADY_EXISTS');
  });
});

describe('evolve asserts the invariants of recorded events', () => {
  it('refuses an allocation that overdraws its tranche', () => {
    const events = [...t1Released(), anAllocatedEvent({ amount: '120000000.01' })];
    expect(() => fold(fundDecider, events)).toThrow(/overdrawn/);
  });

  it('refuses a reduction beyond its allocation', () => {
    const events = history(anEstablishFund(), aReleaseTranche(), anAllocation());
    const tooMuch: FundEvent = {
      type: 'AllocationReduced',
      data: {
        reductionId: 'r',
        allocationId: 'alloc-1',
        investmentId: INVESTMENT_ID,
        trancheId: T1,
        amount: '1000000.01',
        decidedOn: '2017-09-01',
        decisionRef: 'x',
        reason: 'x',
      },
    };
    expect(() => fold(fundDecider, [...events, tooMuch])).toThrow(/invariant/);
  });

  it('refuses events for a fund that was never established, or established twice', () => {
    expect(() => fold(fundDecider, [t1Added])).toThrow(/before FundEstablished/);
    expect(() => fold(fundDecider, [fundEstablished, fundEstablished])).toThrow(/twice/);
  });

  it('refuses an allocation from a tranche it does not know', () => {
    expect(() => fold(fundDecider, [fundEstablished, anAllocatedEvent()])).toThrow(
      /unknown tranche/,
    );
  });

  it('throws a plain Error, not a refusal: a recorded fact breaking a rule is a bug', () => {
    let thrown: unknown;
    try {
      fold(fundDecider, [fundEstablished, anAllocatedEvent()]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(DomainError);
  });
});

describe('queries', () => {
  const state = () =>
    fold(
      fundDecider,
      history(
        anEstablishFund(),
        aReleaseTranche(),
        anAllocation({ amount: money('30000000.25') }),
        anAllocation({ allocationId: 'alloc-2', amount: money('10000000.00') }),
        aReduction({ amount: money('0.25') }),
      ),
    );

  it('gives what a tranche has available', () => {
    expect(trancheAvailable(state(), T1).toString()).toBe('80000000.00');
    expect(trancheAvailable(state(), T2).toString()).toBe('80000000.00');
    expect(allocationRemaining(state(), 'alloc-1').toString()).toBe('30000000.00');
  });

  it('gives the balance per tranche and for the fund', () => {
    const balance = fundBalance(state());
    const asStrings = JSON.parse(JSON.stringify(balance)) as unknown;
    expect(asStrings).toEqual({
      fundId: FUND_ID,
      name: 'Digitaliseringsfonden',
      currency: 'SEK',
      tranches: [
        {
          trancheId: T1,
          name: 'Etapp 1 (2016/2017)',
          status: 'released',
          amount: '120000000.00',
          allocated: '40000000.00',
          available: '80000000.00',
        },
        {
          trancheId: T2,
          name: 'Etapp 2 (till och med 2018)',
          status: 'expected',
          amount: '80000000.00',
          allocated: '0.00',
          available: '80000000.00',
        },
      ],
      totals: { amount: '200000000.00', allocated: '40000000.00', available: '160000000.00' },
    });
  });

  it('refuses to answer for a fund that does not exist', () => {
    expect(() => fundBalance(fundDecider.initialState)).toThrow(/FUND_NOT_FOUND/);
    expect(() => trancheAvailable(fundDecider.initialState, T1)).toThrow(/FUND_NOT_FOUND/);
    expect(() => trancheAvailable(state(), 't9')).toThrow(/TRANCHE_NOT_FOUND/);
  });
});

describe('purity', () => {
  it('decides the same way every time from the same history', () => {
    const state = fold(fundDecider, t1Released());
    const first = fundDecider.decide(anAllocation(), state);
    const second = fundDecider.decide(anAllocation(), state);
    expect(second).toEqual(first);
  });

  it('does not change a folded state when evolving further', () => {
    const before = fold(fundDecider, t1Released());
    const snapshot = fundBalance(before);
    fundDecider.evolve(before, anAllocatedEvent());
    expect(fundBalance(before)).toEqual(snapshot);
  });
});
