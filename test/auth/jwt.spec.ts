/**
 * OIDC mode against a local identity provider: its JWKS is served on loopback by this test,
 * its tokens are signed here, and roles come from the token's claim (OIDC_ROLE_SOURCE=claim;
 * roles from the ledger's grants are test/web/oidc-sign-in.spec.ts's). A valid RS256 or ES256 token gets in as the mapped role; every
 * forgery or mismatch is a 401, and an identity without exactly one ledger role a 403.
 */
import { createHmac, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import { AUTHENTICATOR, Authenticator } from '../../src/auth/authenticator';
import { loadConfig } from '../../src/config/config';
import { collect } from '../../src/event-store/event-store';
import { eventCount, startTestApp, TestApp } from '../support/test-app';

const ISSUER = 'https://idp.example.se/realms/orebro';
const AUDIENCE = 'fund-ledger';
const ROLE_MAP =
  'ledger-finance=finance,ledger-lead=project-lead,ledger-audit=auditor,ledger-admin=admin';

interface Keys {
  readonly rsa: { privateKey: KeyObject; publicKey: KeyObject };
  readonly ec: { privateKey: KeyObject; publicKey: KeyObject };
  /** Looks like ours, is in no JWKS. */
  readonly stranger: { privateKey: KeyObject; publicKey: KeyObject };
}

const publicJwk = async (key: KeyObject, kid: string, alg: string): Promise<JWK> => ({
  ...(await exportJWK(key)),
  kid,
  alg,
  use: 'sig',
});

const serveJwks = (keys: readonly JWK[]): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys }));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });

type Claims = Record<string, unknown>;

