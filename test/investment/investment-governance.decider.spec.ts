/**
 * Issue 15's rules on the investment side, one describe per rule: the baseline is the version
 * decided on and re-baselining is a decision of its own; obligations survive case revisions
 * and only finance waives one; a case is a calculation with known owners; harvests stay within
 * what was realised; costs and harvests are corrected or reversed by new events; dates lie
 * within the investment's life.
 */
import { MISSING_COST_FORECAST, MISSING_VALUED_BENEFIT } from '../../src/investment/benefit-case';
import { investmentCheckFor } from '../../src/investment/investment.access';
import { InvestmentCommand } from '../../src/investment/investment.commands';
import {
  currentCostAmount,
  currentHarvestAmount,
  investmentDecider,
  obligationsOfInvestment,
} from '../../src/investment/investment.decider';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { Money } from '../../src/money/money';
import { fold } from '../support/decider-spec';
import { history, plus, stateOf, when } from './investment-harness';
import {
  FINANCE_OFFICER,
  FINANCIAL_LINE,
  LINE_OWNER,
  OTHER_OWNER,
  INVESTMENT,
  PROJECT_LEAD,
  PROPOSED_ON,
  QUALITATIVE_LINE,
  aBaselineRevision,
  aBenefitCase,
  aCaseDocumentation,
  aClosing,
  aCorrection,
  aCost,
  aCostCorrection,
  aCostReversal,
  aFinanceOfficer,
  aFinancialLine,
  aFirstAllocation,
  aHarvest,
  aHarvestCorrection,
  aHarvestReversal,
  aOneOffCostLine,
  aProposal,
  aQualitativeLine,
  aRecurringCostLine,
  aRedistributableLine,
  aStageChange,
  aWaiver,
  anEffectReport,
  quarterlyForecast,
  waivedEvent,
} from '../support/investment.mothers';

/** The command is accepted and appends one event of the type. */
const expectAccepted = (
  events: readonly InvestmentEvent[],
  command: InvestmentCommand,
  type: InvestmentEvent['type'],
): void => {
  const decision = investmentDecider.decide(command, fold(investmentDecider, events));
  expect(decision.kind === 'append' ? decision.events.map((e) => e.type) : decision.kind).toEqual([
    type,
  ]);
};

/** The financial line forecast without 2020: what a lead might document to drop an overdue year. */
const withoutLastYear = aBenefitCase({
  benefits: [
    aFinancialLine({
      forecast: [
        { period: '2018', amount: '600000.00' },
        { period: '2019', amount: '600000.00' },
      ],
    }),
    aRedistributableLine(),
    aQualitativeLine(),
  ],
});

const approvedOnV1 = () =>
  history(aProposal(), aCaseDocumentation(), aStageChange('analysed'), aFirstAllocation());

describe('Baseline: the version the decision was taken on', () => {
  it('the approval records the version the allocation names, not the one current when recorded', () => {
    const events = history(
      aProposal(),
      aCaseDocumentation(),
      aCaseDocumentation(withoutLastYear),
      aFirstAllocation({ caseVersion: 1 }),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'InvestmentApproved',
      data: { baselineCaseVersion: 1 },
    });
    expect(stateOf(events).baselineCaseVersion).toBe(1);
  });

  it('an ordinary revision changes the current forecast only', () => {
    const state = stateOf(plus(approvedOnV1(), aCaseDocumentation(withoutLastYear)));
    expect(state.baselineCaseVersion).toBe(1);
    expect(state.currentCase).toEqual(withoutLastYear);
  });

  it('finance re-baselines to the current version written by someone else', () => {
    const events = plus(approvedOnV1(), aCaseDocumentation(withoutLastYear));
    when(events, aBaselineRevision()).then([
      {
        type: 'BaselineRevised',
        data: {
          investmentId: INVESTMENT,
          caseVersion: 2,
          previousCaseVersion: 1,
          reason: 'Kommunstyrelsen godkände den reviderade kalkylen',
          decisionRef: 'Ks 2018/77',
          approvedBy: FINANCE_OFFICER,
        },
      },
    ]);
    const state = stateOf(plus(events, aBaselineRevision()));
    expect(state.baselineCaseVersion).toBe(2);
    expect(state.approvedCaseVersion).toBe(1);
  });

  it('refuses the author of the version as its approver', () => {
    const byFinance = plus(
      approvedOnV1(),
      aCaseDocumentation(withoutLastYear, { actor: aFinanceOfficer() }),
    );
    const error = when(byFinance, aBaselineRevision()).thenRefuses('BASELINE_APPROVER_IS_AUTHOR');
    expect(error.extra).toEqual({ caseVersion: 2, author: FINANCE_OFFICER });
    expectAccepted(
      byFinance,
      aBaselineRevision({ actor: aFinanceOfficer('kim.ek') }),
      'BaselineRevised',
    );
  });

  it('refuses a version that is not the current one, the baseline itself, and an unknown one', () => {
    const three = plus(
      approvedOnV1(),
      aCaseDocumentation(withoutLastYear),
      aCaseDocumentation(aBenefitCase({ horizonYears: 5 })),
    );
    const error = when(three, aBaselineRevision({ caseVersion: 2 })).thenRefuses(
      'BASELINE_VERSION_NOT_CURRENT',
    );
    expect(error.extra).toEqual({ caseVersion: 2, currentCaseVersion: 3 });
    when(approvedOnV1(), aBaselineRevision({ caseVersion: 1 })).thenRefuses('BASELINE_UNCHANGED');
    when(three, aBaselineRevision({ caseVersion: 9 })).thenRefuses(
      'BENEFIT_CASE_VERSION_NOT_FOUND',
    );
  });

  it('refuses before any approval, and a blank reason or decision reference', () => {
    const unapproved = history(
      aProposal(),
      aCaseDocumentation(),
      aCaseDocumentation(withoutLastYear),
    );
    when(unapproved, aBaselineRevision()).thenRefuses('INVESTMENT_NOT_APPROVED');
    const events = plus(approvedOnV1(), aCaseDocumentation(withoutLastYear));
    when(events, aBaselineRevision({ reason: ' ' })).thenRefuses('VALIDATION_FAILED');
    when(events, aBaselineRevision({ decisionRef: '' })).thenRefuses('VALIDATION_FAILED');
  });

  it('the same revision again is already done', () => {
    const events = plus(approvedOnV1(), aCaseDocumentation(withoutLastYear), aBaselineRevision());
    when(events, aBaselineRevision()).thenAlreadyDone(events.at(-1));
  });
});

