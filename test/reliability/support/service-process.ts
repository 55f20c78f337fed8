/**
 * The service as a child process on given files (node with ts-node, as `npm run start:dev`
 * would, without a build), for the crash loop and the shutdown spec. Users and tokens are
 * created beforehand through UserService on the same files, as `ledger users add` and
 * `ledger tokens create` would.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { TokenStore } from '../../../src/auth/token-store';
import { createUserService } from '../../../src/auth/user.service';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { systemClock } from '../../../src/infra/tokens';
import { send } from './http';
import { ACTORS, CASE_OWNERS, TestActor, Transport } from './workload';

const repoRoot = resolve(__dirname, '..', '..', '..');
const childScript = join(repoRoot, 'test', 'reliability', 'support', 'service-child.ts');

/** ts-node compiles the service on every start: a few seconds on two loaded cores. */
const START_TIMEOUT_MS = 60_000;
const HEALTH_POLL_MS = 100;
/** Lines of the child's stderr kept for a failure message. */
const STDERR_LINES_KEPT = 40;

export interface LedgerFiles {
  readonly ledger: string;
  readonly readModels: string;
  readonly tokens: string;
}

export const ledgerFiles = (dir: string): LedgerFiles => ({
  ledger: join(dir, 'ledger.sqlite'),
  readModels: join(dir, 'ledger.readmodels.sqlite'),
  tokens: join(dir, 'ledger.tokens.sqlite'),
});

const SETUP_ACTOR = { id: 'reliability-setup', role: 'admin' };

/**
 * Adds the workload's users and issues one token each, on the files the service will use; the
 * default case's benefit owners are added too (without tokens), since a case needs known owners.
 */
export const issueTokens = async (files: LedgerFiles): Promise<Map<string, string>> => {
  const store = SqliteEventStore.open(files.ledger);
  const tokenStore = TokenStore.open(files.tokens);
  const tokens = new Map<string, string>();
  try {
    const users = createUserService(store, tokenStore, systemClock);
    for (const actor of ACTORS) {
      await users.addUser(actor.id, actor.role, null, SETUP_ACTOR);
      tokens.set(actor.id, (await users.issueToken(actor.id, actor.role, SETUP_ACTOR)).token);
    }
    for (const owner of CASE_OWNERS) await users.addUser(owner.id, owner.role, null, SETUP_ACTOR);
  } finally {
    tokenStore.close();
    await store.close();
  }
  return tokens;
};

const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class ServiceProcess {
  private readonly stderr: string[] = [];
  readonly exited: Promise<Exit>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr.push(...chunk.split('\n').filter((line) => line !== ''));
      this.stderr.splice(0, Math.max(0, this.stderr.length - STDERR_LINES_KEPT));
    });
    // Drained so a chatty log can never block the child on a full pipe.
    child.stdout?.resume();
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => done({ code, signal })),
    );
  }

  /** Starts the service on `files` and resolves once /health answers 200. */
  static async start(
    files: LedgerFiles,
    env: Record<string, string> = {},
  ): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', childScript], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        LEDGER_SQLITE_PATH: files.ledger,
        LEDGER_READMODEL_PATH: files.readModels,
        LEDGER_TOKENS_PATH: files.tokens,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        LEDGER_RATE_LIMIT_BURST: '0',
        ...env,
      },
    });
    const service = new ServiceProcess(child, `http://127.0.0.1:${port}`);
    await service.waitUntilHealthy();
    return service;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** The last lines the child wrote to stderr, for a failure message. */
  stderrTail(): string {
    return this.stderr.join('\n');
  }

  transport(tokens: ReadonlyMap<string, string>): Transport {
    return (actor: TestActor, request) => send(this.url, tokens.get(actor.id), request);
  }

  private async waitUntilHealthy(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    while (Date.now() < deadline && !exited) {
      const outcome = await send(this.url, undefined, { method: 'GET', path: '/health' });
      if (outcome.kind === 'reply' && outcome.status === 200) return;
      await new Promise((done) => setTimeout(done, HEALTH_POLL_MS));
    }
    this.kill('SIGKILL');
    throw new Error(`the service did not become healthy:\n${this.stderrTail()}`);
  }
}
