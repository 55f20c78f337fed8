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
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const problem = (
  status: number,
  code: string,
  detail: string,
  extra: Readonly<Record<string, unknown>> = {},
): Problem => ({
  ...extra,
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

/**
 * A 400 lists at most this many field problems, and says how many more there were
 * (`errorsOmitted`): a hostile body with half a million bad entries gets a small answer.
 */
export const MAX_LISTED_ERRORS = 20;

export const invalidInput = (
  errors: readonly FieldProblem[],
  detail?: string,
): ProblemException => {
  const listed = errors.slice(0, MAX_LISTED_ERRORS);
  const omitted = errors.length - listed.length;
  const more = omitted > 0 ? `; and ${omitted} more` : '';
  return new ProblemException(
    problem(
      400,
      'VALIDATION_FAILED',
      detail ?? listed.map((e) => `${e.path}: ${e.message}`).join('; ') + more,
      omitted > 0 ? { errors: listed, errorsOmitted: omitted } : { errors: listed },
    ),
  );
};
