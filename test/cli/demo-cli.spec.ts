/**
 * `ledger demo --no-serve` and `ledger replay` as a user runs them: the demo is built into the
 * file named, its users' tokens printed, and an investment's history read back as a timeline
 * as of a past day. A ledger that is not a demo is refused with exit 2.
 */
import { execFile, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { DEMO_USERS } from '../../src/demo/orebro-demo.data';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { addDays, stockholmDay } from '../../src/periods/stockholm-day';
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

const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });

/** Building the demo and starting the service on two busy cores. */
const SERVE_TIMEOUT_MS = 120_000;
const POLL_MS = 250;

/** `ledger demo` serving, its stdout and stderr in one file in the order they were written. */
const serveDemo = (path: string, port: number, output: string) => {
  const fd = openSync(output, 'w');
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', 'demo', '--path', path],
    {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', fd, fd],
    },
  );
  closeSync(fd);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, exited };
};

const waitForHealth = async (url: string): Promise<void> => {
  const deadline = Date.now() + SERVE_TIMEOUT_MS;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
};

const isLogLine = (line: string): boolean => line.startsWith('{"level":');

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
    // A bare date is the end of its Stockholm day (CET in February), as asOf reads one.
    expect(replay.stdout).toContain('History as of 2019-02-01T22:59:59.999Z');
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

  it('refuses (exit 2) to remove a token file it did not make, with no ledger beside it', async () => {
    const path = join(dir, 'elsewhere', 'ledger.sqlite');
    const { tokensPath } = loadConfig({ LEDGER_SQLITE_PATH: path, LEDGER_TOKENS_PATH: '' });
    mkdirSync(dirname(tokensPath), { recursive: true });
    writeFileSync(tokensPath, 'the token file of a ledger kept on EventStoreDB');
    const run = await ledger({}, 'demo', '--path', path, '--no-serve');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${tokensPath} is where the demo at ${path} keeps its own files`);
    expect(readFileSync(tokensPath, 'utf8')).toBe(
      'the token file of a ledger kept on EventStoreDB',
    );
    expect(existsSync(path)).toBe(false);
  });

  it(
    'serves the demo with the tokens last before the log, and will not replace it while it runs',
    async () => {
      const served = join(dir, 'served.sqlite');
      const output = join(dir, 'served.out');
      const port = await freePort();
      const { child, exited } = serveDemo(served, port, output);
      try {
        await waitForHealth(`http://127.0.0.1:${port}`);
        const lines = readFileSync(output, 'utf8').trim().split('\n');
        const firstLog = lines.findIndex(isLogLine);
        const tokenLines = lines.filter((line) => line.split('\t').length === 3);
        expect(tokenLines).toHaveLength(DEMO_USERS.length);
        // Everything before the first log line, the tokens last; no route-mapping lines at info.
        expect(lines.slice(firstLog - DEMO_USERS.length, firstLog)).toEqual(tokenLines);
        expect(lines.slice(0, firstLog).some(isLogLine)).toBe(false);
        expect(lines.join('\n')).not.toMatch(/Mapped \{/);
        expect(lines.slice(0, firstLog).join('\n')).toContain(`http://localhost:${port}/`);

        const before = readFileSync(served);
        const again = await ledger({}, 'demo', '--path', served, '--no-serve');
        expect(again.code).toBe(2);
        expect(again.stderr).toContain('still running');
        expect(readFileSync(served).equals(before)).toBe(true);

        const samePort = await ledger(
          { PORT: String(port), HOST: '127.0.0.1' },
          'demo',
          '--path',
          join(dir, 'other-demo.sqlite'),
        );
        expect(samePort.code).toBe(2);
        expect(samePort.stderr).toContain(`port ${port} is in use`);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
      const rebuilt = await ledger({}, 'demo', '--path', served, '--no-serve');
      expect(rebuilt.code).toBe(0);
    },
    4 * SERVE_TIMEOUT_MS,
  );

  it(
    'will not replace a demo ledger another process has open, nor build when the port is taken',
    async () => {
      // An empty ledger counts as a demo; held open here, as a running service holds its file.
      const held = join(dir, 'held.sqlite');
      const store = SqliteEventStore.open(held);
      const busy = createServer();
      await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
      const port = (busy.address() as AddressInfo).port;
      try {
        const again = await ledger({}, 'demo', '--path', held, '--no-serve');
        expect(again.code).toBe(2);
        expect(again.stderr).toContain('still running');
        expect(await store.headPosition()).toBe(0n);

        const samePort = await ledger(
          { PORT: String(port), HOST: '127.0.0.1' },
          'demo',
          '--path',
          join(dir, 'other-demo.sqlite'),
        );
        expect(samePort.code).toBe(2);
        expect(samePort.stderr).toContain(`port ${port} is in use`);
        expect(existsSync(join(dir, 'other-demo.sqlite'))).toBe(false);
      } finally {
        store.close();
        await new Promise((done) => busy.close(done));
      }
    },
    2 * SERVE_TIMEOUT_MS,
  );

  it('says an unknown investment is not there (exit 1) and a bad --as-of is bad usage (exit 2)', async () => {
    // Two days ahead of the machine's Stockholm day: after today even across midnight.
    const ahead = addDays(stockholmDay(new Date()), 2);
    const [unknown, badDate, future] = await Promise.all([
      ledger({ LEDGER_SQLITE_PATH: demo }, 'replay', 'finns-inte'),
      ledger({ LEDGER_SQLITE_PATH: demo }, 'replay', 'e-arkiv', '--as-of', 'igår'),
      ledger({ LEDGER_SQLITE_PATH: demo }, 'replay', 'e-arkiv', '--as-of', ahead),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('INVESTMENT_NOT_FOUND');
    expect(badDate.code).toBe(2);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('--as-of: must not be after today (Europe/Stockholm)');
  });
});
