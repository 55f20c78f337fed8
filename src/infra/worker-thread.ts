/**
 * Starting a worker thread on one of the service's own files, from the build or from the
 * TypeScript sources alike: the tests and `npm run start:dev` run the sources, where the worker
 * compiles its file with ts-node; the build runs plain JavaScript.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, constants, getPriority, setPriority } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The worker file `name` (without its extension) beside `callerFile` (the caller's
 * `__filename`), with the caller's own extension: `.ts` from the sources, `.js` from the build.
 */
export const workerFileBeside = (callerFile: string, name: string): string =>
  join(callerFile, '..', `${name}${extname(callerFile)}`);

const built = new Map<string, boolean>();

/** Whether the worker file is there (a build that compiles only what is imported leaves it out). */
export const workerFileExists = (file: string): boolean => {
  let known = built.get(file);
  if (known === undefined) built.set(file, (known = existsSync(file)));
  return known;
};

/** The project's tsconfig, from a file anywhere under src/ (two levels below the root). */
const projectConfig = (file: string): string => join(file, '..', '..', '..', 'tsconfig.json');

export const startWorker = (file: string, workerData: unknown): Worker =>
  extname(file) === '.ts'
    ? new Worker(
        `require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(
          projectConfig(file),
        )} });
         require(${JSON.stringify(file)});`,
        { eval: true, workerData },
      )
    : new Worker(file, { workerData });

/**
 * How many workers a piece of work is shared among: as many shares as it holds (`shares`, the
 * work over the least worth a worker), at most the workers asked for (`configured`) or else
 * the machine's cores up to `max`.
 */
export const workersFor = (shares: number, configured: number | undefined, max: number): number =>
  Math.min(configured ?? Math.min(availableParallelism(), max), shares);

/** A failure as a worker hands it to the service: its name and message (anything thrown). */
export const failureOf = (error: unknown): { readonly name: string; readonly message: string } => {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  return { name, message };
};

/**
 * Lowers the CPU priority of the calling worker thread to the lowest the system gives (nice
 * 19), for work nobody is waiting on (the chain watch's verification): the service's own
 * thread and the workers answering its questions then get the cores first, and the
 * background work takes what they leave. Only on Linux, where setpriority changes the calling
 * thread alone; elsewhere it would lower the whole service, so nothing is changed there.
 * Answers the priority the thread now runs at, or undefined when it was left as it was (not
 * Linux, or the system refused). A thread started from a lowered one starts lowered too: the
 * worker that calls this should do its work synchronously (better-sqlite3, crypto.hash), or the
 * first use of Node's shared thread pool from it would start that pool at the lowest priority.
 */
export const lowerThreadPriority = (): number | undefined => {
  if (process.platform !== 'linux') return undefined;
  try {
    setPriority(constants.priority.PRIORITY_LOW);
    return getPriority();
  } catch {
    // A sandbox that forbids it: the work runs at the priority it has, as before.
    return undefined;
  }
};
