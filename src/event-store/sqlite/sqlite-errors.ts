/**
 * Which SQLite failures mean "the store cannot take writes right now" rather than a bug.
 * They surface as StoreUnavailableError so the HTTP layer can answer 503 and a client can
 * retry; the transaction that met them has rolled back, so nothing is half-written.
 */
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

/**
 * Recognised by shape, not instanceof: the native addon keeps the SqliteError class (and so
 * the Error) of the first copy of better-sqlite3 loaded in the process, which need not be
 * the copy or the realm seen here (jest gives each test file its own of both).
 */
export const isSqliteError = (error: unknown): error is { code: string; message: string } =>
  typeof error === 'object' &&
  error !== null &&
  (error as { name?: unknown }).name === 'SqliteError' &&
  typeof (error as { code?: unknown }).code === 'string';

/** A SQLite failure that means the file cannot be used right now (locked, full, unwritable), not a bug. */
export const isUnavailableSqliteError = (
  error: unknown,
): error is { code: string; message: string } =>
  isSqliteError(error) && isUnavailableCode(error.code);

/** Maps an error met while writing or reading: availability failures become StoreUnavailableError. */
export const toStoreError = (error: unknown, doing: string): unknown => {
  if (isUnavailableSqliteError(error)) {
    return new StoreUnavailableError(
      `event store ${doing} failed: ${error.code} ${error.message}`,
      {
        cause: error,
      },
    );
  }
  return error;
};
