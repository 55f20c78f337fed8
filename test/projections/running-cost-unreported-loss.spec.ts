/**
 * The running-cost effect's actual counts a financial dis-benefit left unreported at its
 * forecast loss, as the actual to date does: else not reporting a loss line lifted the
 * effect (the fund's chief promise) by the whole loss while the actual to date showed it.
 */
import { BenefitCase } from '../../src/investment/benefit-case';
import {
  investmentFigures,
  runningCostEffectOf,
} from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { aBenefitCase, aFinancialLine } from '../support/investment.mothers';
import { approvedInvestmentLog } from './ledger-events';

const ID = 'dis';

const yearly = (amount: string) => ['2018', '2019', '2020'].map((period) => ({ period, amount }));

const theCase: BenefitCase = aBenefitCase({
  costs: [],
  benefits: [
    aFinancialLine({ benefitLineId: 'save', forecast: yearly('300000.00') }),
    aFinancialLine({ benefitLineId: 'loss', forecast: yearly('-100000.00') }),
  ],
});

const ledger = (reported: readonly { line: string; period: string; value: string }[]) =>
  foldViews(initialViews, approvedInvestmentLog(ID, theCase, reported).all()).forecastVsActual
    .investments[ID];

const TODAY = '2020-03-01';
const figuresOf = (track: ReturnType<typeof ledger>) =>
  investmentFigures(track, { grain: 'year', today: TODAY, tolerances: DEFAULT_TOLERANCES });

describe('the running-cost effect counts an unreported loss as the actual to date does', () => {
  const savingsOnly = [
    { line: 'save', period: '2018', value: '300000.00' },
    { line: 'save', period: '2019', value: '300000.00' },
  ];

  it('counts each due year of a loss line left unreported at its forecast loss', () => {
    const figures = figuresOf(ledger(savingsOnly));
    // The actual to date: 600 000 saved − 200 000 of losses due and not reported.
    expect(figures.totals.toDate.actual).toBe('400000.00');
    const actual = (year: number) =>
      figures.runningCostEffect.years.find((y) => y.year === year)?.actual;
    expect(actual(2018)).toEqual({
      financialBenefits: '200000.00',
      recurringCosts: '0.00',
      effect: '200000.00',
    });
    expect(actual(2019)?.effect).toBe('200000.00');
    expect(figures.runningCostEffect.total.actual?.effect).toBe('400000.00');
  });

  it('shows the same effect once the loss is reported at its forecast', () => {
    const reported = figuresOf(
      ledger([
        ...savingsOnly,
        { line: 'loss', period: '2018', value: '-100000.00' },
        { line: 'loss', period: '2019', value: '-100000.00' },
      ]),
    );
    expect(reported.runningCostEffect).toEqual(figuresOf(ledger(savingsOnly)).runningCostEffect);
  });

  it('gives the report the same effect as the investment page (worked out from the track alone)', () => {
    const track = ledger(savingsOnly);
    expect(runningCostEffectOf(track, TODAY)).toEqual(figuresOf(track).runningCostEffect);
  });

  it('counts nothing for a loss year not yet due', () => {
    const figures = figuresOf(ledger(savingsOnly));
    expect(figures.runningCostEffect.years.find((y) => y.year === 2020)?.actual).toEqual({
      financialBenefits: '0.00',
      recurringCosts: '0.00',
      effect: '0.00',
    });
  });
});
