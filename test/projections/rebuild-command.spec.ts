/** `ledger rebuild`: from position 0 into the configured read-model file, the same as a fold. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rebuildCommand } from '../../src/cli/rebuild.command';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { foldLedger, REBUILD_PAGE_CACHE_KIB } from '../../src/projections/rebuild';
import { LedgerDriver } from './ledger-driver';

describe('ledger rebuild', () => {
  let dir: string;
  const env = { ...process.env };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-cli-'));
    process.env.LEDGER_SQLITE_PATH = join(dir, 'ledger.sqlite');
    process.env.LEDGER_READMODEL_PATH = join(dir, 'models.sqlite');
  });
  afterEach(() => {
    process.env = { ...env };
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every read model and the checkpoint, and says so on stdout', async () => {
    const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    const driver = new LedgerDriver(store);
    await driver.establish(2);
    await driver.apply({ kind: 'allocate', inv: 0, tranche: 0, cents: 150_000_000 });
    await driver.apply({ kind: 'report', inv: 0, line: 0, year: 2018, cents: 55_000_000 });
    const expected = await foldLedger(store);
    await store.close();

    const out: string[] = [];
    const err: string[] = [];
    const code = await rebuildCommand.run(['--json'], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({
      events: expected.events,
      position: String(expected.position),
      models: ['fund-balance', 'forecast-vs-actual', 'investment-summary', 'follow-up'],
    });
    const db = ReadModelDb.open(join(dir, 'models.sqlite'));
    try {
      const stored = db.load();
      expect(stored.position).toBe(expected.position);
      expect(stored.views).toEqual(expected.views);
    } finally {
      db.close();
    }
  });

  it('refuses arguments it does not know', async () => {
    await expect(
      rebuildCommand.run(['--fast'], { out: () => undefined, err: () => undefined }),
    ).rejects.toThrow(/fast/);
  });
});

describe('the page cache of a rebuild', () => {
  it('is large only while the rebuild runs, and back to what it was after, also after a failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-cache-'));
    const db = ReadModelDb.open(join(dir, 'models.sqlite'));
    try {
      const before = db.pageCacheKib();
      expect(before).toBeLessThan(REBUILD_PAGE_CACHE_KIB);
      let during = 0;
      await db.transaction(async () => {
        during = db.pageCacheKib();
      }, REBUILD_PAGE_CACHE_KIB);
      expect(during).toBe(REBUILD_PAGE_CACHE_KIB);
      expect(db.pageCacheKib()).toBe(before);
      await expect(
        db.transaction(() => Promise.reject(new Error('interrupted')), REBUILD_PAGE_CACHE_KIB),
      ).rejects.toThrow('interrupted');
      expect(db.pageCacheKib()).toBe(before);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
