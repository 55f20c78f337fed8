/**
 * Configuration from the environment, validated once at start-up. A bad value stops the
 * service with a message naming the variable, the value and what is allowed.
 */
import { realpathSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { isRole, Role } from '../shared/roles';
import { approvalCheckpointPath } from '../investment/approval-checkpoint';
import { MIN_DOCUMENTS_PER_WORKER } from '../projections/document-workers';
import {
  ALWAYS,
  checkWith,
  commaList,
  Env,
  IssueSink,
  isHttpsOrLoopback,
  oneOf,
  optionalWholeNumber,
  rawVar,
  refuse,
  trimmedVar,
  wholeNumber,
} from './env-fields';
import {
  OIDC_SIGN_IN_SHAPE,
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
  /** The SQLite file holding the Idempotency-Key index and its checkpoint (rebuildable from the ledger). */
  readonly idempotencyPath: string;
  /** Days after a forecast period's end before its missing effect report is overdue. */
  readonly followUpGraceDays: number;
  /** Indicator status: within this many percentage points of the planned path is on-track. */
  readonly indicatorOnTrackPct: number;
  /** Indicator status: within this many is watch; beyond it, deviation. */
  readonly indicatorWatchPct: number;
  /**
   * Worker threads that share a question walking many investments (an as-of fund report);
   * undefined: the machine's cores, at most MAX_DOCUMENT_WORKERS; below 2, none.
   */
  readonly figureWorkers: number | undefined;
  /** Fewest investments per worker thread before a question is shared among them. */
  readonly figureWorkerMinInvestments: number;
  /** Limits on slow or greedy clients at the HTTP edge. */
  readonly httpEdge: HttpEdgeConfig;
  /** When set, `GET /metrics` needs `Authorization: Bearer <it>`; unset, /metrics is open. */
  readonly metricsToken: string | undefined;
  /** Minutes between the chain watch's verifications of the whole chain; 0 turns it off. */
  readonly chainWatchMinutes: number;
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
  /**
   * Proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, or loopback, linklocal,
   * uniquelocal): a request arriving from one of them is limited and logged by the client
   * address the proxy names, not by the proxy's. Empty: the connection's address, always.
   */
  readonly trustedProxies: readonly string[];
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
  trustedProxies: [],
};

/**
 * The chain watch verifies the whole chain this often by default. At most a day: a longer
 * interval leaves a tampered ledger looking healthy for longer than anyone would want.
 */
export const DEFAULT_CHAIN_WATCH_MINUTES = 60;
export const MAX_CHAIN_WATCH_MINUTES = 1_440;

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

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const EVENTSTORE_URL_FORM =
  /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent|kurrent\+discover):\/\/\S+$/;

/**
 * A connection string as a problem shows it: its credentials (all before the last `@`, after
 * the scheme) as `***`. The problem goes to stderr and from there to the journal or the
 * container's log, where a password has no place.
 */
export const shownConnectionString = (raw: string): string => {
  const at = raw.lastIndexOf('@');
  if (at < 0) return raw;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw)?.[0] ?? '';
  return `${scheme}***${raw.slice(at)}`;
};

/** A connection string's form; whether one is needed at all depends on LEDGER_STORE. */
const eventstoreUrlVar = rawVar.transform((raw, ctx) => {
  if (raw !== undefined && !EVENTSTORE_URL_FORM.test(raw))
    refuse(
      ctx,
      `EVENTSTORE_URL=${JSON.stringify(shownConnectionString(raw))}: must be a connection string such as esdb://host:2113?tls=false`,
    );
  return raw;
});

/** Exact origins (scheme://host[:port]); a wildcard is refused so CORS is always a deliberate list. */
const corsOriginsVar = trimmedVar.transform((raw, ctx) => {
  const origins = commaList(raw);
  for (const origin of origins) {
    let parsed: string | undefined;
    try {
      parsed = new URL(origin).origin;
    } catch {
      parsed = undefined;
    }
    if (parsed !== origin)
      refuse(
        ctx,
        `LEDGER_CORS_ORIGINS: ${JSON.stringify(origin)} must be an exact origin such as https://dashboard.example.se`,
      );
  }
  return origins;
});

