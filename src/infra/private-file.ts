/**
 * The ledger, its read models and its token hashes are readable by the service's own user
 * only. The file is created 0600 before SQLite opens it (the umask can only take bits away),
 * so there is no moment it is readable by others; an older file is tightened on open. SQLite
 * gives its -wal and -shm files the database file's mode; left-over ones are tightened too.
 */
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;

/** The files SQLite keeps next to a database: the WAL, its index, a rollback journal. */
export const SQLITE_COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

export const preparePrivateSqliteFile = (path: string): void => {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, ...SQLITE_COMPANION_SUFFIXES.map((suffix) => path + suffix)]) {
    if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
  }
};
