/**
 * The ledger, its read models, its Idempotency-Key index and its token hashes are readable by
 * the service's own user only. The file is created 0600 before SQLite opens it (the umask can
 * only take bits away), so there is no moment it is readable by others; an older file is
 * tightened on open. SQLite gives its -wal and -shm files the database file's mode; left-over
 * ones are tightened too. A path that holds something else (a mistyped path naming a text
 * file) is refused before anything about it changes: its mode is not the service's to set.
 */
import Database from 'better-sqlite3';
import {
  chmodSync,
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { isSqliteError } from '../event-store/sqlite/sqlite-errors';

export const PRIVATE_FILE_MODE = 0o600;

/** The files SQLite keeps next to a database: the WAL, its index, a rollback journal. */
export const SQLITE_COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/** The first 16 bytes of every SQLite database file (its file format, section 1.3). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A file at the path of one of the service's SQLite files that is no SQLite database: not
 * damaged, simply not one of ours, so nothing about it is changed and nothing is advised
 * that would lose it (deleting a damaged read-model file is right; deleting this is not).
 */
export class NotADatabaseFileError extends Error {
  readonly code = 'NOT_A_SQLITE_DATABASE';

  constructor(readonly path: string) {
    super(
      `cannot open ${path}: it is not a SQLite database (it does not begin with SQLite's header), so it is no ledger, read-model, key-index or token file; it is left as it is (mode and content). Check the path: LEDGER_SQLITE_PATH, LEDGER_READMODEL_PATH, LEDGER_IDEMPOTENCY_PATH or LEDGER_TOKENS_PATH`,
    );
    this.name = 'NotADatabaseFileError';
  }
}

/** Empty (a file about to become a database) or beginning with SQLite's header. */
const holdsSqliteOrNothing = (fd: number): boolean => {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  if (size < SQLITE_HEADER.length) return false;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  readSync(fd, head, 0, head.length, 0);
  return head.equals(SQLITE_HEADER);
};

/**
 * Creates the file 0600 when it is not there, refuses one that is no SQLite database before
 * touching it, and tightens the file and its left-over companions to 0600.
 */
export const preparePrivateSqliteFile = (path: string): void => {
  // 'a+' creates with the private mode and reads without writing a byte to an existing file.
  const fd = openSync(path, 'a+', PRIVATE_FILE_MODE);
  try {
    if (!holdsSqliteOrNothing(fd)) throw new NotADatabaseFileError(path);
  } finally {
    closeSync(fd);
  }
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
