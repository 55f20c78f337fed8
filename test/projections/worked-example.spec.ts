/**
 * A worked example with every expected figure computed by hand (the derivations are in the
 * comments; `bc` at scale 30 served as the calculator). The investment is the e-archive of
 * test/support/investment.mothers.ts:
 *
 * Benefit case v1 (baseline: in force at the first allocation, decided 2017-03-15, so the
 * decision year 2017 is t = 0), horizon 2017–2020, discount rate 3.5 %:
 *   costs    one-off   2017-Q2 1 500 000
 *            recurring 2018, 2019, 2020: 200 000 each
 *   benefits financial (fewer-licences)      2018, 2019, 2020: 600 000 each
 *            redistributable (time-freed)    2018, 2019: 480 000 each
 *            qualitative (citizen-satisfaction) NKI baseline 62 → target 70, increase
 * Case v2 (current), documented after approval: time-freed 2019 lowered to 420 000.
 *
 * Actuals: costs 1 450 000 (2017-05-30), 210 000 (2018-12-20), 200 000 (2019-12-20),
 * 190 000 (2020-12-20). Reports: fewer-licences 2018 550 000 corrected to 600 000, 2019
 * 600 000, 2020 540 000; time-freed 2018 360 000, 2019 480 000; NKI 2018 64, 2019 66,
 * 2020 68.5. Harvest: fewer-licences, fiscal year 2019, 500 000. Asked on 2021-03-01, so
 * every period of the horizon is due.
 *
 * Discount factors: 1.035¹ = 1.035, 1.035² = 1.071225, 1.035³ = 1.108717875.
 */
import { Money } from '../../src/money/money';
import {
  LineFigures,
  investmentFigures,
} from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { foldViews, initialViews, LedgerViews } from '../../projections/ledger-views';
import {
  FINANCIAL_LINE,
  QUALITATIVE_LINE,
  REDISTRIBUTABLE_LINE,
  aBenefitCase,
  aFinancialLine,
  aQualitativeLine,
  aRedistributableLine,
} from '../support/investment.mothers';
import { LedgerLog, trancheAdded } from './ledger-events';

const ID = 'e-arkiv';
const caseV2 = aBenefitCase({
  benefits: [
    aFinancialLine(),
    aRedistributableLine({
      forecast: [
        { period: '2018', amount: '480000.00' },
        { period: '2019', amount: '420000.00' },
      ],
    }),
    aQualitativeLine(),
  ],
});

const cost = (costId: string, amount: string, incurredOn: string) =>
  ({
    type: 'CostRecorded',
    data: { investmentId: ID, costId, amount, incurredOn, reference: costId },
  }) as const;

const report = (reportId: string, benefitLineId: string, period: string, value: string) =>
  ({
    type: 'EffectReported',
    data: {
      investmentId: ID,
      reportId,
      benefitLineId,
      period,
      value,
      evidence: 'Utfall',
      caseVersion: 2,
    },
  }) as const;

