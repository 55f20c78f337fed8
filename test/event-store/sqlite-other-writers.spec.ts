/**
 * Commits by another connection to the same ledger file (the `ledger` CLI, another service)
 * reach a live subscription without this store committing anything itself.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subscription } from 'rxjs';
import { NewEvent, RecordedEvent } from '../../src/event-store/event-store';
import {
  OTHER_WRITERS_POLL_MS,
  OtherWritersWatch,
} from '../../src/event-store/sqlite/other-writers';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

const ANY = { expectedRevision: 'any' } as const;

/** Several polls: the watch is on a timer, the machine may be busy. */
const DELIVERY_WAIT_MS = 40 * OTHER_WRITERS_POLL_MS;

const anEvent = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'ThingHappened',
  data: { n },
  metadata: {
    actor: { id: 'u1', role: 'finance' },
    recordedAt: '2017-01-01T00:00:00.000Z',
    schemaVersion: 1,
  },
});

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`nothing delivered within ${ms} ms`)), ms).unref(),
    ),
  ]);

describe('commits by another connection to the ledger file', () => {
  let dir: string;
  let service: SqliteEventStore;
  let cli: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-others-'));
    service = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    cli = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
  });
  afterEach(async () => {
    await cli.close();
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Everything `store`'s live subscription delivers until `count` have come, or the wait ends. */
  const deliveredBy = async (
    store: SqliteEventStore,
    count: number,
    meanwhile: () => Promise<void>,
  ): Promise<RecordedEvent[]> => {
    const seen: RecordedEvent[] = [];
    const subscription: Subscription = store.subscribe().subscribe((e) => seen.push(e));
    try {
      await meanwhile();
      let poll: NodeJS.Timeout | undefined;
      try {
        await within(
          new Promise<void>((resolve) => {
            poll = setInterval(() => {
              if (seen.length >= count) resolve();
            }, 10);
          }),
          DELIVERY_WAIT_MS,
        );
      } finally {
        clearInterval(poll);
      }
      return seen;
    } finally {
      subscription.unsubscribe();
    }
  };

  it('reach a live subscription of a store that wrote nothing since', async () => {
    await service.append('s-1', [anEvent(1)], ANY);
    const events = await deliveredBy(service, 3, async () => {
      await cli.append('s-2', [anEvent(2), anEvent(3)], ANY);
    });
    expect(events.map((e) => [e.streamId, e.position])).toEqual([
      ['s-1', 1n],
      ['s-2', 2n],
      ['s-2', 3n],
    ]);
  });

  it('interleave with its own commits in position order, each once', async () => {
    const events = await deliveredBy(service, 6, async () => {
      for (let n = 1; n <= 6; n++) {
        await (n % 2 === 0 ? cli : service).append(`s-${n}`, [anEvent(n)], ANY);
      }
    });
    expect(events.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
  });
});

describe('OtherWritersWatch', () => {
  it('calls each watcher once per change seen, and stops its timer with the last watcher', () => {
    jest.useFakeTimers();
    try {
      let version = 1;
      const watch = new OtherWritersWatch(() => version, 100);
      const calls: string[] = [];
      const stopA = watch.watch(() => calls.push('a'));
      const stopB = watch.watch(() => calls.push('b'));
      jest.advanceTimersByTime(300);
      expect(calls).toEqual([]);
      version = 2;
      jest.advanceTimersByTime(100);
      expect(calls).toEqual(['a', 'b']);
      stopA();
      version = 3;
      jest.advanceTimersByTime(100);
      expect(calls).toEqual(['a', 'b', 'b']);
      stopB();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('asks again at the next tick when the file cannot be read', () => {
    jest.useFakeTimers();
    try {
      let failing = false;
      let version = 1;
      const watch = new OtherWritersWatch(() => {
        if (failing) throw new Error('SQLITE_BUSY');
        return version;
      }, 100);
      const calls: number[] = [];
      const stop = watch.watch(() => calls.push(version));
      failing = true;
      version = 2;
      jest.advanceTimersByTime(100);
      expect(calls).toEqual([]);
      failing = false;
      jest.advanceTimersByTime(100);
      expect(calls).toEqual([2]);
      stop();
    } finally {
      jest.useRealTimers();
    }
  });
});
