/**
 * Issue 15, the figures over real HTTP: a dis-benefit scored with its sign, a stale indicator,
 * the investment's status, the running-cost effect, and one variance for an investment whose
 * due reports never came — the same on its page, in its summary and in every report grouping
 * and grain, with every report's rows adding up to its totals.
 */
import {
  aBenefitCase,
  aFinancialLine,
  aQualitativeLine,
  aRecurringCostLine,
  aOneOffCostLine,
  aRedistributableLine,
  LINE_OWNER,
  PROJECT_LEAD,
} from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';

const ID = 'hemtjanst';
const GRAINS = ['year', 'quarter', 'month'] as const;
const GROUP_BYS = ['fund', 'tranche', 'department', 'class', 'investment'] as const;
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

type Figures = Record<(typeof MONEY_FIELDS)[number], string | null>;

/** Exact sums of two-decimal strings in öre (BigInt), null when every value is null. */
const sum = (rows: readonly Figures[], field: (typeof MONEY_FIELDS)[number]): string | null => {
  const values = rows.map((r) => r[field]).filter((v): v is string => v !== null);
  if (values.length === 0) return null;
  const ore = values.reduce((s, v) => s + BigInt(v.replace('.', '')), 0n);
  const sign = ore < 0n ? '-' : '';
  const abs = (ore < 0n ? -ore : ore).toString().padStart(3, '0');
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
};

