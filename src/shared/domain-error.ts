/**
 * A refusal by a rule of the ledger. Deciders throw it; one exception filter maps it to
 * application/problem+json. `code` is stable: clients and tests match on it.
 */
export type DomainErrorKind =
  /** A rule of the ledger says no (409). */
  | 'rule'
  /** The thing the command names does not exist (404). */
  | 'not-found'
  /** The command itself is malformed in a way only the domain can see (400). */
  | 'invalid';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly kind: DomainErrorKind = 'rule',
    /** Extra problem fields, e.g. { available: "1000.00" } or { missing: [...] }. */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'DomainError';
  }
}
