/**
 * The authorisation matrix: every /api route × every kind of caller → the expected status.
 * The app's registered routes (Fastify's and the OpenAPI document's) are listed and the test
 * fails if one is missing from the table, so a new endpoint cannot slip in unprotected.
 * A refused request appends nothing.
 *
 * To add a route: add a row to ROWS. `allow` names the callers that get past authorisation
 * and the status they then get; everybody else gets 403, and the three callers without a
 * valid credential 401. Writes send an empty body by default, so an allowed caller gets
 * 400 and nothing is recorded; a row with a valid `body` shows ownership (owner 2xx, not
 * owner 403). Several rows may cover one route.
 */
import request from 'supertest';
import {
  aBenefitCase,
  aFinancialLine,
  aOneOffCostLine,
  aQualitativeLine,
  FINANCIAL_LINE,
  PROJECT_LEAD,
} from '../support/investment.mothers';
import { startTestApp, TestApp } from '../support/test-app';
import { stockholmDay } from '../../src/periods/stockholm-day';

const CALLERS = [
  'no token',
  'bad token',
  'revoked token',
  'finance',
  'project-lead (owner)',
  'project-lead (not owner)',
  'auditor',
  'admin',
] as const;
type Caller = (typeof CALLERS)[number];
type Method = 'GET' | 'POST' | 'PUT';

/** Who each caller with a valid token is. The owner leads the fixture investment. */
const IDENTITIES: Readonly<Partial<Record<Caller, { id: string; role: string }>>> = {
  finance: { id: 'fia', role: 'finance' },
  'project-lead (owner)': { id: PROJECT_LEAD, role: 'project-lead' },
  'project-lead (not owner)': { id: 'pelle.persson', role: 'project-lead' },
  auditor: { id: 'ada', role: 'auditor' },
  admin: { id: 'it-admin', role: 'admin' },
};

const FUND = 'm-fund';
const TODAY = stockholmDay(new Date());
/**
 * The fixture's case runs from this year: the investment is proposed today, and nothing is
 * reported of a period that ended before its life began (EFFECT_PERIOD_BEFORE_LIFE).
 */
const YEAR = TODAY.slice(0, 4);
const THIS_YEARS_CASE = aBenefitCase({
  startYear: Number(YEAR),
  costs: [aOneOffCostLine({ forecast: [{ period: YEAR, amount: '1500000.00' }] })],
  benefits: [
    aFinancialLine({ forecast: [{ period: YEAR, amount: '600000.00' }] }),
    aQualitativeLine(),
  ],
});
const INVESTMENT = 'm-inv';

interface Row {
  /** As registered: `METHOD /api/path/:param`. */
  readonly route: string;
  /** The path actually called. */
  readonly path: string;
  readonly body?: object;
  readonly expect: Readonly<Record<Caller, number>>;
}

const EVERY_ROLE: readonly Caller[] = [
  'finance',
  'project-lead (owner)',
  'project-lead (not owner)',
  'auditor',
  'admin',
];
const PROJECT_LEADS: readonly Caller[] = ['project-lead (owner)', 'project-lead (not owner)'];

const row = (
  route: string,
  path: string,
  allow: Readonly<Partial<Record<Caller, number>>>,
  body?: object,
): Row => {
  const expected = Object.fromEntries(
    CALLERS.map((caller) => [caller, allow[caller] ?? (IDENTITIES[caller] ? 403 : 401)]),
  ) as Record<Caller, number>;
  return { route, path, body, expect: expected };
};

const all = (callers: readonly Caller[], status: number): Partial<Record<Caller, number>> =>
  Object.fromEntries(callers.map((caller) => [caller, status]));

/** A read every authenticated role may make. */
const read = (route: string, path: string, status = 200): Row =>
  row(route, path, all(EVERY_ROLE, status));
/** A write with an empty body: the allowed callers pass authorisation and get 400. */
const write = (route: string, path: string, allowed: readonly Caller[]): Row =>
  row(route, path, all(allowed, 400), {});

