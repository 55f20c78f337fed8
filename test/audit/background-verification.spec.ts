/**
 * A verification nobody waits on (the chain watch's) runs its worker threads at the lowest CPU
 * priority, so that the service's questions asked meanwhile get the cores first; the service's
 * own thread keeps its priority, and the verdict is the one a verification at full priority
 * gives. Read from the kernel itself: each thread's nice value in /proc/self/task, while the
 * workers are still reading (their progress messages come every WORKER_PROGRESS_EVENTS).
 * Linux only: elsewhere a thread's priority cannot be lowered alone, and nothing is changed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { WORKER_PROGRESS_EVENTS, WorkerChainSegments } from '../../src/audit/chain-workers';
import { GlobalChainVerifier } from '../../src/audit/global-chain-verifier';
import { changeOneByte, ledgerFixture } from './support/ledger-file';

/** The helper's module, required by a worker of the test's own. */
const WORKER_THREAD_MODULE = require.resolve('../../src/infra/worker-thread');

const LOWEST = 19;
/** This process's priority as the spec starts: a job run under `nice` starts above 0. */
const START = getPriority();
/** Only where a thread's priority is lowered alone, and can still be lowered. */
const itOnLinux = process.platform === 'linux' && START < LOWEST ? it : it.skip;

/** Two segments, each long enough to send progress while its worker still has events to read. */
const EVENTS = WORKER_PROGRESS_EVENTS * 6;
/** A position in the second segment, whose row a test changes. */
const BROKEN_AT = EVENTS - 1_234;

/** The nice value of every thread of this process, by thread id (stat's 19th field). */
const niceByThread = (): Map<number, number> => {
  const nice = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // After "pid (comm) ": state is field 3, nice field 19.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      nice.set(Number(tid), Number(fields[16]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return nice;
};

describe('a verification nobody waits on', () => {
  const ledger = ledgerFixture(EVENTS, 500);

  /**
   * A verification of a copy of the ledger in two worker threads, through the verifier the
   * service uses: the nice values of the threads that started during it, read at each of its
   * progress reports (the threads of other tests, still ending, are not counted).
   */
  const passWatched = (background: boolean) =>
    ledger.onCopy(
      () => undefined,
      async (store) => {
        const before = new Set(niceByThread().keys());
        const seen: number[] = [];
        const segments = new WorkerChainSegments(store.file!, {
          workers: 2,
          minEventsPerSegment: 5,
        });
        const report = await new GlobalChainVerifier(store, { segments }).verify({
          background,
          onProgress: () => {
            for (const [tid, nice] of niceByThread()) if (!before.has(tid)) seen.push(nice);
          },
        });
        return { report, seen };
      },
    );

  itOnLinux('runs its workers at the lowest priority, and only them', async () => {
    const { report, seen } = await passWatched(true);
    expect(report).toMatchObject({ ok: true, eventsChecked: EVENTS });
    expect(seen).toContain(LOWEST);
    // The service's own thread keeps its priority.
    expect(getPriority()).toBe(START);
    expect(niceByThread().get(process.pid)).toBe(START);
  });

  itOnLinux('leaves every thread at its priority when someone waits on it', async () => {
    const { seen } = await passWatched(false);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).not.toContain(LOWEST);
  });

  it.each([
    ['an intact ledger', () => undefined, { ok: true, eventsChecked: EVENTS }],
    [
      'a row changed in the second segment',
      (path: string) => changeOneByte(path, BROKEN_AT),
      { ok: false, firstBrokenPosition: BigInt(BROKEN_AT) },
    ],
  ])(
    'gives the verdict a verification at full priority gives: %s',
    async (_name, tamper, verdict) => {
      await ledger.onCopy(tamper, async (store) => {
        const verifier = (): GlobalChainVerifier =>
          new GlobalChainVerifier(store, {
            segments: new WorkerChainSegments(store.file!, { workers: 2, minEventsPerSegment: 5 }),
          });
        const background = await verifier().verify({ background: true });
        expect(background).toEqual(await verifier().verify());
        expect(background).toMatchObject(verdict);
      });
    },
  );

  itOnLinux('lowers the calling thread alone', async () => {
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       require('ts-node').register({ transpileOnly: true });
       const { lowerThreadPriority } = require(${JSON.stringify(WORKER_THREAD_MODULE)});
       parentPort.postMessage(lowerThreadPriority());`,
      { eval: true },
    );
    const inWorker = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(inWorker).toBe(LOWEST);
    expect(getPriority()).toBe(START);
  });
});
