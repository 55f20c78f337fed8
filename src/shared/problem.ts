/**
 * RFC 9457 problem details: the one shape every error of the API takes.
 */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly errors?: readonly FieldProblem[];
  readonly [extra: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://fund-ledger.example/problems/';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * A problem lists at most this many field problems in `errors`, and says how many more there
 * were (`errorsOmitted`): a hostile body with half a million bad entries gets a small answer.
 */
export const MAX_LISTED_ERRORS = 20;

/** `errors` cut to MAX_LISTED_ERRORS, with the count of the rest, whoever built the list. */
const boundErrors = (extra: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const errors = extra.errors;
  if (!Array.isArray(errors) || errors.length <= MAX_LISTED_ERRORS) return extra;
  return {
    ...extra,
    errors: errors.slice(0, MAX_LISTED_ERRORS),
    errorsOmitted: errors.length - MAX_LISTED_ERRORS,
  };
};

export const problem = (
  status: number,
  code: string,
  detail: string,
  extra: Readonly<Record<string, unknown>> = {},
): Problem => ({
  ...boundErrors(extra),
  type: PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-'),
  title: TITLES[status] ?? 'Error',
  status,
  detail,
  code,
});

/** An HTTP-level refusal thrown outside the domain (headers, query strings, auth). */
export class ProblemException extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ProblemException';
  }
}

/** The detail names the listed problems only, like the list itself. */
export const invalidInput = (
  errors: readonly FieldProblem[],
  detail?: string,
): ProblemException => {
  const omitted = errors.length - MAX_LISTED_ERRORS;
  const listed = errors
    .slice(0, MAX_LISTED_ERRORS)
    .map((e) => `${e.path}: ${e.message}`)
    .join('; ');
  return new ProblemException(
    problem(
      400,
      'VALIDATION_FAILED',
      detail ?? listed + (omitted > 0 ? `; and ${omitted} more` : ''),
      {
        errors,
      },
    ),
  );
};

/**
 * A refused request header (If-Match, Idempotency-Key): a code of its own, and `errors` naming
 * the header as every 400 for a field or parameter names it.
 */
export const headerRefusal = (code: string, header: string, message: string): ProblemException =>
  new ProblemException(
    problem(400, code, `${header} ${message}.`, { errors: [{ path: header, message }] }),
  );
