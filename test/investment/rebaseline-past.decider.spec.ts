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
import { obligationsOfInvestment } from '../../src/investment/decide/investment-state';
import { pastRewrites, promisedIndicator } from '../../src/investment/decide/rebaseline-past';
import { history, next, plus, stateOf, when } from './investment-harness';
import {
  FINANCIAL_LINE,
  LINE_OWNER,
  OTHER_OWNER,
  PROJECT_LEAD,
  aFinanceOfficer,
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
          line: 'benefit',
          lineId: FINANCIAL_LINE,
          period: '2018',
          before: '600000.00',
          after: '120000.00',
        },
      ],
      rewriteCount: 1,
    });
    expect(error.detail).toContain(`the forecast of benefit line ${FINANCIAL_LINE} for 2018`);
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
      line: 'benefit',
      lineId: FINANCIAL_LINE,
      period: '2018',
      before: '600000.00',
      after: null,
    });
    expect(error.extra.rewrites).toContainEqual({
      kind: 'forecast',
      line: 'benefit',
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
        line: 'cost',
        lineId: ONE_OFF_COST_LINE,
        period: '2017-Q2',
        before: '1500000.00',
        after: '900000.00',
      },
    ]);
  });

  it('a cost line sharing its id with a benefit line is compared on its own', () => {
    // Ids are unique within costs and within benefits only: a recurring cost line named like
    // the financial line, its ended year lowered, was hidden behind the benefit line.
    const shared = (amount: string) =>
      aBenefitCase({
        costs: [
          aOneOffCostLine(),
          {
            costLineId: FINANCIAL_LINE,
            kind: 'recurring',
            description: 'Licenser',
            forecast: [
              { period: '2018', amount },
              { period: '2019', amount: '100000.00' },
            ],
          },
        ],
      });
    const events = plus(
      history(aProposal(), aCaseDocumentation(shared('100000.00')), aStageChange('analysed')),
      aFirstAllocation(),
      aCaseDocumentation(shared('0.00')),
    );
    const error = when(events, aBaselineRevision({ today: '2019-06-30' })).thenRefuses(
      'BASELINE_REWRITES_PAST',
    );
    expect(error.extra.rewrites).toEqual([
      {
        kind: 'forecast',
        line: 'cost',
        lineId: FINANCIAL_LINE,
        period: '2018',
        before: '100000.00',
        after: '0.00',
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

describe('No one answerable for the delivery adopts the baseline', () => {
  // Documented by someone in finance, so the author rule is not what refuses.
  const revised = () =>
    plus(
      approved(),
      aCaseDocumentation(
        financialForecast({ '2018': '600000.00', '2019': '500000.00', '2020': '500000.00' }),
        { actor: aFinanceOfficer('kim.ek') },
      ),
    );

  it('refuses the project lead and a line owner even holding finance; finance with no part adopts it', () => {
    const byLead = when(
      revised(),
      aBaselineRevision({ actor: aFinanceOfficer(PROJECT_LEAD) }),
    ).thenRefuses('BASELINE_BY_RESPONSIBLE');
    expect(byLead.extra).toEqual({ caseVersion: 2, responsible: PROJECT_LEAD, as: 'project lead' });
    const byOwner = when(
      revised(),
      aBaselineRevision({ actor: aFinanceOfficer(LINE_OWNER) }),
    ).thenRefuses('BASELINE_BY_RESPONSIBLE');
    expect(byOwner.extra).toEqual({ caseVersion: 2, responsible: LINE_OWNER, as: 'line owner' });
    expectRevised(revised(), aBaselineRevision());
  });

  it('refuses a former owner the version handed the line to someone else', () => {
    // The lead names another owner in the new version; the line's owner until then, holding
    // finance, would adopt the lower forecast for what they left undelivered.
    const handedOver = plus(
      approved(),
      aCaseDocumentation(
        aBenefitCase({
          benefits: [
            aFinancialLine({ owner: OTHER_OWNER }),
            aRedistributableLine(),
            aQualitativeLine({ owner: OTHER_OWNER }),
          ],
        }),
        { actor: aFinanceOfficer('kim.ek') },
      ),
    );
    const error = when(
      handedOver,
      aBaselineRevision({ actor: aFinanceOfficer(LINE_OWNER) }),
    ).thenRefuses('BASELINE_BY_RESPONSIBLE');
    expect(error.extra).toEqual({ caseVersion: 2, responsible: LINE_OWNER, as: 'line owner' });
  });

  it('refuses a blank overrideRef before judging the version’s past', () => {
    when(
      withVersion(pastRewritten),
      aBaselineRevision({ today: '2019-06-30', overrideRef: ' ' }),
    ).thenRefuses('VALIDATION_FAILED');
  });
});

describe('A re-baseline keeps what a line added after approval was judged by', () => {
  // Added after approval, the line is not in the old baseline: its readings were judged by its
  // definition as promised after approval (the figures' rule), which the version adopted keeps.
  const WAIT = 'wait';
  const wait = (indicator: Partial<BenefitCase['benefits'][number]['indicator']> = {}) =>
    aQualitativeLine({
      benefitLineId: WAIT,
      indicator: {
        ...aQualitativeLine().indicator,
        unit: 'dagar',
        baseline: '30',
        target: '10',
        direction: 'decrease',
        ...indicator,
      },
    });
  const withWait = (line?: ReturnType<typeof wait>) =>
    aBenefitCase({
      benefits: [
        aFinancialLine(),
        aRedistributableLine(),
        aQualitativeLine(),
        ...(line ? [line] : []),
      ],
    });
  /** v2 adds the line, v3 is the version the re-baseline adopts. */
  const versions = (adopted: BenefitCase): InvestmentEvent[] =>
    plus(approved(), aCaseDocumentation(withWait(wait())), aCaseDocumentation(adopted));
  const revision = (today = REBASELINED_ON) => aBaselineRevision({ caseVersion: 3, today });
  const expectAdopted = (events: readonly InvestmentEvent[], today?: string): void => {
    expect(next(events, revision(today))).toEqual([
      expect.objectContaining({
        type: 'BaselineRevised',
        data: expect.objectContaining({ caseVersion: 3, previousCaseVersion: 1 }),
      }),
    ]);
  };

  it('refuses its indicator baseline moved once a reading was owed, against the version that added it', () => {
    // Read yearly over 2017–2020: 2017's reading is owed by REBASELINED_ON.
    const error = when(versions(withWait(wait({ baseline: '100' }))), revision()).thenRefuses(
      'BASELINE_REWRITES_PAST',
    );
    expect(error.extra.rewrites).toEqual([
      { kind: 'indicator', lineId: WAIT, field: 'baseline', before: '30', after: '100' },
    ]);
    expect(error.detail).toContain(`the indicator baseline of ${WAIT} (30 → 100)`);
  });

  it('pastRewrites finds it from the investment’s case versions', () => {
    const investment = stateOf(versions(withWait(wait({ baseline: '100' }))));
    const [v1, , v3] = investment.caseVersions.map((v) => v.case);
    const owed = obligationsOfInvestment(investment);
    expect(pastRewrites(v1, v3, owed, REBASELINED_ON, investment)).toEqual([
      { kind: 'indicator', lineId: WAIT, field: 'baseline', before: '30', after: '100' },
    ]);
    expect(promisedIndicator(investment, WAIT)?.baseline).toBe('30');
  });

  it('refuses its direction turned', () => {
    const error = when(
      versions(withWait(wait({ direction: 'increase', target: '45' }))),
      revision(),
    ).thenRefuses('BASELINE_REWRITES_PAST');
    expect(error.extra.rewrites).toEqual([
      {
        kind: 'indicator',
        lineId: WAIT,
        field: 'direction',
        before: 'decrease',
        after: 'increase',
      },
    ]);
  });

  it('takes a new target, a version that leaves the line out, and anything before a reading is owed', () => {
    expectAdopted(versions(withWait(wait({ target: '15' }))));
    // Left out, the line stays judged by what was promised: nothing of it is rewritten.
    expectAdopted(versions(withWait()));
    expectAdopted(versions(withWait(wait({ baseline: '100' }))), '2017-12-31');
  });

  it('a line the adopted version names first has nothing to keep', () => {
    // Its 2017 reading is owed, but nothing was promised of it before this version.
    expectRevised(
      plus(approved(), aCaseDocumentation(withWait(wait({ baseline: '100' })))),
      aBaselineRevision(),
    );
  });

  it('holds the line to the version a re-baseline last adopted with it, after another left it out', () => {
    const history = plus(
      approved(),
      aCaseDocumentation(withWait(wait())),
      aCaseDocumentation(withWait(wait({ baseline: '50' }))),
      aBaselineRevision({ caseVersion: 3, today: '2017-06-30' }),
      aCaseDocumentation(withWait()),
      aBaselineRevision({
        caseVersion: 4,
        today: '2017-09-30',
        decisionRef: 'Ks 2017/90',
        reason: 'Mätningen upphör',
      }),
    );
    const moved = plus(history, aCaseDocumentation(withWait(wait({ baseline: '100' }))));
    const error = when(moved, aBaselineRevision({ caseVersion: 5 })).thenRefuses(
      'BASELINE_REWRITES_PAST',
    );
    expect(error.extra.rewrites).toEqual([
      { kind: 'indicator', lineId: WAIT, field: 'baseline', before: '50', after: '100' },
    ]);
    const kept = plus(history, aCaseDocumentation(withWait(wait({ baseline: '50' }))));
    expect(next(kept, aBaselineRevision({ caseVersion: 5 }))).toEqual([
      expect.objectContaining({ type: 'BaselineRevised' }),
    ]);
  });
});