/** Never echoed in a problem: the value is a secret. */
const metricsTokenVar = trimmedVar.transform((raw, ctx) => {
  if (raw !== undefined && (raw.length < MIN_METRICS_TOKEN_LENGTH || /\s/.test(raw)))
    refuse(
      ctx,
      `LEDGER_METRICS_TOKEN: must be at least ${MIN_METRICS_TOKEN_LENGTH} characters without spaces (value not shown)`,
    );
  return raw;
});

/** proxy-addr's names for address ranges, which fastify's trustProxy takes beside addresses. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** An address or a CIDR range (address/prefix, the prefix within the address's bits). */
const isAddressOrRange = (text: string): boolean => {
  const [address, prefix, ...rest] = text.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = family === 4 ? 32 : 128;
  return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= bits;
};

/**
 * Off unless named: believing X-Forwarded-For from anyone would let every client choose the
 * address its failed authentications and sign-ins are counted against.
 */
const trustedProxiesVar = trimmedVar.transform((raw, ctx) => {
  const entries = commaList(raw);
  for (const entry of entries) {
    if (!PROXY_RANGE_NAMES.includes(entry) && !isAddressOrRange(entry))
      refuse(
        ctx,
        `LEDGER_TRUSTED_PROXIES: ${JSON.stringify(entry)} must be an address, a CIDR range such as 10.0.0.0/8, or one of ${PROXY_RANGE_NAMES.join(', ')}`,
      );
  }
  return entries;
});

/** Timeouts from 100 ms (tests use short ones) to an hour. */
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 3_600_000;
const timeoutVar = (name: string, fallback: number) =>
  wholeNumber(name, fallback, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS);
const MAX_COUNT = 1_000_000;
/** Worker threads one may ask for at most: a thread, a heap and a read connection each. */
const MAX_FIGURE_WORKERS = 64;

/** Keys must come over TLS; plain http is accepted only on loopback (tests, a local proxy). */
const jwksUrlVar = trimmedVar.transform((raw, ctx) => {
  if (raw === undefined) {
    refuse(
      ctx,
      "OIDC_JWKS_URL: required when LEDGER_AUTH=oidc (the identity provider's JWKS endpoint)",
    );
    return '';
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse(ctx, `OIDC_JWKS_URL=${JSON.stringify(raw)}: must be a URL`, raw);
    return raw;
  }
  if (!isHttpsOrLoopback(url))
    refuse(
      ctx,
      `OIDC_JWKS_URL=${JSON.stringify(raw)}: must be https (http only on localhost)`,
      raw,
    );
  return raw;
});

/** `idp-role=ledger-role,…`; several identity-provider roles may map to one ledger role. */
const roleMapVar = trimmedVar.transform((raw, ctx): ReadonlyMap<string, Role> | undefined => {
  if (raw === undefined) return undefined;
  const map = new Map<string, Role>();
  for (const pair of commaList(raw)) {
    const [from, to, ...rest] = pair.split('=').map((part) => part.trim());
    if (!from || !isRole(to) || rest.length > 0) {
      refuse(
        ctx,
        `OIDC_ROLE_MAP: ${JSON.stringify(pair)} must be idp-role=ledger-role with a ledger role of finance, project-lead, auditor, admin`,
      );
      continue;
    }
    map.set(from, to);
  }
  return map;
});

/** `at+jwt` (the default) or `claim:<claim path>=<value>`, e.g. `claim:typ=Bearer`. */
const accessTokenTypeVar = trimmedVar.transform((raw, ctx): AccessTokenType => {
  if (raw === undefined || raw.toLowerCase() === 'at+jwt') return DEFAULT_ACCESS_TOKEN_TYPE;
  const claim = /^claim:([^=\s]+)=(\S+)$/.exec(raw);
  if (!claim) {
    refuse(
      ctx,
      `OIDC_ACCESS_TOKEN_TYPE=${JSON.stringify(raw)}: must be at+jwt (the JOSE header typ) or claim:<claim>=<value>, e.g. claim:typ=Bearer`,
      raw,
    );
    return DEFAULT_ACCESS_TOKEN_TYPE;
  }
  return { kind: 'claim', claim: claim[1], value: claim[2] };
});

