/**
 * Scenario 1: durable appends through SqliteEventStore against raw better-sqlite3 inserts on
 * the same schema and pragmas. Every figure is events made durable per second.
 */
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { CONCURRENT_APPENDERS, EVENTS_PER_BATCH_APPEND } from '../support/config';
import { BenchContext, removeDatabase, Scenario, scratchFile } from '../support/context';
import { bestRates, forSeconds, RateRun, ROUNDS, settle } from '../support/measure';
import { RawLedger } from '../support/raw-sqlite';
import { compare, Row } from '../support/results';
import { anEffectReport, effectReports } from '../support/sample-events';

const SCENARIO = '1 store append';
const UNIT = 'events/s';
const BATCHED_GOAL = 0.5;
const CONCURRENT_GOAL = 3;

const withStore = async (
  context: BenchContext,
  name: string,
  work: (store: SqliteEventStore) => Promise<RateRun>,
): Promise<RateRun> => {
  const path = scratchFile(context, name);
  const store = SqliteEventStore.open(path);
  try {
    return await work(store);
  } finally {
    await store.close();
    removeDatabase(path);
    await settle();
  }
};

const withRaw = async (
  context: BenchContext,
  name: string,
  work: (raw: RawLedger) => Promise<RateRun>,
): Promise<RateRun> => {
  const path = scratchFile(context, name);
  const raw = RawLedger.open(path);
  try {
    return await work(raw);
  } finally {
    raw.close();
    removeDatabase(path);
    await settle();
  }
};

/** One appender: single events to its own stream, each awaited before the next. */
const singleEventAppender = (store: SqliteEventStore, stream: string) => {
  let n = 0;
  return async (): Promise<number> => {
    await store.append(stream, [anEffectReport(stream, n)], {
      expectedRevision: n === 0 ? 'no-stream' : BigInt(n - 1),
    });
    n += 1;
    return 1;
  };
};

export const oursSequential = (context: BenchContext, seconds: number): Promise<RateRun> =>
  withStore(context, 'ours-sequential.sqlite', (store) =>
    forSeconds(seconds, singleEventAppender(store, 'investment-sequential')),
  );

export const rawSequential = (context: BenchContext, seconds: number): Promise<RateRun> =>
  withRaw(context, 'raw-sequential.sqlite', async (raw) => {
    let n = 0;
    return forSeconds(seconds, () => {
      raw.appendOne('investment-sequential', anEffectReport('investment-sequential', n));
      n += 1;
      return 1;
    });
  });

/** `appenders` loops, each on its own stream, all running at once for `seconds`. */
const oursConcurrent = (context: BenchContext, seconds: number, appenders: number) =>
  withStore(context, 'ours-concurrent.sqlite', async (store) => {
    const runs = await Promise.all(
      Array.from({ length: appenders }, (_, i) =>
        forSeconds(seconds, singleEventAppender(store, `investment-appender-${i}`)),
      ),
    );
    return {
      count: runs.reduce((sum, run) => sum + run.count, 0),
      ms: Math.max(...runs.map((run) => run.ms)),
    };
  });

export const rawBatched = (context: BenchContext, seconds: number, perTransaction: number) =>
  withRaw(context, `raw-batched-${perTransaction}.sqlite`, async (raw) => {
    let n = 0;
    return forSeconds(seconds, () => {
      const items = effectReports('investment-batched', n, perTransaction).map((event) => ({
        stream: 'investment-batched',
        event,
      }));
      raw.appendMany(items);
      n += perTransaction;
      return perTransaction;
    });
  });

export const oursBatched = (context: BenchContext, seconds: number, perAppend: number) =>
  withStore(context, `ours-batched-${perAppend}.sqlite`, async (store) => {
    let n = 0;
    return forSeconds(seconds, async () => {
      await store.append('investment-batched', effectReports('investment-batched', n, perAppend), {
        expectedRevision: n === 0 ? 'no-stream' : BigInt(n - 1),
      });
      n += perAppend;
      return perAppend;
    });
  });

export const storeAppendScenario: Scenario = {
  id: 'append',
  title: 'Store append: durable appends against raw better-sqlite3',
  async run(context) {
    const seconds = context.config.appendSeconds / ROUNDS;
    context.log(`${ROUNDS} rounds of ${seconds.toFixed(2)} s per contender`);
    const rates = await bestRates(ROUNDS, {
      oursSingle: () => oursSequential(context, seconds),
      rawSingle: () => rawSequential(context, seconds),
      oursMany: () => oursConcurrent(context, seconds, CONCURRENT_APPENDERS),
      rawMany: () => rawBatched(context, seconds, CONCURRENT_APPENDERS),
      oursHundred: () => oursBatched(context, seconds, EVENTS_PER_BATCH_APPEND),
      rawHundred: () => rawBatched(context, seconds, EVENTS_PER_BATCH_APPEND),
    });
    const { oursSingle, rawSingle, oursMany, rawMany, oursHundred, rawHundred } = rates;
    const rows: Row[] = [
      compare({
        scenario: SCENARIO,
        name: 'single-event appends, sequential (one fsync each)',
        ours: { value: oursSingle, unit: UNIT },
        baseline: { name: 'raw, one txn per event', value: rawSingle, unit: UNIT },
        better: 'higher',
      }),
      compare({
        scenario: SCENARIO,
        name: `single-event appends, ${CONCURRENT_APPENDERS} concurrent appenders (group commit)`,
        ours: { value: oursMany, unit: UNIT },
        baseline: { name: 'raw, one txn per event', value: rawSingle, unit: UNIT },
        better: 'higher',
        goalRatio: CONCURRENT_GOAL,
      }),
      compare({
        scenario: SCENARIO,
        name: `single-event appends, ${CONCURRENT_APPENDERS} concurrent appenders`,
        ours: { value: oursMany, unit: UNIT },
        baseline: {
          name: `raw, ${CONCURRENT_APPENDERS} events per txn`,
          value: rawMany,
          unit: UNIT,
        },
        better: 'higher',
      }),
      compare({
        scenario: SCENARIO,
        name: `${EVENTS_PER_BATCH_APPEND}-event appends, sequential`,
        ours: { value: oursHundred, unit: UNIT },
        baseline: {
          name: `raw, ${EVENTS_PER_BATCH_APPEND} events per txn`,
          value: rawHundred,
          unit: UNIT,
        },
        better: 'higher',
        goalRatio: BATCHED_GOAL,
        goalText: '≥ 50 % of raw',
      }),
    ];
    return rows;
  },
};
