/**
 * One effect report corrected a thousand times, in a real SQLite ledger, projected into a
 * real read-model file. What the file holds must grow with the corrections, not with their
 * square: kept inside its report, each correction rewrote the report with every correction
 * before it, and a ledger whose one report was corrected 20,000 times gave a 19 GB read-model
 * file (its rebuild ran out of memory). The investment's page still gives the report with all
 * its corrections, in the order recorded. (cell-growth.spec.ts asks the same of every kind of
 * repeated command.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summaryAnswer } from '../../projections/investment-summary.projection';
import { NewEvent } from '../../src/event-store/event-store';
import { eventMaker } from '../support/recorded-events';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { rebuildReadModels } from '../../src/projections/rebuild';
import { bodyBytes } from './read-model-bytes';

const INVESTMENT = 'rattad-rapport';
const STREAM = `investment-${INVESTMENT}`;
const CORRECTIONS = 1_000;
const APPEND_BATCH = 250;
const ANY = { expectedRevision: 'any' } as const;
const START_MS = Date.UTC(2019, 0, 7, 8);
/**
 * What the read-model file may hold for the investment, in bytes of cell bodies, per
 * correction: a correction's own item, its report's new effective value, the track's report
 * and the revision, a few hundred bytes together. Kept inside the report, the corrections
 * wrote 64 MB here (each of the 1,000 versions of the report held the ones before); 0.4 MB
 * now.
 */
const BYTES_PER_CORRECTION = 2_000;

const event = eventMaker({ id: 'lena.berg', role: 'project-lead' }, START_MS);

const correction = (n: number): NewEvent =>
  event('EffectReportCorrected', {
    investmentId: INVESTMENT,
    reportId: 'r-2018',
    correctionId: `k-${n}`,
    value: `${1000 + n}.00`,
    reason: `Rättelse nummer ${n} efter avstämning mot ekonomisystemet`,
    caseVersion: 1,
  });

describe('an effect report corrected a thousand times', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: ReadModelDb;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-corrected-report-'));
    store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    await store.append(
      STREAM,
      [
        event('InvestmentProposed', {
          investmentId: INVESTMENT,
          title: 'Rättad rapport',
          department: 'Kommunstyrelseförvaltningen',
          projectLead: 'lena.berg',
          need: 'Avstämning',
        }),
        event('EffectReported', {
          investmentId: INVESTMENT,
          reportId: 'r-2018',
          benefitLineId: 'tid',
          period: '2018',
          value: '1000.00',
          evidence: 'Tidrapport 2018',
          caseVersion: 1,
        }),
      ],
      ANY,
    );
    for (let first = 1; first <= CORRECTIONS; first += APPEND_BATCH) {
      const batch = Array.from({ length: APPEND_BATCH }, (_, i) => correction(first + i));
      await store.append(STREAM, batch, ANY);
    }
    db = ReadModelDb.open(join(dir, 'models.sqlite'));
    await rebuildReadModels(store, db);
  });
  afterAll(async () => {
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a read-model file that grows with the corrections, not with their square', () => {
    const written = bodyBytes(join(dir, 'models.sqlite'), INVESTMENT);
    expect(written).toBeGreaterThan(CORRECTIONS * 100);
    expect(written).toBeLessThan(CORRECTIONS * BYTES_PER_CORRECTION);
  });

  it("gives the report with every correction, in order, on the investment's page", () => {
    const summary = db.load().views.investmentSummary.investments[INVESTMENT];
    const [report] = summaryAnswer(summary).effectReports;
    expect(report.corrections.map((c) => c.correctionId)).toEqual(
      Array.from({ length: CORRECTIONS }, (_, i) => `k-${i + 1}`),
    );
    expect(report.value).toBe('1000.00');
    expect(report.effectiveValue).toBe(`${1000 + CORRECTIONS}.00`);
  });
});
