/**
 * Paging GET /api/investments in another order than by id: `next` is a keyset cursor (the last
 * shown item's sort value and id), so a walk through the pages sees every investment that did
 * not change exactly once, whatever changes others record between two pages. The cursor used
 * to be the last shown id, and a page started after wherever that investment sat when the page
 * was asked: when its value had changed, the walk skipped investments that had not (or repeated
 * them, or stopped early with `next` null while `total` counted the rest).
 */
import { startWorkedExample } from '../reports/support/worked-example';
import { aBenefitCase } from '../support/investment.mothers';
import type { TestApp } from '../support/test-app';

type Item = {
  investmentId: string;
  title: string;
  stage: string;
  allocated: string;
  spent: string;
  realisationRatio: string | null;
  forecastToDate: string | null;
};
type Answer = { investments: Item[]; next: string | null; total: number; position: string };

const SORTS = [
  'investmentId',
  'title',
  'department',
  'stage',
  'allocated',
  'spent',
  'forecastToDate',
  'actualToDate',
  'realisationRatio',
  'indicatorStatus',
  'overdue',
] as const;

/** A keyset cursor as the service writes it: URL-safe as it stands, never an investment id. */
const CURSOR = /^k1\.[A-Za-z0-9_-]+$/;

/** A cursor of the documented form around any payload, as a client forging one would write it. */
const forged = (payload: unknown): string =>
  `k1.${Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)).toString('base64url')}`;

/**
 * Titles and departments with ties, case and the Swedish letters: in Swedish collation "alfa"
 * comes before "Beta" and "Zeta" before "Åtgärd", "ärende" and "Öppna data", which code-unit
 * order has otherwise.
 */
const NAMES: readonly (readonly [string, string])[] = [
  ['alfa', 'Kultur- och fritidsförvaltningen'],
  ['Zeta', 'Kommunstyrelsen'],
  ['Åtgärd', 'Kommunstyrelsen'],
  ['ärende', 'Socialförvaltningen'],
  ['Öppna data', 'Socialförvaltningen'],
  ['alfa', 'Kommunstyrelsen'],
  ['beta', 'Vård- och omsorgsförvaltningen'],
  ['Beta', 'Kultur- och fritidsförvaltningen'],
  ['zeta', 'Socialförvaltningen'],
  ['Ärende', 'Kommunstyrelsen'],
];

/** Costs of the set's investments by index: ties, and amounts whose texts sort otherwise. */
const COSTS: Readonly<Record<number, string>> = {
  0: '1000.00',
  1: '1000.00',
  2: '250.50',
  3: '99999.99',
  6: '9.99',
};

