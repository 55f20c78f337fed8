/**
 * Every part of a board report reads the same events. The service stamps an event's recorded
 * time before its commit, so an allocation stamped at the report's moment can commit after the
 * report has read the fund: were the later parts to resolve the moment again, the investments'
 * funding, the figures and the change list would hold it while the fund's totals and the
 * digest did not. Here such an allocation is committed right after the fund's part was read
 * (the one seam: FundQueries.get of the running app is wrapped to record it then), and the
 * report must hold it nowhere.
 */
import { FundQueries } from '../../src/fund/fund.queries';
import { aDocumentedInvestmentOverHttp, aReleasedFundOverHttp } from '../support/http-mothers';
import { PROJECT_LEAD, REDISTRIBUTABLE_LINE } from '../support/investment.mothers';
import { startTestApp, TestApp } from '../support/test-app';
import { reportTimeFreed, startWorkedExample, WorkedExample } from './support/worked-example';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The board report asked once, with `commit` run right after its first read of the fund (the
 * seam: the running app's FundQueries.get wrapped for that one call).
 */
const boardWithCommitAfterFundRead = async (
  t: TestApp,
  commit: () => Promise<void>,
): Promise<Json> => {
  const funds = t.app.get(FundQueries);
  const get = funds.get.bind(funds);
  let armed = true;
  funds.get = async (...args: Parameters<FundQueries['get']>) => {
    const view = await get(...args);
    if (armed) {
      armed = false;
      await commit();
    }
    return view;
  };
  try {
    return (await t.as('revisor', 'auditor').get('/api/reports/board?fundId=orebro').expect(200))
      .body as Json;
  } finally {
    funds.get = get;
  }
};

describe('board report: one moment, one position for every part', () => {
  let t: TestApp;
  let now = new Date('2017-02-01T09:00:00.000Z');
  const finance = () => t.as('fia', 'finance');
  const allocate = (allocationId: string, amount: string) =>
    finance().post('/api/funds/orebro/allocations', {
      allocationId,
      investmentId: 'e-arkiv',
      trancheId: 't1',
      amount,
      decidedOn: '2017-03-15',
      decisionRef: `Ks ${allocationId}`,
      caseVersion: 1,
    });

  let board: Json;
  let late: Json;

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
    // After the quarter the report's changes start from, so they list it.
    now = new Date('2017-04-01T09:00:00.000Z');
    await allocate('a1', '1000000.00').expect(201);
    now = new Date('2017-04-03T09:00:00.000Z');
    // Stamped at the same instant as the report's moment (the clock stands still).
    board = await boardWithCommitAfterFundRead(t, async () => {
      late = (await allocate('a2', '500000.00').expect(201)).body as Json;
    });
  });
  afterAll(async () => t.close());

  it('records the late allocation after the position the report was read at', () => {
    expect(board.asOf).toBe('2017-04-03T09:00:00.000Z');
    expect(BigInt(late.position)).toBeGreaterThan(BigInt(board.ledger.position));
  });

  it("gives the investment the fund's allocated money, without the late allocation", () => {
    expect(board.totals.allocated).toBe('1000000.00');
    expect(board.investments.map((i: Json) => [i.investmentId, i.allocated])).toEqual([
      ['e-arkiv', '1000000.00'],
    ]);
  });

  it('lists no change after its position', () => {
    const positions = (board.changes.listed as Json[]).map((c) => BigInt(c.position));
    expect(positions.length).toBeGreaterThan(0);
    for (const p of positions) expect(p).toBeLessThanOrEqual(BigInt(board.ledger.position));
    expect(board.changes.total).toBe(positions.length);
  });

  it('reads as the fund does at its position, and a report made now holds the late allocation', async () => {
    const auditor = t.as('revisor', 'auditor');
    const atPosition = (
      await auditor.get(`/api/funds/orebro?asOfPosition=${board.ledger.position}`).expect(200)
    ).body as Json;
    expect(atPosition.totals.allocated).toBe(board.totals.allocated);
    const again = (await auditor.get('/api/reports/board?fundId=orebro').expect(200)).body as Json;
    expect(again.ledger.position).toBe(late.position);
    expect(again.totals.allocated).toBe('1500000.00');
    expect(again.investments[0].allocated).toBe('1500000.00');
  });
});

describe('board report: an explanation committed after the fund was read', () => {
  let example: WorkedExample;
  const deviationIn = (board: Json): Json | undefined =>
    (board.deviations as Json[]).find(
      (d) => d.investmentId === 'e-arkiv' && d.benefitLineId === REDISTRIBUTABLE_LINE,
    );
  let board: Json;
  let explained: Json;

  beforeAll(async () => {
    // The time-freed line is in deviation once its 2018 report falls short of the forecast.
    example = await startWorkedExample();
    example.at('2019-03-05T10:00:00.000Z');
    await reportTimeFreed(example, 'tf-2018', '2018', '200000.00', 'Tidrapporter 2018');
    example.at('2019-03-06T10:00:00.000Z');
    board = await boardWithCommitAfterFundRead(example.t, async () => {
      explained = (
        await example.t
          .as(PROJECT_LEAD, 'project-lead')
          .post('/api/investments/e-arkiv/deviation-explanations', {
            explanationId: 'why-tf-2018',
            benefitLineId: REDISTRIBUTABLE_LINE,
            period: '2018',
            explanation: 'Tidrapporteringen kom i gång först i maj',
          })
          .expect(201)
      ).body as Json;
    });
  });
  afterAll(async () => example.t.close());

  it('lists the deviation unexplained in that report, and explained in the next', async () => {
    expect(BigInt(explained.position)).toBeGreaterThan(BigInt(board.ledger.position));
    expect(deviationIn(board)).toMatchObject({ status: 'deviation', explanation: null });
    const again = (
      await example.t.as('revisor', 'auditor').get('/api/reports/board?fundId=orebro').expect(200)
    ).body as Json;
    expect(deviationIn(again)).toMatchObject({
      explanation: 'Tidrapporteringen kom i gång först i maj',
    });
  });
});
