/**
 * Configuration from the environment, validated once at start-up. A bad value stops the
 * service with a message naming the variable, the value and what is allowed.
 */
import { basename, dirname, extname, join, resolve } from 'node:path';
import { isRole, Role } from '../auth/roles';
import {
  OIDC_SIGN_IN_VARIABLES,
  OidcRoleSource,
  OidcSignInConfig,
  oidcSignInSettings,
} from './oidc-sign-in.config';

export const STORE_KINDS = ['sqlite', 'eventstoredb'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const AUTH_MODES = ['tokens', 'oidc'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** How OIDC access tokens (JWTs) are checked and mapped to a ledger actor. */
export interface OidcConfig {
  /** The exact `iss` the tokens must carry. */
  readonly issuer: string;
  /** Accepted `aud` values; a token must name at least one. */
  readonly audience: readonly string[];
  readonly jwksUrl: string;
  /** Claim holding the user id (`sub` by default). */
  readonly userClaim: string;
  /** Claim holding the roles; a dotted path reaches into objects (`realm_access.roles`). */
  readonly rolesClaim: string;
  /** Identity-provider role → ledger role; undefined means the claim holds ledger role names. */
  readonly roleMap: ReadonlyMap<string, Role> | undefined;
  /** Where a user's ledger role comes from: the ledger's grants, or the token's roles claim. */
  readonly roleSource: OidcRoleSource;
  /** The dashboard's sign-in; undefined when OIDC_CLIENT_ID is not set (API-only OIDC). */
  readonly signIn: OidcSignInConfig | undefined;
  /** How an access token is told from an ID token or any other JWT for the same audience. */
  readonly accessTokenType: AccessTokenType;
}

/**
 * `at+jwt`: the JOSE header `typ` of RFC 9068 (`at+jwt` or `application/at+jwt`, any case).
 * A claim: for providers that mark access tokens in the payload instead (Keycloak's `typ`
 * claim `Bearer`, Cognito's `token_use` claim `access`).
 */
export type AccessTokenType =
  | { readonly kind: 'header'; readonly typ: 'at+jwt' }
  | { readonly kind: 'claim'; readonly claim: string; readonly value: string };

export const DEFAULT_ACCESS_TOKEN_TYPE: AccessTokenType = { kind: 'header', typ: 'at+jwt' };

/** A token bucket: `burst` requests at once, refilled at `perSecond`. */
export interface RateLimitConfig {
  /** 0 turns the limit off. */
  readonly burst: number;
  readonly perSecond: number;
}

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly store: StoreKind;
  readonly sqlitePath: string;
  readonly eventstoreUrl: string | undefined;
  readonly logLevel: LogLevel;
  /** Largest request body accepted, in bytes; larger is a 413. */
  readonly bodyLimitBytes: number;
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  readonly shutdownGraceMs: number;
  /** How callers authenticate: bearer tokens issued by the `ledger` CLI, or OIDC JWTs. */
  readonly auth: AuthMode;
  /** The SQLite file holding token hashes (never the event log). */
  readonly tokensPath: string;
  /** Present exactly when auth is 'oidc'. */
  readonly oidc: OidcConfig | undefined;
  /** Browser origins allowed to call the API; empty means CORS stays off. */
  readonly corsOrigins: readonly string[];
  /** Per-user request limit on /api (every token of a user draws on one bucket). */
  readonly rateLimit: RateLimitConfig;
  /** Failed authentications per client address; past it the address gets 429 before any check. */
  readonly authFailureLimit: RateLimitConfig;
  /** The SQLite file holding the read models and their checkpoint (rebuildable from the ledger). */
  readonly readModelPath: string;
  /** Days after a forecast period's end before its missing effect report is overdue. */
  readonly followUpGraceDays: number;
  /** Indicator status: within this many percentage points of the planned path is on-track. */
  readonly indicatorOnTrackPct: number;
  /** Indicator status: within this many is watch; beyond it, deviation. */
  readonly indicatorWatchPct: number;
  /** Limits on slow or greedy clients at the HTTP edge. */
  readonly httpEdge: HttpEdgeConfig;
  /** When set, `GET /metrics` needs `Authorization: Bearer <it>`; unset, /metrics is open. */
  readonly metricsToken: string | undefined;
}

/** How long a client may take, and how many connections one address may hold. */
export interface HttpEdgeConfig {
  /** The whole request (headers and body) must arrive within this; otherwise 408 and closed. */
  readonly requestTimeoutMs: number;
  /** The request's headers must arrive within this (at most requestTimeoutMs). */
  readonly headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections one client address may hold at once; 0 turns the cap off. */
  readonly maxConnectionsPerClient: number;
}

/**
 * A command body is a few kilobytes: 30 s is ample on a slow mobile link, while a client
 * trickling bytes cannot hold a socket for minutes. Headers come first and are small.
 */
export const DEFAULT_HTTP_EDGE: HttpEdgeConfig = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnectionsPerClient: 100,
};

