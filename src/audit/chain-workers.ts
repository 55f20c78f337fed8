/**
 * Verifying the embedded store's chain in worker threads, a segment each (chain-segment.ts):
 * on the 1M-event ledger one pass took 10 s of the service's one thread; in two workers it
 * takes about half that, and the service's thread stays free for everything else meanwhile
 * (a board report computes its figures while its digest is verified).
 */
import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../event-store/event-store';
import {
  startWorker,
  workerFileBeside,
  workerFileExists,
  workersFor,
} from '../infra/worker-thread';
import { SegmentRequest, SegmentResult } from './chain-segment';
import { VerifyOptions } from './ledger-verifier';

/** Events a worker verifies between two progress messages. */
export const WORKER_PROGRESS_EVENTS = 5_000;
/**
 * Fewer events than this per segment and a worker's start (a thread, better-sqlite3 and the
 * store's modules: tens of milliseconds) costs more than it saves; such passes stay in the
 * service's thread (about 0.5 s per 50,000 events).
 */
export const MIN_EVENTS_PER_SEGMENT = 50_000;
/** Workers per pass at most, whatever the machine has: each is a thread and a connection. */
export const MAX_SEGMENT_WORKERS = 4;

export interface SegmentWorkerInput {
  readonly path: string;
  readonly request: SegmentRequest;
  /** Run at the lowest CPU priority: a verification nobody waits on (VerifyOptions). */
  readonly background: boolean;
}

/** How a pass is run (VerifyOptions.background); the segments' verdicts do not depend on it. */
export type PassOptions = Pick<VerifyOptions, 'background'>;

export type SegmentMessage =
  | { readonly kind: 'progress'; readonly events: number }
  | { readonly kind: 'done'; readonly result: SegmentResult }
  | { readonly kind: 'failed'; readonly name: string; readonly message: string };

/** Where a pass's segments are verified. */
export interface ChainSegments {
  /** How many segments a pass over `span` positions is cut into; 1 keeps it in this thread. */
  partsFor(span: bigint): number;
  /** Verifies the segments side by side; `onEvents` hears how many more events were read. */
  verify(
    requests: readonly SegmentRequest[],
    onEvents: (count: number) => void,
    options?: PassOptions,
  ): Promise<SegmentResult[]>;
  /** Ends the passes under way and refuses new ones (the ledger is closing). */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Default: the machine's cores, at most MAX_SEGMENT_WORKERS. */
  readonly workers?: number;
  /** Default MIN_EVENTS_PER_SEGMENT (tests use a few). */
  readonly minEventsPerSegment?: number;
}

const WORKER_FILE = workerFileBeside(__filename, 'chain-segment.worker');

const STOPPED = 'the ledger is closing: the verification was stopped';

/** The worker's error as the service would have met it in its own thread. */
const errorOf = (name: string, message: string): Error =>
  name === 'StoreUnavailableError'
    ? new StoreUnavailableError(message)
    : Object.assign(new Error(message), { name });

export class WorkerChainSegments implements ChainSegments {
  /** The workers of the passes under way: stop() ends them. */
  private readonly running = new Set<Worker>();
  private stopped = false;

  constructor(
    /** The ledger file; each worker opens it read-only. */
    private readonly path: string,
    private readonly options: WorkerOptions = {},
  ) {}

  partsFor(span: bigint): number {
    // A build that left the worker out (one compiling only what is imported) verifies here.
    if (!workerFileExists(WORKER_FILE)) return 1;
    const min = BigInt(this.options.minEventsPerSegment ?? MIN_EVENTS_PER_SEGMENT);
    return Math.max(1, workersFor(Number(span / min), this.options.workers, MAX_SEGMENT_WORKERS));
  }

  async verify(
    requests: readonly SegmentRequest[],
    onEvents: (count: number) => void,
    options: PassOptions = {},
  ): Promise<SegmentResult[]> {
    const workers: Worker[] = [];
    const background = options.background === true;
    try {
      return await Promise.all(
        requests.map((request) => this.inWorker({ request, background }, onEvents, workers)),
      );
    } finally {
      // After a failure the others' segments are of no use: stop them.
      for (const worker of workers) {
        this.running.delete(worker);
        void worker.terminate();
      }
    }
  }

  /**
   * Ends every verification under way (they fail as the store's reads would once it is
   * closed) and refuses new ones: the service is stopping and closes the ledger.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const workers = [...this.running];
    this.running.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private inWorker(
    segment: Omit<SegmentWorkerInput, 'path'>,
    onEvents: (count: number) => void,
    workers: Worker[],
  ): Promise<SegmentResult> {
    return new Promise<SegmentResult>((resolve, reject) => {
      if (this.stopped) return reject(new StoreUnavailableError(STOPPED));
      const input: SegmentWorkerInput = { path: this.path, ...segment };
      const worker = startWorker(WORKER_FILE, input);
      workers.push(worker);
      this.running.add(worker);
      let settled = false;
      const settle = (finish: () => void): void => {
        if (settled) return;
        settled = true;
        finish();
      };
      const onMessage = (message: SegmentMessage): void => {
        switch (message.kind) {
          case 'progress':
            onEvents(message.events);
            return;
          case 'done':
            return settle(() => resolve(message.result));
          case 'failed':
            return settle(() => reject(errorOf(message.name, message.message)));
          default: {
            const exhaustive: never = message;
            throw new Error(`unknown worker message ${JSON.stringify(exhaustive)}`);
          }
        }
      };
      // A listener that throws (a caller's progress listener) fails the verification, as it
      // would in this thread, instead of the process.
      worker.on('message', (message: SegmentMessage) => {
        try {
          onMessage(message);
        } catch (error) {
          settle(() => reject(error));
        }
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) =>
        settle(() =>
          reject(
            this.stopped
              ? new StoreUnavailableError(STOPPED)
              : new Error(`a chain worker stopped (exit code ${code}) before its segment ended`),
          ),
        ),
      );
    });
  }
}