const claims = (overrides: Claims = {}): Claims => ({
  preferred_username: 'fia.ek',
  realm_access: { roles: ['ledger-finance', 'offline_access'] },
  ...overrides,
});

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('OIDC JWT authentication', () => {
  let keys: Keys;
  let jwks: Server;
  let t: TestApp;

  const sign = (
    body: Claims = claims(),
    options: {
      alg?: 'RS256' | 'ES256';
      kid?: string;
      key?: KeyObject;
      issuer?: string;
      audience?: string;
      expires?: number | string;
      notBefore?: number | string;
      /** The JOSE header typ; an access token's (RFC 9068) unless told, null for none. */
      typ?: string | null;
    } = {},
  ): Promise<string> => {
    const alg = options.alg ?? 'RS256';
    const typ = options.typ === undefined ? 'at+jwt' : options.typ;
    const jwt = new SignJWT(body)
      .setProtectedHeader({
        alg,
        kid: options.kid ?? (alg === 'RS256' ? 'rsa-1' : 'ec-1'),
        ...(typ === null ? {} : { typ }),
      })
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m');
    if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
    return jwt.sign(options.key ?? (alg === 'RS256' ? keys.rsa.privateKey : keys.ec.privateKey));
  };

  const get = (token: string) =>
    t.anonymous().get('/api/funds').set('Authorization', `Bearer ${token}`);

  const refusedWith = async (token: string, status: number): Promise<Record<string, unknown>> => {
    const before = await eventCount(t.store);
    const res = await t
      .anonymous()
      .post('/api/funds')
      .set('Authorization', `Bearer ${token}`)
      .send({});
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await eventCount(t.store)).toBe(before);
    return res.body as Record<string, unknown>;
  };

  beforeAll(async () => {
    keys = {
      rsa: await generateKeyPair('RS256'),
      ec: await generateKeyPair('ES256'),
      stranger: await generateKeyPair('RS256'),
    };
    jwks = await serveJwks([
      await publicJwk(keys.rsa.publicKey, 'rsa-1', 'RS256'),
      await publicJwk(keys.ec.publicKey, 'ec-1', 'ES256'),
    ]);
    t = await startTestApp({
      env: {
        LEDGER_AUTH: 'oidc',
        OIDC_ISSUER: ISSUER,
        OIDC_AUDIENCE: `other-app,${AUDIENCE}`,
        OIDC_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`,
        OIDC_USER_CLAIM: 'preferred_username',
        OIDC_ROLES_CLAIM: 'realm_access.roles',
        OIDC_ROLE_MAP: ROLE_MAP,
        OIDC_ROLE_SOURCE: 'claim',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  it('lets in a valid RS256 or ES256 token as the mapped role', async () => {
    await get(await sign()).expect(200);
    await get(await sign(claims(), { alg: 'ES256' })).expect(200);
    // Finance passes the roles guard (the empty body is then a 400); an auditor does not.
    expect((await refusedWith(await sign(), 400)).code).toBe('VALIDATION_FAILED');
    const auditor = await sign(
      claims({ preferred_username: 'revisor', realm_access: { roles: ['ledger-audit'] } }),
    );
    await get(auditor).expect(200);
    expect((await refusedWith(auditor, 403)).code).toBe('FORBIDDEN');
  });

  it('records the authenticated actor in the event metadata', async () => {
    const res = await t
      .anonymous()
      .post('/api/funds')
      .set('Authorization', `Bearer ${await sign()}`)
      .send({
        fundId: 'oidc-fund',
        name: 'Fund',
        currency: 'SEK',
        decisionRef: 'Ks 1',
        tranches: [{ trancheId: 't1', name: 'T1', amount: '100.00' }],
      })
      .expect(201);
    expect(res.body.id).toBe('oidc-fund');
    const [first] = await collect(t.store.readStream('fund-oidc-fund'));
    expect(first.metadata.actor).toEqual({ id: 'fia.ek', role: 'finance' });
  });

  it('refuses a wrong issuer, a wrong audience, an expired or not yet valid token with 401', async () => {
    await refusedWith(await sign(claims(), { issuer: 'https://evil.example' }), 401);
    await refusedWith(await sign(claims(), { audience: 'some-other-api' }), 401);
    const now = Math.floor(Date.now() / 1000);
    await refusedWith(await sign(claims(), { expires: now - 3600 }), 401);
    await refusedWith(await sign(claims(), { notBefore: now + 3600, expires: now + 7200 }), 401);
  });

  it('tells an expired token the provider signed (lapsed, not counted against the address) from a forged one', async () => {
    const authenticator = t.app.get<Authenticator>(AUTHENTICATOR);
    const now = Math.floor(Date.now() / 1000);
    expect(await authenticator.authenticate(await sign(claims(), { expires: now - 3600 }))).toEqual(
      { kind: 'invalid', lapsed: true },
    );
    // Expired, but signed by a key no JWKS holds: a forgery like any other.
    expect(
      await authenticator.authenticate(
        await sign(claims(), { key: keys.stranger.privateKey, kid: 'rsa-1', expires: now - 3600 }),
      ),
    ).toEqual({ kind: 'invalid' });
    expect(
      await authenticator.authenticate(await sign(claims(), { issuer: 'https://evil.example' })),
    ).toEqual({ kind: 'invalid' });
  });

  it('refuses alg none, an unknown key, a tampered payload and HS256 keyed with the public key with 401', async () => {
    const valid = await sign();
    const [header, payload, signature] = valid.split('.');
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Claims;

    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    await refusedWith(none, 401);
    await refusedWith(
      `${b64({ alg: 'none', typ: 'JWT', kid: 'rsa-1' })}.${payload}.${signature}`,
      401,
    );

    await refusedWith(
      await sign(claims(), { key: keys.stranger.privateKey, kid: 'rsa-unknown' }),
      401,
    );
    await refusedWith(await sign(claims(), { key: keys.stranger.privateKey, kid: 'rsa-1' }), 401);

    const promoted = b64({ ...body, realm_access: { roles: ['ledger-admin'] } });
    await refusedWith(`${header}.${promoted}.${signature}`, 401);

    // The classic confusion: HMAC keyed with the public key, which anyone can fetch.
    for (const secret of [
      keys.rsa.publicKey.export({ type: 'spki', format: 'pem' }),
      JSON.stringify(await publicJwk(keys.rsa.publicKey, 'rsa-1', 'RS256')),
    ]) {
      const signingInput = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'rsa-1' })}.${payload}`;
      const hmac = createHmac('sha256', secret).update(signingInput).digest('base64url');
      await refusedWith(`${signingInput}.${hmac}`, 401);
    }
  });

  it('refuses a token without expiry and a malformed token with 401', async () => {
    const noExpiry = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(keys.rsa.privateKey);
    await refusedWith(noExpiry, 401);
    await refusedWith('abc.def.ghi', 401);
    await refusedWith(`flt_${'A'.repeat(43)}`, 401);
  });

  it('takes the access-token type at+jwt in any case, with or without application/', async () => {
    for (const typ of ['at+jwt', 'AT+JWT', 'application/at+jwt', 'Application/AT+JWT']) {
      await get(await sign(claims(), { typ })).expect(200);
    }
  });

  it('refuses an ID token for the same audience, and a JWT of no stated type, with 401', async () => {
    // What the provider hands the dashboard at login: same issuer, key and audience (the client id).
    const idToken = await sign(claims({ nonce: 'n-0S6_WzA2Mj', auth_time: 1_700_000_000 }), {
      typ: 'JWT',
    });
    await get(idToken).expect(401);
    await refusedWith(idToken, 401);
    await refusedWith(await sign(claims(), { typ: null }), 401);
    await refusedWith(await sign(claims(), { typ: 'id+jwt' }), 401);
    await refusedWith(await sign(claims(), { typ: 'at+jwt+x' }), 401);
  });

  describe('with the type in a claim (OIDC_ACCESS_TOKEN_TYPE=claim:typ=Bearer)', () => {
    let byClaim: TestApp;

    beforeAll(async () => {
      byClaim = await startTestApp({
        env: {
          LEDGER_AUTH: 'oidc',
          OIDC_ISSUER: ISSUER,
          OIDC_AUDIENCE: AUDIENCE,
          OIDC_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`,
          OIDC_USER_CLAIM: 'preferred_username',
          OIDC_ROLES_CLAIM: 'realm_access.roles',
          OIDC_ROLE_MAP: ROLE_MAP,
          OIDC_ROLE_SOURCE: 'claim',
          OIDC_ACCESS_TOKEN_TYPE: 'claim:typ=Bearer',
        },
      });
    });
    afterAll(async () => byClaim.close());

    const status = async (token: string): Promise<number> =>
      (await byClaim.anonymous().get('/api/funds').set('Authorization', `Bearer ${token}`)).status;

    it("lets in Keycloak's access token (typ claim Bearer, header typ JWT)", async () => {
      expect(await status(await sign(claims({ typ: 'Bearer' }), { typ: 'JWT' }))).toBe(200);
    });

    it('refuses its ID token (typ claim ID), another value and none with 401', async () => {
      expect(await status(await sign(claims({ typ: 'ID' }), { typ: 'JWT' }))).toBe(401);
      expect(await status(await sign(claims({ typ: 'bearer' }), { typ: 'JWT' }))).toBe(401);
      expect(await status(await sign(claims({ typ: ['Bearer'] }), { typ: 'JWT' }))).toBe(401);
      expect(await status(await sign(claims(), { typ: 'at+jwt' }))).toBe(401);
    });
  });

  it('refuses a configured type it cannot read', () => {
    const env = {
      LEDGER_AUTH: 'oidc',
      OIDC_ISSUER: ISSUER,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_JWKS_URL: 'https://idp.example.se/jwks',
    };
    expect(loadConfig(env).oidc?.accessTokenType).toEqual({ kind: 'header', typ: 'at+jwt' });
    expect(
      loadConfig({ ...env, OIDC_ACCESS_TOKEN_TYPE: 'claim:token_use=access' }).oidc
        ?.accessTokenType,
    ).toEqual({ kind: 'claim', claim: 'token_use', value: 'access' });
    for (const bad of ['JWT', 'claim:typ', 'claim:=Bearer', 'claim:typ=']) {
      expect(() => loadConfig({ ...env, OIDC_ACCESS_TOKEN_TYPE: bad })).toThrow(
        /OIDC_ACCESS_TOKEN_TYPE/,
      );
    }
  });

  it('answers 403 to an identity with no ledger role or several', async () => {
    expect(
      (await refusedWith(await sign(claims({ realm_access: { roles: ['offline_access'] } })), 403))
        .code,
    ).toBe('NO_LEDGER_ROLE');
    expect(
      (
        await refusedWith(
          await sign(claims({ realm_access: { roles: ['ledger-finance', 'ledger-admin'] } })),
          403,
        )
      ).code,
    ).toBe('ROLE_AMBIGUOUS');
  });

  it('answers 503, not 401, when the identity provider keys cannot be fetched', async () => {
    const closed = await serveJwks([]);
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await startTestApp({
      env: {
        LEDGER_AUTH: 'oidc',
        OIDC_ISSUER: ISSUER,
        OIDC_AUDIENCE: AUDIENCE,
        OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
        OIDC_USER_CLAIM: 'preferred_username',
        OIDC_ROLES_CLAIM: 'realm_access.roles',
        OIDC_ROLE_MAP: ROLE_MAP,
        OIDC_ROLE_SOURCE: 'claim',
      },
    });
    try {
      const res = await unreachable
        .anonymous()
        .get('/api/funds')
        .set('Authorization', `Bearer ${await sign()}`);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await unreachable.close();
    }
  });
});
