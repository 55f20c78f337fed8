/**
 * After an upgrade that changes one read model's version, a start rebuilds that model alone
 * and keeps the others' documents: the file must then be, row for row, what a rebuild of
 * every model writes (so "as of" any position reads alike), and the runner goes on from the
 * checkpoint for all of them. A file in another layout, or with other models or collections,
 * is still rebuilt whole.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INVESTMENT_SUMMARY_MODEL } from '../../projections/investment-summary.projection';
import { collect } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../src/infra/logger';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import {
  COLLECTIONS,
  Checkpoint,
  ReadModelDb,
  modelsToRebuild,
  storedSignature,
} from '../../src/projections/read-model-db';
import { rebuildReadModels, rebuildStale } from '../../src/projections/rebuild';
import { MODEL_NAMES, ModelName, READ_MODELS } from '../../projections/ledger-views';
import { Action, LedgerDriver } from './ledger-driver';

const summaryNow = `${INVESTMENT_SUMMARY_MODEL.name}@${INVESTMENT_SUMMARY_MODEL.version}`;
const summaryBefore = `${INVESTMENT_SUMMARY_MODEL.name}@${INVESTMENT_SUMMARY_MODEL.version - 1}`;

describe('modelsToRebuild', () => {
  const now = storedSignature();

  it('names the models stored at another version, when the rest is as this build writes it', () => {
    expect(modelsToRebuild(now.replace(summaryNow, summaryBefore))).toEqual(
      new Set(['investmentSummary']),
    );
  });

  it('asks for the whole file otherwise: another layout, other collections or models, no change', () => {
    const [models, collections, layout] = now.split(';');
    expect(modelsToRebuild(now)).toBeUndefined();
    expect(modelsToRebuild(`${models};${collections};cells@1`)).toBeUndefined();
    expect(modelsToRebuild(`${models};${collections},more.things;${layout}`)).toBeUndefined();
    expect(modelsToRebuild(`${models},another@1;${collections};${layout}`)).toBeUndefined();
    expect(modelsToRebuild('not a signature')).toBeUndefined();
  });
});

/** Every row of the file's tables, in key order: what any read of the file can see. */
const dump = (path: string): Record<string, unknown[]> => {
  const file = new Database(path, { readonly: true });
  try {
    const rows = (sql: string): unknown[] => file.prepare(sql).raw(true).all();
    return {
      checkpoint: rows('SELECT position, signature FROM checkpoint'),
      index: rows('SELECT * FROM document_index ORDER BY coll, doc_id, created'),
      cells: rows('SELECT * FROM cells ORDER BY coll, doc_id, field, key, valid_from'),
      values: rows('SELECT * FROM cell_values ORDER BY coll, doc_id, field, valid_from'),
    };
  } finally {
    file.close();
  }
};

const STORY: readonly Action[] = [
  { kind: 'allocate', inv: 0, tranche: 0, cents: 400_000_00 },
  { kind: 'allocate', inv: 1, tranche: 0, cents: 250_000_00 },
  { kind: 'cost', inv: 0, cents: 120_000_00, month: 3 },
  { kind: 'report', inv: 0, line: 0, year: 2018, cents: 90_000_00 },
  { kind: 'report', inv: 1, line: 1, year: 2018, cents: 10_000_00 },
  { kind: 'correct', report: 0, cents: 95_000_00 },
  { kind: 'harvest', inv: 0, cents: 5_000_00 },
  { kind: 'amend', entry: 'cost', n: 0, cents: 130_000_00, reverse: false },
  { kind: 'reduce', allocation: 1, cents: 50_000_00 },
  { kind: 'waive', inv: 1, line: 0, year: 2018 },
  { kind: 'rebaseline', inv: 0 },
];
const LATER: readonly Action[] = [
  { kind: 'correct', report: 1, cents: 11_000_00 },
  { kind: 'cost', inv: 1, cents: 7_000_00, month: 5 },
  { kind: 'close', inv: 1 },
];