/** The OIDC variables, read only with LEDGER_AUTH=oidc. */
const OIDC_SHAPE = {
  OIDC_ISSUER: trimmedVar,
  OIDC_AUDIENCE: trimmedVar.transform(commaList),
  OIDC_JWKS_URL: jwksUrlVar,
  OIDC_USER_CLAIM: trimmedVar,
  OIDC_ROLES_CLAIM: trimmedVar,
  OIDC_ROLE_MAP: roleMapVar,
  ...OIDC_SIGN_IN_SHAPE,
  OIDC_ACCESS_TOKEN_TYPE: accessTokenTypeVar,
};

type OidcEnv = z.output<z.ZodObject<typeof OIDC_SHAPE>>;

/** The rules between the OIDC variables; run even when one of them was refused. */
const oidcRules = (env: OidcEnv, ctx: IssueSink): void => {
  if (env.OIDC_ISSUER === undefined)
    refuse(ctx, 'OIDC_ISSUER: required when LEDGER_AUTH=oidc (the exact iss of the tokens)');
  if (env.OIDC_AUDIENCE.length === 0)
    refuse(
      ctx,
      'OIDC_AUDIENCE: required when LEDGER_AUTH=oidc (the aud the tokens are issued for)',
    );
  oidcSignInSettings(env, env.OIDC_ISSUER, ctx);
};

/** Runs only on OIDC variables without problems. */
const toOidcConfig = (env: OidcEnv): OidcConfig => ({
  issuer: env.OIDC_ISSUER ?? '',
  audience: env.OIDC_AUDIENCE,
  jwksUrl: env.OIDC_JWKS_URL,
  userClaim: env.OIDC_USER_CLAIM ?? 'sub',
  rolesClaim: env.OIDC_ROLES_CLAIM ?? 'roles',
  roleMap: env.OIDC_ROLE_MAP,
  // Checked by oidcRules already: nothing is left to report here.
  ...oidcSignInSettings(env, env.OIDC_ISSUER, { issues: [] }),
  accessTokenType: env.OIDC_ACCESS_TOKEN_TYPE,
});

const OIDC_SCHEMA = z.object(OIDC_SHAPE).superRefine(oidcRules, ALWAYS).transform(toOidcConfig);

/** The OIDC variables as plain text, so they are known (and listed) whatever LEDGER_AUTH is. */
const OIDC_TEXT = Object.fromEntries(Object.keys(OIDC_SHAPE).map((name) => [name, rawVar])) as {
  readonly [name in keyof typeof OIDC_SHAPE]: typeof rawVar;
};

/**
 * Every variable the service (and the `ledger` CLI, which loads the same configuration)
 * reads, with its default and what it accepts. The OIDC ones are only text here: they are
 * checked by OIDC_SCHEMA, and only with LEDGER_AUTH=oidc.
 */
