/**
 * An OIDC user's ledger role. The identity provider says who the person is (a verified access
 * token); by default the ledger says what they may do: the role granted to that user id in
 * the users stream, so every grant and revocation is an event an auditor can read, made by an
 * admin in the ledger, not by whoever administers the identity provider's groups. The token's
 * roles claim counts only when configured (OIDC_ROLE_SOURCE=ledger-then-claim or claim).
 */
import { OidcRoleSource } from '../config/oidc-sign-in.config';
import { AuthOutcome, Authenticator, INVALID } from './authenticator';
import { OidcAuthenticator } from './oidc.authenticator';
import { Role } from '../shared/roles';
import { UserDirectory } from './user-directory';

export class OidcUserAuthenticator implements Authenticator {
  constructor(
    private readonly tokens: OidcAuthenticator,
    private readonly directory: UserDirectory,
    private readonly source: OidcRoleSource,
  ) {}

  async authenticate(credential: string): Promise<AuthOutcome> {
    const identity = await this.tokens.identify(credential);
    if (!identity) return INVALID;
    const roles = await this.rolesOf(identity.id, identity.claimRoles);
    const outcome = this.tokens.actorOf(identity.id, roles);
    if (outcome.kind !== 'no-role' || this.source === 'claim') return outcome;
    // Say where the role is missing: the fix is a grant in the ledger, not at the provider.
    return outcome.code === 'NO_LEDGER_ROLE'
      ? {
          ...outcome,
          detail: `${identity.id} is signed in but holds no role in the ledger; an administrator grants one.`,
        }
      : {
          ...outcome,
          detail: `${identity.id} holds several roles in the ledger (${roles.join(', ')}); a person signing in must hold exactly one.`,
        };
  }

  private async rolesOf(id: string, claimRoles: readonly Role[]): Promise<readonly Role[]> {
    if (this.source === 'claim') return claimRoles;
    const granted = (await this.directory.current()).users.get(id)?.roles ?? [];
    if (this.source === 'ledger-then-claim' && granted.length === 0) return claimRoles;
    return granted;
  }
}
