/**
 * Starting a worker thread on one of the service's own files, from the build or from the
 * TypeScript sources alike: the tests and `npm run start:dev` run the sources, where the worker
 * compiles its file with ts-node; the build runs plain JavaScript.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
