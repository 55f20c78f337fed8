/**
 * One investment's whole life over real HTTP: proposal, benefit case, refusal of money
 * without a case, first allocation (approved, baseline), stages, costs, effect reports and a
 * correction, harvest, close — and reports and harvests after closing.
 */
import { collect } from '../../src/event-store/event-store';
import {
  aBenefitCase,
  FINANCIAL_LINE,
  LINE_OWNER,
  PROJECT_LEAD,
  QUALITATIVE_LINE,
  REDISTRIBUTABLE_LINE,
} from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

const ID = 'e-arkiv';

/**
 * The story is recorded as it happened: business dates may not lie after the day they are
 * recorded, nor before the proposal, so the service's clock follows the story.
 */
let now = new Date('2017-01-09T09:00:00Z');
const on = (day: string): void => {
  now = new Date(`${day}T09:00:00Z`);
};

describe('an investment from proposal to closed, over HTTP', () => {
  let t: TestApp;
  const finance = () => t.as('fia', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const owner = () => t.as(LINE_OWNER, 'project-lead');
  const stranger = () => t.as('someone.else', 'project-lead');

  const allocate = (allocationId: string, amount = '2000000.00', caseVersion = 1) =>
    finance().post('/api/funds/orebro/allocations', {
      allocationId,
      investmentId: ID,
      trancheId: 't1',
      amount,
      decidedOn: '2017-03-01',
      decisionRef: `Ks 2017/${allocationId}`,
      caseVersion,
    });

  const refused = (call: Parameters<typeof expectRefusal>[1], status: number, code: string) =>
    expectRefusal(t, call, status, code);

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
  });
  afterAll(async () => t.close());

  it('lives from proposal to closed, with effects reported after closing', async () => {
    // A project lead may only propose investments they lead.
    await refused(
      lead().post('/api/investments', {
        investmentId: ID,
        title: 'E-arkiv',
        department: 'KLF',
        projectLead: 'another.lead',
        need: 'Paper',
      }),
      403,
      'FORBIDDEN',
    );
    await lead()
      .post('/api/investments', {
        investmentId: ID,
        title: 'E-arkiv',
        department: 'KLF',
        projectLead: PROJECT_LEAD,
        need: 'Paper archives',
      })
      .expect(201);
    expect((await lead().get(`/api/investments/${ID}`).expect(200)).body).toMatchObject({
      stage: 'proposed',
      projectLead: PROJECT_LEAD,
    });

    // No money without a documented benefit case: the audit's central finding.
    on('2017-03-02');
    const missing = await refused(allocate('a1'), 409, 'BENEFIT_CASE_MISSING');
    expect(missing.missing).toEqual(expect.arrayContaining([expect.any(String)]));
    await refused(
      lead().post(`/api/investments/${ID}/stage-changes`, { stage: 'analysed', reason: 'ready' }),
      409,
      'BENEFIT_CASE_MISSING',
    );

    // Another project lead may not document it; an invalid case names every problem.
    await refused(
      stranger().put(`/api/investments/${ID}/benefit-case`, aBenefitCase()),
      403,
      'FORBIDDEN',
    );
    const invalid = await refused(
      lead().put(`/api/investments/${ID}/benefit-case`, {
        ...aBenefitCase(),
        discountRate: '1.5',
        benefits: [],
        costs: [{ costLineId: 'Bad Id' }],
      }),
      400,
      'BENEFIT_CASE_INVALID',
    );
    expect((invalid.errors as { path: string }[]).map((e) => e.path)).toEqual(
      expect.arrayContaining(['discountRate']),
    );

    await lead().put(`/api/investments/${ID}/benefit-case`, aBenefitCase()).expect(200);
    await lead()
      .post(`/api/investments/${ID}/stage-changes`, { stage: 'analysed', reason: 'Case reviewed' })
      .expect(201);
    await refused(
      lead().post(`/api/investments/${ID}/stage-changes`, {
        stage: 'approved',
        reason: 'self-approval',
      }),
      409,
      'STAGE_SET_BY_ALLOCATION',
    );

    // The first allocation approves the investment and fixes the baseline case version.
    await allocate('a1').expect(201);
    const approved = (await lead().get(`/api/investments/${ID}`).expect(200)).body;
    expect(approved).toMatchObject({
      stage: 'approved',
      baselineCaseVersion: 1,
      allocated: '2000000.00',
    });

    // A revised case is a new version; the baseline stays.
    await lead()
      .put(
        `/api/investments/${ID}/benefit-case`,
        aBenefitCase({ assumptions: 'Revised: 4 500 cases a year' }),
      )
      .expect(200);
    await allocate('a2', '500000.00', 2).expect(201);
    expect((await lead().get(`/api/investments/${ID}`).expect(200)).body).toMatchObject({
      baselineCaseVersion: 1,
      currentCaseVersion: 2,
      allocated: '2500000.00',
    });

    await lead()
      .post(`/api/investments/${ID}/stage-changes`, {
        stage: 'implementing',
        reason: 'Procurement done',
      })
      .expect(201);
    on('2017-07-01');
    await lead()
      .post(`/api/investments/${ID}/costs`, {
        costId: 'c1',
        costLineId: 'licence-and-setup',
        amount: '1500000.00',
        incurredOn: '2017-06-30',
        reference: 'Faktura 1',
      })
      .expect(201);
    await refused(
      owner().post(`/api/investments/${ID}/costs`, {
        costId: 'c2',
        amount: '1.00',
        incurredOn: '2017-06-30',
        reference: 'F',
      }),
      403,
      'FORBIDDEN',
    );
    await lead()
      .post(`/api/investments/${ID}/stage-changes`, {
        stage: 'realising',
        reason: 'Live since 2017-09',
      })
      .expect(201);

    // The line owner reports on their line; a second report for the same period must be a correction.
    on('2019-02-01');
    await owner()
      .post(`/api/investments/${ID}/effect-reports`, {
        reportId: 'r1',
        benefitLineId: FINANCIAL_LINE,
        period: '2018',
        value: '550000.00',
        evidence: 'Uppsägning av licensavtal',
      })
      .expect(201);
    await refused(
      owner().post(`/api/investments/${ID}/effect-reports`, {
        reportId: 'r1b',
        benefitLineId: FINANCIAL_LINE,
        period: '2018',
        value: '1.00',
        evidence: 'again',
      }),
      409,
      'EFFECT_ALREADY_REPORTED',
    );
    await refused(
      owner().post(`/api/investments/${ID}/effect-reports`, {
        reportId: 'r9',
        benefitLineId: FINANCIAL_LINE,
        period: '2031',
        value: '1.00',
        evidence: 'x',
      }),
      409,
      'PERIOD_OUTSIDE_HORIZON',
    );
    await owner()
      .post(`/api/investments/${ID}/effect-reports`, {
        reportId: 'r2',
        benefitLineId: QUALITATIVE_LINE,
        period: '2018',
        value: '66',
        evidence: 'Medborgarundersökning 2018',
      })
      .expect(201);
    await owner()
      .post(`/api/investments/${ID}/effect-reports/r1/corrections`, {
        value: '600000.00',
        reason: 'Slutfaktura saknades',
      })
      .expect(201);

    // The correction changes the effective actual; both facts stay in the stream.
    const corrected = (await lead().get(`/api/investments/${ID}`).expect(200)).body;
    const r1 = corrected.effectReports.find((r: { reportId: string }) => r.reportId === 'r1');
    expect(r1).toMatchObject({ value: '550000.00', effectiveValue: '600000.00' });
    const types = (await collect(t.store.readStream(`investment-${ID}`))).map((e) => e.type);
    expect(types.filter((x) => x === 'EffectReported')).toHaveLength(2);
    expect(types.filter((x) => x === 'EffectReportCorrected')).toHaveLength(1);

    // Harvests are finance's, for financial lines only.
    await refused(
      lead().post(`/api/investments/${ID}/harvests`, {
        harvestId: 'h1',
        benefitLineId: FINANCIAL_LINE,
        fiscalYear: 2019,
        amount: '500000.00',
        decisionRef: 'KF',
      }),
      403,
      'FORBIDDEN',
    );
    await refused(
      finance().post(`/api/investments/${ID}/harvests`, {
        harvestId: 'h0',
        benefitLineId: REDISTRIBUTABLE_LINE,
        fiscalYear: 2019,
        amount: '1.00',
        decisionRef: 'KF',
      }),
      409,
      'HARVEST_NOT_FINANCIAL',
    );
    await finance()
      .post(`/api/investments/${ID}/harvests`, {
        harvestId: 'h1',
        benefitLineId: FINANCIAL_LINE,
        fiscalYear: 2019,
        amount: '500000.00',
        decisionRef: 'KF 2018 § 212',
      })
      .expect(201);

    // Closing stops money, not benefits.
    on('2019-07-01');
    await refused(
      lead().post(`/api/investments/${ID}/close`, { closedOn: '2019-06-30', reason: 'done' }),
      403,
      'FORBIDDEN',
    );
    await finance()
      .post(`/api/investments/${ID}/close`, { closedOn: '2019-06-30', reason: 'Införandet klart' })
      .expect(201);
    await refused(allocate('a3', '1.00'), 409, 'INVESTMENT_CLOSED');
    await refused(
      finance().post(`/api/investments/${ID}/costs`, {
        costId: 'c3',
        amount: '1.00',
        incurredOn: '2019-07-01',
        reference: 'F',
      }),
      409,
      'INVESTMENT_CLOSED',
    );
    await owner()
      .post(`/api/investments/${ID}/effect-reports`, {
        reportId: 'r3',
        benefitLineId: FINANCIAL_LINE,
        period: '2019',
        value: '600000.00',
        evidence: 'Licenskostnad 0 kr 2019',
      })
      .expect(201);
    // A report of the running year is realised once the year has ended and a correction made
    // after it confirms it (DOMAIN.md, "Harvests stay within what was realised"): the 2020
    // budget is cut on 2019's saving in January 2020, once the owner has confirmed it.
    on('2020-01-15');
    const h2 = {
      harvestId: 'h2',
      benefitLineId: FINANCIAL_LINE,
      fiscalYear: 2020,
      amount: '600000.00',
      decisionRef: 'KF 2019 § 200',
    };
    await refused(
      finance().post(`/api/investments/${ID}/harvests`, h2),
      409,
      'HARVEST_EXCEEDS_REALISED',
    );
    await owner()
      .post(`/api/investments/${ID}/effect-reports/r3/corrections`, {
        value: '600000.00',
        reason: 'Helåret 2019 bekräftat: inga licensfakturor',
      })
      .expect(201);
    await finance().post(`/api/investments/${ID}/harvests`, h2).expect(201);

    const closed = (await t.as('revisor', 'auditor').get(`/api/investments/${ID}`).expect(200))
      .body;
    expect(closed).toMatchObject({
      stage: 'closed',
      spent: '1500000.00',
      harvested: '1100000.00',
      allocated: '2500000.00',
    });
    expect(
      (await t.as('revisor', 'auditor').get('/api/investments?stage=closed').expect(200)).body
        .investments,
    ).toHaveLength(1);
    expect(
      (await t.as('revisor', 'auditor').get('/api/investments?stage=proposed').expect(200)).body
        .investments,
    ).toHaveLength(0);
  });

  it('names the refused field of an investment command', async () => {
    const body = await refused(
      finance().post('/api/investments/e-arkiv/harvests', {
        harvestId: 'h9',
        benefitLineId: FINANCIAL_LINE,
        fiscalYear: '2019',
        amount: 5,
        decisionRef: 'x',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect([...new Set((body.errors as { path: string }[]).map((e) => e.path))].sort()).toEqual([
      'amount',
      'fiscalYear',
    ]);
    await refused(
      t.as('revisor', 'auditor').post('/api/investments', {
        investmentId: 'x',
        title: 't',
        department: 'd',
        projectLead: 'p',
        need: 'n',
      }),
      403,
      'FORBIDDEN',
    );
    await refused(finance().get('/api/investments/nope'), 404, 'INVESTMENT_NOT_FOUND');
  });
});