const ENV_SHAPE = {
  PORT: wholeNumber('PORT', 3000, 0, 65535),
  HOST: rawVar,
  LEDGER_STORE: oneOf('LEDGER_STORE', STORE_KINDS, 'sqlite'),
  LEDGER_SQLITE_PATH: rawVar,
  EVENTSTORE_URL: eventstoreUrlVar,
  LOG_LEVEL: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
  LEDGER_BODY_LIMIT_BYTES: wholeNumber('LEDGER_BODY_LIMIT_BYTES', 1_048_576, 1024, 64 * 1_048_576),
  LEDGER_SHUTDOWN_GRACE_MS: wholeNumber('LEDGER_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
  LEDGER_AUTH: oneOf('LEDGER_AUTH', AUTH_MODES, 'tokens'),
  LEDGER_TOKENS_PATH: trimmedVar,
  ...OIDC_TEXT,
  LEDGER_CORS_ORIGINS: corsOriginsVar,
  LEDGER_RATE_LIMIT_BURST: wholeNumber(
    'LEDGER_RATE_LIMIT_BURST',
    DEFAULT_RATE_LIMIT.burst,
    0,
    MAX_COUNT,
  ),
  LEDGER_RATE_LIMIT_PER_SECOND: wholeNumber(
    'LEDGER_RATE_LIMIT_PER_SECOND',
    DEFAULT_RATE_LIMIT.perSecond,
    1,
    MAX_COUNT,
  ),
  LEDGER_AUTH_FAILURE_BURST: wholeNumber(
    'LEDGER_AUTH_FAILURE_BURST',
    DEFAULT_AUTH_FAILURE_BURST,
    0,
    MAX_COUNT,
  ),
  LEDGER_AUTH_FAILURES_PER_MINUTE: wholeNumber(
    'LEDGER_AUTH_FAILURES_PER_MINUTE',
    DEFAULT_AUTH_FAILURES_PER_MINUTE,
    1,
    MAX_COUNT,
  ),
  LEDGER_READMODEL_PATH: rawVar,
  LEDGER_IDEMPOTENCY_PATH: rawVar,
  LEDGER_FOLLOW_UP_GRACE_DAYS: wholeNumber('LEDGER_FOLLOW_UP_GRACE_DAYS', 45, 0, 3650),
  LEDGER_INDICATOR_ON_TRACK_PCT: wholeNumber('LEDGER_INDICATOR_ON_TRACK_PCT', 10, 0, 100),
  LEDGER_INDICATOR_WATCH_PCT: wholeNumber('LEDGER_INDICATOR_WATCH_PCT', 20, 0, 100),
  LEDGER_FIGURE_WORKERS: optionalWholeNumber('LEDGER_FIGURE_WORKERS', 0, MAX_FIGURE_WORKERS),
  LEDGER_FIGURE_WORKER_MIN_INVESTMENTS: wholeNumber(
    'LEDGER_FIGURE_WORKER_MIN_INVESTMENTS',
    MIN_DOCUMENTS_PER_WORKER,
    1,
    MAX_COUNT,
  ),
  LEDGER_REQUEST_TIMEOUT_MS: timeoutVar(
    'LEDGER_REQUEST_TIMEOUT_MS',
    DEFAULT_HTTP_EDGE.requestTimeoutMs,
  ),
  // Its default depends on the request timeout (see headersTimeoutMs).
  LEDGER_HEADERS_TIMEOUT_MS: optionalWholeNumber(
    'LEDGER_HEADERS_TIMEOUT_MS',
    MIN_TIMEOUT_MS,
    MAX_TIMEOUT_MS,
  ),
  LEDGER_KEEP_ALIVE_TIMEOUT_MS: timeoutVar(
    'LEDGER_KEEP_ALIVE_TIMEOUT_MS',
    DEFAULT_HTTP_EDGE.keepAliveTimeoutMs,
  ),
  LEDGER_MAX_CONNECTIONS_PER_CLIENT: wholeNumber(
    'LEDGER_MAX_CONNECTIONS_PER_CLIENT',
    DEFAULT_HTTP_EDGE.maxConnectionsPerClient,
    0,
    MAX_COUNT,
  ),
  LEDGER_TRUSTED_PROXIES: trustedProxiesVar,
  LEDGER_METRICS_TOKEN: metricsTokenVar,
  LEDGER_CHAIN_WATCH_MINUTES: wholeNumber(
    'LEDGER_CHAIN_WATCH_MINUTES',
    DEFAULT_CHAIN_WATCH_MINUTES,
    0,
    MAX_CHAIN_WATCH_MINUTES,
  ),
};

type ParsedEnv = z.output<z.ZodObject<typeof ENV_SHAPE>>;

/** Every variable the service reads; the docker files are checked against this list. */
export const CONFIG_VARIABLES = Object.keys(ENV_SHAPE) as readonly (keyof typeof ENV_SHAPE)[];

/** A shorter request timeout alone pulls the default headers timeout down with it. */
const headersTimeoutMs = (env: ParsedEnv): number =>
  env.LEDGER_HEADERS_TIMEOUT_MS ??
  Math.min(DEFAULT_HTTP_EDGE.headersTimeoutMs, env.LEDGER_REQUEST_TIMEOUT_MS);

/** Next to the ledger file: `ledger.sqlite` → `ledger.<kind>.sqlite`, so two ledgers in one folder never share them. */
const besideLedger = (sqlitePath: string, kind: string): string =>
  join(dirname(sqlitePath), `${basename(sqlitePath, extname(sqlitePath))}.${kind}.sqlite`);

/**
 * Next to the read models (`ledger.readmodels.sqlite` → `ledger.readmodels.<kind>.sqlite`):
 * derived, local state like them, so each service instance keeps its own beside its own.
 */
const besideReadModels = (readModelPath: string, kind: string): string =>
  join(dirname(readModelPath), `${basename(readModelPath, extname(readModelPath))}.${kind}.sqlite`);

/** The files the service keeps, each for one purpose, as absolute paths. */
interface FilePaths {
  readonly sqlitePath: string;
  readonly tokensPath: string;
  readonly readModelPath: string;
  readonly idempotencyPath: string;
}

const filePaths = (env: ParsedEnv): FilePaths => {
  const sqlitePath = resolve(env.LEDGER_SQLITE_PATH ?? './data/ledger.sqlite');
  const readModelPath =
    env.LEDGER_READMODEL_PATH === undefined
      ? besideLedger(sqlitePath, 'readmodels')
      : resolve(env.LEDGER_READMODEL_PATH);
  return {
    sqlitePath,
    tokensPath:
      env.LEDGER_TOKENS_PATH === undefined
        ? besideLedger(sqlitePath, 'tokens')
        : resolve(env.LEDGER_TOKENS_PATH),
    readModelPath,
    idempotencyPath:
      env.LEDGER_IDEMPOTENCY_PATH === undefined
        ? besideReadModels(readModelPath, 'idempotency')
        : resolve(env.LEDGER_IDEMPOTENCY_PATH),
  };
};

/** One of the files, as a problem names it. */
interface NamedFile {
  /** `LEDGER_TOKENS_PATH=/srv/ledger.sqlite`, or how an unset variable came to its path. */
  readonly name: string;
  readonly path: string;
  /** Named by a variable that is set (a problem names those first). */
  readonly set: boolean;
}

const namedFile = (variable: string, set: boolean, path: string): NamedFile => ({
  name: set ? `${variable}=${path}` : `${variable} (unset, so ${path})`,
  path,
  set,
});

/**
 * Which file a path is: an existing file by its device and inode (so a symbolic or hard link
 * to it is the same file), a file yet to be created by its folder's real path and its name.
 */
const fileIdentity = (path: string): string => {
  try {
    const stat = statSync(path, { bigint: true });
    return `inode ${stat.dev}:${stat.ino}`;
  } catch {
    // Not there (yet): it is created under this name.
  }
  try {
    return join(realpathSync.native(dirname(path)), basename(path));
  } catch {
    return path;
  }
};

const ONE_FILE_EACH =
  "the ledger, the token file, the read models, the Idempotency-Key index and the approval process's checkpoint each need a file of their own";

/**
 * Any two of the files on one path are refused, each pair named once: token hashes in the
 * event log, or read-model tables written into it, are what sharing one allowed. The ledger
 * file counts only with LEDGER_STORE=sqlite: on EventStoreDB it is never opened.
 */
const sharedFiles = (env: ParsedEnv, ctx: IssueSink): void => {
  const paths = filePaths(env);
  const approval = approvalCheckpointPath(paths.readModelPath);
  const files: NamedFile[] = [
    ...(env.LEDGER_STORE === 'sqlite'
      ? [namedFile('LEDGER_SQLITE_PATH', env.LEDGER_SQLITE_PATH !== undefined, paths.sqlitePath)]
      : []),
    namedFile('LEDGER_TOKENS_PATH', env.LEDGER_TOKENS_PATH !== undefined, paths.tokensPath),
    namedFile(
      'LEDGER_READMODEL_PATH',
      env.LEDGER_READMODEL_PATH !== undefined,
      paths.readModelPath,
    ),
    namedFile(
      'LEDGER_IDEMPOTENCY_PATH',
      env.LEDGER_IDEMPOTENCY_PATH !== undefined,
      paths.idempotencyPath,
    ),
    ...(approval === undefined
      ? []
      : [
          {
            name: `the approval process's checkpoint (beside LEDGER_READMODEL_PATH, so ${approval})`,
            path: approval,
            set: false,
          },
        ]),
  ];
  const identities = files.map((file) => fileIdentity(file.path));
  for (let later = 1; later < files.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      if (identities[later] !== identities[earlier]) continue;
      // A variable that is set first: it is the one to change.
      const [first, second] =
        files[earlier].set && !files[later].set
          ? [files[earlier], files[later]]
          : [files[later], files[earlier]];
      refuse(ctx, `${first.name} is the same file as ${second.name}: ${ONE_FILE_EACH}`);
    }
  }
};

