/** Deviation explanations in the investment decider: recorded, repeated, refused. */
import { ExplainDeviation } from '../../src/investment/deviation-explanation';
import { VALUED_LINES_TOGETHER } from '../../src/investment/benefit-case';
import {
  Investment,
  InvestmentState,
  investmentDecider,
} from '../../src/investment/investment.decider';
import { InvestmentCommand } from '../../src/investment/investment.commands';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { fold, given, historyOf } from '../support/decider-spec';
import {
  aBenefitCase,
  aCaseDocumentation,
  aProjectLead,
  aQualitativeLine,
  aProposal,
  FINANCIAL_LINE,
  INVESTMENT,
} from '../support/investment.mothers';

const anExplanation = (overrides: Partial<ExplainDeviation> = {}): ExplainDeviation => ({
  type: 'ExplainDeviation',
  investmentId: INVESTMENT,
  actor: aProjectLead(),
  explanationId: 'why-2018',
  benefitLineId: FINANCIAL_LINE,
  period: '2018',
  explanation: 'Licensavtalet kunde sägas upp först i maj',
  today: '2019-02-01',
  ...overrides,
});

const documented = (): InvestmentEvent[] =>
  historyOf(investmentDecider, [aProposal(), aCaseDocumentation()] as InvestmentCommand[]);

describe('explaining a deviation', () => {
  it('records the explanation as a fact in the stream and keeps it in the state', () => {
    const events = documented();
    const explained = {
      type: 'DeviationExplained' as const,
      data: {
        investmentId: INVESTMENT,
        explanationId: 'why-2018',
        benefitLineId: FINANCIAL_LINE,
        period: '2018',
        explanation: 'Licensavtalet kunde sägas upp först i maj',
      },
    };
    given(investmentDecider, events).when(anExplanation()).then([explained]);
    const state: InvestmentState = fold(investmentDecider, [...events, explained]);
    expect((state as Investment).deviationExplanations).toEqual([explained.data]);
  });

  it('explains the line as a whole when no period is given', () => {
    const decision = investmentDecider.decide(
      anExplanation({ period: undefined }),
      fold(investmentDecider, documented()),
    );
    expect(decision).toMatchObject({
      kind: 'append',
      events: [{ type: 'DeviationExplained', data: { period: null } }],
    });
  });

  it('answers a repeat with the first answer and refuses the same id with another text', () => {
    const events = historyOf(investmentDecider, [
      aProposal(),
      aCaseDocumentation(),
      anExplanation(),
    ] as InvestmentCommand[]);
    given(investmentDecider, events).when(anExplanation()).thenAlreadyDone(events.at(-1));
    given(investmentDecider, events)
      .when(anExplanation({ explanation: 'Annan text' }))
      .thenRefuses('EXPLANATION_ALREADY_EXISTS');
  });

  it('refuses an unknown investment or line, a blank text and a malformed period', () => {
    given(investmentDecider, []).when(anExplanation()).thenRefuses('INVESTMENT_NOT_FOUND');
    const events = documented();
    given(investmentDecider, events)
      .when(anExplanation({ benefitLineId: 'no-such-line' }))
      .thenRefuses('BENEFIT_LINE_NOT_FOUND');
    given(investmentDecider, events)
      .when(anExplanation({ explanation: '   ' }))
      .thenRefuses('VALIDATION_FAILED');
    given(investmentDecider, events)
      .when(anExplanation({ period: '2018-Q5' }))
      .thenRefuses('VALIDATION_FAILED');
  });

  it('refuses a period that has not begun on the day it is recorded', () => {
    // Recorded now for a quarter to come, it would stand as that quarter's explanation.
    const error = given(investmentDecider, documented())
      .when(anExplanation({ period: '2019-Q2', today: '2019-03-31' }))
      .thenRefuses('PERIOD_NOT_STARTED');
    expect(error.extra).toEqual({ period: '2019-Q2', startsOn: '2019-04-01', today: '2019-03-31' });
    // An unknown line is not found first, as for a report.
    given(investmentDecider, documented())
      .when(
        anExplanation({ benefitLineId: 'no-such-line', period: '2019-Q2', today: '2019-03-31' }),
      )
      .thenRefuses('BENEFIT_LINE_NOT_FOUND');
    expect(error.detail).toContain('cannot be explained on 2019-03-31');
    expect(() =>
      investmentDecider.decide(
        anExplanation({ period: '2019-Q2', today: '2019-04-01' }),
        fold(investmentDecider, documented()),
      ),
    ).not.toThrow();
  });

  it('explains the valued lines together, only where the case has a valued line', () => {
    const decision = investmentDecider.decide(
      anExplanation({ benefitLineId: VALUED_LINES_TOGETHER }),
      fold(investmentDecider, documented()),
    );
    expect(decision).toMatchObject({
      kind: 'append',
      events: [{ type: 'DeviationExplained', data: { benefitLineId: VALUED_LINES_TOGETHER } }],
    });
    const qualitativeOnly = historyOf(investmentDecider, [
      aProposal(),
      aCaseDocumentation(
        aBenefitCase({
          benefits: [aQualitativeLine()],
          qualitativeOnlyReason: 'Nyttan är nöjdare invånare, inte lägre driftkostnader.',
        }),
      ),
    ] as InvestmentCommand[]);
    given(investmentDecider, qualitativeOnly)
      .when(anExplanation({ benefitLineId: VALUED_LINES_TOGETHER }))
      .thenRefuses('BENEFIT_LINE_NOT_FOUND');
  });
});
