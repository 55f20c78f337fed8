/**
 * The service's side of the dashboard's OIDC sign-in: it reads the identity provider's
 * discovery document (cached; requests arriving during a read share it) and exchanges an
 * authorization code for tokens at the provider's token endpoint, on the page's behalf. The
 * page keeps its strict content security policy (`connect-src 'self'`) and needs no CORS at
 * the provider: it talks only to this service, and only navigates to the provider. The code
 * is bound to the page's PKCE verifier, so relaying it gives this service nothing it could
 * use alone.
 */
import { OidcConfig } from '../config/config';
import { OidcSignInConfig } from '../config/oidc-sign-in.config';
import { problem, ProblemException } from '../shared/problem';

/** How long a call to the identity provider may take before the page is told to retry. */
export const PROVIDER_TIMEOUT_MS = 5_000;
/** The discovery document is read again after this, so a moved endpoint needs no restart. */
export const DISCOVERY_MAX_AGE_MS = 60 * 60_000;
/** A failed discovery is not retried sooner than this, so a down provider is not hammered. */
export const DISCOVERY_RETRY_MS = 10_000;
/** Discovery documents and token answers are a few kB; a larger answer is refused unread. */
export const MAX_PROVIDER_ANSWER_BYTES = 256 * 1024;

export interface ProviderEndpoints {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly endSessionEndpoint: string | undefined;
}

/** What the page gets after a successful exchange; it keeps it in memory only. */
export interface SignInTokens {
  readonly accessToken: string;
  readonly idToken: string | undefined;
  readonly expiresIn: number | undefined;
}

const unavailable = (detail: string): ProblemException =>
  new ProblemException(problem(503, 'AUTH_UNAVAILABLE', detail));

const readJson = async (response: Response): Promise<Record<string, unknown>> => {
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_PROVIDER_ANSWER_BYTES) throw new Error('answer too large');
  const text = await response.text();
  if (text.length > MAX_PROVIDER_ANSWER_BYTES) throw new Error('answer too large');
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('not a JSON object');
  return parsed as Record<string, unknown>;
};

const endpoint = (document: Record<string, unknown>, name: string): string | undefined => {
  const value = document[name];
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined;
  } catch {
    return undefined;
  }
};

export class OidcProviderClient {
  private discovered: { endpoints: ProviderEndpoints; atMs: number } | undefined;
  private failedAtMs: number | undefined;
  /** The discovery under way, shared by the requests that arrive while it runs. */
  private discovering: Promise<ProviderEndpoints> | undefined;

  constructor(
    private readonly oidc: OidcConfig,
    readonly signIn: OidcSignInConfig,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  async endpoints(): Promise<ProviderEndpoints> {
    const now = this.nowMs();
    if (this.discovered && now - this.discovered.atMs < DISCOVERY_MAX_AGE_MS)
      return this.discovered.endpoints;
    if (this.failedAtMs !== undefined && now - this.failedAtMs < DISCOVERY_RETRY_MS)
      throw unavailable(
        'The identity provider could not be reached a moment ago; try again shortly.',
      );
    this.discovering ??= this.rediscover(now).finally(() => {
      this.discovering = undefined;
    });
    return this.discovering;
  }

  private async rediscover(now: number): Promise<ProviderEndpoints> {
    try {
      const endpoints = await this.discover();
      this.discovered = { endpoints, atMs: now };
      this.failedAtMs = undefined;
      return endpoints;
    } catch (error) {
      this.failedAtMs = now;
      if (error instanceof ProblemException) throw error;
      throw unavailable("The identity provider's discovery document cannot be read right now.");
    }
  }

  /** Trades the code for tokens; the provider's refusal is the page's 400, its absence a 503. */
  async exchange(code: string, codeVerifier: string): Promise<SignInTokens> {
    const { tokenEndpoint } = await this.endpoints();
    let response: Response;
    try {
      response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: this.signIn.redirectUri,
          client_id: this.signIn.clientId,
          code_verifier: codeVerifier,
        }).toString(),
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch {
      throw unavailable("The identity provider's token endpoint cannot be reached right now.");
    }
    return this.tokensFrom(response);
  }

  private async tokensFrom(response: Response): Promise<SignInTokens> {
    let answer: Record<string, unknown>;
    try {
      answer = await readJson(response);
    } catch {
      throw unavailable(
        'The identity provider answered the token request with something unreadable.',
      );
    }
    if (response.status >= 500) throw unavailable('The identity provider failed to issue tokens.');
    const accessToken = answer.access_token;
    if (!response.ok || typeof accessToken !== 'string') {
      const reason = typeof answer.error === 'string' ? answer.error : `HTTP ${response.status}`;
      throw new ProblemException(
        problem(
          400,
          'SIGN_IN_CODE_REFUSED',
          `The identity provider refused the sign-in (${reason.slice(0, 100)}); sign in again.`,
        ),
      );
    }
    return {
      accessToken,
      idToken: typeof answer.id_token === 'string' ? answer.id_token : undefined,
      expiresIn: typeof answer.expires_in === 'number' ? answer.expires_in : undefined,
    };
  }

  private async discover(): Promise<ProviderEndpoints> {
    const url = `${this.oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      redirect: 'error',
    });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const document = await readJson(response);
    // The document must be the configured issuer's own (OpenID Connect Discovery § 4.3).
    if (document.issuer !== this.oidc.issuer) throw new Error('discovery names another issuer');
    const authorizationEndpoint = endpoint(document, 'authorization_endpoint');
    const tokenEndpoint = endpoint(document, 'token_endpoint');
    if (!authorizationEndpoint || !tokenEndpoint) throw new Error('discovery lacks endpoints');
    return {
      authorizationEndpoint,
      tokenEndpoint,
      endSessionEndpoint: endpoint(document, 'end_session_endpoint'),
    };
  }
}
