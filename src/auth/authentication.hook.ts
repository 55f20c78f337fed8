/**
 * Authentication for every /api request, as a Fastify onRequest hook: it runs before the
 * body is read and before routing reaches Nest, for known and unknown paths alike, so no
 * /api route can be reached without a valid credential and a stranger learns nothing about
 * which resources exist. Then the per-credential rate limit. Roles are the guard's business.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { problem } from '../http/problem';
import { problemOrInternal, sendProblem } from '../http/problem.filter';
import { RequestWithActor } from './actor.guard';
import { Authenticator, AuthOutcome, INVALID } from './authenticator';
import { needsCredential } from './api-path';
import { RequestLimits } from './rate-limiter';

/** Longer than any token we issue or JWT we accept; beyond it nothing is parsed. */
export const MAX_CREDENTIAL_LENGTH = 16_384;
/** RFC 6750 `b64token`, after the scheme `Bearer` (case-insensitive) and one space. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const REALM = 'Bearer realm="fund-ledger"';

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

const tooManyRequests = (reply: FastifyReply, retryAfterSeconds: number): FastifyReply => {
  void reply.header('Retry-After', String(retryAfterSeconds));
  sendProblem(
    reply,
    problem(
      429,
      'RATE_LIMITED',
      `Too many requests with this credential; retry in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    ),
  );
  return reply;
};

export interface AuthenticationDeps {
  readonly authenticator: Authenticator;
  readonly limits: RequestLimits;
  readonly logger: Logger;
}

export const installAuthentication = (fastify: FastifyInstance, deps: AuthenticationDeps): void => {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // CORS preflights carry no credentials by design and reach no handler.
    if (request.method === 'OPTIONS' || !needsCredential(request)) return;
    const credential = bearerCredential(request.headers.authorization);
    let outcome: AuthOutcome;
    try {
      outcome =
        credential === undefined ? INVALID : await deps.authenticator.authenticate(credential);
    } catch (error) {
      sendProblem(reply, problemOrInternal(error, deps.logger));
      return reply;
    }
    if (outcome.kind === 'invalid') return unauthenticated(reply, credential !== undefined);
    if (outcome.kind === 'no-role') {
      sendProblem(reply, problem(403, outcome.code, outcome.detail));
      return reply;
    }
    const rate = deps.limits.perCredential.take(outcome.rateKey);
    if (!rate.allowed) return tooManyRequests(reply, rate.retryAfterSeconds);
    (request as RequestWithActor).actor = outcome.actor;
  });
};
