/**
 * The user register's decider: pure rules for adding users, granting and revoking roles and
 * issuing and revoking tokens. A token is bound to one role of its user; revoking that role
 * revokes the token too, so granting the role again later does not bring old tokens back.
 */
import { DomainError } from '../shared/domain-error';
import { alreadyDone, append, Decider, Decision } from '../shared/decider';
import { Role, ROLES } from '../shared/roles';
import {
  AddUser,
  GrantRole,
  IssueToken,
  RevokeRole,
  RevokeToken,
  UsersCommand,
} from './users.commands';
import { TokenRevoked, UsersEvent } from './users.events';

/** Bounds the register, which every authenticated request consults. */
export const MAX_USERS = 10_000;
/** A person needs a few (laptop, script, dashboard); more usually means forgotten tokens. */
export const MAX_ACTIVE_TOKENS_PER_USER = 20;

export interface UserState {
  readonly userId: string;
  readonly name: string | null;
  /** In ROLES order. */
  readonly roles: readonly Role[];
  /**
   * The role the user was added with (the first granted): with the name, what a repeat of the
   * add must carry to be the same request, whatever was granted or revoked since.
   */
  readonly addedAs?: Role;
}

export interface TokenState {
  readonly tokenId: string;
  readonly userId: string;
  readonly role: Role;
  readonly revoked: boolean;
}

export interface UsersState {
  readonly users: ReadonlyMap<string, UserState>;
  readonly tokens: ReadonlyMap<string, TokenState>;
}

export const initialUsersState: UsersState = { users: new Map(), tokens: new Map() };

const requireUser = (state: UsersState, userId: string): UserState => {
  const user = state.users.get(userId);
  if (!user) throw new DomainError('USER_NOT_FOUND', `there is no user ${userId}`, 'not-found');
  return user;
};

const otherAdminThan = (state: UsersState, userId: string): boolean =>
  [...state.users.values()].some((u) => u.userId !== userId && u.roles.includes('admin'));

const activeTokens = (state: UsersState, userId: string): TokenState[] =>
  [...state.tokens.values()].filter((token) => token.userId === userId && !token.revoked);

const addUser = (command: AddUser, state: UsersState): Decision<UsersEvent> => {
  const existing = state.users.get(command.userId);
  if (existing) {
    // The same body as the add that was recorded: its answer again. Judged on the roles held
    // now, another body got that answer once the role was granted later, and the same body a
    // 409 once its role was revoked.
    if (existing.name === command.name && existing.addedAs === command.role) {
      return alreadyDone(
        (event) => event.type === 'UserAdded' && event.data.userId === command.userId,
      );
    }
    throw new DomainError(
      'USER_ALREADY_EXISTS',
      `user ${command.userId} already exists; grant roles to it instead`,
    );
  }
  if (state.users.size >= MAX_USERS) {
    throw new DomainError('USER_LIMIT_REACHED', `the register holds at most ${MAX_USERS} users`);
  }
  return append<UsersEvent>(
    { type: 'UserAdded', data: { userId: command.userId, name: command.name } },
    { type: 'RoleGranted', data: { userId: command.userId, role: command.role } },
  );
};

/** Granting a role the user holds already changes nothing and records nothing. */
const grantRole = (command: GrantRole, state: UsersState): Decision<UsersEvent> => {
  const user = requireUser(state, command.userId);
  if (user.roles.includes(command.role)) return append<UsersEvent>();
  return append<UsersEvent>({
    type: 'RoleGranted',
    data: { userId: command.userId, role: command.role },
  });
};

const revokeRole = (command: RevokeRole, state: UsersState): Decision<UsersEvent> => {
  const user = requireUser(state, command.userId);
  if (!user.roles.includes(command.role)) return append<UsersEvent>();
  // Decided on the register as the append finds it: two admins revoking each other at once
  // leave one, not none (the second is decided again after the first and refused).
  if (command.role === 'admin' && !otherAdminThan(state, user.userId)) {
    throw new DomainError(
      'LAST_ADMIN',
      `${user.userId} is the register's last administrator; grant admin to someone else first`,
    );
  }
  const tokens: TokenRevoked[] = activeTokens(state, user.userId)
    .filter((token) => token.role === command.role)
    .map((token) => ({
      type: 'TokenRevoked',
      data: { tokenId: token.tokenId, userId: token.userId },
    }));
  return append<UsersEvent>(
    { type: 'RoleRevoked', data: { userId: user.userId, role: command.role } },
    ...tokens,
  );
};

