/**
 * The running-cost effect (driftkostnadseffekt) of an investment per horizon year: financial
 * benefits − new recurring costs, for the baseline and current forecasts (the pure forecast
 * side in src/investment/running-cost-effect.ts) and for the actuals:
 * - actual financial benefits: the effective reports of `financial` lines on the months due to
 *   date and the losses their due months count unreported, as the actual to date counts them
 *   (forecast-vs-actual.figures.ts actualBenefits), by year: a report of a period not yet due,
 *   such as the running year's, is no realisation yet (nor an unconfirmed one: the track's
 *   `unconfirmed`), and a dis-benefit left unreported counts
 *   at its forecast loss (left out, not reporting a loss lifted the effect by the whole loss);
 * - actual recurring costs: costs recorded against a cost line that any documented version
 *   named `recurring` (the track's `recurringCostLineIds`), by the year of `incurredOn`. A cost
 *   without a cost line, or against a line no version called recurring, is the investment
 *   itself, not running cost. Any version, not only the baseline and the current one: a version
 *   leaving the line out, documented by the lead alone, made finance's bookings against it
 *   vanish from the effect while the investment's spend still showed them (a line keeps its
 *   kind across versions, COST_LINE_KIND_CHANGED, so no version calls it one-off instead).
 * The actual of a year that has not begun (on `today`) is null: there is nothing to show yet.
 * The actual covers the years the baseline's and the current case's horizons span together, and
 * any year outside them with a recurring cost or a due financial report gets its own row (no
 * forecast there): leaving them out let running costs paid before the horizon began vanish from
 * the effect while the investment's spend showed them, and a report of a year only a longer
 * current horizon holds would meet an actual of costs alone.
 */
import { Money } from '../../src/money/money';
import {
  Horizon,
  coarsen,
  formatPeriod,
  horizonEndYear,
  isInHorizon,
  periodOf,
} from '../../src/periods/period';
import { BenefitCase, ForecastEntry, caseHorizon } from '../../src/investment/benefit-case';
import {
  RunningCostEffect,
  RunningCostEffectYear,
  effectOfYears,
  runningCostEffect,
  sumByYear,
} from '../../src/investment/running-cost-effect';
import { BenefitTrack } from '../forecast-vs-actual.projection';
import { yearBegunBy } from './days';
import { PeriodEntry } from './grid';
import { Weight, splitByWeights } from './shares';

export interface EffectFigures {
  readonly financialBenefits: string;
  readonly recurringCosts: string;
  readonly effect: string;
}

export interface EffectYear {
  readonly year: number;
  readonly baseline: EffectFigures | null;
  readonly current: EffectFigures | null;
  readonly actual: EffectFigures | null;
}

export interface RunningCostEffectFigures {
  readonly years: readonly EffectYear[];
  readonly total: {
    readonly baseline: EffectFigures | null;
    readonly current: EffectFigures | null;
    readonly actual: EffectFigures | null;
  };
}

interface Amounts {
  readonly financialBenefits: Money;
  readonly recurringCosts: Money;
}

const figuresOf = (a: Amounts): EffectFigures => ({
  financialBenefits: a.financialBenefits.toString(),
  recurringCosts: a.recurringCosts.toString(),
  effect: a.financialBenefits.minus(a.recurringCosts).toString(),
});

const amountsOf = (f: EffectFigures): Amounts => ({
  financialBenefits: Money.of(f.financialBenefits),
  recurringCosts: Money.of(f.recurringCosts),
});

/**
 * Σ of figures: null when all are null, a lone one as it stands, otherwise the figures of the
 * summed benefits and costs (read once each and written once: amounts have whole öre, so this
 * equals adding them pairwise through their texts).
 */
const sumOf = (figures: readonly (EffectFigures | null)[]): EffectFigures | null => {
  let lone: EffectFigures | null = null;
  let sum: Amounts | null = null;
  for (const f of figures) {
    if (f === null) continue;
    if (lone === null) {
      lone = f;
      continue;
    }
    const before: Amounts = sum ?? amountsOf(lone);
    const next = amountsOf(f);
    sum = {
      financialBenefits: before.financialBenefits.plus(next.financialBenefits),
      recurringCosts: before.recurringCosts.plus(next.recurringCosts),
    };
  }
  return sum === null ? lone : figuresOf(sum);
};

/** The years (in order) with their totals: each column summed over the years. */
const withTotals = (years: readonly EffectYear[]): RunningCostEffectFigures => {
  const sum = (pick: (row: EffectYear) => EffectFigures | null): EffectFigures | null =>
    sumOf(years.map(pick));
  return {
    years,
    total: {
      baseline: sum((r) => r.baseline),
      current: sum((r) => r.current),
      actual: sum((r) => r.actual),
    },
  };
};

const byYear = (effect: RunningCostEffect | null): Map<number, EffectFigures> =>
  new Map((effect?.years ?? []).map((y) => [y.year, figuresOf(y)]));

/** The years the horizons of the cases span together (the baseline's and the current's). */
const spanOf = (cases: readonly BenefitCase[]): Horizon => {
  const starts = cases.map((c) => c.startYear);
  const ends = cases.map((c) => horizonEndYear(caseHorizon(c)));
  const startYear = Math.min(...starts);
  return { startYear, years: Math.max(...ends) - startYear + 1 };
};

/**
 * The years outside the horizons that have a recurring cost or a due financial report, a row
 * each: a cost paid before the horizon began, or a report of a year only another version's
 * horizon held, is not lost from the actual.
 */
