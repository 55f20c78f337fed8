/**
 * The per-credential rate limit: a token bucket per token, a burst beyond it is a 429
 * problem+json with Retry-After, other tokens are not affected, and the bucket refills.
 */
import { TokenBucketLimiter } from '../../src/auth/rate-limiter';
import { startTestApp, TestApp } from '../support/test-app';

describe('token bucket', () => {
  it('allows the burst, then refills at the configured rate', () => {
    let nowMs = 0;
    const limiter = new TokenBucketLimiter('test', { burst: 3, perSecond: 2 }, () => nowMs);
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true);
    nowMs = 500;
    expect([limiter.take('a').allowed, limiter.take('a').allowed]).toEqual([true, false]);
    nowMs = 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('says how long until the next request is allowed', () => {
    const limiter = new TokenBucketLimiter('slow', { burst: 1, perSecond: 1 }, () => 0);
    limiter.take('a');
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    const slower = new TokenBucketLimiter('slower', { burst: 0, perSecond: 1 }, () => 0);
    expect(slower.take('a').allowed).toBe(true);
  });
});

describe('rate limit over HTTP', () => {
  let t: TestApp;
  const BURST = 5;

  beforeAll(async () => {
    t = await startTestApp({
      env: { LEDGER_RATE_LIMIT_BURST: String(BURST), LEDGER_RATE_LIMIT_PER_SECOND: '1' },
    });
  });
  afterAll(async () => t.close());

  it('answers a burst beyond the limit with 429 and Retry-After, per token', async () => {
    const finance = t.as('fia', 'finance');
    const statuses = [];
    for (let i = 0; i < BURST + 3; i++) statuses.push((await finance.get('/api/funds')).status);
    expect(statuses.slice(0, BURST - 1)).toEqual(Array(BURST - 1).fill(200));
    expect(statuses.at(-1)).toBe(429);

    const res = await finance.get('/api/funds').expect(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.body).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });

    await t.as('ada', 'auditor').get('/api/funds').expect(200);
  });
});
