/**
 * Child process for scenario 3: `ledger rebuild`'s work (fold every event into fresh read
 * models, then write them with their checkpoint) on BENCH_LEDGER_PATH, reporting progress
 * about once a second so a rebuild too slow for the run's budget still yields a rate.
 */
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { rebuildReadModels } from '../../src/projections/rebuild';
import { nowMs } from './measure';

const PROGRESS_INTERVAL_MS = 1_000;

export type RebuildMessage =
  | { readonly type: 'progress'; readonly events: number; readonly ms: number }
  | {
      readonly type: 'done';
      readonly events: number;
      readonly ms: number;
      readonly maxRssBytes: number;
    };

const send = (message: RebuildMessage): void => {
  process.send?.(message);
};

const main = async (): Promise<void> => {
  const ledgerPath = process.env.BENCH_LEDGER_PATH;
  const modelPath = process.env.BENCH_READMODEL_PATH;
  if (!ledgerPath || !modelPath)
    throw new Error('BENCH_LEDGER_PATH and BENCH_READMODEL_PATH are required');
  const store = SqliteEventStore.open(ledgerPath);
  const db = ReadModelDb.open(modelPath);
  const start = nowMs();
  let lastSent = start;
  const result = await rebuildReadModels(store, db, (progress) => {
    const now = nowMs();
    if (now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastSent = now;
    send({ type: 'progress', events: progress.events, ms: now - start });
  });
  const ms = nowMs() - start;
  db.close();
  await store.close();
  // resourceUsage reports kilobytes.
  send({
    type: 'done',
    events: result.events,
    ms,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  });
};

process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