/** Shorter is guessable; the token guards operational figures, not ledger data. */
export const MIN_METRICS_TOKEN_LENGTH = 16;

/**
 * Per credential: room for a dashboard's burst of reads or a batch import, while one runaway
 * client cannot take the service from everyone else.
 */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { burst: 500, perSecond: 100 };

/**
 * Failed authentications per client address: room for a person mistyping a token or a
 * dashboard with an expired one retrying a few times, not for trying token after token.
 */
export const DEFAULT_AUTH_FAILURE_BURST = 30;
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;
const SECONDS_PER_MINUTE = 60;

/** Every variable the service reads; the docker files are checked against this list. */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'LEDGER_STORE',
  'LEDGER_SQLITE_PATH',
  'EVENTSTORE_URL',
  'LOG_LEVEL',
  'LEDGER_BODY_LIMIT_BYTES',
  'LEDGER_SHUTDOWN_GRACE_MS',
  'LEDGER_AUTH',
  'LEDGER_TOKENS_PATH',
  'OIDC_ISSUER',
  'OIDC_AUDIENCE',
  'OIDC_JWKS_URL',
  'OIDC_USER_CLAIM',
  'OIDC_ROLES_CLAIM',
  'OIDC_ROLE_MAP',
  ...OIDC_SIGN_IN_VARIABLES,
  'OIDC_ACCESS_TOKEN_TYPE',
  'LEDGER_CORS_ORIGINS',
  'LEDGER_RATE_LIMIT_BURST',
  'LEDGER_RATE_LIMIT_PER_SECOND',
  'LEDGER_AUTH_FAILURE_BURST',
  'LEDGER_AUTH_FAILURES_PER_MINUTE',
  'LEDGER_READMODEL_PATH',
  'LEDGER_FOLLOW_UP_GRACE_DAYS',
  'LEDGER_INDICATOR_ON_TRACK_PCT',
  'LEDGER_INDICATOR_WATCH_PCT',
  'LEDGER_REQUEST_TIMEOUT_MS',
  'LEDGER_HEADERS_TIMEOUT_MS',
  'LEDGER_KEEP_ALIVE_TIMEOUT_MS',
  'LEDGER_MAX_CONNECTIONS_PER_CLIENT',
  'LEDGER_METRICS_TOKEN',
] as const;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const integerIn = (
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return Number(raw);
};

const oneOf = <T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
  problems: string[],
): T => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    problems.push(`${name}=${JSON.stringify(raw)}: must be one of ${allowed.join(', ')}`);
    return fallback;
  }
  return raw as T;
};

const eventstoreUrl = (env: Env, store: StoreKind, problems: string[]): string | undefined => {
  const raw = env.EVENTSTORE_URL;
  if (raw === undefined || raw === '') {
    if (store === 'eventstoredb') {
      problems.push(
        'EVENTSTORE_URL: required when LEDGER_STORE=eventstoredb (e.g. esdb://localhost:2113?tls=false)',
      );
    }
    return undefined;
  }
  if (
    !/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent|kurrent\+discover):\/\/\S+$/.test(
      raw,
    )
  ) {
    problems.push(
      `EVENTSTORE_URL=${JSON.stringify(raw)}: must be a connection string such as esdb://host:2113?tls=false`,
    );
  }
  return raw;
};

const present = (env: Env, name: string): string | undefined => {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
};

const commaList = (raw: string | undefined): string[] =>
  raw === undefined
    ? []
    : raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');

/** Next to the ledger file: `ledger.sqlite` → `ledger.tokens.sqlite`. */
const defaultTokensPath = (sqlitePath: string): string =>
  join(dirname(sqlitePath), `${basename(sqlitePath, extname(sqlitePath))}.tokens.sqlite`);

/** Next to the ledger file: `ledger.sqlite` → `ledger.readmodels.sqlite`, so two ledgers in one folder never share read models. */
const defaultReadModelPath = (sqlitePath: string): string =>
  join(dirname(sqlitePath), `${basename(sqlitePath, extname(sqlitePath))}.readmodels.sqlite`);

