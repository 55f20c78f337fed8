/**
 * OIDC access tokens (JWTs) from the municipality's identity provider, checked with `jose`:
 * signature by a key from the issuer's JWKS (fetched, cached and re-fetched when an unknown
 * key id appears, so key rotation needs no restart), RS256 or ES256 only (so never `none`
 * and never an HMAC keyed with a public key), the exact issuer, one of our audiences, expiry
 * required, not-before honoured, and the access-token type: an ID token is often issued for
 * the same audience (the client id) by the same issuer and key, but it proves a login to the
 * client, not a grant to call this API (RFC 9068 § 4, `typ: at+jwt`; or a configured claim).
 * The user id and roles come from configurable claims.
 */
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import { OidcConfig } from '../config/config';
import { USER_ID_PATTERN } from '../shared/input-limits';
import { problem, ProblemException } from '../shared/problem';
import { AuthOutcome, Authenticator, INVALID, LAPSED } from './authenticator';
import { isRole, Role } from '../shared/roles';

/** Asymmetric only: a symmetric algorithm would let anyone holding the public key sign. */
export const JWT_ALGORITHMS = ['RS256', 'ES256'];
/** Clock skew tolerated between the identity provider and this service. */
export const JWT_CLOCK_TOLERANCE_SECONDS = 30;
/** Identity-provider tokens with many groups run to a few kB; far beyond that is not a token. */
export const MAX_JWT_LENGTH = 16_384;
/** How long a JWKS fetch may take before the request is answered 503. */
export const JWKS_TIMEOUT_MS = 5_000;
/** The least time between two JWKS fetches, so unknown key ids cannot make us hammer the IdP. */
export const JWKS_COOLDOWN_MS = 30_000;
/** Keys are fetched again at least this often, so a removed key stops working. */
export const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;
/** Bounds the roles claim we look through. */
const MAX_ROLE_VALUES = 200;

/** The claim at a dotted path (`realm_access.roles`), or undefined. */
const claimAt = (payload: JWTPayload, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    return Object.prototype.hasOwnProperty.call(value, key)
      ? (value as Record<string, unknown>)[key]
      : undefined;
  }, payload);

/** A roles claim is an array of strings or one space-separated string (like `scope`). */
const roleValues = (claim: unknown): string[] => {
  const values = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
  return values
    .slice(0, MAX_ROLE_VALUES)
    .filter((v): v is string => typeof v === 'string' && v !== '');
};

const toLedgerRoles = (
  values: readonly string[],
  roleMap: ReadonlyMap<string, Role> | undefined,
): Role[] => {
  const mapped = values.map((value) =>
    roleMap ? roleMap.get(value) : isRole(value) ? value : undefined,
  );
  return [...new Set(mapped.filter((role): role is Role => role !== undefined))];
};

/** What a bad token can cause; anything else (JWKS unreachable, slow, garbled) is our trouble. */
const TOKEN_FAULTS: readonly string[] = [
  errors.JWSInvalid.code,
  errors.JWTInvalid.code,
  errors.JWTExpired.code,
  errors.JWTClaimValidationFailed.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
];

/** A token fault is a 401; a key source that fails is a 503, so a client retries. */
const isTokenFault = (error: unknown): boolean =>
  error instanceof errors.JOSEError && TOKEN_FAULTS.includes(error.code);

const keysUnavailable = (): ProblemException =>
  new ProblemException(
    problem(
      503,
      'AUTH_UNAVAILABLE',
      "The identity provider's keys cannot be fetched right now; try again shortly.",
    ),
  );

/** What identify answers for an access token the provider signed whose `exp` has passed. */
export const EXPIRED = 'expired' as const;

/** The 401 for a token that identifies no one: lapsed when the provider signed it. */
export const identityFailure = (identity: typeof EXPIRED | undefined): AuthOutcome =>
  identity === EXPIRED ? LAPSED : INVALID;

export interface OidcIdentity {
  readonly id: string;
  /** The token's roles claim as ledger roles (through OIDC_ROLE_MAP). */
  readonly claimRoles: readonly Role[];
}

export class OidcAuthenticator implements Authenticator {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly config: OidcConfig,
    private readonly onKeyFailure: (error: unknown) => void = () => undefined,
  ) {
    this.keys = createRemoteJWKSet(new URL(config.jwksUrl), {
      timeoutDuration: JWKS_TIMEOUT_MS,
      cooldownDuration: JWKS_COOLDOWN_MS,
      cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
    });
  }

  async authenticate(credential: string): Promise<AuthOutcome> {
    const identity = await this.identify(credential);
    return identity === undefined || identity === EXPIRED
      ? identityFailure(identity)
      : this.actorOf(identity.id, identity.claimRoles);
  }

  /**
   * Who a valid access token stands for, and the ledger roles its roles claim maps to;
   * `EXPIRED` for a token the provider signed whose time has passed.
   */
  async identify(credential: string): Promise<OidcIdentity | typeof EXPIRED | undefined> {
    if (credential.length > MAX_JWT_LENGTH) return undefined;
    const payload = await this.verify(credential);
    if (payload === EXPIRED) return EXPIRED;
    if (!payload || !this.isAccessToken(payload)) return undefined;
    const id = claimAt(payload, this.config.userClaim);
    // The same shape as ledger user ids, so an OIDC user can be named as a project lead.
    if (typeof id !== 'string' || !USER_ID_PATTERN.test(id)) return undefined;
    const claimRoles = toLedgerRoles(
      roleValues(claimAt(payload, this.config.rolesClaim)),
      this.config.roleMap,
    );
    return { id, claimRoles };
  }

  private async verify(credential: string): Promise<JWTPayload | typeof EXPIRED | undefined> {
    try {
      const { payload } = await jwtVerify(credential, this.keys, {
        issuer: this.config.issuer,
        audience: [...this.config.audience],
        algorithms: JWT_ALGORITHMS,
        clockTolerance: JWT_CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
        // jose compares typ case-insensitively and without an `application/` prefix (RFC 9068).
        ...(this.config.accessTokenType.kind === 'header'
          ? { typ: this.config.accessTokenType.typ }
          : {}),
      });
      return payload;
    } catch (error) {
      // jose checks the signature before the claims: an expired token was signed by the provider.
      if (error instanceof errors.JWTExpired) return EXPIRED;
      if (isTokenFault(error)) return undefined;
      this.onKeyFailure(error);
      throw keysUnavailable();
    }
  }

  /** With a configured type claim, the claim must hold exactly the configured value. */
  private isAccessToken(payload: JWTPayload): boolean {
    const type = this.config.accessTokenType;
    switch (type.kind) {
      case 'header':
        return true; // checked by jwtVerify
      case 'claim':
        return claimAt(payload, type.claim) === type.value;
      default: {
        const exhaustive: never = type;
        throw new Error(`unknown access token type ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  /** A credential acts in exactly one role, so every event says in which capacity it was made. */
  actorOf(id: string, roles: readonly Role[]): AuthOutcome {
    if (roles.length === 0) {
      return {
        kind: 'no-role',
        code: 'NO_LEDGER_ROLE',
        detail: 'Your identity holds no role in the ledger.',
      };
    }
    if (roles.length > 1) {
      return {
        kind: 'no-role',
        code: 'ROLE_AMBIGUOUS',
        detail: `Your identity maps to several ledger roles (${roles.join(', ')}); it must map to exactly one.`,
      };
    }
    return { kind: 'authenticated', actor: { id, role: roles[0] }, rateKey: `oidc:${id}` };
  }
}
