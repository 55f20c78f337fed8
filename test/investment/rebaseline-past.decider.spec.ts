/**
 * A re-baseline decides on what is still to come (src/investment/decide/rebaseline-past.ts):
 * delivery is measured against the baseline for every due period, so a version that rewrites
 * a period already over, once adopted, re-judged it. The probe's case: a year delivered at a
 * fifth of its forecast, forecast again at what was delivered and adopted, showed a ratio of
 * 1.0 instead of 0.20.
 */
import { BenefitCase } from '../../src/investment/benefit-case';
import { InvestmentCommand } from '../../src/investment/investment.commands';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { history, next, plus, when } from './investment-harness';
import {
  FINANCIAL_LINE,
  ONE_OFF_COST_LINE,
  QUALITATIVE_LINE,
  REBASELINED_ON,
  aBaselineRevision,
  aBenefitCase,
  aCaseDocumentation,
  aFinancialLine,
  aFirstAllocation,
  aOneOffCostLine,
  aProposal,
  aQualitativeLine,
  aRedistributableLine,
  aStageChange,
} from '../support/investment.mothers';

const approved = (): InvestmentEvent[] =>
  history(aProposal(), aCaseDocumentation(), aStageChange('analysed'), aFirstAllocation());

/** The approved story with a second version documented by the lead. */
const withVersion = (benefitCase: BenefitCase): InvestmentEvent[] =>
  plus(approved(), aCaseDocumentation(benefitCase));

/** The revision is accepted: one BaselineRevised adopting version 2 over version 1. */
const expectRevised = (events: readonly InvestmentEvent[], command: InvestmentCommand): void => {
  expect(next(events, command)).toEqual([
    expect.objectContaining({
      type: 'BaselineRevised',
      data: expect.objectContaining({ caseVersion: 2, previousCaseVersion: 1 }),
    }),
  ]);
};

const financialForecast = (amounts: Record<string, string>): BenefitCase =>
  aBenefitCase({
    benefits: [
      aFinancialLine({
        forecast: Object.entries(amounts).map(([period, amount]) => ({ period, amount })),
      }),
      aRedistributableLine(),
      aQualitativeLine(),
    ],
  });

/** 2018 forecast at what was in fact delivered (a fifth), the later years as before. */
const pastRewritten = financialForecast({
  '2018': '120000.00',
  '2019': '600000.00',
  '2020': '600000.00',
});

