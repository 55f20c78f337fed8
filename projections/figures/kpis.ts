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
import { PeriodEntry, forEachMonthPart } from './grid';

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
 * Σ amount ÷ (1 + r)^(year − decisionYear). A year's amounts share its discount factor, so
 * they are summed first (exactly: money has two decimals) and divided once per year, instead
 * of a division (each rounded at 40 digits) per entry: a long-reported investment has
 * thousands of monthly entries, and their divisions were most of its figures' time.
 */
const presentValue = (
  entries: readonly PeriodEntry[],
  rate: Decimal,
  decisionYear: number,
): Decimal => {
  const byYear = new Map<number, Decimal>();
  for (const entry of entries) {
    const year = entry.period.year;
    byYear.set(year, (byYear.get(year) ?? new Dec(0)).plus(entry.amount.toDecimal()));
  }
  const factor = new Dec(1).plus(rate);
  let sum = new Dec(0);
  // In year order, so the sum is taken in the same order whatever order the entries came in.
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    sum = sum.plus(byYear.get(year)!.dividedBy(factor.pow(year - decisionYear)));
  }
  return sum;
};

/** Net benefit per month index (grid.ts firstMonthIndex): benefits minus costs, each spread to months. */
const monthlyNet = (flows: CashFlows): Map<number, Decimal> => {
  const out = new Map<number, Decimal>();
  const put = (entries: readonly PeriodEntry[], sign: 1 | -1): void => {
    for (const entry of entries) {
      forEachMonthPart(entry, (index, amount) => {
        const before = out.get(index) ?? new Dec(0);
        // Adding or taking away, not multiplying by ±1: a long-reported investment spreads
        // thousands of entries, and the multiplications were a tenth of its figures' time.
        out.set(
          index,
          sign === 1 ? before.plus(amount.toDecimal()) : before.minus(amount.toDecimal()),
        );
      });
    }
  };
  put(flows.benefits, 1);
  put(flows.costs, -1);
  return out;
};

/** The first month (by index) with a cost in it; null without any cost. */
const firstCostMonth = (costs: readonly PeriodEntry[]): number | null => {
  let first: number | null = null;
  for (const entry of costs) {
    if (entry.amount.isZero()) continue;
    forEachMonthPart(entry, (index, amount) => {
      if (!amount.isZero() && (first === null || index < first)) first = index;
    });
  }
  return first;
};

export const paybackMonths = (flows: CashFlows): number | null => {
  const firstCost = firstCostMonth(flows.costs);
  if (firstCost === null) return null;
  const net = monthlyNet(flows);
  const months = [...net.keys()].sort((a, b) => a - b);
  let cumulative = new Dec(0);
  for (let month = months[0]; month <= months[months.length - 1]; month++) {
    const change = net.get(month);
    if (change !== undefined) cumulative = cumulative.plus(change);
    if (month >= firstCost && cumulative.gte(0)) return month - firstCost;
  }
  return null;
};

export const kpis = (flows: CashFlows, rate: string, decisionYear: number): Kpis => {
  const r = new Dec(rate);
  const pvBenefits = presentValue(flows.benefits, r, decisionYear);
  const pvCosts = presentValue(flows.costs, r, decisionYear);
  const npv = pvBenefits.minus(pvCosts);
  const hasCosts = !pvCosts.isZero();
  return {
    pvBenefits: Money.fromDecimal(pvBenefits).toString(),
    pvCosts: Money.fromDecimal(pvCosts).toString(),
    npv: Money.fromDecimal(npv).toString(),
    bcr: hasCosts ? ratioText(pvBenefits.dividedBy(pvCosts)) : null,
    roi: hasCosts ? ratioText(npv.dividedBy(pvCosts)) : null,
    paybackMonths: paybackMonths(flows),
  };
};
