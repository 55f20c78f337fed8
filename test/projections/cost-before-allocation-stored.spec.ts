/**
 * Rebuilt = live for costs recorded before the investment's first allocation: whatever the
 * moment the runner is stopped and restarted, the live views, the views stored with their
 * checkpoint, a rebuild from position 0 and an as-of fold agree, and every past position read
 * from the stored cells is the fold up to it. The costs waiting for the allocation, their
 * attribution when it arrives and the corrections after it all go through the stored cells.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../src/infra/logger';
import { AsOfReader } from '../../src/projections/as-of-reader';
import { DocumentCache, lazyViews } from '../../src/projections/lazy-views';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { rebuildReadModels } from '../../src/projections/rebuild';
import { FUND_ID } from '../support/mothers';
import { Action, LedgerDriver } from './ledger-driver';

/** Investment 0: two costs before its first allocation, one corrected; then more after it. */
const ACTIONS: readonly Action[] = [
  { kind: 'cost', inv: 0, cents: 250_000_000, month: 3 },
  { kind: 'cost', inv: 0, cents: 10_000, month: 4 },
  { kind: 'amend', entry: 'cost', n: 1, cents: 20_000, reverse: false },
  { kind: 'allocate', inv: 0, tranche: 0, cents: 100_000_000 },
  { kind: 'cost', inv: 0, cents: 5_000, month: 5 },
  { kind: 'amend', entry: 'cost', n: 0, cents: 260_000_000, reverse: false },
  { kind: 'allocate', inv: 0, tranche: 0, cents: 1_000 },
  { kind: 'amend', entry: 'cost', n: 0, cents: 0, reverse: true },
];

describe('costs recorded before the first allocation, stored', () => {
  const logger = createLogger('silent');
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-waiting-costs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each(ACTIONS.map((_, cut) => cut))(
    'rebuilt = live = as of, the runner restarted after %i actions',
    async (cut) => {
      const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
      const db = ReadModelDb.open(join(dir, 'live.sqlite'));
      const rebuiltDb = ReadModelDb.open(join(dir, 'rebuilt.sqlite'));
      try {
        const driver = new LedgerDriver(store);
        await driver.establish(1);
        const first = new ProjectionRunner(store, db, logger);
        await first.start();
        for (const a of ACTIONS.slice(0, cut)) await driver.apply(a);
        first.stop();
        const second = new ProjectionRunner(store, db, logger);
        await second.start();
        for (const a of ACTIONS.slice(cut)) await driver.apply(a);
        const head = await store.headPosition();
        expect(await second.waitFor(head, 5_000)).toBe(true);
        const live = second.current();
        const folded = new AsOfReader(store);
        for (let position = 0n; position <= head; position += 1n) {
          expect(second.viewsAt(position)).toEqual(await folded.viewsAt(position));
        }
        second.stop();
        const stored = db.load();
        await rebuildReadModels(store, rebuiltDb);
        for (let position = 0n; position <= head; position += 1n) {
          expect(lazyViews(rebuiltDb, new DocumentCache(), position)).toEqual(
            await folded.viewsAt(position),
          );
        }
        expect(stored.views).toEqual(live.views);
        expect(rebuiltDb.load().views).toEqual(live.views);
        expect(await new AsOfReader(store).viewsAt(head)).toEqual(live.views);

        // The story happened as told: 2 500 000 and 200 waited; the allocation of 1 000 000
        // paid the first's room, the rest was beyond it; 50 after it, the first cost corrected
        // upwards (100 000 more, beyond) and reversed (beyond first, then its part), and a
        // second allocation of 10 after all of it.
        const fund = live.views.fundBalance.funds[FUND_ID];
        const investment = live.views.fundBalance.investments['inv-0'];
        expect(investment.spent).toBe('250.00');
        expect(investment.unattributedCosts).toEqual([]);
        expect(fund.tranches[0].spent).toBe('0.00');
        expect(fund.spentBeyondAllocations).toBe('250.00');
      } finally {
        db.close();
        rebuiltDb.close();
        await store.close();
      }
    },
  );
});
