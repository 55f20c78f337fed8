/**
 * Issue 15, the figures: dis-benefits scored with their sign, an investment never on track
 * when its totals are not, stale indicators, variance split into forecast drift, delivery gap
 * and not reported, one variance for an investment in every view, and report rows that add up
 * to their totals at every grouping and grain.
 */
import { BenefitCase, BenefitLine } from '../../src/investment/benefit-case';
import { Money } from '../../src/money/money';
import {
  AmountFigures,
  LineFigures,
  investmentFigures,
  toDateSummary,
} from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { GROUP_BYS, forecastReport } from '../../projections/figures/report.figures';
import { foldViews, initialViews, LedgerViews } from '../../projections/ledger-views';
import {
  aBenefitCase,
  aFinancialLine,
  aQualitativeLine,
  aRedistributableLine,
} from '../support/investment.mothers';
import { LedgerLog, trancheAdded } from './ledger-events';

const GRAINS = ['year', 'quarter', 'month'] as const;

const fundEvents = (log: LedgerLog): LedgerLog =>
  log
    .fund('f', {
      type: 'FundEstablished',
      data: {
        fundId: 'f',
        name: 'Fond',
        currency: 'SEK',
        decisionRef: 'KF',
        trancheIds: ['t1', 't2'],
      },
    })
    .fund('f', trancheAdded('t1', 'Etapp 1', '120000000.00'))
    .fund('f', trancheAdded('t2', 'Etapp 2', '80000000.00'));

/** An investment with case v1 approved by allocations (one per tranche given), then later versions. */
const anInvestment = (
  log: LedgerLog,
  id: string,
  cases: readonly BenefitCase[],
  allocations: readonly { trancheId: string; amount: string }[] = [
    { trancheId: 't1', amount: '1000000.00' },
  ],
): LedgerLog => {
  log
    .investment(id, {
      type: 'InvestmentProposed',
      data: {
        investmentId: id,
        title: id,
        department: `dep-${id}`,
        projectLead: 'lena.lind',
        need: 'Behov',
      },
    })
    .investment(id, {
      type: 'BenefitCaseDocumented',
      data: { investmentId: id, version: 1, case: cases[0] },
    });
  allocations.forEach((a, i) => {
    log.fund('f', {
      type: 'FundsAllocated',
      data: {
        allocationId: `${id}-a${i}`,
        investmentId: id,
        trancheId: a.trancheId,
        amount: a.amount,
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 1/2017',
        benefitCaseVersion: 1,
      },
    });
    if (i === 0) {
      log.investment(id, {
        type: 'InvestmentApproved',
        data: { investmentId: id, allocationId: `${id}-a0`, baselineCaseVersion: 1 },
      });
    }
  });
  cases.slice(1).forEach((c, i) =>
    log.investment(id, {
      type: 'BenefitCaseDocumented',
      data: { investmentId: id, version: i + 2, case: c },
    }),
  );
  return log;
};

let reportCount = 0;
const report = (log: LedgerLog, id: string, benefitLineId: string, period: string, value: string) =>
  log.investment(id, {
    type: 'EffectReported',
    data: {
      investmentId: id,
      reportId: `r${++reportCount}`,
      benefitLineId,
      period,
      value,
      evidence: 'Utfall',
      caseVersion: 1,
    },
  });

const options = (today: string, grain: (typeof GRAINS)[number] = 'year') => ({
  grain,
  today,
  tolerances: DEFAULT_TOLERANCES,
});

const figuresOf = (
  views: LedgerViews,
  id: string,
  today: string,
  grain: (typeof GRAINS)[number] = 'year',
) => investmentFigures(views.forecastVsActual.investments[id], options(today, grain));

const line = (lines: readonly LineFigures[], id: string): LineFigures => {
  const found = lines.find((l) => l.benefitLineId === id);
  if (!found) throw new Error(`no line ${id}`);
  return found;
};

const caseWith = (benefits: BenefitLine[], overrides: Partial<BenefitCase> = {}): BenefitCase =>
  aBenefitCase({ costs: [], benefits, ...overrides });

