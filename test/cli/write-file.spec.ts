/**
 * A file the CLI writes is written whole or not at all (src/cli/write-file.ts): a write that
 * fails midway (no room on the disk) leaves the file that was there, and no partial file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileWhole } from '../../src/cli/write-file';

describe('writing a report file whole', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'write-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file that was there', () => {
    const out = join(dir, 'board.pdf');
    writeFileSync(out, 'last quarter');
    writeFileWhole(out, Buffer.from('this quarter'));
    expect(readFileSync(out, 'utf8')).toBe('this quarter');
    expect(readdirSync(dir)).toEqual(['board.pdf']);
  });

  it('keeps the permissions of the file it replaces', () => {
    const out = join(dir, 'board.pdf');
    writeFileSync(out, 'last quarter', { mode: 0o600 });
    writeFileWhole(out, Buffer.from('this quarter'));
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('leaves the earlier file, and nothing else, when the write fails midway', () => {
    const out = join(dir, 'board.pdf');
    writeFileSync(out, 'last quarter');
    const full = (path: string, data: Uint8Array): void => {
      writeFileSync(path, data.subarray(0, 4));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    expect(() => writeFileWhole(out, Buffer.from('this quarter'), full)).toThrow(/ENOSPC/);
    expect(readFileSync(out, 'utf8')).toBe('last quarter');
    expect(readdirSync(dir)).toEqual(['board.pdf']);
  });
});
