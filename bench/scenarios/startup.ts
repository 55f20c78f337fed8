/**
 * Scenario: service start-up on an existing read-model file (issue 16: < 2 s, and RSS under
 * 200 MB after start on the 1M-event ledger). The service is started once on a copy of the
 * generated ledger and of its rebuilt read-model file (support/read-model-file.ts; empty read
 * models when that rebuild did not finish), so it writes what else it keeps beside them (its
 * Idempotency-Key index), and stopped (SIGTERM, its graceful shutdown); then started again on
 * the same files and timed from spawn to listening. Whatever the service does at start is in the figure: opening the
 * read models, catching them and the index up from their checkpoints, the approval process,
 * Nest's module graph. Peak RSS is read right after that second start.
 *
 * It runs what `npm start` runs: `src/main.ts` compiled to JavaScript (into
 * dist/bench-startup, so the production build in dist/ is left alone), not under ts-node,
 * whose transpiling of every file at start would swamp the figure. When nothing could be
 * compiled it falls back to the ts-node child of the other scenarios and says so.
 *
 * For scale, a start on an empty ledger is timed as well: the part of any start that does not
 * depend on the ledger.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startServerChild } from '../http/child';
import { BenchContext, Scenario, scratchFile } from '../support/context';
import { bootBudgetSeconds } from '../support/ledger-service';
import { nowMs } from '../support/measure';
import { REPO_ROOT } from '../support/paths';
import { absolute, Row } from '../support/results';

const SCENARIO = 'start-up';
const MB = 1024 * 1024;
const KB = 1024;
const GOAL_SECONDS = 2;
const RSS_LIMIT_MB = 200;
const STOP_TIMEOUT_MS = 30_000;
const ROOT = REPO_ROOT;
const BUILD_DIR = join(ROOT, 'dist', 'bench-startup');
const COMPILED_MAIN = join(BUILD_DIR, 'src', 'main.js');
/** What main.ts logs once the server listens. */
const LISTENING = /listening on http/;

interface Memory {
  readonly maxRssBytes: number;
  readonly rssBytes: number;
}

interface Start {
  readonly seconds: number;
  readonly memory: Memory | undefined;
}

/** Starts the service on a ledger file, waits until it listens, reads its memory, stops it. */
interface Launcher {
  /** How the service is run, for the table. */
  readonly how: string;
  start(path: string, readModelPath?: string): Promise<Start>;
}

/** Compiles the service as `npm run build` does, into a folder of the bench's own. */
const compileService = (): { readonly entry?: string; readonly note: string } => {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  const run = spawnSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (!existsSync(COMPILED_MAIN)) {
    return { note: `tsc emitted nothing to run: ${`${run.stdout}${run.stderr}`.slice(0, 300)}` };
  }
  return {
    entry: COMPILED_MAIN,
    note:
      run.status === 0
        ? 'node on the compiled service (tsc -p tsconfig.build.json)'
        : 'node on the compiled service; tsc reported type errors, the JavaScript it emitted was run',
  };
};

const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
};

/** Peak and current resident memory of a process, from Linux's /proc (undefined elsewhere). */
const memoryOf = (pid: number | undefined): Memory | undefined => {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * KB;
    return { maxRssBytes: field('VmHWM'), rssBytes: field('VmRSS') };
  } catch {
    return undefined;
  }
};

const untilListening = (child: ChildProcess, timeoutMs: number): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the service was not listening within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onLine = (line: string): void => {
      if (!LISTENING.test(line)) return;
      cleanup();
      resolve();
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`the service exited (${code}) before listening`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      lines.off('line', onLine);
      child.off('exit', onExit);
    };
    lines.on('line', onLine);
    child.on('exit', onExit);
  });

/** SIGTERM (the service's graceful shutdown), SIGKILL if it hangs. */
const stopProcess = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
};

