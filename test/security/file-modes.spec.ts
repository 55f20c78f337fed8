/**
 * The ledger, its read models, its key index and its token hashes, with SQLite's -wal and -shm
 * files, are readable and writable by the service's user only (0600), whatever the umask
 * allows, and an older file left readable by others is tightened when it is opened. The token
 * file is created 0600 from the start (it was created by SQLite under the umask and tightened
 * only afterwards) and its left-over -wal and -shm are tightened too. A path that holds
 * something other than a SQLite database is refused with its mode and content untouched (a
 * mistyped path turned a text file 0600 and was then called "damaged", deletion advised).
 */
import fs, {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore } from '../../src/auth/token-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { IdempotencyDb } from '../../src/infra/idempotency-db';
import { NotADatabaseFileError, PRIVATE_FILE_MODE } from '../../src/infra/private-file';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { startTestApp, TestApp } from '../support/test-app';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

/** Writes a WAL database at argv[1] and is killed before it can close it. */
const CRASH_AFTER_WRITING = `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS tokens (token_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT)');
db.prepare("INSERT INTO tokens VALUES ('tok-0123456789abcdef', 'anna', 'h', '2017-01-01T00:00:00Z', NULL)").run();
process.kill(process.pid, 'SIGKILL');`;

/** The usual umask: files would be created readable by everyone. */
const OPEN_UMASK = 0o022;

describe('file modes', () => {
  let umaskBefore: number;
  beforeAll(() => {
    umaskBefore = process.umask(OPEN_UMASK);
  });
  afterAll(() => {
    process.umask(umaskBefore);
  });

  describe('of a running service', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it('creates every file next to the ledger 0600: events, read models, tokens, -wal, -shm', async () => {
      await t
        .as('fia', 'finance')
        .post('/api/funds', {
          fundId: 'modes',
          name: 'Modes',
          currency: 'SEK',
          decisionRef: 'K',
          tranches: [{ trancheId: 't1', name: 'T', amount: '1000.00' }],
        })
        .expect(201);
      const files = readdirSync(t.dir);
      // The ledger, the read models and the tokens, each with its WAL.
      for (const stem of ['ledger.sqlite', 'ledger.readmodels.sqlite', 'ledger.tokens.sqlite']) {
        expect(files).toEqual(expect.arrayContaining([stem, `${stem}-wal`, `${stem}-shm`]));
      }
      for (const file of files) {
        expect({ file, mode: modeOf(join(t.dir, file)).toString(8) }).toEqual({
          file,
          mode: PRIVATE_FILE_MODE.toString(8),
        });
      }
    });
  });

  describe('of files opened directly', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-modes-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('creates the event store and the read-model file 0600', async () => {
      const ledger = join(dir, 'ledger.sqlite');
      const store = SqliteEventStore.open(ledger);
      await store.append(
        's-1',
        [
          {
            eventId: randomUUID(),
            type: 'ThingHappened',
            data: { n: 1 },
            metadata: {
              actor: { id: 'u1', role: 'finance' },
              recordedAt: '2017-01-01T00:00:00.000Z',
              schemaVersion: 1,
            },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
      const readModels = ReadModelDb.open(join(dir, 'read-models.sqlite'));
      try {
        for (const file of readdirSync(dir))
          expect([file, modeOf(join(dir, file))]).toEqual([file, 0o600]);
        expect(readdirSync(dir)).toEqual(
          expect.arrayContaining(['ledger.sqlite-wal', 'read-models.sqlite-wal']),
        );
      } finally {
        readModels.close();
        await store.close();
      }
    });

    it('creates the token file 0600 itself, not by tightening it after SQLite made it', () => {
      // With chmod out of the way, only the mode the file was created with remains.
      const chmod = jest.spyOn(fs, 'chmodSync').mockImplementation(() => undefined);
      const path = join(dir, 'ledger.tokens.sqlite');
      try {
        const tokens = TokenStore.open(path);
        try {
          tokens.insert('tok-0123456789abcdef', 'anna', 'hash', '2017-01-01T00:00:00Z');
          for (const file of readdirSync(dir))
            expect([file, modeOf(join(dir, file))]).toEqual([file, 0o600]);
          expect(readdirSync(dir)).toEqual(expect.arrayContaining([`ledger.tokens.sqlite-wal`]));
        } finally {
          tokens.close();
        }
      } finally {
        chmod.mockRestore();
      }
    });

    it('tightens a token file and its left-over -wal and -shm that others could read', () => {
      const path = join(dir, 'ledger.tokens.sqlite');
      // A process that wrote the file and died: its -wal and -shm stay behind, with content.
      const crashed = spawnSync(process.execPath, ['-e', CRASH_AFTER_WRITING, path]);
      expect(crashed.signal).toBe('SIGKILL');
      for (const file of [path, `${path}-wal`, `${path}-shm`]) chmodSync(file, 0o644);
      const tokens = TokenStore.open(path);
      try {
        for (const file of readdirSync(dir))
          expect([file, modeOf(join(dir, file))]).toEqual([file, 0o600]);
        expect(readdirSync(dir).sort()).toEqual([
          'ledger.tokens.sqlite',
          'ledger.tokens.sqlite-shm',
          'ledger.tokens.sqlite-wal',
        ]);
      } finally {
        tokens.close();
      }
    });

    it('tightens an older ledger file that others could read', async () => {
      const ledger = join(dir, 'old.sqlite');
      writeFileSync(ledger, '');
      chmodSync(ledger, 0o644);
      const store = SqliteEventStore.open(ledger);
      try {
        expect(modeOf(ledger)).toBe(0o600);
      } finally {
        await store.close();
      }
    });
  });

  describe('of a path that holds something other than a SQLite database', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-not-db-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const OPENERS: readonly (readonly [string, (path: string) => Promise<void>])[] = [
      ['the ledger', async (path) => SqliteEventStore.open(path).close()],
      ['the read models', async (path) => ReadModelDb.open(path).close()],
      ['the key index', async (path) => IdempotencyDb.open(path).close()],
      ['the token file', async (path) => TokenStore.open(path).close()],
    ];
    /** Longer and shorter than SQLite's 16-byte header. */
    const TEXTS = ['Minutes of the board meeting, 12 March.\nAttending: …\n', 'notes\n'];

    it.each(OPENERS)(
      'is refused for %s as no database of the service, its mode and content left as they were',
      async (_what, open) => {
        for (const [i, text] of TEXTS.entries()) {
          const path = join(dir, `notes-${i}.txt`);
          writeFileSync(path, text);
          chmodSync(path, 0o644);
          const refusal = await open(path).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(modeOf(path)).toBe(0o644);
          expect(readFileSync(path, 'utf8')).toBe(text);
          const message = (refusal as Error).message;
          expect(message).toContain(`cannot open ${path}: it is not a SQLite database`);
          expect(message).toMatch(/no ledger, read-model, key-index or token file/);
          expect(message).not.toMatch(/damaged|delete/);
          expect(refusal).toBeInstanceOf(NotADatabaseFileError);
        }
        // No -wal, -shm or journal made beside them.
        expect(readdirSync(dir).sort()).toEqual(['notes-0.txt', 'notes-1.txt']);
      },
    );

    it('is not an empty file: one is a database not yet written, created or left by a crash', () => {
      const path = join(dir, 'ledger.tokens.sqlite');
      writeFileSync(path, '');
      chmodSync(path, 0o644);
      TokenStore.open(path).close();
      expect(modeOf(path)).toBe(0o600);
    });
  });
});
