/**
 * One question, two answers by configuration: who does this bearer credential stand for?
 * Ledger tokens (the embedded default) and OIDC JWTs both answer it; nothing else in the
 * service knows which one is in use.
 */
import { Actor } from '../shared/roles';

export type AuthOutcome =
  /** `rateKey` names the user for the per-user rate limit (whichever of their credentials it was). */
  | { readonly kind: 'authenticated'; readonly actor: Actor; readonly rateKey: string }
  /**
   * Missing, malformed, unknown, expired or revoked: a 401. `lapsed`: a genuine credential
   * (one this ledger issued, or the provider signed) that has expired or was revoked, which no
   * one guessing could send: logged like any failure but not counted against the address, so an
   * office behind one address (NAT) whose sessions expire is not locked out by them.
   */
  | { readonly kind: 'invalid'; readonly lapsed?: true }
  /** A genuine identity that maps to no usable ledger role: a 403. */
  | { readonly kind: 'no-role'; readonly code: string; readonly detail: string };

export interface Authenticator {
  authenticate(credential: string): Promise<AuthOutcome>;
}

export const AUTHENTICATOR = Symbol('AUTHENTICATOR');

export const INVALID: AuthOutcome = { kind: 'invalid' };
export const LAPSED: AuthOutcome = { kind: 'invalid', lapsed: true };
