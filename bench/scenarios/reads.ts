/**
 * Scenario 2: reading the generated ledger through the store (readAll over every event,
 * readStream of the long stream) against a raw better-sqlite3 scan that parses the same JSON.
 * Figures are events read per second. Also the whole hash chain verified (read, every hash
 * recomputed) in worker threads, a segment each, against the same verification in one thread.
 */
import { GlobalChainVerifier } from '../../src/audit/global-chain-verifier';
import { WorkerChainSegments } from '../../src/audit/chain-workers';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { BenchContext, Scenario } from '../support/context';
import { bestRates, RateRun, timed } from '../support/measure';
import { RawLedger } from '../support/raw-sqlite';
import { compare, Row } from '../support/results';

const SCENARIO = '2 reads';
const UNIT = 'events/s';
/** Stream reads are short: repeat them so the figure is not one timer tick. */
const STREAM_READ_REPEATS = 5;
/** Two rounds: a full scan of the ledger is long enough to be steady, and the run has a budget. */
const READ_ROUNDS = 2;

/** Touches what a reader would touch, so neither side can skip the work. */
let sink = 0;
const consume = (event: { readonly type: string }): void => {
  sink += event.type.length;
};

const oursReadAll = async (store: SqliteEventStore): Promise<number> => {
  let count = 0;
  for await (const event of store.readAll()) {
    consume(event);
    count += 1;
  }
  return count;
};

const oursReadStream = async (store: SqliteEventStore, stream: string): Promise<number> => {
  let count = 0;
  for await (const event of store.readStream(stream)) {
    consume(event);
    count += 1;
  }
  return count;
};

const repeat = async (times: number, work: () => Promise<number>): Promise<number> => {
  let count = 0;
  for (let i = 0; i < times; i++) count += await work();
  return count;
};

const asRun = async (read: () => Promise<number>): Promise<RateRun> => {
  const { result, ms } = await timed(read);
  return { count: result, ms };
};

export const measureReads = async (context: BenchContext) => {
  const ledger = await context.ledger();
  const store = SqliteEventStore.open(ledger.path);
  const raw = RawLedger.open(ledger.path);
  try {
    // A first pass warms the page cache, so neither side pays for the disk alone.
    raw.scanAll(consume);
    const rates = await bestRates(READ_ROUNDS, {
      oursAll: () => asRun(() => oursReadAll(store)),
      rawAll: () => asRun(async () => raw.scanAll(consume)),
      oursStream: () =>
        asRun(() => repeat(STREAM_READ_REPEATS, () => oursReadStream(store, ledger.historyStream))),
      rawStream: () =>
        asRun(() =>
          repeat(STREAM_READ_REPEATS, async () => raw.readStream(ledger.historyStream, consume)),
        ),
    });
    context.log(`read checksum ${sink}`);
    const segments = new WorkerChainSegments(ledger.path);
    const verified = async (verifier: GlobalChainVerifier): Promise<RateRun> => {
      const { result, ms } = await timed(() => verifier.verify());
      if (!result.ok) throw new Error(`the bench ledger does not verify: ${result.reason}`);
      return { count: result.eventsChecked, ms };
    };
    // One round each: a verification of the whole ledger is long enough to be steady.
    const verify = await bestRates(1, {
      workers: () => verified(new GlobalChainVerifier(store, { segments })),
      thread: () => verified(new GlobalChainVerifier(store)),
    });
    return {
      ...rates,
      verifyWorkers: verify.workers,
      verifyThread: verify.thread,
      segments: segments.partsFor(BigInt(ledger.events)),
    };
  } finally {
    raw.close();
    await store.close();
  }
};

export const readsScenario: Scenario = {
  id: 'reads',
  title: 'Reads: readAll and readStream against a raw scan with JSON parsing',
  async run(context) {
    const ledger = await context.ledger();
    const figures = await measureReads(context);
    const rows: Row[] = [
      compare({
        scenario: SCENARIO,
        name: `readAll over ${ledger.events.toLocaleString('en-US')} events`,
        ours: { value: figures.oursAll, unit: UNIT },
        baseline: { name: 'raw scan + JSON.parse', value: figures.rawAll, unit: UNIT },
        better: 'higher',
      }),
      compare({
        scenario: SCENARIO,
        name: `readStream of a ${ledger.historyEvents.toLocaleString('en-US')}-event stream`,
        ours: { value: figures.oursStream, unit: UNIT },
        baseline: { name: 'raw stream select + JSON.parse', value: figures.rawStream, unit: UNIT },
        better: 'higher',
      }),
      compare({
        scenario: SCENARIO,
        name: `verify the hash chain of ${ledger.events.toLocaleString('en-US')} events, in worker threads`,
        ours: { value: figures.verifyWorkers, unit: UNIT },
        baseline: {
          name: 'the same verification in one thread',
          value: figures.verifyThread,
          unit: UNIT,
        },
        better: 'higher',
        // One segment (a small ledger, one core) is verified in this thread: a ratio near 1.
        details: { segments: figures.segments },
      }),
    ];
    return rows;
  },
};