describe('Obligations come from the baseline and every later version', () => {
  const owed = (events: readonly InvestmentEvent[], line: string): string[] =>
    obligationsOfInvestment(stateOf(events))
      .filter((o) => o.benefitLineId === line)
      .map((o) => o.period);

  it('a revision without an owed year does not make it disappear (the exploit)', () => {
    const events = plus(approvedOnV1(), aCaseDocumentation(withoutLastYear));
    expect(owed(events, FINANCIAL_LINE)).toEqual(['2018', '2019', '2020']);
  });

  it('a later version adds what it forecasts', () => {
    const longer = aBenefitCase({
      horizonYears: 5,
      benefits: [
        aFinancialLine({
          forecast: [
            { period: '2018', amount: '600000.00' },
            { period: '2021', amount: '600000.00' },
          ],
        }),
      ],
    });
    const events = plus(approvedOnV1(), aCaseDocumentation(longer));
    expect(owed(events, FINANCIAL_LINE)).toEqual(['2018', '2019', '2020', '2021']);
  });

  it('a finer period inside an owed coarser one is not asked twice', () => {
    const quarters = aBenefitCase({
      benefits: [aFinancialLine({ forecast: quarterlyForecast(2020) })],
    });
    const events = plus(approvedOnV1(), aCaseDocumentation(quarters));
    expect(owed(events, FINANCIAL_LINE)).toEqual(['2018', '2019', '2020']);
  });

  it('a later version that folds owed quarters into one year leaves the quarters owed', () => {
    const quarterly = (periods: readonly string[]) =>
      aBenefitCase({
        benefits: [
          aFinancialLine({
            forecast: periods.map((period) => ({ period, amount: '150000.00' })),
          }),
        ],
      });
    const quarters = ['2017-Q1', '2017-Q2', '2017-Q3', '2017-Q4'];
    const withQuarters = plus(approvedOnV1(), aCaseDocumentation(quarterly(quarters)));
    expect(owed(withQuarters, FINANCIAL_LINE)).toEqual(['2018', '2019', '2020', ...quarters]);
    // The exploit: the year is due only after it ends, so its quarters, some overdue, would
    // all have moved to after 2017 and out of the follow-up without a waiver.
    const folded = plus(withQuarters, aCaseDocumentation(quarterly(['2017'])));
    expect(owed(folded, FINANCIAL_LINE)).toEqual(['2018', '2019', '2020', ...quarters, '2017']);
  });

  it('a qualitative line owes a reading per period of its frequency over the horizon', () => {
    expect(owed(approvedOnV1(), QUALITATIVE_LINE)).toEqual(['2017', '2018', '2019', '2020']);
    const quarterly = aBenefitCase({
      benefits: [
        aFinancialLine(),
        aQualitativeLine({
          indicator: { ...aQualitativeLine().indicator, frequency: 'kvartalsvis' },
        }),
      ],
    });
    const events = history(aProposal(), aCaseDocumentation(quarterly), aFirstAllocation());
    expect(owed(events, QUALITATIVE_LINE)).toHaveLength(16);
    expect(owed(events, QUALITATIVE_LINE)[0]).toBe('2017-Q1');
  });

  it('nothing is owed before the first allocation', () => {
    expect(obligationsOfInvestment(stateOf(history(aProposal(), aCaseDocumentation())))).toEqual(
      [],
    );
  });
});

