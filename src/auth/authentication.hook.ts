/**
 * Authentication for every /api request, as a Fastify onRequest hook: it runs before the
 * body is read and before routing reaches Nest, for known and unknown paths alike, so no
 * /api route can be reached without a valid credential and a stranger learns nothing about
 * which resources exist. Then the per-user rate limit. Roles are the guard's business.
 *
 * A failed authentication (a credential was sent and it is not good) is logged, with a short
 * fingerprint of the credential and never the credential, and counted against the client
 * address, unless it was a genuine credential that lapsed (a token this ledger issued and
 * revoked, an access token the provider signed that expired): no one guessing can send those,
 * and an office behind one address whose sessions expire must not lock itself out. An address out of failures is answered 429 before its credential is even looked
 * at, whatever it sends, until its bucket refills: trying token after token costs the service
 * nothing, and the log shows who tried. A request without any credential is not counted; it
 * is refused without any work. A change of rights (the register's routes) is judged again once
 * its body is read (preHandler), so a revocation made while the body was on its way counts.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { problem } from '../shared/problem';
import { problemOrInternal, sendProblem } from '../http/problem.filter';
import { RequestWithActor } from './actor.guard';
import { Authenticator, AuthOutcome, INVALID } from './authenticator';
import { needsCredential } from './api-path';
import { RequestLimits, TokenBucketLimiter } from './rate-limiter';

/** Longer than any token we issue or JWT we accept; beyond it nothing is parsed. */
export const MAX_CREDENTIAL_LENGTH = 16_384;
/** RFC 6750 `b64token`, after the scheme `Bearer` (case-insensitive) and one space. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const REALM = 'Bearer realm="fund-ledger"';
/** Hex digits of a failed credential's SHA-256 in the log: enough to tell attempts apart, useless to replay. */
const CREDENTIAL_FINGERPRINT_HEX = 8;
/** The logged path is cut here; a failed request does not get to write a long line. */
const MAX_LOGGED_PATH_LENGTH = 200;

export const bearerCredential = (header: string | undefined): string | undefined => {
  if (header === undefined || header.length > MAX_CREDENTIAL_LENGTH) return undefined;
  return BEARER.exec(header)?.[1];
};

const unauthenticated = (reply: FastifyReply, hadCredential: boolean): FastifyReply => {
  // RFC 6750: tell the client which scheme to use, and whether what it sent was refused.
  void reply.header('WWW-Authenticate', hadCredential ? `${REALM}, error="invalid_token"` : REALM);
  sendProblem(
    reply,
    problem(401, 'UNAUTHENTICATED', 'Send a valid bearer token: Authorization: Bearer <token>.'),
  );
  return reply;
};

