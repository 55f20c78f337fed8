/**
 * An investment closed after its first allocation was recorded but before the approval reached
 * it (the approval follows the allocation from the fund's stream, so a close can land in
 * between). The approval is still recorded (src/investment/decide/stage.ts), and every read
 * model must then tell what it tells when the approval came first: the stage closed, the
 * allocation's case version the baseline, the same figures and the same obligations owed.
 */
import { followUpPart } from '../../projections/figures/follow-up.figures';
import { investmentFigures } from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { LedgerDomainEvent } from '../../projections/ledger-event';
import { foldViews, initialViews, LedgerViews } from '../../projections/ledger-views';
import { aBenefitCase } from '../support/investment.mothers';
import { allocatedInvestmentLog } from './ledger-events';

const ID = 'x';
const TODAY = '2021-03-01';
const GRACE_DAYS = 45;

const approval: LedgerDomainEvent = {
  type: 'InvestmentApproved',
  data: { investmentId: ID, allocationId: 'a1', baselineCaseVersion: 1 },
};
const closing: LedgerDomainEvent = {
  type: 'InvestmentClosed',
  data: { investmentId: ID, closedOn: '2017-06-01', reason: 'Avbrutet' },
};

/** The ledger up to the allocation, then the approval and the close in the order given. */
const viewsWith = (last: readonly LedgerDomainEvent[]): LedgerViews => {
  const log = allocatedInvestmentLog(ID, aBenefitCase());
  for (const event of last) log.investment(ID, event);
  return foldViews(initialViews, log.all());
};

describe('an investment closed before its approval was recorded', () => {
  const approvedFirst = viewsWith([approval, closing]);
  const closedFirst = viewsWith([closing, approval]);

  it('is closed, with the allocation’s case version as its baseline', () => {
    for (const views of [approvedFirst, closedFirst]) {
      expect(views.investmentSummary.investments[ID]).toMatchObject({
        stage: 'closed',
        baselineCaseVersion: 1,
      });
      expect(views.forecastVsActual.investments[ID].baselineCaseVersion).toBe(1);
    }
  });

  it('owes what it owes when the approval came first, and its figures are the same', () => {
    const owed = followUpPart(closedFirst.followUp.investments[ID], TODAY, GRACE_DAYS);
    expect(owed?.overdue.length).toBeGreaterThan(0);
    expect(owed).toEqual(followUpPart(approvedFirst.followUp.investments[ID], TODAY, GRACE_DAYS));
    const options = { grain: 'year' as const, today: TODAY, tolerances: DEFAULT_TOLERANCES };
    expect(investmentFigures(closedFirst.forecastVsActual.investments[ID], options)).toEqual(
      investmentFigures(approvedFirst.forecastVsActual.investments[ID], options),
    );
  });
});
