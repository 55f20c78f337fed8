/**
 * Graceful shutdown at the HTTP edge (SIGTERM). A request that still arrives on an open
 * keep-alive connection is refused like every other error of the API: a 503 problem+json
 * with Retry-After, before any work is done (Fastify's own answer for this is plain JSON
 * without Retry-After). Requests already in flight finish as usual, and their connections are
 * closed once idle: the server's close only reaps the connections idle at the moment it
 * starts, so a keep-alive client whose request finished during the drain would otherwise hold
 * the process until the grace period runs out.
 */
import type { FastifyInstance } from 'fastify';
import { problem } from '../shared/problem';
import { sendProblem, STORE_RETRY_AFTER_SECONDS } from './problem.filter';

/** How often the drain closes connections that went idle since it began. */
export const IDLE_SWEEP_MS = 50;

export const refuseWhileClosing = (fastify: FastifyInstance): void => {
  let closing = false;
  let sweep: NodeJS.Timeout | undefined;
  fastify.addHook('preClose', (done) => {
    closing = true;
    sweep = setInterval(() => fastify.server.closeIdleConnections(), IDLE_SWEEP_MS).unref();
    done();
  });
  fastify.addHook('onClose', (_instance, done) => {
    clearInterval(sweep);
    done();
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    if (!closing) {
      done();
      return;
    }
    sendProblem(
      reply,
      problem(
        503,
        'SHUTTING_DOWN',
        'The service is shutting down; nothing was recorded. Try again shortly.',
        { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS },
      ),
    );
  });
};
