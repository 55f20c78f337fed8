/** `ledger` as a user runs it: a separate process on the service's configuration. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `ledger <args>` on the ledger file at `sqlitePath`; resolves with its exit code and output. */
export const ledger = (sqlitePath: string, ...args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, LEDGER_SQLITE_PATH: sqlitePath, LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
