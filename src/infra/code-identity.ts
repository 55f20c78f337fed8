/**
 * Which code a service runs, named by a digest of its own files. A board report's figures are
 * worked out by code, not only by the ledger and the settings: a change to how a figure or a
 * deviation is read gives another answer over the same ledger digest, and the package's
 * version does not move with every such change. The report names the code it was figured by,
 * so two reports of one moment that differ with the same rules show that the code differed.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** The files that are the service's code: its compiled JavaScript or its TypeScript sources. */
const isCode = (name: string): boolean =>
  (name.endsWith('.js') || name.endsWith('.ts')) &&
  !name.endsWith('.d.ts') &&
  !name.endsWith('.spec.ts') &&
  !name.endsWith('.spec.js');

const filesUnder = async (folder: string): Promise<string[]> => {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return filesUnder(path);
      return entry.isFile() && isCode(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
};

/**
 * `sha256:` and the hex SHA-256 over the code files under `folders`: each file's path relative
 * to its folder (with `/`), its length and its bytes, in the order of the paths, so the digest
 * names the files' contents and names, not where the folders lie or the order a disk lists them.
 */
export const codeDigestOf = async (folders: readonly string[]): Promise<string> => {
  const hash = createHash('sha256');
  for (const [index, folder] of folders.entries()) {
    const files = (await filesUnder(folder))
      .map((path) => ({ path, name: relative(folder, path).split(sep).join('/') }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { path, name } of files) {
      const bytes = await readFile(path);
      hash.update(`${index}:${name}:${bytes.length}:`);
      hash.update(bytes);
    }
  }
  return `sha256:${hash.digest('hex')}`;
};

/**
 * The service's own code: the folders of `src` and `projections` this module was loaded from
 * (the compiled `dist/` of `npm start`, or the sources under ts-node and the tests).
 */
const RUNNING_CODE = [join(__dirname, '..'), join(__dirname, '..', '..', 'projections')];

let running: Promise<string> | undefined;

/** The digest of the running service's code, read once (its files do not change under it). */
export const runningCodeDigest = (): Promise<string> => {
  running ??= codeDigestOf(RUNNING_CODE).catch((error: unknown) => {
    // Tried again by the next report: a read that failed once is not the code's name.
    running = undefined;
    throw error;
  });
  return running;
};
