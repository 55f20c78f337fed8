/**
 * Scenario 6: the same appends and reads against Emmett's SQLite store (0.38.5, WAL and
 * synchronous=FULL like ours), with raw better-sqlite3 alongside for scale. Ratios are ours
 * over theirs; the goals are ≥ 10×, ≥ 3× and ≥ 2×.
 */
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { EVENTS_PER_BATCH_APPEND } from '../support/config';
import { BenchContext, removeDatabase, Scenario, scratchFile } from '../support/context';
import { bestRates, forSeconds, RateRun, ROUNDS, settle, timed } from '../support/measure';
import { ensurePeerInstalled, openPeerStore, PeerStore } from '../support/peer-store';
import { RawLedger } from '../support/raw-sqlite';
import { compare, Row } from '../support/results';
import { effectReports } from '../support/sample-events';
import { NewEvent } from '../../src/event-store/event-store';
import { oursBatched, oursSequential, rawBatched, rawSequential } from './store-append';

const SCENARIO = '6 peer (Emmett)';
const UNIT = 'events/s';
const SINGLE_GOAL = 10;
const BATCH_GOAL = 3;
const READ_GOAL = 2;
const READ_STREAM = 'investment-read';

const withPeer = async (
  context: BenchContext,
  name: string,
  work: (peer: PeerStore) => Promise<RateRun>,
): Promise<RateRun> => {
  const path = scratchFile(context, name);
  try {
    return await work(openPeerStore(path));
  } finally {
    removeDatabase(path);
    await settle();
  }
};

/** Attempts at one Emmett append that meets SQLITE_BUSY (see appendToPeer). */
const MAX_PEER_ATTEMPTS = 5;
/** Emmett appends that had to be tried again in this run, reported with the figures. */
let peerBusyRetries = 0;

const isBusy = (error: unknown): boolean =>
  (error as { code?: unknown } | undefined)?.code === 'SQLITE_BUSY';

/**
 * Emmett 0.38.5 issues its statements on node-sqlite3 without serialising them, so under load
 * a COMMIT can meet a statement still in progress ("SQLITE_BUSY: cannot commit transaction")
 * and the append is rolled back. It is tried again with the same expected version, as a
 * client would; the time it lost counts against Emmett, and the retries are reported.
 */
const appendToPeer = async (peer: PeerStore, events: NewEvent[], version: bigint) => {
  const peerEvents = events.map(({ type, data, metadata }) => ({
    type,
    data,
    metadata: { ...metadata },
  }));
  for (let attempt = 1; ; attempt++) {
    try {
      return await peer.appendToStream(READ_STREAM, peerEvents, { expectedStreamVersion: version });
    } catch (error) {
      if (!isBusy(error) || attempt >= MAX_PEER_ATTEMPTS) throw error;
      peerBusyRetries += 1;
    }
  }
};

const peerAppends = (context: BenchContext, seconds: number, perAppend: number) =>
  withPeer(context, `peer-append-${perAppend}.sqlite`, (peer) => {
    let version = 0n;
    let n = 0;
    return forSeconds(seconds, async () => {
      const result = await appendToPeer(peer, effectReports(READ_STREAM, n, perAppend), version);
      version = result.nextExpectedStreamVersion;
      n += perAppend;
      return perAppend;
    });
  });

/** One stream of `count` events, written in 100-event appends to ours, Emmett and raw alike. */
const fillStreams = async (context: BenchContext, count: number) => {
  const paths = {
    ours: scratchFile(context, 'read-ours.sqlite'),
    peer: scratchFile(context, 'read-peer.sqlite'),
    raw: scratchFile(context, 'read-raw.sqlite'),
  };
  const ours = SqliteEventStore.open(paths.ours);
  const peer = openPeerStore(paths.peer);
  const raw = RawLedger.open(paths.raw);
  for (let n = 0; n < count; n += EVENTS_PER_BATCH_APPEND) {
    const events = effectReports(READ_STREAM, n, Math.min(EVENTS_PER_BATCH_APPEND, count - n));
    await ours.append(READ_STREAM, events, {
      expectedRevision: n === 0 ? 'no-stream' : BigInt(n - 1),
    });
    await appendToPeer(peer, events, BigInt(n));
    raw.appendMany(events.map((event) => ({ stream: READ_STREAM, event })));
  }
  return { paths, ours, peer, raw };
};

