/**
 * Token hashes in a small SQLite file next to the ledger, never in the event log: the log is
 * exported and shown to auditors, and it can never forget. The service and the `ledger` CLI
 * open the same file (WAL), so a token created or revoked by the CLI takes effect at once.
 * It is opened like every other file of the service (private-file.ts): created 0600 before
 * SQLite sees it, its -wal and -shm tightened, a path holding something else refused untouched.
 */
import Database from 'better-sqlite3';
import { toStoreError } from '../event-store/sqlite/sqlite-errors';
import { openPrivateSqlite } from '../infra/private-file';

/** How long a write waits for the other process's lock. */
const TOKEN_DB_BUSY_TIMEOUT_MS = 5_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS tokens (
    token_id   TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
`;

export interface TokenRow {
  readonly tokenId: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

interface RawRow {
  token_id: string;
  user_id: string;
  created_at: string;
  revoked_at: string | null;
}

const toRow = (raw: RawRow): TokenRow => ({
  tokenId: raw.token_id,
  userId: raw.user_id,
  createdAt: raw.created_at,
  revokedAt: raw.revoked_at,
});

export class TokenStore {
  private readonly insertRow: Database.Statement;
  private readonly byHash: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly revokeRow: Database.Statement;
  private readonly deleteRow: Database.Statement;
  private readonly active: Database.Statement;

  private constructor(private readonly db: Database.Database) {
    this.insertRow = db.prepare(
      'INSERT INTO tokens (token_id, user_id, hash, created_at) VALUES (?, ?, ?, ?)',
    );
    this.byHash = db.prepare(
      'SELECT token_id, user_id, created_at, revoked_at FROM tokens WHERE hash = ?',
    );
    this.byId = db.prepare(
      'SELECT token_id, user_id, created_at, revoked_at FROM tokens WHERE token_id = ?',
    );
    this.revokeRow = db.prepare(
      'UPDATE tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL',
    );
    this.deleteRow = db.prepare('DELETE FROM tokens WHERE token_id = ? AND revoked_at IS NULL');
    this.active = db.prepare('SELECT COUNT(*) AS n FROM tokens WHERE revoked_at IS NULL');
  }

  static open(path: string): TokenStore {
    const db = openPrivateSqlite(path, {
      // FULL: a token issued is printed once; its hash must not be lost to a power cut.
      synchronous: 'FULL',
      busyTimeoutMs: TOKEN_DB_BUSY_TIMEOUT_MS,
      schema: (file) => file.exec(SCHEMA),
    });
    return new TokenStore(db);
  }

  insert(tokenId: string, userId: string, hash: string, createdAt: string): void {
    this.insertRow.run(tokenId, userId, hash, createdAt);
  }

  /** A locked or unreadable file is "unavailable" (503), not a bad token (401). */
  findByHash(hash: string): TokenRow | undefined {
    let raw: RawRow | undefined;
    try {
      raw = this.byHash.get(hash) as RawRow | undefined;
    } catch (error) {
      throw toStoreError(error, 'token lookup');
    }
    return raw && toRow(raw);
  }

  find(tokenId: string): TokenRow | undefined {
    const raw = this.byId.get(tokenId) as RawRow | undefined;
    return raw && toRow(raw);
  }

  /** True when the token was active and is now revoked. */
  revoke(tokenId: string, revokedAt: string): boolean {
    return this.revokeRow.run(revokedAt, tokenId).changes > 0;
  }

  /** Takes back a row whose issuing was never recorded in the ledger. */
  discard(tokenId: string): void {
    this.deleteRow.run(tokenId);
  }

  activeCount(): number {
    return Number((this.active.get() as { n: number | bigint }).n);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