/** The watch tolerance is the wider one: a status between them is `watch`. */
const indicatorTolerances = (env: Env, problems: string[]): { onTrack: number; watch: number } => {
  const onTrack = integerIn(env, 'LEDGER_INDICATOR_ON_TRACK_PCT', 10, 0, 100, problems);
  const watch = integerIn(env, 'LEDGER_INDICATOR_WATCH_PCT', 20, 0, 100, problems);
  if (watch < onTrack) {
    problems.push(
      `LEDGER_INDICATOR_WATCH_PCT=${watch}: must be at least LEDGER_INDICATOR_ON_TRACK_PCT (${onTrack})`,
    );
  }
  return { onTrack, watch };
};

const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Keys must come over TLS; plain http is accepted only on loopback (tests, a local proxy). */
const jwksUrl = (env: Env, problems: string[]): string => {
  const raw = present(env, 'OIDC_JWKS_URL');
  if (raw === undefined) {
    problems.push(
      "OIDC_JWKS_URL: required when LEDGER_AUTH=oidc (the identity provider's JWKS endpoint)",
    );
    return '';
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`OIDC_JWKS_URL=${JSON.stringify(raw)}: must be a URL`);
    return raw;
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    problems.push(`OIDC_JWKS_URL=${JSON.stringify(raw)}: must be https (http only on localhost)`);
  }
  return raw;
};

/** `idp-role=ledger-role,…`; several identity-provider roles may map to one ledger role. */
const roleMap = (env: Env, problems: string[]): ReadonlyMap<string, Role> | undefined => {
  const raw = present(env, 'OIDC_ROLE_MAP');
  if (raw === undefined) return undefined;
  const map = new Map<string, Role>();
  for (const pair of commaList(raw)) {
    const [from, to, ...rest] = pair.split('=').map((part) => part.trim());
    if (!from || !isRole(to) || rest.length > 0) {
      problems.push(
        `OIDC_ROLE_MAP: ${JSON.stringify(pair)} must be idp-role=ledger-role with a ledger role of finance, project-lead, auditor, admin`,
      );
      continue;
    }
    map.set(from, to);
  }
  return map;
};

/** `at+jwt` (the default) or `claim:<claim path>=<value>`, e.g. `claim:typ=Bearer`. */
const accessTokenType = (env: Env, problems: string[]): AccessTokenType => {
  const raw = present(env, 'OIDC_ACCESS_TOKEN_TYPE');
  if (raw === undefined || raw.toLowerCase() === 'at+jwt') return DEFAULT_ACCESS_TOKEN_TYPE;
  const claim = /^claim:([^=\s]+)=(\S+)$/.exec(raw);
  if (!claim) {
    problems.push(
      `OIDC_ACCESS_TOKEN_TYPE=${JSON.stringify(raw)}: must be at+jwt (the JOSE header typ) or claim:<claim>=<value>, e.g. claim:typ=Bearer`,
    );
    return DEFAULT_ACCESS_TOKEN_TYPE;
  }
  return { kind: 'claim', claim: claim[1], value: claim[2] };
};

const oidcConfig = (env: Env, problems: string[]): OidcConfig => {
  const issuer = present(env, 'OIDC_ISSUER');
  const audience = commaList(present(env, 'OIDC_AUDIENCE'));
  if (issuer === undefined)
    problems.push('OIDC_ISSUER: required when LEDGER_AUTH=oidc (the exact iss of the tokens)');
  if (audience.length === 0)
    problems.push(
      'OIDC_AUDIENCE: required when LEDGER_AUTH=oidc (the aud the tokens are issued for)',
    );
  return {
    issuer: issuer ?? '',
    audience,
    jwksUrl: jwksUrl(env, problems),
    userClaim: present(env, 'OIDC_USER_CLAIM') ?? 'sub',
    rolesClaim: present(env, 'OIDC_ROLES_CLAIM') ?? 'roles',
    roleMap: roleMap(env, problems),
    ...oidcSignInSettings(env, issuer, problems),
    accessTokenType: accessTokenType(env, problems),
  };
};

/** Exact origins (scheme://host[:port]); a wildcard is refused so CORS is always a deliberate list. */
const corsOrigins = (env: Env, problems: string[]): string[] => {
  const origins = commaList(present(env, 'LEDGER_CORS_ORIGINS'));
  for (const origin of origins) {
    let parsed: string | undefined;
    try {
      parsed = new URL(origin).origin;
    } catch {
      parsed = undefined;
    }
    if (parsed !== origin) {
      problems.push(
        `LEDGER_CORS_ORIGINS: ${JSON.stringify(origin)} must be an exact origin such as https://dashboard.example.se`,
      );
    }
  }
  return origins;
};

/** Timeouts from 100 ms (tests use short ones) to an hour. */
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 3_600_000;