describe('WaiveObligation: only finance, with a reason, as an event', () => {
  it('records the waiver', () => {
    when(approvedOnV1(), aWaiver()).then([waivedEvent()]);
  });

  it('waives a period only an earlier version forecast', () => {
    const events = plus(approvedOnV1(), aCaseDocumentation(withoutLastYear));
    expect(plus(events, aWaiver({ period: '2020' })).at(-1)).toMatchObject({
      type: 'ObligationWaived',
      data: { period: '2020' },
    });
  });

  it('refuses what is not owed, what was reported, and before approval', () => {
    const error = when(approvedOnV1(), aWaiver({ period: '2017' })).thenRefuses(
      'OBLIGATION_NOT_OWED',
    );
    expect(error.extra).toEqual({ benefitLineId: FINANCIAL_LINE, period: '2017' });
    const reported = plus(approvedOnV1(), anEffectReport({ period: '2019' }));
    when(reported, aWaiver()).thenRefuses('OBLIGATION_ALREADY_MET');
    when(history(aProposal(), aCaseDocumentation()), aWaiver()).thenRefuses(
      'INVESTMENT_NOT_APPROVED',
    );
  });

  it('the same waiver again is already done; another reason is refused', () => {
    const events = plus(approvedOnV1(), aWaiver());
    when(events, aWaiver()).thenAlreadyDone(events.at(-1));
    when(events, aWaiver({ reason: 'Annat skäl' })).thenRefuses('OBLIGATION_ALREADY_WAIVED');
  });

  it('refuses a blank reason and a malformed period', () => {
    when(approvedOnV1(), aWaiver({ reason: '' })).thenRefuses('VALIDATION_FAILED');
    when(approvedOnV1(), aWaiver({ period: '2019-Q5' })).thenRefuses('VALIDATION_FAILED');
  });
});

describe('A documented case needs a calculation and known owners', () => {
  const proposed = () => history(aProposal());

  it('refuses a case without costs, listing what is missing', () => {
    const error = when(proposed(), aCaseDocumentation(aBenefitCase({ costs: [] }))).thenRefuses(
      'BENEFIT_CASE_INCOMPLETE',
    );
    expect(error.kind).toBe('rule');
    expect(error.extra).toEqual({ missing: [MISSING_COST_FORECAST] });
  });

  it('refuses a case without a valued line unless it states why', () => {
    const qualitative = aBenefitCase({ benefits: [aQualitativeLine()] });
    const error = when(proposed(), aCaseDocumentation(qualitative)).thenRefuses(
      'BENEFIT_CASE_INCOMPLETE',
    );
    expect(error.extra).toEqual({ missing: [MISSING_VALUED_BENEFIT] });
    const stated = { ...qualitative, qualitativeOnlyReason: 'Tillgänglighet, inte kronor' };
    when(proposed(), aCaseDocumentation(stated)).then([
      {
        type: 'BenefitCaseDocumented',
        data: { investmentId: INVESTMENT, version: 1, case: stated, documentedBy: PROJECT_LEAD },
      },
    ]);
  });

  it('refuses an owner who is not a known user', () => {
    const unknown = aBenefitCase({
      benefits: [aFinancialLine({ owner: 'nobody.here' }), aQualitativeLine()],
    });
    const error = when(proposed(), aCaseDocumentation(unknown)).thenRefuses(
      'BENEFIT_OWNER_UNKNOWN',
    );
    expect(error.extra).toEqual({
      owners: ['nobody.here'],
      errors: [{ path: 'benefits[0].owner', message: 'nobody.here is not a known user' }],
    });
  });

  it('a case recorded before calculations were required gets no money: the fund is told what is missing', () => {
    const older: InvestmentEvent[] = [
      ...history(aProposal()),
      {
        type: 'BenefitCaseDocumented',
        data: { investmentId: INVESTMENT, version: 1, case: aBenefitCase({ costs: [] }) },
      },
    ];
    expect(investmentCheckFor(stateOf(older)).missing).toEqual([MISSING_COST_FORECAST]);
  });
});

describe('Harvests stay within what was realised', () => {
  const realising = () =>
    plus(approvedOnV1(), aStageChange('implementing'), aStageChange('realising'));
  const realised = () => plus(realising(), anEffectReport());

  it('refuses a harvest beyond the realised actual, saying how much was realised', () => {
    const error = when(realising(), aHarvest()).thenRefuses('HARVEST_EXCEEDS_REALISED');
    expect(error.extra).toEqual({
      benefitLineId: FINANCIAL_LINE,
      realised: '0.00',
      harvested: '0.00',
      amount: '500000.00',
    });
  });

  it('counts every harvest of the line: cumulative, not per harvest', () => {
    const events = plus(realised(), aHarvest());
    expectAccepted(
      events,
      aHarvest({ harvestId: 'h-2', amount: Money.of('50000.00') }),
      'SavingsHarvested',
    );
    when(events, aHarvest({ harvestId: 'h-2', amount: Money.of('50000.01') })).thenRefuses(
      'HARVEST_EXCEEDS_REALISED',
    );
  });

  it('measures against the effective actual, corrections applied', () => {
    const lowered = plus(realised(), aCorrection({ value: Money.of('400000.00') }));
    when(lowered, aHarvest()).thenRefuses('HARVEST_EXCEEDS_REALISED');
  });

  it('records a harvest ahead of realisation when it is marked so, with the reason', () => {
    const ahead = aHarvest({ aheadOfRealisation: true, reason: 'Budget 2018 sänkt i förväg' });
    when(realising(), ahead).then([
      {
        type: 'SavingsHarvested',
        data: {
          investmentId: INVESTMENT,
          harvestId: 'harvest-1',
          benefitLineId: FINANCIAL_LINE,
          fiscalYear: 2018,
          amount: '500000.00',
          decisionRef: 'KF 2017-11-28 § 212 budget 2018',
          aheadOfRealisation: true,
          reason: 'Budget 2018 sänkt i förväg',
        },
      },
    ]);
    const unexplained = when(realising(), aHarvest({ aheadOfRealisation: true })).thenRefuses(
      'VALIDATION_FAILED',
    );
    expect(unexplained.kind).toBe('invalid');
    expect(unexplained.extra).toEqual({
      errors: [{ path: 'reason', message: 'must not be blank' }],
    });
  });

  it('refuses a fiscal year outside the case horizon', () => {
    const error = when(realised(), aHarvest({ fiscalYear: 2021 })).thenRefuses(
      'FISCAL_YEAR_OUTSIDE_HORIZON',
    );
    expect(error.extra).toEqual({ fiscalYear: 2021, startYear: 2017, endYear: 2020 });
    when(realised(), aHarvest({ fiscalYear: 2016 })).thenRefuses('FISCAL_YEAR_OUTSIDE_HORIZON');
  });
});

