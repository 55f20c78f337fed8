/**
 * One question, two answers by configuration: who does this bearer credential stand for?
 * Ledger tokens (the embedded default) and OIDC JWTs both answer it; nothing else in the
 * service knows which one is in use.
 */
import { Actor } from '../shared/roles';

export type AuthOutcome =
  /** `rateKey` names the user for the per-user rate limit (whichever of their credentials it was). */
  | { readonly kind: 'authenticated'; readonly actor: Actor; readonly rateKey: string }
  /** Missing, malformed, unknown, expired or revoked: a 401. */
  | { readonly kind: 'invalid' }
  /** A genuine identity that maps to no usable ledger role: a 403. */
  | { readonly kind: 'no-role'; readonly code: string; readonly detail: string };

export interface Authenticator {
  authenticate(credential: string): Promise<AuthOutcome>;
}

export const AUTHENTICATOR = Symbol('AUTHENTICATOR');

export const INVALID: AuthOutcome = { kind: 'invalid' };
