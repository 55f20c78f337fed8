/**
 * The dashboard's OIDC sign-in (authorization code with PKCE) and where an OIDC user's ledger
 * role comes from. Part of the OIDC settings (config.ts), read only with LEDGER_AUTH=oidc.
 */
import { z } from 'zod';
import { isHttpsOrLoopback, IssueSink, oneOf, refuse, trimmedVar } from './env-fields';

/**
 * `ledger`: the role granted to the user in the ledger's users stream (the token's roles
 * claim is ignored), so who may do what is recorded as events and managed in the ledger.
 * `ledger-then-claim`: those grants for a person the ledger's user register knows (also when
 * every role was revoked: then none), and only for a person it has never seen the token's
 * roles claim through OIDC_ROLE_MAP. `claim`: only the claim.
 */
export const OIDC_ROLE_SOURCES = ['ledger', 'ledger-then-claim', 'claim'] as const;
export type OidcRoleSource = (typeof OIDC_ROLE_SOURCES)[number];

/** What the dashboard needs to send a person to the identity provider and back. */
export interface OidcSignInConfig {
  /** The dashboard's client id at the identity provider (a public client: no secret, PKCE). */
  readonly clientId: string;
  /** Where the provider sends the browser back: the dashboard's own address. */
  readonly redirectUri: string;
  /** Space-separated scopes asked for; `openid` is always among them. */
  readonly scope: string;
}

export const DEFAULT_OIDC_SCOPES = 'openid profile';
/** Far beyond any real client id or scope list; a longer value is a mistake. */
const MAX_SETTING_LENGTH = 2_048;
const CLIENT_ID = /^[\x21-\x7e]+$/;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** The dashboard's sign-in variables (part of the OIDC schema in config.ts). */
export const OIDC_SIGN_IN_SHAPE = {
  OIDC_CLIENT_ID: trimmedVar,
  OIDC_REDIRECT_URI: trimmedVar,
  OIDC_SCOPES: trimmedVar,
  OIDC_ROLE_SOURCE: oneOf('OIDC_ROLE_SOURCE', OIDC_ROLE_SOURCES, 'ledger', trimmedVar),
};

export const OIDC_SIGN_IN_VARIABLES = Object.keys(
  OIDC_SIGN_IN_SHAPE,
) as readonly (keyof typeof OIDC_SIGN_IN_SHAPE)[];

/** The sign-in variables as the schema reads them. */
export type OidcSignInEnv = z.output<z.ZodObject<typeof OIDC_SIGN_IN_SHAPE>>;

/** https, or http on loopback (tests, a developer's machine); no fragment (RFC 6749 § 3.1.2). */
export const isSecureEnoughUrl = (raw: string): boolean => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.hash === '' && isHttpsOrLoopback(url);
};

const scopes = (raw: string | undefined, ctx: IssueSink): string => {
  const text = raw ?? DEFAULT_OIDC_SCOPES;
  const list = text.split(/\s+/);
  if (text.length > MAX_SETTING_LENGTH || !list.every((s) => SCOPE.test(s))) {
    refuse(ctx, `OIDC_SCOPES=${JSON.stringify(text)}: must be space-separated scope names`);
    return DEFAULT_OIDC_SCOPES;
  }
  return (list.includes('openid') ? list : ['openid', ...list]).join(' ');
};

/** Both of client id and redirect or neither; the scopes are read only with them. */
const signIn = (env: OidcSignInEnv, ctx: IssueSink): OidcSignInConfig | undefined => {
  const clientId = env.OIDC_CLIENT_ID;
  const redirectUri = env.OIDC_REDIRECT_URI;
  if (clientId === undefined && redirectUri === undefined) return undefined;
  if (clientId === undefined || clientId.length > MAX_SETTING_LENGTH || !CLIENT_ID.test(clientId))
    refuse(
      ctx,
      "OIDC_CLIENT_ID: required with OIDC_REDIRECT_URI (the dashboard's client id at the identity provider), printable characters without spaces",
    );
  if (redirectUri === undefined || !isSecureEnoughUrl(redirectUri))
    refuse(
      ctx,
      `OIDC_REDIRECT_URI=${JSON.stringify(redirectUri ?? '')}: required with OIDC_CLIENT_ID, the dashboard's address (e.g. https://fond.orebro.se/); https (http only on localhost), no #fragment`,
    );
  return {
    clientId: clientId ?? '',
    redirectUri: redirectUri ?? '',
    scope: scopes(env.OIDC_SCOPES, ctx),
  };
};

/** Also checks the issuer's form: its discovery document is fetched from it. */
export const oidcSignInSettings = (
  env: OidcSignInEnv,
  issuer: string | undefined,
  ctx: IssueSink,
): { roleSource: OidcRoleSource; signIn: OidcSignInConfig | undefined } => {
  const settings = { roleSource: env.OIDC_ROLE_SOURCE, signIn: signIn(env, ctx) };
  if (settings.signIn && issuer !== undefined && !isSecureEnoughUrl(issuer))
    refuse(
      ctx,
      `OIDC_ISSUER=${JSON.stringify(issuer)}: with OIDC_CLIENT_ID the dashboard fetches the issuer's discovery document, so it must be https (http only on localhost)`,
    );
  return settings;
};