/** The stored signature with one model a version back: the file as the build before wrote it. */
const olderFor = (model: ModelName): string => {
  const { name, version } = READ_MODELS[model];
  return storedSignature().replace(`${name}@${version}`, `${name}@${version - 1}`);
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-partial-rebuild-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A service's start on the file (its runner's), then stopped: where the runner and the file stood. */
const startOn = async (
  store: SqliteEventStore,
  path: string,
): Promise<{ readonly runner: bigint; readonly file: Checkpoint }> => {
  const db = ReadModelDb.open(path);
  const runner = new ProjectionRunner(store, db, createLogger('silent'));
  try {
    await runner.start();
    return { runner: runner.current().position, file: db.checkpoint() };
  } finally {
    runner.stop();
    db.close();
  }
};

describe('a start after one model changed version', () => {
  /** A ledger of the story, its read models written by the live runner as it was told. */
  const liveLedger = async (store: SqliteEventStore, path: string): Promise<LedgerDriver> => {
    const driver = new LedgerDriver(store);
    const db = ReadModelDb.open(path);
    const runner = new ProjectionRunner(store, db, createLogger('silent'));
    try {
      await runner.start();
      await driver.establish(2);
      for (const action of STORY) await driver.apply(action);
      await runner.acknowledge(await store.headPosition());
      await runner.afterAcknowledged();
    } finally {
      runner.stop();
      db.close();
    }
    return driver;
  };

  it.each(MODEL_NAMES)(
    "rebuilds %s alone, the others' rows kept, into what a whole rebuild writes",
    async (model) => {
      const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
      try {
        const path = join(dir, 'models.sqlite');
        const driver = await liveLedger(store, path);
        // The file as the build before left it: the model at its earlier version (its rows
        // here junk), and a row of another model's that only a whole rebuild would drop.
        const own = COLLECTIONS.flatMap((c, i) => (c.model === model ? [i] : []));
        const other = COLLECTIONS.findIndex((c) => c.model !== model);
        const file = new Database(path);
        const value = file.prepare(
          'INSERT INTO cell_values (coll, doc_id, field, valid_from, body) VALUES (?, ?, ?, ?, ?)',
        );
        file.prepare('UPDATE checkpoint SET signature = ?').run(olderFor(model));
        for (const coll of own) {
          file.prepare('DELETE FROM cells WHERE coll = ?').run(coll);
          value.run(coll, 'inv-0', 'title', 1, JSON.stringify('from the earlier version'));
        }
        const marker = [other, 'marker', 'title', 999_999_999, JSON.stringify('kept')];
        value.run(...marker);
        file.close();

        // Events after the checkpoint, for the runner to fold once the model is rebuilt.
        for (const action of LATER) await driver.apply(action);
        expect((await startOn(store, path)).runner).toBe(await store.headPosition());

        const whole = ReadModelDb.open(join(dir, 'whole.sqlite'));
        await rebuildReadModels(store, whole);
        whole.close();
        const partly = dump(path);
        const isMarker = (row: unknown): boolean => JSON.stringify(row) === JSON.stringify(marker);
        // The other model's row was not touched: a whole rebuild would have dropped it.
        expect(partly.values.filter(isMarker)).toHaveLength(1);
        expect({ ...partly, values: partly.values.filter((row) => !isMarker(row)) }).toEqual(
          dump(join(dir, 'whole.sqlite')),
        );
      } finally {
        await store.close();
      }
    },
  );

  it('leaves a file another start has brought to this version since as it is', async () => {
    const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    try {
      const path = join(dir, 'models.sqlite');
      const driver = await liveLedger(store, path);
      const file = new Database(path);
      file.prepare('UPDATE checkpoint SET signature = ?').run(olderFor('investmentSummary'));
      file.close();
      for (const action of LATER) await driver.apply(action);
      // A first service takes the file up and moves it on to the head …
      await startOn(store, path);
      const head = await store.headPosition();
      // … and a second, which found it older before the first took its lock, rebuilds nothing.
      const second = ReadModelDb.open(path);
      try {
        expect((await rebuildStale(store, second)).rebuilt).toBe('nothing');
        expect(second.checkpoint()).toMatchObject({ position: head, signature: storedSignature() });
      } finally {
        second.close();
      }
    } finally {
      await store.close();
    }
  });

  it('rebuilds the whole file when its checkpoint is past the ledger it is started on', async () => {
    const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    try {
      const driver = new LedgerDriver(store);
      await driver.establish(1);
      const path = join(dir, 'models.sqlite');
      const built = ReadModelDb.open(path);
      await rebuildReadModels(store, built);
      built.close();
      const head = await store.headPosition();
      // A file of a longer ledger (another one, or this one before a restore from backup).
      const file = new Database(path);
      file
        .prepare('UPDATE checkpoint SET signature = ?, position = ?')
        .run(olderFor('investmentSummary'), head + 100n);
      file.close();
      const started = await startOn(store, path);
      expect(started.runner).toBe(head);
      expect(started.file).toMatchObject({ position: head, signature: storedSignature() });
    } finally {
      await store.close();
    }
  });
});

