/**
 * What an administrator (through the `ledger` CLI) asks of the user register. Ids are checked
 * in form before they get here; the decider checks them against the register.
 */
import { Role } from '../shared/roles';

export interface AddUser {
  readonly type: 'AddUser';
  readonly userId: string;
  readonly name: string | null;
  /** Every user starts with one role; more can be granted later. */
  readonly role: Role;
}

export interface GrantRole {
  readonly type: 'GrantRole';
  readonly userId: string;
  readonly role: Role;
}

export interface RevokeRole {
  readonly type: 'RevokeRole';
  readonly userId: string;
  readonly role: Role;
}

export interface IssueToken {
  readonly type: 'IssueToken';
  /** Made by the service, never chosen by the caller. */
  readonly tokenId: string;
  readonly userId: string;
  /** The role the token acts in; may be left out when the user holds exactly one. */
  readonly role: Role | undefined;
}

export interface RevokeToken {
  readonly type: 'RevokeToken';
  readonly tokenId: string;
}

export type UsersCommand = AddUser | GrantRole | RevokeRole | IssueToken | RevokeToken;
