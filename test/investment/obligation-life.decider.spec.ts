/**
 * Follow-up is owed only within the investment's life. A case's horizon may begin years before
 * the proposal (nothing limits a first version's start), and every forecast period of it was
 * owed, while a report of a period that ended before the life began is refused
 * (EFFECT_PERIOD_BEFORE_LIFE): such an obligation could never be met, and showed as overdue
 * until finance waived it. Such a period is not owed, so a waiver of it is refused as
 * OBLIGATION_NOT_OWED; the period that began before the life and ends in it is the life's
 * first, and stays owed. The life begins on the proposal's day, or the earlier `decidedOn` of
 * the first allocation, which the application looks up (WaiveObligation.firstDecidedOn).
 */
import { WaiveObligation } from '../../src/investment/investment.commands';
import { owedObligations } from '../../src/investment/investment.decider';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { history, plus, stateOf, when } from './investment-harness';
import {
  FINANCIAL_LINE,
  PROJECT_LEAD,
  INVESTMENT,
  QUALITATIVE_LINE,
  aBenefitCase,
  aCaseDocumentation,
  aFirstAllocation,
  aProposal,
  aWaiver,
} from '../support/investment.mothers';

/** Proposed mid-2019; its case runs 2017–2020 (the financial line forecast 2018–2020). */
const PROPOSED = '2019-06-14';
const approved = (): InvestmentEvent[] =>
  history(aProposal({ today: PROPOSED }), aCaseDocumentation(aBenefitCase()), aFirstAllocation());

const waived = (events: readonly InvestmentEvent[], command: WaiveObligation) =>
  expect(plus(events, command).at(-1)).toMatchObject({
    type: 'ObligationWaived',
    data: { benefitLineId: command.benefitLineId, period: command.period },
  });

const owed = (events: readonly InvestmentEvent[], line: string, firstDecidedOn?: string) =>
  owedObligations(stateOf(events), firstDecidedOn)
    .filter((o) => o.benefitLineId === line)
    .map((o) => o.period);

describe('a period that ended before the life began is owed no follow-up', () => {
  it('leaves such periods out of what the investment owes; the life’s first period stays', () => {
    expect(owed(approved(), FINANCIAL_LINE)).toEqual(['2019', '2020']);
    expect(owed(approved(), QUALITATIVE_LINE)).toEqual(['2019', '2020']);
  });

  it('refuses a waiver of such a period (OBLIGATION_NOT_OWED, with its last day and the life’s first)', () => {
    const error = when(approved(), aWaiver({ period: '2018' })).thenRefuses('OBLIGATION_NOT_OWED');
    expect(error.kind).toBe('rule');
    expect(error.extra).toEqual({
      benefitLineId: FINANCIAL_LINE,
      period: '2018',
      endsOn: '2018-12-31',
      lifeBegins: PROPOSED,
    });
    when(approved(), aWaiver({ benefitLineId: QUALITATIVE_LINE, period: '2017' })).thenRefuses(
      'OBLIGATION_NOT_OWED',
    );
  });

  it('waives the period that began before the life and ends in it, as any owed one', () => {
    waived(approved(), aWaiver({ period: '2019' }));
    waived(approved(), aWaiver({ benefitLineId: QUALITATIVE_LINE, period: '2019' }));
  });

  it('begins the life at an earlier first allocation decision (history entered later)', () => {
    const firstDecidedOn = '2018-03-01';
    expect(owed(approved(), FINANCIAL_LINE, firstDecidedOn)).toEqual(['2018', '2019', '2020']);
    expect(owed(approved(), QUALITATIVE_LINE, firstDecidedOn)).toEqual(['2018', '2019', '2020']);
    waived(approved(), aWaiver({ period: '2018', firstDecidedOn }));
    const error = when(
      approved(),
      aWaiver({ benefitLineId: QUALITATIVE_LINE, period: '2017', firstDecidedOn }),
    ).thenRefuses('OBLIGATION_NOT_OWED');
    expect(error.extra).toMatchObject({ lifeBegins: firstDecidedOn, endsOn: '2017-12-31' });
    // A decision after the proposal does not move the start later.
    waived(approved(), aWaiver({ period: '2019', firstDecidedOn: '2019-09-01' }));
  });

  it('a ledger recorded before proposal days owes every period until the first decision is known', () => {
    const older = plus(
      [
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
      ],
      aCaseDocumentation(aBenefitCase()),
      aFirstAllocation(),
    );
    expect(owed(older, QUALITATIVE_LINE)).toEqual(['2017', '2018', '2019', '2020']);
    waived(older, aWaiver({ benefitLineId: QUALITATIVE_LINE, period: '2017' }));
    when(
      older,
      aWaiver({ benefitLineId: QUALITATIVE_LINE, period: '2017', firstDecidedOn: '2018-03-01' }),
    ).thenRefuses('OBLIGATION_NOT_OWED');
  });
});
