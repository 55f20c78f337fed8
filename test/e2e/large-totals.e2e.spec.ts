/**
 * Every amount a command brings is at most 1 000 000 000 000.00 SEK (Money.parse), but a total
 * or a figure worked out from them is not: a case forecasting the largest amount in three years
 * on two lines sums to six times it. Such a total, read back, must stay an exact amount, not
 * fail the answers (it did: the investment, its figures, the list and the reports all
 * answered 500 for an investment the ledger had accepted).
 */
import { stockholmDay } from '../../src/periods/stockholm-day';
import {
  aBenefitCase,
  aFinancialLine,
  aQualitativeLine,
  aRedistributableLine,
  PROJECT_LEAD,
} from '../support/investment.mothers';
import { startTestApp, TestApp } from '../support/test-app';

const LARGEST = '1000000000000.00';
const times = (n: number) => `${n}000000000000.00`;
const YEARS = ['2018', '2019', '2020'];
const TRANCHES = ['t1', 't2', 't3'];

describe('totals beyond the largest amount one command may carry', () => {
  let t: TestApp;
  const finance = () => t.as('fia', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const today = () => stockholmDay(new Date());

  beforeAll(async () => {
    t = await startTestApp();
    await finance()
      .post('/api/funds', {
        fundId: 'big',
        name: 'Stor fond',
        currency: 'SEK',
        decisionRef: 'Ks 1/2016',
        tranches: TRANCHES.map((trancheId) => ({
          trancheId,
          name: trancheId,
          amount: LARGEST,
          allocatableFrom: '2016-12-31',
        })),
      })
      .expect(201);
    for (const trancheId of TRANCHES) {
      await finance()
        .post(`/api/funds/big/tranches/${trancheId}/release`, {
          releasedOn: '2016-12-31',
          decisionRef: 'KF 2016',
        })
        .expect(201);
    }
    await lead()
      .post('/api/investments', {
        investmentId: 'a',
        title: 'A',
        department: 'Kommunstyrelseförvaltningen',
        projectLead: PROJECT_LEAD,
        need: 'Manual work',
      })
      .expect(201);
    const forecast = YEARS.map((period) => ({ period, amount: LARGEST }));
    await lead()
      .put(
        '/api/investments/a/benefit-case',
        aBenefitCase({
          benefits: [
            aFinancialLine({ forecast }),
            aRedistributableLine({ forecast }),
            aQualitativeLine(),
          ],
        }),
      )
      .expect(200);
    for (const [i, trancheId] of TRANCHES.entries()) {
      await finance()
        .post('/api/funds/big/allocations', {
          allocationId: `x${i}`,
          investmentId: 'a',
          trancheId,
          amount: LARGEST,
          // Decided in 2017 (history entered later): the investment's life then covers the
          // years its effects are reported for, 2018–2020 (EFFECT_PERIOD_BEFORE_LIFE).
          decidedOn: '2017-03-01',
          decisionRef: `Ks ${i}`,
          caseVersion: 1,
        })
        .expect(201);
      await finance()
        .post('/api/investments/a/costs', {
          costId: `c${i}`,
          amount: LARGEST,
          incurredOn: today(),
          reference: `F ${i}`,
        })
        .expect(201);
    }
  });
  afterAll(async () => t.close());

  it('keeps the investment’s totals exact beyond the input limit', async () => {
    const investment = await finance().get('/api/investments/a').expect(200);
    expect(investment.body).toMatchObject({ allocated: times(3), spent: times(3) });
    const fund = await finance().get('/api/funds/big').expect(200);
    expect(fund.body.totals).toMatchObject({
      amount: times(3),
      allocated: times(3),
      spent: times(3),
    });
  });

  it('works out the figures of forecasts summing beyond it', async () => {
    const figures = await finance().get('/api/investments/a/forecast-vs-actual').expect(200);
    // Every forecast year has ended: two lines, three years each, all due.
    expect(figures.body.totals.toDate).toMatchObject({
      currentForecast: times(6),
      forecastDue: times(6),
      actual: '0.00',
      variance: `-${times(6)}`,
    });
    const month = await finance()
      .get('/api/investments/a/forecast-vs-actual?grain=month')
      .expect(200);
    expect(month.body.totals.toDate.currentForecast).toBe(times(6));
  });

  it('answers the list and every report over it', async () => {
    const list = await finance().get('/api/investments').expect(200);
    expect(list.body.investments).toHaveLength(1);
    for (const groupBy of ['fund', 'investment', 'class']) {
      const report = await finance()
        .get(`/api/reports/forecast-vs-actual?groupBy=${groupBy}`)
        .expect(200);
      expect(report.body.totals.currentForecast).toBe(times(6));
    }
    await finance().get('/api/reports/board?fundId=big').expect(200);
    await finance().get('/api/reports/follow-up').expect(200);
  });

  it('decides on effects reported beyond it', async () => {
    for (const period of YEARS) {
      await lead()
        .post('/api/investments/a/effect-reports', {
          reportId: `r-${period}`,
          benefitLineId: aFinancialLine().benefitLineId,
          period,
          value: LARGEST,
          evidence: 'Leverantörsfakturor',
        })
        .expect(201);
    }
    const figures = await finance().get('/api/investments/a/forecast-vs-actual').expect(200);
    expect(figures.body.totals.toDate.actual).toBe(times(3));
  });
});