describe('Costs and harvests are corrected or reversed, never edited', () => {
  const withCost = () => plus(approvedOnV1(), aCost());
  const harvested = () => plus(approvedOnV1(), anEffectReport(), aHarvest());

  it('corrects a cost: a new event with the amount before it', () => {
    when(withCost(), aCostCorrection()).then([
      {
        type: 'CostCorrected',
        data: {
          investmentId: INVESTMENT,
          costId: 'cost-1',
          correctionId: 'cost-correction-1',
          amount: '705000.00',
          previousAmount: '750000.00',
          reason: 'Fakturan bokades med fel belopp',
        },
      },
    ]);
    const state = stateOf(plus(withCost(), aCostCorrection()));
    expect(state.costs[0].amount).toBe('750000.00');
    expect(currentCostAmount(state, state.costs[0])).toBe('705000.00');
  });

  it('reverses a cost; a reversed cost cannot be corrected; the same reversal again is already done', () => {
    const reversed = plus(withCost(), aCostReversal());
    expect(reversed.at(-1)).toEqual({
      type: 'CostReversed',
      data: {
        investmentId: INVESTMENT,
        costId: 'cost-1',
        previousAmount: '750000.00',
        reason: 'Fakturan gällde en annan investering',
      },
    });
    const state = stateOf(reversed);
    expect(currentCostAmount(state, state.costs[0])).toBe('0.00');
    when(reversed, aCostCorrection()).thenRefuses('COST_REVERSED');
    when(reversed, aCostReversal()).thenAlreadyDone(reversed.at(-1));
    when(reversed, aCostReversal({ reason: 'Annat' })).thenRefuses('COST_REVERSED');
  });

  it('refuses an unknown cost, an unchanged amount and a blank reason', () => {
    when(withCost(), aCostCorrection({ costId: 'cost-9' })).thenRefuses('COST_NOT_FOUND');
    when(withCost(), aCostCorrection({ amount: Money.of('750000.00') })).thenRefuses(
      'AMOUNT_UNCHANGED',
    );
    when(withCost(), aCostCorrection({ reason: '' })).thenRefuses('VALIDATION_FAILED');
    when(withCost(), aCostReversal({ costId: 'cost-9' })).thenRefuses('COST_NOT_FOUND');
  });

  it('corrects a harvest down freely, up only within what was realised', () => {
    when(harvested(), aHarvestCorrection()).then([
      {
        type: 'HarvestCorrected',
        data: {
          investmentId: INVESTMENT,
          harvestId: 'harvest-1',
          correctionId: 'harvest-correction-1',
          benefitLineId: FINANCIAL_LINE,
          amount: '450000.00',
          previousAmount: '500000.00',
          reason: 'Budgetbeslutet angav ett lägre belopp',
        },
      },
    ]);
    expectAccepted(
      harvested(),
      aHarvestCorrection({ amount: Money.of('550000.00') }),
      'HarvestCorrected',
    );
    when(harvested(), aHarvestCorrection({ amount: Money.of('550000.01') })).thenRefuses(
      'HARVEST_EXCEEDS_REALISED',
    );
  });

  it('a reversed harvest no longer counts, so the line can be harvested again', () => {
    const reversed = plus(harvested(), aHarvestReversal());
    const state = stateOf(reversed);
    expect(currentHarvestAmount(state, state.harvests[0])).toBe('0.00');
    expectAccepted(
      reversed,
      aHarvest({ harvestId: 'h-2', amount: Money.of('550000.00') }),
      'SavingsHarvested',
    );
    when(reversed, aHarvestCorrection()).thenRefuses('HARVEST_REVERSED');
    when(harvested(), aHarvestReversal({ harvestId: 'h-9' })).thenRefuses('HARVEST_NOT_FOUND');
  });
});

