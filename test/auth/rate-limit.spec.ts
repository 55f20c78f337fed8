/**
 * The rate limits: a token bucket per user (all of a user's tokens draw on it), a burst
 * beyond it is a 429 problem+json with Retry-After, other users are not affected, and the
 * bucket refills. Failed authentications are logged without the credential and counted per
 * client address; past that limit the address is answered 429 before its credential is checked.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import request from 'supertest';
import { AUTHENTICATOR, Authenticator } from '../../src/auth/authenticator';
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

  it('peeks without taking', () => {
    let nowMs = 0;
    const limiter = new TokenBucketLimiter('peek', { burst: 2, perSecond: 0.5 }, () => nowMs);
    expect([limiter.peek('a'), limiter.peek('a'), limiter.peek('a')]).toEqual(
      Array(3).fill({ allowed: true }),
    );
    limiter.take('a');
    limiter.take('a');
    expect(limiter.peek('a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    nowMs = 2_000;
    expect(limiter.peek('a')).toEqual({ allowed: true });
  });
});

/** A service whose per-user bucket holds `burst` requests, refilled at one a second. */
const rateLimitedApp = (burst: number): Promise<TestApp> =>
  startTestApp({
    env: { LEDGER_RATE_LIMIT_BURST: String(burst), LEDGER_RATE_LIMIT_PER_SECOND: '1' },
  });

describe('rate limit over HTTP', () => {
  let t: TestApp;
  const BURST = 5;

  beforeAll(async () => {
    t = await rateLimitedApp(BURST);
  });
  afterAll(async () => t.close());

  it('answers a burst beyond the limit with 429 and Retry-After, per user', async () => {
    const finance = t.as('fia', 'finance');
    // Sent at once, so a loaded machine cannot spread them over the refill: the bucket refills
    // at 1/s and the allowance is BURST plus one per second the burst took to answer.
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: BURST * 3 }, () => finance.get('/api/funds')),
    );
    const refilled = Math.ceil((Date.now() - started) / 1000);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    const allowed = statuses.filter((s) => s === 200).length;
    expect(allowed).toBeGreaterThanOrEqual(BURST);
    expect(allowed).toBeLessThanOrEqual(BURST + refilled);

    const res = responses.find((r) => r.status === 429);
    expect(res).toBeDefined();
    expect(res!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res!.body).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });

    await t.as('ada', 'auditor').get('/api/funds').expect(200);
  });
});

describe('rate limit per user, not per token', () => {
  let t: TestApp;
  const BURST = 5;
  const TOKENS = 3;

  beforeAll(async () => {
    t = await rateLimitedApp(BURST);
  });
  afterAll(async () => t.close());

  it("spends one bucket whichever of a user's tokens is sent", async () => {
    const admin = { id: 'it-admin', role: 'admin' };
    await t.users.addUser('multi', 'finance', null, admin);
    const tokens: string[] = [];
    for (let i = 0; i < TOKENS; i++) {
      tokens.push((await t.users.issueToken('multi', 'finance', admin)).token);
    }
    const statuses: number[] = [];
    const started = Date.now();
    // Round-robin: per token, every request would fit in its token's own burst.
    for (let i = 0; i < BURST * TOKENS; i++) {
      const res = await request(t.url)
        .get('/api/funds')
        .set('Authorization', `Bearer ${tokens[i % TOKENS]}`);
      statuses.push(res.status);
    }
    // The bucket refills at 1/s: a slow run earns a request per second, never a burst per token.
    const refilled = Math.ceil((Date.now() - started) / 1000);
    const allowed = statuses.filter((s) => s === 200).length;
    expect(statuses.slice(0, BURST)).toEqual(Array(BURST).fill(200));
    expect(allowed).toBeLessThanOrEqual(BURST + refilled);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    await t.as('ada', 'auditor').get('/api/funds').expect(200);
  });
});

describe('a lapsed credential sent again and again', () => {
  let t: TestApp;
  const BURST = 5;

  beforeAll(async () => {
    t = await rateLimitedApp(BURST);
  });
  afterAll(async () => t.close());

  it('is limited like a user (429), though it is not counted against the address', async () => {
    const admin = { id: 'it-admin', role: 'admin' };
    await t.users.addUser('gone', 'finance', null, admin);
    const issued = await t.users.issueToken('gone', 'finance', admin);
    await t.users.revokeToken(issued.tokenId, admin);
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < BURST * 3; i++) {
      const res = await request(t.url)
        .get('/api/funds')
        .set('Authorization', `Bearer ${issued.token}`);
      statuses.push(res.status);
    }
    const refilled = Math.ceil((Date.now() - started) / 1000);
    expect(statuses.slice(0, BURST)).toEqual(Array(BURST).fill(401));
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(BURST + refilled);
    // Lapsed, so not counted against the address: another user there is served.
    await t.as('ada', 'auditor').get('/api/funds').expect(200);
  });
});

