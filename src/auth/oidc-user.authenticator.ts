/**
 * An OIDC user's ledger role. The identity provider says who the person is (a verified access
 * token); by default the ledger says what they may do: the role granted to that user id in
 * the users stream, so every grant and revocation is an event an auditor can read, made by an
 * admin in the ledger, not by whoever administers the identity provider's groups. The token's
 * roles claim counts only when configured (OIDC_ROLE_SOURCE=ledger-then-claim or claim).
 * With ledger-then-claim the claim counts only for a person the register has never seen (no
 * UserAdded): once added, the ledger's grants alone decide, so revoking a person's last role
 * takes their access away instead of handing it to whatever the provider's groups say.
 */
import { OidcRoleSource } from '../config/oidc-sign-in.config';
import { AuthOutcome, Authenticator } from './authenticator';
import { EXPIRED, identityFailure, OidcAuthenticator } from './oidc.authenticator';
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
    if (identity === undefined || identity === EXPIRED) return identityFailure(identity);
    const { roles, from } = await this.rolesOf(identity.id, identity.claimRoles);
    const outcome = this.tokens.actorOf(identity.id, roles);
    if (outcome.kind !== 'no-role' || this.source === 'claim') return outcome;
    // Say where the role is missing: the fix is a grant in the ledger, not at the provider.
    if (outcome.code !== 'NO_LEDGER_ROLE') {
      // Several roles from the claim are the claim's to sort out, as with OIDC_ROLE_SOURCE=claim.
      if (from === 'claim') return outcome;
      return {
        ...outcome,
        detail: `${identity.id} holds several roles in the ledger (${roles.join(', ')}); a person signing in must hold exactly one.`,
      };
    }
    // A registered person whose roles were all revoked: the claim no longer speaks for them.
    const claimIgnored =
      this.source === 'ledger-then-claim' && from === 'ledger'
        ? " (the token's roles claim counts only for a person the ledger's user register has never seen)"
        : '';
    return {
      ...outcome,
      detail: `${identity.id} is signed in but holds no role in the ledger${claimIgnored}; an administrator grants one.`,
    };
  }

  /**
   * Where the person's roles come from. "In the register" is "ever added": users are never
   * removed, so a person whose every role was revoked is still judged by the ledger alone.
   */
  private async rolesOf(
    id: string,
    claimRoles: readonly Role[],
  ): Promise<{ roles: readonly Role[]; from: 'ledger' | 'claim' }> {
    if (this.source === 'claim') return { roles: claimRoles, from: 'claim' };
    const registered = (await this.directory.current()).users.get(id);
    if (registered === undefined && this.source === 'ledger-then-claim')
      return { roles: claimRoles, from: 'claim' };
    return { roles: registered?.roles ?? [], from: 'ledger' };
  }
}