/** Everything up to (not including) the 2020 NKI reading, then the rest. */
const history = (): { before2020Reading: LedgerLog; complete: LedgerLog } => {
  const log = new LedgerLog()
    .fund('orebro', {
      type: 'FundEstablished',
      data: {
        fundId: 'orebro',
        name: 'Fond',
        currency: 'SEK',
        decisionRef: 'Ks 1474/2016',
        trancheIds: ['t1'],
      },
    })
    .fund(
      'orebro',
      trancheAdded('t1', 'Etapp 1', '120000000.00', {
        allocatableFrom: '2016-12-31',
        decisionRef: 'Ks 1474/2016',
      }),
    )
    .fund('orebro', {
      type: 'TrancheReleased',
      data: { trancheId: 't1', releasedOn: '2016-12-31', decisionRef: 'KF' },
    })
    .investment(ID, {
      type: 'InvestmentProposed',
      data: {
        investmentId: ID,
        title: 'E-arkiv',
        department: 'KLF',
        projectLead: 'lena.lind',
        need: 'Papper',
      },
    })
    .investment(ID, {
      type: 'BenefitCaseDocumented',
      data: { investmentId: ID, version: 1, case: aBenefitCase() },
    })
    .fund('orebro', {
      type: 'FundsAllocated',
      data: {
        allocationId: 'a1',
        investmentId: ID,
        trancheId: 't1',
        amount: '2000000.00',
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 301/2017',
        benefitCaseVersion: 1,
      },
    })
    .investment(ID, {
      type: 'InvestmentApproved',
      data: { investmentId: ID, allocationId: 'a1', baselineCaseVersion: 1 },
    })
    .investment(ID, {
      type: 'BenefitCaseDocumented',
      data: { investmentId: ID, version: 2, case: caseV2 },
    })
    .investment(ID, cost('c1', '1450000.00', '2017-05-30'))
    .investment(ID, cost('c2', '210000.00', '2018-12-20'))
    .investment(ID, cost('c3', '200000.00', '2019-12-20'))
    .investment(ID, cost('c4', '190000.00', '2020-12-20'))
    .investment(ID, report('r1', FINANCIAL_LINE, '2018', '550000.00'))
    .investment(ID, {
      type: 'EffectReportCorrected',
      data: {
        investmentId: ID,
        correctionId: 'k1',
        reportId: 'r1',
        benefitLineId: FINANCIAL_LINE,
        period: '2018',
        value: '600000.00',
        reason: 'Slutfaktura',
        caseVersion: 2,
      },
    })
    .investment(ID, report('r2', FINANCIAL_LINE, '2019', '600000.00'))
    .investment(ID, report('r3', FINANCIAL_LINE, '2020', '540000.00'))
    .investment(ID, report('r4', REDISTRIBUTABLE_LINE, '2018', '360000.00'))
    .investment(ID, report('r5', REDISTRIBUTABLE_LINE, '2019', '480000.00'))
    .investment(ID, report('r6', QUALITATIVE_LINE, '2018', '64'))
    .investment(ID, report('r7', QUALITATIVE_LINE, '2019', '66'))
    .investment(ID, {
      type: 'SavingsHarvested',
      data: {
        investmentId: ID,
        harvestId: 'h1',
        benefitLineId: FINANCIAL_LINE,
        fiscalYear: 2019,
        amount: '500000.00',
        decisionRef: 'KF 2018 § 200',
      },
    });
  const before2020Reading = new LedgerLog();
  log.all().forEach((e) => before2020Reading.add(e.streamId, e));
  return {
    before2020Reading,
    complete: log.investment(ID, report('r8', QUALITATIVE_LINE, '2020', '68.5')),
  };
};

const viewsOf = (log: LedgerLog): LedgerViews => foldViews(initialViews, log.all());

const figuresOn = (views: LedgerViews, today: string, grain: 'year' | 'quarter' = 'year') =>
  investmentFigures(views.forecastVsActual.investments[ID], {
    grain,
    today,
    tolerances: DEFAULT_TOLERANCES,
  });

const line = (lines: readonly LineFigures[], id: string): LineFigures => {
  const found = lines.find((l) => l.benefitLineId === id);
  if (!found) throw new Error(`no line ${id}`);
  return found;
};

