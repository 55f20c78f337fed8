/**
 * `npm start`'s build step (scripts/build.mjs) on a tiny copy of the project's layout: it
 * compiles when there is no build or the sources are newer than the last good one, does
 * nothing otherwise, and without TypeScript (a production install) it starts an existing
 * build as it is and says plainly when there is none.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Run {
  readonly code: number | null;
  readonly stderr: string;
}

const makeProject = (withTypescript: boolean): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-build-'));
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(ROOT, 'scripts', 'build.mjs'), join(dir, 'scripts', 'build.mjs'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'projections'));
  writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer: number = 42;\n');
  writeFileSync(join(dir, 'package.json'), '{ "name": "tiny", "private": true }\n');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      // No @types from node_modules: the tiny project needs none, and they are slow to load.
      compilerOptions: {
        module: 'commonjs',
        outDir: './dist',
        rootDir: '.',
        types: [],
        skipLibCheck: true,
      },
    }),
  );
  writeFileSync(
    join(dir, 'tsconfig.build.json'),
    JSON.stringify({ extends: './tsconfig.json', include: ['src/**/*.ts'] }),
  );
  if (withTypescript) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
};

const build = (dir: string, ...args: string[]): Run => {
  const run = spawnSync(process.execPath, [join(dir, 'scripts', 'build.mjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { code: run.status, stderr: run.stderr };
};

/** Moves a file's modification time into the future, so it is newer than any build. */
const touchLater = (path: string): void => {
  const later = new Date(Date.now() + 60_000);
  utimesSync(path, later, later);
};

const COMPILING = /compiling the service/;

describe('the build step of npm start', () => {
  const dirs: string[] = [];
  const project = (withTypescript: boolean): string => {
    const dir = makeProject(withTypescript);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('compiles once, then starts without compiling until a source changes', () => {
    const dir = project(true);
    const first = build(dir);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stderr).toMatch(COMPILING);
    expect(readFileSync(join(dir, 'dist', 'src', 'main.js'), 'utf8')).toContain('42');

    const again = build(dir);
    expect(again).toEqual({ code: 0, stderr: '' });

    writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer: number = 43;\n');
    touchLater(join(dir, 'src', 'main.ts'));
    const changed = build(dir);
    expect(changed.code).toBe(0);
    expect(changed.stderr).toMatch(COMPILING);
    expect(readFileSync(join(dir, 'dist', 'src', 'main.js'), 'utf8')).toContain('43');
  });

  it('leaves no file of a source since removed, and keeps what else lies in dist/', () => {
    // Compiled in place, a removed source's output stayed beside the new build: loadable, and
    // named by the code digest a board report carries, so the same sources built clean and
    // built over an older build were named as different code.
    const dir = project(true);
    writeFileSync(join(dir, 'src', 'old.ts'), 'export const old = 1;\n');
    expect(build(dir).code).toBe(0);
    expect(existsSync(join(dir, 'dist', 'src', 'old.js'))).toBe(true);
    mkdirSync(join(dir, 'dist', 'bench-build'));
    writeFileSync(join(dir, 'dist', 'bench-build', 'kept.js'), 'exports.kept = true;\n');

    rmSync(join(dir, 'src', 'old.ts'));
    touchLater(join(dir, 'src', 'main.ts'));
    expect(build(dir)).toMatchObject({ code: 0, stderr: expect.stringMatching(COMPILING) });
    expect(existsSync(join(dir, 'dist', 'src', 'old.js'))).toBe(false);
    expect(existsSync(join(dir, 'dist', 'src', 'main.js'))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'bench-build', 'kept.js'))).toBe(true);
  });

  it('keeps the last good build whole when compiling fails', () => {
    const dir = project(true);
    expect(build(dir).code).toBe(0);
    writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer: number = "text";\n');
    touchLater(join(dir, 'src', 'main.ts'));
    expect(build(dir).code).not.toBe(0);
    expect(readFileSync(join(dir, 'dist', 'src', 'main.js'), 'utf8')).toContain('42');
  });

  it('leaves the build stale when compiling fails, and fails the start', () => {
    const dir = project(true);
    writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer: number = "text";\n');
    const failed = build(dir);
    expect(failed.code).not.toBe(0);
    expect(existsSync(join(dir, 'dist', '.build-stamp'))).toBe(false);
    expect(build(dir).stderr).toMatch(COMPILING);
  });

  it('without TypeScript, starts an existing build and says when there is none', () => {
    const dir = project(false);
    const none = build(dir);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no build in dist/ and no TypeScript');

    mkdirSync(join(dir, 'dist', 'src'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'src', 'main.js'), 'exports.answer = 42;\n');
    touchLater(join(dir, 'src', 'main.ts'));
    const stale = build(dir);
    expect(stale.code).toBe(0);
    expect(stale.stderr).toContain('TypeScript is not installed: starting the existing build');
  });
});
