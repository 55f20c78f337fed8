/**
 * The KPIs against DOMAIN.md's formulas read plainly: over random cash flows (entries of any
 * grain, losses, zeros and amounts that cancel out within a month), the present values are the
 * sums of each year's entries divided by (1 + r)^t, and the payback walks every month from the
 * first a flow spreads into to the last, adding each entry's month parts (grid.ts spreading),
 * from the first month holding a cost part other than zero. kpis() spreads each flow once and
 * reads both from the month sums; this holds it to the plain reading, to the öre and the ratio's
 * last decimal.
 */
import fc from 'fast-check';
import { aPeriodText } from '../support/period-arbitraries';
import Decimal from 'decimal.js';
import { Dec, Money } from '../../src/money/money';
import { periodOf } from '../../src/periods/period';
import { CashFlows, Kpis, kpis, ratioText } from '../../projections/figures/kpis';
import { PeriodEntry, firstMonthIndex, onGrain } from '../../projections/figures/grid';

const START = 2016;
const YEARS = 4;

const amount = fc
  .integer({ min: -2_000_000, max: 20_000_000 })
  .map((ore) => Money.fromDecimal(new Dec(ore).dividedBy(100)));
const year = fc.integer({ min: START, max: START + YEARS - 1 });
const period = aPeriodText(year);
const entry: fc.Arbitrary<PeriodEntry> = fc.record({
  period: period.map(periodOf),
  amount: fc.oneof(amount, fc.constant(Money.zero)),
});
/** Some flows hold an amount and its negation in one month: parts other than zero that cancel. */
const flow = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: entry.map((e) => [e]) },
      {
        weight: 1,
        arbitrary: entry.map((e) => [e, { period: e.period, amount: e.amount.negated() }]),
      },
    ),
    { maxLength: 8 },
  )
  .map((groups) => groups.flat());
const flows: fc.Arbitrary<CashFlows> = fc.record({ benefits: flow, costs: flow });
const rate = fc.constantFrom('0', '0.03', '0.045', '0.1');
const decisionYear = fc.integer({ min: START - 1, max: START + YEARS });

/** Each month's parts of an entry, by month index (onGrain to months). */
const monthParts = (e: PeriodEntry): { index: number; amount: Money }[] =>
  onGrain(e, 'month').map((part) => ({ index: firstMonthIndex(part.period), amount: part.amount }));

const plainPresentValue = (entries: readonly PeriodEntry[], r: string, t0: number): Decimal => {
  const byYear = new Map<number, Decimal>();
  for (const e of entries) {
    byYear.set(e.period.year, (byYear.get(e.period.year) ?? new Dec(0)).plus(e.amount.toDecimal()));
  }
  const factor = new Dec(1).plus(r);
  return [...byYear.keys()]
    .sort((a, b) => a - b)
    .reduce((sum, y) => sum.plus(byYear.get(y)!.dividedBy(factor.pow(y - t0))), new Dec(0));
};

const plainPayback = (f: CashFlows): number | null => {
  const costParts = f.costs.flatMap(monthParts).filter((p) => !p.amount.isZero());
  if (costParts.length === 0) return null;
  const firstCost = Math.min(...costParts.map((p) => p.index));
  const net = new Map<number, Decimal>();
  for (const [entries, sign] of [
    [f.benefits, 1],
    [f.costs, -1],
  ] as const) {
    for (const p of entries.flatMap(monthParts)) {
      net.set(p.index, (net.get(p.index) ?? new Dec(0)).plus(p.amount.toDecimal().times(sign)));
    }
  }
  const months = [...net.keys()];
  let cumulative = new Dec(0);
  for (let m = Math.min(...months); m <= Math.max(...months); m++) {
    cumulative = cumulative.plus(net.get(m) ?? 0);
    if (m >= firstCost && cumulative.gte(0)) return m - firstCost;
  }
  return null;
};

const plainKpis = (f: CashFlows, r: string, t0: number): Kpis => {
  const pvBenefits = plainPresentValue(f.benefits, r, t0);
  const pvCosts = plainPresentValue(f.costs, r, t0);
  const npv = pvBenefits.minus(pvCosts);
  const over = (x: Decimal): string | null =>
    pvCosts.isZero() ? null : ratioText(x.dividedBy(pvCosts));
  return {
    pvBenefits: Money.fromDecimal(pvBenefits).toString(),
    pvCosts: Money.fromDecimal(pvCosts).toString(),
    npv: Money.fromDecimal(npv).toString(),
    bcr: over(pvBenefits),
    roi: over(npv),
    paybackMonths: plainPayback(f),
  };
};

describe('KPIs from month sums', () => {
  it('equal the formulas read plainly, entry by entry', () => {
    fc.assert(
      fc.property(flows, rate, decisionYear, (f, r, t0) => {
        expect(kpis(f, r, t0)).toEqual(plainKpis(f, r, t0));
      }),
      { numRuns: 400 },
    );
  });
});