const readRates = async (context: BenchContext, count: number) => {
  const { paths, ours, peer, raw } = await fillStreams(context, count);
  const asRun = async (read: () => Promise<number>): Promise<RateRun> => {
    const { result, ms } = await timed(read);
    return { count: result, ms };
  };
  try {
    return await bestRates(ROUNDS, {
      ours: () =>
        asRun(async () => {
          let read = 0;
          for await (const event of ours.readStream(READ_STREAM)) read += event.type ? 1 : 0;
          return read;
        }),
      peer: () => asRun(async () => (await peer.readStream(READ_STREAM)).events.length),
      raw: () => asRun(async () => raw.readStream(READ_STREAM, () => undefined)),
    });
  } finally {
    await ours.close();
    raw.close();
    Object.values(paths).forEach(removeDatabase);
  }
};

export const peerScenario: Scenario = {
  id: 'peer',
  title: "Peer: Emmett's SQLite store on the same appends and reads",
  async run(context) {
    ensurePeerInstalled((message) => context.log(message));
    const seconds = context.config.appendSeconds / ROUNDS;
    context.log(`appends: ${ROUNDS} rounds of ${seconds.toFixed(2)} s per contender`);
    const appends = await bestRates(ROUNDS, {
      oursSingle: () => oursSequential(context, seconds),
      peerSingle: () => peerAppends(context, seconds, 1),
      rawSingle: () => rawSequential(context, seconds),
      oursHundred: () => oursBatched(context, seconds, EVENTS_PER_BATCH_APPEND),
      peerHundred: () => peerAppends(context, seconds, EVENTS_PER_BATCH_APPEND),
      rawHundred: () => rawBatched(context, seconds, EVENTS_PER_BATCH_APPEND),
    });
    const streamEvents = context.config.streamEvents;
    context.log(`stream reads of ${streamEvents} events`);
    const reads = await readRates(context, streamEvents);
    const peerName = 'Emmett SQLite 0.38.5';
    const retries: Record<string, number> =
      peerBusyRetries > 0 ? { 'Emmett SQLITE_BUSY retries': peerBusyRetries } : {};
    return [
      compare({
        scenario: SCENARIO,
        name: 'single-event appends, sequential',
        ours: { value: appends.oursSingle, unit: UNIT },
        baseline: { name: peerName, value: appends.peerSingle, unit: UNIT },
        better: 'higher',
        goalRatio: SINGLE_GOAL,
        details: { 'raw/Emmett': appends.rawSingle / appends.peerSingle, ...retries },
      }),
      compare({
        scenario: SCENARIO,
        name: `${EVENTS_PER_BATCH_APPEND}-event appends, sequential`,
        ours: { value: appends.oursHundred, unit: UNIT },
        baseline: { name: peerName, value: appends.peerHundred, unit: UNIT },
        better: 'higher',
        goalRatio: BATCH_GOAL,
        details: { 'raw/Emmett': appends.rawHundred / appends.peerHundred },
      }),
      compare({
        scenario: SCENARIO,
        name: `readStream of a ${streamEvents.toLocaleString('en-US')}-event stream`,
        ours: { value: reads.ours, unit: UNIT },
        baseline: { name: peerName, value: reads.peer, unit: UNIT },
        better: 'higher',
        goalRatio: READ_GOAL,
        details: { 'raw/Emmett': reads.raw / reads.peer },
      }),
    ] satisfies Row[];
  },
};