describe('A re-baseline keeps the forecasts of the periods already due', () => {
  it('refuses a version that forecasts an ended year again, naming the line, period and amounts', () => {
    const error = when(
      withVersion(pastRewritten),
      aBaselineRevision({ today: '2019-06-30' }),
    ).thenRefuses('BASELINE_REWRITES_PAST');
    expect(error.extra).toEqual({
      caseVersion: 2,
      baselineCaseVersion: 1,
      today: '2019-06-30',
      rewrites: [
        {
          kind: 'forecast',
          lineId: FINANCIAL_LINE,
          period: '2018',
          before: '600000.00',
          after: '120000.00',
        },
      ],
      rewriteCount: 1,
    });
    expect(error.detail).toContain(`the forecast of ${FINANCIAL_LINE} for 2018`);
  });

  it('the year is due from the day after its last: decided on 2018-12-31 it may still change', () => {
    const events = withVersion(pastRewritten);
    expectRevised(events, aBaselineRevision({ today: '2018-12-31' }));
    when(events, aBaselineRevision({ today: '2019-01-01' })).thenRefuses('BASELINE_REWRITES_PAST');
  });

  it('changes to the running and later years are the board’s to decide', () => {
    const lowered = financialForecast({
      '2018': '600000.00',
      '2019': '300000.00',
      '2020': '0.00',
    });
    expectRevised(withVersion(lowered), aBaselineRevision({ today: '2019-06-30' }));
  });

  it('refuses a new entry for an ended period, and an ended year split into its quarters', () => {
    const split = financialForecast({
      '2018-Q1': '150000.00',
      '2018-Q2': '150000.00',
      '2018-Q3': '150000.00',
      '2018-Q4': '150000.00',
      '2019': '600000.00',
      '2020': '600000.00',
    });
    const error = when(withVersion(split), aBaselineRevision({ today: '2019-06-30' })).thenRefuses(
      'BASELINE_REWRITES_PAST',
    );
    expect(error.extra.rewriteCount).toBe(5);
    expect(error.extra.rewrites).toContainEqual({
      kind: 'forecast',
      lineId: FINANCIAL_LINE,
      period: '2018',
      before: '600000.00',
      after: null,
    });
    expect(error.extra.rewrites).toContainEqual({
      kind: 'forecast',
      lineId: FINANCIAL_LINE,
      period: '2018-Q1',
      before: null,
      after: '150000.00',
    });
    expect(error.detail).toContain('and 2 more');
  });

  it('holds for cost lines: an ended quarter’s one-off cost may not be forecast lower', () => {
    const cheaper = aBenefitCase({
      costs: [
        aOneOffCostLine({ forecast: [{ period: '2017-Q2', amount: '900000.00' }] }),
        ...aBenefitCase().costs.slice(1),
      ],
    });
    const error = when(withVersion(cheaper), aBaselineRevision()).thenRefuses(
      'BASELINE_REWRITES_PAST',
    );
    expect(error.extra.rewrites).toEqual([
      {
        kind: 'forecast',
        lineId: ONE_OFF_COST_LINE,
        period: '2017-Q2',
        before: '1500000.00',
        after: '900000.00',
      },
    ]);
  });

  it('a line dropped with its past forecast is refused; one with only years to come is not', () => {
    const dropped = aBenefitCase({ benefits: [aRedistributableLine(), aQualitativeLine()] });
    when(withVersion(dropped), aBaselineRevision({ today: '2019-06-30' })).thenRefuses(
      'BASELINE_REWRITES_PAST',
    );
    // Without its financial line the case raises running costs: the board's override is named.
    expectRevised(
      withVersion(dropped),
      aBaselineRevision({ today: '2018-06-30', overrideRef: 'Ks 2018/78 § 2' }),
    );
  });
});

describe('A re-baseline keeps what the readings already due are judged by', () => {
  const qualitative = (indicator: Partial<BenefitCase['benefits'][number]['indicator']>) =>
    aBenefitCase({
      benefits: [
        aFinancialLine(),
        aRedistributableLine(),
        aQualitativeLine({ indicator: { ...aQualitativeLine().indicator, ...indicator } }),
      ],
    });

  it('refuses a moved indicator baseline or a turned direction once a reading was owed', () => {
    // The line is read yearly over 2017–2020: 2017's reading is owed by REBASELINED_ON.
    const moved = when(
      withVersion(qualitative({ baseline: '50' })),
      aBaselineRevision({ today: REBASELINED_ON }),
    ).thenRefuses('BASELINE_REWRITES_PAST');
    expect(moved.extra.rewrites).toEqual([
      { kind: 'indicator', lineId: QUALITATIVE_LINE, field: 'baseline', before: '62', after: '50' },
    ]);
    const turned = when(
      withVersion(qualitative({ direction: 'decrease', target: '55' })),
      aBaselineRevision(),
    ).thenRefuses('BASELINE_REWRITES_PAST');
    expect(turned.extra.rewrites).toEqual([
      {
        kind: 'indicator',
        lineId: QUALITATIVE_LINE,
        field: 'direction',
        before: 'increase',
        after: 'decrease',
      },
    ]);
  });

  it('a new target is the board’s ambition to re-decide', () => {
    expectRevised(withVersion(qualitative({ target: '66' })), aBaselineRevision());
  });

  it('before any reading is owed the indicator may still be set right', () => {
    expectRevised(
      withVersion(qualitative({ baseline: '50' })),
      aBaselineRevision({ today: '2017-12-31' }),
    );
  });

  it('refuses dropping a qualitative line whose readings are already owed', () => {
    const dropped = aBenefitCase({ benefits: [aFinancialLine(), aRedistributableLine()] });
    const error = when(withVersion(dropped), aBaselineRevision()).thenRefuses(
      'BASELINE_REWRITES_PAST',
    );
    expect(error.extra.rewrites).toEqual([{ kind: 'line-dropped', lineId: QUALITATIVE_LINE }]);
  });
});
