/**
 * The follow-up read model owes no period that ended before the investment's life began: such
 * a period cannot be reported (EFFECT_PERIOD_BEFORE_LIFE), so it was a false overdue item that
 * only a waiver cleared. The life begins on the proposal's recorded day, or the earlier
 * `decidedOn` of the investment's first allocation (a FundsAllocated event on the fund's
 * stream), as the decider reckons it (obligations.ts lifeBeginsOn and owedFrom). A period that
 * began before the life and ends in it is the life's first, and stays owed.
 */
import { followUpFigures, overdueOf } from '../../projections/figures/follow-up.figures';
import { LedgerDomainEvent, LedgerEvent } from '../../projections/ledger-event';
import { LedgerViews, foldViews, initialViews } from '../../projections/ledger-views';
import { BenefitCase } from '../../src/investment/benefit-case';
import {
  FINANCIAL_LINE,
  LINE_OWNER,
  QUALITATIVE_LINE,
  REDISTRIBUTABLE_LINE,
  aBenefitCase,
  aFinancialLine,
  aQualitativeLine,
  aRedistributableLine,
} from '../support/investment.mothers';
import { LedgerLog, trancheAdded } from './ledger-events';

const ID = 'sent-inford';
const PROPOSED = '2019-06-14';
const TODAY = '2021-03-01';
const GRACE_DAYS = 45;

/** 2017–2020; the valued lines by year, and by month around the proposal; read quarterly. */
const earlyCase: BenefitCase = aBenefitCase({
  startYear: 2017,
  horizonYears: 4,
  benefits: [
    aFinancialLine({
      forecast: ['2017', '2018', '2019', '2020'].map((period) => ({ period, amount: '600000.00' })),
    }),
    aRedistributableLine({
      forecast: ['2019-04', '2019-05', '2019-06', '2019-07'].map((period) => ({
        period,
        amount: '40000.00',
      })),
    }),
    aQualitativeLine({
      indicator: { ...aQualitativeLine().indicator, frequency: 'kvartalsvis' },
    }),
  ],
});

const allocated = (allocationId: string, decidedOn: string): LedgerDomainEvent => ({
  type: 'FundsAllocated',
  data: {
    allocationId,
    investmentId: ID,
    trancheId: 't1',
    amount: '1000000.00',
    decidedOn,
    decisionRef: `Ks ${allocationId}`,
    benefitCaseVersion: 1,
  },
});

/** The ledger up to the approval, its first allocation decided on `decidedOn`. */
const ledger = (decidedOn: string, proposedOn: string | undefined = PROPOSED): LedgerLog =>
  new LedgerLog()
    .fund('f', {
      type: 'FundEstablished',
      data: { fundId: 'f', name: 'Fond', currency: 'SEK', decisionRef: 'KF', trancheIds: ['t1'] },
    })
    .fund('f', trancheAdded('t1', 'Etapp 1', '10000000.00'))
    .investment(ID, {
      type: 'InvestmentProposed',
      data: {
        investmentId: ID,
        title: 'Sent infört',
        department: 'KLF',
        projectLead: 'lena.lind',
        need: 'Behov',
        ...(proposedOn === undefined ? {} : { proposedOn }),
      },
    })
    .investment(ID, {
      type: 'BenefitCaseDocumented',
      data: { investmentId: ID, version: 1, case: earlyCase },
    })
    .fund('f', allocated('a1', decidedOn))
    .investment(ID, {
      type: 'InvestmentApproved',
      data: { investmentId: ID, allocationId: 'a1', baselineCaseVersion: 1 },
    });

const viewsOf = (events: readonly LedgerEvent[]): LedgerViews => foldViews(initialViews, events);

const overdue = (views: LedgerViews, line: string): string[] =>
  overdueOf(views.followUp.investments[ID], TODAY, GRACE_DAYS)
    .filter((o) => o.benefitLineId === line)
    .map((o) => o.period);

describe('the follow-up owes nothing of a period before the investment’s life', () => {
  it('lists no period that ended before the proposal; the one straddling its day stays owed', () => {
    const views = viewsOf(ledger('2019-07-01').all());
    expect(overdue(views, FINANCIAL_LINE)).toEqual(['2019', '2020']);
    expect(overdue(views, REDISTRIBUTABLE_LINE)).toEqual(['2019-06', '2019-07']);
    expect(overdue(views, QUALITATIVE_LINE)).toEqual([
      '2019-Q2',
      '2019-Q3',
      '2019-Q4',
      '2020-Q1',
      '2020-Q2',
      '2020-Q3',
      '2020-Q4',
    ]);
    // The follow-up report and every count that reads it agree.
    const figures = followUpFigures(views.followUp, TODAY, GRACE_DAYS);
    expect(figures.total).toBe(2 + 2 + 7);
    expect(
      figures.owners.flatMap((o) => o.overdue).filter((o) => o.period.startsWith('2017')),
    ).toEqual([]);
  });

  it('begins the life at the first allocation’s earlier decidedOn (history entered later)', () => {
    const views = viewsOf(ledger('2018-03-01').all());
    expect(overdue(views, FINANCIAL_LINE)).toEqual(['2018', '2019', '2020']);
    expect(overdue(views, QUALITATIVE_LINE).slice(0, 2)).toEqual(['2018-Q1', '2018-Q2']);
    expect(overdue(views, QUALITATIVE_LINE)).toHaveLength(12);
  });

  it('moves the start earlier when a later-recorded allocation was decided earlier, never later', () => {
    const log = ledger('2019-07-01');
    const before = log.all();
    log.fund('f', allocated('a2', '2018-11-20'));
    expect(overdue(viewsOf(before), FINANCIAL_LINE)).toEqual(['2019', '2020']);
    expect(overdue(viewsOf(log.all()), FINANCIAL_LINE)).toEqual(['2018', '2019', '2020']);
    log.fund('f', allocated('a3', '2020-01-10'));
    expect(overdue(viewsOf(log.all()), FINANCIAL_LINE)).toEqual(['2018', '2019', '2020']);
  });

  it('a ledger recorded before proposal days begins the life at the first decision', () => {
    const views = viewsOf(ledger('2018-03-01', undefined).all());
    expect(overdue(views, FINANCIAL_LINE)).toEqual(['2018', '2019', '2020']);
  });

  it('still lists a waiver of such a period recorded before the rule, with the line’s owner', () => {
    const log = ledger('2019-07-01').investment(ID, {
      type: 'ObligationWaived',
      data: {
        investmentId: ID,
        benefitLineId: FINANCIAL_LINE,
        period: '2017',
        reason: 'Före beslutet',
        waivedBy: 'frida.ek',
      },
    });
    const figures = followUpFigures(viewsOf(log.all()).followUp, TODAY, GRACE_DAYS);
    expect(figures.waived).toEqual([
      expect.objectContaining({ benefitLineId: FINANCIAL_LINE, period: '2017', owner: LINE_OWNER }),
    ]);
    expect(figures.total).toBe(2 + 2 + 7);
  });
});
