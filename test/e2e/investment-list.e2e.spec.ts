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
    // More investments, one in e-arkiv's department, so pages and filters have rows to part.
    for (const [investmentId, department] of [
      ['b-skola', 'Kommunstyrelsen'],
      ['d-vard', 'Vård- och omsorgsförvaltningen'],
      ['z-karta', 'Socialförvaltningen'],
    ]) {
      await t
        .as('per.persson', 'project-lead')
        .post('/api/investments', {
          investmentId,
          title: investmentId,
          department,
          projectLead: 'per.persson',
          need: 'Behov',
        })
        .expect(201);
    }
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

  it('asked again after a change, gives the changed investment anew and the rest as before', async () => {
    type Item = { investmentId: string; spent: string; counts: { costs: number } };
    const read = async (query: string) =>
      (await auditor().get(`/api/investments${query}`).expect(200)).body as {
        investments: Item[];
        position: string;
      };
    // Asked twice at one position, from the ledger's head on (the read models may lag behind
    // a loaded machine, the setup's approvals may still land): the second answer comes from
    // what the first derived, and is the same.
    const head = (await auditor().get('/api/audit/digest').expect(200)).body.position as string;
    let before = await read(`?minPosition=${head}`);
    for (;;) {
      const again = await read(`?minPosition=${before.position}`);
      if (again.position === before.position) {
        expect(again.investments).toEqual(before.investments);
        break;
      }
      before = again;
    }
    const recorded = await t
      .as('fia', 'finance')
      .post('/api/investments/e-arkiv/costs', {
        costId: 'c9',
        amount: '2500.00',
        incurredOn: '2019-03-01',
        reference: 'Faktura c9',
      })
      .expect(201);
    const after = await read(`?minPosition=${recorded.body.position}`);
    const byId = (answer: { investments: Item[] }, id: string) =>
      answer.investments.find((i) => i.investmentId === id);
    expect(byId(after, 'e-arkiv')?.counts.costs).toBe(
      (byId(before, 'e-arkiv')?.counts.costs ?? 0) + 1,
    );
    expect(byId(after, 'e-arkiv')?.spent).not.toBe(byId(before, 'e-arkiv')?.spent);
    for (const item of before.investments.filter((i) => i.investmentId !== 'e-arkiv')) {
      expect(byId(after, item.investmentId)).toEqual({ ...item, position: after.position });
    }
    // Every item as its own page gives it, now; and the list as of before, as it was then.
    await expectPages('');
    const then = await read(`?asOfPosition=${before.position}`);
    expect(then.investments.map((i) => i.counts.costs)).toEqual(
      before.investments.map((i) => i.counts.costs),
    );
    expect(then.investments.map((i) => i.spent)).toEqual(before.investments.map((i) => i.spent));
  });

  describe('in pages', () => {
    type Item = { investmentId: string; department: string; stage: string };
    const list = async (query: string) =>
      (await auditor().get(`/api/investments${query}`).expect(200)).body as {
        investments: Item[];
        next: string | null;
        position: string;
        total: number;
      };

    /** Every page from the first, following `next`, at one position. */
    const walk = async (query: string, limit: number) => {
      const pages: Item[][] = [];
      let after: string | null = null;
      do {
        const page = await list(
          `${query}&limit=${limit}${after === null ? '' : `&after=${after}`}`,
        );
        expect(page.investments.length).toBeLessThanOrEqual(limit);
        pages.push(page.investments);
        after = page.next;
      } while (after !== null && pages.length < 20);
      return pages;
    };

    it("part the whole list in id order, each page with the next one's after", async () => {
      const head = await list('');
      expect(head.next).toBeNull();
      // Read at one position throughout, so each page is of the same list.
      const at = `?asOfPosition=${head.position}`;
      const whole = await list(at);
      expect(whole.next).toBeNull();
      const ids = whole.investments.map((i) => i.investmentId);
      expect(ids).toEqual([...ids].sort());
      expect(ids.length).toBeGreaterThanOrEqual(5);
      for (const limit of [1, 2, 3, ids.length, 1000]) {
        const pages = await walk(at, limit);
        expect(pages.flat()).toEqual(whole.investments);
        expect(pages.length).toBe(Math.ceil(ids.length / limit));
      }
      expect(whole.total).toBe(ids.length);
    });

    it('count every investment the filters leave in total, whatever the page', async () => {
      const head = await list('');
      const at = `?asOfPosition=${head.position}`;
      const stages = [...new Set(head.investments.map((i) => i.stage))];
      expect(stages.length).toBeGreaterThanOrEqual(2);
      for (const stage of stages) {
        const inStage = head.investments.filter((i) => i.stage === stage).length;
        for (const page of ['', '&limit=1', `&limit=1&after=${head.investments[0].investmentId}`]) {
          expect((await list(`${at}&stage=${stage}${page}`)).total).toBe(inStage);
        }
      }
      const department = 'Socialförvaltningen';
      const q = `${at}&department=${encodeURIComponent(department)}`;
      expect((await list(`${q}&limit=1`)).total).toBe(2);
      expect((await list(`${q}&after=zz&limit=1`)).total).toBe(2);
    });

    it('page what the filters leave, and start after any id, listed or not', async () => {
      const department = 'Socialförvaltningen';
      const q = `?department=${encodeURIComponent(department)}`;
      const filtered = (await list(q)).investments;
      expect(filtered.map((i) => i.investmentId)).toEqual(['e-tjanst', 'z-karta']);
      expect((await walk(q, 1)).flat()).toEqual(filtered);
      // An id that is no investment: the page starts at the next id after it.
      const after = await list(`${q}&after=f&limit=5`);
      expect(after.investments.map((i) => i.investmentId)).toEqual(['z-karta']);
      expect(after.next).toBeNull();
      expect((await list('?after=zz&limit=5')).investments).toEqual([]);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=two', 'limit'],
      ['after=no%20id', 'after'],
      ['limit=2&ids=e-arkiv,e-tjanst', 'limit'],
      ['after=e-arkiv&format=csv', 'after'],
    ])('refuse %s with a 400 naming %s', async (query, path) => {
      const res = await auditor().get(`/api/investments?${query}`).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    });
  });
});
