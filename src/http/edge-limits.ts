/**
 * Slow and greedy clients at the HTTP edge, before Fastify routes anything:
 * - a request's headers and whole body must arrive within configured times, or the client
 *   gets a 408 problem+json and the socket is closed (Node's own timeouts, which Fastify
 *   leaves off by default, so one byte a second could hold a socket for ever);
 * - an idle keep-alive connection is closed after a configured time;
 * - one client address holds at most a configured number of connections at once; a
 *   connection past that is answered 503 problem+json and closed before it is read, so one
 *   client cannot use up the process's file descriptors and take /health down with them.
 */
import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { HttpEdgeConfig } from '../config/config';
import { Problem, problem, PROBLEM_CONTENT_TYPE } from '../shared/problem';

/**
 * Node checks its header and request timeouts on a timer (30 s by default, which would let
 * a slow client overstay a short timeout by that much); a few checks per timeout keep them
 * honest, and once a second is cheap for long ones.
 */
const MAX_TIMEOUT_CHECK_INTERVAL_MS = 1_000;
const CHECKS_PER_TIMEOUT = 4;
/** Node's floor for its timeout timer. */
const MIN_TIMEOUT_CHECK_INTERVAL_MS = 10;

/** Seconds a refused connection is told to wait before trying again. */
export const CONNECTION_RETRY_AFTER_SECONDS = 1;

const timeoutCheckIntervalMs = (edge: HttpEdgeConfig): number =>
  Math.max(
    MIN_TIMEOUT_CHECK_INTERVAL_MS,
    Math.min(
      MAX_TIMEOUT_CHECK_INTERVAL_MS,
      Math.floor(Math.min(edge.headersTimeoutMs, edge.requestTimeoutMs) / CHECKS_PER_TIMEOUT),
    ),
  );

/** A whole HTTP/1.1 answer written straight to a socket that Fastify never got to answer. */
export const rawProblemAnswer = (body: Problem, extraHeaders: readonly string[] = []): string => {
  const json = JSON.stringify(body);
  return [
    `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status] ?? body.title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(json)}`,
    'Cache-Control: no-store',
    'Connection: close',
    ...extraHeaders,
    '',
    json,
  ].join('\r\n');
};

const clientErrorProblem = (code: string | undefined): Problem => {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem(
        408,
        'REQUEST_TIMEOUT',
        'The request did not arrive in time; the connection is closed and nothing was recorded.',
      );
    case 'HPE_HEADER_OVERFLOW':
      return problem(431, 'HEADERS_TOO_LARGE', 'The request headers are too large.');
    default:
      return problem(400, 'MALFORMED_REQUEST', 'The request is not well-formed HTTP.');
  }
};

/** What Node keeps on a server socket (not in its types). */
interface ServerSocket extends Socket {
  /** The answer to the socket's current request, until it is finished. */
  readonly _httpMessage?: { readonly headersSent?: boolean } | null;
  /** The request being read, once its headers are in. */
  readonly parser?: { readonly incoming?: unknown } | null;
}

/**
 * Whether the client still waits for an answer: none begun to its current request, or no
 * request read yet. A request already answered (say a 401 while its body still trickles in)
 * gets no second answer; its socket is only closed.
 */
const awaitsAnswer = (socket: ServerSocket): boolean => {
  const response = socket._httpMessage;
  if (response) return response.headersSent !== true;
  return !socket.parser?.incoming;
};

/**
 * Fastify's clientError handler: Node's timeouts and malformed requests end here, outside
 * any route. The answer is problem+json like every other refusal, unless the request was
 * answered already or an answer is under way (then only closing the socket is honest).
 */
export const answerClientError = (error: NodeJS.ErrnoException, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable && awaitsAnswer(socket as ServerSocket))
    socket.write(rawProblemAnswer(clientErrorProblem(error.code)));
  socket.destroy();
};

/** Fastify server options for the configured timeouts. */
export const edgeServerOptions = (
  edge: HttpEdgeConfig,
): {
  requestTimeout: number;
  keepAliveTimeout: number;
  http: ServerOptions;
  clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => void;
} => ({
  requestTimeout: edge.requestTimeoutMs,
  keepAliveTimeout: edge.keepAliveTimeoutMs,
  http: {
    headersTimeout: edge.headersTimeoutMs,
    requestTimeout: edge.requestTimeoutMs,
    keepAliveTimeout: edge.keepAliveTimeoutMs,
    connectionsCheckingInterval: timeoutCheckIntervalMs(edge),
  },
  clientErrorHandler: answerClientError,
});

const TOO_MANY_CONNECTIONS = (max: number): string =>
  rawProblemAnswer(
    problem(
      503,
      'TOO_MANY_CONNECTIONS',
      `This address already holds ${max} open connections; close some or reuse them.`,
      { retryAfterSeconds: CONNECTION_RETRY_AFTER_SECONDS },
    ),
    [`Retry-After: ${CONNECTION_RETRY_AFTER_SECONDS}`],
  );

/**
 * Caps the connections one remote address holds at once (0: no cap). Runs before Node's
 * own connection handling, so a refused socket is answered and closed without a request on
 * it being parsed or routed.
 */
export const capConnectionsPerClient = (server: Server, max: number): void => {
  if (max === 0) return;
  const open = new Map<string, number>();
  const refusal = TOO_MANY_CONNECTIONS(max);
  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.end(refusal, () => socket.destroy());
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
};
