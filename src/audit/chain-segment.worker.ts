/**
 * A worker thread verifying one segment of the embedded store's chain on a read-only
 * connection of its own (chain-workers.ts starts it; chain-segment.ts does the work).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toStoreError } from '../event-store/sqlite/sqlite-errors';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { failureOf, lowerThreadPriority } from '../infra/worker-thread';
import { SegmentResult, verifySegment } from './chain-segment';
import { SegmentMessage, SegmentWorkerInput, WORKER_PROGRESS_EVENTS } from './chain-workers';

const post = (message: SegmentMessage): void => parentPort?.postMessage(message);

const run = async ({ path, request, background }: SegmentWorkerInput): Promise<void> => {
  // Nobody waits on this pass: the service's questions get the cores first.
  if (background) lowerThreadPriority();
  const store = SqliteEventStore.openReader(path);
  let unreported = 0;
  let result: SegmentResult;
  try {
    result = await verifySegment(store, request, () => {
      unreported += 1;
      if (unreported < WORKER_PROGRESS_EVENTS) return;
      post({ kind: 'progress', events: unreported });
      unreported = 0;
    });
  } finally {
    await store.close();
  }
  // Once its connection is closed: the caller stops every worker as soon as all are done.
  post({ kind: 'progress', events: unreported });
  post({ kind: 'done', result });
};

run(workerData as SegmentWorkerInput).catch((error: unknown) => {
  // SQLite's "cannot open", "busy", … become StoreUnavailableError, as on the service's own
  // connection.
  const mapped = toStoreError(error, 'chain verification');
  post({ kind: 'failed', ...failureOf(mapped) });
});
