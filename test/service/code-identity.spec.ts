/**
 * The digest a board report names the code by (src/infra/code-identity.ts): it moves with any
 * change to a code file's content or name, and with nothing else (where the folders lie, the
 * order a disk lists them, specs and type declarations beside the code).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeDigestOf, runningCodeDigest } from '../../src/infra/code-identity';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

describe('the code a service runs, by digest', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'code-identity-'));
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  /** Two folders of code, `files` as path → content under the first. */
  const tree = async (name: string, files: Record<string, string>): Promise<string[]> => {
    const src = join(root, name, 'src');
    const projections = join(root, name, 'projections');
    await mkdir(join(src, 'reports'), { recursive: true });
    await mkdir(projections, { recursive: true });
    for (const [path, text] of Object.entries(files)) await writeFile(join(src, path), text);
    await writeFile(join(projections, 'fold.ts'), 'export const fold = 1;\n');
    return [src, projections];
  };

  const CODE = {
    'main.ts': 'export const main = 1;\n',
    'reports/board.ts': 'export const status = (p: number) => (p <= 10 ? "on-track" : "watch");\n',
  };

  it('is the same for the same files wherever they lie and in whatever order they were written', async () => {
    const a = await codeDigestOf(await tree('a', CODE));
    const reversed = Object.fromEntries(Object.entries(CODE).reverse());
    const b = await codeDigestOf(await tree('b', reversed));
    expect(a).toMatch(DIGEST);
    expect(b).toBe(a);
  });

  it('moves with a changed line of code, a renamed file and a file more', async () => {
    const base = await codeDigestOf(await tree('base', CODE));
    const changed = await codeDigestOf(
      await tree('changed', {
        ...CODE,
        'reports/board.ts': CODE['reports/board.ts'].replace('10', '11'),
      }),
    );
    const renamed = await codeDigestOf(
      await tree('renamed', {
        'main.ts': CODE['main.ts'],
        'reports/board2.ts': CODE['reports/board.ts'],
      }),
    );
    const more = await codeDigestOf(
      await tree('more', { ...CODE, 'extra.js': 'exports.x = 1;\n' }),
    );
    expect(new Set([base, changed, renamed, more]).size).toBe(4);
  });

  it('leaves out specs, type declarations and other files', async () => {
    const base = await codeDigestOf(await tree('base', CODE));
    const beside = await codeDigestOf(
      await tree('beside', {
        ...CODE,
        'main.spec.ts': 'it("x", () => undefined);\n',
        'main.d.ts': 'export declare const main: number;\n',
        'notes.md': '# notes\n',
      }),
    );
    expect(beside).toBe(base);
  });

  it('names the running service by its own files, read once', async () => {
    const first = await runningCodeDigest();
    expect(first).toMatch(DIGEST);
    expect(await runningCodeDigest()).toBe(first);
  });
});
