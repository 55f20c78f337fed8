/**
 * One place maps every error to problem+json: domain refusals, store conflicts, validation,
 * framework errors (bad JSON, body too large) and, last, the unexpected (500, logged).
 */
import { VerificationBusyError } from '../audit/gated-verifier';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import {
  InvalidAppendError,
  LedgerDamagedError,
  StoreOutcomeUnknownError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../event-store/event-store';
import { DomainError, DomainErrorKind } from '../shared/domain-error';
import { UnreadableStreamError } from '../shared/fold';
import { isSqliteError } from '../event-store/sqlite/sqlite-errors';
import { Problem, problem, PROBLEM_CONTENT_TYPE, ProblemException } from '../shared/problem';

const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  rule: 409,
  'not-found': 404,
  invalid: 400,
};

/** Seconds a client should wait before retrying when the store is unavailable. */
export const STORE_RETRY_AFTER_SECONDS = 5;

interface FrameworkError {
  readonly statusCode?: number;
  readonly status?: number;
  readonly code?: string;
  readonly message?: string;
}

/**
 * The code of a framework's refusal known only by its status. Nest turns every Fastify error it
 * handles (a body that is not JSON, an empty one, a content type no parser takes) into a bare
 * HttpException of its status and message, dropping Fastify's code, so frameworkProblem's cases
 * by code reach only errors Nest does not handle (the router's, src/http/router-refusals.ts);
 * both fall back to this one table, or they answered HTTP_400 and HTTP_415 where a code is meant.
 */
const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'MALFORMED_REQUEST',
  404: 'NOT_FOUND',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

const codeOfStatus = (status: number): string => STATUS_CODES[status] ?? `HTTP_${status}`;

const frameworkProblem = (error: FrameworkError): Problem | undefined => {
  const status = error.statusCode ?? error.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'BODY_TOO_LARGE', 'The request body is larger than the service accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'EMPTY_BODY', 'The body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(
        400,
        'INVALID_CONTENT_LENGTH',
        'The Content-Length header does not match the body.',
      );
    default:
      return problem(
        status,
        codeOfStatus(status),
        status === 400
          ? `The request could not be read: ${error.message ?? 'malformed'}`
          : (error.message ?? 'Request refused.'),
      );
  }
};

const httpExceptionProblem = (error: HttpException): Problem => {
  const status = error.getStatus();
  const code = codeOfStatus(status);
  const response = error.getResponse();
  const message =
    typeof response === 'string'
      ? response
      : typeof (response as { message?: unknown }).message === 'string'
        ? (response as { message: string }).message
        : error.message;
  return problem(status, code, message);
};

/**
 * SQLite's codes for a file it cannot read as a database (better-sqlite3 puts the extended
 * code on the error, e.g. SQLITE_CORRUPT_INDEX): the file was damaged outside the service.
 */
const DAMAGED_FILE_CODES = /^SQLITE_(CORRUPT|NOTADB)(_|$)/;

const isDamagedFile = (error: unknown): boolean =>
  isSqliteError(error) && DAMAGED_FILE_CODES.test(error.code);

/** Maps any thrown value to a problem; `undefined` means "unexpected": a 500 to be logged. */
export const toProblem = (error: unknown): Problem | undefined => {
  if (error instanceof ProblemException) return error.problem;
  if (error instanceof DomainError)
    return problem(DOMAIN_STATUS[error.kind], error.code, error.detail, error.extra);
  if (error instanceof WrongExpectedRevisionError) {
    return problem(
      412,
      'REVISION_MISMATCH',
      `The resource has moved on: expected revision ${String(error.expected)}, it is at ${error.actual === undefined ? 'none' : String(error.actual)}.`,
      {
        expected: String(error.expected),
        actual: error.actual === undefined ? null : String(error.actual),
      },
    );
  }
  if (error instanceof StoreOutcomeUnknownError) {
    return problem(
      503,
      'STORE_OUTCOME_UNKNOWN',
      'The ledger did not confirm whether this change was recorded. Send it again with the same ' +
        'Idempotency-Key: a change already recorded under it is answered, not recorded twice. ' +
        'Without a key, look the change up before sending it again.',
      { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS },
    );
  }
  if (error instanceof StoreUnavailableError) {
    return problem(
      503,
      'STORE_UNAVAILABLE',
      'The ledger cannot record changes right now; nothing was recorded. Try again shortly.',
      {
        retryAfterSeconds: STORE_RETRY_AFTER_SECONDS,
      },
    );
  }
  if (error instanceof UnreadableStreamError) {
    return problem(
      500,
      'LEDGER_STREAM_UNREADABLE',
      `The ledger's stream ${error.stream} holds an event this service cannot read (revision ${error.revision}, type ${error.eventType}), so nothing can be decided on it; nothing was recorded. GET /api/audit/verify checks the ledger.`,
      { stream: error.stream, revision: String(error.revision), eventType: error.eventType },
    );
  }
  if (isDamagedFile(error) || error instanceof LedgerDamagedError) {
    return problem(
      503,
      'STORAGE_DAMAGED',
      'A data file of the service cannot be read: SQLite finds it damaged. A read-model file is ' +
        'rebuilt from the ledger (stop the service and run `ledger rebuild`, or delete the file ' +
        'and start); `ledger verify` says whether the ledger itself is whole.',
      { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS },
    );
  }
  if (error instanceof InvalidAppendError) return problem(413, 'EVENT_TOO_LARGE', error.message);
  if (error instanceof VerificationBusyError) {
    return problem(
      429,
      'VERIFICATION_BUSY',
      'Other verifications are running; try again shortly.',
      {
        retryAfterSeconds: error.retryAfterSeconds,
      },
    );
  }
  if (error instanceof HttpException) return httpExceptionProblem(error);
  if (error && typeof error === 'object') return frameworkProblem(error as FrameworkError);
  return undefined;
};

export const sendProblem = (reply: FastifyReply, body: Problem): void => {
  if (body.status === 503 || typeof body.retryAfterSeconds === 'number') {
    // A problem that knows how long its cause lasts (retryAfterSeconds) says so; a 503 that
    // does not, the store's wait.
    const seconds =
      typeof body.retryAfterSeconds === 'number'
        ? body.retryAfterSeconds
        : STORE_RETRY_AFTER_SECONDS;
    reply.header('Retry-After', String(seconds));
  }
  void reply.status(body.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(body);
};

export const problemOrInternal = (error: unknown, logger: Logger): Problem => {
  const known = toProblem(error);
  // A named 500 (a ledger stream no command can be decided on) is the operator's to see too.
  if (known?.status === 500) logger.error({ err: error }, known.detail);
  if (known) return known;
  logger.error({ err: error }, 'unexpected error');
  return problem(
    500,
    'INTERNAL_ERROR',
    'Something went wrong on our side; nothing was recorded unless an answer said so.',
  );
};

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    sendProblem(reply, problemOrInternal(error, this.logger));
  }
}
