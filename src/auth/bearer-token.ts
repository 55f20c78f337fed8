/**
 * The ledger's own bearer tokens: 32 random bytes (256 bits) in base64url behind a short
 * prefix, so a token pasted into a log or a repository is recognisable for secret scanners.
 * Only a sha-256 hash is kept: with that much entropy a plain hash cannot be reversed or
 * guessed, and a slow password hash would only cost every request time.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'flt_';
const TOKEN_SECRET_BYTES = 32;
const TOKEN_ID_BYTES = 8;
/** base64url of 32 bytes is 43 characters, without padding. */
const TOKEN_FORMAT = /^flt_[A-Za-z0-9_-]{43}$/;
/** Token ids are printed and typed (`ledger tokens revoke tok-…`), so they are short and plain. */
export const TOKEN_ID_FORMAT = /^tok-[0-9a-f]{16}$/;

export const newTokenSecret = (): string =>
  TOKEN_PREFIX + randomBytes(TOKEN_SECRET_BYTES).toString('base64url');

export const newTokenId = (): string => `tok-${randomBytes(TOKEN_ID_BYTES).toString('hex')}`;

/** Cheap shape check first, so garbage never reaches the database. */
export const looksLikeToken = (value: string): boolean => TOKEN_FORMAT.test(value);

export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');
