/**
 * Ledger bearer tokens: the hash must be in the token store and not revoked there, and the
 * register (events) must still show the token unrevoked and its user holding its role.
 */
import { AuthOutcome, Authenticator, INVALID, LAPSED } from './authenticator';
import { hashToken, looksLikeToken } from './bearer-token';
import { TokenStore } from './token-store';
import { UserDirectory } from './user-directory';
import { actorOfToken } from './users.decider';

export class TokenAuthenticator implements Authenticator {
  constructor(
    private readonly tokens: TokenStore,
    private readonly directory: UserDirectory,
  ) {}

  async authenticate(credential: string): Promise<AuthOutcome> {
    if (!looksLikeToken(credential)) return INVALID;
    const row = this.tokens.findByHash(hashToken(credential));
    if (!row) return INVALID;
    // Found by its hash: a token this ledger issued, revoked since.
    if (row.revokedAt !== null) return LAPSED;
    const actor = actorOfToken(await this.directory.current(), row.tokenId);
    if (!actor || actor.id !== row.userId) return LAPSED;
    // Per user, not per token: a user's tokens share one bucket, so more tokens buy no more requests.
    return { kind: 'authenticated', actor, rateKey: `user:${actor.id}` };
  }
}
