/**
 * A file the CLI writes (a board report) is written whole or not at all: into a new file beside
 * it, then renamed over it. Written in place, a failed write (no room on the disk) left a
 * truncated file, and destroyed the good report that was there before.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, renameSync, rmSync, Stats, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** How the bytes are written to the new file (a seam for the failure the rename guards against). */
export type WriteBytes = (path: string, data: Uint8Array) => void;

const writeNew: WriteBytes = (path, data) => writeFileSync(path, data, { flag: 'wx' });

const statIfThere = (path: string): Stats | undefined => statSync(path, { throwIfNoEntry: false });

export const writeFileWhole = (
  path: string,
  data: Uint8Array,
  write: WriteBytes = writeNew,
): void => {
  // Beside it, so the rename stays on one file system; a name no other run picks.
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    write(temporary, data);
    // The file replaced keeps its permissions (a report kept readable by its owner alone).
    const before = statIfThere(path);
    if (before !== undefined) chmodSync(temporary, before.mode & 0o7777);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
};