const tooManyRequests = (
  reply: FastifyReply,
  retryAfterSeconds: number,
  code: string,
  detail: string,
): FastifyReply => {
  void reply.header('Retry-After', String(retryAfterSeconds));
  sendProblem(
    reply,
    problem(429, code, `${detail}; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds }),
  );
  return reply;
};

const fingerprint = (credential: string): string =>
  createHash('sha256').update(credential).digest('hex').slice(0, CREDENTIAL_FINGERPRINT_HEX);

const loggedPath = (url: string): string => url.split('?')[0].slice(0, MAX_LOGGED_PATH_LENGTH);

/**
 * Logs the failure and, unless the credential was a genuine one that lapsed (expired or
 * revoked: `counted: false`), counts it against the address; the credential itself never
 * reaches the log.
 */
const recordFailure = (
  request: FastifyRequest,
  credential: string | undefined,
  lapsed: boolean,
  failures: TokenBucketLimiter,
  logger: Logger,
): void => {
  if (!lapsed) failures.take(request.ip);
  logger.warn(
    {
      address: request.ip,
      method: request.method,
      path: loggedPath(request.url),
      credential: credential === undefined ? 'malformed' : `sha256:${fingerprint(credential)}…`,
      ...(lapsed ? { lapsed: true, counted: false } : {}),
      addressRefusedNow: !failures.peek(request.ip).allowed,
    },
    'authentication failed',
  );
};

export interface AuthenticationDeps {
  readonly authenticator: Authenticator;
  readonly limits: RequestLimits;
  readonly logger: Logger;
}

/** Methods that change the ledger. */
const COMMAND_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * The register's routes, matched on the route Fastify chose (as api-path.ts does), not the raw
 * URL: a spelling of the path that routes there must not skip the second judgment.
 */
const RIGHTS_ROUTES = /^\/api\/users(\/|$)/;

/**
 * A change of rights is judged again once its body is read. Every command was at first: it
 * spread a burst's arrivals at the handler on EventStoreDB (each second judgment reads the
 * register there), and 24 allocations raced by closings then ran out of attempts (409
 * CONCURRENT_UPDATE) in test/e2e/cross-stream-races. Other commands keep the judgment made
 * when their request arrived, up to LEDGER_REQUEST_TIMEOUT_MS before they are decided.
 */
const judgedAgain = (request: FastifyRequest): boolean =>
  COMMAND_METHODS.has(request.method) && RIGHTS_ROUTES.test(request.routeOptions.url ?? '');

/**
 * A refusal that is no authentication at all (a credential that lapsed, an identity with no
 * role) costs a signature check and a register read, and is not counted against the address:
 * one such credential sent again and again would cost the service without bound. Each gets a
 * bucket of its own in the per-user limit, by its fingerprint.
 */
const limitRefused = (
  reply: FastifyReply,
  credential: string,
  limits: RequestLimits,
): FastifyReply | undefined => {
  const rate = limits.perUser.take(`refused:${fingerprint(credential)}`);
  if (rate.allowed) return undefined;
  return tooManyRequests(reply, rate.retryAfterSeconds, 'RATE_LIMITED', 'Too many requests');
};

/** Judges the credential; a 401, 403 or 429 is sent and the reply returned when it fails. */
const judge = async (
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AuthenticationDeps,
): Promise<{ readonly outcome: AuthOutcome; readonly refused?: FastifyReply }> => {
  const failures = deps.limits.failedAuthenticationsPerAddress;
  const header = request.headers.authorization;
  const credential = bearerCredential(header);
  let outcome: AuthOutcome;
  try {
    outcome =
      credential === undefined ? INVALID : await deps.authenticator.authenticate(credential);
  } catch (error) {
    sendProblem(reply, problemOrInternal(error, deps.logger));
    return { outcome: INVALID, refused: reply };
  }
  if (outcome.kind === 'invalid') {
    if (header !== undefined) {
      recordFailure(request, credential, outcome.lapsed === true, failures, deps.logger);
    }
    if (credential !== undefined && outcome.lapsed === true) {
      const limited = limitRefused(reply, credential, deps.limits);
      if (limited) return { outcome, refused: limited };
    }
    return { outcome, refused: unauthenticated(reply, credential !== undefined) };
  }
  if (outcome.kind === 'no-role') {
    const limited =
      credential === undefined ? undefined : limitRefused(reply, credential, deps.limits);
    if (limited) return { outcome, refused: limited };
    sendProblem(reply, problem(403, outcome.code, outcome.detail));
    return { outcome, refused: reply };
  }
  return { outcome };
};

export const installAuthentication = (fastify: FastifyInstance, deps: AuthenticationDeps): void => {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // CORS preflights carry no credentials by design and reach no handler.
    if (request.method === 'OPTIONS' || !needsCredential(request)) return;
    const address = deps.limits.failedAuthenticationsPerAddress.peek(request.ip);
    if (!address.allowed) {
      return tooManyRequests(
        reply,
        address.retryAfterSeconds,
        'TOO_MANY_FAILED_AUTHENTICATIONS',
        'Too many failed authentications from this address',
      );
    }
    const { outcome, refused } = await judge(request, reply, deps);
    if (refused || outcome.kind !== 'authenticated') return refused;
    const rate = deps.limits.perUser.take(outcome.rateKey);
    if (!rate.allowed) {
      return tooManyRequests(
        reply,
        rate.retryAfterSeconds,
        'RATE_LIMITED',
        'Too many requests from this user',
      );
    }
    (request as RequestWithActor).actor = outcome.actor;
  });
  // A change of rights is decided once its body has arrived, which may be long after onRequest
  // judged its credential (up to LEDGER_REQUEST_TIMEOUT_MS). An admin whose token or role was
  // revoked meanwhile must not still change who may do what (two admins revoking each other,
  // one body held back, left the register with none): the credential is judged again right
  // before the handler, and the actor it gives now is the one the roles guard and the decider
  // see. Not counted against the per-user limit a second time.
  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const withActor = request as RequestWithActor;
    if (withActor.actor === undefined || !judgedAgain(request)) return;
    const { outcome, refused } = await judge(request, reply, deps);
    if (refused || outcome.kind !== 'authenticated') return refused;
    withActor.actor = outcome.actor;
  });
};