const tokenRole = (command: IssueToken, user: UserState): Role => {
  if (command.role !== undefined) {
    if (!user.roles.includes(command.role)) {
      throw new DomainError(
        'ROLE_NOT_HELD',
        `user ${user.userId} does not hold the role ${command.role}`,
      );
    }
    return command.role;
  }
  if (user.roles.length !== 1) {
    throw new DomainError(
      'ROLE_REQUIRED',
      `user ${user.userId} holds ${user.roles.length === 0 ? 'no role' : `the roles ${user.roles.join(', ')}`}; name the role the token acts in`,
    );
  }
  return user.roles[0];
};

const issueToken = (command: IssueToken, state: UsersState): Decision<UsersEvent> => {
  const user = requireUser(state, command.userId);
  const role = tokenRole(command, user);
  if (state.tokens.has(command.tokenId)) {
    throw new DomainError('TOKEN_ID_TAKEN', `token id ${command.tokenId} is already in use`);
  }
  if (activeTokens(state, user.userId).length >= MAX_ACTIVE_TOKENS_PER_USER) {
    throw new DomainError(
      'TOKEN_LIMIT_REACHED',
      `user ${user.userId} has ${MAX_ACTIVE_TOKENS_PER_USER} active tokens; revoke one first`,
    );
  }
  return append<UsersEvent>({
    type: 'TokenIssued',
    data: { tokenId: command.tokenId, userId: user.userId, role },
  });
};

const revokeToken = (command: RevokeToken, state: UsersState): Decision<UsersEvent> => {
  const token = state.tokens.get(command.tokenId);
  if (!token)
    throw new DomainError('TOKEN_NOT_FOUND', `there is no token ${command.tokenId}`, 'not-found');
  if (token.revoked) return append<UsersEvent>();
  return append<UsersEvent>({
    type: 'TokenRevoked',
    data: { tokenId: token.tokenId, userId: token.userId },
  });
};

export const decideUsers = (command: UsersCommand, state: UsersState): Decision<UsersEvent> => {
  switch (command.type) {
    case 'AddUser':
      return addUser(command, state);
    case 'GrantRole':
      return grantRole(command, state);
    case 'RevokeRole':
      return revokeRole(command, state);
    case 'IssueToken':
      return issueToken(command, state);
    case 'RevokeToken':
      return revokeToken(command, state);
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(exhaustive)}`);
    }
  }
};

// ---------------------------------------------------------------------------------------
// evolve: a recorded event that breaks the register's shape is reported loudly.

const knownUser = (state: UsersState, userId: string, eventType: string): UserState => {
  const user = state.users.get(userId);
  if (!user) throw new Error(`users stream: ${eventType} for unknown user ${userId}`);
  return user;
};

const withUser = (state: UsersState, user: UserState): UsersState => ({
  ...state,
  users: new Map(state.users).set(user.userId, user),
});

const withToken = (state: UsersState, token: TokenState): UsersState => ({
  ...state,
  tokens: new Map(state.tokens).set(token.tokenId, token),
});

const rolesWith = (roles: readonly Role[], role: Role): Role[] =>
  ROLES.filter((r) => r === role || roles.includes(r));

export const evolveUsers = (state: UsersState, event: UsersEvent): UsersState => {
  switch (event.type) {
    case 'UserAdded':
      return withUser(state, { userId: event.data.userId, name: event.data.name, roles: [] });
    case 'RoleGranted': {
      const user = knownUser(state, event.data.userId, event.type);
      return withUser(state, {
        ...user,
        roles: rolesWith(user.roles, event.data.role),
        addedAs: user.addedAs ?? event.data.role,
      });
    }
    case 'RoleRevoked': {
      const user = knownUser(state, event.data.userId, event.type);
      return withUser(state, { ...user, roles: user.roles.filter((r) => r !== event.data.role) });
    }
    case 'TokenIssued':
      knownUser(state, event.data.userId, event.type);
      return withToken(state, { ...event.data, revoked: false });
    case 'TokenRevoked': {
      const token = state.tokens.get(event.data.tokenId);
      if (!token)
        throw new Error(`users stream: TokenRevoked for unknown token ${event.data.tokenId}`);
      return withToken(state, { ...token, revoked: true });
    }
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
    }
  }
};

export const usersDecider: Decider<UsersCommand, UsersEvent, UsersState> = {
  initialState: initialUsersState,
  decide: decideUsers,
  evolve: evolveUsers,
};

/** The actor a token stands for, or undefined when the token or its role no longer holds. */
export const actorOfToken = (
  state: UsersState,
  tokenId: string,
): { id: string; role: Role } | undefined => {
  const token = state.tokens.get(tokenId);
  if (!token || token.revoked) return undefined;
  const user = state.users.get(token.userId);
  if (!user || !user.roles.includes(token.role)) return undefined;
  return { id: user.userId, role: token.role };
};
