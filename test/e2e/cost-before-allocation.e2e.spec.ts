/**
 * A cost recorded before the investment's first allocation, over HTTP (probe t10): the project
 * lead records 2 500 000 today on an investment no fund has allocated to yet; finance then
 * records an allocation of 1 000 000 decided earlier. The fund that pays for the investment
 * sees that spend from then on, as it would had the allocation been recorded first: its
 * tranche paid 1 000 000, 1 500 000 is spent beyond its allocations, the board shows both,
 * and the allocation cannot be reduced below what it paid. Before the allocation nothing
 * changes: the cost is no fund's.
 */
import { Money } from '../../src/money/money';
import { aDocumentedInvestmentOverHttp, aReleasedFundOverHttp } from '../support/http-mothers';
import { PROJECT_LEAD } from '../support/investment.mothers';
import { startTestApp, TestApp } from '../support/test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('a cost recorded before the first allocation (over HTTP)', () => {
  let t: TestApp;
  let now = new Date('2018-01-10T09:00:00.000Z');
  const at = (iso: string): void => {
    now = new Date(iso);
  };
  const finance = () => t.as('fia', 'finance');
  const auditor = () => t.as('revisor', 'auditor');
  const get = async (path: string): Promise<Json> =>
    (await auditor().get(path).expect(200)).body as Json;
  const BEFORE_ALLOCATION = '2018-05-20T12:00:00.000Z';

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
    at('2018-02-01T09:00:00.000Z');
    await aDocumentedInvestmentOverHttp(t, 'pre1');
    // Today, before any allocation: the project lead books the invoice.
    at('2018-05-20T09:00:00.000Z');
    await t
      .as(PROJECT_LEAD, 'project-lead')
      .post('/api/investments/pre1/costs', {
        costId: 'big',
        amount: '2500000.00',
        incurredOn: '2018-05-20',
        reference: 'invoice 1',
      })
      .expect(201);
    // The next day finance records the allocation the board decided in March.
    at('2018-05-21T09:00:00.000Z');
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: 'a-pre1',
        investmentId: 'pre1',
        trancheId: 't1',
        amount: '1000000.00',
        decidedOn: '2018-03-01',
        decisionRef: 'Ks 10/2018',
        caseVersion: 1,
      })
      .expect(201);
  });
  afterAll(async () => t.close());

  it('the investment: allocated 1 000 000, spent 2 500 000', async () => {
    const investment = await get('/api/investments/pre1');
    expect(investment).toMatchObject({ allocated: '1000000.00', spent: '2500000.00' });
  });

  it('the fund: its tranche paid the allocation’s room, the rest is spent beyond its allocations', async () => {
    const fund = await get('/api/funds/orebro');
    expect(fund.tranches[0].spent).toBe('1000000.00');
    expect(fund.totals).toMatchObject({
      spent: '1000000.00',
      spentBeyondAllocations: '1500000.00',
    });
  });

  it('the board: the spend the fund carries, the overspend, and totals that add up', async () => {
    const board = await get('/api/reports/board?fundId=orebro');
    const row = board.investments.find((i: Json) => i.investmentId === 'pre1');
    expect(row).toMatchObject({
      allocated: '1000000.00',
      spent: '2500000.00',
      spentAllFunds: '2500000.00',
      overspent: '1500000.00',
    });
    expect(board.totals).toMatchObject({
      spent: '1000000.00',
      spentBeyondAllocations: '1500000.00',
    });
    expect(board.tranches[0].spent).toBe('1000000.00');
    // totals.spent + totals.spentBeyondAllocations = the investments' spend summed.
    const sum = (amounts: readonly string[]): string =>
      Money.sum(amounts.map((a) => Money.of(a))).toString();
    expect(sum([board.totals.spent, board.totals.spentBeyondAllocations])).toBe(
      sum(board.investments.map((i: Json) => i.spent)),
    );
  });

  it('the list’s overspent filter agrees with the board', async () => {
    const list = await get('/api/investments?overspent=true');
    expect(list.investments.map((i: Json) => i.investmentId)).toEqual(['pre1']);
  });

  it('the allocation cannot be reduced below what it paid', async () => {
    const res = await finance()
      .post('/api/funds/orebro/allocations/a-pre1/reductions', {
        reductionId: 'r1',
        amount: '1000000.00',
        decidedOn: '2018-05-21',
        decisionRef: 'Ks 11/2018',
        reason: 'Ej behov',
      })
      .expect(409);
    expect(res.body).toMatchObject({
      code: 'REDUCTION_BELOW_SPENT',
      spent: '1000000.00',
      largestReduction: '0.00',
    });
  });

  it('as of before the allocation, the cost is no fund’s, as it was', async () => {
    const fund = await get(`/api/funds/orebro?asOf=${BEFORE_ALLOCATION}`);
    expect(fund.tranches[0].spent).toBe('0.00');
    expect(fund.totals).toMatchObject({ spent: '0.00', spentBeyondAllocations: '0.00' });
  });
});
