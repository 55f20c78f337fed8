/**
 * Rebuilt = live, whatever happened (property test): after a random run of commands, with
 * the live runner stopped and restarted from its stored checkpoint half-way (as after a
 * crash), the live views, the views stored with their checkpoint, a rebuild from position 0
 * and an as-of fold up to the head are all the same; and the views the stored cells give for
 * every past position are the fold of the ledger up to that position.
 */
import fc from 'fast-check';
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
import { fundStream } from '../../src/fund/fund.events';
import { FUND_ID } from '../support/mothers';
import { Action, LedgerDriver } from './ledger-driver';
import { action, INVESTMENTS } from './random-actions';

const RUNS = 12;
const MAX_ACTIONS = 40;
/**
 * A run that reaches every event the checks below count, tried first: with twelve random runs
 * alone some seeds (about 7 in 1,000) reached no tranche amendment, re-baseline, waiver or
 * amount change, and the spec failed on what the runs happened to draw.
 */
const REACHES_ALL: Action[] = [
  { kind: 'allocate', inv: 0, tranche: 0, cents: 100_000 },
  { kind: 'report', inv: 0, line: 0, year: 2018, cents: 5_000, early: false },
  { kind: 'correct', report: 0, cents: 6_000 },
  { kind: 'cost', inv: 0, cents: 1_000, month: 3 },
  { kind: 'amend', entry: 'cost', n: 0, cents: 2_000, reverse: false },
  { kind: 'rebaseline', inv: 0 },
  { kind: 'waive', inv: 0, line: 0, year: 2019 },
  { kind: 'amendTranche', tranche: 0, cents: null, until: 1 },
];

describe('rebuild equals live', () => {
  const logger = createLogger('silent');
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('for any run of commands, across a restart of the runner', async () => {
    let run = 0;
    const seen = {
      allocations: 0,
      reports: 0,
      corrections: 0,
      costs: 0,
      amounts: 0,
      baselines: 0,
      waivers: 0,
      trancheAmendments: 0,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 1, maxLength: MAX_ACTIONS, size: 'max' }),
        fc.nat(),
        async (actions, cut) => {
          run += 1;
          const store = SqliteEventStore.open(join(dir, `ledger-${run}.sqlite`));
          const db = ReadModelDb.open(join(dir, `live-${run}.sqlite`));
          const rebuiltDb = ReadModelDb.open(join(dir, `rebuilt-${run}.sqlite`));
          try {
            const driver = new LedgerDriver(store);
            await driver.establish(INVESTMENTS - 1);
            const first = new ProjectionRunner(store, db, logger);
            await first.start();
            const half = cut % (actions.length + 1);
            for (const a of actions.slice(0, half)) await driver.apply(a);
            first.stop();
            const second = new ProjectionRunner(store, db, logger);
            await second.start();
            for (const a of actions.slice(half)) await driver.apply(a);
            const head = await store.headPosition();
            expect(await second.waitFor(head, 5_000)).toBe(true);
            const live = second.current();
            // Every past position read from the stored cells is what a fold up to it gives.
            const folded = new AsOfReader(store);
            for (let position = 0n; position <= head; position += 1n) {
              expect(second.viewsAt(position)).toEqual(await folded.viewsAt(position));
            }
            second.stop();

            const stored = db.load();
            await rebuildReadModels(store, rebuiltDb);
            const rebuilt = rebuiltDb.load();
            // The rebuild folds thousands of events per batch, so its scope writes long lists
            // in place across many events of one batch and tells the writer what changed in
            // them: every position of its file too is what a fold up to it gives.
            for (let position = 0n; position <= head; position += 1n) {
              expect(lazyViews(rebuiltDb, new DocumentCache(), position)).toEqual(
                await folded.viewsAt(position),
              );
            }
            const asOf = await new AsOfReader(store).viewsAt(head);

            expect(live.position).toBe(head);
            expect(stored.position).toBe(head);
            expect(rebuilt.position).toBe(head);
            expect(stored.views).toEqual(live.views);
            expect(rebuilt.views).toEqual(live.views);
            expect(asOf).toEqual(live.views);
            for (const summary of Object.values(live.views.investmentSummary.investments)) {
              seen.allocations += summary.allocations.length;
              seen.reports += summary.effectReports.length;
              seen.corrections += new Set(summary.effectCorrections.map((c) => c.reportId)).size;
              seen.costs += summary.costs.length;
              seen.amounts += summary.costChanges.length + summary.harvestChanges.length;
              seen.baselines += summary.baselineRevisions.length;
            }
            for (const entry of Object.values(live.views.followUp.investments)) {
              seen.waivers += entry.waivers.length;
            }
            for await (const event of store.readStream(fundStream(FUND_ID))) {
              if (event.type === 'TrancheAmended') seen.trancheAmendments += 1;
            }
          } finally {
            db.close();
            rebuiltDb.close();
            await store.close();
          }
        },
      ),
      { numRuns: RUNS, examples: [[REACHES_ALL, 3]] },
    );
    // The runs must have reached the interesting events, or the property says little.
    expect(seen.allocations).toBeGreaterThan(0);
    expect(seen.reports).toBeGreaterThan(0);
    expect(seen.corrections).toBeGreaterThan(0);
    expect(seen.costs).toBeGreaterThan(0);
    expect(seen.amounts).toBeGreaterThan(0);
    expect(seen.baselines).toBeGreaterThan(0);
    expect(seen.waivers).toBeGreaterThan(0);
    expect(seen.trancheAmendments).toBeGreaterThan(0);
  });
});