describe("Dates lie within the investment's life", () => {
  it('the proposal records the Stockholm day it was made', () => {
    expect(stateOf(history(aProposal())).proposedOn).toBe(PROPOSED_ON);
  });

  it('refuses a cost before the proposal or after today', () => {
    const error = when(approvedOnV1(), aCost({ incurredOn: '2017-01-15' })).thenRefuses(
      'DATE_OUTSIDE_INVESTMENT_LIFE',
    );
    expect(error.extra).toEqual({
      field: 'incurredOn',
      date: '2017-01-15',
      earliest: PROPOSED_ON,
      latest: '2021-06-30',
    });
    expectAccepted(approvedOnV1(), aCost({ incurredOn: '2017-01-16' }), 'CostRecorded');
    when(approvedOnV1(), aCost({ incurredOn: '2017-06-01', today: '2017-05-31' })).thenRefuses(
      'DATE_OUTSIDE_INVESTMENT_LIFE',
    );
  });

  it('begins the life at an earlier allocation decision: history entered into the ledger later', () => {
    // Proposed (recorded) 2017-01-16; the board decided on it on 2016-11-10.
    expectAccepted(
      approvedOnV1(),
      aCost({ incurredOn: '2016-11-10', firstDecidedOn: '2016-11-10' }),
      'CostRecorded',
    );
    const error = when(
      approvedOnV1(),
      aCost({ incurredOn: '2016-11-09', firstDecidedOn: '2016-11-10' }),
    ).thenRefuses('DATE_OUTSIDE_INVESTMENT_LIFE');
    expect(error.extra).toMatchObject({ earliest: '2016-11-10' });
    expectAccepted(
      approvedOnV1(),
      aClosing({ closedOn: '2016-12-31', firstDecidedOn: '2016-11-10' }),
      'InvestmentClosed',
    );
    // A decision after the proposal does not move its start later.
    expectAccepted(
      approvedOnV1(),
      aCost({ incurredOn: '2017-01-20', firstDecidedOn: '2017-03-01' }),
      'CostRecorded',
    );
  });

  it('refuses a closing before the proposal, after today or before a cost', () => {
    const withCost = plus(approvedOnV1(), aCost({ incurredOn: '2019-08-01' }));
    when(approvedOnV1(), aClosing({ closedOn: '2016-12-31' })).thenRefuses(
      'DATE_OUTSIDE_INVESTMENT_LIFE',
    );
    when(approvedOnV1(), aClosing({ closedOn: '2019-07-01', today: '2019-06-30' })).thenRefuses(
      'DATE_OUTSIDE_INVESTMENT_LIFE',
    );
    const error = when(withCost, aClosing({ closedOn: '2019-06-30' })).thenRefuses(
      'DATE_OUTSIDE_INVESTMENT_LIFE',
    );
    expect(error.extra).toMatchObject({ field: 'closedOn', earliest: '2019-08-01' });
    const reversed = plus(withCost, aCostReversal());
    expectAccepted(reversed, aClosing({ closedOn: '2019-06-30' }), 'InvestmentClosed');
  });

  it('refuses a closing dated before an allocation was decided', () => {
    // Closed on 2019-01-20, yet the board put money into it on 2019-06-01: the history would read
    // a closed investment taking money.
    const error = when(
      approvedOnV1(),
      aClosing({ closedOn: '2019-01-20', today: '2019-07-01', lastDecidedOn: '2019-06-01' }),
    ).thenRefuses('DATE_OUTSIDE_INVESTMENT_LIFE');
    expect(error.extra).toMatchObject({ field: 'closedOn', earliest: '2019-06-01' });
    // With a cost before the decision, the refusal names the later bound: the decision.
    const withCost = plus(approvedOnV1(), aCost({ incurredOn: '2019-03-01' }));
    const both = when(
      withCost,
      aClosing({ closedOn: '2019-01-01', today: '2019-07-01', lastDecidedOn: '2019-06-01' }),
    ).thenRefuses('DATE_OUTSIDE_INVESTMENT_LIFE');
    expect(both.extra).toMatchObject({ earliest: '2019-06-01' });
    // On the decision day itself, or later, it may close.
    expectAccepted(
      approvedOnV1(),
      aClosing({ closedOn: '2019-06-01', today: '2019-07-01', lastDecidedOn: '2019-06-01' }),
      'InvestmentClosed',
    );
  });

  it("refuses a cost or closing from before the investment's fund existed", () => {
    // Proposed 2017-01-16; its fund was established on 2017-02-01.
    const error = when(
      approvedOnV1(),
      aCost({ incurredOn: '2017-01-20', fundOpenedOn: '2017-02-01' }),
    ).thenRefuses('DATE_OUTSIDE_FUND_LIFE');
    expect(error.extra).toEqual({
      field: 'incurredOn',
      date: '2017-01-20',
      fundOpenedOn: '2017-02-01',
    });
    expectAccepted(
      approvedOnV1(),
      aCost({ incurredOn: '2017-02-01', fundOpenedOn: '2017-02-01' }),
      'CostRecorded',
    );
    when(
      approvedOnV1(),
      aClosing({ closedOn: '2017-01-31', fundOpenedOn: '2017-02-01' }),
    ).thenRefuses('DATE_OUTSIDE_FUND_LIFE');
  });

  it('refuses an effect report for a period that has not begun', () => {
    const error = when(
      approvedOnV1(),
      anEffectReport({ period: '2019', today: '2018-12-31' }),
    ).thenRefuses('PERIOD_NOT_STARTED');
    expect(error.extra).toEqual({ period: '2019', startsOn: '2019-01-01', today: '2018-12-31' });
    expectAccepted(
      approvedOnV1(),
      anEffectReport({ period: '2019', today: '2019-01-01' }),
      'EffectReported',
    );
  });

  it('a ledger recorded before proposal days bounds costs by today only', () => {
    const older: InvestmentEvent[] = [
      {
        type: 'InvestmentProposed',
        data: {
          investmentId: INVESTMENT,
          title: 'E-arkiv',
          department: 'KLF',
          projectLead: PROJECT_LEAD,
          need: 'Behov',
        },
      },
    ];
    expect(stateOf(older).proposedOn).toBeNull();
    expectAccepted(
      plus(older, aCaseDocumentation()),
      aCost({ costLineId: undefined, incurredOn: '2001-01-01' }),
      'CostRecorded',
    );
  });
});

