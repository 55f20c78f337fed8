/**
 * Which SQLite failures mean "the store cannot take writes right now" rather than a bug.
 * They surface as StoreUnavailableError so the HTTP layer can answer 503 and a client can
 * retry; the transaction that met them has rolled back, so nothing is half-written.
 */
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../event-store';

/** Primary result codes (extended codes such as SQLITE_IOERR_FSYNC share their prefix). */
const UNAVAILABLE_CODES: readonly string[] = [
  'SQLITE_READONLY',
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_PERM',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
];

const isUnavailableCode = (code: string): boolean =>
  UNAVAILABLE_CODES.some((prefix) => code === prefix || code.startsWith(`${prefix}_`));

/** Maps an error met while writing or reading: availability failures become StoreUnavailableError. */
export const toStoreError = (error: unknown, doing: string): unknown => {
  if (error instanceof Database.SqliteError && isUnavailableCode(error.code)) {
    return new StoreUnavailableError(
      `event store ${doing} failed: ${error.code} ${error.message}`,
      {
        cause: error,
      },
    );
  }
  return error;
};
