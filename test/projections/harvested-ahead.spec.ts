/**
 * A harvest made ahead of realisation (förhandsreduktion) is reported: the projection keeps
 * the mark and its reason, and `harvestedAhead` shows, per period, per line, per investment
 * and in the fund report's totals, how much of what was harvested was marked ahead.
 */
import { forecastReport } from '../../projections/figures/report.figures';
import {
  investmentFigures,
  toDateSummary,
} from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { aBenefitCase, aFinancialLine } from '../support/investment.mothers';
import { LedgerLog, trancheAdded } from './ledger-events';

const ID = 'x';
const LINE = aFinancialLine().benefitLineId;
const OPTIONS = { grain: 'year' as const, today: '2021-03-01', tolerances: DEFAULT_TOLERANCES };

const ledger = (): LedgerLog =>
  new LedgerLog()
    .fund('f', {
      type: 'FundEstablished',
      data: { fundId: 'f', name: 'Fond', currency: 'SEK', decisionRef: 'KF', trancheIds: ['t1'] },
    })
    .fund('f', trancheAdded('t1', 'Etapp 1', '10000000.00'))
    .investment(ID, {
      type: 'InvestmentProposed',
      data: { investmentId: ID, title: 'X', department: 'Dep', projectLead: 'lena', need: 'Behov' },
    })
    .investment(ID, {
      type: 'BenefitCaseDocumented',
      data: { investmentId: ID, version: 1, case: aBenefitCase() },
    })
    .fund('f', {
      type: 'FundsAllocated',
      data: {
        allocationId: 'a1',
        investmentId: ID,
        trancheId: 't1',
        amount: '1000000.00',
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 1/2017',
        benefitCaseVersion: 1,
      },
    })
    .investment(ID, {
      type: 'InvestmentApproved',
      data: { investmentId: ID, allocationId: 'a1', baselineCaseVersion: 1 },
    })
    .investment(ID, {
      type: 'EffectReported',
      data: {
        investmentId: ID,
        reportId: 'r1',
        benefitLineId: LINE,
        period: '2018',
        value: '600000.00',
        evidence: 'Fakturor',
        caseVersion: 1,
      },
    })
    .investment(ID, {
      type: 'SavingsHarvested',
      data: {
        investmentId: ID,
        harvestId: 'h1',
        benefitLineId: LINE,
        fiscalYear: 2018,
        amount: '600000.00',
        decisionRef: 'Budget 2018',
      },
    })
    .investment(ID, {
      type: 'SavingsHarvested',
      data: {
        investmentId: ID,
        harvestId: 'h2',
        benefitLineId: LINE,
        fiscalYear: 2019,
        amount: '400000.00',
        decisionRef: 'Budget 2019',
        aheadOfRealisation: true,
        reason: 'Budgeten sänktes i förväg',
      },
    });

