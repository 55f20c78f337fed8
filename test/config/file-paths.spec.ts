/**
 * One file, one purpose: the ledger, the token hashes, the read models, the Idempotency-Key
 * index and the approval process's checkpoint each need a file of their own. Token hashes in
 * the event log, or read-model tables written into it, are what sharing one allowed; the
 * configuration (the service's and the `ledger` CLI's alike) now refuses it, naming both
 * variables.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ledgerWith } from '../cli/support/ledger-cli';
import { problemsOf } from './support/problems';

const ROOT = join(__dirname, '..', '..');
/** Each run starts a fresh Node with ts-node, seconds on a busy machine. */
const PROCESS_TIMEOUT_MS = 180_000;

/** The tables of a SQLite file, read without writing anything. */
const tablesOf = (path: string): string[] => {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((row) => row.name);
  } finally {
    db.close();
  }
};

describe('the configuration of the files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-file-paths-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses the token file on the ledger file, naming both variables', () => {
    const ledger = join(dir, 'ledger.sqlite');
    const problems = problemsOf({ LEDGER_SQLITE_PATH: ledger, LEDGER_TOKENS_PATH: ledger });
    expect(problems).toEqual([expect.stringMatching(/LEDGER_TOKENS_PATH=.*LEDGER_SQLITE_PATH=/)]);
    expect(problems[0]).toContain(ledger);
  });

  it('refuses the read models on the ledger file, however the path is written', () => {
    mkdirSync(join(dir, 'data'));
    const problems = problemsOf({
      LEDGER_SQLITE_PATH: join(dir, 'data', 'ledger.sqlite'),
      LEDGER_READMODEL_PATH: join(dir, 'data', '..', 'data', '.', 'ledger.sqlite'),
    });
    expect(problems).toEqual([
      expect.stringMatching(/LEDGER_READMODEL_PATH=.*LEDGER_SQLITE_PATH=/),
    ]);
  });

  it('refuses any two of the files on one path, each pair once', () => {
    const shared = join(dir, 'shared.sqlite');
    expect(
      problemsOf({
        LEDGER_SQLITE_PATH: join(dir, 'ledger.sqlite'),
        LEDGER_TOKENS_PATH: shared,
        LEDGER_IDEMPOTENCY_PATH: shared,
      }),
    ).toEqual([expect.stringMatching(/LEDGER_IDEMPOTENCY_PATH=.*LEDGER_TOKENS_PATH=/)]);
    // Three on one file: every pair is named.
    expect(
      problemsOf({
        LEDGER_SQLITE_PATH: shared,
        LEDGER_TOKENS_PATH: shared,
        LEDGER_READMODEL_PATH: shared,
      }),
    ).toHaveLength(3);
  });

  it('names the variable whose default a set path takes', () => {
    const ledger = join(dir, 'ledger.sqlite');
    const problems = problemsOf({
      LEDGER_SQLITE_PATH: ledger,
      // The read models' default file, beside the ledger.
      LEDGER_TOKENS_PATH: join(dir, 'ledger.readmodels.sqlite'),
    });
    expect(problems).toEqual([
      expect.stringMatching(/LEDGER_TOKENS_PATH=.*LEDGER_READMODEL_PATH \(unset, so /),
    ]);
  });

  it('refuses a file that is the approval process’s checkpoint', () => {
    const problems = problemsOf({
      LEDGER_SQLITE_PATH: join(dir, 'ledger.sqlite'),
      LEDGER_IDEMPOTENCY_PATH: join(dir, 'ledger.readmodels.approval-process.json'),
    });
    expect(problems).toEqual([expect.stringMatching(/LEDGER_IDEMPOTENCY_PATH=.*approval/)]);
  });

  it('refuses a link to the ledger file as the token file', async () => {
    const ledger = join(dir, 'ledger.sqlite');
    await SqliteEventStore.open(ledger).close();
    const link = join(dir, 'tokens-link.sqlite');
    symlinkSync(ledger, link);
    expect(problemsOf({ LEDGER_SQLITE_PATH: ledger, LEDGER_TOKENS_PATH: link })).toEqual([
      expect.stringMatching(/LEDGER_TOKENS_PATH=.*LEDGER_SQLITE_PATH=/),
    ]);
  });

  it('takes separate files, and the defaults, as before', () => {
    expect(problemsOf({ LEDGER_SQLITE_PATH: join(dir, 'ledger.sqlite') })).toEqual([]);
    expect(
      problemsOf({
        LEDGER_SQLITE_PATH: join(dir, 'ledger.sqlite'),
        LEDGER_TOKENS_PATH: join(dir, 'tokens.sqlite'),
        LEDGER_READMODEL_PATH: join(dir, 'models.sqlite'),
        LEDGER_IDEMPOTENCY_PATH: join(dir, 'keys.sqlite'),
      }),
    ).toEqual([]);
  });

  it('ignores LEDGER_SQLITE_PATH on EventStoreDB, where no ledger file is opened', () => {
    const path = join(dir, 'ledger.sqlite');
    expect(
      problemsOf({
        LEDGER_STORE: 'eventstoredb',
        EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
        LEDGER_SQLITE_PATH: path,
        LEDGER_READMODEL_PATH: path,
      }),
    ).toEqual([]);
  });

  it(
    'stops `ledger tokens create` and `ledger rebuild` with exit 2, the ledger file untouched',
    async () => {
      const ledger = join(dir, 'ledger.sqlite');
      await SqliteEventStore.open(ledger).close();
      const tables = tablesOf(ledger);
      const [tokens, rebuild] = await Promise.all([
        ledgerWith(
          { LEDGER_SQLITE_PATH: ledger, LEDGER_TOKENS_PATH: ledger },
          'tokens',
          'create',
          'x',
        ),
        ledgerWith({ LEDGER_SQLITE_PATH: ledger, LEDGER_READMODEL_PATH: ledger }, 'rebuild'),
      ]);
      expect(tokens).toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringMatching(/LEDGER_TOKENS_PATH=.*LEDGER_SQLITE_PATH=/),
      });
      expect(rebuild).toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringMatching(/LEDGER_READMODEL_PATH=.*LEDGER_SQLITE_PATH=/),
      });
      expect(tablesOf(ledger)).toEqual(tables);
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    'stops the service with exit 2 before it opens anything',
    async () => {
      const ledger = join(dir, 'ledger.sqlite');
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['-r', 'ts-node/register/transpile-only', 'src/main.ts'],
          {
            cwd: ROOT,
            // Started by mistake, it would listen until killed.
            timeout: 60_000,
            env: {
              ...process.env,
              PORT: '0',
              HOST: '127.0.0.1',
              LOG_LEVEL: 'silent',
              LEDGER_SQLITE_PATH: ledger,
              LEDGER_READMODEL_PATH: ledger,
            },
          },
          (error, _stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
        );
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/LEDGER_READMODEL_PATH=.*LEDGER_SQLITE_PATH=/);
      expect(existsSync(ledger)).toBe(false);
    },
    PROCESS_TIMEOUT_MS,
  );
});
