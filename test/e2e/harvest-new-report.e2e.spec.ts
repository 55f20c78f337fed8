/**
 * Game-3 probe t3 over real HTTP. Lowering the report a harvest rests on was refused
 * (HARVEST_EXCEEDS_REALISED), but a new report of a later period with a negative value did the
 * same and was taken: realised 300 000 → 0 with 300 000 harvested as realised, and from then on
 * the record showed a budget cut on a saving no longer reported. The new report is refused the
 * same way, nothing recorded; once finance has reversed the harvest the loss is taken.
 */
import {
  aBenefitCase,
  aFinancialLine,
  aOneOffCostLine,
  LINE_OWNER,
  PROJECT_LEAD,
} from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

const ID = 'h1';
const LINE = 'save';
const YEARS = ['2024', '2025', '2026', '2027', '2028'];

describe('a new report may not take the realised actual below the harvests (probe t3)', () => {
  let t: TestApp;
  const now = new Date('2026-12-06T10:00:00.000Z');
  const finance = () => t.as('fia', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const owner = () => t.as(LINE_OWNER, 'project-lead');
  const auditor = () => t.as('revisor', 'auditor');
  const report = (reportId: string, period: string, value: string) =>
    owner().post(`/api/investments/${ID}/effect-reports`, {
      reportId,
      benefitLineId: LINE,
      period,
      value,
      evidence: 'saving reversed',
    });
  const figures = async () => {
    const body = (await auditor().get(`/api/investments/${ID}`).expect(200)).body as Record<
      string,
      unknown
    >;
    return { actualToDate: body.actualToDate, harvested: body.harvested };
  };

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
    await lead()
      .post('/api/investments', {
        investmentId: ID,
        title: 'Inv h1',
        department: 'IT',
        projectLead: PROJECT_LEAD,
        need: 'need',
      })
      .expect(201);
    const benefitCase = aBenefitCase({
      startYear: 2024,
      horizonYears: 5,
      costs: [aOneOffCostLine({ forecast: [{ period: '2024', amount: '500000.00' }] })],
      benefits: [
        aFinancialLine({
          benefitLineId: LINE,
          forecast: YEARS.map((period) => ({ period, amount: '300000.00' })),
        }),
      ],
    });
    await lead().put(`/api/investments/${ID}/benefit-case`, benefitCase).expect(200);
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: 'a-h1',
        investmentId: ID,
        trancheId: 't1',
        amount: '1000000.00',
        decidedOn: '2024-03-01',
        decisionRef: 'Ks 10/2024',
        caseVersion: 1,
      })
      .expect(201);
    await report('r24', '2024', '300000.00').expect(201);
    await finance()
      .post(`/api/investments/${ID}/harvests`, {
        harvestId: 'hv1',
        benefitLineId: LINE,
        fiscalYear: 2025,
        amount: '300000.00',
        decisionRef: 'Budget 2025',
      })
      .expect(201);
  });
  afterAll(async () => t.close());

  it('refuses a negative report of an ended year below the harvest, as it refuses the correction', async () => {
    const correction = await expectRefusal(
      t,
      owner().post(`/api/investments/${ID}/effect-reports/r24/corrections`, {
        value: '0.00',
        reason: 'recount',
      }),
      409,
      'HARVEST_EXCEEDS_REALISED',
    );
    expect(correction).toMatchObject({ realised: '0.00', harvested: '300000.00' });

    const refused = await expectRefusal(
      t,
      report('r25', '2025', '-300000.00'),
      409,
      'HARVEST_EXCEEDS_REALISED',
    );
    expect(refused).toMatchObject({
      benefitLineId: LINE,
      reportId: 'r25',
      realised: '0.00',
      harvested: '300000.00',
    });
    expect(refused.detail).toContain('the report would leave 0.00 realised to date');
    expect(await figures()).toEqual({ actualToDate: '300000.00', harvested: '300000.00' });
  });

  it('takes the loss once finance has reversed the harvest', async () => {
    await finance()
      .post(`/api/investments/${ID}/harvests/hv1/reversals`, {
        reason: 'Sparandet återtogs',
      })
      .expect(201);
    await report('r25', '2025', '-300000.00').expect(201);
    expect(await figures()).toEqual({ actualToDate: '0.00', harvested: '0.00' });
  });
});
