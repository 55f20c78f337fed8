/**
 * The `ledger` command when its output cannot be written. A reader that stops reading
 * (`| head`) is no failure; any other failed write (a full disk behind `> file`) is: exit 1
 * and a line on stderr saying the output is lost, not an uncaught exception's stack trace
 * after the command had reported success.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { aTempDir, writeLedger } from '../audit/support/ledger-file';

const ROOT = join(__dirname, '..', '..');
const CLI_TIMEOUT_MS = 120_000;

/** `ledger <args>` with its stdout written to `/dev/full`: every write fails with ENOSPC. */
const ledgerIntoFullDisk = (
  sqlitePath: string,
  ...args: string[]
): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve) => {
    const full = openSync('/dev/full', 'w');
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'silent', LEDGER_SQLITE_PATH: sqlitePath },
        stdio: ['ignore', full, 'pipe'],
      },
    );
    closeSync(full);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('close', (code) => resolve({ code, stderr }));
  });

describe('ledger output that cannot be written', () => {
  let dir: string;
  beforeAll(() => {
    dir = aTempDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'exits 1 saying the output is lost, without a stack trace',
    async () => {
      const path = await writeLedger(dir, 3);
      const run = await ledgerIntoFullDisk(path, 'digest');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('error: could not write to stdout (ENOSPC)');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    },
    CLI_TIMEOUT_MS,
  );
});