describe('failed authentications per address', () => {
  const FAILURES = 3;
  const logLines: string[] = [];
  let t: TestApp;
  let checked = 0;

  beforeAll(async () => {
    t = await startTestApp({
      env: { LEDGER_AUTH_FAILURE_BURST: String(FAILURES), LEDGER_AUTH_FAILURES_PER_MINUTE: '1' },
      logger: pino({ level: 'warn' }, { write: (line: string) => logLines.push(line) }),
    });
    const authenticator = t.app.get<Authenticator>(AUTHENTICATOR);
    const authenticate = authenticator.authenticate.bind(authenticator);
    jest.spyOn(authenticator, 'authenticate').mockImplementation((credential) => {
      checked += 1;
      return authenticate(credential);
    });
  });
  afterAll(async () => t.close());

  const get = (authorization?: string) => {
    const call = request(t.url).get('/api/funds');
    return authorization === undefined ? call : call.set('Authorization', authorization);
  };

  it('does not count requests that send no credential', async () => {
    for (let i = 0; i < FAILURES + 2; i++) await get().expect(401);
    await t.as('fia', 'finance').get('/api/funds').expect(200);
  });

  it('does not count a genuine token that was revoked: an office behind one address is not locked out by it', async () => {
    const admin = { id: 'it-admin', role: 'admin' } as const;
    await t.users.addUser('lapsed', 'auditor', null, admin);
    const issued = await t.users.issueToken('lapsed', 'auditor', admin);
    await get(`Bearer ${issued.token}`).expect(200);
    await t.users.revokeToken(issued.tokenId, admin);
    for (let i = 0; i < FAILURES + 2; i++) await get(`Bearer ${issued.token}`).expect(401);
    // Still not refused: a good token from the same address is served.
    await t.as('fia', 'finance').get('/api/funds').expect(200);
    const lapsed = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'authentication failed');
    expect(lapsed).toHaveLength(FAILURES + 2);
    for (const entry of lapsed) {
      expect(entry).toMatchObject({ lapsed: true, counted: false, addressRefusedNow: false });
    }
    logLines.length = 0;
  });

  it('logs each failure without the credential, then refuses the address before any check', async () => {
    const guesses = Array.from({ length: FAILURES }, (_, i) => `flt_${String(i).repeat(43)}`);
    guesses[FAILURES - 1] = 'Basic ZnJlZDpzZWNyZXQ=';
    for (const guess of guesses) {
      await get(guess.startsWith('Basic') ? guess : `Bearer ${guess}`).expect(401);
    }

    const failures = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'authentication failed');
    expect(failures).toHaveLength(FAILURES);
    expect(failures[0]).toMatchObject({
      address: expect.stringMatching(/127\.0\.0\.1/),
      method: 'GET',
      path: '/api/funds',
      credential: `sha256:${createHash('sha256').update(guesses[0]).digest('hex').slice(0, 8)}…`,
    });
    expect(failures.at(-1)).toMatchObject({ credential: 'malformed', addressRefusedNow: true });
    const everything = logLines.join('\n');
    for (const guess of guesses) expect(everything).not.toContain(guess.replace('Basic ', ''));

    // Now even a good token from this address is refused, and not looked at.
    const token = await t.tokenFor('fia', 'finance');
    const before = checked;
    const refused = await get(`Bearer ${token}`).expect(429);
    expect(checked).toBe(before);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({
      status: 429,
      code: 'TOO_MANY_FAILED_AUTHENTICATIONS',
      retryAfterSeconds: Number(refused.headers['retry-after']),
    });
    await get(`Bearer ${guesses[0]}`).expect(429);
    expect(logLines.join('\n')).not.toContain(token);
  });
});

describe('failed authentications behind a trusted proxy', () => {
  const FAILURES = 2;
  const guess = `Bearer flt_${'7'.repeat(43)}`;
  const from = (t: TestApp, client: string) =>
    request(t.url).get('/api/funds').set('Authorization', guess).set('X-Forwarded-For', client);

  it('counts them against the client the proxy names when the proxy is trusted', async () => {
    const t = await startTestApp({
      env: {
        LEDGER_AUTH_FAILURE_BURST: String(FAILURES),
        LEDGER_AUTH_FAILURES_PER_MINUTE: '1',
        LEDGER_TRUSTED_PROXIES: 'loopback',
      },
    });
    try {
      for (let i = 0; i < FAILURES; i++) await from(t, '203.0.113.5').expect(401);
      const refused = await from(t, '203.0.113.5').expect(429);
      expect(refused.body.code).toBe('TOO_MANY_FAILED_AUTHENTICATIONS');
      // Another client behind the same proxy is not refused for the first one's guesses.
      await from(t, '203.0.113.6').expect(401);
    } finally {
      await t.close();
    }
  });

  it('ignores the header from anyone not named, so a client cannot choose its address', async () => {
    const t = await startTestApp({
      env: { LEDGER_AUTH_FAILURE_BURST: String(FAILURES), LEDGER_AUTH_FAILURES_PER_MINUTE: '1' },
    });
    try {
      for (let i = 0; i < FAILURES; i++) await from(t, `203.0.113.${10 + i}`).expect(401);
      const refused = await from(t, '203.0.113.99').expect(429);
      expect(refused.body.code).toBe('TOO_MANY_FAILED_AUTHENTICATIONS');
    } finally {
      await t.close();
    }
  });
});
