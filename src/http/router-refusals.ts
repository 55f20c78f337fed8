/**
 * Refusals the router makes before any hook runs, and so before authentication: a path that
 * is not valid percent-encoding (Fastify's FST_ERR_BAD_URL) and a path segment longer than the
 * router takes (FST_ERR_MAX_PARAM_LENGTH). Left to Fastify, they are answered with its own
 * plain JSON (which names its error codes and echoes the whole URL) and none of the service's
 * hooks run for them: no security headers, no request id, no Cache-Control. Fastify's
 * `frameworkErrors` option hands them here instead, and they are answered like every other
 * refusal: problem+json with a stable code, the security headers, the request id and
 * `Cache-Control: no-store`. The answer is the same for everyone and says only what is wrong
 * with the path (it does not echo it); nothing is read, parsed or looked up for it.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { securityHeaders } from '../auth/http-hardening';
import { Problem, problem } from '../shared/problem';
import { problemOrInternal, sendProblem } from './problem.filter';
import { REQUEST_ID_HEADER } from './request-logging';

/**
 * The longest path parameter the router takes (Fastify's maxParamLength, 100 by default),
 * counted after percent-decoding. Far above the longest valid id (client ids are at most 64
 * characters, user ids 128; src/shared/input-limits.ts), on purpose: an id's length is the
 * route's business, checked after authentication with an answer naming the parameter (400
 * VALIDATION_FAILED, or the users routes' 404 USER_NOT_FOUND). With the default, a valid
 * user id of 101 to 128 characters could not be reached at all, and an id a little too long
 * got a different refusal depending on its length. This limit is only the backstop against a
 * path segment no client with a real id sends: a kilobyte or more is refused by the router
 * before any work is done for it, as 414 PATH_TOO_LONG. (No route has a regular-expression
 * parameter, the DoS Fastify's limit guards against by default.)
 */
export const MAX_PATH_PARAM_LENGTH = 1024;

const routerProblem = (error: FastifyError, logger: Logger): Problem => {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return problem(
        400,
        'BAD_URL',
        'The request path is not valid percent-encoding: each % must begin an escape of two hex ' +
          'digits, and the escaped bytes must be UTF-8.',
      );
    case 'FST_ERR_MAX_PARAM_LENGTH':
      // 414 as Fastify answers it (the request target is longer than the service interprets),
      // named for what is long: one segment of the path, not the URL as a whole.
      return problem(
        414,
        'PATH_TOO_LONG',
        `A segment of the request path is longer than ${MAX_PATH_PARAM_LENGTH} characters; no id is that long.`,
      );
    default:
      // FST_ERR_ASYNC_CONSTRAINT (no route has an asynchronous constraint) or a later Fastify's
      // addition: mapped like any other error, a 500 logged when it is not a 4xx.
      return problemOrInternal(error, logger);
  }
};

/** Fastify's `frameworkErrors` handler (src/app.ts). */
export const answerRouterRefusals =
  (logger: Logger) =>
  (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    // Helmet's middleware sets its headers on the raw answer and calls back at once.
    securityHeaders(request.raw, reply.raw, (failure?: unknown) => {
      // A refusal of one request's malformed path belongs to that request, whatever the path
      // looked like: never cached (and whether it was under /api cannot be decided on it).
      void reply.header(REQUEST_ID_HEADER, request.id).header('Cache-Control', 'no-store');
      sendProblem(
        reply,
        failure === undefined ? routerProblem(error, logger) : problemOrInternal(failure, logger),
      );
    });
  };
