/**
 * Running-cost effect (driftkostnadseffekt): the fund exists for investments that lower running
 * costs, so per year of a benefit case's horizon the effect is
 *
 *   financial benefits' forecast − recurring costs' forecast
 *
 * (cash-releasing benefits only: redistributable and qualitative lines lower no budget; one-off
 * costs are the investment itself, not running cost). A positive effect lowers running costs.
 * Quarters and months are summed into their years; entries outside the horizon do not count
 * (validation refuses them anyway). Pure: no clock, no state.
 *
 * API:
 * - `runningCostEffect(benefitCase)` → `{ years: [{ year, financialBenefits, recurringCosts,
 *   effect }], total }`, one row per horizon year in order (a year without entries is zero).
 * - `sumByYear(entries, horizon)` → the amounts of `{ period, amount }` entries per horizon year;
 *   the same grouping the forecast side uses, for anyone adding an actual side.
 * - `effectOfYears(benefitsByYear, costsByYear, horizon)` → the rows and total from two such sums.
 */
import { Money } from '../money/money';
import { Horizon, coarsen, isInHorizon, periodOf, periodsInHorizon } from '../periods/period';
import { BenefitCase, ForecastEntry, caseHorizon } from './benefit-case';

export interface RunningCostEffectYear {
  readonly year: number;
  /** Σ forecast of `financial` benefit lines in the year (a dis-benefit counts negative). */
  readonly financialBenefits: Money;
  /** Σ forecast of `recurring` cost lines in the year. */
  readonly recurringCosts: Money;
  /** financialBenefits − recurringCosts. */
  readonly effect: Money;
}

export interface RunningCostEffect {
  readonly years: readonly RunningCostEffectYear[];
  /** Σ effect over the horizon. */
  readonly total: Money;
}

/** Amounts per horizon year: every horizon year is a key (zero when nothing falls in it). */
export const sumByYear = (
  entries: readonly ForecastEntry[],
  horizon: Horizon,
): ReadonlyMap<number, Money> => {
  const byYear = new Map<number, Money>(
    periodsInHorizon(horizon, 'year').map((period) => [period.year, Money.zero]),
  );
  for (const entry of entries) {
    const period = periodOf(entry.period);
    if (!isInHorizon(period, horizon)) continue;
    const year = coarsen(period, 'year').year;
    byYear.set(year, (byYear.get(year) ?? Money.zero).plus(Money.of(entry.amount)));
  }
  return byYear;
};

/** The effect per horizon year and its total from benefits and costs already summed by year. */
export const effectOfYears = (
  benefitsByYear: ReadonlyMap<number, Money>,
  costsByYear: ReadonlyMap<number, Money>,
  horizon: Horizon,
): RunningCostEffect => {
  const years = periodsInHorizon(horizon, 'year').map(({ year }) => {
    const financialBenefits = benefitsByYear.get(year) ?? Money.zero;
    const recurringCosts = costsByYear.get(year) ?? Money.zero;
    return {
      year,
      financialBenefits,
      recurringCosts,
      effect: financialBenefits.minus(recurringCosts),
    };
  });
  return { years, total: Money.sum(years.map((row) => row.effect)) };
};

/** The forecast running-cost effect of one benefit-case version over its horizon. */
export const runningCostEffect = (benefitCase: BenefitCase): RunningCostEffect => {
  const horizon = caseHorizon(benefitCase);
  const benefitEntries = benefitCase.benefits
    .filter((line) => line.class === 'financial')
    .flatMap((line) => line.forecast ?? []);
  const costEntries = benefitCase.costs
    .filter((line) => line.kind === 'recurring')
    .flatMap((line) => line.forecast);
  return effectOfYears(
    sumByYear(benefitEntries, horizon),
    sumByYear(costEntries, horizon),
    horizon,
  );
};
