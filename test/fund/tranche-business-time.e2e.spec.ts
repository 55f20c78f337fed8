/**
 * The gaming probe's F1 over HTTP (its repro-2.sh): a tranche amendment counts from its own
 * decidedOn on. T1 of 10 MSEK, allocatable in 2018, released 2018-01-02, 8 MSEK allocated on
 * 2018-03-01. Extending the window on 2019-06-01 does not reopen 2019-03-01, and raising the
 * amount to 15 MSEK on 2019-09-01 does not make room on 2018-05-01. The refusals name the day
 * and the figures, and record nothing; decisions from the amendments' days on are accepted.
 */
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

describe('tranche terms in business time over HTTP', () => {
  let t: TestApp;
  const finance = () => t.as('fia', 'finance');
  const allocate = (
    allocationId: string,
    investmentId: string,
    amount: string,
    decidedOn: string,
  ) =>
    finance().post('/api/funds/f1/allocations', {
      allocationId,
      investmentId,
      trancheId: 't1',
      amount,
      decidedOn,
      decisionRef: `Ks ${allocationId}`,
      caseVersion: 1,
    });
  const amend = (body: Record<string, unknown>) =>
    finance().post('/api/funds/f1/tranches/t1/amendments', body);

  beforeAll(async () => {
    t = await startTestApp();
    await finance()
      .post('/api/funds', {
        fundId: 'f1',
        name: 'Fond',
        currency: 'SEK',
        decisionRef: 'Ks 1/2018',
        tranches: [
          {
            trancheId: 't1',
            name: 'T1',
            amount: '10000000.00',
            allocatableFrom: '2018-01-01',
            allocatableUntil: '2018-12-31',
          },
        ],
      })
      .expect(201);
    await finance()
      .post('/api/funds/f1/tranches/t1/release', {
        releasedOn: '2018-01-02',
        decisionRef: 'Ks 2/2018',
      })
      .expect(201);
    for (const id of ['inv1', 'inv2', 'inv3']) await aDocumentedInvestmentOverHttp(t, id);
    await allocate('a1', 'inv1', '8000000.00', '2018-03-01').expect(201);
  });
  afterAll(async () => t.close());

  it('does not let a later extension reopen a day the window had closed', async () => {
    await amend({
      allocatableUntil: '2019-12-31',
      decidedOn: '2019-06-01',
      decisionRef: 'Ks 5/2019',
      reason: 'extend',
    }).expect(201);
    const body = await expectRefusal(
      t,
      allocate('a3', 'inv3', '1000000.00', '2019-03-01'),
      409,
      'OUTSIDE_ALLOCATION_WINDOW',
    );
    expect(body).toMatchObject({
      decidedOn: '2019-03-01',
      allocatableUntil: '2018-12-31',
      windowDecidedOn: null,
    });
    expect(body.detail).toContain('2019-06-01');
  });

  it('does not let a later raise make room on an earlier day, and names the day and figures', async () => {
    await amend({
      amount: '15000000.00',
      decidedOn: '2019-09-01',
      decisionRef: 'Ks 6/2019',
      reason: 'raise',
    }).expect(201);
    const body = await expectRefusal(
      t,
      allocate('a2', 'inv2', '5000000.00', '2018-05-01'),
      409,
      'TRANCHE_INSUFFICIENT_FUNDS',
    );
    expect(body).toMatchObject({
      requested: '5000000.00',
      decidedOn: '2018-05-01',
      available: '2000000.00',
      on: '2018-05-01',
      amountInForce: '10000000.00',
      allocatedOn: '8000000.00',
    });
  });

  it('accepts decisions from the amendments’ days on, and the fund shows the amended tranche', async () => {
    await allocate('a3', 'inv3', '1000000.00', '2019-06-01').expect(201);
    await allocate('a2', 'inv2', '5000000.00', '2019-09-01').expect(201);
    const fund = (await finance().get('/api/funds/f1').expect(200)).body;
    expect(fund.tranches[0]).toMatchObject({ amount: '15000000.00', allocated: '14000000.00' });
  });
});
