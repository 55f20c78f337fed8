/**
 * Read-your-writes without commands waiting: a command's acknowledgement returns while the
 * read models have not folded it yet; the next read of the live models waits until they have
 * (bounded), so it sees the command; a command waits only when the read models are more than
 * MAX_PROJECTION_LAG_EVENTS behind. The store's subscription is held at a gate (not timed),
 * so the test knows the projection has not run; "still waiting" means a promise is unsettled
 * after the event loop has run everything else that was ready.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import { RecordedEvent, SubscribeOptions } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/infra/logger';
import { AsOfReader, MAX_CONCURRENT_AS_OF_FOLDS } from '../../src/projections/as-of-reader';
import { DocumentWorkers } from '../../src/projections/document-workers';
import { PROJECTION_COALESCE_MS, ProjectionRunner } from '../../src/projections/projection-runner';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { ReadModels } from '../../src/projections/read-models.service';
import {
  MAX_PROJECTION_LAG_EVENTS,
  READ_YOUR_WRITES_TIMEOUT_MS,
} from '../../src/projections/read-model-waiter';
import { LedgerDriver } from './ledger-driver';

/** Whether `promise` is still unsettled once everything ready to run has run. */
const stillWaiting = async (promise: Promise<unknown>): Promise<boolean> => {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let turn = 0; turn < 5; turn += 1) await new Promise((r) => setImmediate(r));
  return !settled;
};

describe('read-your-writes', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: ReadModelDb;
  let runner: ProjectionRunner;
  let driver: LedgerDriver;
  /** Events the subscription delivers are held until `release()`. */
  let held = false;
  let release: () => void = () => undefined;

  const holdSubscription = (): void => {
    const subscribe = store.subscribe.bind(store);
    jest.spyOn(store, 'subscribe').mockImplementation(
      (options?: SubscribeOptions) =>
        new Observable<RecordedEvent>((subscriber) => {
          const waiting: RecordedEvent[] = [];
          release = () => {
            held = false;
            for (const event of waiting.splice(0)) subscriber.next(event);
          };
          const inner = subscribe(options).subscribe({
            next: (event) => (held ? waiting.push(event) : subscriber.next(event)),
            error: (error: unknown) => subscriber.error(error),
          });
          return () => inner.unsubscribe();
        }),
    );
  };

  beforeEach(async () => {
    proposed = 1;
    dir = mkdtempSync(join(tmpdir(), 'ledger-ryw-'));
    store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    db = ReadModelDb.open(join(dir, 'models.sqlite'));
    driver = new LedgerDriver(store);
    await driver.establish(1);
    holdSubscription();
    runner = new ProjectionRunner(store, db, createLogger('silent'));
    await runner.start();
  });
  afterEach(async () => {
    release();
    jest.useRealTimers();
    jest.restoreAllMocks();
    runner.stop();
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let proposed = 1;
  /** Proposes `investments` more investments while the projection is held; the new head. */
  const writeWhileHeld = async (investments = 1): Promise<bigint> => {
    held = true;
    const before = await store.headPosition();
    for (let n = 0; n < investments; n += 1) {
      await driver.apply({ kind: 'propose', inv: proposed });
      proposed += 1;
    }
    const head = await store.headPosition();
    expect(head - before).toBe(BigInt(investments));
    return head;
  };

  it('acknowledges a command without waiting for the read models to fold it', async () => {
    const head = await writeWhileHeld();
    await expect(stillWaiting(runner.acknowledge(head))).resolves.toBe(false);
    expect(runner.current().position).toBeLessThan(head);
  });

  it('makes the next live read wait until the read models include what was acknowledged', async () => {
    const head = await writeWhileHeld();
    await runner.acknowledge(head);
    const read = runner.afterAcknowledged();
    await expect(stillWaiting(read)).resolves.toBe(true);
    release();
    const state = await read;
    expect(state.position).toBeGreaterThanOrEqual(head);
    expect(Object.keys(state.views.investmentSummary.investments).length).toBeGreaterThan(1);
  });

  it('answers a read at once when nothing acknowledged is missing', async () => {
    const before = runner.current().position;
    await writeWhileHeld();
    // Written, but never acknowledged by a command of this instance: no wait for it.
    const state = await runner.afterAcknowledged();
    expect(state.position).toBe(before);
  });

  it(`makes a command wait when the read models are more than ${MAX_PROJECTION_LAG_EVENTS} events behind`, async () => {
    const head = await writeWhileHeld(MAX_PROJECTION_LAG_EVENTS + 1);
    const acknowledged = runner.acknowledge(head);
    await expect(stillWaiting(acknowledged)).resolves.toBe(true);
    release();
    await acknowledged;
    expect(runner.current().position).toBeGreaterThanOrEqual(
      head - BigInt(MAX_PROJECTION_LAG_EVENTS),
    );
  });

  it('answers a read from the models as they are once the bounded wait is over', async () => {
    const before = runner.current().position;
    const head = await writeWhileHeld();
    await runner.acknowledge(head);
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    const read = runner.afterAcknowledged();
    await expect(stillWaiting(read)).resolves.toBe(true);
    jest.advanceTimersByTime(READ_YOUR_WRITES_TIMEOUT_MS);
    await expect(read).resolves.toMatchObject({ position: before });
  });

  it(`folds events no read waits for together, ${PROJECTION_COALESCE_MS} ms after the first, and at once when a read waits`, async () => {
    const before = runner.current().position;
    const head = await writeWhileHeld(3);
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    release();
    await expect(stillWaiting(runner.waitFor(before + 1n))).resolves.toBe(false);
    // Folded at once for the read that waited; nothing else held back.
    expect(runner.current().position).toBe(head);

    const later = await writeWhileHeld(3);
    release();
    await stillWaiting(Promise.resolve());
    expect(runner.current().position).toBe(head);
    jest.advanceTimersByTime(PROJECTION_COALESCE_MS);
    expect(runner.current().position).toBe(later);
  });

  describe('minPosition', () => {
    const readModels = (): ReadModels =>
      new ReadModels(
        runner,
        new AsOfReader(store, MAX_CONCURRENT_AS_OF_FOLDS, runner),
        () => new Date('2020-06-01T10:00:00Z'),
        loadConfig({}),
        new DocumentWorkers(undefined),
        createLogger('silent'),
      );

    it('waits for a position the ledger holds and the read models have not folded yet', async () => {
      const head = await writeWhileHeld();
      const read = readModels().at({ minPosition: String(head) });
      await expect(stillWaiting(read)).resolves.toBe(true);
      release();
      await expect(read).resolves.toMatchObject({ position: head });
    });

    it("refuses a position past the ledger's last event at once, 404 POSITION_NOT_FOUND naming the last", async () => {
      const head = await writeWhileHeld();
      // The store's head is authoritative: the read models lag behind it, not the other way.
      expect(runner.current().position).toBeLessThan(head);
      const read = readModels().at({ minPosition: String(head + 1n) });
      await expect(stillWaiting(read)).resolves.toBe(false);
      await expect(read).rejects.toMatchObject({
        problem: {
          status: 404,
          code: 'POSITION_NOT_FOUND',
          detail: `The ledger has no event at position ${head + 1n}: its last position is ${head}.`,
          lastPosition: String(head),
        },
      });
    });
  });
});
