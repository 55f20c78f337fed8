/**
 * The fund's governance rules (issue 15): the baseline is the case version the decision was
 * taken on, the running-cost effect must not be negative without the board's override, a
 * reduction never goes below what was spent, reductions are idempotent by their id, and
 * decision dates are Stockholm days no later than their recording nor before the release.
 */
import { DECISION_DATE_CLOCK_TOLERANCE_MS, fundDecider } from '../../src/fund/fund.decider';
import {
  INVESTMENT_ID,
  T1,
  T2,
  aCaseVersion,
  aCloseTranche,
  aDocumentedInvestment,
  aReduction,
  aReleaseTranche,
  anAllocation,
  anEstablishFund,
  money,
} from '../support/mothers';
import { anAllocatedEvent, given, history, t1Released, withAllocation } from './support/fund-spec';

/** v1 documented 2017-02-01, v2 2017-03-01, v3 2017-04-10; the decision is on 2017-03-15. */
const threeVersions = aDocumentedInvestment({
  caseVersion: 3,
  versions: [
    aCaseVersion({ version: 1, documentedOn: '2017-02-01' }),
    aCaseVersion({ version: 2, documentedOn: '2017-03-01', runningCostEffect: money('800000.00') }),
    aCaseVersion({ version: 3, documentedOn: '2017-04-10' }),
  ],
});

describe('the baseline is the version the decision was taken on', () => {
  it('records the named version, not the one current when the allocation is recorded', () => {
    given(t1Released())
      .when(anAllocation({ caseVersion: 2, investment: threeVersions }))
      .then([anAllocatedEvent({ benefitCaseVersion: 2, runningCostEffect: '800000.00' })]);
  });

  it('refuses a version that does not exist, naming the versions there are', () => {
    const error = given(t1Released())
      .when(anAllocation({ caseVersion: 4, investment: threeVersions }))
      .thenRefuses('CASE_VERSION_MISMATCH');
    expect(error.extra).toMatchObject({
      caseVersion: 4,
      versions: [
        { version: 1, documentedOn: '2017-02-01' },
        { version: 2, documentedOn: '2017-03-01' },
        { version: 3, documentedOn: '2017-04-10' },
      ],
    });
  });

  it('refuses a version superseded by one documented before the decision day', () => {
    const error = given(t1Released())
      .when(anAllocation({ caseVersion: 1, investment: threeVersions }))
      .thenRefuses('CASE_VERSION_MISMATCH');
    expect(error.extra).toMatchObject({ caseVersion: 1, supersededBy: 2 });
  });

  it('refuses a version documented after the decision when another was documented by then', () => {
    const error = given(t1Released())
      .when(anAllocation({ caseVersion: 3, investment: threeVersions }))
      .thenRefuses('CASE_VERSION_MISMATCH');
    expect(error.extra).toMatchObject({ caseVersion: 3, inForceOnDecision: 2 });
  });

  it('holds neither side against a version documented on the decision day itself', () => {
    const sameDay = aDocumentedInvestment({
      caseVersion: 2,
      versions: [
        aCaseVersion({ version: 1, documentedOn: '2017-02-01' }),
        aCaseVersion({ version: 2, documentedOn: '2017-03-15' }),
      ],
    });
    given(t1Released())
      .when(anAllocation({ caseVersion: 1, investment: sameDay }))
      .then([anAllocatedEvent()]);
    given(t1Released())
      .when(anAllocation({ caseVersion: 2, investment: sameDay }))
      .then([anAllocatedEvent({ benefitCaseVersion: 2 })]);
  });

  it('accepts a version recorded after the decision when none was recorded before (history entered later)', () => {
    const late = aDocumentedInvestment({
      caseVersion: 2,
      versions: [
        aCaseVersion({ version: 1, documentedOn: '2019-02-01' }),
        aCaseVersion({ version: 2, documentedOn: '2019-02-02' }),
      ],
    });
    given(t1Released())
      .when(anAllocation({ caseVersion: 1, investment: late }))
      .then([anAllocatedEvent()]);
  });

  it('a repeat must name the same version', () => {
    given(withAllocation())
      .when(anAllocation({ caseVersion: 2, investment: threeVersions }))
      .thenRefuses('ALLOCATION_ALREADY_EXISTS');
  });
});

