/**
 * GET /api/investments gives each investment as its own page gives it, without the facts it
 * records without bound (benefit case, costs, effect reports, harvests and their changes),
 * which it counts instead: a list of every investment with every fact grew with the ledger.
 */
import { startWorkedExample } from '../reports/support/worked-example';
import { LINE_OWNER } from '../support/investment.mothers';
import type { TestApp } from '../support/test-app';

const FACTS = [
  'benefitCase',
  'costs',
  'effectReports',
  'harvests',
  'costChanges',
  'harvestChanges',
];

describe('the investment list', () => {
  let t: TestApp;
  beforeAll(async () => {
    const example = await startWorkedExample();
    t = example.t;
    // Different counts of each fact, so a count taken from the wrong list shows.
    for (const costId of ['c2', 'c3']) {
      await t
        .as('fia', 'finance')
        .post('/api/investments/e-arkiv/costs', {
          costId,
          amount: '1000.00',
          incurredOn: '2019-02-28',
          reference: `Faktura ${costId}`,
        })
        .expect(201);
    }
    await t
      .as(LINE_OWNER, 'project-lead')
      .post('/api/investments/e-arkiv/effect-reports', {
        reportId: 'r2',
        benefitLineId: 'fewer-licences',
        period: '2017',
        value: '100000.00',
        evidence: 'Fakturor 2017',
      })
      .expect(201);
  });
  afterAll(async () => t.close());

  const auditor = () => t.as('revisor', 'auditor');

  /** Every item of the list read at `query` against its page read at the same moment. */
  const expectPages = async (query: string) => {
    const { investments, position } = (await auditor().get(`/api/investments${query}`).expect(200))
      .body;
    expect(investments.length).toBeGreaterThan(1);
    for (const item of investments) {
      const page = (
        await auditor()
          .get(`/api/investments/${item.investmentId}${query || `?asOfPosition=${position}`}`)
          .expect(200)
      ).body;
      const rest = Object.fromEntries(Object.entries(page).filter(([k]) => !FACTS.includes(k)));
      expect(item).toEqual({
        ...rest,
        asOf: item.asOf,
        counts: {
          costs: page.costs.length,
          effectReports: page.effectReports.length,
          harvests: page.harvests.length,
        },
      });
    }
    return investments.find((i: { investmentId: string }) => i.investmentId === 'e-arkiv');
  };

  it('gives each investment as its page, without its fact lists, with their counts', async () => {
    const arkiv = await expectPages('');
    expect(arkiv.counts).toEqual({ costs: 3, effectReports: 2, harvests: 1 });
  });

  it('does so as of a past moment, read from the file without the bodies it leaves out', async () => {
    // Before the two costs and the second report: the worked example's own facts.
    const arkiv = await expectPages('?asOf=2019-03-01T00:00:00.000Z');
    expect(arkiv.counts).toEqual({ costs: 1, effectReports: 1, harvests: 1 });
  });
});
