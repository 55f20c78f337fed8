/**
 * Two services on one read-model file (started twice by mistake, or side by side on one
 * machine): each runner folds the same ledger, and whichever commits a position first writes
 * it. The other's commit finds the file moved on, writes nothing, and goes on from the file's
 * checkpoint, so neither retries the same events forever and the file is what a rebuild
 * writes. Two connections to one file stand for the two processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../src/infra/logger';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { rebuildReadModels } from '../../src/projections/rebuild';
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

  it('refuses a commit onto a checkpoint the file has moved on from, writing nothing', async () => {
    const db = open('models.sqlite');
    db.clear('test');
    db.commit([], 0n, 5n, 'test');
    expect(() => db.commit([], 0n, 9n, 'test')).toThrow(ReadModelsMovedError);
    expect(db.checkpoint().position).toBe(5n);
  });
});
