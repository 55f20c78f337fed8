/**
 * Scenario 3: rebuilding every read model from position 0 over the generated ledger, as
 * `ledger rebuild` does (fold, then write the models with their checkpoint), against the
 * raw scan with JSON parsing over the same file. Goals: at least half the raw scan's rate,
 * and 1M events in under 5 s (scaled with the ledger for smaller runs).
 *
 * The rebuild runs in a child process with a time budget, so a slow one cannot take the
 * whole run: past the budget it is stopped and its rate so far is what is reported.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { childExecArgv, FULL_LEDGER_EVENTS } from '../support/config';
import { BenchContext, removeDatabase, Scenario, scratchFile } from '../support/context';
import { settle, timed } from '../support/measure';
import { RawLedger } from '../support/raw-sqlite';
import type { RebuildMessage } from '../support/rebuild-child';
import { absolute, compare, Row } from '../support/results';

const SCENARIO = '3 rebuild';
const UNIT = 'events/s';
const RAW_GOAL = 0.5;
const FULL_LIMIT_SECONDS = 5;
const MB = 1024 * 1024;
const STOP_GRACE_MS = 10_000;
/** The rebuild's share of the run's ten minutes; at its goal it needs 5 s. */
const FULL_BUDGET_SECONDS = 45;
const MIN_BUDGET_SECONDS = 20;

interface RebuildRun {
  readonly events: number;
  readonly ms: number;
  readonly finished: boolean;
  readonly maxRssBytes?: number;
}

/** Runs the rebuild child until it is done or `budgetMs` has passed. */
const rebuildInChild = (ledgerPath: string, modelPath: string, budgetMs: number) =>
  new Promise<RebuildRun>((resolve, reject) => {
    const child = fork(join(__dirname, '..', 'support', 'rebuild-child.ts'), [], {
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

export const rebuildScenario: Scenario = {
  id: 'rebuild',
  title: 'Projection rebuild against the raw scan',
  async run(context) {
    const ledger = await context.ledger();
    const raw = RawLedger.open(ledger.path);
    const scan = await timed(async () => raw.scanAll(() => undefined));
    raw.close();
    await settle();
    const modelPath = scratchFile(context, 'rebuild-read-models.sqlite');
    const budget = rebuildBudgetSeconds(context);
    context.log(
      `rebuilding read models from ${ledger.events.toLocaleString('en-US')} events (budget ${budget} s)`,
    );
    const run = await rebuildInChild(ledger.path, modelPath, budget * 1000);
    removeDatabase(modelPath);
    if (run.events === 0) throw new Error(`the rebuild reported no progress within ${budget} s`);
    const rebuildRate = (run.events * 1000) / run.ms;
    const scanRate = (scan.result * 1000) / scan.ms;
    const limitSeconds = (FULL_LIMIT_SECONDS * ledger.events) / FULL_LEDGER_EVENTS;
    const seconds = run.finished ? run.ms / 1000 : ledger.events / rebuildRate;
    const unfinished: Record<string, string> = run.finished
      ? {}
      : {
          stopped: `after ${budget} s at ${run.events.toLocaleString('en-US')} events; time extrapolated`,
        };
    return [
      compare({
        scenario: SCENARIO,
        name: `rebuild all read models from ${ledger.events.toLocaleString('en-US')} events`,
        ours: { value: rebuildRate, unit: UNIT },
        baseline: { name: 'raw scan + JSON.parse', value: scanRate, unit: UNIT },
        better: 'higher',
        goalRatio: RAW_GOAL,
        goalText: '≥ 50 % of raw',
        details: {
          ...unfinished,
          ...(run.maxRssBytes === undefined
            ? {}
            : { 'rebuild peak RSS': `${Math.round(run.maxRssBytes / MB)} MB` }),
        },
      }),
      absolute(
        SCENARIO,
        `rebuild time for ${ledger.events.toLocaleString('en-US')} events`,
        { value: seconds, unit: 's' },
        { max: limitSeconds, text: `< ${Number(limitSeconds.toPrecision(3))} s (5 s per 1M)` },
        unfinished,
      ),
    ] satisfies Row[];
  },
};
