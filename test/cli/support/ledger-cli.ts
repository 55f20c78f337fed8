/** `ledger` as a user runs it: a separate process on the service's configuration. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `ledger <args>` with these variables on top of this process's environment (the
 * service's configuration: LEDGER_SQLITE_PATH, LEDGER_READMODEL_PATH, …); resolves with its
 * exit code and output.
 */
export const ledgerWith = (
  env: Readonly<Record<string, string>>,
  ...args: string[]
): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

/** Runs `ledger <args>` on the ledger file at `sqlitePath`; resolves with its exit code and output. */
export const ledger = (sqlitePath: string, ...args: string[]): Promise<Run> =>
  ledgerWith({ LEDGER_SQLITE_PATH: sqlitePath }, ...args);
