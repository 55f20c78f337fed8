import {
  aBenefitCase,
  aFinancialLine,
  aRecurringCostLine,
} from '../../test/support/investment.mothers';
import { runningCostEffect } from './running-cost-effect';

const rows = (benefitCase = aBenefitCase()) =>
  runningCostEffect(benefitCase).years.map((row) => [
    row.year,
    row.financialBenefits.toString(),
    row.recurringCosts.toString(),
    row.effect.toString(),
  ]);

describe('running-cost effect (driftkostnadseffekt)', () => {
  it('is financial benefits minus recurring costs per horizon year; one-off costs and other classes do not count', () => {
    expect(rows()).toEqual([
      [2017, '0.00', '0.00', '0.00'],
      [2018, '600000.00', '200000.00', '400000.00'],
      [2019, '600000.00', '200000.00', '400000.00'],
      [2020, '600000.00', '200000.00', '400000.00'],
    ]);
    expect(runningCostEffect(aBenefitCase()).total.toString()).toBe('1200000.00');
  });

  it('sums quarters and months into their years', () => {
    const benefitCase = aBenefitCase({
      benefits: [
        aFinancialLine({
          forecast: [
            { period: '2018-Q1', amount: '100.10' },
            { period: '2018-Q4', amount: '100.10' },
            { period: '2019-03', amount: '0.05' },
          ],
        }),
      ],
      costs: [aRecurringCostLine({ forecast: [{ period: '2019-12', amount: '0.10' }] })],
    });
    const effect = runningCostEffect(benefitCase);
    expect(effect.years[1].effect.toString()).toBe('200.20');
    expect(effect.years[2].effect.toString()).toBe('-0.05');
    expect(effect.total.toString()).toBe('200.15');
  });

  it('is negative when new running costs exceed the cash-releasing benefits', () => {
    const benefitCase = aBenefitCase({
      costs: [
        aRecurringCostLine({
          forecast: [
            { period: '2018', amount: '700000.00' },
            { period: '2019', amount: '700000.00' },
            { period: '2020', amount: '700000.00' },
          ],
        }),
      ],
    });
    expect(runningCostEffect(benefitCase).total.toString()).toBe('-300000.00');
  });

  it('counts a financial dis-benefit against the effect', () => {
    const benefitCase = aBenefitCase({
      benefits: [aFinancialLine({ forecast: [{ period: '2018', amount: '-50000.00' }] })],
      costs: [],
    });
    expect(runningCostEffect(benefitCase).total.toString()).toBe('-50000.00');
  });
});
