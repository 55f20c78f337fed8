/**
 * Investment KPIs from cash flows (DOMAIN.md § Figures):
 *   NPV = Σₜ (benefitsₜ − costsₜ) ÷ (1 + r)ᵗ, t = calendar year − decision year (t = 0 in
 *   the decision year; a year before it has t = −1 and is compounded forward);
 *   BCR = PV(benefits) ÷ PV(costs); ROI = NPV ÷ PV(costs);
 *   payback = months from the month of the first cost to the first month-end at which the
 *   cumulative undiscounted net benefit is ≥ 0 (null if that never happens within the flows,
 *   or when there is no cost to pay back).
 * Computed in decimal.js at 40 significant digits (divisions and powers round there, far
 * below an öre) and rounded only at the end: money half-even to öre, ratios half-even to 4
 * decimals. A ratio over a zero PV(costs) is null, not infinity.
 */
import Decimal from 'decimal.js';
import { Dec, Money } from '../../src/money/money';
import { PeriodEntry, forEachMonthPart, monthAt } from './grid';

export const RATIO_DECIMALS = 4;

export interface CashFlows {
  readonly benefits: readonly PeriodEntry[];
  readonly costs: readonly PeriodEntry[];
}

export interface Kpis {
  readonly pvBenefits: string;
  readonly pvCosts: string;
  readonly npv: string;
  readonly bcr: string | null;
  readonly roi: string | null;
  readonly paybackMonths: number | null;
}

export const ratioText = (value: Decimal): string =>
  value.toDecimalPlaces(RATIO_DECIMALS, Decimal.ROUND_HALF_EVEN).toFixed(RATIO_DECIMALS);

/**
 * Each month's sum of a flow's entries, each spread to months (grid.ts forEachMonthPart), by
 * month index; and the first month a part other than zero falls in. A month a part of zero
 * falls in has a sum too, so the months flows span are those of their entries.
 */
interface MonthSums {
  readonly byMonth: Map<number, Decimal>;
  readonly firstNonZero: number | null;
}

const monthSums = (entries: readonly PeriodEntry[]): MonthSums => {
  const byMonth = new Map<number, Decimal>();
  let firstNonZero: number | null = null;
  for (const entry of entries) {
    forEachMonthPart(entry, (index, amount) => {
      const before = byMonth.get(index);
      // A month's first part stands as it is: adding it to zero would only copy it.
      byMonth.set(
        index,
        before === undefined ? amount.toDecimal() : before.plus(amount.toDecimal()),
      );
      if (!amount.isZero() && (firstNonZero === null || index < firstNonZero)) firstNonZero = index;
    });
  }
  return { byMonth, firstNonZero };
};

/** How many discount factors discountFactor remembers before it starts afresh (a few kB). */
const DISCOUNT_FACTORS_REMEMBERED = 2_000;
const discountFactors = new Map<string, Decimal>();

/**
 * (1 + r)^t, worked out once per rate and t: an investment's figures take the same powers for
 * each of their six present values (three KPI sets, benefits and costs), and a 40-digit power
 * was most of a present value's time. A Decimal is immutable, so one serves every caller.
 */
const discountFactor = (rate: Decimal, t: number): Decimal => {
  const key = `${rate.toString()}:${t}`;
  const known = discountFactors.get(key);
  if (known !== undefined) return known;
  const factor = new Dec(1).plus(rate).pow(t);
  if (discountFactors.size >= DISCOUNT_FACTORS_REMEMBERED) discountFactors.clear();
  discountFactors.set(key, factor);
  return factor;
};

/**
 * Σ amount ÷ (1 + r)^(year − decisionYear). A year's amounts share its discount factor, so
 * they are summed first (exactly: money has two decimals, and a year's month sums add up to
 * its entries, spreading being exact to the öre) and divided once per year, instead of a
 * division (each rounded at 40 digits) per entry: a long-reported investment has thousands of
 * monthly entries, and their divisions were most of its figures' time.
 */
const presentValue = (sums: MonthSums, rate: Decimal, decisionYear: number): Decimal => {
  const byYear = new Map<number, Decimal>();
  for (const [index, amount] of sums.byMonth) {
    const year = monthAt(index).year;
    const before = byYear.get(year);
    byYear.set(year, before === undefined ? amount : before.plus(amount));
  }
  let sum = new Dec(0);
  // In year order, so the sum is taken in the same order whatever order the entries came in.
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    sum = sum.plus(byYear.get(year)!.dividedBy(discountFactor(rate, year - decisionYear)));
  }
  return sum;
};

/**
 * Months from the first month with a cost (a part other than zero) to the first month at
 * whose end the cumulative net benefit (benefits minus costs, undiscounted) is ≥ 0, walking
 * every month from the first either flow spans to the last; null without a cost, or if that
 * never happens.
 */
const paybackOf = (benefits: MonthSums, costs: MonthSums): number | null => {
  const firstCost = costs.firstNonZero;
  if (firstCost === null) return null;
  const months = [...new Set([...benefits.byMonth.keys(), ...costs.byMonth.keys()])].sort(
    (a, b) => a - b,
  );
  let cumulative = new Dec(0);
  for (let month = months[0]; month <= months[months.length - 1]; month++) {
    const benefit = benefits.byMonth.get(month);
    const cost = costs.byMonth.get(month);
    // Adding and taking away, not multiplying by ±1: exact either way, and cheaper.
    if (benefit !== undefined) cumulative = cumulative.plus(benefit);
    if (cost !== undefined) cumulative = cumulative.minus(cost);
    if (month >= firstCost && cumulative.gte(0)) return month - firstCost;
  }
  return null;
};

export const kpis = (flows: CashFlows, rate: string, decisionYear: number): Kpis => {
  const r = new Dec(rate);
  // Each flow is spread to months once: its present value and the payback both read that.
  const benefits = monthSums(flows.benefits);
  const costs = monthSums(flows.costs);
  const pvBenefits = presentValue(benefits, r, decisionYear);
  const pvCosts = presentValue(costs, r, decisionYear);
  const npv = pvBenefits.minus(pvCosts);
  const hasCosts = !pvCosts.isZero();
  return {
    pvBenefits: Money.fromDecimal(pvBenefits).toString(),
    pvCosts: Money.fromDecimal(pvCosts).toString(),
    npv: Money.fromDecimal(npv).toString(),
    bcr: hasCosts ? ratioText(pvBenefits.dividedBy(pvCosts)) : null,
    roi: hasCosts ? ratioText(npv.dividedBy(pvCosts)) : null,
    paybackMonths: paybackOf(benefits, costs),
  };
};
