/** `ledger rebuild`: from position 0 into the configured read-model file, the same as a fold. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rebuildCommand } from '../../src/cli/rebuild.command';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ReadModelDb } from '../../src/projections/read-model-db';
import {
  foldLedger,
  rebuildReadModels,
  REBUILD_PAGE_CACHE_KIB,
} from '../../src/projections/rebuild';
import { changeOneByte } from '../audit/support/ledger-file';
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

  it('refuses, writing nothing, a read-model file another process has open (a running service)', async () => {
    const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    const driver = new LedgerDriver(store);
    await driver.establish(1);
    await store.close();
    // What a running service holds: the read-model file open, in WAL.
    const served = ReadModelDb.open(join(dir, 'models.sqlite'));
    try {
      const before = served.checkpoint();
      await expect(
        rebuildCommand.run([], { out: () => undefined, err: () => undefined }),
      ).rejects.toThrow(/LEDGER_READMODEL_PATH=.*is open in another process/);
      expect(served.checkpoint()).toEqual(before);
    } finally {
      served.close();
    }
    // Once the service has let go, the rebuild runs.
    const code = await rebuildCommand.run([], { out: () => undefined, err: () => undefined });
    expect(code).toBe(0);
  });

  it('verifies the hash chain beside the fold: a broken one is named, and the command exits 1', async () => {
    const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    const driver = new LedgerDriver(store);
    await driver.establish(2);
    await driver.apply({ kind: 'allocate', inv: 0, tranche: 0, cents: 150_000_000 });
    const head = Number(await store.headPosition());
    await store.close();
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await rebuildCommand.run(args, {
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      });
      return { code, out, err };
    };

    const holding = await run([]);
    expect(holding.code).toBe(0);
    expect(holding.out).toContain(`the hash chain holds (${head} events checked)`);

    // An amount changed in the file, as someone with the file could: the fold reads it as it
    // now is, and the command must not pass that off as the ledger's figures.
    changeOneByte(join(dir, 'ledger.sqlite'), 3);
    const broken = await run(['--json']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out.join('\n')).verified).toMatchObject({
      ok: false,
      firstBrokenPosition: '3',
    });
    expect(broken.err.join('\n')).toMatch(
      /^BROKEN: the ledger's hash chain breaks at position 3: /,
    );
    const text = await run([]);
    expect(text.code).toBe(1);
    expect(text.out.join('\n')).not.toMatch(/hash chain holds/);
  });

  it('refuses arguments it does not know', async () => {
    await expect(
      rebuildCommand.run(['--fast'], { out: () => undefined, err: () => undefined }),
    ).rejects.toThrow(/fast/);
  });
});

describe('the page cache of a rebuild', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is large while a rebuild writes, and back to what it was after', async () => {
    const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    const db = ReadModelDb.open(join(dir, 'models.sqlite'));
    try {
      const driver = new LedgerDriver(store);
      await driver.establish(1);
      await driver.apply({ kind: 'allocate', inv: 0, tranche: 0, cents: 150_000_000 });
      const before = db.pageCacheKib();
      expect(before).toBeLessThan(REBUILD_PAGE_CACHE_KIB);
      const during: number[] = [];
      await rebuildReadModels(store, db, () => during.push(db.pageCacheKib()));
      expect(during.length).toBeGreaterThan(0);
      expect(new Set(during)).toEqual(new Set([REBUILD_PAGE_CACHE_KIB]));
      expect(db.pageCacheKib()).toBe(before);
    } finally {
      db.close();
      await store.close();
    }
  });

  it('is back to what it was after a rebuild that failed or could not begin', async () => {
    const db = ReadModelDb.open(join(dir, 'models.sqlite'));
    const rejection = (work: Promise<unknown>): Promise<unknown> =>
      work.then(
        () => undefined,
        (error: unknown) => error,
      );
    try {
      const before = db.pageCacheKib();
      const failed = await rejection(
        db.transaction(() => Promise.reject(new Error('interrupted')), REBUILD_PAGE_CACHE_KIB),
      );
      expect(String(failed)).toMatch(/interrupted/);
      expect(db.pageCacheKib()).toBe(before);
      // A transaction that cannot begin (here: one is open on the connection already; in a
      // service, another writer holding the lock past the busy timeout) changes nothing.
      await db.transaction(async () => {
        const refused = await rejection(db.transaction(async () => 1, REBUILD_PAGE_CACHE_KIB));
        expect(String(refused)).toMatch(/within a transaction/);
        expect(db.pageCacheKib()).toBe(before);
      });
      expect(db.pageCacheKib()).toBe(before);
    } finally {
      db.close();
    }
  });
});