const ROWS: readonly Row[] = [
  // Fund (finance writes; everyone reads).
  write('POST /api/funds', '/api/funds', ['finance']),
  write('POST /api/funds/:fundId/tranches', `/api/funds/${FUND}/tranches`, ['finance']),
  write(
    'POST /api/funds/:fundId/tranches/:trancheId/release',
    `/api/funds/${FUND}/tranches/t1/release`,
    ['finance'],
  ),
  write(
    'POST /api/funds/:fundId/tranches/:trancheId/amendments',
    `/api/funds/${FUND}/tranches/t1/amendments`,
    ['finance'],
  ),
  write(
    'POST /api/funds/:fundId/tranches/:trancheId/close',
    `/api/funds/${FUND}/tranches/t1/close`,
    ['finance'],
  ),
  write('POST /api/funds/:fundId/allocations', `/api/funds/${FUND}/allocations`, ['finance']),
  write(
    'POST /api/funds/:fundId/allocations/:allocationId/reductions',
    `/api/funds/${FUND}/allocations/a1/reductions`,
    ['finance'],
  ),
  read('GET /api/funds', '/api/funds'),
  read('GET /api/funds/:fundId', `/api/funds/${FUND}`),

  // Investments (finance and project leads write; ownership is checked by the controller).
  write('POST /api/investments', '/api/investments', ['finance', ...PROJECT_LEADS]),
  // The case is validated after ownership (the controller reads it as untrusted JSON).
  row(
    'PUT /api/investments/:id/benefit-case',
    `/api/investments/${INVESTMENT}/benefit-case`,
    { finance: 400, 'project-lead (owner)': 400 },
    {},
  ),
  write('POST /api/investments/:id/stage-changes', `/api/investments/${INVESTMENT}/stage-changes`, [
    'finance',
    ...PROJECT_LEADS,
  ]),
  write('POST /api/investments/:id/costs', `/api/investments/${INVESTMENT}/costs`, [
    'finance',
    ...PROJECT_LEADS,
  ]),
  // Effect reports and their corrections are the lead's and the line owner's, never finance's.
  write(
    'POST /api/investments/:id/effect-reports',
    `/api/investments/${INVESTMENT}/effect-reports`,
    PROJECT_LEADS,
  ),
  write(
    'POST /api/investments/:id/effect-reports/:reportId/corrections',
    `/api/investments/${INVESTMENT}/effect-reports/r1/corrections`,
    PROJECT_LEADS,
  ),
  write('POST /api/investments/:id/harvests', `/api/investments/${INVESTMENT}/harvests`, [
    'finance',
  ]),
  write('POST /api/investments/:id/close', `/api/investments/${INVESTMENT}/close`, ['finance']),
  // Re-baselining and waivers are finance's decisions; cost corrections also the lead's.
  write(
    'POST /api/investments/:id/baseline-revisions',
    `/api/investments/${INVESTMENT}/baseline-revisions`,
    ['finance'],
  ),
  write(
    'POST /api/investments/:id/obligation-waivers',
    `/api/investments/${INVESTMENT}/obligation-waivers`,
    ['finance'],
  ),
  write(
    'POST /api/investments/:id/costs/:costId/corrections',
    `/api/investments/${INVESTMENT}/costs/c1/corrections`,
    ['finance', ...PROJECT_LEADS],
  ),
  write(
    'POST /api/investments/:id/costs/:costId/reversals',
    `/api/investments/${INVESTMENT}/costs/c1/reversals`,
    ['finance', ...PROJECT_LEADS],
  ),
  write(
    'POST /api/investments/:id/harvests/:harvestId/corrections',
    `/api/investments/${INVESTMENT}/harvests/h1/corrections`,
    ['finance'],
  ),
  write(
    'POST /api/investments/:id/harvests/:harvestId/reversals',
    `/api/investments/${INVESTMENT}/harvests/h1/reversals`,
    ['finance'],
  ),
  write(
    'POST /api/investments/:id/deviation-explanations',
    `/api/investments/${INVESTMENT}/deviation-explanations`,
    PROJECT_LEADS,
  ),
  read('GET /api/investments', '/api/investments'),
  read('GET /api/investments/:id', `/api/investments/${INVESTMENT}`),
  read('GET /api/investments/:id/history', `/api/investments/${INVESTMENT}/history`),
  read(
    'GET /api/investments/:id/forecast-vs-actual',
    `/api/investments/${INVESTMENT}/forecast-vs-actual`,
  ),

  // Ownership, with valid bodies: the lead of the investment may, another project lead may not.
  row(
    'PUT /api/investments/:id/benefit-case',
    `/api/investments/${INVESTMENT}/benefit-case`,
    { finance: 200, 'project-lead (owner)': 200 },
    THIS_YEARS_CASE,
  ),
  row(
    'POST /api/investments/:id/costs',
    `/api/investments/${INVESTMENT}/costs`,
    { finance: 201, 'project-lead (owner)': 201 },
    // Dated today: a cost may not lie before the day the investment was proposed (today here).
    { costId: 'm-cost', amount: '1000.00', incurredOn: TODAY, reference: 'Faktura 1' },
  ),
  // The case above is documented now: the lead reports and corrects; finance may not.
  row(
    'POST /api/investments/:id/effect-reports',
    `/api/investments/${INVESTMENT}/effect-reports`,
    { 'project-lead (owner)': 201 },
    {
      reportId: 'm-report',
      benefitLineId: FINANCIAL_LINE,
      period: YEAR,
      value: '1000.00',
      evidence: 'Faktura 2',
    },
  ),
  row(
    'POST /api/investments/:id/effect-reports/:reportId/corrections',
    `/api/investments/${INVESTMENT}/effect-reports/m-report/corrections`,
    { 'project-lead (owner)': 201 },
    { value: '1200.00', reason: 'Slutfaktura' },
  ),
  row(
    'POST /api/investments/:id/deviation-explanations',
    `/api/investments/${INVESTMENT}/deviation-explanations`,
    { 'project-lead (owner)': 201 },
    {
      explanationId: 'm-why',
      benefitLineId: FINANCIAL_LINE,
      explanation: 'Avtalet sades upp sent',
    },
  ),

  // Reports (everyone reads).
  read('GET /api/reports/forecast-vs-actual', '/api/reports/forecast-vs-actual'),
  read('GET /api/reports/follow-up', '/api/reports/follow-up'),
  read('GET /api/reports/board', '/api/reports/board'),

  // Who am I (the dashboard asks).
  read('GET /api/me', '/api/me'),

  // Display names for the timeline (every role); users and role grants: the admin's.
  read('GET /api/people', '/api/people'),
  row('GET /api/users', '/api/users', { admin: 200 }),
  write('POST /api/users', '/api/users', ['admin']),
  write('POST /api/users/:userId/grants', '/api/users/ada/grants', ['admin']),
  write('POST /api/users/:userId/revocations', '/api/users/ada/revocations', ['admin']),
  row(
    'POST /api/users',
    '/api/users',
    { admin: 201 },
    { userId: 'matrix.user', name: 'Matrix User', role: 'auditor' },
  ),
  row(
    'POST /api/users/:userId/grants',
    '/api/users/matrix.user/grants',
    { admin: 201 },
    { role: 'finance', reason: 'Matrix' },
  ),
  row(
    'POST /api/users/:userId/revocations',
    '/api/users/matrix.user/revocations',
    { admin: 201 },
    { role: 'finance' },
  ),

  // Audit (everyone reads; auditors read only).
  read('GET /api/audit/changes', '/api/audit/changes'),
  read('GET /api/audit/verify', '/api/audit/verify'),
  read('GET /api/audit/digest', '/api/audit/digest'),
  read('GET /api/events', '/api/events'),
];

