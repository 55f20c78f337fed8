/**
 * Working out a task (document-tasks.ts) for many documents of the read-model file in worker
 * threads, a share of the documents each, on connections of their own. A question that walks
 * every investment at a moment the service keeps nothing for (the fund report as of a past
 * moment: 3,120 investments' tracks read and figured at the 1M-event bench ledger's midpoint)
 * is work for every core, not for the service's one thread: in its thread it held up every
 * other request for seconds.
 *
 * The workers are started at the first such question and kept while questions come: a new
 * thread runs the figures' code cold, and on the bench ledger a share figured by a fresh
 * worker took about twice as long as the same share figured again (JIT warm-up), which would
 * make every question after the first slower than the service's own warm thread. They end
 * after WORKERS_IDLE_MS without a question, which returns their memory.
 */
import { Worker } from 'node:worker_threads';
import { DayRange } from '../../projections/figures/days';
import {
  startWorker,
  workerFileBeside,
  workerFileExists,
  workersFor,
} from '../infra/worker-thread';
import { DocumentTask } from './document-tasks';

/**
 * Fewer documents than this per worker and the work does not pay for the hand-over (a share's
 * answers are copied between threads, and a first question starts the threads: some 100 ms):
 * a regular investment's track is read and figured in about 1 ms, so such questions stay in
 * the service's thread.
 */
export const MIN_DOCUMENTS_PER_WORKER = 250;
/**
 * Answers a worker sends together: it holds no more than these before it hands them over, so
 * its heap does not grow with its share.
 */
export const ANSWERS_PER_MESSAGE = 100;
/** Workers at most, whatever the machine has: each is a thread, a heap and a connection. */
export const MAX_DOCUMENT_WORKERS = 4;
/** How long the workers are kept without a question. */
export const WORKERS_IDLE_MS = 60_000;

/** What a worker is started with. */
export interface DocumentWorkerData {
  /** The read-model file, opened read-only. */
  readonly path: string;
}

/** One share of a question, as a worker is asked it. */
export interface DocumentJob {
  readonly job: number;
  readonly coll: number;
  readonly position: bigint;
  readonly ids: readonly string[];
  readonly task: DocumentTask;
}

/** One document's answer, with the days it holds for and its version's bounds when known. */
export interface WorkedOut {
  readonly id: string;
  readonly version: { readonly from: bigint; readonly to: bigint } | undefined;
  readonly value: unknown;
  readonly days: DayRange;
}

export type DocumentWorkMessage =
  /** Some of a share's answers; more follow. */
  | { readonly kind: 'some'; readonly job: number; readonly answers: readonly WorkedOut[] }
  /** The last of a share's answers. */
  | { readonly kind: 'done'; readonly job: number; readonly answers: readonly WorkedOut[] }
  | {
      readonly kind: 'failed';
      readonly job: number;
      readonly name: string;
      readonly message: string;
    };

export interface DocumentWorkerOptions {
  /** Default: the machine's cores, at most MAX_DOCUMENT_WORKERS; below 2, no workers. */
  readonly workers?: number;
  /** Default MIN_DOCUMENTS_PER_WORKER (tests use a few). */
  readonly minDocumentsPerWorker?: number;
  /** Default WORKERS_IDLE_MS. */
  readonly idleMs?: number;
}

const WORKER_FILE = workerFileBeside(__filename, 'document-work.worker');

const STOPPED = 'the service is stopping: the work in worker threads was stopped';

/** `ids` dealt out in turn to `parts` shares: neighbours by id are often alike in size. */
const dealt = (ids: readonly string[], parts: number): string[][] => {
  const shares: string[][] = Array.from({ length: parts }, () => []);
  ids.forEach((id, i) => shares[i % parts].push(id));
  return shares;
};

interface Pending {
  /** The answers come so far. */
  readonly answers: WorkedOut[];
  readonly resolve: (answers: readonly WorkedOut[]) => void;
  readonly reject: (error: Error) => void;
}

/** One kept worker and the shares it was asked and has not answered. */
class KeptWorker {
  readonly pending = new Map<number, Pending>();

  constructor(
    readonly thread: Worker,
    onGone: (worker: KeptWorker) => void,
  ) {
    thread.on('message', (message: DocumentWorkMessage) => {
      this.answer(message);
      // Idle, it does not keep the process alive (a command-line tool, a test); busy, it does.
      if (this.pending.size === 0) thread.unref();
    });
    thread.unref();
    // A worker that fails or ends fails what it was asked; the next question starts another.
    thread.on('error', (error) => {
      onGone(this);
      this.failAll(error);
    });
    thread.on('exit', (code) => {
      onGone(this);
      this.failAll(new Error(`a document worker stopped (exit code ${code}) before its answer`));
    });
  }

