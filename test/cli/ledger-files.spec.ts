/**
 * The `ledger` commands that only make sense on an existing ledger refuse a LEDGER_SQLITE_PATH
 * with no ledger file there (exit 2, nothing created), as verify and digest always did; and
 * `ledger rebuild` refuses a read-model file folded from another ledger unless told `--force`:
 * run on a live service's read models with a wrong LEDGER_SQLITE_PATH, it used to exit 0 and
 * the service answered 404 for funds and investments that exist.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rebuildCommand } from '../../src/cli/rebuild.command';
import { isSameLedger } from '../../src/event-store/same-ledger';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { LedgerDriver } from '../projections/ledger-driver';
import { aDocumentedInvestmentOverHttp, aReleasedFundOverHttp } from '../support/http-mothers';
import { startTestApp } from '../support/test-app';
import { ledger, ledgerWith } from './support/ledger-cli';

/** Each run starts a fresh Node with ts-node, seconds on a busy machine. */
const CLI_TIMEOUT_MS = 180_000;

interface StoredCheckpoint {
  readonly position: bigint;
  readonly hash: string | null;
}

/** The read-model file's checkpoint, read without writing anything. */
const checkpointOf = (path: string): StoredCheckpoint => {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.defaultSafeIntegers(true);
    return db
      .prepare('SELECT position, hash FROM checkpoint WHERE id = 1')
      .get() as StoredCheckpoint;
  } finally {
    db.close();
  }
};

/** A ledger of the fund and `investments` documented investments, written and closed. */
const aLedger = async (path: string, investments: number): Promise<{ head: bigint }> => {
  const store = SqliteEventStore.open(path);
  try {
    const driver = new LedgerDriver(store);
    await driver.establish(investments);
    await driver.apply({ kind: 'allocate', inv: 0, tranche: 0, cents: 150_000_000 });
    return { head: await store.headPosition() };
  } finally {
    await store.close();
  }
};

describe('the ledger CLI on a ledger file that is not there', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-files-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'refuses users, tokens and rebuild with exit 2, naming LEDGER_SQLITE_PATH, and creates nothing',
    async () => {
      const missing = join(dir, 'not-there.sqlite');
      const models = join(dir, 'models.sqlite');
      const runs = await Promise.all([
        ledger(missing, 'users', 'add', 'anna.berg', '--role', 'admin', '--name', 'Anna Berg'),
        ledger(missing, 'users', 'grant', 'anna.berg', '--role', 'finance'),
        ledger(missing, 'users', 'revoke', 'anna.berg', '--role', 'finance'),
        ledger(missing, 'users', 'list'),
        ledger(missing, 'tokens', 'create', 'anna.berg'),
        ledger(missing, 'tokens', 'revoke', 'tok-0123456789abcdef'),
        ledgerWith({ LEDGER_SQLITE_PATH: missing, LEDGER_READMODEL_PATH: models }, 'rebuild'),
      ]);
      for (const run of runs) {
        expect(run).toMatchObject({
          code: 2,
          stdout: '',
          stderr: expect.stringContaining(`LEDGER_SQLITE_PATH=${missing}: there is no ledger file`),
        });
      }
      // No empty ledger, token file or read-model file left behind.
      expect(readdirSync(dir)).toEqual([]);
    },
    CLI_TIMEOUT_MS,
  );
});

describe('ledger rebuild and the ledger its read models were folded from', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-other-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names --force in its usage', () => {
    expect(rebuildCommand.usage.join('\n')).toContain('--force');
  });

  it(
    'refuses, with exit 2 and the file untouched, read models of another ledger; --force rebuilds them',
    async () => {
      const ours = join(dir, 'ours.sqlite');
      const other = join(dir, 'other.sqlite');
      const models = join(dir, 'models.sqlite');
      const [{ head: oursHead }, { head: otherHead }] = await Promise.all([
        aLedger(ours, 2),
        aLedger(other, 1),
      ]);
      const onOurs = { LEDGER_SQLITE_PATH: ours, LEDGER_READMODEL_PATH: models };
      const onOther = { LEDGER_SQLITE_PATH: other, LEDGER_READMODEL_PATH: models };

      // A new file, then a file folded from this very ledger: rebuilt as before.
      expect(await ledgerWith(onOurs, 'rebuild')).toMatchObject({ code: 0 });
      expect(await ledgerWith(onOurs, 'rebuild')).toMatchObject({ code: 0 });
      const folded = checkpointOf(models);
      expect(folded.position).toBe(oursHead);

      const refused = await ledgerWith(onOther, 'rebuild');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`LEDGER_READMODEL_PATH=${models}`);
      expect(refused.stderr).toContain(`LEDGER_SQLITE_PATH=${other}`);
      expect(refused.stderr).toMatch(/another ledger/);
      expect(refused.stderr).toContain('--force');
      expect(checkpointOf(models)).toEqual(folded);

      const forced = await ledgerWith(onOther, 'rebuild', '--force', '--json');
      expect(forced.code).toBe(0);
      expect(JSON.parse(forced.stdout)).toMatchObject({ position: String(otherHead) });
      expect(checkpointOf(models).position).toBe(otherHead);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'leaves a running service’s read models alone when LEDGER_SQLITE_PATH names another ledger',
    async () => {
      const t = await startTestApp();
      try {
        const finance = () => t.as('frida.ek', 'finance');
        await aReleasedFundOverHttp(finance);
        await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
        const other = join(dir, 'other.sqlite');
        await aLedger(other, 1);
        const models = join(t.dir, 'ledger.readmodels.sqlite');
        expect(existsSync(models)).toBe(true);
        const before = checkpointOf(models);

        const run = await ledgerWith(
          { LEDGER_SQLITE_PATH: other, LEDGER_READMODEL_PATH: models },
          'rebuild',
        );
        expect(run.code).toBe(2);
        // Still the service's own fold (which may have gone on meanwhile), not the other ledger's.
        const after = checkpointOf(models);
        expect(after.position).toBeGreaterThanOrEqual(before.position);
        expect(after.hash).not.toBeNull();
        expect(
          await isSameLedger(t.store, { position: after.position, hash: after.hash ?? '' }),
        ).toBe(true);
        await finance().get('/api/funds/orebro').expect(200);
        await finance().get('/api/investments/e-arkiv').expect(200);
      } finally {
        await t.close();
      }
    },
    CLI_TIMEOUT_MS,
  );
});
