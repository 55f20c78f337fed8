/**
 * The facts of who may use the ledger, all in one stream (`users`): people, the roles granted
 * to and revoked from them, and the bearer tokens issued to them. Who did it and when lives in
 * each event's metadata, so an auditor reads who got which right, when and from whom.
 * A token's secret and its hash are never here: only its id and the role it acts in.
 */
import { DomainEvent } from '../shared/decider';
import { Role } from '../shared/roles';

export const USERS_STREAM = 'users';

export interface UserAddedData {
  readonly userId: string;
  readonly name: string | null;
}

export interface RoleGrantedData {
  readonly userId: string;
  readonly role: Role;
}

export interface RoleRevokedData {
  readonly userId: string;
  readonly role: Role;
}

export interface TokenIssuedData {
  readonly tokenId: string;
  readonly userId: string;
  /** A token acts in exactly one of its user's roles, so every event records which. */
  readonly role: Role;
}

export interface TokenRevokedData {
  readonly tokenId: string;
  readonly userId: string;
}

export type UserAdded = DomainEvent<'UserAdded', UserAddedData>;
export type RoleGranted = DomainEvent<'RoleGranted', RoleGrantedData>;
export type RoleRevoked = DomainEvent<'RoleRevoked', RoleRevokedData>;
export type TokenIssued = DomainEvent<'TokenIssued', TokenIssuedData>;
export type TokenRevoked = DomainEvent<'TokenRevoked', TokenRevokedData>;

export type UsersEvent = UserAdded | RoleGranted | RoleRevoked | TokenIssued | TokenRevoked;
