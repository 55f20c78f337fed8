/**
 * Scenario: service start-up on an existing read-model file (issue 16: < 2 s, and RSS under
 * 200 MB after start on the 1M-event ledger). The real service (bench/http/service-server.ts)
 * is started once on a copy of the generated ledger, so it writes its read models and its
 * Idempotency-Key index beside it, and stopped; then started again on the same files and
 * timed from fork to listening. Whatever the service does at start is in the figure: opening
 * the read models, catching them and the index up from their checkpoints, the approval
 * process, Nest's module graph. Peak RSS is asked right after that second start.
 *
 * For scale, a start on an empty ledger is timed as well: the part of any start that does not
 * depend on the ledger (loading the code under ts-node, building the application).
 */
import { copyFileSync } from 'node:fs';
import { startServerChild, UsageMessage } from '../http/child';
import { BenchContext, Scenario, scratchFile } from '../support/context';
import { bootBudgetSeconds } from '../support/ledger-service';
import { nowMs } from '../support/measure';
import { absolute, Row } from '../support/results';

const SCENARIO = 'start-up';
const MB = 1024 * 1024;
const GOAL_SECONDS = 2;
const RSS_LIMIT_MB = 200;

interface Start {
  readonly seconds: number;
  readonly usage: UsageMessage;
}

/** Starts the service on `path`, waits until it listens, asks its memory, stops it. */
const startOnce = async (context: BenchContext, path: string): Promise<Start> => {
  const begin = nowMs();
  const child = await startServerChild(
    'service-server.ts',
    { BENCH_LEDGER_PATH: path, BENCH_ACTORS: '[]' },
    bootBudgetSeconds(context) * 1000,
  );
  const seconds = (nowMs() - begin) / 1000;
  try {
    return { seconds, usage: await child.usage() };
  } finally {
    await child.stop();
  }
};

const seconds = (value: number): string => `${value.toFixed(2)} s`;
const megabytes = (bytes: number): string => `${(bytes / MB).toFixed(0)} MB`;

export const startupScenario: Scenario = {
  id: 'startup',
  title: 'Start-up: the service restarted on its existing read-model file',
  async run(context) {
    const ledger = await context.ledger();
    const events = ledger.events.toLocaleString('en-US');
    const empty = await startOnce(context, scratchFile(context, 'startup-empty.sqlite'));
    context.log(`start on an empty ledger: ${seconds(empty.seconds)}`);
    const path = scratchFile(context, 'startup-ledger.sqlite');
    copyFileSync(ledger.path, path);
    const first = await startOnce(context, path);
    context.log(`first start (read models written): ${seconds(first.seconds)}`);
    const again = await startOnce(context, path);
    context.log(`second start on the existing read models: ${seconds(again.seconds)}`);
    const details = {
      'first start (from empty read models)': seconds(first.seconds),
      'start on an empty ledger': seconds(empty.seconds),
      'this start minus the empty-ledger start': seconds(again.seconds - empty.seconds),
    };
    const rows: Row[] = [
      absolute(
        SCENARIO,
        `service start-up on its existing read-model file, ${events}-event ledger`,
        { value: Math.round(again.seconds * 100) / 100, unit: 's' },
        { max: GOAL_SECONDS, text: `< ${GOAL_SECONDS} s` },
        details,
      ),
      absolute(
        SCENARIO,
        `service peak RSS right after that start, ${events}-event ledger`,
        { value: Math.round(again.usage.maxRssBytes / MB), unit: 'MB' },
        { max: RSS_LIMIT_MB, text: `< ${RSS_LIMIT_MB} MB` },
        {
          'RSS then': megabytes(again.usage.rssBytes),
          'heap then': megabytes(again.usage.heapUsedBytes),
          'peak RSS of the first start': megabytes(first.usage.maxRssBytes),
          'peak RSS on an empty ledger': megabytes(empty.usage.maxRssBytes),
        },
      ),
    ];
    return rows;
  },
};
