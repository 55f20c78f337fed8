/**
 * Two services on one read-model file (started twice by mistake, or side by side on one
 * machine): each runner folds the same ledger, and whichever commits a position first writes
 * it. The other's commit finds the file moved on, writes nothing, and goes on from the file's
 * checkpoint, so neither retries the same events forever and the file is what a rebuild
 * writes. Two connections to one file stand for the two processes.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../src/infra/logger';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { rebuildReadModels, rebuildStale } from '../../src/projections/rebuild';
import { ReadModelDb, ReadModelsMovedError } from '../../src/projections/read-model-db';
import { LedgerDriver } from './ledger-driver';

describe('two runners on one read-model file', () => {
  let dir: string;
  let store: SqliteEventStore;
  const dbs: ReadModelDb[] = [];
  const runners: ProjectionRunner[] = [];

  const open = (name: string): ReadModelDb => {
    const db = ReadModelDb.open(join(dir, name));
    dbs.push(db);
    return db;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-shared-models-'));
    store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) runner.stop();
    for (const db of dbs.splice(0)) db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each position once, whichever commits first, and both reach the head', async () => {
    const driver = new LedgerDriver(store);
    await driver.establish(1);
    // Two connections to one file, as two processes have.
    for (let instance = 0; instance < 2; instance += 1) {
      const runner = new ProjectionRunner(store, open('models.sqlite'), createLogger('silent'));
      runners.push(runner);
      await runner.start();
    }
    // Rounds of commands while both fold: each round's batch is committed by one runner and
    // found moved on by the other.
    for (let round = 0; round < 6; round += 1) {
      for (let n = 1; n <= 5; n += 1) await driver.apply({ kind: 'propose', inv: round * 5 + n });
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const head = await store.headPosition();
    for (const runner of runners) {
      await runner.acknowledge(head);
      expect((await runner.afterAcknowledged()).position).toBe(head);
    }
    const rebuilt = open('rebuilt.sqlite');
    await rebuildReadModels(store, rebuilt);
    expect(dbs[0].load()).toEqual(rebuilt.load());
    expect(dbs[0].checkpoint().position).toBe(head);
  });

  it('does not take up a file another version of the models has written', async () => {
    const driver = new LedgerDriver(store);
    await driver.establish(1);
    const runner = new ProjectionRunner(store, open('models.sqlite'), createLogger('silent'));
    runners.push(runner);
    await runner.start();
    const head = runner.current().position;
    // Another version's service moves the file on, in its own layout.
    const other = open('models.sqlite');
    other.commit([], head, head + 100n, 'another-version');
    await driver.apply({ kind: 'propose', inv: 99 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runner.current().position).toBe(head);
    expect(other.checkpoint()).toEqual({
      position: head + 100n,
      signature: 'another-version',
      hash: null,
    });
  });

  /**
   * Another ledger's service given the same file rebuilds it from its own ledger (its start
   * finds the file folded from another ledger). This one used to go on from that checkpoint,
   * serving the other ledger's figures and writing its own events on top; it stops instead, for
   * good: every read a 503 naming the setting, the file as the other service left it.
   */
  it.each([
    ['ahead of', 5, false],
    ['exactly where', 0, false],
    ['exactly where a start on the built file left', 0, true],
  ])(
    'stops, and serves nothing, when another ledger is folded into the file (%s its checkpoint)',
    async (_where, more, built) => {
      const driver = new LedgerDriver(store);
      await driver.establish(2);
      // Built before the start: the runner stands at the file's checkpoint, committing nothing.
      if (built) await rebuildReadModels(store, open('models.sqlite'));
      const runner = new ProjectionRunner(store, open('models.sqlite'), createLogger('silent'));
      runners.push(runner);
      await runner.start();
      const ours = runner.current().position;

      const otherStore = SqliteEventStore.open(join(dir, 'other-ledger.sqlite'));
      try {
        const other = new LedgerDriver(otherStore);
        await other.establish(2);
        for (let n = 0; n < more; n += 1) await other.apply({ kind: 'propose', inv: 50 + n });
        expect(await otherStore.headPosition()).toBe(ours + BigInt(more));
        await rebuildReadModels(otherStore, open('models.sqlite'));
      } finally {
        await otherStore.close();
      }
      const foreign = dbs[0].checkpoint();

      await driver.apply({ kind: 'propose', inv: 99 });
      const deadline = Date.now() + 5_000;
      while (runner.stoppedBy() === undefined && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(runner.stoppedBy()?.reason).toContain('from another ledger');
      await expect(runner.afterAcknowledged()).rejects.toMatchObject({
        problem: { status: 503, code: 'READ_MODELS_STOPPED' },
      });
      expect(() => runner.viewsAt(ours)).toThrow(/another ledger/);
      expect(dbs[0].checkpoint()).toEqual(foreign);
    },
  );

  it('waits for another process holding the write lock (its own rebuild) past the busy timeout', async () => {
    const driver = new LedgerDriver(store);
    await driver.establish(1);
    const db = open('models.sqlite');
    db.clear('another-version');
    // Another process's rebuild, holding the file's write lock; let go a second in, which this
    // thread sees only once its first try (blocked for the busy timeout) has failed.
    const holder = new Database(join(dir, 'models.sqlite'));
    holder.exec('BEGIN IMMEDIATE');
    const release = setTimeout(() => holder.exec('COMMIT'), 1_000);
    try {
      const result = await rebuildStale(store, db);
      expect(result.rebuilt).toBe('every model');
      expect(db.checkpoint().position).toBe(await store.headPosition());
    } finally {
      clearTimeout(release);
      holder.close();
    }
  }, 30_000);

  it('refuses a commit onto a checkpoint the file has moved on from, writing nothing', async () => {
    const db = open('models.sqlite');
    db.clear('test');
    db.commit([], 0n, 5n, 'test');
    expect(() => db.commit([], 0n, 9n, 'test')).toThrow(ReadModelsMovedError);
    expect(db.checkpoint().position).toBe(5n);
  });
});