describe('Re-baselining keeps the running-cost rule', () => {
  /** Version 2 raises running costs: 1 800 000 of financial benefits against 2 700 000 of recurring costs. */
  const costlier = aBenefitCase({
    costs: [
      aOneOffCostLine(),
      aRecurringCostLine({
        forecast: [
          { period: '2018', amount: '900000.00' },
          { period: '2019', amount: '900000.00' },
          { period: '2020', amount: '900000.00' },
        ],
      }),
    ],
  });
  const documented = () => plus(approvedOnV1(), aCaseDocumentation(costlier));

  it('refuses adopting a version whose effect over its horizon is negative, with the effect', () => {
    const error = when(documented(), aBaselineRevision()).thenRefuses(
      'NEGATIVE_RUNNING_COST_EFFECT',
    );
    expect(error.extra).toEqual({
      investmentId: INVESTMENT,
      caseVersion: 2,
      runningCostEffect: '-900000.00',
    });
  });

  it("adopts it on the board's overrideRef, which is recorded and shown with the revisions", () => {
    const revision = aBaselineRevision({ overrideRef: 'Ks 2018/78 § 3' });
    when(documented(), revision).then([
      {
        type: 'BaselineRevised',
        data: {
          investmentId: INVESTMENT,
          caseVersion: 2,
          previousCaseVersion: 1,
          reason: 'Kommunstyrelsen godkände den reviderade kalkylen',
          decisionRef: 'Ks 2018/77',
          approvedBy: FINANCE_OFFICER,
          overrideRef: 'Ks 2018/78 § 3',
        },
      },
    ]);
    const events = plus(documented(), revision);
    expect(stateOf(events).baselineRevisions.at(-1)?.overrideRef).toBe('Ks 2018/78 § 3');
    when(events, revision).thenAlreadyDone(events.at(-1));
    when(documented(), aBaselineRevision({ overrideRef: ' ' })).thenRefuses('VALIDATION_FAILED');
  });

  it('needs no overrideRef when the effect is not negative', () => {
    expectAccepted(
      plus(approvedOnV1(), aCaseDocumentation(withoutLastYear)),
      aBaselineRevision(),
      'BaselineRevised',
    );
  });
});

describe('A lowered effect report may not leave a harvest above what was realised', () => {
  const harvested = () =>
    plus(
      approvedOnV1(),
      aStageChange('implementing'),
      aStageChange('realising'),
      anEffectReport({ value: Money.of('1000000.00') }),
      aHarvest({ amount: Money.of('1000000.00') }),
    );

  it('refuses correcting the report to 0 after 1 MSEK was harvested on it (the exploit)', () => {
    const error = when(harvested(), aCorrection({ value: Money.of('0.00') })).thenRefuses(
      'HARVEST_EXCEEDS_REALISED',
    );
    expect(error.extra).toEqual({
      benefitLineId: FINANCIAL_LINE,
      reportId: 'report-1',
      realised: '0.00',
      harvested: '1000000.00',
    });
  });

  it('allows a correction that still covers the harvests, and one after the harvest is lowered', () => {
    expectAccepted(
      harvested(),
      aCorrection({ value: Money.of('1000000.00'), reason: 'Samma belopp, ny bilaga' }),
      'EffectReportCorrected',
    );
    const lowered = plus(harvested(), aHarvestCorrection({ amount: Money.of('300000.00') }));
    expectAccepted(lowered, aCorrection({ value: Money.of('300000.00') }), 'EffectReportCorrected');
    when(lowered, aCorrection({ value: Money.of('299999.99') })).thenRefuses(
      'HARVEST_EXCEEDS_REALISED',
    );
  });

  it('leaves out harvests marked ahead of realisation', () => {
    const ahead = plus(
      approvedOnV1(),
      aStageChange('implementing'),
      aStageChange('realising'),
      anEffectReport({ value: Money.of('1000000.00') }),
      aHarvest({ amount: Money.of('1000000.00'), aheadOfRealisation: true, reason: 'I förväg' }),
    );
    expectAccepted(ahead, aCorrection({ value: Money.of('0.00') }), 'EffectReportCorrected');
  });
});

