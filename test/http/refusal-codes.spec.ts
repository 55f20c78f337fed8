/**
 * A body the service cannot take is one 400 for the client to read, wherever it is judged:
 * `VALIDATION_FAILED` with `errors: [{ path, message }]`, whether the request's validation or
 * a rule of the ledger finds the field wrong; and a missing required field says what it is.
 */
import { CASE_VERSION_REQUIRED_MESSAGE } from '../../src/fund/dto/fund.dto';
import { aDocumentedInvestmentOverHttp, aReleasedFundOverHttp } from '../support/http-mothers';
import { FINANCIAL_LINE } from '../support/investment.mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

describe('400 answers to a body', () => {
  let t: TestApp;
  let now = new Date('2017-01-10T10:00:00Z');
  const on = (day: string): void => {
    now = new Date(`${day}T10:00:00Z`);
  };
  const finance = () => t.as('frida.ek', 'finance');

  const allocation = {
    allocationId: 'alloc-harvests',
    investmentId: 'harvests',
    trancheId: 't1',
    amount: '2000000.00',
    decidedOn: '2017-03-01',
    decisionRef: 'Ks 2017/1',
  };

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
    on('2017-01-10');
    await aDocumentedInvestmentOverHttp(t, 'harvests');
  });
  afterAll(async () => t.close());

  it('says an allocation without caseVersion lacks a required field, and which version it means', async () => {
    on('2017-03-02');
    const body = await expectRefusal(
      t,
      finance().post('/api/funds/orebro/allocations', allocation),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toEqual([{ path: 'caseVersion', message: CASE_VERSION_REQUIRED_MESSAGE }]);
    expect(CASE_VERSION_REQUIRED_MESSAGE).toMatch(/^is required: the benefit-case version/);
    // A version that is not a whole number is still answered as such.
    const mistyped = await expectRefusal(
      t,
      finance().post('/api/funds/orebro/allocations', { ...allocation, caseVersion: '1' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(mistyped.errors).toEqual([
      { path: 'caseVersion', message: 'must be an integer number' },
    ]);
    await finance()
      .post('/api/funds/orebro/allocations', { ...allocation, caseVersion: 1 })
      .expect(201);
  });

  it('answers a harvest ahead of realisation without a reason as VALIDATION_FAILED on reason', async () => {
    on('2019-02-01');
    const harvest = {
      harvestId: 'h1',
      benefitLineId: FINANCIAL_LINE,
      fiscalYear: 2019,
      amount: '500000.00',
      decisionRef: 'KF 2018 § 212',
      aheadOfRealisation: true,
    };
    const body = await expectRefusal(
      t,
      finance().post('/api/investments/harvests/harvests', harvest),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toEqual([{ path: 'reason', message: 'must not be blank' }]);
    expect(body.detail).toBe('reason: must not be blank');
    await finance()
      .post('/api/investments/harvests/harvests', { ...harvest, reason: 'Budget 2019 sänkt' })
      .expect(201);
  });
});
