/**
 * A tranche's harvested is one figure, whichever view shows it: the fund balance splits an
 * investment's whole harvest over the tranches that paid for it, and the fund report by
 * tranche (or by fund) splits it line by line and period by period. Over random harvests of
 * a few öre on two financial lines and two years, funded from three tranches of two funds in
 * shares that never divide evenly, every tranche's (and fund's) report total equals the fund
 * balance's at every grain. Split year by year, the two views drifted apart by up to an öre
 * per year and investment.
 */
import fc from 'fast-check';
import { Money } from '../../src/money/money';
import { Grain } from '../../src/periods/period';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { GroupBy, forecastReport } from '../../projections/figures/report.figures';
import { aBenefitCase, aFinancialLine } from '../support/investment.mothers';
import { LedgerLog, trancheAdded } from './ledger-events';
import { START, fewOre } from './random-investment';

const ID = 'shared';
const LINES = ['licences', 'postage'] as const;
const GRAINS: readonly Grain[] = ['year', 'quarter', 'month'];

interface Input {
  readonly allocations: readonly [string, string, string];
  readonly harvests: readonly { line: number; year: number; amount: string }[];
}

const allocationAmount = fc.constantFrom('100.00', '33.33', '200.01', '0.07', '0.03');

const input: fc.Arbitrary<Input> = fc.record({
  allocations: fc.tuple(allocationAmount, allocationAmount, allocationAmount),
  harvests: fc.array(
    fc.record({
      line: fc.integer({ min: 0, max: 1 }),
      year: fc.integer({ min: START, max: START + 1 }),
      amount: fewOre,
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

const TRANCHES = [
  { fundId: 'f', trancheId: 't1' },
  { fundId: 'f', trancheId: 't2' },
  { fundId: 'g', trancheId: 't3' },
] as const;

const viewsOf = ({ allocations, harvests }: Input) => {
  const line = (benefitLineId: string) =>
    aFinancialLine({
      benefitLineId,
      forecast: [
        { period: String(START), amount: '1000.00' },
        { period: String(START + 1), amount: '1000.00' },
      ],
    });
  const log = new LedgerLog();
  for (const fundId of ['f', 'g']) {
    const tranches = TRANCHES.filter((t) => t.fundId === fundId);
    log.fund(fundId, {
      type: 'FundEstablished',
      data: {
        fundId,
        name: fundId.toUpperCase(),
        currency: 'SEK',
        decisionRef: 'KF',
        trancheIds: [tranches[0].trancheId],
      },
    });
    for (const t of tranches)
      log.fund(fundId, trancheAdded(t.trancheId, t.trancheId, '1000000.00'));
  }
  log
    .investment(ID, {
      type: 'InvestmentProposed',
      data: { investmentId: ID, title: 'S', department: 'D', projectLead: 'lena.lind', need: 'N' },
    })
    .investment(ID, {
      type: 'BenefitCaseDocumented',
      data: {
        investmentId: ID,
        version: 1,
        case: aBenefitCase({
          startYear: START,
          horizonYears: 2,
          costs: [],
          benefits: LINES.map(line),
        }),
      },
    });
  TRANCHES.forEach((t, i) =>
    log.fund(t.fundId, {
      type: 'FundsAllocated',
      data: {
        allocationId: `a${i + 1}`,
        investmentId: ID,
        trancheId: t.trancheId,
        amount: allocations[i],
        decidedOn: `${START}-01-10`,
        decisionRef: 'KS',
        benefitCaseVersion: 1,
      },
    }),
  );
  log.investment(ID, {
    type: 'InvestmentApproved',
    data: { investmentId: ID, allocationId: 'a1', baselineCaseVersion: 1 },
  });
  harvests.forEach((h, i) =>
    log.investment(ID, {
      type: 'SavingsHarvested',
      data: {
        investmentId: ID,
        harvestId: `h${i}`,
        benefitLineId: LINES[h.line],
        fiscalYear: h.year,
        amount: h.amount,
        decisionRef: 'KF',
      },
    }),
  );
  return foldViews(initialViews, log.all());
};

/** The report's total harvested per group, at a grain. */
const reportHarvested = (
  views: ReturnType<typeof viewsOf>,
  groupBy: GroupBy,
  grain: Grain,
  keys: readonly string[],
): Record<string, string | null> => {
  const report = forecastReport(views.forecastVsActual, groupBy, {
    grain,
    today: `${START + 2}-06-15`,
    tolerances: DEFAULT_TOLERANCES,
  });
  // Every group the report shows is one the balance has; a tranche it does not show has none.
  const shown = new Map(report.groups.map((g) => [g.group, g.totals.harvested]));
  expect(keys).toEqual(expect.arrayContaining([...shown.keys()]));
  return Object.fromEntries(keys.map((key) => [key, shown.get(key) ?? '0.00']));
};

/** The fund balance's harvested per tranche ("fund/tranche") and per fund (its tranches' sum). */
const balanceHarvested = (views: ReturnType<typeof viewsOf>) => {
  const byTranche: Record<string, string> = {};
  const byFund: Record<string, string> = {};
  for (const { fundId, trancheId } of TRANCHES) {
    const tranche = views.fundBalance.funds[fundId].tranches.find((t) => t.trancheId === trancheId);
    const harvested = tranche?.harvested ?? '0.00';
    byTranche[`${fundId}/${trancheId}`] = harvested;
    byFund[fundId] = Money.of(byFund[fundId] ?? '0.00')
      .plus(Money.of(harvested))
      .toString();
  }
  return { byTranche, byFund };
};

describe("a tranche's harvested agrees at the öre between the fund balance and the fund report", () => {
  it('by tranche and by fund, at every grain', () => {
    fc.assert(
      fc.property(input, (raw) => {
        const views = viewsOf(raw);
        const { byTranche, byFund } = balanceHarvested(views);
        for (const grain of GRAINS) {
          expect({
            grain,
            harvested: reportHarvested(views, 'tranche', grain, Object.keys(byTranche)),
          }).toEqual({
            grain,
            harvested: byTranche,
          });
          expect({
            grain,
            harvested: reportHarvested(views, 'fund', grain, Object.keys(byFund)),
          }).toEqual({
            grain,
            harvested: byFund,
          });
        }
      }),
      {
        numRuns: 60,
        examples: [
          // 0.02 harvested in each of two years, funded 1:1:1. The balance splits the 0.04 as
          // 0.01, 0.01 and 0.02; split year by year, the report gave the last tranche all 0.04.
          [
            {
              allocations: ['100.00', '100.00', '100.00'],
              harvests: [
                { line: 0, year: START, amount: '0.02' },
                { line: 0, year: START + 1, amount: '0.02' },
              ],
            },
          ],
        ],
      },
    );
  });
});