describe('running-cost effect (driftkostnadseffekt)', () => {
  const raisesCosts = aDocumentedInvestment({
    versions: [aCaseVersion({ runningCostEffect: money('-300000.00') })],
  });

  it('refuses an allocation whose baseline raises running costs over its horizon, with the effect', () => {
    const error = given(t1Released())
      .when(anAllocation({ investment: raisesCosts }))
      .thenRefuses('NEGATIVE_RUNNING_COST_EFFECT');
    expect(error.kind).toBe('rule');
    expect(error.extra).toEqual({
      investmentId: INVESTMENT_ID,
      caseVersion: 1,
      runningCostEffect: '-300000.00',
    });
  });

  it("accepts it with the board's overrideRef, which is recorded with the effect", () => {
    given(t1Released())
      .when(anAllocation({ investment: raisesCosts, overrideRef: 'Ks 330/2017 § 4' }))
      .then([
        anAllocatedEvent({ overrideRef: 'Ks 330/2017 § 4', runningCostEffect: '-300000.00' }),
      ]);
  });

  it('accepts a zero effect: it does not raise running costs', () => {
    const neutral = aDocumentedInvestment({
      versions: [aCaseVersion({ runningCostEffect: money('0.00') })],
    });
    given(t1Released())
      .when(anAllocation({ investment: neutral }))
      .then([anAllocatedEvent({ runningCostEffect: '0.00' })]);
  });

  it('judges the named version, not the current one', () => {
    const laterWorse = aDocumentedInvestment({
      caseVersion: 2,
      versions: [
        aCaseVersion({ version: 1, documentedOn: '2017-02-01' }),
        aCaseVersion({
          version: 2,
          documentedOn: '2017-05-01',
          runningCostEffect: money('-1.00'),
        }),
      ],
    });
    given(t1Released())
      .when(anAllocation({ caseVersion: 1, investment: laterWorse }))
      .then([anAllocatedEvent()]);
  });
});

describe('a reduction may not go below what was spent', () => {
  it('refuses a reduction that would leave less than the spend, with spent in the answer', () => {
    const error = given(withAllocation())
      .when(aReduction({ amount: money('250000.00'), spent: money('800000.01') }))
      .thenRefuses('REDUCTION_BELOW_SPENT');
    expect(error.extra).toEqual({
      allocationId: 'alloc-1',
      spent: '800000.01',
      remaining: '1000000.00',
      requested: '250000.00',
      largestReduction: '199999.99',
    });
  });

  it('accepts a reduction down to exactly the spend', () => {
    const decision = fundDecider.decide(
      aReduction({ amount: money('200000.00'), spent: money('800000.00') }),
      history(anEstablishFund(), aReleaseTranche(), anAllocation()).reduce(
        fundDecider.evolve,
        fundDecider.initialState,
      ),
    );
    expect(decision.kind).toBe('append');
  });

  it('counts earlier reductions: what is left must still cover the spend', () => {
    const events = history(
      anEstablishFund(),
      aReleaseTranche(),
      anAllocation(),
      aReduction({ amount: money('100000.00') }),
    );
    given(events)
      .when(
        aReduction({
          reductionId: 'reduction-2',
          amount: money('100000.01'),
          spent: money('800000.00'),
        }),
      )
      .thenRefuses('REDUCTION_BELOW_SPENT');
  });
});