describe('harvests ahead of realisation are reported', () => {
  it('keeps the mark and the reason on the tracked harvest', () => {
    const views = foldViews(initialViews, ledger().all());
    expect(views.forecastVsActual.investments[ID].harvests).toEqual([
      expect.not.objectContaining({ aheadOfRealisation: true }),
      expect.objectContaining({
        harvestId: 'h2',
        aheadOfRealisation: true,
        reason: 'Budgeten sänktes i förväg',
      }),
    ]);
  });

  it('shows harvestedAhead per period, per line, per investment and in the report totals', () => {
    const views = foldViews(initialViews, ledger().all());
    const track = views.forecastVsActual.investments[ID];
    const figures = investmentFigures(track, OPTIONS);
    const line = figures.lines.find((l) => l.benefitLineId === LINE);
    expect(line?.toDate).toMatchObject({ harvested: '1000000.00', harvestedAhead: '400000.00' });
    expect(line?.periods.filter((p) => p.period >= '2018' && p.period <= '2019')).toEqual([
      expect.objectContaining({ period: '2018', harvested: '600000.00', harvestedAhead: '0.00' }),
      expect.objectContaining({
        period: '2019',
        harvested: '400000.00',
        harvestedAhead: '400000.00',
      }),
    ]);
    expect(figures.totals.toDate.harvestedAhead).toBe('400000.00');
    expect(toDateSummary(track, OPTIONS).harvestedAhead).toBe('400000.00');
    for (const groupBy of ['fund', 'investment'] as const) {
      expect(forecastReport(views.forecastVsActual, groupBy, OPTIONS).totals.harvestedAhead).toBe(
        '400000.00',
      );
    }
  });

  it('follows a correction and drops a reversed harvest', () => {
    const log = ledger().investment(ID, {
      type: 'HarvestCorrected',
      data: {
        investmentId: ID,
        harvestId: 'h2',
        correctionId: 'c1',
        benefitLineId: LINE,
        amount: '250000.00',
        previousAmount: '400000.00',
        reason: 'Rätt belopp',
      },
    });
    const corrected = foldViews(initialViews, log.all());
    expect(toDateSummary(corrected.forecastVsActual.investments[ID], OPTIONS).harvestedAhead).toBe(
      '250000.00',
    );
    log.investment(ID, {
      type: 'HarvestReversed',
      data: {
        investmentId: ID,
        harvestId: 'h2',
        benefitLineId: LINE,
        reason: 'Fel',
        previousAmount: '250000.00',
      },
    });
    const reversed = foldViews(initialViews, log.all());
    expect(toDateSummary(reversed.forecastVsActual.investments[ID], OPTIONS).harvestedAhead).toBe(
      '0.00',
    );
  });
});

describe('a harvest stays in the figures when a later case version leaves its line out', () => {
  const EXTRA = 'extra-licenses';
  const extraLine = aFinancialLine({ benefitLineId: EXTRA, description: 'Fler licenser' });
  // After approval the lead documents a line, finance harvests it ahead of realisation, and
  // the lead's next version leaves the line out: no harvest was reversed.
  const log = (): LedgerLog =>
    ledger()
      .investment(ID, {
        type: 'BenefitCaseDocumented',
        data: {
          investmentId: ID,
          version: 2,
          case: aBenefitCase({ benefits: [...aBenefitCase().benefits, extraLine] }),
        },
      })
      .investment(ID, {
        type: 'SavingsHarvested',
        data: {
          investmentId: ID,
          harvestId: 'h3',
          benefitLineId: EXTRA,
          fiscalYear: 2020,
          amount: '500000.00',
          decisionRef: 'Budget 2020',
          aheadOfRealisation: true,
          reason: 'Licenserna sägs upp',
        },
      })
      .investment(ID, {
        type: 'BenefitCaseDocumented',
        data: { investmentId: ID, version: 3, case: aBenefitCase() },
      });

  it('keeps the line with its harvest, and every total holds what the fund balance holds', () => {
    const views = foldViews(initialViews, log().all());
    const track = views.forecastVsActual.investments[ID];
    const figures = investmentFigures(track, OPTIONS);
    const extra = figures.lines.find((l) => l.benefitLineId === EXTRA);
    expect(extra?.toDate).toMatchObject({ harvested: '500000.00', harvestedAhead: '500000.00' });
    expect(figures.totals.toDate).toMatchObject({
      harvested: '1500000.00',
      harvestedAhead: '900000.00',
    });
    expect(toDateSummary(track, OPTIONS).harvestedAhead).toBe('900000.00');
    expect(views.fundBalance.funds.f.tranches.find((t) => t.trancheId === 't1')?.harvested).toBe(
      '1500000.00',
    );
    for (const groupBy of ['fund', 'tranche', 'investment'] as const) {
      expect(forecastReport(views.forecastVsActual, groupBy, OPTIONS).totals).toMatchObject({
        harvested: '1500000.00',
        harvestedAhead: '900000.00',
      });
    }
  });
});
