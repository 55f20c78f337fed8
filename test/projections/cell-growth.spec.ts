/**
 * Every kind of command that can be repeated on one investment, allocation or cost: the
 * read-model file a rebuild writes must grow with the repeats, not with their square. A
 * document that keeps a growing list inside one cell (a report with its corrections, a cost
 * with a part per correction) is stored anew with every change, so its bytes grow
 * quadratically; a real ledger with one report corrected 20,000 times gave a 19 GB file.
 *
 * Measured in bytes of cell bodies (read-model-bytes.ts), not in time: the second run of
 * repeats must write about what the first did.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { rebuildReadModels } from '../../src/projections/rebuild';
import { Action, LedgerDriver } from './ledger-driver';
import { bodyBytes } from './read-model-bytes';

/** Repeats per run: enough that a quadratic layout writes three times as much in the second. */
const REPEATS = 120;
/**
 * The second run's bytes over the first's: about 1 when each repeat writes alike, about 3
 * when each writes all the repeats before it again. Room for the few longer ids and amounts
 * of the later repeats.
 */
const MAX_GROWTH = 1.4;

const REPEATED: Readonly<Record<string, (i: number) => Action>> = {
  'a cost corrected upwards': (i) => ({
    kind: 'amend',
    entry: 'cost',
    n: 0,
    cents: 1_000_00 + 1 + i,
    reverse: false,
  }),
  'a cost corrected up and down': (i) => ({
    kind: 'amend',
    entry: 'cost',
    n: 0,
    cents: 1_000_00 + ((i + 1) % 2) * 50_00,
    reverse: false,
  }),
  'a harvest corrected': (i) => ({
    kind: 'amend',
    entry: 'harvest',
    n: 0,
    cents: 100 + (i % 50),
    reverse: false,
  }),
  'an allocation reduced': () => ({ kind: 'reduce', allocation: 0, cents: 1 }),
  // Above the 500 000.00 allocated, a new amount each time (one that changed nothing is refused).
  'a tranche amended': (i) => ({
    kind: 'amendTranche',
    tranche: 0,
    cents: 600_000_00 + i,
    until: 0,
  }),
  'an effect report corrected': (i) => ({ kind: 'correct', report: 0, cents: 5_000 + i }),
  'a benefit case documented': (i) => ({ kind: 'document', inv: 0, lowered: i % 2 === 0 }),
  're-baselined': () => ({ kind: 'rebaseline', inv: 0 }),
  'a cost recorded': (i) => ({ kind: 'cost', inv: 0, cents: 100 + i, month: 1 + (i % 12) }),
};

describe('what a rebuild writes for a command repeated on one fact', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cell-growth-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(REPEATED))('%s: grows with the repeats', async (kind) => {
    const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    try {
      const driver = new LedgerDriver(store);
      await driver.establish(1);
      await driver.apply({ kind: 'allocate', inv: 0, tranche: 0, cents: 500_000_00 });
      await driver.apply({ kind: 'report', inv: 0, line: 0, year: 2018, cents: 100_000 });
      await driver.apply({ kind: 'cost', inv: 0, cents: 1_000_00, month: 3 });
      await driver.apply({ kind: 'harvest', inv: 0, cents: 1_000 });
      /** Bytes a rebuild of the ledger as it stands writes, into a file of its own. */
      const written = async (name: string): Promise<{ bytes: number; position: bigint }> => {
        const db = ReadModelDb.open(join(dir, name));
        try {
          await rebuildReadModels(store, db);
        } finally {
          db.close();
        }
        return { bytes: bodyBytes(join(dir, name)), position: await store.headPosition() };
      };
      const repeat = async (from: number): Promise<void> => {
        for (let i = from; i < from + REPEATS; i += 1) await driver.apply(REPEATED[kind](i));
      };
      const before = await written('before.sqlite');
      await repeat(0);
      const once = await written('once.sqlite');
      await repeat(REPEATS);
      const twice = await written('twice.sqlite');
      // Each run recorded as many events (none refused), so the bytes compare.
      expect(once.position - before.position).toBeGreaterThanOrEqual(BigInt(REPEATS));
      expect(twice.position - once.position).toBe(once.position - before.position);
      const growth = (twice.bytes - once.bytes) / (once.bytes - before.bytes);
      expect(growth).toBeLessThan(MAX_GROWTH);
    } finally {
      await store.close();
    }
  });
});
