/**
 * Game-3 probe t2 over real HTTP. Someone holding finance and project-lead, neither the
 * investment's project lead nor the line's owner, documented (as finance) a version naming
 * themself owner of another person's line, then (as project lead, now its owner) filed a report
 * and corrected the previous owner's: actual 100 000 → 600 000, deviation → on-track, with no
 * second person. The version is refused (409 OWNER_SELF_APPOINTED, nothing recorded), so they
 * never become the owner and their reports are 403; naming other people, the project lead
 * naming themself, and an owner the lead appointed reporting stay as they were.
 */
import {
  aBenefitCase,
  aFinancialLine,
  aOneOffCostLine,
  LINE_OWNER,
  OTHER_OWNER,
  PROJECT_LEAD,
} from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { eventCount, expectRefusal, startTestApp, TestApp } from '../support/test-app';

const ID = 'own1';
const LINE = 'save';
/** Holds finance and project-lead; neither leads the investment nor owns a line of it. */
const DUAL = 'lars.dual';
const YEARS = ['2024', '2025', '2026', '2027', '2028'];

/** The probe's case: 500 000 one-off in 2024, `save` 300 000 a year 2024–2028. */
const caseOwnedBy = (owner: string, assumptions = 'Probe t2') =>
  aBenefitCase({
    startYear: 2024,
    horizonYears: 5,
    assumptions,
    costs: [aOneOffCostLine({ forecast: [{ period: '2024', amount: '500000.00' }] })],
    benefits: [
      aFinancialLine({
        benefitLineId: LINE,
        owner,
        forecast: YEARS.map((period) => ({ period, amount: '300000.00' })),
      }),
    ],
  });

describe('no one names themself owner of a benefit line but the project lead (probe t2)', () => {
  let t: TestApp;
  const now = new Date('2026-12-06T10:00:00.000Z');
  const finance = () => t.as('fia', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const owner = () => t.as(LINE_OWNER, 'project-lead');
  const dualAsFinance = () => t.as(DUAL, 'finance');
  const dualAsLead = () => t.as(DUAL, 'project-lead');
  const auditor = () => t.as('revisor', 'auditor');
  const summary = async () => {
    const body = (await auditor().get(`/api/investments/${ID}`).expect(200)).body as Record<
      string,
      unknown
    >;
    return {
      currentCaseVersion: body.currentCaseVersion,
      actualToDate: body.actualToDate,
      realisationRatio: body.realisationRatio,
      indicatorStatus: body.indicatorStatus,
    };
  };

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
    // Both of the dual user's roles are registered before anything names them.
    await dualAsLead().get('/api/investments').expect(200);
    await dualAsFinance().get('/api/investments').expect(200);
    await lead()
      .post('/api/investments', {
        investmentId: ID,
        title: 'Inv own1',
        department: 'IT',
        projectLead: PROJECT_LEAD,
        need: 'need',
      })
      .expect(201);
    await lead().put(`/api/investments/${ID}/benefit-case`, caseOwnedBy(LINE_OWNER)).expect(200);
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: 'a1',
        investmentId: ID,
        trancheId: 't1',
        amount: '1000000.00',
        decidedOn: '2024-03-01',
        decisionRef: 'Ks 10/2024',
        caseVersion: 1,
      })
      .expect(201);
    await owner()
      .post(`/api/investments/${ID}/effect-reports`, {
        reportId: 'r24',
        benefitLineId: LINE,
        period: '2024',
        value: '100000.00',
        evidence: 'ledger extract',
      })
      .expect(201);
  });
  afterAll(async () => t.close());

  it("refuses the version naming its finance author owner of another's line, and the reports that would follow", async () => {
    const before = await summary();
    expect(before).toEqual({
      currentCaseVersion: 1,
      actualToDate: '100000.00',
      realisationRatio: '0.1667',
      indicatorStatus: 'deviation',
    });

    const refused = await expectRefusal(
      t,
      dualAsFinance().put(`/api/investments/${ID}/benefit-case`, caseOwnedBy(DUAL)),
      409,
      'OWNER_SELF_APPOINTED',
    );
    expect(refused).toMatchObject({
      benefitLineIds: [LINE],
      owner: DUAL,
      projectLead: PROJECT_LEAD,
      errors: [{ path: 'benefits[0].owner' }],
    });

    // Not the owner, so the probe's next steps are not theirs to take.
    const events = await eventCount(t.store);
    await dualAsLead()
      .post(`/api/investments/${ID}/effect-reports`, {
        reportId: 'r25',
        benefitLineId: LINE,
        period: '2025',
        value: '300000.00',
        evidence: 'trust me',
      })
      .expect(403);
    await dualAsLead()
      .post(`/api/investments/${ID}/effect-reports/r24/corrections`, {
        value: '300000.00',
        reason: 'recount',
        evidence: 'trust me',
      })
      .expect(403);
    await dualAsLead()
      .post(`/api/investments/${ID}/deviation-explanations`, {
        explanationId: 'e1',
        benefitLineId: LINE,
        explanation: 'all fine',
      })
      .expect(403);
    expect(await eventCount(t.store)).toBe(events);
    expect(await summary()).toEqual(before);
  });

  it('lets finance name other people, the project lead name themself, and an owner the lead named report', async () => {
    await dualAsFinance()
      .put(`/api/investments/${ID}/benefit-case`, caseOwnedBy(OTHER_OWNER))
      .expect(200);
    await lead().put(`/api/investments/${ID}/benefit-case`, caseOwnedBy(PROJECT_LEAD)).expect(200);
    // The lead hands the line to the dual user: two people decided it.
    await lead().put(`/api/investments/${ID}/benefit-case`, caseOwnedBy(DUAL)).expect(200);
    // As its owner they may keep it in a version of their own, and report it.
    await dualAsFinance()
      .put(`/api/investments/${ID}/benefit-case`, caseOwnedBy(DUAL, 'Probe t2, kept'))
      .expect(200);
    await dualAsLead()
      .post(`/api/investments/${ID}/effect-reports`, {
        reportId: 'r25',
        benefitLineId: LINE,
        period: '2025',
        value: '250000.00',
        evidence: 'Budgetuppföljning 2025',
      })
      .expect(201);
    expect(await summary()).toMatchObject({ currentCaseVersion: 5, actualToDate: '350000.00' });
  });
});