const disBenefit = (amount: string): BenefitLine =>
  aFinancialLine({
    benefitLineId: 'extra-support',
    description: 'Extra support during the change',
    forecast: [{ period: '2018', amount }],
  });

describe('dis-benefits are scored with their sign', () => {
  const views = (actual: string) =>
    foldViews(
      initialViews,
      report(
        anInvestment(fundEvents(new LedgerLog()), 'x', [caseWith([disBenefit('-200000.00')])]),
        'x',
        'extra-support',
        '2018',
        actual,
      ).all(),
    );

  it('a larger loss than forecast is below plan: −450 000 against −200 000 is −0.25 and a deviation', () => {
    const figures = figuresOf(views('-450000.00'), 'x', '2021-03-01');
    // 1 + (−450 000 − (−200 000)) ÷ |−200 000| = 1 − 1.25 = −0.25 (actual ÷ forecast would say 2.25).
    expect(line(figures.lines, 'extra-support')).toMatchObject({
      toDate: { variance: '-250000.00', realisationRatio: '-0.2500' },
      achievementPct: '-25.00',
      status: 'deviation',
    });
    expect(figures.status).toBe('deviation');
  });

  it('a smaller loss than forecast is better than plan: −100 000 against −200 000 is 1.5, on track', () => {
    const figures = figuresOf(views('-100000.00'), 'x', '2021-03-01');
    expect(line(figures.lines, 'extra-support')).toMatchObject({
      toDate: { variance: '100000.00', realisationRatio: '1.5000' },
      achievementPct: '150.00',
      status: 'on-track',
    });
  });

  it('a missing report of a loss counts at the forecast loss: it never makes the variance look better', () => {
    const unreported = foldViews(
      initialViews,
      anInvestment(fundEvents(new LedgerLog()), 'x', [caseWith([disBenefit('-200000.00')])]).all(),
    );
    const figures = figuresOf(unreported, 'x', '2021-03-01');
    // Counted as no loss, the missing report would be a variance of +200 000 and a ratio of 2.
    expect(line(figures.lines, 'extra-support').toDate).toMatchObject({
      variance: '0.00',
      realisationRatio: '1.0000',
      deliveryGap: '0.00',
      notReported: '0.00',
    });
    expect(figures.totals.toDate).toMatchObject({ variance: '0.00', notReported: '0.00' });
    // Reporting a larger loss than forecast can only make it worse than not reporting.
    const reported = line(figuresOf(views('-450000.00'), 'x', '2021-03-01').lines, 'extra-support');
    expect(Number(reported.toDate.variance)).toBeLessThan(0);
  });

  it('an unreported loss counts as if reported at its forecast in every view: the period, the totals, the report and the actual KPIs', () => {
    const benefit = aFinancialLine({ forecast: [{ period: '2018', amount: '600000.00' }] });
    const withLoss = () =>
      report(
        anInvestment(fundEvents(new LedgerLog()), 'x', [
          caseWith([benefit, disBenefit('-200000.00')]),
        ]),
        'x',
        'fewer-licences',
        '2018',
        '600000.00',
      );
    const unreported = foldViews(initialViews, withLoss().all());
    const reported = foldViews(
      initialViews,
      report(withLoss(), 'x', 'extra-support', '2018', '-200000.00').all(),
    );
    const today = '2021-03-01';
    for (const grain of GRAINS) {
      const missing = figuresOf(unreported, 'x', today, grain);
      const there = figuresOf(reported, 'x', today, grain);
      // Before, the period rows, the totals' periods and so the report and the board's years
      // counted the missing loss as nothing (2018's actual 600 000 with a variance of 0), and
      // the actual NPV was taken over the benefit alone.
      expect(missing.totals).toEqual(there.totals);
      expect(missing.kpis.actualToDate).toEqual(there.kpis.actualToDate);
      expect(line(missing.lines, 'extra-support').periods.map((p) => p.actual)).toEqual(
        line(there.lines, 'extra-support').periods.map((p) => p.actual),
      );
      for (const groupBy of GROUP_BYS) {
        const a = forecastReport(unreported.forecastVsActual, groupBy, options(today, grain));
        const b = forecastReport(reported.forecastVsActual, groupBy, options(today, grain));
        expect(a.totals).toEqual(b.totals);
      }
    }
    expect(figuresOf(unreported, 'x', today).totals.toDate.actual).toBe('400000.00');
  });

  it('a loss a later version drops still counts, unreported, at the baseline loss', () => {
    const benefit = aFinancialLine({ forecast: [{ period: '2018', amount: '600000.00' }] });
    const views = foldViews(
      initialViews,
      report(
        anInvestment(fundEvents(new LedgerLog()), 'x', [
          caseWith([benefit, disBenefit('-200000.00')]),
          caseWith([benefit]),
        ]),
        'x',
        'fewer-licences',
        '2018',
        '600000.00',
      ).all(),
    );
    const figures = figuresOf(views, 'x', '2021-03-01');
    // Counted as no loss against the baseline's −200 000, the line showed a variance of
    // +200 000 and a ratio of 2, and the investment's ratio went from 1 to 2 by leaving it out.
    expect(line(figures.lines, 'extra-support').toDate).toMatchObject({
      variance: '0.00',
      realisationRatio: '1.0000',
    });
    expect(figures.totals.toDate).toMatchObject({ variance: '0.00', realisationRatio: '1.0000' });
  });

  it('a missing report of a benefit still counts as nothing delivered', () => {
    const unreported = foldViews(
      initialViews,
      anInvestment(fundEvents(new LedgerLog()), 'y', [
        caseWith([aFinancialLine({ forecast: [{ period: '2018', amount: '600000.00' }] })]),
      ]).all(),
    );
    expect(
      line(figuresOf(unreported, 'y', '2021-03-01').lines, 'fewer-licences').toDate,
    ).toMatchObject({ variance: '-600000.00', notReported: '-600000.00', deliveryGap: '0.00' });
  });

  it('a benefit keeps actual ÷ forecast', () => {
    const views2 = foldViews(
      initialViews,
      report(
        anInvestment(fundEvents(new LedgerLog()), 'y', [
          caseWith([aFinancialLine({ forecast: [{ period: '2018', amount: '600000.00' }] })]),
        ]),
        'y',
        'fewer-licences',
        '2018',
        '450000.00',
      ).all(),
    );
    expect(
      line(figuresOf(views2, 'y', '2021-03-01').lines, 'fewer-licences').toDate.realisationRatio,
    ).toBe('0.7500');
  });
});

