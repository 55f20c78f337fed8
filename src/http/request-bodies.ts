/**
 * Bodies only where a route takes one. The commands (POST and PUT under /api) take a JSON
 * body; nothing else does: GET and HEAD, /health, /metrics, /docs, the dashboard and paths
 * that match no route. A body sent to those is refused with 413 BODY_NOT_ALLOWED from the
 * request's headers alone, before a byte of it is read or parsed, so posting megabytes to
 * /health costs the service nothing but the refusal. The hook runs after authentication,
 * so a stranger learns from /api nothing but 401.
 *
 * Every answer under /api also carries `Cache-Control: no-store`: ledger data, tokens'
 * refusals and error details belong to one caller at one moment, never to a shared cache.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { needsCredential } from '../auth/api-path';
import { problem } from '../shared/problem';
import { sendProblem } from './problem.filter';

const METHODS_WITH_BODY: ReadonlySet<string> = new Set(['POST', 'PUT']);

/** As Fastify decides whether to run its body parser: a length above 0, or chunked. */
export const carriesBody = (request: FastifyRequest): boolean => {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
};

/** Outside /api, only the dashboard's code exchange takes a body (src/web/sign-in.controller.ts). */
const PUBLIC_ROUTES_WITH_BODY: ReadonlySet<string> = new Set(['/auth/token']);

const takesBody = (request: FastifyRequest): boolean =>
  METHODS_WITH_BODY.has(request.method) &&
  !request.is404 &&
  (needsCredential(request) || PUBLIC_ROUTES_WITH_BODY.has(request.routeOptions.url ?? ''));

export const refuseUnwantedBodies = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (takesBody(request) || !carriesBody(request)) {
      done();
      return;
    }
    sendProblem(
      reply,
      problem(
        413,
        'BODY_NOT_ALLOWED',
        `${request.method} ${request.routeOptions.url ?? 'on this path'} takes no request body; send none.`,
      ),
    );
  });
};

export const noStoreOnApi = (fastify: FastifyInstance): void => {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (needsCredential(request)) void reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });
};
