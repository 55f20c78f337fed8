/**
 * Part of scenario 5: the first step of every as-of answer, an instant mapped to the ledger
 * position it stood at, on the generated ledger. Ours is the SQLite store's seek of its
 * recorded-time index; the baseline is the as-of reader's bisection over positions (what it
 * does on a store without that index, EventStoreDB), through the same reader, over the same
 * instants spread across the ledger's recorded span.
 *
 * Both name the same position when recorded times grow with position, as the service writes
 * them (test/projections/as-of-position.spec.ts). The generated ledger's do not everywhere: the
 * generator joins one stream's commands into one append, so within a flush an event can be
 * recorded earlier than the one before it. There neither answer is "the ledger at that moment"
 * (it is no prefix of positions), the two may differ, and the details count both.
 */
import Database from 'better-sqlite3';
import { EventStore } from '../../src/event-store/event-store';
import { RECORDED_AT_SQL } from '../../src/event-store/sqlite/sqlite-schema';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { AsOfReader } from '../../src/projections/as-of-reader';
import { positionByBisection } from '../../src/event-store/recorded-position';
import { GeneratedLedger } from '../ledger/generate-ledger';
import { bestRates, ROUNDS, timed } from '../support/measure';
import { compare, Row } from '../support/results';

/** Instants looked up per round, evenly spread from the first recorded time to the last. */
const LOOKUPS = 200;
const UNIT = 'lookups/s';

const recordedAtAfter = async (store: EventStore, after: bigint): Promise<number> => {
  for await (const event of store.readAll({ after, maxCount: 1 })) {
    return Date.parse(String(event.metadata.recordedAt));
  }
  throw new Error('the generated ledger is empty');
};

/** Instants between the events' own times (an odd millisecond offset), and one past the end. */
const spreadInstants = async (store: EventStore): Promise<string[]> => {
  const first = await recordedAtAfter(store, 0n);
  const last = await recordedAtAfter(store, (await store.headPosition()) - 1n);
  const step = (last - first) / (LOOKUPS - 1);
  return Array.from({ length: LOOKUPS }, (_, i) =>
    new Date(Math.round(first + i * step) + 1).toISOString(),
  );
};

type Lookup = (instant: string) => Promise<bigint>;

const lookAll = async (lookup: Lookup, instants: readonly string[]): Promise<bigint[]> => {
  const positions: bigint[] = [];
  for (const instant of instants) positions.push(await lookup(instant));
  return positions;
};

/** Events recorded earlier than the event at the position before them. */
const outOfOrderEvents = (path: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    const row = db
      .prepare(
        `SELECT count(*) AS n FROM (
           SELECT ${RECORDED_AT_SQL} < lag(${RECORDED_AT_SQL}) OVER (ORDER BY position) AS back
           FROM events)
         WHERE back`,
      )
      .get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
};

export const measurePositionLookup = async (
  scenario: string,
  ledger: GeneratedLedger,
): Promise<Row> => {
  const store = SqliteEventStore.open(ledger.path);
  try {
    const instants = await spreadInstants(store);
    const reader = new AsOfReader(store);
    const indexed: Lookup = (instant) => reader.positionAt(instant);
    const bisected: Lookup = (instant) => positionByBisection(store, instant);
    // The first pass warms the page cache and compares the answers before either is timed.
    const expected = await lookAll(bisected, instants);
    const found = await lookAll(indexed, instants);
    const gaps = found.map((position, i) => Number(position - expected[i]));
    const differing = gaps.filter((gap) => gap !== 0).length;
    const rate = (lookup: Lookup) => async () => {
      const { ms } = await timed(() => lookAll(lookup, instants));
      return { count: LOOKUPS, ms };
    };
    const rates = await bestRates(ROUNDS, { indexed: rate(indexed), bisected: rate(bisected) });
    return compare({
      scenario,
      name: `as-of moment → ledger position on ${ledger.events.toLocaleString('en-US')} events`,
      ours: { value: rates.indexed, unit: UNIT },
      baseline: {
        name: 'bisection over positions (point reads)',
        value: rates.bisected,
        unit: UNIT,
      },
      better: 'higher',
      details: {
        'instants per round': LOOKUPS,
        'instants the two place differently': differing,
        'largest distance between their positions': Math.max(0, ...gaps.map(Math.abs)),
        'events recorded earlier than the one before them': outOfOrderEvents(ledger.path),
      },
    });
  } finally {
    await store.close();
  }
};
