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
      ['offset=1&format=csv', 'offset'],
      ['offset=-1', 'offset'],
      ['offset=one', 'offset'],
      ['offset=1&after=e-arkiv', 'offset'],
      ['offset=1&after=e-arkiv', 'after'],
      ['sort=budget', 'sort'],
      ['order=up', 'order'],
      ['sort=title&ids=e-arkiv,e-tjanst', 'sort'],
      ['order=desc&ids=e-arkiv,e-tjanst', 'order'],
      // Sorted by another column than the id, `after` must be one of the list.
      ['sort=title&after=no-such-investment&limit=1', 'after'],
      ['sort=title&stage=closed&after=e-arkiv&limit=1', 'after'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['overspent=yes', 'overspent'],
    ])('refuse %s with a 400 naming %s', async (query, path) => {
      const res = await auditor().get(`/api/investments?${query}`).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    });
  });

  describe('sorted, searched and filtered on the server', () => {
    type Item = {
      investmentId: string;
      title: string;
      department: string;
      stage: string;
      allocated: string;
      spent: string;
      forecastToDate: string | null;
      actualToDate: string | null;
      realisationRatio: string | null;
      indicatorStatus: string | null;
      overdueCount: number;
    };
    type Answer = {
      investments: Item[];
      next: string | null;
      position: string;
      total: number;
      departments: string[];
    };
    const list = async (query: string) =>
      (await auditor().get(`/api/investments${query}`).expect(200)).body as Answer;

    // The expected orders, written here apart from the service's: amounts compared as whole
    // öre (BigInt), ratios as scaled integers, texts by the Swedish collation.
    const ore = (text: string): bigint => {
      const [whole, part = ''] = text.split('.');
      const sign = whole.startsWith('-') ? -1n : 1n;
      return sign * (BigInt(whole.replace('-', '')) * 100n + BigInt(part.padEnd(2, '0')));
    };
    const RATIO_SCALE = 8;
    const scaled = (text: string): bigint => {
      const [whole, part = ''] = text.split('.');
      const sign = whole.startsWith('-') ? -1n : 1n;
      return (
        sign *
        (BigInt(whole.replace('-', '')) * 10n ** BigInt(RATIO_SCALE) +
          BigInt(part.padEnd(RATIO_SCALE, '0')))
      );
    };
    const STAGE_ORDER = ['proposed', 'analysed', 'approved', 'implementing', 'realising', 'closed'];
    const STATUS_ORDER = ['on-track', 'watch', 'stale', 'deviation'];
    const swedish = new Intl.Collator('sv');
    const cmp = (a: bigint | number, b: bigint | number) => (a < b ? -1 : a > b ? 1 : 0);
    const nullFirst =
      <T>(compare: (a: T, b: T) => number) =>
      (a: T | null, b: T | null) =>
        a === null || b === null ? (a === b ? 0 : a === null ? -1 : 1) : compare(a, b);
    const COMPARE: Record<string, (a: Item, b: Item) => number> = {
      investmentId: (a, b) =>
        a.investmentId < b.investmentId ? -1 : a.investmentId > b.investmentId ? 1 : 0,
      title: (a, b) => swedish.compare(a.title, b.title),
      department: (a, b) => swedish.compare(a.department, b.department),
      stage: (a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage),
      allocated: (a, b) => cmp(ore(a.allocated), ore(b.allocated)),
      spent: (a, b) => cmp(ore(a.spent), ore(b.spent)),
      forecastToDate: (a, b) =>
        nullFirst((x: string, y: string) => cmp(ore(x), ore(y)))(
          a.forecastToDate,
          b.forecastToDate,
        ),
      actualToDate: (a, b) =>
        nullFirst((x: string, y: string) => cmp(ore(x), ore(y)))(a.actualToDate, b.actualToDate),
      realisationRatio: (a, b) =>
        nullFirst((x: string, y: string) => cmp(scaled(x), scaled(y)))(
          a.realisationRatio,
          b.realisationRatio,
        ),
      indicatorStatus: (a, b) =>
        nullFirst((x: string, y: string) => STATUS_ORDER.indexOf(x) - STATUS_ORDER.indexOf(y))(
          a.indicatorStatus,
          b.indicatorStatus,
        ),
      overdue: (a, b) => a.overdueCount - b.overdueCount,
    };
    const expectedOrder = (items: readonly Item[], sort: string, order: 'asc' | 'desc') =>
      [...items].sort(
        (a, b) => (order === 'desc' ? -1 : 1) * COMPARE[sort](a, b) || COMPARE.investmentId(a, b),
      );

    it.each(Object.keys(COMPARE))(
      'sort by %s both ways, and page the sorted list by next and by offset',
      async (sort) => {
        const head = await list('');
        const at = `?asOfPosition=${head.position}`;
        for (const order of ['asc', 'desc'] as const) {
          const sorted = await list(`${at}&sort=${sort}&order=${order}`);
          expect(sorted.investments.map((i) => i.investmentId)).toEqual(
            expectedOrder(head.investments, sort, order).map((i) => i.investmentId),
          );
          expect(sorted.total).toBe(head.investments.length);
          // Pages of two: following `next`, and counting from an offset, give the same list.
          const byNext: Item[] = [];
          let after: string | null = null;
          do {
            const page: Answer = await list(
              `${at}&sort=${sort}&order=${order}&limit=2${after === null ? '' : `&after=${after}`}`,
            );
            byNext.push(...page.investments);
            after = page.next;
          } while (after !== null && byNext.length <= head.investments.length);
          expect(byNext).toEqual(sorted.investments);
          const byOffset: Item[] = [];
          for (let offset = 0; offset < sorted.total; offset += 2) {
            const page = await list(`${at}&sort=${sort}&order=${order}&limit=2&offset=${offset}`);
            expect(page.total).toBe(sorted.total);
            byOffset.push(...page.investments);
          }
          expect(byOffset).toEqual(sorted.investments);
        }
      },
    );

    it('search titles and ids, case folded, within the other filters', async () => {
      const head = await list('');
      const at = `?asOfPosition=${head.position}`;
      const found = await list(`${at}&q=${encodeURIComponent('  KARTA ')}`);
      expect(found.investments.map((i) => i.investmentId)).toEqual(['z-karta']);
      expect(found.total).toBe(1);
      const title = head.investments.find((i) => i.investmentId === 'e-arkiv')?.title ?? '';
      const word = title.slice(0, 4).toLocaleUpperCase('sv');
      const byTitle = await list(`${at}&q=${encodeURIComponent(word)}`);
      expect(byTitle.investments.map((i) => i.investmentId)).toContain('e-arkiv');
      expect(
        byTitle.investments.every((i) =>
          `${i.title} ${i.investmentId}`
            .toLocaleLowerCase('sv')
            .includes(word.toLocaleLowerCase('sv')),
        ),
      ).toBe(true);
      expect((await list(`${at}&q=nothing-like-it`)).investments).toEqual([]);
      const department = encodeURIComponent('Socialförvaltningen');
      expect(
        (await list(`${at}&department=${department}&q=e-`)).investments.map((i) => i.investmentId),
      ).toEqual(['e-tjanst']);
    });

    it('keep the overspent investments, or the others, and list every department whatever the filters', async () => {
      // Make one investment overspent: a cost beyond what it was allocated.
      const before = (await list('')).investments.find((i) => i.investmentId === 'e-arkiv');
      expect(before && ore(before.spent) <= ore(before.allocated)).toBe(true);
      await t
        .as('fia', 'finance')
        .post('/api/investments/e-arkiv/costs', {
          costId: 'c-over',
          amount: before?.allocated,
          incurredOn: '2019-02-28',
          reference: 'Faktura c-over',
        })
        .expect(201);
      const head = await list('');
      const at = `?asOfPosition=${head.position}`;
      const over = await list(`${at}&overspent=true`);
      const rest = await list(`${at}&overspent=false`);
      const isOver = (i: Item) => ore(i.spent) > ore(i.allocated);
      expect(over.investments.map((i) => i.investmentId)).toEqual(
        head.investments.filter(isOver).map((i) => i.investmentId),
      );
      expect(over.investments.map((i) => i.investmentId)).toContain('e-arkiv');
      expect(rest.investments.map((i) => i.investmentId)).toEqual(
        head.investments.filter((i) => !isOver(i)).map((i) => i.investmentId),
      );
      expect(over.total + rest.total).toBe(head.investments.length);
      const departments = [...new Set(head.investments.map((i) => i.department))].sort(
        swedish.compare,
      );
      expect(head.departments).toEqual(departments);
      expect((await list(`${at}&stage=closed&q=zzz`)).departments).toEqual(departments);
    });
  });
});
