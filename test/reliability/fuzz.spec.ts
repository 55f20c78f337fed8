/**
 * Fuzz: fast-check builds hostile requests for every POST and PUT route (see
 * support/fuzz-requests.ts), each invalid for certain. None may answer 5xx or 2xx, every
 * refusal is application/problem+json with its status and code, and the ledger's event count
 * does not move. SEED=<n> replays the same requests.
 */
import fc from 'fast-check';
import { collect } from '../../src/event-store/event-store';
import { stockholmDay } from '../../src/periods/stockholm-day';
import { aBenefitCase } from '../support/investment.mothers';
import { eventCount, startTestApp, TestApp } from '../support/test-app';
import { HttpRequest, problemShapeIssue, send } from './support/http';
import {
  describePlan,
  FUZZ_COST,
  FUZZ_HARVEST,
  FUZZ_USER,
  Plan,
  planArbitrary,
  ROUTES,
  toRequest,
} from './support/fuzz-requests';
import { LOAD_ENV } from './support/in-process';
import { chooseSeed } from './support/random';
import { bySize, SPEC_TIMEOUT_MS } from './support/sizes';
import { FINANCE, LEAD } from './support/workload';

const REQUESTS = bySize(300, 12_000);
const CONCURRENCY = 8;
/** Failures listed in the message; the rest are counted. */
const FAILURES_SHOWN = 15;

const seed = chooseSeed();
/** Routes finance may not call (docs/API.md); the fuzz sends them as the investment's lead. */
const LEAD_ROUTES: readonly string[] = [
  'POST /api/investments/:id/effect-reports',
  'POST /api/investments/:id/effect-reports/:reportId/corrections',
  'POST /api/investments/:id/deviation-explanations',
];
/** The user register is the admin's: an admin sends these, so they reach validation. */
const ADMIN_ROUTES: readonly string[] = [
  'POST /api/users',
  'POST /api/users/:userId/grants',
  'POST /api/users/:userId/revocations',
];
const ADMIN = { id: 'fz-admin', role: 'admin' };

/** Every event, the user register's included (eventCount leaves it out). */
const allEvents = async (t: TestApp): Promise<number> => (await collect(t.store.readAll())).length;

const setUp = async (t: TestApp): Promise<void> => {
  const finance = t.as(FINANCE.id, FINANCE.role);
  const lead = t.as(LEAD.id, LEAD.role);
  await finance
    .post('/api/funds', {
      fundId: 'fz',
      name: 'Fuzz fund',
      currency: 'SEK',
      decisionRef: 'Ks 1',
      tranches: [
        { trancheId: 't1', name: 'T1', amount: '1000000.00' },
        { trancheId: 't2', name: 'T2', amount: '1000000.00' },
      ],
    })
    .expect(201);
  await finance
    .post('/api/funds/fz/tranches/t1/release', { releasedOn: '2017-01-01', decisionRef: 'KF' })
    .expect(201);
  await lead
    .post('/api/investments', {
      investmentId: 'fz-inv',
      title: 'Fuzz',
      department: 'KLF',
      projectLead: LEAD.id,
      need: 'Papper',
    })
    .expect(201);
  await lead.put('/api/investments/fz-inv/benefit-case', aBenefitCase()).expect(200);
  await finance
    .post('/api/funds/fz/allocations', {
      allocationId: 'fz-alloc',
      investmentId: 'fz-inv',
      trancheId: 't1',
      amount: '1000.00',
      decidedOn: '2017-02-01',
      decisionRef: 'Ks 2',
      caseVersion: 1,
    })
    .expect(201);
  await lead
    .post('/api/investments/fz-inv/effect-reports', {
      reportId: 'fz-report',
      benefitLineId: 'fewer-licences',
      period: '2018',
      value: '100.00',
      evidence: 'E',
    })
    .expect(201);
  // Things the new routes' paths name: a second case version for re-baselining, a cost and a
  // harvest to correct or reverse, and a user to grant roles to.
  await lead.put('/api/investments/fz-inv/benefit-case', aBenefitCase()).expect(200);
  await finance
    .post('/api/investments/fz-inv/costs', {
      costId: FUZZ_COST,
      amount: '99.50',
      incurredOn: stockholmDay(new Date()),
      reference: 'F 1',
    })
    .expect(201);
  await finance
    .post('/api/investments/fz-inv/harvests', {
      harvestId: FUZZ_HARVEST,
      benefitLineId: 'fewer-licences',
      fiscalYear: 2018,
      amount: '5.00',
      decisionRef: 'KF',
    })
    .expect(201);
  await t
    .as(ADMIN.id, ADMIN.role)
    .post('/api/users', { userId: FUZZ_USER, name: 'Fuzz Person', role: 'auditor' })
    .expect(201);
};

/** What is wrong with the answer to a request that is invalid for certain, or undefined. */
const answerProblem = async (
  t: TestApp,
  token: string,
  request: HttpRequest,
): Promise<string | undefined> => {
  const outcome = await send(t.url, token, request);
  if (outcome.kind === 'lost') return `no answer: ${outcome.error}`;
  if (outcome.status < 400 || outcome.status >= 500)
    return `${outcome.status} ${outcome.text.slice(0, 200)}`;
  const shape = problemShapeIssue(outcome);
  return shape === undefined ? undefined : `${outcome.status} not problem+json (${shape})`;
};

describe(`fuzz of every command route (seed ${seed})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    console.log(`fuzz: SEED=${seed}, ${REQUESTS} requests`);
    t = await startTestApp({ env: LOAD_ENV });
    await setUp(t);
  });
  afterAll(async () => t.close());

  it('covers every POST and PUT the app serves', () => {
    const commandRoutes = t.routes.filter((r) => /^(POST|PUT) \/api\//.test(r));
    expect([...commandRoutes].sort()).toEqual(ROUTES.map((r) => r.route).sort());
  });

  it(
    'never answers 5xx or 2xx, always problem+json, and records nothing',
    async () => {
      const financeToken = await t.tokenFor(FINANCE.id, FINANCE.role);
      const leadToken = await t.tokenFor(LEAD.id, LEAD.role);
      const adminToken = await t.tokenFor(ADMIN.id, ADMIN.role);
      // Finance may not file effect reports or explanations, nor manage users: the investment's
      // lead and an admin send those, so they reach validation.
      const tokenFor = (plan: Plan): string =>
        LEAD_ROUTES.includes(plan.spec.route)
          ? leadToken
          : ADMIN_ROUTES.includes(plan.spec.route)
            ? adminToken
            : financeToken;
      const before = await eventCount(t.store);
      const everyBefore = await allEvents(t);
      const plans: Plan[] = fc.sample(planArbitrary, { seed, numRuns: REQUESTS });
      const failures: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < plans.length) {
            const plan = plans[next++];
            const problem = await answerProblem(t, tokenFor(plan), toRequest(plan));
            if (problem !== undefined) failures.push(`${describePlan(plan)} → ${problem}`);
          }
        }),
      );
      console.log(`fuzz (seed ${seed}): ${plans.length} requests, ${failures.length} failures`);
      expect({ count: failures.length, first: failures.slice(0, FAILURES_SHOWN) }).toEqual({
        count: 0,
        first: [],
      });
      expect(await eventCount(t.store)).toBe(before);
      expect(await allEvents(t)).toBe(everyBefore);
      const verify = await t.as('eva.granskare', 'auditor').get('/api/audit/verify');
      expect(verify.body).toMatchObject({ ok: true });
    },
    SPEC_TIMEOUT_MS,
  );
});
