/** The user register's rules: adding users, roles, tokens bound to one role, revocations. */
import { Role } from '../../src/shared/roles';
import { actorOfToken, usersDecider } from '../../src/auth/users.decider';
import { UsersEvent } from '../../src/auth/users.events';
import { fold, given } from '../support/decider-spec';

const granted = (userId: string, role: Role): UsersEvent => ({
  type: 'RoleGranted',
  data: { userId, role },
});
const roleRevoked = (userId: string, role: Role): UsersEvent => ({
  type: 'RoleRevoked',
  data: { userId, role },
});
const added = (userId: string, role: Role = 'finance'): UsersEvent[] => [
  { type: 'UserAdded', data: { userId, name: null } },
  granted(userId, role),
];
const issued = (tokenId: string, userId: string, role: Role = 'finance'): UsersEvent => ({
  type: 'TokenIssued',
  data: { tokenId, userId, role },
});
const tokenRevoked = (tokenId: string, userId: string): UsersEvent => ({
  type: 'TokenRevoked',
  data: { tokenId, userId },
});

describe('users decider', () => {
  it('adds a user with a first role; the same again is already done, a different one refused', () => {
    given(usersDecider)
      .when({ type: 'AddUser', userId: 'anna', name: 'Anna', role: 'admin' })
      .then([
        { type: 'UserAdded', data: { userId: 'anna', name: 'Anna' } },
        granted('anna', 'admin'),
      ]);
    given(usersDecider, added('anna'))
      .when({ type: 'AddUser', userId: 'anna', name: null, role: 'finance' })
      .thenAlreadyDone(added('anna')[0]);
    given(usersDecider, added('anna'))
      .when({ type: 'AddUser', userId: 'anna', name: null, role: 'auditor' })
      .thenRefuses('USER_ALREADY_EXISTS');
  });

  it("judges a repeated add by the add's own body, not by the roles held since", () => {
    // A role granted later does not make another body the same request…
    given(usersDecider, [...added('anna', 'project-lead'), granted('anna', 'finance')])
      .when({ type: 'AddUser', userId: 'anna', name: null, role: 'finance' })
      .thenRefuses('USER_ALREADY_EXISTS');
    // …nor does revoking the role it added make the same body another.
    given(usersDecider, [...added('anna', 'project-lead'), roleRevoked('anna', 'project-lead')])
      .when({ type: 'AddUser', userId: 'anna', name: null, role: 'project-lead' })
      .thenAlreadyDone(added('anna')[0]);
  });

  it('grants and revokes roles; granting a held role records nothing', () => {
    given(usersDecider, added('anna'))
      .when({ type: 'GrantRole', userId: 'anna', role: 'finance' })
      .then([]);
    given(usersDecider, added('anna'))
      .when({ type: 'GrantRole', userId: 'anna', role: 'admin' })
      .then([granted('anna', 'admin')]);
    given(usersDecider)
      .when({ type: 'GrantRole', userId: 'nobody', role: 'admin' })
      .thenRefuses('USER_NOT_FOUND');
    given(usersDecider, added('anna'))
      .when({ type: 'RevokeRole', userId: 'anna', role: 'admin' })
      .then([]);
  });

  it('never leaves the register without an administrator', () => {
    // Two admins revoking each other at once: the second is decided after the first.
    const two = [...added('anna', 'admin'), ...added('bo', 'admin')];
    given(usersDecider, two)
      .when({ type: 'RevokeRole', userId: 'anna', role: 'admin' })
      .then([roleRevoked('anna', 'admin')]);
    given(usersDecider, [...two, roleRevoked('anna', 'admin')])
      .when({ type: 'RevokeRole', userId: 'bo', role: 'admin' })
      .thenRefuses('LAST_ADMIN');
    // Any other role of the last administrator may go.
    given(usersDecider, [...added('bo', 'admin'), granted('bo', 'finance')])
      .when({ type: 'RevokeRole', userId: 'bo', role: 'finance' })
      .then([roleRevoked('bo', 'finance')]);
  });

  it('revokes the tokens of a revoked role, and only those', () => {
    const history = [
      ...added('anna'),
      granted('anna', 'admin'),
      issued('tok-1', 'anna'),
      issued('tok-2', 'anna', 'admin'),
    ];
    given(usersDecider, history)
      .when({ type: 'RevokeRole', userId: 'anna', role: 'finance' })
      .then([roleRevoked('anna', 'finance'), tokenRevoked('tok-1', 'anna')]);
  });

  it('binds a token to one role the user holds', () => {
    given(usersDecider, added('anna'))
      .when({ type: 'IssueToken', tokenId: 'tok-1', userId: 'anna', role: undefined })
      .then([issued('tok-1', 'anna')]);
    given(usersDecider, added('anna'))
      .when({ type: 'IssueToken', tokenId: 'tok-1', userId: 'anna', role: 'admin' })
      .thenRefuses('ROLE_NOT_HELD');
    given(usersDecider, [...added('anna'), granted('anna', 'admin')])
      .when({ type: 'IssueToken', tokenId: 'tok-1', userId: 'anna', role: undefined })
      .thenRefuses('ROLE_REQUIRED');
    given(usersDecider, [...added('anna'), issued('tok-1', 'anna')])
      .when({ type: 'IssueToken', tokenId: 'tok-1', userId: 'anna', role: undefined })
      .thenRefuses('TOKEN_ID_TAKEN');
  });

  it('revokes a token once; an unknown token is not found', () => {
    const history = [...added('anna'), issued('tok-1', 'anna')];
    given(usersDecider, history)
      .when({ type: 'RevokeToken', tokenId: 'tok-1' })
      .then([tokenRevoked('tok-1', 'anna')]);
    given(usersDecider, [...history, tokenRevoked('tok-1', 'anna')])
      .when({ type: 'RevokeToken', tokenId: 'tok-1' })
      .then([]);
    given(usersDecider)
      .when({ type: 'RevokeToken', tokenId: 'tok-9' })
      .thenRefuses('TOKEN_NOT_FOUND');
  });

  it('says which actor a token stands for, and none once revoked or its role is gone', () => {
    const history = [...added('anna'), issued('tok-1', 'anna')];
    expect(actorOfToken(fold(usersDecider, history), 'tok-1')).toEqual({
      id: 'anna',
      role: 'finance',
    });
    expect(
      actorOfToken(fold(usersDecider, [...history, roleRevoked('anna', 'finance')]), 'tok-1'),
    ).toBeUndefined();
    expect(
      actorOfToken(fold(usersDecider, [...history, tokenRevoked('tok-1', 'anna')]), 'tok-1'),
    ).toBeUndefined();
    expect(actorOfToken(fold(usersDecider, history), 'tok-2')).toBeUndefined();
  });
});