  ask(job: DocumentJob): Promise<readonly WorkedOut[]> {
    return new Promise((resolve, reject) => {
      this.pending.set(job.job, { answers: [], resolve, reject });
      this.thread.ref();
      this.thread.postMessage(job);
    });
  }

  failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  private answer(message: DocumentWorkMessage): void {
    const pending = this.pending.get(message.job);
    if (pending === undefined) return;
    if (message.kind === 'some') {
      pending.answers.push(...message.answers);
      return;
    }
    this.pending.delete(message.job);
    switch (message.kind) {
      case 'done':
        pending.answers.push(...message.answers);
        return pending.resolve(pending.answers);
      case 'failed':
        return pending.reject(Object.assign(new Error(message.message), { name: message.name }));
      default: {
        const exhaustive: never = message;
        return pending.reject(new Error(`unknown worker message ${JSON.stringify(exhaustive)}`));
      }
    }
  }
}

/** What the workers did since the service started (the service's metrics). */
export interface DocumentWorkerCounts {
  /** Questions whose every share the workers answered. */
  readonly answered: number;
  /** Questions a worker failed (the service then worked them out in its own thread). */
  readonly failed: number;
}

export class DocumentWorkers {
  private kept: KeptWorker[] = [];
  private jobs = 0;
  private counted = { answered: 0, failed: 0 };
  private idleTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    /** The read-model file; undefined (a database in memory) keeps the work in this thread. */
    private readonly path: string | undefined,
    private readonly options: DocumentWorkerOptions = {},
  ) {}

  /** How many workers `count` documents are shared among; 0: the work stays in this thread. */
  partsFor(count: number): number {
    if (this.path === undefined || this.stopped || !workerFileExists(WORKER_FILE)) return 0;
    const min = this.options.minDocumentsPerWorker ?? MIN_DOCUMENTS_PER_WORKER;
    const parts = workersFor(Math.floor(count / min), this.options.workers, MAX_DOCUMENT_WORKERS);
    return parts < 2 ? 0 : parts;
  }

  /** Whether stop() was called: the service is stopping. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** The questions answered and failed so far. */
  get counts(): DocumentWorkerCounts {
    return { ...this.counted };
  }

  /** The workers kept now (the service's metrics, the tests). */
  get running(): number {
    return this.kept.length;
  }

  /**
   * `task` worked out for each of `ids` as its document stood right after `position` (at most
   * the file's checkpoint), shared among `parts` workers; a document that did not exist then
   * has no answer. Rejects when a worker fails.
   */
  async workOut(
    coll: number,
    position: bigint,
    ids: readonly string[],
    task: DocumentTask,
    parts: number,
  ): Promise<WorkedOut[]> {
    const workers = this.workers(parts);
    this.keepAwake();
    try {
      const shares = await Promise.all(
        dealt(ids, parts).map((share, i) =>
          workers[i].ask({ job: ++this.jobs, coll, position, ids: share, task }),
        ),
      );
      this.counted.answered += 1;
      return shares.flat();
    } catch (error) {
      this.counted.failed += 1;
      throw error;
    } finally {
      this.keepAwake();
    }
  }

  /** Ends the workers and what they were asked (it fails), and refuses more. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.endWorkers(new Error(STOPPED));
  }

  /** `parts` workers, started as needed. */
  private workers(parts: number): KeptWorker[] {
    const path = this.path;
    if (path === undefined || this.stopped) throw new Error(STOPPED);
    while (this.kept.length < parts) {
      const data: DocumentWorkerData = { path };
      this.kept.push(
        new KeptWorker(startWorker(WORKER_FILE, data), (gone) => {
          this.kept = this.kept.filter((worker) => worker !== gone);
        }),
      );
    }
    return this.kept.slice(0, parts);
  }

  /** The workers end WORKERS_IDLE_MS after the last question began or ended. */
  private keepAwake(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    // Stopped, there is nothing left to keep awake.
    if (this.stopped) return;
    this.idleTimer = setTimeout(() => {
      const busy = this.kept.some((worker) => worker.pending.size > 0);
      if (busy) this.keepAwake();
      else void this.endWorkers(new Error('the workers ended, idle'));
    }, this.options.idleMs ?? WORKERS_IDLE_MS);
    // The service's end is not held up for them.
    this.idleTimer.unref();
  }

  private async endWorkers(reason: Error): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const workers = this.kept;
    this.kept = [];
    for (const worker of workers) worker.failAll(reason);
    await Promise.all(workers.map((worker) => worker.thread.terminate()));
  }
}
