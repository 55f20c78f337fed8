/**
 * OIDC_ROLE_SOURCE=ledger-then-claim against a local identity provider (its JWKS served on
 * loopback, its access tokens signed here): a person the ledger's user register knows (ever
 * added) is judged by the ledger's grants alone; the token's roles claim counts only for a
 * person the register has never seen. An admin's revocation of a person's last role used to
 * leave the person acting in the role their token claimed (finance after "left the finance
 * unit"), while the Users page showed them with no role.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { collect } from '../../src/event-store/event-store';
import { USERS_STREAM } from '../../src/auth/users.events';
import { eventCount, startTestApp, TestApp } from '../support/test-app';

const ISSUER = 'https://sso.orebro.example/realms/kommun';
const AUDIENCE = 'fund-ledger';
const SETUP = { id: 'cli:root', role: 'admin' } as const;

const FUND = {
  fundId: 'vera-fund',
  name: 'Fond',
  currency: 'SEK',
  decisionRef: 'Ks 1',
  tranches: [{ trancheId: 't1', name: 'T1', amount: '100.00' }],
};

describe('OIDC roles with ledger-then-claim', () => {
  let key: KeyLike;
  let jwks: Server;
  let t: TestApp;

  const tokenOf = (user: string, idpRoles: string[]): Promise<string> =>
    new SignJWT({ preferred_username: user, roles: idpRoles })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  const me = (token: string) =>
    t.anonymous().get('/api/me').set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = await new Promise<Server>((resolve) => {
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
    t = await startTestApp({
      env: {
        LEDGER_AUTH: 'oidc',
        OIDC_ISSUER: ISSUER,
        OIDC_AUDIENCE: AUDIENCE,
        OIDC_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`,
        OIDC_USER_CLAIM: 'preferred_username',
        OIDC_ROLE_SOURCE: 'ledger-then-claim',
        OIDC_ROLE_MAP: 'fund-finance=finance,fund-audit=auditor,fund-admin=admin',
      },
    });
    await t.users.addUser('it-admin', 'admin', 'IT Admin', SETUP);
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  it('takes the claim for a person the register has never seen', async () => {
    const res = await me(await tokenOf('nils.ny', ['fund-finance'])).expect(200);
    expect(res.body).toMatchObject({ id: 'nils.ny', role: 'finance' });
  });

  it('takes the ledger’s grant, not the claim, for a registered person', async () => {
    await t.users.addUser('olle.reg', 'auditor', null, SETUP);
    const res = await me(await tokenOf('olle.reg', ['fund-finance'])).expect(200);
    expect(res.body).toMatchObject({ id: 'olle.reg', role: 'auditor' });
  });

  it('ends the access of a person whose last role an admin revokes, whatever the token claims', async () => {
    const admin = await tokenOf('it-admin', []);
    const vera = await tokenOf('vera.ek', ['fund-finance']);
    await t
      .anonymous()
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ userId: 'vera.ek', name: 'Vera Ek', role: 'finance' })
      .expect(201);
    expect((await me(vera).expect(200)).body).toMatchObject({ role: 'finance' });

    await t
      .anonymous()
      .post('/api/users/vera.ek/revocations')
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'finance', reason: 'left the finance unit' })
      .expect(201);
    const users = await collect(t.store.readStream(USERS_STREAM));
    expect(users.at(-1)).toMatchObject({
      type: 'RoleRevoked',
      data: { userId: 'vera.ek', role: 'finance' },
    });

    const refused = await me(vera).expect(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('NO_LEDGER_ROLE');
    expect(refused.body.detail).toMatch(/vera\.ek .*claim counts only for a person .*never seen/);
    const before = await eventCount(t.store);
    await t
      .anonymous()
      .post('/api/funds')
      .set('Authorization', `Bearer ${vera}`)
      .send(FUND)
      .expect(403);
    expect(await eventCount(t.store)).toBe(before);

    // A grant in the ledger, not a group at the provider, gives the access back.
    await t
      .anonymous()
      .post('/api/users/vera.ek/grants')
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'auditor' })
      .expect(201);
    expect((await me(vera).expect(200)).body).toMatchObject({ role: 'auditor' });
  });
});
