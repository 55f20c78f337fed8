/**
 * /metrics: open by default (like /health), behind a bearer token when
 * LEDGER_METRICS_TOKEN is set, and its route labels are route templates, never ids.
 */
import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config/config';
import { metricsTokenMatches } from '../../src/metrics/metrics-token';
import { startTestApp, TestApp } from '../support/test-app';

const METRICS_TOKEN = 'scrape-me-7f3a9c2e41d8b6';

describe('/metrics without a configured token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('is open, and labels requests by route template, never by the ids in the path', async () => {
    const lead = t.as('pia', 'project-lead');
    await lead.get('/api/investments/secret-investment-id-1').expect(404);
    await lead.get('/api/funds/secret-fund-id-2').expect(404);
    await lead.get('/api/no-such-secret-path-3').expect(404);
    await t.anonymous().get('/no-such-secret-page-4').expect(404);
    await t.anonymous().get('/api/investments/secret-investment-id-5').expect(401);

    const scrape = await t.anonymous().get('/metrics').expect(200);
    for (const id of [
      'secret-investment-id-1',
      'secret-fund-id-2',
      'no-such-secret-path-3',
      'no-such-secret-page-4',
      'secret-investment-id-5',
    ]) {
      expect(scrape.text).not.toContain(id);
    }
    expect(scrape.text).toMatch(/route="\/api\/investments\/:id",status="404"/);
    expect(scrape.text).toMatch(/route="\/api\/investments\/:id",status="401"/);
    expect(scrape.text).toMatch(/route="\/api\/funds\/:fundId",status="404"/);
    // Every route label is a template or the one shared label for unmatched paths.
    const routes = new Set([...scrape.text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]));
    const templates = new Set(t.routes.map((route) => route.split(' ')[1]));
    for (const route of routes) expect(templates.has(route) || route === 'unmatched').toBe(true);
  });
});

describe('/metrics with LEDGER_METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LEDGER_METRICS_TOKEN: METRICS_TOKEN } });
  });
  afterAll(async () => t.close());

  it('answers 401 problem+json without the token or with another one', async () => {
    for (const authorization of [
      undefined,
      `Bearer ${METRICS_TOKEN}x`,
      `Bearer ${METRICS_TOKEN.slice(0, -1)}`,
      `Basic ${METRICS_TOKEN}`,
      METRICS_TOKEN,
      `Bearer ${await t.tokenFor('ada', 'admin')}`,
    ]) {
      const call = request(t.url).get('/metrics');
      if (authorization !== undefined) void call.set('Authorization', authorization);
      const res = await call;
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(res.text).not.toContain('ledger_http_requests_total');
    }
  });

  it('answers the scrape with the token, and /health stays open', async () => {
    const res = await request(t.url)
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(res.text).toContain('ledger_http_requests_total');
    await request(t.url).get('/health').expect(200);
  });
});

describe('metrics token', () => {
  it('matches only the exact bearer credential', () => {
    expect(metricsTokenMatches(`Bearer ${METRICS_TOKEN}`, METRICS_TOKEN)).toBe(true);
    expect(metricsTokenMatches(`bearer ${METRICS_TOKEN}`, METRICS_TOKEN)).toBe(true);
    expect(metricsTokenMatches(undefined, METRICS_TOKEN)).toBe(false);
    expect(metricsTokenMatches('Bearer ', METRICS_TOKEN)).toBe(false);
    expect(metricsTokenMatches(`Bearer ${METRICS_TOKEN} extra`, METRICS_TOKEN)).toBe(false);
  });

  it('refuses a short token without echoing it', () => {
    let problems: readonly string[] = [];
    try {
      loadConfig({ LEDGER_METRICS_TOKEN: 'short-secret' });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems).toEqual([expect.stringMatching(/^LEDGER_METRICS_TOKEN: must be at least 16/)]);
    expect(problems.join('\n')).not.toContain('short-secret');
  });
});