const yearsOutside = (
  benefits: readonly ForecastEntry[],
  costs: readonly ForecastEntry[],
  horizon: Horizon,
): RunningCostEffectYear[] => {
  const yearOf = (entry: ForecastEntry): number | null => {
    const period = periodOf(entry.period);
    return isInHorizon(period, horizon) ? null : coarsen(period, 'year').year;
  };
  const outside = new Map<number, { benefits: Money; costs: Money }>();
  const add = (entries: readonly ForecastEntry[], side: 'benefits' | 'costs'): void => {
    for (const entry of entries) {
      const year = yearOf(entry);
      if (year === null) continue;
      const sums = outside.get(year) ?? { benefits: Money.zero, costs: Money.zero };
      outside.set(year, { ...sums, [side]: sums[side].plus(Money.of(entry.amount)) });
    }
  };
  add(benefits, 'benefits');
  add(costs, 'costs');
  return [...outside].map(([year, sums]) => ({
    year,
    financialBenefits: sums.benefits,
    recurringCosts: sums.costs,
    effect: sums.benefits.minus(sums.costs),
  }));
};

/**
 * The actual side per year of the cases' horizons (and of any year outside them that has an
 * actual), from the financial lines' reports of the months due (`dueReports`, by month) and the
 * track's costs against lines recurring in any version.
 */
const actualRunningCostEffect = (
  track: BenefitTrack,
  cases: readonly BenefitCase[],
  dueReports: readonly PeriodEntry[],
): RunningCostEffect => {
  const horizon = spanOf(cases);
  const benefits: ForecastEntry[] = dueReports.map((e) => ({
    period: formatPeriod(e.period),
    amount: e.amount.toString(),
  }));
  const recurring = new Set(track.recurringCostLineIds);
  const costs: ForecastEntry[] = track.costs
    .filter((c) => c.costLineId !== null && recurring.has(c.costLineId))
    .map((c) => ({ period: c.incurredOn.slice(0, 4), amount: c.amount }));
  const inHorizon = effectOfYears(sumByYear(benefits, horizon), sumByYear(costs, horizon), horizon);
  const outside = yearsOutside(benefits, costs, horizon);
  if (outside.length === 0) return inHorizon;
  const years = [...inHorizon.years, ...outside].sort((a, b) => a.year - b.year);
  return { years, total: Money.sum(years.map((y) => y.effect)) };
};

/**
 * Baseline, current and actual running-cost effect per year of the horizons, with totals;
 * `dueReports`: the financial lines' reports of the months due on `today`, by month.
 */
export const runningCostEffectFigures = (
  track: BenefitTrack,
  baseline: BenefitCase | null,
  current: BenefitCase | null,
  today: string,
  dueReports: readonly PeriodEntry[],
): RunningCostEffectFigures => {
  const cases = [baseline, current].filter((c): c is BenefitCase => c !== null);
  const base = baseline && runningCostEffect(baseline);
  const cur = current && runningCostEffect(current);
  const act = cases.length === 0 ? null : actualRunningCostEffect(track, cases, dueReports);
  const [b, c, a] = [byYear(base), byYear(cur), byYear(act)];
  const years = [...new Set([...b.keys(), ...c.keys(), ...a.keys()])].sort((x, y) => x - y);
  const rows: EffectYear[] = years.map((year) => ({
    year,
    baseline: b.get(year) ?? null,
    current: c.get(year) ?? null,
    // Asked only of a year with an actual: another would narrow the figures' days for nothing.
    actual: a.has(year) && yearBegunBy(year, today) ? (a.get(year) ?? null) : null,
  }));
  return withTotals(rows);
};

// ---------------------------------------------------------------------------------------------
// For the fund report: shares and sums

const splitFigures = (
  f: EffectFigures | null,
  weights: readonly Weight<string>[],
): (EffectFigures | null)[] => {
  if (f === null) return weights.map(() => null);
  const a = amountsOf(f);
  const benefits = splitByWeights(a.financialBenefits, weights);
  const costs = splitByWeights(a.recurringCosts, weights);
  return weights.map((_, i) =>
    figuresOf({ financialBenefits: benefits[i].amount, recurringCosts: costs[i].amount }),
  );
};

/**
 * An investment's effect split over the funds or tranches that paid for it (positive weights
 * only, in order), each share's effect derived from its split benefits and costs.
 */
export const splitEffect = (
  figures: RunningCostEffectFigures,
  weights: readonly Weight<string>[],
): RunningCostEffectFigures[] => {
  const perYear = figures.years.map((y) => ({
    year: y.year,
    baseline: splitFigures(y.baseline, weights),
    current: splitFigures(y.current, weights),
    actual: splitFigures(y.actual, weights),
  }));
  return weights.map((_, i) =>
    withTotals(
      perYear.map((y) => ({
        year: y.year,
        baseline: y.baseline[i],
        current: y.current[i],
        actual: y.actual[i],
      })),
    ),
  );
};

/** Several effects added year by year; the totals are the sums of the years. */
export const sumEffects = (
  effects: readonly RunningCostEffectFigures[],
): RunningCostEffectFigures => {
  const byYearOf = new Map<number, EffectYear[]>();
  for (const effect of effects) {
    for (const row of effect.years) {
      const rows = byYearOf.get(row.year);
      if (rows) rows.push(row);
      else byYearOf.set(row.year, [row]);
    }
  }
  const years = [...byYearOf.entries()].map(([year, rows]) =>
    rows.length === 1
      ? rows[0]
      : {
          year,
          baseline: sumOf(rows.map((r) => r.baseline)),
          current: sumOf(rows.map((r) => r.current)),
          actual: sumOf(rows.map((r) => r.actual)),
        },
  );
  return withTotals(years.sort((a, b) => a.year - b.year));
};
