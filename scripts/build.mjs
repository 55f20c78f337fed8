// Compiles the service (tsc -p tsconfig.build.json) into dist/, but only when the build is
// missing or older than the sources, so `npm start` starts at once after the first time.
// `--always` compiles regardless (`npm run build`). Plain Node, no ts-node: on a machine
// installed without devDependencies (no TypeScript) an existing build is used as it is, and
// the absence of any build is said plainly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_FOLDERS = ['src', 'projections'];
const BUILD_CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];
const ENTRY = join(ROOT, 'dist', 'src', 'main.js');
/** Written after a successful compile only: a failed one leaves the build stale. */
const STAMP = join(ROOT, 'dist', '.build-stamp');

const say = (line) => process.stderr.write(`${line}\n`);

const newestMtimeMs = (path) => {
  const stat = statSync(path);
  if (!stat.isDirectory()) return path.endsWith('.ts') || path.endsWith('.json') ? stat.mtimeMs : 0;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtimeMs(join(path, name))), 0);
};

const sourcesMtimeMs = () =>
  Math.max(
    ...SOURCE_FOLDERS.map((folder) => newestMtimeMs(join(ROOT, folder))),
    ...BUILD_CONFIGS.map((file) => statSync(join(ROOT, file)).mtimeMs),
  );

const isFresh = () =>
  existsSync(ENTRY) && existsSync(STAMP) && statSync(STAMP).mtimeMs >= sourcesMtimeMs();

const typescriptCompiler = () => {
  try {
    return createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
};

/**
 * Compiled beside the build and then put in its place, folder by folder: compiled in place, a
 * failed compile left a half-written build, and the output of a source since removed stayed
 * (loadable, and named by the code digest a board report carries, so the same sources built
 * clean and built over an older build were named as different code). What else lies in dist/
 * (the bench's build) is left alone.
 */
const DIST = join(ROOT, 'dist');
/** At dist/'s depth, so the source maps' relative paths hold once moved. */
const NEXT = join(ROOT, '.build-next');
const OLD = join(DIST, '.old');

const putInPlace = () => {
  rmSync(OLD, { recursive: true, force: true });
  mkdirSync(OLD, { recursive: true });
  for (const name of readdirSync(NEXT)) {
    const live = join(DIST, name);
    if (existsSync(live)) renameSync(live, join(OLD, name));
    renameSync(join(NEXT, name), live);
  }
  rmSync(NEXT, { recursive: true, force: true });
  rmSync(OLD, { recursive: true, force: true });
};

const compile = (tsc) => {
  say('compiling the service into dist/ (tsc -p tsconfig.build.json) …');
  rmSync(NEXT, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', NEXT], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    rmSync(NEXT, { recursive: true, force: true });
    return run.status ?? 1;
  }
  putInPlace();
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return 0;
};

const main = () => {
  const always = process.argv.includes('--always');
  if (!always && isFresh()) return 0;
  const tsc = typescriptCompiler();
  if (tsc) return compile(tsc);
  if (!always && existsSync(ENTRY)) {
    say('the sources look newer than dist/, but TypeScript is not installed: starting the existing build');
    return 0;
  }
  say('no build in dist/ and no TypeScript to make one: install with `npm ci` (devDependencies included) and run `npm run build`, or use the Docker image');
  return 1;
};

process.exitCode = main();