/** OpenAPI `{param}` → Fastify `:param`. */
const fromOpenApi = (path: string): string => path.replace(/\{([^}]+)\}/g, ':$1');

const registeredApiRoutes = async (t: TestApp): Promise<string[]> => {
  const document = (await request(t.url).get('/docs-json').expect(200)).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${fromOpenApi(path)}`),
  );
  return [...new Set([...t.routes, ...documented])]
    .filter((route) => / \/api(\/|$)/.test(route))
    .sort();
};

const countEvents = async (t: TestApp): Promise<number> => {
  let count = 0;
  for await (const _event of t.store.readAll()) count++;
  return count;
};

describe('authorisation matrix', () => {
  let t: TestApp;
  const tokens = new Map<Caller, string>();

  const send = (
    method: Method,
    path: string,
    caller: Caller,
    body: object | undefined,
  ): request.Test => {
    const call =
      method === 'GET'
        ? request(t.url).get(path)
        : method === 'POST'
          ? request(t.url).post(path)
          : request(t.url).put(path);
    const token = tokens.get(caller);
    if (token !== undefined) void call.set('Authorization', `Bearer ${token}`);
    return body === undefined ? call : call.send(body);
  };

  beforeAll(async () => {
    t = await startTestApp();
    const finance = t.as('fia', 'finance');
    const lead = t.as(PROJECT_LEAD, 'project-lead');
    await finance
      .post('/api/funds', {
        fundId: FUND,
        name: 'Matrix fund',
        currency: 'SEK',
        decisionRef: 'Ks 1',
        tranches: [
          { trancheId: 't1', name: 'T1', amount: '1000000.00', allocatableFrom: '2017-01-01' },
        ],
      })
      .expect(201);
    await lead
      .post('/api/investments', {
        investmentId: INVESTMENT,
        title: 'Matrix',
        department: 'KLF',
        projectLead: PROJECT_LEAD,
        need: 'Paper',
      })
      .expect(201);

    for (const [caller, identity] of Object.entries(IDENTITIES) as [
      Caller,
      { id: string; role: string },
    ][]) {
      tokens.set(caller, await t.tokenFor(identity.id, identity.role));
    }
    tokens.set('bad token', `flt_${'B'.repeat(43)}`);
    const admin = { id: 'it-admin', role: 'admin' };
    await t.users.addUser('rolf.revoked', 'finance', null, admin);
    const revoked = await t.users.issueToken('rolf.revoked', 'finance', admin);
    await t.users.revokeToken(revoked.tokenId, admin);
    tokens.set('revoked token', revoked.token);
  });
  afterAll(async () => t.close());

  it('has a row for every registered /api route, and no row for a route that does not exist', async () => {
    const registered = await registeredApiRoutes(t);
    const covered = new Set(ROWS.map((r) => r.route));
    expect(registered.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !registered.includes(route))).toEqual([]);
  });

  it.each(
    ROWS.map(
      (r) =>
        [
          `${r.route}${r.body && Object.keys(r.body).length > 0 ? ' (valid body)' : ''}`,
          r,
        ] as const,
    ),
  )('%s', async (_name, r) => {
    const method = r.route.split(' ')[0] as Method;
    const actual: Partial<Record<Caller, number>> = {};
    for (const caller of CALLERS) {
      const before = await countEvents(t);
      const res = await send(method, r.path, caller, r.body);
      actual[caller] = res.status;
      if (res.status >= 400) {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(await countEvents(t)).toBe(before);
      }
    }
    expect(actual).toEqual(r.expect);
  });

  it('answers 401 and 403 the same whether the resource exists or not', async () => {
    const body = { releasedOn: '2017-01-01', decisionRef: 'x' };
    const pairs: [Caller, Method, string, string, object | undefined][] = [
      ['no token', 'GET', `/api/funds/${FUND}`, '/api/funds/no-such-fund', undefined],
      ['bad token', 'GET', `/api/investments/${INVESTMENT}`, '/api/investments/no-such', undefined],
      ['no token', 'GET', '/api/funds', '/api/no-such-route', undefined],
      [
        'auditor',
        'POST',
        `/api/funds/${FUND}/tranches/t1/release`,
        '/api/funds/no-such-fund/tranches/t9/release',
        body,
      ],
      [
        'admin',
        'POST',
        `/api/investments/${INVESTMENT}/close`,
        '/api/investments/no-such/close',
        { closedOn: '2020-01-01', reason: 'x' },
      ],
    ];
    for (const [caller, method, existing, missing, payload] of pairs) {
      const [a, b] = [
        await send(method, existing, caller, payload),
        await send(method, missing, caller, payload),
      ];
      expect([a.status, b.status]).toEqual(
        caller === 'auditor' || caller === 'admin' ? [403, 403] : [401, 401],
      );
      expect(a.body).toEqual(b.body);
    }
  });
});
