/**
 * The `ledger` CLI and the service's token file. Run with a LEDGER_TOKENS_PATH other than the
 * service's, `ledger tokens create` used to create a new, empty token file there, exit 0 and
 * record the token in the ledger (listed as active) while its hash sat in a file no service
 * reads: the person got 401. Once the ledger has issued a token, a missing token file is such
 * a wrong path, and every command that would open it stops (exit 2, naming
 * LEDGER_TOKENS_PATH) with nothing recorded and no file made. A first set-up, before any
 * token was issued, still creates the file (0600). And a path that holds some other file, as
 * the token file or as `ledger demo --path`, is refused with the file left as it was (its mode
 * used to be changed to 0600 before SQLite refused it, and the refusal called it damaged).
 */
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken } from '../../src/auth/bearer-token';
import { TokenStore } from '../../src/auth/token-store';
import { createUserService } from '../../src/auth/user.service';
import { USERS_STREAM } from '../../src/auth/users.events';
import { loadConfig } from '../../src/config/config';
import { collect } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { systemClock } from '../../src/infra/tokens';
import { ledger, ledgerWith } from './support/ledger-cli';

/** Each run starts a fresh Node with ts-node, seconds on a busy machine. */
const CLI_TIMEOUT_MS = 180_000;

const ADMIN = { id: 'it-admin', role: 'admin' } as const;

const usersEvents = async (path: string): Promise<string[]> => {
  const store = SqliteEventStore.open(path);
  try {
    return (await collect(store.readStream(USERS_STREAM))).map((event) => event.type);
  } finally {
    await store.close();
  }
};

/** Whether the token file at `path` holds the hash of `token`, read after the CLI exited. */
const holds = (path: string, token: string): boolean => {
  const tokens = TokenStore.open(path);
  try {
    return tokens.findByHash(hashToken(token)) !== undefined;
  } finally {
    tokens.close();
  }
};