describe('the investment list paged by a cursor', () => {
  let t: TestApp;
  let costs = 0;
  let allocations = 0;
  beforeAll(async () => {
    // The worked example: e-arkiv has figures to date, a status and a ratio. The walks read
    // hundreds of pages as one auditor within seconds: the rate limit is not what is tested.
    t = (await startWorkedExample({}, { LEDGER_RATE_LIMIT_BURST: '0' })).t;
  });
  afterAll(async () => t.close());

  const auditor = () => t.as('revisor', 'auditor');
  const finance = () => t.as('fia', 'finance');
  const lead = () => t.as('per.persson', 'project-lead');

  const list = async (query: string): Promise<Answer> =>
    (await auditor().get(`/api/investments?${query}`).expect(200)).body as Answer;

  /**
   * Ten investments `<prefix>-01` … `<prefix>-10` (the NAMES, some with COSTS), so that
   * `q=<prefix>-` lists them alone, each with a benefit case but the last `undocumented` (no
   * figures to date); answers the position they were all recorded by.
   */
  const aSet = async (prefix: string, undocumented = 0): Promise<string> => {
    let position = '0';
    for (const [index, [title, department]] of NAMES.entries()) {
      const investmentId = `${prefix}-${String(index + 1).padStart(2, '0')}`;
      const proposed = await lead()
        .post('/api/investments', {
          investmentId,
          title,
          department,
          projectLead: 'per.persson',
          need: 'Behov',
        })
        .expect(201);
      position = proposed.body.position;
      if (index < NAMES.length - undocumented) {
        const documented = await lead()
          .put(`/api/investments/${investmentId}/benefit-case`, aBenefitCase())
          .expect(200);
        position = documented.body.position;
      }
      if (COSTS[index] !== undefined) position = await recordCost(investmentId, COSTS[index]);
    }
    return position;
  };

  /** The changes a walk makes between its pages; each answers the position it was recorded at. */
  const moveToAnalysed = async (investmentId: string): Promise<string> =>
    (
      await lead()
        .post(`/api/investments/${investmentId}/stage-changes`, {
          stage: 'analysed',
          reason: 'Nyttokalkylen är klar',
        })
        .expect(201)
    ).body.position;
  const recordCost = async (investmentId: string, amount: string): Promise<string> =>
    (
      await finance()
        .post(`/api/investments/${investmentId}/costs`, {
          costId: `cost-${++costs}`,
          amount,
          incurredOn: '2019-03-01',
          reference: `Faktura ${costs}`,
        })
        .expect(201)
    ).body.position;
  const allocate = async (investmentId: string, amount: string): Promise<string> =>
    (
      await finance()
        .post('/api/funds/orebro/allocations', {
          allocationId: `alloc-${++allocations}`,
          investmentId,
          trancheId: 't1',
          amount,
          decidedOn: '2019-03-01',
          decisionRef: `Ks ${allocations}/2019`,
          caseVersion: 1,
        })
        .expect(201)
    ).body.position;

  /**
   * Follows `next` from the first page of `query`, `limit` at a time; after each page but the
   * last, `change` may record changes (answering the investments it changed and the position
   * of the last), and the following pages are read at that position at least, so they see them
   * (the first at `from` at least). Answers every id each page showed, in order, and every id
   * changed.
   */
  const walk = async (
    query: string,
    limit: number,
    change: (page: readonly Item[], pageIndex: number) => Promise<[string[], string] | undefined>,
    from = '0',
  ): Promise<{ seen: string[]; changed: Set<string>; pages: number }> => {
    const seen: string[] = [];
    const changed = new Set<string>();
    let after: string | null = null;
    let minPosition = from;
    for (let pageIndex = 0; pageIndex < 40; pageIndex++) {
      const page = await list(
        `${query}&limit=${limit}&minPosition=${minPosition}` +
          (after === null ? '' : `&after=${encodeURIComponent(after)}`),
      );
      seen.push(...page.investments.map((i) => i.investmentId));
      if (page.next === null) return { seen, changed, pages: pageIndex + 1 };
      after = page.next;
      const done = await change(page.investments, pageIndex);
      if (done !== undefined) {
        done[0].forEach((id) => changed.add(id));
        minPosition = done[1];
      }
    }
    throw new Error(`the walk of ${query} did not end in 40 pages`);
  };

  /** How often each id of `ids` was seen. */
  const timesSeen = (ids: readonly string[], seen: readonly string[]): Record<string, number> =>
    Object.fromEntries(ids.map((id) => [id, seen.filter((s) => s === id).length]));

  it('sees every investment that did not change when the last one shown changes stage (the probe)', async () => {
    const position = await aSet('stg');
    const before = await list(`q=stg-&sort=stage&limit=1000&minPosition=${position}`);
    expect(before.total).toBe(10);
    const { seen, changed } = await walk(
      `q=stg-&sort=stage`,
      2,
      async (page, pageIndex) => {
        if (pageIndex !== 0) return undefined;
        // The last investment of the first page moves on: proposed → analysed.
        const moved = page[page.length - 1].investmentId;
        return [[moved], await moveToAnalysed(moved)];
      },
      position,
    );
    const unchanged = before.investments
      .map((i) => i.investmentId)
      .filter((id) => !changed.has(id));
    expect(unchanged).toHaveLength(9);
    expect(timesSeen(unchanged, seen)).toEqual(Object.fromEntries(unchanged.map((id) => [id, 1])));
    // The one that moved was shown on the first page, and again where it stands now.
    expect(timesSeen([...changed], seen)).toEqual(
      Object.fromEntries([...changed].map((id) => [id, 2])),
    );
  });

  /** Changes that move an investment in each walked order, and the orders walked. */
  const CHANGES: readonly [string, 'asc' | 'desc', (id: string, n: number) => Promise<string>][] = [
    ['stage', 'asc', moveToAnalysed],
    ['stage', 'desc', moveToAnalysed],
    ['spent', 'asc', (id, n) => recordCost(id, `${500 * (n + 1)}.25`)],
    ['spent', 'desc', (id, n) => recordCost(id, `${20000 + n}.50`)],
    ['allocated', 'desc', (id, n) => allocate(id, `${10000 * (n + 1)}.00`)],
    ['allocated', 'asc', (id, n) => allocate(id, `${1000 + n}.00`)],
  ];

  it.each(CHANGES.map(([sort, order], index) => [sort, order, index] as const))(
    'sorted by %s %s, sees every unchanged investment exactly once whatever changes between pages',
    async (sort, order, index) => {
      const prefix = `w${index}`;
      const position = await aSet(prefix);
      const query = `q=${prefix}-&sort=${sort}&order=${order}`;
      const before = await list(`${query}&minPosition=${position}`);
      const ids = before.investments.map((i) => i.investmentId);
      const changeOne = CHANGES[index][2];
      let latest = position;
      const { seen, changed } = await walk(
        query,
        2,
        async (page, pageIndex) => {
          // The last one shown (the cursor's own) after every page; after the first, one yet to
          // come as well, which may then move before the cursor (and not be seen at all).
          const targets = [
            page[page.length - 1].investmentId,
            ...(pageIndex === 0 ? [ids[ids.length - 3]] : []),
          ];
          const current = await list(`q=${prefix}-&limit=1000&minPosition=${latest}`);
          const movable = targets.filter(
            (id) =>
              sort !== 'stage' ||
              current.investments.find((i) => i.investmentId === id)?.stage === 'proposed',
          );
          if (movable.length === 0) return undefined;
          for (const id of movable) latest = await changeOne(id, pageIndex);
          return [movable, latest];
        },
        position,
      );
      expect(changed.size).toBeGreaterThan(0);
      const unchanged = ids.filter((id) => !changed.has(id));
      expect(unchanged.length).toBeGreaterThan(0);
      expect(timesSeen(unchanged, seen)).toEqual(
        Object.fromEntries(unchanged.map((id) => [id, 1])),
      );
      // Nothing is shown that is not one of the set.
      expect(seen.filter((id) => !ids.includes(id))).toEqual([]);
    },
  );

  describe('at one position', () => {
    let at: string;
    let whole: Answer;
    beforeAll(async () => {
      const position = await aSet('fix', 3);
      whole = await list(`minPosition=${position}`);
      at = `asOfPosition=${whole.position}`;
    });

    it.each(SORTS)(
      'sorted by %s, pages by next in both orders to exactly the whole list',
      async (sort) => {
        for (const order of ['asc', 'desc'] as const) {
          const sorted = await list(`${at}&sort=${sort}&order=${order}`);
          expect(sorted.investments).toHaveLength(whole.investments.length);
          for (const limit of [1, 3]) {
            const pages: Item[] = [];
            let after: string | null = null;
            do {
              // Sent as it stands: a cursor needs no escaping in a query string.
              const page: Answer = await list(
                `${at}&sort=${sort}&order=${order}&limit=${limit}` +
                  (after === null ? '' : `&after=${after}`),
              );
              expect(page.total).toBe(sorted.total);
              pages.push(...page.investments);
              after = page.next;
              if (after !== null) {
                // The id-sorted list keeps its plain id; any other order a cursor.
                if (sort === 'investmentId')
                  expect(after).toBe(page.investments[page.investments.length - 1].investmentId);
                else expect(after).toMatch(CURSOR);
              }
            } while (after !== null && pages.length <= sorted.investments.length);
            expect(pages.map((i) => i.investmentId)).toEqual(
              sorted.investments.map((i) => i.investmentId),
            );
          }
        }
      },
    );

    it('crosses the boundary between figures that are not there and those that are', async () => {
      // A walk of one at a time has a cursor on a null and on a figure, in both orders.
      const ratios = whole.investments.map((i) => i.realisationRatio);
      expect(ratios).toContain(null);
      expect(ratios.some((r) => r !== null)).toBe(true);
      const forecasts = whole.investments.map((i) => i.forecastToDate);
      expect(forecasts).toContain(null);
      expect(forecasts.some((r) => r !== null)).toBe(true);
    });

    it('starts after a plain investment id where that investment stands, in any order', async () => {
      const sorted = await list(`${at}&sort=spent&order=desc`);
      const third = sorted.investments[2].investmentId;
      const page = await list(`${at}&sort=spent&order=desc&after=${third}&limit=2`);
      expect(page.investments.map((i) => i.investmentId)).toEqual(
        sorted.investments.slice(3, 5).map((i) => i.investmentId),
      );
      expect(page.next).toMatch(CURSOR);
    });

    it('refuses a cursor made for another sort or order, naming after', async () => {
      const byStage = await list(`${at}&sort=stage&limit=2`);
      expect(byStage.next).toMatch(CURSOR);
      for (const other of [
        'sort=spent',
        'sort=stage&order=desc',
        'sort=investmentId',
        'order=desc',
      ]) {
        const res = await auditor()
          .get(`/api/investments?${at}&${other}&limit=2&after=${byStage.next}`)
          .expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors).toEqual([
          { path: 'after', message: expect.stringMatching(/made for sort=stage&order=asc/) },
        ]);
      }
    });
  });

  it('carries the longest title there can be, quotes and Swedish letters escaped or not', async () => {
    let position = '0';
    for (const [investmentId, letter] of [
      ['long-1', 'ö'],
      ['long-2', '"'],
      ['long-3', '\\'],
    ]) {
      const proposed = await lead()
        .post('/api/investments', {
          investmentId,
          title: letter.repeat(300),
          department: 'Kommunstyrelsen',
          projectLead: 'per.persson',
          need: 'Behov',
        })
        .expect(201);
      position = proposed.body.position;
    }
    for (const order of ['asc', 'desc']) {
      const query = `q=long-&sort=title&order=${order}`;
      const whole = await list(`${query}&minPosition=${position}`);
      const { seen } = await walk(query, 1, async () => undefined, position);
      expect(seen).toEqual(whole.investments.map((i) => i.investmentId));
      expect(seen).toHaveLength(3);
    }
  });

  it('says what after takes when it is neither an id nor a cursor', async () => {
    const res = await auditor().get('/api/investments?sort=title&limit=2&after=Not%20an%20id');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        path: 'after',
        message: expect.stringMatching(
          /^"Not an id": must be an investment id \(.*\) or the `next` of the page before \(a cursor starting "k1\."\)$/,
        ),
      },
    ]);
  });

  const VALID = { sort: 'spent', order: 'asc', value: '1000.00', id: 'e-arkiv' };
  const as = (sort: string, fields: Record<string, unknown>): string =>
    forged({ ...VALID, sort, ...fields });

  it.each([
    ['an empty cursor', 'spent', 'k1.'],
    ['no base64url', 'spent', 'k1.***'],
    ['not JSON', 'spent', forged('not json')],
    ['JSON that is no object', 'spent', forged([1, 2])],
    ['a padded payload', 'spent', `${forged(VALID)}=`],
    ['an unknown version', 'spent', forged(VALID).replace('k1.', 'k2.')],
    ['neither an id nor a cursor', 'spent', 'Not%20an%20id'],
    ['an unknown sort', 'spent', as('budget', {})],
    ['an id-sorted cursor', 'investmentId', as('investmentId', { value: 'e-arkiv' })],
    ['an unknown order', 'spent', forged({ ...VALID, order: 'up' })],
    ['no id', 'spent', forged({ sort: 'spent', order: 'asc', value: '1000.00' })],
    ['an id no investment can have', 'spent', forged({ ...VALID, id: 'Not an id' })],
    ['an amount as a JSON number', 'spent', forged({ ...VALID, value: 1000 })],
    ['an amount with an exponent', 'spent', forged({ ...VALID, value: '1e3' })],
    ['an amount with three decimals', 'allocated', as('allocated', { value: '1.001' })],
    ['no amount', 'spent', forged({ ...VALID, value: null })],
    ['an unknown stage', 'stage', as('stage', { value: 'dreaming' })],
    ['an unknown status', 'indicatorStatus', as('indicatorStatus', { value: 'fine' })],
    ['a figure that is no decimal', 'realisationRatio', as('realisationRatio', { value: 'NaN' })],
    ['a figure as a JSON number', 'forecastToDate', as('forecastToDate', { value: 12.5 })],
    ['a negative overdue count', 'overdue', as('overdue', { value: -1 })],
    ['a fractional overdue count', 'overdue', as('overdue', { value: 1.5 })],
    ['an overdue count as text', 'overdue', as('overdue', { value: '1' })],
    ['a title that is no text', 'title', as('title', { value: 7 })],
    ['more than it needs', 'spent', forged({ ...VALID, extra: true })],
    ['a huge cursor', 'title', as('title', { value: 'x'.repeat(6000) })],
  ])('refuses %s as after (sort=%s) with a 400 naming after', async (_what, sort, after) => {
    const res = await auditor().get(`/api/investments?sort=${sort}&limit=2&after=${after}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ path: 'after', message: expect.any(String) }]);
  });
});
