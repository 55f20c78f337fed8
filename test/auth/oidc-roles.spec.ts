/**
 * Where an OIDC user's ledger role comes from: the grants in the users stream (the default),
 * the token's roles claim, or the grant with the claim only for people the ledger's user
 * register has never seen (a registered person whose roles were all revoked has none: the
 * claim used to take over, so a revocation ended nothing). The token checks themselves are
 * jwt.spec.ts's; here the verified identity is given (oidc-ledger-then-claim.spec.ts runs the
 * revocation end to end).
 */
import { loadConfig } from '../../src/config/config';
import { OidcRoleSource } from '../../src/config/oidc-sign-in.config';
import { OidcAuthenticator, OidcIdentity } from '../../src/auth/oidc.authenticator';
import { OidcUserAuthenticator } from '../../src/auth/oidc-user.authenticator';
import { Role } from '../../src/shared/roles';
import { UserDirectory } from '../../src/auth/user-directory';
import { initialUsersState, UsersState, UserState } from '../../src/auth/users.decider';

const config = loadConfig({
  LEDGER_AUTH: 'oidc',
  OIDC_ISSUER: 'https://sso.example.se',
  OIDC_AUDIENCE: 'fund-ledger',
  OIDC_JWKS_URL: 'https://sso.example.se/jwks',
});

const register = (...users: [string, Role[]][]): UsersState => ({
  ...initialUsersState,
  users: new Map(
    users.map(([userId, roles]): [string, UserState] => [userId, { userId, name: null, roles }]),
  ),
});

const authenticatorFor = (
  source: OidcRoleSource,
  state: UsersState,
  identity: OidcIdentity | undefined,
): OidcUserAuthenticator => {
  const tokens = new OidcAuthenticator(config.oidc!);
  jest.spyOn(tokens, 'identify').mockResolvedValue(identity);
  const directory = { current: async () => state } as unknown as UserDirectory;
  return new OidcUserAuthenticator(tokens, directory, source);
};

const outcome = (
  source: OidcRoleSource,
  state: UsersState,
  /** null: the token does not verify. */
  identity: OidcIdentity | null = { id: 'frida.ek', claimRoles: ['admin'] },
) => authenticatorFor(source, state, identity ?? undefined).authenticate('a.verified.token');

describe('an OIDC user’s ledger role', () => {
  it('is the grant in the ledger by default, whatever the token claims', async () => {
    expect(await outcome('ledger', register(['frida.ek', ['finance']]))).toEqual({
      kind: 'authenticated',
      actor: { id: 'frida.ek', role: 'finance' },
      rateKey: 'oidc:frida.ek',
    });
  });

  it('is refused with NO_LEDGER_ROLE, naming the user, when the ledger grants none', async () => {
    const refused = await outcome('ledger', register(['other', ['finance']]));
    expect(refused).toMatchObject({ kind: 'no-role', code: 'NO_LEDGER_ROLE' });
    expect(refused.kind === 'no-role' && refused.detail).toContain('frida.ek');
  });

  it('is ambiguous when the ledger grants several', async () => {
    expect(await outcome('ledger', register(['frida.ek', ['finance', 'auditor']]))).toMatchObject({
      kind: 'no-role',
      code: 'ROLE_AMBIGUOUS',
    });
  });

  it('falls back to the claim only when configured and only for people the register has never seen', async () => {
    expect(await outcome('ledger-then-claim', register())).toMatchObject({
      actor: { id: 'frida.ek', role: 'admin' },
    });
    expect(await outcome('ledger-then-claim', register(['other', ['finance']]))).toMatchObject({
      actor: { id: 'frida.ek', role: 'admin' },
    });
    expect(
      await outcome('ledger-then-claim', register(['frida.ek', ['project-lead']])),
    ).toMatchObject({ actor: { role: 'project-lead' } });
  });

  it('gives a registered person whose every role was revoked no role, whatever the claim says', async () => {
    const refused = await outcome('ledger-then-claim', register(['frida.ek', []]));
    expect(refused).toMatchObject({ kind: 'no-role', code: 'NO_LEDGER_ROLE' });
    expect(refused.kind === 'no-role' && refused.detail).toMatch(
      /frida\.ek .*no role in the ledger .*claim counts only for a person .* never seen/,
    );
  });

  it('is the claim alone with OIDC_ROLE_SOURCE=claim', async () => {
    expect(await outcome('claim', register(['frida.ek', ['finance']]))).toMatchObject({
      actor: { role: 'admin' },
    });
  });

  it('is no one for a token that does not verify', async () => {
    expect(await outcome('ledger', register(['frida.ek', ['finance']]), null)).toEqual({
      kind: 'invalid',
    });
  });
});
