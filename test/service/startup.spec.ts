/**
 * The service as a newcomer starts it: a real process on a fresh file answers /health,
 * /docs and the dashboard, stops cleanly on SIGTERM, and refuses bad configuration with a
 * message naming the variable.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const NODE_ARGS = ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')];
/** ts-node compiles the service on start: generous on two busy cores. */
const START_TIMEOUT_MS = 60_000;

const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });

const waitForHealth = async (url: string): Promise<Response> => {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      return await fetch(`${url}/health`);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
};

describe('the service process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-start-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts on a fresh embedded store, answers /health, /docs and /, and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, NODE_ARGS, {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LEDGER_SQLITE_PATH: join(dir, 'sub', 'ledger.sqlite'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
      child.on('exit', (code, signal) => done({ code, signal })),
    );
    try {
      const url = `http://127.0.0.1:${port}`;
      const health = await waitForHealth(url);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        store: { kind: 'sqlite', ready: true },
      });
      expect((await fetch(`${url}/docs`)).status).toBe(200);
      expect((await fetch(`${url}/docs-json`)).status).toBe(200);
      expect((await fetch(`${url}/`)).status).toBe(200);
      const api = await fetch(`${url}/api/funds`);
      expect(api.status).toBe(401);
      expect(api.headers.get('content-type')).toMatch(/problem\+json/);
    } finally {
      child.kill('SIGTERM');
    }
    const { code, signal } = await exited;
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
  });

  it('refuses a bad configuration with exit code 2 and a message naming the variable', () => {
    const result = spawnSync(process.execPath, NODE_ARGS, {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: 'eighty',
        LEDGER_STORE: 'postgres',
        LEDGER_SQLITE_PATH: join(dir, 'l.sqlite'),
      },
      encoding: 'utf8',
      timeout: START_TIMEOUT_MS,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT="eighty"');
    expect(result.stderr).toContain('LEDGER_STORE="postgres": must be one of sqlite, eventstoredb');
  });
});