describe('reductions are idempotent by their id', () => {
  const events = () => history(anEstablishFund(), aReleaseTranche(), anAllocation(), aReduction());

  it('the same id and body again is the first answer, nothing appended', () => {
    given(events()).when(aReduction()).thenAlreadyDone(events().at(-1));
  });

  it('answers the repeat even when the spend has grown past what a new reduction would allow', () => {
    given(events())
      .when(aReduction({ spent: money('1000000.00') }))
      .thenAlreadyDone(events().at(-1));
  });

  it('the same id with another body is refused', () => {
    given(events())
      .when(aReduction({ amount: money('250000.01') }))
      .thenRefuses('REDUCTION_ALREADY_EXISTS');
    given(events())
      .when(aReduction({ reason: 'Annat skäl' }))
      .thenRefuses('REDUCTION_ALREADY_EXISTS');
  });
});

describe('decision dates are Stockholm days, never after their recording nor before the release', () => {
  it('refuses an allocation decided after the Stockholm day it is recorded on', () => {
    const error = given(t1Released())
      .when(anAllocation({ decidedOn: '2017-03-16', recordedAt: '2017-03-15T12:00:00Z' }))
      .thenRefuses('DECISION_DATE_IN_FUTURE');
    expect(error.extra).toEqual({
      field: 'decidedOn',
      decidedOn: '2017-03-16',
      recordedOn: '2017-03-15',
    });
  });

  it('counts the Stockholm day: 23:30 UTC in March is already the next day in Örebro', () => {
    given(t1Released())
      .when(anAllocation({ decidedOn: '2017-03-16', recordedAt: '2017-03-15T23:30:00Z' }))
      .then([anAllocatedEvent({ decidedOn: '2017-03-16' })]);
  });

  it(`allows a clock tolerance of ${DECISION_DATE_CLOCK_TOLERANCE_MS / 60000} minutes over local midnight, no more`, () => {
    // 22:57 UTC in summer is 00:57 in Stockholm: midnight lies an hour back, so only a
    // moment within the tolerance before local midnight may name the next day.
    given(t1Released())
      .when(anAllocation({ decidedOn: '2017-06-16', recordedAt: '2017-06-15T21:57:00Z' }))
      .then([anAllocatedEvent({ decidedOn: '2017-06-16' })]);
    given(t1Released())
      .when(anAllocation({ decidedOn: '2017-06-16', recordedAt: '2017-06-15T21:50:00Z' }))
      .thenRefuses('DECISION_DATE_IN_FUTURE');
  });

  it('refuses an allocation decided before its tranche was released', () => {
    const events = history(anEstablishFund(), aReleaseTranche({ releasedOn: '2017-01-20' }));
    const error = given(events)
      .when(anAllocation({ decidedOn: '2017-01-19' }))
      .thenRefuses('DECIDED_BEFORE_RELEASE');
    expect(error.extra).toEqual({
      trancheId: T1,
      decidedOn: '2017-01-19',
      releasedOn: '2017-01-20',
    });
    given(events)
      .when(anAllocation({ decidedOn: '2017-01-20' }))
      .then([anAllocatedEvent({ decidedOn: '2017-01-20' })]);
  });

  it('refuses a reduction decided in the future', () => {
    given(withAllocation())
      .when(aReduction({ decidedOn: '2017-09-02', recordedAt: '2017-09-01T10:00:00Z' }))
      .thenRefuses('DECISION_DATE_IN_FUTURE');
  });

  it('refuses a release or a closing dated after its recording', () => {
    given(history(anEstablishFund()))
      .when(
        aReleaseTranche({
          trancheId: T2,
          releasedOn: '2018-01-02',
          recordedAt: '2018-01-01T09:00:00Z',
        }),
      )
      .thenRefuses('DECISION_DATE_IN_FUTURE');
    given(t1Released())
      .when(aCloseTranche({ closedOn: '2019-02-01', recordedAt: '2019-01-31T09:00:00Z' }))
      .thenRefuses('DECISION_DATE_IN_FUTURE');
  });
});
