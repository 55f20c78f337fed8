/**
 * The dashboard's OIDC settings: both of client id and redirect or neither, a redirect the
 * provider can safely send a code to, scopes that always include openid, and where roles
 * come from (the ledger unless told otherwise).
 */
import { loadConfig } from '../../src/config/config';
import { problemsOf } from './support/problems';

const OIDC = {
  LEDGER_AUTH: 'oidc',
  OIDC_ISSUER: 'https://sso.orebro.se/realms/kommun',
  OIDC_AUDIENCE: 'fund-ledger',
  OIDC_JWKS_URL: 'https://sso.orebro.se/realms/kommun/certs',
};

describe('OIDC sign-in configuration', () => {
  it('takes roles from the ledger and offers no dashboard sign-in unless configured', () => {
    expect(loadConfig(OIDC).oidc).toMatchObject({ roleSource: 'ledger', signIn: undefined });
  });

  it('reads the client, the redirect and the scopes, openid always among them', () => {
    const config = loadConfig({
      ...OIDC,
      OIDC_CLIENT_ID: 'fund-dashboard',
      OIDC_REDIRECT_URI: 'https://fond.orebro.se/',
      OIDC_SCOPES: 'profile api://fund-ledger/access',
      OIDC_ROLE_SOURCE: 'ledger-then-claim',
    });
    expect(config.oidc).toMatchObject({
      roleSource: 'ledger-then-claim',
      signIn: {
        clientId: 'fund-dashboard',
        redirectUri: 'https://fond.orebro.se/',
        scope: 'openid profile api://fund-ledger/access',
      },
    });
  });

  it('refuses half a client, an insecure or fragment redirect, and an unknown role source', () => {
    expect(problemsOf({ ...OIDC, OIDC_CLIENT_ID: 'fund-dashboard' }).join('\n')).toContain(
      'OIDC_REDIRECT_URI',
    );
    expect(
      problemsOf({ ...OIDC, OIDC_REDIRECT_URI: 'https://fond.orebro.se/' }).join('\n'),
    ).toContain('OIDC_CLIENT_ID');
    for (const redirect of ['http://fond.orebro.se/', 'https://fond.orebro.se/#x', 'fond']) {
      expect(
        problemsOf({ ...OIDC, OIDC_CLIENT_ID: 'c', OIDC_REDIRECT_URI: redirect }).join('\n'),
      ).toContain('OIDC_REDIRECT_URI');
    }
    expect(
      problemsOf({ ...OIDC, OIDC_CLIENT_ID: 'c', OIDC_REDIRECT_URI: 'http://127.0.0.1:3000/' }),
    ).toEqual([]);
    expect(problemsOf({ ...OIDC, OIDC_ROLE_SOURCE: 'groups' }).join('\n')).toContain(
      'OIDC_ROLE_SOURCE',
    );
  });
});
