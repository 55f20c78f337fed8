/**
 * Whether another connection (another process: a running service, a demo) has a SQLite file
 * open. SQLite lets a connection leave WAL mode only when it is the file's one connection, so
 * the attempt answers the question without a lock file of our own. A file nobody holds is
 * left out of WAL: whoever opens it next (the service, a rebuild) puts it back.
 */
import Database from 'better-sqlite3';
import { isSqliteError } from '../event-store/sqlite/sqlite-errors';

export const isSqliteFileInUse = (path: string): boolean => {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
    return false;
  } catch (error) {
    if (isSqliteError(error) && error.code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    db.close();
  }
};
