// Compiles the service (tsc -p tsconfig.build.json) into dist/, but only when the build is
// missing or older than the sources, so `npm start` starts at once after the first time.
// `--always` compiles regardless (`npm run build`). Plain Node, no ts-node: on a machine
// installed without devDependencies (no TypeScript) an existing build is used as it is, and
// the absence of any build is said plainly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

const compile = (tsc) => {
  say('compiling the service into dist/ (tsc -p tsconfig.build.json) …');
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) return run.status ?? 1;
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
