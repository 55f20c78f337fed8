/**
 * A municipality adopting the ledger with a fund already under way enters its history later:
 * in March 2019 it records the fund decided in 2016, the tranche released on 2017-01-01, an
 * investment the board funded on 2017-05-10, its 2017 invoices and its closing at the end of
 * 2018. The allocation's `decidedOn` was always accepted; the costs and the closing were
 * refused as lying before the days the proposal and the fund were recorded, so the spend
 * could only be dated 2019 (wrong year, wrong running-cost effect, wrong NPV). The business
 * dates the ledger holds now bound the lives: the tranche's release opens the fund's, the
 * board's first decision the investment's.
 */
import { aBenefitCase } from '../support/investment.mothers';
import { PROJECT_LEAD } from '../support/investment.mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

describe('history entered into the ledger later', () => {
  let t: TestApp;
  const now = new Date('2019-03-02T09:00:00Z');
  const finance = () => t.as('fia', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const cost = (costId: string, incurredOn: string) =>
    finance().post('/api/investments/e-arkiv/costs', {
      costId,
      amount: '2500000.00',
      incurredOn,
      reference: `Faktura ${costId}`,
    });

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await finance()
      .post('/api/funds', {
        fundId: 'gammal',
        name: 'Digitaliseringsfonden 2016',
        currency: 'SEK',
        decisionRef: 'KF 2016/188',
        tranches: [
          {
            trancheId: 'g1',
            name: 'Etapp 1',
            amount: '10000000.00',
            allocatableFrom: '2017-01-01',
            allocatableUntil: '2017-12-31',
          },
        ],
      })
      .expect(201);
    await finance()
      .post('/api/funds/gammal/tranches/g1/release', {
        releasedOn: '2017-01-01',
        decisionRef: 'KF 2016/188',
      })
      .expect(201);
    await lead()
      .post('/api/investments', {
        investmentId: 'e-arkiv',
        title: 'E-arkiv',
        department: 'KLF',
        projectLead: PROJECT_LEAD,
        need: 'Pappersarkiv',
      })
      .expect(201);
    await lead().put('/api/investments/e-arkiv/benefit-case', aBenefitCase()).expect(200);
  });
  afterAll(async () => t.close());

  it('takes the 2017 invoices and the real closing day once the 2017 decision is recorded', async () => {
    // Before any decision the investment's life begins the day its proposal was recorded.
    const early = await expectRefusal(
      t,
      cost('c-2017-09', '2017-09-01'),
      409,
      'DATE_OUTSIDE_INVESTMENT_LIFE',
    );
    expect(early).toMatchObject({ earliest: '2019-03-02' });

    await finance()
      .post('/api/funds/gammal/allocations', {
        allocationId: 'a1',
        investmentId: 'e-arkiv',
        trancheId: 'g1',
        amount: '6000000.00',
        decidedOn: '2017-05-10',
        decisionRef: 'Ks 2017/95',
        caseVersion: 1,
      })
      .expect(201);

    await cost('c-2017-09', '2017-09-01').expect(201);
    await cost('c-2017-05', '2017-05-10').expect(201);
    // Still nothing before the board decided on it.
    const before = await expectRefusal(
      t,
      cost('c-2017-04', '2017-05-09'),
      409,
      'DATE_OUTSIDE_INVESTMENT_LIFE',
    );
    expect(before).toMatchObject({ earliest: '2017-05-10', latest: '2019-03-02' });

    await finance()
      .post('/api/investments/e-arkiv/close', { closedOn: '2018-12-31', reason: 'Infört' })
      .expect(201);
    const summary = (await t.as('revisor', 'auditor').get('/api/investments/e-arkiv').expect(200))
      .body;
    expect(summary).toMatchObject({ spent: '5000000.00', stage: 'closed' });
    // The spend as the ledger showed it at the end of 2017: the invoices' own year.
    const costs = summary.costs.map((c: { incurredOn: string }) => c.incurredOn).sort();
    expect(costs).toEqual(['2017-05-10', '2017-09-01']);
  });
});
