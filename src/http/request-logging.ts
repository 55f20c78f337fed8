/**
 * One log line per HTTP request (nestjs-pino over pino-http, written by the service's one pino
 * logger): the route as registered (its pattern, never the ids in the path), the status, the
 * duration and the request's correlation id. A caller may send its own id in X-Request-Id
 * (kept when it is a short plain token, so it cannot smuggle anything into the logs); otherwise
 * one is made. Every answer echoes it in X-Request-Id, and the command gateway records it as
 * the events' correlation id, so a line in the log leads to the events it wrote.
 *
 * The line carries no request or response headers at all (so no bearer token, no cookie);
 * the redaction below is a second lock in case a later change adds them.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept only when it is this short and made of these characters. */
export const MAX_REQUEST_ID_LENGTH = 128;
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:@-]+$/;

/** Paths the log line must never show, even if a later change logs headers. */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/** Route pattern of a request that matched no route (a 404, or refused before routing). */
export const UNMATCHED_ROUTE = '(unmatched)';

/** Server errors at error level; everything else (4xx included, a caller's mistake) at info. */
const SERVER_ERROR_STATUS = 500;

/** Where the Fastify hook leaves the route pattern for the log line written at the end. */
const ROUTE_PATTERN = Symbol('routePattern');
type RawRequest = IncomingMessage & { id?: unknown; method?: string; [ROUTE_PATTERN]?: string };

/** Fastify's request id: the caller's X-Request-Id when acceptable, a fresh UUID otherwise. */
export const requestIdFor = (request: IncomingMessage): string => {
  const sent = request.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' &&
    sent.length <= MAX_REQUEST_ID_LENGTH &&
    ACCEPTED_REQUEST_ID.test(sent)
    ? sent
    : randomUUID();
};

/**
 * Echoes the request id on every answer and notes the matched route's pattern. Installed
 * before the other request hooks, so even a request refused early (401, 503) carries both.
 */
export const traceRequests = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as RawRequest)[ROUTE_PATTERN] = request.routeOptions.url ?? UNMATCHED_ROUTE;
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
};

const requestLine = (
  req: IncomingMessage,
  res: ServerResponse,
  responseTime: number,
): Record<string, unknown> => {
  const raw = req as RawRequest;
  return {
    method: raw.method,
    route: raw[ROUTE_PATTERN] ?? UNMATCHED_ROUTE,
    status: res.statusCode,
    durationMs: responseTime,
  };
};

/** The nestjs-pino module writing the request lines through the service's logger. */
export const requestLoggingModule = (logger: Logger): DynamicModule =>
  LoggerModule.forRoot({
    pinoHttp: {
      logger,
      // Bind only the request id to the line: pino-http would otherwise bind the whole
      // request (headers included) and the whole response.
      quietReqLogger: true,
      quietResLogger: true,
      customAttributeKeys: { reqId: 'requestId' },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      customLogLevel: (_req, res, error) =>
        error !== undefined || res.statusCode >= SERVER_ERROR_STATUS ? 'error' : 'info',
      customSuccessObject: (req, res, value: { responseTime: number }) =>
        requestLine(req, res, value.responseTime),
      customErrorObject: (req, res, _error, value: { responseTime: number }) =>
        requestLine(req, res, value.responseTime),
      customSuccessMessage: () => 'request completed',
      customErrorMessage: () => 'request failed',
    },
  });