describe("an investment's status", () => {
  it('is not on-track when its lines each are but its totals are in deviation', () => {
    // Benefit 1 000 000, actual 900 000: 0.9, 10 points short → on-track.
    // Dis-benefit −800 000, actual −880 000: 1 − 80 000 ÷ 800 000 = 0.9 → on-track.
    // Together: forecast 200 000, actual 20 000: 0.1 → 90 points short → deviation.
    const log = anInvestment(fundEvents(new LedgerLog()), 'z', [
      caseWith([
        aFinancialLine({ forecast: [{ period: '2018', amount: '1000000.00' }] }),
        aRedistributableLine({ forecast: [{ period: '2018', amount: '-800000.00' }] }),
      ]),
    ]);
    report(log, 'z', 'fewer-licences', '2018', '900000.00');
    report(log, 'z', 'time-freed', '2018', '-880000.00');
    const views = foldViews(initialViews, log.all());
    const figures = figuresOf(views, 'z', '2021-03-01');
    expect(figures.lines.filter((l) => l.class !== 'qualitative').map((l) => l.status)).toEqual([
      'on-track',
      'on-track',
    ]);
    expect(figures.totals.toDate.realisationRatio).toBe('0.1000');
    expect(figures.status).toBe('deviation');
    expect(
      toDateSummary(views.forecastVsActual.investments.z, options('2021-03-01')).indicatorStatus,
    ).toBe('deviation');
  });
});