const httpEdge = (env: Env, problems: string[]): HttpEdgeConfig => {
  const timeout = (name: string, fallback: number): number =>
    integerIn(env, name, fallback, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, problems);
  const requestTimeoutMs = timeout('LEDGER_REQUEST_TIMEOUT_MS', DEFAULT_HTTP_EDGE.requestTimeoutMs);
  const headersTimeoutMs = timeout(
    'LEDGER_HEADERS_TIMEOUT_MS',
    Math.min(DEFAULT_HTTP_EDGE.headersTimeoutMs, requestTimeoutMs),
  );
  // Node refuses a headers timeout longer than the request timeout.
  if (headersTimeoutMs > requestTimeoutMs) {
    problems.push(
      `LEDGER_HEADERS_TIMEOUT_MS=${headersTimeoutMs}: must be at most LEDGER_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: timeout(
      'LEDGER_KEEP_ALIVE_TIMEOUT_MS',
      DEFAULT_HTTP_EDGE.keepAliveTimeoutMs,
    ),
    maxConnectionsPerClient: integerIn(
      env,
      'LEDGER_MAX_CONNECTIONS_PER_CLIENT',
      DEFAULT_HTTP_EDGE.maxConnectionsPerClient,
      0,
      1_000_000,
      problems,
    ),
  };
};

/** Never echoed in a problem: the value is a secret. */
const metricsToken = (env: Env, problems: string[]): string | undefined => {
  const raw = present(env, 'LEDGER_METRICS_TOKEN');
  if (raw !== undefined && (raw.length < MIN_METRICS_TOKEN_LENGTH || /\s/.test(raw))) {
    problems.push(
      `LEDGER_METRICS_TOKEN: must be at least ${MIN_METRICS_TOKEN_LENGTH} characters without spaces (value not shown)`,
    );
  }
  return raw;
};

export const loadConfig = (env: Env = process.env): AppConfig => {
  const problems: string[] = [];
  const store = oneOf(env, 'LEDGER_STORE', STORE_KINDS, 'sqlite', problems);
  const auth = oneOf(env, 'LEDGER_AUTH', AUTH_MODES, 'tokens', problems);
  const sqlitePath = resolve(
    env.LEDGER_SQLITE_PATH && env.LEDGER_SQLITE_PATH !== ''
      ? env.LEDGER_SQLITE_PATH
      : './data/ledger.sqlite',
  );
  const tokensPath = present(env, 'LEDGER_TOKENS_PATH');
  const readModelPath = env.LEDGER_READMODEL_PATH;
  const tolerances = indicatorTolerances(env, problems);
  const config: AppConfig = {
    port: integerIn(env, 'PORT', 3000, 0, 65535, problems),
    host: env.HOST && env.HOST !== '' ? env.HOST : '0.0.0.0',
    store,
    sqlitePath,
    eventstoreUrl: eventstoreUrl(env, store, problems),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info', problems),
    bodyLimitBytes: integerIn(
      env,
      'LEDGER_BODY_LIMIT_BYTES',
      1_048_576,
      1024,
      64 * 1_048_576,
      problems,
    ),
    shutdownGraceMs: integerIn(env, 'LEDGER_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000, problems),
    auth,
    tokensPath: tokensPath === undefined ? defaultTokensPath(sqlitePath) : resolve(tokensPath),
    oidc: auth === 'oidc' ? oidcConfig(env, problems) : undefined,
    corsOrigins: corsOrigins(env, problems),
    rateLimit: {
      burst: integerIn(
        env,
        'LEDGER_RATE_LIMIT_BURST',
        DEFAULT_RATE_LIMIT.burst,
        0,
        1_000_000,
        problems,
      ),
      perSecond: integerIn(
        env,
        'LEDGER_RATE_LIMIT_PER_SECOND',
        DEFAULT_RATE_LIMIT.perSecond,
        1,
        1_000_000,
        problems,
      ),
    },
    authFailureLimit: {
      burst: integerIn(
        env,
        'LEDGER_AUTH_FAILURE_BURST',
        DEFAULT_AUTH_FAILURE_BURST,
        0,
        1_000_000,
        problems,
      ),
      perSecond:
        integerIn(
          env,
          'LEDGER_AUTH_FAILURES_PER_MINUTE',
          DEFAULT_AUTH_FAILURES_PER_MINUTE,
          1,
          1_000_000,
          problems,
        ) / SECONDS_PER_MINUTE,
    },
    readModelPath: readModelPath ? resolve(readModelPath) : defaultReadModelPath(sqlitePath),
    followUpGraceDays: integerIn(env, 'LEDGER_FOLLOW_UP_GRACE_DAYS', 45, 0, 3650, problems),
    indicatorOnTrackPct: tolerances.onTrack,
    indicatorWatchPct: tolerances.watch,
    httpEdge: httpEdge(env, problems),
    metricsToken: metricsToken(env, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};
