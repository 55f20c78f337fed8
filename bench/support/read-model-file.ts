/**
 * The read-model file of the generated ledger, built once per run by `ledger rebuild`'s work
 * in a child process (support/rebuild-child.ts) and shared: scenario 3 reports how fast it
 * was built, and the service of scenarios 5 and 7 starts on a copy of it, as a service
 * restarted on an existing file does. The build has a time budget; past it the child is
 * stopped, its rate so far is reported, and the service starts on empty read models instead.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { childExecArgv } from './config';
import { childScript } from './paths';
import { BenchContext, removeDatabase, scratchFile } from './context';
import type { RebuildMessage } from './rebuild-child';

const STOP_GRACE_MS = 10_000;
/**
 * The build's share of the run. The read models are written as bi-temporal cells, a few rows
 * per event, so a rebuild is bound by SQLite's writes (bench/README.md has the profile).
 */
const FULL_BUDGET_SECONDS = 600;
const MIN_BUDGET_SECONDS = 60;

export interface RebuildRun {
  readonly events: number;
  readonly ms: number;
  readonly finished: boolean;
  readonly maxRssBytes?: number;
}

export interface ReadModelFile {
  /** The file, when the rebuild finished; undefined when it was stopped. */
  readonly path: string | undefined;
  readonly run: RebuildRun;
  readonly budgetSeconds: number;
}

/** Runs the rebuild child until it is done or `budgetMs` has passed. */
const rebuildInChild = (ledgerPath: string, modelPath: string, budgetMs: number) =>
  new Promise<RebuildRun>((resolve, reject) => {
    const child = fork(childScript(join(__dirname, 'rebuild-child.ts')), [], {
      env: { ...process.env, BENCH_LEDGER_PATH: ledgerPath, BENCH_READMODEL_PATH: modelPath },
      execArgv: childExecArgv(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let last: RebuildRun = { events: 0, ms: 0, finished: false };
    let stopped = false;
    // SIGTERM lets the child exit through process.exit (writing its CPU profile, if any).
    const timer = setTimeout(() => {
      stopped = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
    }, budgetMs);
    child.on('message', (message: RebuildMessage) => {
      last =
        message.type === 'done'
          ? {
              events: message.events,
              ms: message.ms,
              finished: true,
              maxRssBytes: message.maxRssBytes,
            }
          : { events: message.events, ms: message.ms, finished: false };
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (last.finished || stopped) resolve(last);
      else reject(new Error(`the rebuild child exited with ${code ?? signal}`));
    });
  });

export const rebuildBudgetSeconds = (context: BenchContext): number =>
  Math.max(MIN_BUDGET_SECONDS, FULL_BUDGET_SECONDS * context.config.scale);

export const buildReadModelFile = async (context: BenchContext): Promise<ReadModelFile> => {
  const ledger = await context.ledger();
  const path = scratchFile(context, 'read-models.sqlite');
  const budgetSeconds = rebuildBudgetSeconds(context);
  context.log(
    `rebuilding read models from ${ledger.events.toLocaleString('en-US')} events (budget ${budgetSeconds} s)`,
  );
  const run = await rebuildInChild(ledger.path, path, budgetSeconds * 1000);
  context.log(
    run.finished
      ? `read models rebuilt in ${(run.ms / 1000).toFixed(1)} s`
      : `rebuild stopped after ${budgetSeconds} s at ${run.events.toLocaleString('en-US')} events`,
  );
  if (!run.finished) removeDatabase(path);
  return { path: run.finished ? path : undefined, run, budgetSeconds };
};
