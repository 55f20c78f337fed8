/**
 * Managing who may use the ledger: the one service behind the `ledger users` and `ledger
 * tokens` commands (and the test helper that speaks as a given user). Users and roles are
 * events in the `users` stream; a token's hash goes only to the token store, and the token
 * itself is returned once and kept nowhere.
 */
import { randomUUID } from 'node:crypto';
import { ActorRef, EventStore } from '../event-store/event-store';
import { Clock } from '../infra/tokens';
import { CommandHandler, CommandResult } from '../shared/command-handler';
import { DomainError } from '../shared/domain-error';
import { MAX_NAME_LENGTH, USER_ID_MESSAGE, USER_ID_PATTERN } from '../shared/input-limits';
import { hashToken, newTokenId, newTokenSecret, TOKEN_ID_FORMAT } from './bearer-token';
import { Role } from '../shared/roles';
import { TokenStore } from './token-store';
import { UserDirectory } from './user-directory';
import { UsersCommand } from './users.commands';
import { TokenState, usersDecider, UserState } from './users.decider';
import { USERS_STREAM } from './users.events';

export interface IssuedToken {
  readonly tokenId: string;
  readonly userId: string;
  readonly role: Role;
  /** The bearer token itself: shown to the caller once, stored nowhere. */
  readonly token: string;
}

export interface UserListing extends UserState {
  readonly activeTokens: readonly Pick<TokenState, 'tokenId' | 'role'>[];
}

/** Printable text without control characters: names end up in terminals and exports. */
const PLAIN_TEXT = /^[^\p{Cc}]*$/u;

const checkUserId = (userId: string): void => {
  if (!USER_ID_PATTERN.test(userId))
    throw new DomainError(
      'USER_ID_INVALID',
      `user id ${JSON.stringify(userId)} ${USER_ID_MESSAGE}`,
      'invalid',
    );
};

const checkName = (name: string | null): void => {
  if (name === null) return;
  if (name.trim() === '' || name.length > MAX_NAME_LENGTH || !PLAIN_TEXT.test(name)) {
    throw new DomainError(
      'USER_NAME_INVALID',
      `a name must be 1–${MAX_NAME_LENGTH} characters of plain text`,
      'invalid',
    );
  }
};

const checkTokenId = (tokenId: string): void => {
  if (!TOKEN_ID_FORMAT.test(tokenId)) {
    throw new DomainError(
      'TOKEN_NOT_FOUND',
      `there is no token ${JSON.stringify(tokenId)}`,
      'not-found',
    );
  }
};

export class UserService {
  constructor(
    private readonly tokens: TokenStore,
    private readonly handler: CommandHandler,
    private readonly directory: UserDirectory,
    private readonly clock: Clock,
  ) {}

  /** The name is kept trimmed, whoever sends it (the API, the CLI). */
  addUser(userId: string, role: Role, name: string | null, by: ActorRef): Promise<CommandResult> {
    checkUserId(userId);
    checkName(name);
    return this.execute({ type: 'AddUser', userId, role, name: name?.trim() ?? null }, by);
  }

  grantRole(userId: string, role: Role, by: ActorRef): Promise<CommandResult> {
    checkUserId(userId);
    return this.execute({ type: 'GrantRole', userId, role }, by);
  }

  /** Also revokes the user's tokens that act in the role. */
  async revokeRole(userId: string, role: Role, by: ActorRef): Promise<CommandResult> {
    checkUserId(userId);
    const result = await this.execute({ type: 'RevokeRole', userId, role }, by);
    const state = await this.directory.current();
    const at = this.clock().toISOString();
    for (const token of state.tokens.values()) {
      if (token.userId === userId && token.revoked) this.tokens.revoke(token.tokenId, at);
    }
    return result;
  }

  /**
   * The hash is stored before the issuing is recorded: a row whose event never made it into
   * the ledger authenticates nobody (authentication needs both), and it is taken back.
   */
  async issueToken(userId: string, role: Role | undefined, by: ActorRef): Promise<IssuedToken> {
    checkUserId(userId);
    const tokenId = newTokenId();
    const token = newTokenSecret();
    this.tokens.insert(tokenId, userId, hashToken(token), this.clock().toISOString());
    try {
      await this.execute({ type: 'IssueToken', tokenId, userId, role }, by);
    } catch (error) {
      this.tokens.discard(tokenId);
      throw error;
    }
    const issued = (await this.directory.current()).tokens.get(tokenId);
    if (!issued) throw new Error(`token ${tokenId} was recorded but is not in the register`);
    return { tokenId, userId, role: issued.role, token };
  }

  /** The token store first: from that moment the token opens nothing, even if recording fails. */
  async revokeToken(tokenId: string, by: ActorRef): Promise<CommandResult> {
    checkTokenId(tokenId);
    this.tokens.revoke(tokenId, this.clock().toISOString());
    return this.execute({ type: 'RevokeToken', tokenId }, by);
  }

  /** Every user, as the register is now or, given a moment (an ISO instant), as it stood then. */
  async list(moment?: string): Promise<UserListing[]> {
    const state = await this.directory.at(moment);
    const tokens = [...state.tokens.values()].filter((token) => !token.revoked);
    return [...state.users.values()]
      .sort((a, b) => (a.userId < b.userId ? -1 : 1))
      .map(({ userId, name, roles }) => ({
        userId,
        name,
        roles,
        activeTokens: tokens
          .filter((t) => t.userId === userId)
          .map((t) => ({ tokenId: t.tokenId, role: t.role })),
      }));
  }

  /** Tokens that can still authenticate; none means nobody can use the API yet. */
  activeTokenCount(): number {
    return this.tokens.activeCount();
  }

  private execute(command: UsersCommand, by: ActorRef): Promise<CommandResult> {
    return this.handler.execute(USERS_STREAM, usersDecider, command, {
      actor: { id: by.id, role: by.role },
      correlationId: randomUUID(),
    });
  }
}

/** Everything the service needs, opened on an event store and a token file. */
export const createUserService = (
  store: EventStore,
  tokens: TokenStore,
  clock: Clock,
  handler = new CommandHandler(store, clock),
): UserService => new UserService(tokens, handler, new UserDirectory(store), clock);