/** The rules that relate variables; a refused variable counts as its default here. */
const crossChecks = (env: ParsedEnv, ctx: IssueSink): void => {
  if (env.LEDGER_STORE === 'eventstoredb' && env.EVENTSTORE_URL === undefined)
    refuse(
      ctx,
      'EVENTSTORE_URL: required when LEDGER_STORE=eventstoredb (e.g. esdb://localhost:2113?tls=false)',
    );
  // The watch tolerance is the wider one: a status between them is `watch`.
  if (env.LEDGER_INDICATOR_WATCH_PCT < env.LEDGER_INDICATOR_ON_TRACK_PCT)
    refuse(
      ctx,
      `LEDGER_INDICATOR_WATCH_PCT=${env.LEDGER_INDICATOR_WATCH_PCT}: must be at least LEDGER_INDICATOR_ON_TRACK_PCT (${env.LEDGER_INDICATOR_ON_TRACK_PCT})`,
    );
  // Node refuses a headers timeout longer than the request timeout.
  if (headersTimeoutMs(env) > env.LEDGER_REQUEST_TIMEOUT_MS)
    refuse(
      ctx,
      `LEDGER_HEADERS_TIMEOUT_MS=${headersTimeoutMs(env)}: must be at most LEDGER_REQUEST_TIMEOUT_MS (${env.LEDGER_REQUEST_TIMEOUT_MS})`,
    );
  if (env.LEDGER_AUTH === 'oidc') checkWith(OIDC_SCHEMA, env, ctx);
  sharedFiles(env, ctx);
};