describe('worked example: the e-archive, computed by hand', () => {
  const figures = figuresOn(viewsOf(history().complete), '2021-03-01');

  it('takes the baseline from the version in force at the first allocation, and t = 0 from its decision year', () => {
    expect(figures).toMatchObject({
      baselineCaseVersion: 1,
      currentCaseVersion: 2,
      decisionYear: 2017,
    });
  });

  it('shows baseline, current, actual (corrected), harvested, variance and ratio per line and year', () => {
    // fewer-licences: the 2018 report of 550 000 was corrected to 600 000, so 2018 is met;
    // 2020: 540 000 − 600 000 = −60 000, 540 000 ÷ 600 000 = 0.9000.
    // Every due period also splits its variance (issue 15): forecastDue is the baseline of the
    // period, variance = forecastDrift (current − baseline) + deliveryGap (actual − current
    // where reported) + notReported (− current where not). 2017 had nothing forecast and no
    // report: nothing is owed, so nothing is measured.
    const notDue = {
      forecastDue: null,
      forecastDrift: null,
      deliveryGap: null,
      notReported: null,
    };
    const met = (amount: string) => ({
      forecastDue: amount,
      forecastDrift: '0.00',
      deliveryGap: '0.00',
      notReported: '0.00',
    });
    expect(line(figures.lines, FINANCIAL_LINE).periods).toEqual([
      {
        period: '2017',
        baselineForecast: '0.00',
        currentForecast: '0.00',
        actual: null,
        harvested: '0.00',
        harvestedAhead: '0.00',
        variance: null,
        realisationRatio: null,
        indicatorValue: null,
        ...notDue,
      },
      {
        period: '2018',
        baselineForecast: '600000.00',
        currentForecast: '600000.00',
        actual: '600000.00',
        harvested: '0.00',
        harvestedAhead: '0.00',
        variance: '0.00',
        realisationRatio: '1.0000',
        indicatorValue: null,
        ...met('600000.00'),
      },
      {
        period: '2019',
        baselineForecast: '600000.00',
        currentForecast: '600000.00',
        actual: '600000.00',
        harvested: '500000.00',
        harvestedAhead: '0.00',
        variance: '0.00',
        realisationRatio: '1.0000',
        indicatorValue: null,
        ...met('600000.00'),
      },
      {
        period: '2020',
        baselineForecast: '600000.00',
        currentForecast: '600000.00',
        actual: '540000.00',
        harvested: '0.00',
        harvestedAhead: '0.00',
        variance: '-60000.00',
        realisationRatio: '0.9000',
        indicatorValue: null,
        // All of it delivery: the forecast did not move and 2020 was reported.
        forecastDue: '600000.00',
        forecastDrift: '0.00',
        deliveryGap: '-60000.00',
        notReported: '0.00',
      },
    ]);
    // time-freed 2019: measured against the baseline 480 000 (not the lowered 420 000): variance 0.
    // 2018: 360 000 − 480 000 = −120 000; 360 000 ÷ 480 000 = 0.7500. Not financial: no harvest.
    expect(line(figures.lines, REDISTRIBUTABLE_LINE).periods.slice(1, 3)).toEqual([
      {
        period: '2018',
        baselineForecast: '480000.00',
        currentForecast: '480000.00',
        actual: '360000.00',
        harvested: null,
        harvestedAhead: null,
        variance: '-120000.00',
        realisationRatio: '0.7500',
        indicatorValue: null,
        forecastDue: '480000.00',
        forecastDrift: '0.00',
        deliveryGap: '-120000.00',
        notReported: '0.00',
      },
      {
        // Variance 0 splits into a drift of 420 000 − 480 000 = −60 000 (v2 lowered the
        // forecast) and a delivery of 480 000 − 420 000 = +60 000 against that lower forecast.
        period: '2019',
        baselineForecast: '480000.00',
        currentForecast: '420000.00',
        actual: '480000.00',
        harvested: null,
        harvestedAhead: null,
        variance: '0.00',
        realisationRatio: '1.0000',
        indicatorValue: null,
        forecastDue: '480000.00',
        forecastDrift: '-60000.00',
        deliveryGap: '60000.00',
        notReported: '0.00',
      },
    ]);
    expect(
      line(figures.lines, QUALITATIVE_LINE).periods.map((p) => [
        p.period,
        p.indicatorValue,
        p.actual,
      ]),
    ).toEqual([
      ['2017', null, null],
      ['2018', '64', null],
      ['2019', '66', null],
      ['2020', '68.5', null],
    ]);
  });

  it('realisation to date, achievement % and status per line', () => {
    // fewer-licences: 600 000 + 600 000 + 540 000 = 1 740 000 of 1 800 000:
    // ratio 0.96666… → 0.9667; achievement 96.67 %; 3.33 points short of 100 % ≤ 10 → on-track.
    expect(line(figures.lines, FINANCIAL_LINE)).toMatchObject({
      toDate: {
        baselineForecast: '1800000.00',
        currentForecast: '1800000.00',
        actual: '1740000.00',
        harvested: '500000.00',
        variance: '-60000.00',
        realisationRatio: '0.9667',
      },
      achievementPct: '96.67',
      expectedPct: '100.00',
      status: 'on-track',
    });
    // time-freed: 360 000 + 480 000 = 840 000 of baseline 960 000 (current 900 000):
    // ratio 0.8750; 12.5 points short: > 10, ≤ 20 → watch.
    expect(line(figures.lines, REDISTRIBUTABLE_LINE)).toMatchObject({
      toDate: {
        baselineForecast: '960000.00',
        currentForecast: '900000.00',
        actual: '840000.00',
        harvested: null,
        variance: '-120000.00',
        realisationRatio: '0.8750',
      },
      achievementPct: '87.50',
      status: 'watch',
    });
    // NKI: latest reading 68.5 for 2020; (68.5 − 62) ÷ (70 − 62) × 100 = 6.5 ÷ 8 × 100 = 81.25 %.
    // 2020 ends the 48th month of the 48-month horizon, so the linear path expects 100 %:
    // 18.75 points behind → watch.
    expect(line(figures.lines, QUALITATIVE_LINE)).toMatchObject({
      latestReading: { period: '2020', value: '68.5' },
      achievementPct: '81.25',
      expectedPct: '100.00',
      status: 'watch',
    });
    // The monetised lines together: 2 580 000 ÷ 2 760 000 = 0.934782… → 0.9348 (6.52 points
    // short: on-track), so the worst status is the lines': watch.
    // Variance −180 000 = drift −60 000 (time-freed 2019) + delivery −60 000 − 120 000 + 60 000
    // = −120 000 + not reported 0 (every due period has a report).
    expect(figures.totals.toDate).toEqual({
      baselineForecast: '2760000.00',
      currentForecast: '2700000.00',
      actual: '2580000.00',
      harvested: '500000.00',
      // The 2019 harvest was made after the line realised it: nothing was harvested ahead.
      harvestedAhead: '0.00',
      variance: '-180000.00',
      realisationRatio: '0.9348',
      forecastDue: '2760000.00',
      forecastDrift: '-60000.00',
      deliveryGap: '-120000.00',
      notReported: '0.00',
    });
    expect(figures.status).toBe('watch');
  });

  it('NPV, BCR, ROI and payback of the current forecast', () => {
    // PV(costs) = 1 500 000 + 200 000/1.035 + 200 000/1.071225 + 200 000/1.108717875
    //           = 1 500 000 + 193 236.7150 + 186 702.1401 + 180 388.5411 = 2 060 327.3962 → 2 060 327.40
    // PV(benefits, v2) = 1 080 000/1.035 + 1 020 000/1.071225 + 600 000/1.108717875
    //           = 1 043 478.2609 + 952 180.9144 + 541 165.6234 = 2 536 824.7986 → 2 536 824.80
    // NPV = 476 497.4025 → 476 497.40; BCR = 1.231273 → 1.2313; ROI = 0.231273 → 0.2313.
    // Payback, months spread with the remainder last: the one-off 500 000 in each of Apr–Jun 2017
    // (first cost: 2017-04, cumulative −1 500 000). 2018: +50 000 + 40 000 − 16 666.66 = 73 333.34
    // a month (December 73 333.26): −620 000.00 at the end of 2018. 2019 (v2): 50 000 + 35 000 −
    // 16 666.66 = 68 333.34 a month: end of September −4 999.94, end of October +63 333.40 ≥ 0.
    // From 2017-04 to 2019-10: 30 months.
    expect(figures.kpis.forecast?.monetised).toEqual({
      pvBenefits: '2536824.80',
      pvCosts: '2060327.40',
      npv: '476497.40',
      bcr: '1.2313',
      roi: '0.2313',
      paybackMonths: 30,
    });
    // Financial alone: PV = 600 000 × (1/1.035 + 1/1.071225 + 1/1.108717875) = 1 680 982.1885;
    // NPV = 1 680 982.1885 − 2 060 327.3962 = −379 345.2076; BCR 0.815881 → 0.8159; ROI −0.1841.
    // Cumulative: −1 500 000 + 3 × (600 000 − 200 000) = −300 000 at the end: never paid back.
    expect(figures.kpis.forecast?.financial).toEqual({
      pvBenefits: '1680982.19',
      pvCosts: '2060327.40',
      npv: '-379345.21',
      bcr: '0.8159',
      roi: '-0.1841',
      paybackMonths: null,
    });
  });

  it('NPV, BCR, ROI and payback of the baseline', () => {
    // PV(benefits, v1) = 1 043 478.2609 + 1 080 000/1.071225 (1 008 191.5564) + 541 165.6234
    //                  = 2 592 835.4407 → 2 592 835.44; NPV = 532 508.0445 → 532 508.04;
    // BCR = 1.258458 → 1.2585; ROI = 0.2585. Payback: 2019 at 73 333.34 a month:
    // end of August −33 333.28, end of September +39 999.06: 2017-04 → 2019-09 = 29 months.
    expect(figures.kpis.baseline?.monetised).toEqual({
      pvBenefits: '2592835.44',
      pvCosts: '2060327.40',
      npv: '532508.04',
      bcr: '1.2585',
      roi: '0.2585',
      paybackMonths: 29,
    });
  });

  it('NPV, BCR, ROI and payback of the actuals to date', () => {
    // PV(costs) = 1 450 000 + 210 000/1.035 + 200 000/1.071225 + 190 000/1.108717875
    //           = 1 450 000 + 202 898.5507 + 186 702.1401 + 171 369.1141 = 2 010 969.8049 → 2 010 969.80
    // PV(benefits) = 960 000/1.035 + 1 080 000/1.071225 + 540 000/1.108717875
    //           = 927 536.2319 + 1 008 191.5564 + 487 049.0611 = 2 422 776.8493 → 2 422 776.85
    // NPV = 411 807.0445 → 411 807.04; BCR = 1.204780 → 1.2048; ROI = 0.2048.
    // Payback: first cost 2017-05 (−1 450 000). 2018: 80 000 a month; December also −210 000:
    // end of 2018 −700 000. 2019: 90 000 a month: end of July −70 000, end of August +20 000.
    // 2017-05 → 2019-08 = 27 months.
    expect(figures.kpis.actualToDate?.monetised).toEqual({
      pvBenefits: '2422776.85',
      pvCosts: '2010969.80',
      npv: '411807.04',
      bcr: '1.2048',
      roi: '0.2048',
      paybackMonths: 27,
    });
    // Financial alone: 600 000/1.035 + 600 000/1.071225 + 540 000/1.108717875 = 1 626 865.6262;
    // NPV −384 104.1787; BCR 0.808996 → 0.8090; ROI −0.1910; cumulative −310 000 at the end.
    expect(figures.kpis.actualToDate?.financial).toEqual({
      pvBenefits: '1626865.63',
      pvCosts: '2010969.80',
      npv: '-384104.18',
      bcr: '0.8090',
      roi: '-0.1910',
      paybackMonths: null,
    });
  });

  it('spreads a yearly forecast over quarters, exactly', () => {
    const quarters = figuresOn(viewsOf(history().complete), '2021-03-01', 'quarter');
    const rows = line(quarters.lines, FINANCIAL_LINE).periods.filter((p) =>
      p.period.startsWith('2018'),
    );
    // 600 000 ÷ 4 = 150 000 a quarter, for forecast and (spread) actual alike.
    expect(rows.map((r) => [r.period, r.baselineForecast, r.actual])).toEqual([
      ['2018-Q1', '150000.00', '150000.00'],
      ['2018-Q2', '150000.00', '150000.00'],
      ['2018-Q3', '150000.00', '150000.00'],
      ['2018-Q4', '150000.00', '150000.00'],
    ]);
  });

  it('an indicator behind its linear path is a deviation', () => {
    // Asked on 2020-03-01, before the 2020 reading: latest 66 for 2019; (66 − 62) ÷ 8 = 50 %.
    // 2019 ends month 36 of 48: the path expects 75 %; 25 points behind (> 20) → deviation.
    const early = figuresOn(viewsOf(history().before2020Reading), '2020-03-01');
    expect(line(early.lines, QUALITATIVE_LINE)).toMatchObject({
      achievementPct: '50.00',
      expectedPct: '75.00',
      status: 'deviation',
    });
    // fewer-licences to date: only 2018 and 2019 are due (2020 has not ended): 1 200 000 of 1 200 000.
    expect(line(early.lines, FINANCIAL_LINE).toDate).toMatchObject({
      baselineForecast: '1200000.00',
      actual: '1200000.00',
      realisationRatio: '1.0000',
    });
    expect(early.status).toBe('deviation');
  });

  it('keeps öre exact: Money sums of the rows equal the to-date totals', () => {
    const rows = line(figures.lines, FINANCIAL_LINE).periods;
    expect(Money.sum(rows.map((r) => Money.of(r.baselineForecast ?? '0'))).toString()).toBe(
      '1800000.00',
    );
  });
});
