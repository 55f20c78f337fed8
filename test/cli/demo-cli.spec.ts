/**
 * `ledger demo --no-serve` and `ledger replay` as a user runs them: the demo is built into the
 * file named, its users' tokens printed, and an investment's history read back as a timeline
 * as of a past day. A ledger that is not a demo is refused with exit 2.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_USERS } from '../../src/demo/orebro-demo.data';
import { aTempDir, writeLedger } from '../audit/support/ledger-file';

const ROOT = join(__dirname, '..', '..');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const ledger = (env: Record<string, string>, ...args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

describe('ledger demo and ledger replay', () => {
  let dir: string;
  let demo: string;

  beforeAll(() => {
    dir = aTempDir();
    demo = join(dir, 'demo.sqlite');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the demo and prints a token for every demo user', async () => {
    const run = await ledger({}, 'demo', '--path', demo, '--no-serve');
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t'));
    expect(lines.map(([userId, role]) => [userId, role])).toEqual(
      DEMO_USERS.map((u) => [u.id, u.role]),
    );
    expect(run.stderr).toMatch(/events from \d+ requests/);
  });

  it('replays an investment as of a past day, and the demo verifies', async () => {
    const [replay, verify] = await Promise.all([
      ledger({ LEDGER_SQLITE_PATH: demo }, 'replay', 'e-arkiv', '--as-of', '2019-02-01'),
      ledger({ LEDGER_SQLITE_PATH: demo }, 'verify'),
    ]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('History as of 2019-02-01T23:59:59.999Z');
    expect(replay.stdout).toContain('Allocated 9 500 000.00 SEK from tranche t1');
    expect(replay.stdout).toContain('Effect on avvecklade-licenser for 2018: 540000.00');
    expect(replay.stdout).not.toContain('corrected to');
    expect(verify.code).toBe(0);
  });

  it('refuses to build over a ledger that is not a demo (exit 2), leaving it as it was', async () => {
    const other = await writeLedger(dir, 3);
    const before = readFileSync(other);
    const run = await ledger({}, 'demo', '--path', other, '--no-serve');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a demo');
    expect(readFileSync(other).equals(before)).toBe(true);
  });

  it('says an unknown investment is not there (exit 1) and a bad --as-of is bad usage (exit 2)', async () => {
    const [unknown, badDate] = await Promise.all([
      ledger({ LEDGER_SQLITE_PATH: demo }, 'replay', 'finns-inte'),
      ledger({ LEDGER_SQLITE_PATH: demo }, 'replay', 'e-arkiv', '--as-of', 'igår'),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('INVESTMENT_NOT_FOUND');
    expect(badDate.code).toBe(2);
  });
});
