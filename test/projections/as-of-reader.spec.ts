/**
 * The as-of reader: a position the read models hold is read from their rows without a fold;
 * a position they have not reached (or a reader without them) is folded from the ledger,
 * at most MAX_CONCURRENT_AS_OF_FOLDS at once, and one position asked for twice is folded
 * once. The folds are held at a gate (not timed) so the test knows they overlap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadAllOptions, RecordedEvent } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../src/infra/logger';
import {
  AsOfBusyError,
  AsOfReader,
  MAX_CONCURRENT_AS_OF_FOLDS,
} from '../../src/projections/as-of-reader';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { LedgerDriver } from './ledger-driver';

describe('as-of reader', () => {
  let dir: string;
  let store: SqliteEventStore;
  let gate: () => void = () => undefined;
  let folds = 0;

  /** Every read with an upper position (a fold's) waits for `gate()`. */
  const holdFolds = (): void => {
    const readAll = store.readAll.bind(store);
    const opened = new Promise<void>((resolve) => (gate = resolve));
    jest
      .spyOn(store, 'readAll')
      .mockImplementation((options?: ReadAllOptions): AsyncIterable<RecordedEvent> => {
        if (options?.upTo === undefined) return readAll(options);
        folds += 1;
        return (async function* held() {
          await opened;
          yield* readAll(options);
        })();
      });
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-as-of-'));
    store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    await new LedgerDriver(store).establish(3);
    folds = 0;
  });
  afterEach(async () => {
    gate();
    jest.restoreAllMocks();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`folds at most ${MAX_CONCURRENT_AS_OF_FOLDS} positions at once and refuses the next`, async () => {
    const head = await store.headPosition();
    expect(head).toBeGreaterThan(BigInt(MAX_CONCURRENT_AS_OF_FOLDS + 1));
    const reader = new AsOfReader(store);
    holdFolds();
    const running = Array.from({ length: MAX_CONCURRENT_AS_OF_FOLDS }, (_, i) =>
      reader.viewsAt(BigInt(i + 1)),
    );
    expect(folds).toBe(MAX_CONCURRENT_AS_OF_FOLDS);
    await expect(reader.viewsAt(head)).rejects.toBeInstanceOf(AsOfBusyError);
    // A position being folded already is shared, not refused and not folded again.
    const again = reader.viewsAt(1n);
    expect(folds).toBe(MAX_CONCURRENT_AS_OF_FOLDS);
    gate();
    const views = await Promise.all(running);
    expect(await again).toBe(views[0]);
    // The slots are free again.
    await expect(reader.viewsAt(head)).resolves.toBeDefined();
  });

  it('reads the positions the read models hold without folding, as a fold gives them', async () => {
    const db = ReadModelDb.open(join(dir, 'models.sqlite'));
    const runner = new ProjectionRunner(store, db, createLogger('silent'));
    try {
      await runner.start();
      const head = await store.headPosition();
      const stored = new AsOfReader(store, MAX_CONCURRENT_AS_OF_FOLDS, runner);
      const folded = new AsOfReader(store);
      const expected = [];
      for (let p = 0n; p <= head; p += 1n) expected.push(await folded.viewsAt(p));
      holdFolds();
      for (let p = 0n; p <= head; p += 1n) {
        expect(await stored.viewsAt(p)).toEqual(expected[Number(p)]);
      }
      expect(folds).toBe(0);
    } finally {
      runner.stop();
      db.close();
    }
  });
});