const compiledLauncher = (entry: string, how: string, budgetMs: number): Launcher => ({
  how,
  async start(path, readModelPath) {
    const port = await freePort();
    const begin = nowMs();
    // Only what the service needs: a LEDGER_* variable of the caller's must not move its files.
    const child = spawn(process.execPath, [entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        LEDGER_SQLITE_PATH: path,
        ...(readModelPath === undefined ? {} : { LEDGER_READMODEL_PATH: readModelPath }),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await untilListening(child, budgetMs);
      return { seconds: (nowMs() - begin) / 1000, memory: memoryOf(child.pid) };
    } finally {
      await stopProcess(child);
    }
  },
});

const tsNodeLauncher = (how: string, budgetMs: number): Launcher => ({
  how,
  async start(path, readModelPath) {
    const begin = nowMs();
    const child = await startServerChild(
      'service-server.ts',
      {
        BENCH_LEDGER_PATH: path,
        BENCH_ACTORS: '[]',
        ...(readModelPath === undefined ? {} : { BENCH_READMODEL_PATH: readModelPath }),
      },
      budgetMs,
    );
    const seconds = (nowMs() - begin) / 1000;
    try {
      return { seconds, memory: await child.usage() };
    } finally {
      await child.stop();
    }
  },
});

const launcher = (context: BenchContext): Launcher => {
  const budgetMs = bootBudgetSeconds(context) * 1000;
  context.log('compiling the service for the start-up scenario');
  const build = compileService();
  if (build.entry !== undefined) return compiledLauncher(build.entry, build.note, budgetMs);
  context.log(build.note);
  return tsNodeLauncher(`ts-node child (nothing compiled: ${build.note})`, budgetMs);
};

const seconds = (value: number): string => `${value.toFixed(2)} s`;
const megabytes = (bytes: number | undefined): string =>
  bytes === undefined ? 'not available' : `${(bytes / MB).toFixed(0)} MB`;

export const startupScenario: Scenario = {
  id: 'startup',
  title: 'Start-up: the service restarted on its existing read-model file',
  async run(context) {
    const ledger = await context.ledger();
    const events = ledger.events.toLocaleString('en-US');
    const service = launcher(context);
    try {
      const empty = await service.start(scratchFile(context, 'startup-empty.sqlite'));
      context.log(`start on an empty ledger: ${seconds(empty.seconds)}`);
      const path = scratchFile(context, 'startup-ledger.sqlite');
      copyFileSync(ledger.path, path);
      // The read models rebuilt once for the run (scenario 3's file), when it finished: the
      // first start then only writes what else the service keeps (its Idempotency-Key index).
      const rebuilt = await context.readModels();
      const modelPath = scratchFile(context, 'startup-ledger.readmodels.sqlite');
      if (rebuilt.path !== undefined) copyFileSync(rebuilt.path, modelPath);
      const first = await service.start(path, modelPath);
      context.log(`first start: ${seconds(first.seconds)}`);
      const again = await service.start(path, modelPath);
      context.log(`second start on the existing read models: ${seconds(again.seconds)}`);
      const rows: Row[] = [
        absolute(
          SCENARIO,
          `service start-up on its existing read-model file, ${events}-event ledger`,
          { value: Math.round(again.seconds * 100) / 100, unit: 's' },
          { max: GOAL_SECONDS, text: `< ${GOAL_SECONDS} s` },
          {
            run: service.how,
            [rebuilt.path === undefined
              ? 'first start (from empty read models)'
              : 'first start (rebuilt read models, no Idempotency-Key index yet)']: seconds(
              first.seconds,
            ),
            'start on an empty ledger': seconds(empty.seconds),
            'this start minus the empty-ledger start': seconds(again.seconds - empty.seconds),
          },
        ),
      ];
      if (again.memory !== undefined) {
        rows.push(
          absolute(
            SCENARIO,
            `service peak RSS right after that start, ${events}-event ledger`,
            { value: Math.round(again.memory.maxRssBytes / MB), unit: 'MB' },
            { max: RSS_LIMIT_MB, text: `< ${RSS_LIMIT_MB} MB` },
            {
              'RSS then': megabytes(again.memory.rssBytes),
              'peak RSS of the first start': megabytes(first.memory?.maxRssBytes),
              'peak RSS on an empty ledger': megabytes(empty.memory?.maxRssBytes),
            },
          ),
        );
      }
      return rows;
    } finally {
      rmSync(BUILD_DIR, { recursive: true, force: true });
    }
  },
};
