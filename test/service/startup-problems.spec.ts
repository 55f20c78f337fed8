/**
 * A service that cannot start for a reason in its configuration says which variable, with
 * exit 2 as for any other bad value: the port in use and the ledger path a folder used to end
 * in a stack trace and exit 1 (the operator probe).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startupProblem } from '../../src/infra/startup-problems';

const ROOT = join(__dirname, '..', '..');
/** Each run starts a fresh Node with ts-node, seconds on a busy machine. */
const PROCESS_TIMEOUT_MS = 180_000;

const CONFIG = {
  port: 3000,
  host: '0.0.0.0',
  sqlitePath: '/srv/ledger',
  store: 'sqlite',
} as const;
const withCode = (code: string): Error => Object.assign(new Error(code), { code });

const startService = (env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/main.ts'],
      // Started by mistake, it would listen until killed.
      { cwd: ROOT, timeout: 60_000, env: { ...process.env, LOG_LEVEL: 'silent', ...env } },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });

describe('a start that the configuration stops', () => {
  it('names the variable for the errors that are configuration, and no other', () => {
    expect(startupProblem(withCode('EADDRINUSE'), 'listen', CONFIG)).toMatch(
      /^PORT=3000: the port is in use/,
    );
    expect(startupProblem(withCode('ENOTFOUND'), 'listen', CONFIG)).toMatch(/^HOST=0\.0\.0\.0:/);
    expect(startupProblem(withCode('EISDIR'), 'ledger', CONFIG)).toMatch(
      /^LEDGER_SQLITE_PATH=\/srv\/ledger: is a folder; name the ledger file in it \(e\.g\. \/srv\/ledger\/ledger\.sqlite\)/,
    );
    expect(startupProblem(withCode('EACCES'), 'ledger', CONFIG)).toMatch(/^LEDGER_SQLITE_PATH=/);
    // Anything else is not the operator's variable: it stays an error as it was.
    expect(startupProblem(withCode('ENOMEM'), 'listen', CONFIG)).toBeUndefined();
    expect(startupProblem(new Error('boom'), 'ledger', CONFIG)).toBeUndefined();
    expect(
      startupProblem(withCode('EISDIR'), 'ledger', { ...CONFIG, store: 'eventstoredb' }),
    ).toBeUndefined();
  });

  describe('the service', () => {
    let dir: string;
    let taken: Server;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-startup-'));
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await new Promise<void>((resolve) =>
        taken?.listening ? taken.close(() => resolve()) : resolve(),
      );
    });

    it(
      'exits 2 naming PORT when the port is in use, and LEDGER_SQLITE_PATH when it is a folder',
      async () => {
        taken = createServer();
        await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
        const port = (taken.address() as { port: number }).port;
        const [busy, folder] = await Promise.all([
          startService({
            PORT: String(port),
            HOST: '127.0.0.1',
            LEDGER_SQLITE_PATH: join(dir, 'ledger.sqlite'),
          }),
          startService({ PORT: '0', HOST: '127.0.0.1', LEDGER_SQLITE_PATH: dir }),
        ]);
        expect(busy).toEqual({
          code: 2,
          stderr: expect.stringContaining(`PORT=${port}: the port is in use on 127.0.0.1`),
        });
        expect(folder).toEqual({
          code: 2,
          stderr: expect.stringContaining(`LEDGER_SQLITE_PATH=${dir}: is a folder`),
        });
      },
      PROCESS_TIMEOUT_MS,
    );
  });
});