describe("A benefit line's class is part of what it is (findings F1–F3)", () => {
  /** The financial line, same id, documented again as another class. */
  const reclassified = (line: ReturnType<typeof aFinancialLine>) =>
    aBenefitCase({ benefits: [line, aRedistributableLine(), aQualitativeLine()] });
  const asQualitative = reclassified(
    aQualitativeLine({ benefitLineId: FINANCIAL_LINE, description: 'Licenser (ej värderat)' }),
  );
  const asRedistributable = reclassified(aFinancialLine({ class: 'redistributable' }));

  it('refuses a baselined financial line turned qualitative, naming the line and both classes (F1)', () => {
    const error = when(approvedOnV1(), aCaseDocumentation(asQualitative)).thenRefuses(
      'BENEFIT_LINE_CLASS_CHANGED',
    );
    expect(error.kind).toBe('rule');
    expect(error.message).toContain(FINANCIAL_LINE);
    expect(error.message).toContain('new id');
    expect(error.extra).toEqual({
      benefitLineIds: [FINANCIAL_LINE],
      changes: [
        { benefitLineId: FINANCIAL_LINE, class: 'qualitative', documentedClass: 'financial' },
      ],
      errors: [
        {
          path: 'benefits[0].class',
          message: 'was documented as financial; add a new line, with a new id, instead',
        },
      ],
    });
  });

  it('refuses financial to redistributable and qualitative to financial, before any approval too (F2, F3)', () => {
    when(approvedOnV1(), aCaseDocumentation(asRedistributable)).thenRefuses(
      'BENEFIT_LINE_CLASS_CHANGED',
    );
    const readingAsSek = aBenefitCase({
      benefits: [
        aFinancialLine(),
        aQualitativeLine({
          class: 'financial',
          forecast: [{ period: '2018', amount: '1.00' }],
        }),
      ],
    });
    const error = when(
      history(aProposal(), aCaseDocumentation()),
      aCaseDocumentation(readingAsSek),
    ).thenRefuses('BENEFIT_LINE_CLASS_CHANGED');
    expect(error.extra).toMatchObject({
      changes: [
        { benefitLineId: QUALITATIVE_LINE, class: 'financial', documentedClass: 'qualitative' },
      ],
    });
  });

  it('judges against a version that left the line out in between', () => {
    const withoutIt = aBenefitCase({ benefits: [aRedistributableLine(), aQualitativeLine()] });
    const events = plus(approvedOnV1(), aCaseDocumentation(withoutIt));
    when(events, aCaseDocumentation(asQualitative)).thenRefuses('BENEFIT_LINE_CLASS_CHANGED');
    expectAccepted(events, aCaseDocumentation(aBenefitCase()), 'BenefitCaseDocumented');
  });

  it('allows leaving the line out, and a new line with a new id in the other class', () => {
    const replaced = aBenefitCase({
      benefits: [
        aRedistributableLine(),
        aQualitativeLine(),
        aQualitativeLine({ benefitLineId: 'licences-unvalued', description: 'Licenser' }),
      ],
    });
    expectAccepted(approvedOnV1(), aCaseDocumentation(replaced), 'BenefitCaseDocumented');
    expectAccepted(approvedOnV1(), aCaseDocumentation(withoutLastYear), 'BenefitCaseDocumented');
  });

  it('a line already re-classified before the rule may go back to the class it was first documented with', () => {
    const older: InvestmentEvent[] = [
      ...approvedOnV1(),
      {
        type: 'BenefitCaseDocumented',
        data: { investmentId: INVESTMENT, version: 2, case: asRedistributable },
      },
    ];
    when(older, aCaseDocumentation(asQualitative)).thenRefuses('BENEFIT_LINE_CLASS_CHANGED');
    expectAccepted(older, aCaseDocumentation(aBenefitCase()), 'BenefitCaseDocumented');
  });
});

