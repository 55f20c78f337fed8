/**
 * The ledger, its read models and its token hashes are readable by the service's own user
 * only. The file is created 0600 before SQLite opens it (the umask can only take bits away),
 * so there is no moment it is readable by others; an older file is tightened on open. SQLite
 * gives its -wal and -shm files the database file's mode; left-over ones are tightened too.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { isSqliteError } from '../event-store/sqlite/sqlite-errors';

export const PRIVATE_FILE_MODE = 0o600;

/** The files SQLite keeps next to a database: the WAL, its index, a rollback journal. */
export const SQLITE_COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

export const preparePrivateSqliteFile = (path: string): void => {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, ...SQLITE_COMPANION_SUFFIXES.map((suffix) => path + suffix)]) {
    if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
  }
};

export interface SqliteFileOptions {
  /** FULL for the ledger; NORMAL for files rebuilt from it (a lost last commit is redone). */
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly busyTimeoutMs: number;
  /** Brings the schema up to date (migrations, CREATE … IF NOT EXISTS), before any read. */
  readonly schema: (db: Database.Database) => void;
}

/**
 * Opens (creating if needed, 0600) a SQLite file in WAL mode with 64-bit integers read as
 * bigint, the way every file of the service is opened; closed again if setting up fails.
 */
export const openPrivateSqlite = (path: string, options: SqliteFileOptions): Database.Database => {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    preparePrivateSqliteFile(path);
  }
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
    options.schema(db);
    db.defaultSafeIntegers(true);
    return db;
  } catch (error) {
    db.close();
    throw namedOpenError(path, error);
  }
};

/** What to do about a file SQLite refuses, by its code (see namedOpenError). */
const OPEN_HINTS: readonly (readonly [RegExp, string])[] = [
  [
    /^SQLITE_READONLY/,
    'the file or its folder is not writable by this user (SQLite writes -wal and -shm files beside it)',
  ],
  [
    /^SQLITE_(CORRUPT|NOTADB)/,
    'the file is damaged: `ledger verify` names where in the ledger; a read-model or index file can be deleted, and is rebuilt from the ledger',
  ],
  [/^SQLITE_(CANTOPEN|PERM|AUTH)/, 'the file cannot be opened by this user'],
];

/**
 * SQLite's refusal with the file it concerns and what to do about it: its own message names
 * neither ("attempt to write a readonly database"), and the service opens several files.
 */
const namedOpenError = (path: string, error: unknown): unknown => {
  // By shape, not instanceof: the native addon's errors may be of another realm's Error.
  if (!isSqliteError(error)) return error;
  const { code, message } = error;
  const hint = OPEN_HINTS.find(([pattern]) => pattern.test(code))?.[1];
  const named = new Error(`cannot open ${path}: ${message} (${code})${hint ? `; ${hint}` : ''}`, {
    cause: error,
  });
  // Callers that tell SQLite's refusals apart by code still can.
  return Object.assign(named, { code });
};
