/**
 * The hostile-tester probe over real HTTP: a project lead alone, documenting a new case version,
 * changed what the board report shows about the past.
 * 1. Recurring costs finance booked against a line vanished from the running-cost effect's actual
 *    once a later version left the line out (spent still showed them).
 * 2. A qualitative line added after approval and read in deviation turned on-track, off the
 *    board's list of deviations, by a new indicator baseline in a later version.
 * The service's clock follows the story.
 */
import {
  LINE_OWNER,
  PROJECT_LEAD,
  aBenefitCase,
  aFinancialLine,
  aOneOffCostLine,
  aQualitativeLine,
} from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';
import { BenefitCase, BenefitLine, CostLine } from '../../src/investment/benefit-case';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Horizon 2024–2027: a one-off cost and a financial saving, with any more lines given. */
const caseWith = (more: { costs?: CostLine[]; benefits?: BenefitLine[] } = {}): BenefitCase =>
  aBenefitCase({
    startYear: 2024,
    horizonYears: 4,
    costs: [
      aOneOffCostLine({ forecast: [{ period: '2024', amount: '500000.00' }] }),
      ...(more.costs ?? []),
    ],
    benefits: [
      aFinancialLine({ forecast: [{ period: '2026', amount: '900000.00' }] }),
      ...(more.benefits ?? []),
    ],
  });

const licence: CostLine = {
  costLineId: 'licence',
  kind: 'recurring',
  description: 'Licenser',
  forecast: [
    { period: '2024', amount: '100000.00' },
    { period: '2025', amount: '100000.00' },
  ],
};

/** Waiting time in days, from 30 down to 10, read yearly. */
const wait = (baseline: string): BenefitLine =>
  aQualitativeLine({
    benefitLineId: 'wait',
    owner: LINE_OWNER,
    indicator: {
      unit: 'dagar',
      baseline,
      target: '10',
      direction: 'decrease',
      method: 'Ärendesystemet',
      frequency: 'yearly',
    },
  });

describe('a project lead alone cannot change what the board is shown about the past', () => {
  let t: TestApp;
  let now = new Date('2024-01-10T09:00:00Z');
  const on = (day: string): void => {
    now = new Date(`${day}T09:00:00Z`);
  };
  const finance = () => t.as('fia', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const owner = () => t.as(LINE_OWNER, 'project-lead');
  const auditor = () => t.as('revisor', 'auditor');

  const document = (id: string, benefitCase: BenefitCase) =>
    lead().put(`/api/investments/${id}/benefit-case`, benefitCase).expect(200);
  const board = async (): Promise<Json> =>
    (await auditor().get('/api/reports/board?fundId=orebro').expect(200)).body as Json;
  const onBoard = (report: Json, id: string): Json =>
    report.investments.find((i: Json) => i.investmentId === id);
  const figures = async (id: string): Promise<Json> =>
    (await auditor().get(`/api/investments/${id}/forecast-vs-actual?grain=year`).expect(200))
      .body as Json;

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
    on('2024-01-10');
    for (const id of ['licences', 'waiting']) {
      await lead()
        .post('/api/investments', {
          investmentId: id,
          title: `Investering ${id}`,
          department: 'KLF',
          projectLead: PROJECT_LEAD,
          need: 'Manuell hantering',
        })
        .expect(201);
      await document(id, caseWith());
    }
    on('2024-02-01');
    for (const id of ['licences', 'waiting']) {
      await finance()
        .post('/api/funds/orebro/allocations', {
          allocationId: `alloc-${id}`,
          investmentId: id,
          trancheId: 't1',
          amount: '2000000.00',
          decidedOn: '2024-02-01',
          decisionRef: `Ks 2024/${id}`,
          caseVersion: 1,
        })
        .expect(201);
    }
  });
  afterAll(async () => t.close());

  it('keeps the recurring costs finance booked in the running-cost effect when the lead drops the line', async () => {
    on('2024-03-01');
    await document('licences', caseWith({ costs: [licence] }));
    for (const [costId, day] of [
      ['lic-2024', '2024-06-01'],
      ['lic-2025', '2025-06-01'],
    ]) {
      on(day);
      await finance()
        .post('/api/investments/licences/costs', {
          costId,
          costLineId: 'licence',
          amount: '100000.00',
          incurredOn: day,
          reference: `Faktura ${costId}`,
        })
        .expect(201);
    }
    on('2025-07-01');
    const before = onBoard(await board(), 'licences');
    expect(before.runningCostEffect.actual).toBe('-200000.00');

    await document('licences', caseWith());
    const after = onBoard(await board(), 'licences');
    expect(after).toMatchObject({ currentCaseVersion: 3, spent: before.spent });
    expect(after.runningCostEffect.actual).toBe('-200000.00');
    expect((await figures('licences')).runningCostEffect.total.actual).toEqual({
      financialBenefits: '0.00',
      recurringCosts: '200000.00',
      effect: '-200000.00',
    });
  });

  it('keeps a line added after approval in deviation when the lead moves its indicator baseline', async () => {
    on('2024-03-01');
    await document('waiting', caseWith({ benefits: [wait('30')] }));
    for (const year of ['2024', '2025', '2026']) {
      on(`${Number(year) + 1}-01-15`);
      await owner()
        .post('/api/investments/waiting/effect-reports', {
          reportId: `wait-${year}`,
          benefitLineId: 'wait',
          period: year,
          value: '40',
          evidence: 'Ärendesystemet',
        })
        .expect(201);
    }
    on('2027-01-20');
    const deviation = (report: Json) =>
      report.deviations.find(
        (d: Json) => d.investmentId === 'waiting' && d.benefitLineId === 'wait',
      );
    expect(deviation(await board())).toMatchObject({ status: 'deviation' });

    await document('waiting', caseWith({ benefits: [wait('100')] }));
    expect(deviation(await board())).toMatchObject({ status: 'deviation' });
    const line = (await figures('waiting')).lines.find((l: Json) => l.benefitLineId === 'wait');
    expect(line).toMatchObject({
      status: 'deviation',
      achievementPct: '-50.00',
      indicator: { baseline: '30', target: '10' },
    });
  });
});