describe('a stale indicator', () => {
  const qualitative = aQualitativeLine({
    indicator: { ...aQualitativeLine().indicator, frequency: 'yearly' },
  });
  const views = (readings: readonly [string, string][]) => {
    const log = anInvestment(fundEvents(new LedgerLog()), 'q', [caseWith([qualitative])]);
    readings.forEach(([period, value]) =>
      report(log, 'q', qualitative.benefitLineId, period, value),
    );
    return foldViews(initialViews, log.all());
  };

  it('shows stale once the next reading is a whole frequency late, not its last status', () => {
    const v = views([['2018', '66']]);
    // 2018 read, yearly: the 2019 reading is owed by the end of 2019.
    expect(line(figuresOf(v, 'q', '2019-12-31').lines, qualitative.benefitLineId).status).toBe(
      'on-track',
    );
    expect(line(figuresOf(v, 'q', '2020-01-01').lines, qualitative.benefitLineId)).toMatchObject({
      status: 'stale',
      // The last reading's achievement stays visible beside the status.
      achievementPct: '50.00',
    });
    expect(figuresOf(v, 'q', '2020-01-01').status).toBe('stale');
  });

  it('a new reading makes it current again', () => {
    const v = views([
      ['2018', '66'],
      ['2019', '68'],
    ]);
    expect(line(figuresOf(v, 'q', '2020-01-01').lines, qualitative.benefitLineId).status).toBe(
      'on-track',
    );
  });

  it('an approved line that never had a reading is stale after its first period', () => {
    const v = views([]);
    expect(
      line(figuresOf(v, 'q', '2017-12-31').lines, qualitative.benefitLineId).status,
    ).toBeNull();
    expect(line(figuresOf(v, 'q', '2018-01-01').lines, qualitative.benefitLineId).status).toBe(
      'stale',
    );
  });

  it('is never stale once the next reading would fall after the horizon: nothing more is owed', () => {
    // The case runs 2017-2020, yearly; every year read.
    const v = views([
      ['2017', '64'],
      ['2018', '66'],
      ['2019', '68'],
      ['2020', '70'],
    ]);
    for (const today of ['2021-12-31', '2022-01-01', '2035-06-30']) {
      const figures = figuresOf(v, 'q', today);
      expect(line(figures.lines, qualitative.benefitLineId).status).toBe('on-track');
      expect(figures.status).toBe('on-track');
    }
    // The last year unread is owed, and late from 2021-01-01 as any other.
    const unread = views([
      ['2017', '64'],
      ['2018', '66'],
      ['2019', '68'],
    ]);
    expect(line(figuresOf(unread, 'q', '2021-01-01').lines, qualitative.benefitLineId).status).toBe(
      'stale',
    );
  });

  it('keeps a known shortfall: a reading in deviation stays deviation when the next is late', () => {
    const v = views([['2018', '60']]);
    const read = line(figuresOf(v, 'q', '2019-12-31').lines, qualitative.benefitLineId);
    expect(read.status).toBe('deviation');
    const late = figuresOf(v, 'q', '2020-01-01');
    expect(line(late.lines, qualitative.benefitLineId)).toMatchObject({
      status: 'deviation',
      achievementPct: read.achievementPct,
    });
    expect(late.status).toBe('deviation');
  });

  it('reads the frequency in Swedish too, and falls back to the reading period', () => {
    const quarterly = aQualitativeLine({
      indicator: { ...aQualitativeLine().indicator, frequency: 'kvartalsvis' },
    });
    const log = anInvestment(fundEvents(new LedgerLog()), 'k', [caseWith([quarterly])]);
    report(log, 'k', quarterly.benefitLineId, '2018-Q1', '63');
    const v = foldViews(initialViews, log.all());
    expect(line(figuresOf(v, 'k', '2018-06-30').lines, quarterly.benefitLineId).status).not.toBe(
      'stale',
    );
    expect(line(figuresOf(v, 'k', '2018-07-01').lines, quarterly.benefitLineId).status).toBe(
      'stale',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// One truth

const MONEY_FIELDS = [
  'baselineForecast',
  'currentForecast',
  'actual',
  'harvested',
  'variance',
  'forecastDue',
  'forecastDrift',
  'deliveryGap',
  'notReported',
] as const;

const sum = (rows: readonly AmountFigures[], field: (typeof MONEY_FIELDS)[number]): string | null =>
  rows.reduce<string | null>(
    (s, r) =>
      r[field] === null
        ? s
        : Money.of(s ?? '0')
            .plus(Money.of(r[field] as string))
            .toString(),
    null,
  );

const expectParts = (f: AmountFigures): void => {
  if (f.variance === null) return;
  const parts = Money.of(f.forecastDrift ?? '0')
    .plus(Money.of(f.deliveryGap ?? '0'))
    .plus(Money.of(f.notReported ?? '0'));
  expect(parts.toString()).toBe(f.variance);
};

/**
 * Two investments: one whose 2020 report never came, whose forecast drifted and which is funded
 * from two tranches with an awkward split; one not yet approved.
 */
const aLedgerWithAMissingReport = (): LedgerViews => {
  const v1 = caseWith([
    aFinancialLine({
      forecast: [
        { period: '2018', amount: '1000000.01' },
        { period: '2019', amount: '1000000.00' },
        { period: '2020', amount: '1000000.00' },
      ],
    }),
    aRedistributableLine({
      forecast: [
        { period: '2018-Q3', amount: '333.33' },
        { period: '2019', amount: '480000.00' },
      ],
    }),
    aQualitativeLine(),
  ]);
  const v2 = caseWith([
    aFinancialLine({
      forecast: [
        { period: '2018', amount: '1000000.01' },
        { period: '2019', amount: '900000.00' },
        { period: '2020', amount: '1100000.00' },
      ],
    }),
    aRedistributableLine({
      forecast: [
        { period: '2018-Q3', amount: '333.33' },
        { period: '2019', amount: '480000.00' },
      ],
    }),
    aQualitativeLine(),
  ]);
  const log = anInvestment(
    fundEvents(new LedgerLog()),
    'home-care',
    [v1, v2],
    [
      { trancheId: 't1', amount: '1000000.00' },
      { trancheId: 't2', amount: '333333.33' },
    ],
  );
  report(log, 'home-care', 'fewer-licences', '2018', '950000.00');
  report(log, 'home-care', 'fewer-licences', '2019', '910000.00');
  report(log, 'home-care', 'time-freed', '2019-Q2', '120000.00');
  anInvestment(log, 'proposed-only', [caseWith([aFinancialLine()])], []);
  return foldViews(initialViews, log.all());
};

describe('one truth: a due report that never came', () => {
  const views = aLedgerWithAMissingReport();
  const today = '2021-06-01';

  it('counts as nothing delivered on the investment page, split into drift, delivery and not reported', () => {
    const figures = figuresOf(views, 'home-care', today);
    const licences = line(figures.lines, 'fewer-licences');
    // 2020: baseline 1 000 000, current 1 100 000, no report:
    // drift +100 000, delivery 0, not reported −1 100 000: variance −1 000 000.
    expect(licences.periods.find((p) => p.period === '2020')).toMatchObject({
      actual: null,
      variance: '-1000000.00',
      forecastDue: '1000000.00',
      forecastDrift: '100000.00',
      deliveryGap: '0.00',
      notReported: '-1100000.00',
    });
    for (const p of [
      ...licences.periods,
      licences.toDate,
      ...figures.totals.periods,
      figures.totals.toDate,
    ]) {
      expectParts(p);
    }
  });

  it('gives the same variance on the investment page, in its summary and in every grouping and grain', () => {
    const page = figuresOf(views, 'home-care', today).totals.toDate;
    const summary = toDateSummary(views.forecastVsActual.investments['home-care'], options(today));
    expect(summary).toMatchObject({
      varianceToDate: page.variance,
      forecastToDate: page.forecastDue,
      notReportedToDate: page.notReported,
    });
    for (const grain of GRAINS) {
      expect(figuresOf(views, 'home-care', today, grain).totals.toDate).toEqual(page);
      for (const groupBy of GROUP_BYS) {
        const r = forecastReport(views.forecastVsActual, groupBy, options(today, grain));
        const mine = r.rows.filter((row) => row.investmentId === 'home-care');
        for (const field of [
          'variance',
          'forecastDue',
          'forecastDrift',
          'deliveryGap',
          'notReported',
        ] as const) {
          expect({ grain, groupBy, field, value: sum(mine, field) }).toEqual({
            grain,
            groupBy,
            field,
            value: page[field],
          });
        }
      }
    }
  });

  it("makes every report's rows add up to its groups' totals and the report's total, for every groupBy and grain", () => {
    for (const grain of GRAINS) {
      for (const groupBy of GROUP_BYS) {
        const r = forecastReport(views.forecastVsActual, groupBy, options(today, grain));
        for (const field of MONEY_FIELDS) {
          for (const group of r.groups) {
            const rows = r.rows.filter((row) => row.group === group.group);
            expect({
              grain,
              groupBy,
              group: group.group,
              field,
              value: group.totals[field],
            }).toEqual({
              grain,
              groupBy,
              group: group.group,
              field,
              value: sum(rows, field),
            });
            expect(group.totals[field]).toEqual(sum(group.periods, field));
          }
          expect({ grain, groupBy, field, value: r.totals[field] }).toEqual({
            grain,
            groupBy,
            field,
            value: sum(r.rows, field),
          });
          expect(r.totals[field]).toEqual(
            sum(
              r.groups.map((g) => g.totals),
              field,
            ),
          );
        }
        r.rows.forEach(expectParts);
        r.groups.forEach((g) => expectParts(g.totals));
        expectParts(r.totals);
      }
    }
  });
});

describe('running-cost effect (driftkostnadseffekt)', () => {
  const v1 = aBenefitCase({
    costs: [
      {
        costLineId: 'setup',
        kind: 'one-off',
        description: 'Setup',
        forecast: [{ period: '2017', amount: '1000000.00' }],
      },
      {
        costLineId: 'operations',
        kind: 'recurring',
        description: 'Drift',
        forecast: [
          { period: '2018', amount: '200000.00' },
          { period: '2019', amount: '200000.00' },
        ],
      },
    ],
    benefits: [
      aFinancialLine({
        forecast: [
          { period: '2018', amount: '600000.00' },
          { period: '2019-Q1', amount: '150000.00' },
        ],
      }),
      aRedistributableLine(),
    ],
  });
  const v2 = {
    ...v1,
    benefits: [
      aFinancialLine({ forecast: [{ period: '2018', amount: '500000.00' }] }),
      aRedistributableLine(),
    ],
  };
  const cost = (costId: string, amount: string, incurredOn: string, costLineId?: string) =>
    ({
      type: 'CostRecorded',
      data: {
        investmentId: 'rc',
        costId,
        amount,
        incurredOn,
        reference: costId,
        ...(costLineId ? { costLineId } : {}),
      },
    }) as const;
  const views = () => {
    const log = anInvestment(
      fundEvents(new LedgerLog()),
      'rc',
      [v1, v2],
      [
        { trancheId: 't1', amount: '2000000.00' },
        { trancheId: 't2', amount: '1000000.00' },
      ],
    );
    log.investment('rc', cost('c1', '990000.00', '2017-05-01', 'setup'));
    log.investment('rc', cost('c2', '210000.00', '2018-12-20', 'operations'));
    log.investment('rc', cost('c3', '5000.00', '2018-06-01'));
    report(log, 'rc', 'fewer-licences', '2018-Q1', '100000.00');
    report(log, 'rc', 'fewer-licences', '2018-Q2', '450000.00');
    report(log, 'rc', 'time-freed', '2018', '480000.00');
    return foldViews(initialViews, log.all());
  };

  it('per year: financial benefits − recurring costs, forecast (baseline and current) and actual', () => {
    const effect = figuresOf(views(), 'rc', '2019-06-01').runningCostEffect;
    const row = (f: string, c: string, e: string) => ({
      financialBenefits: f,
      recurringCosts: c,
      effect: e,
    });
    expect(effect.years).toEqual([
      {
        year: 2017,
        baseline: row('0.00', '0.00', '0.00'),
        current: row('0.00', '0.00', '0.00'),
        actual: row('0.00', '0.00', '0.00'),
      },
      // Actual 2018: reports of the financial line 100 000 + 450 000 (time-freed is not cash);
      // only the cost against the recurring line counts (not setup, not the cost without a line).
      {
        year: 2018,
        baseline: row('600000.00', '200000.00', '400000.00'),
        current: row('500000.00', '200000.00', '300000.00'),
        actual: row('550000.00', '210000.00', '340000.00'),
      },
      {
        year: 2019,
        baseline: row('150000.00', '200000.00', '-50000.00'),
        current: row('0.00', '200000.00', '-200000.00'),
        actual: row('0.00', '0.00', '0.00'),
      },
      // 2020 has not begun on 2019-06-01: no actual yet.
      {
        year: 2020,
        baseline: row('0.00', '0.00', '0.00'),
        current: row('0.00', '0.00', '0.00'),
        actual: null,
      },
    ]);
    expect(effect.total).toEqual({
      baseline: row('750000.00', '400000.00', '350000.00'),
      current: row('500000.00', '400000.00', '100000.00'),
      actual: row('550000.00', '210000.00', '340000.00'),
    });
  });

  it('a recurring cost dated before the horizon gets its year, and counts in the total', () => {
    const log = anInvestment(
      fundEvents(new LedgerLog()),
      'rc',
      [v1, v2],
      [{ trancheId: 't1', amount: '2000000.00' }],
    );
    log.investment('rc', cost('c0', '30000.00', '2016-11-30', 'operations'));
    log.investment('rc', cost('c2', '210000.00', '2018-12-20', 'operations'));
    const effect = figuresOf(
      foldViews(initialViews, log.all()),
      'rc',
      '2019-06-01',
    ).runningCostEffect;
    expect(effect.years[0]).toEqual({
      year: 2016,
      baseline: null,
      current: null,
      actual: { financialBenefits: '0.00', recurringCosts: '30000.00', effect: '-30000.00' },
    });
    expect(effect.years.map((y) => y.year)).toEqual([2016, 2017, 2018, 2019, 2020]);
    expect(effect.total.actual?.recurringCosts).toBe('240000.00');
  });

  it('the actual covers a current horizon longer than the baseline’s: a later year’s reports and costs', () => {
    const longer = {
      ...v1,
      horizonYears: 6,
      benefits: [
        aFinancialLine({
          forecast: [
            { period: '2018', amount: '600000.00' },
            { period: '2022', amount: '300000.00' },
          ],
        }),
        aRedistributableLine(),
      ],
    };
    const log = anInvestment(
      fundEvents(new LedgerLog()),
      'rc',
      [v1, longer],
      [{ trancheId: 't1', amount: '2000000.00' }],
    );
    log.investment('rc', cost('c5', '70000.00', '2022-03-01', 'operations'));
    report(log, 'rc', 'fewer-licences', '2022', '250000.00');
    const effect = figuresOf(
      foldViews(initialViews, log.all()),
      'rc',
      '2023-06-01',
    ).runningCostEffect;
    const y2022 = effect.years.find((y) => y.year === 2022);
    // Before, the year had the cost as its only actual (the baseline's horizon ends 2020).
    expect(y2022?.actual).toEqual({
      financialBenefits: '250000.00',
      recurringCosts: '70000.00',
      effect: '180000.00',
    });
  });

  it("is in every report grouping, the groups adding up to the report's and to the investment's", () => {
    const v = views();
    const own = figuresOf(v, 'rc', '2019-06-01').runningCostEffect.total;
    for (const groupBy of GROUP_BYS) {
      const r = forecastReport(v.forecastVsActual, groupBy, options('2019-06-01'));
      expect({ groupBy, total: r.runningCostEffect.total }).toEqual({ groupBy, total: own });
      const groups = r.groups.filter((g) => g.runningCostEffect.years.length > 0);
      for (const side of ['baseline', 'current', 'actual'] as const) {
        const effects = groups.map((g) => g.runningCostEffect.total[side]?.effect ?? '0');
        expect(Money.sum(effects.map((e) => Money.of(e))).toString()).toBe(own[side]?.effect);
      }
    }
    const byTranche = forecastReport(v.forecastVsActual, 'tranche', options('2019-06-01'));
    // Net allocations 2 000 000 and 1 000 000: benefits 550 000 → 366 666.66 (cut at the öre)
    // and 183 333.34 (the rest); costs 210 000 → 140 000 and 70 000; effect = benefits − costs.
    expect(
      byTranche.groups.map((g) => [g.group, g.runningCostEffect.total.actual?.effect]),
    ).toEqual([
      ['f/t1', '226666.66'],
      ['f/t2', '113333.34'],
    ]);
  });
});
