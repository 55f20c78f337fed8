/**
 * Nothing is realised by an investment before it existed (probe finding F2): an effect report,
 * or a correction of one, for a period that ended before the investment's life began (the
 * proposal's day, or the earlier `decidedOn` of its first allocation) is refused. A first case
 * version may start years earlier (nothing limits it before approval), and those years were
 * reported, counted as realised and compounded into the NPV.
 */
import { needsFirstDecision } from '../../src/investment/decide/report';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { Money } from '../../src/money/money';
import { history, plus, stateOf, when } from './investment-harness';
import {
  FINANCIAL_LINE,
  INVESTMENT,
  PROJECT_LEAD,
  PROPOSED_ON,
  QUALITATIVE_LINE,
  aBenefitCase,
  aCaseDocumentation,
  aCorrection,
  aFinancialLine,
  aFirstAllocation,
  aProposal,
  aQualitativeLine,
  anEffectReport,
} from '../support/investment.mothers';

/** Proposed 2017-01-16, its first case running from 2014: years before anyone thought of it. */
const earlyCase = aBenefitCase({
  startYear: 2014,
  horizonYears: 7,
  benefits: [
    aFinancialLine({
      forecast: ['2014', '2015', '2016', '2017', '2018'].map((period) => ({
        period,
        amount: '600000.00',
      })),
    }),
    aQualitativeLine(),
  ],
});

const approved = (): InvestmentEvent[] =>
  history(aProposal(), aCaseDocumentation(earlyCase), aFirstAllocation());

const accepted = (events: readonly InvestmentEvent[], command: Parameters<typeof when>[1]) =>
  expect(plus(events, command).length).toBe(events.length + 1);

describe('an effect report for a period before the investment existed (F2)', () => {
  it('is refused when the period ended before the proposal (with the period, its last day and the life’s first day), allowed when it ends in the life', () => {
    const error = when(approved(), anEffectReport({ period: '2015' })).thenRefuses(
      'EFFECT_PERIOD_BEFORE_LIFE',
    );
    expect(error.kind).toBe('rule');
    expect(error.extra).toEqual({
      period: '2015',
      endsOn: '2015-12-31',
      lifeBegins: PROPOSED_ON,
    });
    when(approved(), anEffectReport({ period: '2016-12' })).thenRefuses(
      'EFFECT_PERIOD_BEFORE_LIFE',
    );
    when(approved(), anEffectReport({ period: '2016-Q4' })).thenRefuses(
      'EFFECT_PERIOD_BEFORE_LIFE',
    );
    // A period that began before the life but ends on or after its first day is its first.
    accepted(approved(), anEffectReport({ period: '2017' }));
    accepted(approved(), anEffectReport({ period: '2017-01' }));
    accepted(approved(), anEffectReport({ period: '2017-Q1' }));
  });

  it('refuses a qualitative reading of such a period too', () => {
    when(
      approved(),
      anEffectReport({ benefitLineId: QUALITATIVE_LINE, period: '2016', value: '64' }),
    ).thenRefuses('EFFECT_PERIOD_BEFORE_LIFE');
  });

  it('begins the life at an earlier first allocation decision (history entered later)', () => {
    // Recorded 2017-01-16; the board decided on it on 2016-11-10.
    const firstDecidedOn = '2016-11-10';
    accepted(approved(), anEffectReport({ period: '2016', firstDecidedOn }));
    accepted(approved(), anEffectReport({ period: '2016-11', firstDecidedOn }));
    const error = when(
      approved(),
      anEffectReport({ period: '2016-10', firstDecidedOn }),
    ).thenRefuses('EFFECT_PERIOD_BEFORE_LIFE');
    expect(error.extra).toEqual({
      period: '2016-10',
      endsOn: '2016-10-31',
      lifeBegins: firstDecidedOn,
    });
    // A decision after the proposal does not move the start later.
    accepted(approved(), anEffectReport({ period: '2017-01', firstDecidedOn: '2017-03-01' }));
  });

  it('refuses a correction of a report of such a period (one recorded before the rule)', () => {
    const earlier: InvestmentEvent = {
      type: 'EffectReported',
      data: {
        investmentId: INVESTMENT,
        reportId: 'report-2015',
        benefitLineId: FINANCIAL_LINE,
        period: '2015',
        value: '1000000.00',
        evidence: 'Inga belägg',
        caseVersion: 1,
      },
    };
    const events = [...approved(), earlier];
    const error = when(
      events,
      aCorrection({ reportId: 'report-2015', value: Money.of('2000000.00') }),
    ).thenRefuses('EFFECT_PERIOD_BEFORE_LIFE');
    expect(error.extra).toEqual({ period: '2015', endsOn: '2015-12-31', lifeBegins: PROPOSED_ON });
    // A report within the life is corrected as before.
    const within = plus(approved(), anEffectReport({ period: '2017' }));
    accepted(within, aCorrection());
  });

  it('a ledger recorded before proposal days is bounded by the first decision alone', () => {
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
    const events = plus(older, aCaseDocumentation(earlyCase), aFirstAllocation());
    accepted(events, anEffectReport({ period: '2015' }));
    when(events, anEffectReport({ period: '2015', firstDecidedOn: '2016-03-01' })).thenRefuses(
      'EFFECT_PERIOD_BEFORE_LIFE',
    );
  });

  it('asks the application for the first decision only when a period ends before the proposal, or before a day seen', () => {
    const state = stateOf(approved());
    // Proposed 2017-01-16: a period ending on or after it lies in the life whatever was decided.
    expect(needsFirstDecision(state, '2017-01')).toBe(false);
    expect(needsFirstDecision(state, '2017')).toBe(false);
    expect(needsFirstDecision(state, '2016-12')).toBe(true);
    // A first decision already seen on 2016-11-10: the life began then at the latest.
    expect(needsFirstDecision(state, '2016-11', '2016-11-10')).toBe(false);
    expect(needsFirstDecision(state, '2016-10', '2016-11-10')).toBe(true);
    // Nothing to judge: a malformed period, or no investment.
    expect(needsFirstDecision(state, '2016-13')).toBe(false);
    expect(needsFirstDecision({ exists: false }, '2016')).toBe(false);
  });
});