/** Runs only on an environment without problems. */
const toAppConfig = (env: ParsedEnv): AppConfig => {
  const { sqlitePath, tokensPath, readModelPath, idempotencyPath } = filePaths(env);
  return {
    port: env.PORT,
    host: env.HOST ?? '0.0.0.0',
    store: env.LEDGER_STORE,
    sqlitePath,
    eventstoreUrl: env.EVENTSTORE_URL,
    logLevel: env.LOG_LEVEL,
    bodyLimitBytes: env.LEDGER_BODY_LIMIT_BYTES,
    shutdownGraceMs: env.LEDGER_SHUTDOWN_GRACE_MS,
    auth: env.LEDGER_AUTH,
    tokensPath,
    oidc: env.LEDGER_AUTH === 'oidc' ? OIDC_SCHEMA.parse(env) : undefined,
    corsOrigins: env.LEDGER_CORS_ORIGINS,
    rateLimit: { burst: env.LEDGER_RATE_LIMIT_BURST, perSecond: env.LEDGER_RATE_LIMIT_PER_SECOND },
    authFailureLimit: {
      burst: env.LEDGER_AUTH_FAILURE_BURST,
      perSecond: env.LEDGER_AUTH_FAILURES_PER_MINUTE / SECONDS_PER_MINUTE,
    },
    readModelPath,
    idempotencyPath,
    followUpGraceDays: env.LEDGER_FOLLOW_UP_GRACE_DAYS,
    indicatorOnTrackPct: env.LEDGER_INDICATOR_ON_TRACK_PCT,
    indicatorWatchPct: env.LEDGER_INDICATOR_WATCH_PCT,
    figureWorkers: env.LEDGER_FIGURE_WORKERS,
    figureWorkerMinInvestments: env.LEDGER_FIGURE_WORKER_MIN_INVESTMENTS,
    httpEdge: {
      requestTimeoutMs: env.LEDGER_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: headersTimeoutMs(env),
      keepAliveTimeoutMs: env.LEDGER_KEEP_ALIVE_TIMEOUT_MS,
      maxConnectionsPerClient: env.LEDGER_MAX_CONNECTIONS_PER_CLIENT,
      trustedProxies: env.LEDGER_TRUSTED_PROXIES,
    },
    metricsToken: env.LEDGER_METRICS_TOKEN,
    chainWatchMinutes: env.LEDGER_CHAIN_WATCH_MINUTES,
  };
};

/** The environment schema: each variable, then the rules between them, then the config. */
export const ENV_SCHEMA = z
  .object(ENV_SHAPE)
  .superRefine(crossChecks, ALWAYS)
  .transform(toAppConfig);

/**
 * The service's configuration from the environment (the `ledger` CLI loads it the same way).
 * Throws a ConfigError listing every problem, each naming the variable, the value (unless
 * it is a secret) and what is allowed.
 */
export const loadConfig = (env: Env = process.env): AppConfig => {
  const result = ENV_SCHEMA.safeParse(env);
  if (!result.success) throw new ConfigError(result.error.issues.map((issue) => issue.message));
  return result.data;
};