describe('No one harvests savings they answer for', () => {
  const realised = () =>
    plus(approvedOnV1(), aStageChange('implementing'), aStageChange('realising'), anEffectReport());
  const harvested = () => plus(realised(), aHarvest());

  it("refuses the investment's project lead, even holding finance: to book, correct or reverse", () => {
    const lead = aFinanceOfficer(PROJECT_LEAD);
    const error = when(realised(), aHarvest({ actor: lead })).thenRefuses('HARVEST_BY_RESPONSIBLE');
    expect(error.kind).toBe('rule');
    expect(error.extra).toEqual({
      benefitLineId: FINANCIAL_LINE,
      harvestId: 'harvest-1',
      responsible: PROJECT_LEAD,
      as: 'project lead',
    });
    when(harvested(), aHarvestCorrection({ actor: lead })).thenRefuses('HARVEST_BY_RESPONSIBLE');
    when(harvested(), aHarvestReversal({ actor: lead })).thenRefuses('HARVEST_BY_RESPONSIBLE');
  });

  it("refuses the line's owner now and every earlier one; another line's owner may harvest", () => {
    const handedOver = plus(
      realised(),
      aCaseDocumentation(
        aBenefitCase({
          benefits: [aFinancialLine({ owner: OTHER_OWNER }), aRedistributableLine()],
        }),
      ),
    );
    for (const owner of [LINE_OWNER, OTHER_OWNER]) {
      const error = when(handedOver, aHarvest({ actor: aFinanceOfficer(owner) })).thenRefuses(
        'HARVEST_BY_RESPONSIBLE',
      );
      expect(error.extra).toMatchObject({ responsible: owner, as: 'line owner' });
    }
    // OTHER_OWNER owns the redistributable line in the first version, not the financial one.
    expectAccepted(
      realised(),
      aHarvest({ actor: aFinanceOfficer(OTHER_OWNER) }),
      'SavingsHarvested',
    );
  });

  it('answers a reversal sent again as done whoever sends it, as it writes nothing', () => {
    // Reversed by finance with no part in the line; the lead has since been given finance too.
    const reversed = plus(harvested(), aHarvestReversal());
    const lead = aFinanceOfficer(PROJECT_LEAD);
    when(reversed, aHarvestReversal({ actor: lead })).thenAlreadyDone(reversed.at(-1));
    when(reversed, aHarvestReversal({ actor: lead, reason: 'Annat skäl' })).thenRefuses(
      'HARVEST_REVERSED',
    );
    when(reversed, aHarvestCorrection({ actor: lead })).thenRefuses('HARVEST_BY_RESPONSIBLE');
  });

  it('lets finance with no part in the line book, correct and reverse it', () => {
    expectAccepted(realised(), aHarvest(), 'SavingsHarvested');
    expectAccepted(harvested(), aHarvestCorrection(), 'HarvestCorrected');
    expectAccepted(harvested(), aHarvestReversal(), 'HarvestReversed');
  });
});

describe('No one waives follow-up they answer for (finding F8)', () => {
  it("refuses the investment's project lead, even holding finance", () => {
    const error = when(
      approvedOnV1(),
      aWaiver({ actor: aFinanceOfficer(PROJECT_LEAD) }),
    ).thenRefuses('WAIVER_BY_RESPONSIBLE');
    expect(error.kind).toBe('rule');
    expect(error.extra).toEqual({
      benefitLineId: FINANCIAL_LINE,
      period: '2019',
      responsible: PROJECT_LEAD,
      as: 'project lead',
    });
  });

  it("refuses the line's owner, even holding finance; another line's owner may waive", () => {
    const error = when(approvedOnV1(), aWaiver({ actor: aFinanceOfficer(LINE_OWNER) })).thenRefuses(
      'WAIVER_BY_RESPONSIBLE',
    );
    expect(error.extra).toMatchObject({ responsible: LINE_OWNER, as: 'line owner' });
    expectAccepted(
      approvedOnV1(),
      aWaiver({ actor: aFinanceOfficer(OTHER_OWNER) }),
      'ObligationWaived',
    );
  });

  it("refuses the line's owner now and every earlier owner: handing the line over frees no one to waive", () => {
    const handedOver = plus(
      approvedOnV1(),
      aCaseDocumentation(aBenefitCase({ benefits: [aFinancialLine({ owner: OTHER_OWNER })] })),
    );
    when(handedOver, aWaiver({ actor: aFinanceOfficer(OTHER_OWNER) })).thenRefuses(
      'WAIVER_BY_RESPONSIBLE',
    );
    const former = when(handedOver, aWaiver({ actor: aFinanceOfficer(LINE_OWNER) })).thenRefuses(
      'WAIVER_BY_RESPONSIBLE',
    );
    expect(former.extra).toMatchObject({ responsible: LINE_OWNER, as: 'line owner' });
    expectAccepted(handedOver, aWaiver(), 'ObligationWaived');
  });

  it('finance with no part in the line still waives', () => {
    expectAccepted(approvedOnV1(), aWaiver(), 'ObligationWaived');
  });
});

describe('The horizon begins no earlier than the baseline (F6)', () => {
  const startingIn = (startYear: number) =>
    aBenefitCase({
      startYear,
      horizonYears: 10,
      benefits: [aFinancialLine(), aRedistributableLine(), aQualitativeLine()],
    });

  it('refuses a later version that begins before the baseline, naming both years', () => {
    const error = when(approvedOnV1(), aCaseDocumentation(startingIn(2015))).thenRefuses(
      'HORIZON_START_BEFORE_BASELINE',
    );
    expect(error.kind).toBe('rule');
    expect(error.extra).toMatchObject({
      startYear: 2015,
      baselineStartYear: 2017,
      errors: [{ path: 'startYear' }],
    });
  });

  it('allows the same start, and any start before the approval', () => {
    expectAccepted(approvedOnV1(), aCaseDocumentation(startingIn(2017)), 'BenefitCaseDocumented');
    expectAccepted(
      history(aProposal(), aCaseDocumentation()),
      aCaseDocumentation(startingIn(2015)),
      'BenefitCaseDocumented',
    );
  });
});