describe('the ledger CLI and the token file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-token-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'refuses, with exit 2 naming LEDGER_TOKENS_PATH, a token file that is not there once the ledger has issued a token',
    async () => {
      const sqlitePath = join(dir, 'ledger.sqlite');
      const servicesTokens = loadConfig({ LEDGER_SQLITE_PATH: sqlitePath }).tokensPath;
      // The service's set-up: a user and a token, the hash in the token file beside the ledger.
      const store = SqliteEventStore.open(sqlitePath);
      const tokenFile = TokenStore.open(servicesTokens);
      try {
        const users = createUserService(store, tokenFile, systemClock);
        await users.addUser('anna.berg', 'admin', 'Anna Berg', ADMIN);
        await users.addUser('eva.granskare', 'auditor', null, ADMIN);
        await users.issueToken('anna.berg', undefined, ADMIN);
      } finally {
        tokenFile.close();
        await store.close();
      }
      const before = await usersEvents(sqlitePath);
      const filesBefore = readdirSync(dir).sort();

      const mistyped = join(dir, 'other.tokens.sqlite');
      const onMistyped = { LEDGER_SQLITE_PATH: sqlitePath, LEDGER_TOKENS_PATH: mistyped };
      const runs = await Promise.all([
        ledgerWith(onMistyped, 'tokens', 'create', 'eva.granskare'),
        ledgerWith(onMistyped, 'users', 'list'),
        ledgerWith(onMistyped, 'users', 'add', 'nils.ny', '--role', 'finance'),
        ledgerWith(onMistyped, 'tokens', 'revoke', 'tok-0123456789abcdef'),
      ]);
      for (const run of runs) {
        expect(run).toMatchObject({
          code: 2,
          stdout: '',
          stderr: expect.stringContaining(
            `LEDGER_TOKENS_PATH=${mistyped}: there is no token file there, but the ledger has issued 1 token`,
          ),
        });
      }
      expect(existsSync(mistyped)).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(filesBefore);
      expect(await usersEvents(sqlitePath)).toEqual(before);

      // On the service's token file the same command issues a token that file holds.
      const issued = await ledger(sqlitePath, 'tokens', 'create', 'eva.granskare');
      expect(issued.code).toBe(0);
      expect(holds(servicesTokens, issued.stdout.trim())).toBe(true);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'stops the service too, with exit 2 naming LEDGER_TOKENS_PATH, on a ledger restored without its token file',
    async () => {
      const sqlitePath = join(dir, 'ledger.sqlite');
      const tokensPath = loadConfig({ LEDGER_SQLITE_PATH: sqlitePath }).tokensPath;
      const store = SqliteEventStore.open(sqlitePath);
      const tokenFile = TokenStore.open(tokensPath);
      try {
        const users = createUserService(store, tokenFile, systemClock);
        await users.addUser('anna.berg', 'admin', 'Anna Berg', ADMIN);
        await users.issueToken('anna.berg', undefined, ADMIN);
      } finally {
        tokenFile.close();
        await store.close();
      }
      // The ledger copied alone: its token file left behind.
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${tokensPath}${suffix}`, { force: true });
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['-r', 'ts-node/register/transpile-only', 'src/main.ts'],
          {
            cwd: join(__dirname, '..', '..'),
            // Started by mistake, it would listen until killed.
            timeout: 60_000,
            env: {
              ...process.env,
              PORT: '0',
              HOST: '127.0.0.1',
              LOG_LEVEL: 'silent',
              LEDGER_SQLITE_PATH: sqlitePath,
            },
          },
          (error, _stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
        );
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `LEDGER_TOKENS_PATH=${tokensPath}: there is no token file there, but the ledger has issued 1 token`,
      );
      expect(existsSync(tokensPath)).toBe(false);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'creates the token file, 0600, on a first set-up, before any token was issued',
    async () => {
      const sqlitePath = join(dir, 'ledger.sqlite');
      const tokensPath = loadConfig({ LEDGER_SQLITE_PATH: sqlitePath }).tokensPath;
      // The ledger a service's first start leaves, without its token file.
      await SqliteEventStore.open(sqlitePath).close();

      const added = await ledger(sqlitePath, 'users', 'add', 'anna.berg', '--role', 'admin');
      expect(added.code).toBe(0);
      const created = await ledger(sqlitePath, 'tokens', 'create', 'anna.berg');
      expect(created.code).toBe(0);
      expect(statSync(tokensPath).mode & 0o777).toBe(0o600);
      expect(holds(tokensPath, created.stdout.trim())).toBe(true);
      expect(await usersEvents(sqlitePath)).toEqual(['UserAdded', 'RoleGranted', 'TokenIssued']);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'leaves a file that is no database, named as the token file or the demo ledger, as it was',
    async () => {
      const sqlitePath = join(dir, 'ledger.sqlite');
      await SqliteEventStore.open(sqlitePath).close();
      const notes = join(dir, 'notes.txt');
      const text = 'Minutes of the board meeting, 12 March.\n';
      writeFileSync(notes, text);
      chmodSync(notes, 0o644);

      const [asTokens, asDemo] = await Promise.all([
        ledgerWith({ LEDGER_SQLITE_PATH: sqlitePath, LEDGER_TOKENS_PATH: notes }, 'users', 'list'),
        ledgerWith({}, 'demo', '--path', notes, '--no-serve'),
      ]);
      expect(asTokens).toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringContaining(
          `LEDGER_TOKENS_PATH=${notes}: cannot open ${notes}: it is not a SQLite database`,
        ),
      });
      expect(asDemo.code).toBe(1);
      expect(asDemo.stderr).toContain(`cannot open ${notes}: it is not a SQLite database`);
      for (const run of [asTokens, asDemo]) expect(run.stderr).not.toMatch(/damaged|delete/);
      expect(statSync(notes).mode & 0o777).toBe(0o644);
      expect(readFileSync(notes, 'utf8')).toBe(text);
      expect(readdirSync(dir).sort()).toEqual(['ledger.sqlite', 'notes.txt']);
    },
    CLI_TIMEOUT_MS,
  );
});