describe('a read-model file folded from another ledger', () => {
  /** A ledger of `investments` proposals and the story's actions, in a file of its own. */
  const ledgerOf = async (name: string, investments: number): Promise<SqliteEventStore> => {
    const store = SqliteEventStore.open(join(dir, `${name}.sqlite`));
    const driver = new LedgerDriver(store);
    await driver.establish(investments);
    for (const action of STORY) await driver.apply(action);
    return store;
  };

  /** A row only a whole rebuild of the file drops. */
  const marker = [0, 'marker', 'title', 999_999_999, JSON.stringify('kept')];
  const mark = (path: string): void => {
    const file = new Database(path);
    file
      .prepare(
        'INSERT INTO cell_values (coll, doc_id, field, valid_from, body) VALUES (?, ?, ?, ?, ?)',
      )
      .run(...marker);
    file.close();
  };
  const marked = (path: string): boolean =>
    dump(path).values.some((row) => JSON.stringify(row) === JSON.stringify(marker));

  it('is rebuilt whole, never served, on a start on this ledger', async () => {
    const other = await ledgerOf('other', 2);
    const ours = await ledgerOf('ours', 3);
    try {
      const path = join(dir, 'models.sqlite');
      const built = ReadModelDb.open(path);
      await rebuildReadModels(other, built);
      built.close();
      mark(path);
      // This ledger is longer: the other's checkpoint is one of its positions, another event.
      expect(await ours.headPosition()).toBeGreaterThan(await other.headPosition());
      await startOn(ours, path);
      expect(marked(path)).toBe(false);
      const whole = ReadModelDb.open(join(dir, 'whole.sqlite'));
      await rebuildReadModels(ours, whole);
      whole.close();
      expect(dump(path)).toEqual(dump(join(dir, 'whole.sqlite')));
    } finally {
      await other.close();
      await ours.close();
    }
  });

  it('keeps the hash of the event it is caught up to, and a file without one is taken as it is', async () => {
    const store = await ledgerOf('ours', 2);
    try {
      const path = join(dir, 'models.sqlite');
      const built = ReadModelDb.open(path);
      await rebuildReadModels(store, built);
      const head = await store.headPosition();
      const [last] = await collect(store.readAll({ after: head - 1n, upTo: head }));
      expect(built.checkpoint().hash).toBe(last.hash);
      built.close();
      // Written before the checkpoint kept its event's hash.
      const file = new Database(path);
      file.prepare('UPDATE checkpoint SET hash = NULL').run();
      file.close();
      mark(path);
      await startOn(store, path);
      expect(marked(path)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
