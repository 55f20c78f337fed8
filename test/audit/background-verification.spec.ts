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
import { ledgerFixture } from './support/ledger-file';

/** The helper's module, required by a worker of the test's own. */
const WORKER_THREAD_MODULE = require.resolve('../../src/infra/worker-thread');

const ON_LINUX = process.platform === 'linux';
const itOnLinux = ON_LINUX ? it : it.skip;

/** Two segments, each long enough to send progress while its worker still has events to read. */
const EVENTS = WORKER_PROGRESS_EVENTS * 6;
const LOWEST = 19;

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

/** A pass over the fixture's copy, noting the threads' nice values at each progress message. */
const passWatched = async (file: string, background: boolean) => {
  const segments = new WorkerChainSegments(file, { workers: 2, minEventsPerSegment: 5 });
  const seen: number[] = [];
  const results = await segments.verify(
    [
      { after: 0n, upTo: BigInt(EVENTS / 2), linkEvery: 1_000 },
      { after: BigInt(EVENTS / 2), linkEvery: 1_000 },
    ],
    () => {
      for (const [tid, nice] of niceByThread()) if (tid !== process.pid) seen.push(nice);
    },
    { background },
  );
  return { results, seen };
};

describe('a verification nobody waits on', () => {
  const ledger = ledgerFixture(EVENTS, 500);

  itOnLinux('runs its workers at the lowest priority, and only them', async () => {
    const path = ledger.copy();
    const { seen } = await passWatched(path, true);
    expect(seen).toContain(LOWEST);
    // The service's own thread keeps its priority.
    expect(getPriority()).toBe(0);
    expect(niceByThread().get(process.pid)).toBe(0);
  });

  itOnLinux('leaves every thread at its priority when someone waits on it', async () => {
    const { seen } = await passWatched(ledger.copy(), false);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).not.toContain(LOWEST);
  });

  it('gives the verdict a verification at full priority gives', async () => {
    await ledger.onCopy(
      () => undefined,
      async (store) => {
        const verifier = (): GlobalChainVerifier =>
          new GlobalChainVerifier(store, {
            segments: new WorkerChainSegments(store.file!, { workers: 2, minEventsPerSegment: 5 }),
          });
        const background = await verifier().verify({ background: true });
        expect(background).toEqual(await verifier().verify());
        expect(background).toMatchObject({ ok: true, eventsChecked: EVENTS });
      },
    );
  });

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
    expect(getPriority()).toBe(0);
  });
});
