/**
 * A valued line whose forecast over the periods due to date is zero has no realisation ratio
 * (a ratio over a zero base is null), but it still has a status once something was reported:
 * a loss where nothing was planned is a shortfall beyond any tolerance, a gain is better than
 * planned. Before, such a line (and the valued lines together, and so the investment) had no
 * status at all: a realised loss of 400 000 SEK against a plan of nothing was on no board's
 * list of deviations.
 */
import { BenefitCase } from '../../src/investment/benefit-case';
import { investmentFigures } from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { aBenefitCase, aFinancialLine } from '../support/investment.mothers';
import { approvedInvestmentLog } from './ledger-events';

const ID = 'zero';

const theCase: BenefitCase = aBenefitCase({
  costs: [],
  benefits: [
    aFinancialLine({
      benefitLineId: 'later',
      forecast: [
        { period: '2018', amount: '0.00' },
        { period: '2019', amount: '500000.00' },
      ],
    }),
  ],
});

const figuresAsOf = (
  today: string,
  reported: readonly { line: string; period: string; value: string }[],
) =>
  investmentFigures(
    foldViews(initialViews, approvedInvestmentLog(ID, theCase, reported).all()).forecastVsActual
      .investments[ID],
    { grain: 'year', today, tolerances: DEFAULT_TOLERANCES },
  );

const IN_2019 = '2019-03-01';

describe('the status of a valued line over a forecast due of zero', () => {
  it('is deviation for a loss where nothing was planned, the line, the lines together and the investment', () => {
    const figures = figuresAsOf(IN_2019, [{ line: 'later', period: '2018', value: '-400000.00' }]);
    const [line] = figures.lines;
    expect(line.toDate).toMatchObject({
      forecastDue: '0.00',
      actual: '-400000.00',
      variance: '-400000.00',
      realisationRatio: null,
    });
    expect(line).toMatchObject({ status: 'deviation', achievementPct: null });
    expect(figures.status).toBe('deviation');
  });

  it('is on-track for a gain where nothing was planned', () => {
    const figures = figuresAsOf(IN_2019, [{ line: 'later', period: '2018', value: '1000.00' }]);
    expect(figures.lines[0]).toMatchObject({ status: 'on-track', achievementPct: null });
    expect(figures.status).toBe('on-track');
  });

  it('stays unjudged when nothing was planned and nothing delivered', () => {
    const figures = figuresAsOf(IN_2019, [{ line: 'later', period: '2018', value: '0.00' }]);
    expect(figures.lines[0].status).toBeNull();
    expect(figuresAsOf(IN_2019, []).lines[0].status).toBeNull();
  });
});