describe('governance figures over HTTP', () => {
  let t: TestApp;
  let now = new Date('2017-01-10T09:00:00.000Z');
  const at = (iso: string): void => {
    now = new Date(iso);
  };
  const finance = () => t.as('fia', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const owner = () => t.as(LINE_OWNER, 'project-lead');
  const auditor = () => t.as('revisor', 'auditor');

  const reportEffect = (
    as: () => ReturnType<TestApp['as']>,
    reportId: string,
    benefitLineId: string,
    period: string,
    value: string,
  ) =>
    as()
      .post(`/api/investments/${ID}/effect-reports`, {
        reportId,
        benefitLineId,
        period,
        value,
        evidence: 'Uppföljning',
      })
      .expect(201);

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance, { releaseDecisionRef: 'KF 2016/12' });
    await lead()
      .post('/api/investments', {
        investmentId: ID,
        title: 'Mobil hemtjänstplanering',
        department: 'Vård- och omsorgsförvaltningen',
        projectLead: PROJECT_LEAD,
        need: 'Restid',
      })
      .expect(201);
    // A dis-benefit: extra support during the change, −200 000 in 2018.
    const caseV1 = aBenefitCase({
      costs: [aOneOffCostLine(), aRecurringCostLine()],
      benefits: [
        aFinancialLine(),
        aRedistributableLine(),
        aRedistributableLine({
          benefitLineId: 'extra-support',
          description: 'Extra stöd under omställningen',
          owner: LINE_OWNER,
          forecast: [{ period: '2018', amount: '-200000.00' }],
        }),
        aQualitativeLine(),
      ],
    });
    await lead().put(`/api/investments/${ID}/benefit-case`, caseV1).expect(200);
    at('2017-03-15T10:00:00.000Z');
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: 'a1',
        investmentId: ID,
        trancheId: 't1',
        amount: '2000000.00',
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 301/2017',
        caseVersion: 1,
      })
      .expect(201);
    at('2018-12-21T10:00:00.000Z');
    await finance()
      .post(`/api/investments/${ID}/costs`, {
        costId: 'c1',
        costLineId: 'operations',
        amount: '210000.00',
        incurredOn: '2018-12-20',
        reference: 'Driftfaktura 2018',
      })
      .expect(201);
    at('2019-01-20T10:00:00.000Z');
    await reportEffect(owner, 'r1', 'fewer-licences', '2018', '600000.00');
    await reportEffect(owner, 'r2', 'extra-support', '2018', '-450000.00');
    await reportEffect(owner, 'r3', 'citizen-satisfaction', '2018', '64');
    at('2020-01-20T10:00:00.000Z');
    await reportEffect(owner, 'r4', 'fewer-licences', '2019', '600000.00');
    // time-freed (OTHER_OWNER's) reports neither 2018 nor 2019; the NKI is not read for 2019.
    at('2020-03-01T10:00:00.000Z');
  });
  afterAll(async () => t.close());

  const figures = async (grain: string = 'year') =>
    (await auditor().get(`/api/investments/${ID}/forecast-vs-actual?grain=${grain}`).expect(200))
      .body;
  const lineOf = (body: { lines: { benefitLineId: string }[] }, id: string) =>
    body.lines.find((l) => l.benefitLineId === id) as Record<string, unknown>;

  it('scores the dis-benefit with its sign: −450 000 against −200 000 is −0.25, a deviation', async () => {
    const body = await figures();
    expect(lineOf(body, 'extra-support')).toMatchObject({
      toDate: {
        forecastDue: '-200000.00',
        actual: '-450000.00',
        variance: '-250000.00',
        realisationRatio: '-0.2500',
      },
      achievementPct: '-25.00',
      status: 'deviation',
    });
    expect(body.status).toBe('deviation');
  });

  it('keeps the NKI in deviation when its next reading is late: read for 2018 short of its path, yearly, nothing for 2019 by 2020-03-01', async () => {
    // Late, but its last reading was a known shortfall: not reporting must not turn a
    // deviation into the milder "stale" (and off the board's list of deviations).
    expect(lineOf(await figures(), 'citizen-satisfaction')).toMatchObject({
      latestReading: { period: '2018', value: '64' },
      status: 'deviation',
    });
  });

  it('counts the reports that never came as not reported, the same everywhere', async () => {
    const page = (await figures()).totals.toDate;
    // time-freed 2018 and 2019 (480 000 each) never came: −960 000.
    expect(page.notReported).toBe('-960000.00');
    // variance = drift + delivery + not reported (no revision: no drift).
    expect(page).toMatchObject({
      forecastDrift: '0.00',
      deliveryGap: '-250000.00',
      variance: '-1210000.00',
    });
    const summary = (await auditor().get(`/api/investments/${ID}`).expect(200)).body;
    expect(summary).toMatchObject({
      varianceToDate: page.variance,
      forecastToDate: page.forecastDue,
      notReportedToDate: page.notReported,
      indicatorStatus: 'deviation',
    });
    for (const grain of GRAINS) {
      expect((await figures(grain)).totals.toDate).toEqual(page);
      for (const groupBy of GROUP_BYS) {
        const report = (
          await auditor()
            .get(`/api/reports/forecast-vs-actual?groupBy=${groupBy}&grain=${grain}`)
            .expect(200)
        ).body;
        const mine = report.rows.filter((r: { investmentId: string }) => r.investmentId === ID);
        for (const field of ['variance', 'forecastDue', 'deliveryGap', 'notReported'] as const) {
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

  it("adds every report's rows up to its groups' and its own totals, for every groupBy and grain", async () => {
    for (const grain of GRAINS) {
      for (const groupBy of GROUP_BYS) {
        const report = (
          await auditor()
            .get(`/api/reports/forecast-vs-actual?groupBy=${groupBy}&grain=${grain}`)
            .expect(200)
        ).body as {
          rows: (Figures & { group: string })[];
          groups: { group: string; totals: Figures }[];
          totals: Figures;
        };
        for (const field of MONEY_FIELDS) {
          for (const group of report.groups) {
            const rows = report.rows.filter((r) => r.group === group.group);
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
          }
          expect({ grain, groupBy, field, value: report.totals[field] }).toEqual({
            grain,
            groupBy,
            field,
            value: sum(report.rows, field),
          });
        }
      }
    }
  });

  it('shows the running-cost effect per year on the investment and in the reports', async () => {
    const effect = (await figures()).runningCostEffect;
    // 2018: financial 600 000 − recurring 200 000 forecast; actual 600 000 − 210 000 (the cost
    // recorded against the recurring line "operations").
    expect(effect.years.find((y: { year: number }) => y.year === 2018)).toEqual({
      year: 2018,
      baseline: {
        financialBenefits: '600000.00',
        recurringCosts: '200000.00',
        effect: '400000.00',
      },
      current: { financialBenefits: '600000.00', recurringCosts: '200000.00', effect: '400000.00' },
      actual: { financialBenefits: '600000.00', recurringCosts: '210000.00', effect: '390000.00' },
    });
    for (const groupBy of GROUP_BYS) {
      const report = (
        await auditor().get(`/api/reports/forecast-vs-actual?groupBy=${groupBy}`).expect(200)
      ).body;
      expect({ groupBy, total: report.runningCostEffect.total }).toEqual({
        groupBy,
        total: effect.total,
      });
    }
  });
});
