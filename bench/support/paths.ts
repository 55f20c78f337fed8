/**
 * Where the bench runs from and where its files are. `npm run bench` runs the bench compiled
 * (dist/bench-build, like the service's own build) so that no child process spends its first
 * seconds transpiling; running the TypeScript directly (ts-node, for development) works too.
 * Paths to the bench's own folders are found from the repository, not from the running file.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** True when this is the compiled bench (.js), false under ts-node. */
export const RUNNING_COMPILED = __filename.endsWith('.js');

const findRepoRoot = (from: string): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench', 'run.ts'))) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no repository above ${from}`);
  }
};

export const REPO_ROOT = findRepoRoot(__dirname);
export const BENCH_DIR = join(REPO_ROOT, 'bench');

/** A child's entry file next to the running one: `.js` when compiled, `.ts` under ts-node. */
export const childScript = (path: string): string =>
  RUNNING_COMPILED ? path.replace(/\.ts$/, '.js') : path;
