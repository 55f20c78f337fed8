/**
 * Security headers on API answers and on /docs (whose Swagger UI must keep working under the
 * content security policy), CORS off unless origins are configured, and the bearer scheme in
 * the OpenAPI document.
 */
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

describe('HTTP hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('sends security headers on API answers and refusals', async () => {
    const answers = [
      await t.as('fia', 'finance').get('/api/funds'),
      await t.anonymous().get('/api/funds'),
      // A body where none is taken: refused from the headers alone, before the route.
      await t.anonymous().post('/health').send({ a: 1 }),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 401, 413]);
    for (const res of answers) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'content-security-policy': expect.stringContaining("default-src 'self'"),
      });
    }
  });

  it('serves /docs with scripts from itself only, and documents the bearer scheme', async () => {
    const page = await t.anonymous().get('/docs').expect(200);
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    // Every script Swagger UI needs is a file the service serves, so the policy lets it run.
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    const doc = (await t.anonymous().get('/docs-json').expect(200)).body as {
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/funds'].post.security).toEqual([{ bearer: [] }]);
  });

  it('keeps CORS off by default', async () => {
    const res = await request(t.url).get('/api/funds').set('Origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS when configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LEDGER_CORS_ORIGINS: 'https://dashboard.orebro.se' } });
  });
  afterAll(async () => t.close());

  it('answers preflights for configured origins only', async () => {
    const allowed = await request(t.url)
      .options('/api/funds')
      .set('Origin', 'https://dashboard.orebro.se')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.orebro.se');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/authorization/i);

    const other = await request(t.url)
      .options('/api/funds')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
