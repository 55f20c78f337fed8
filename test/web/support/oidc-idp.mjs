// A real OpenID Connect provider (the `oidc-provider` package) on loopback for the sign-in
// specs, run in its own Node process because the package is an ES module. One public client
// (the dashboard) with PKCE; its development login and consent pages accept any user name
// and password; access tokens are JWTs (RFC 9068) for the ledger's audience. Prints one JSON
// line `{ "issuer": … }` when it listens. Configured by the environment:
// IDP_PORT, IDP_CLIENT_ID, IDP_REDIRECT_URI, IDP_AUDIENCE, IDP_NAMES (JSON: user id → name).
import process from 'node:process';
import Provider from 'oidc-provider';

const port = Number(process.env.IDP_PORT);
const issuer = `http://127.0.0.1:${port}`;
const names = JSON.parse(process.env.IDP_NAMES ?? '{}');
const audience = process.env.IDP_AUDIENCE;
const RESOURCE = 'urn:fund-ledger:api';

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.IDP_CLIENT_ID,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [process.env.IDP_REDIRECT_URI],
      post_logout_redirect_uris: [process.env.IDP_REDIRECT_URI],
    },
  ],
  claims: { openid: ['sub'], profile: ['name'] },
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, ...(names[id] ? { name: names[id] } : {}) }),
  }),
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'ledger',
        audience,
        accessTokenTTL: 600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  pkce: { required: () => true },
});

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
