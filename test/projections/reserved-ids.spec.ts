/**
 * A ledger written before ids that name what every JavaScript object has ("constructor",
 * "toString", …) were refused (src/shared/input-limits.ts) may hold such ids. The read models
 * key their maps by id, and reading `map["constructor"]` gave Object.prototype's function: the
 * projection stopped on the event for good. Here the demo ledger's ids of each kind are renamed
 * to one reserved name each, and every read model, every investment's figures and the fund
 * report must be the same as on the original ledger, the names put back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoLedger } from '../../src/demo/demo-runner';
import { collect, RecordedEvent } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { RESERVED_NAMES } from '../../src/shared/input-limits';
import { overdueOf } from '../../projections/figures/follow-up.figures';
import { investmentFigures } from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { forecastReport, GROUP_BYS } from '../../projections/figures/report.figures';
import { foldViews, initialViews, LedgerViews } from '../../projections/ledger-views';
import { upcast } from '../../projections/upcast';
import { LedgerEvent } from '../../projections/ledger-event';
import { CellProjector } from '../../src/projections/cell-projector';
import { DocumentCache } from '../../src/projections/lazy-views';
import { ReadModelDb, storedSignature } from '../../src/projections/read-model-db';
import { foldLedger, rebuildReadModels } from '../../src/projections/rebuild';

/** The id fields renamed, each to a reserved name of its own. */
const RENAMED_FIELDS = [
  'fundId',
  'investmentId',
  'trancheId',
  'allocationId',
  'costId',
  'reportId',
  'benefitLineId',
] as const;

/** Every string in `value` (keys too) mapped by `rename`, stream ids' suffixes included. */
const renamed = (value: unknown, rename: (text: string) => string): unknown => {
  if (typeof value === 'string') return rename(value);
  if (Array.isArray(value)) return value.map((item) => renamed(item, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [rename(key), renamed(item, rename)]),
  );
};

const renamer =
  (names: ReadonlyMap<string, string>) =>
  (text: string): string => {
    // A composite key: <fundId>/<allocationId>.
    if (text.includes('/')) return text.split('/').map(renamer(names)).join('/');
    const whole = names.get(text);
    if (whole !== undefined) return whole;
    const dash = text.indexOf('-');
    if (dash > 0) {
      // A stream id: fund-<id>, investment-<id>.
      const suffix = names.get(text.slice(dash + 1));
      if (suffix !== undefined && ['fund', 'investment'].includes(text.slice(0, dash)))
        return `${text.slice(0, dash)}-${suffix}`;
    }
    return text;
  };

/** A list's items as a set: sorted by their JSON. */
const inAnyOrder = (items: unknown): string[] =>
  (items as unknown[]).map((item) => JSON.stringify(item)).sort();

const ledgerEvents = (events: readonly RecordedEvent[]): LedgerEvent[] =>
  events.map(upcast).filter((e): e is LedgerEvent => e !== undefined);

describe('a ledger holding ids named like what every object has', () => {
  let dir: string;
  let original: LedgerEvent[];
  let reserved: LedgerEvent[];
  /** The ledger's events as recorded, ids renamed. */
  let recorded: RecordedEvent[];
  /** Reserved name → the original id it stands for. */
  let back: (text: string) => string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-reserved-'));
    const build = await buildDemoLedger({ env: {}, path: join(dir, 'demo.sqlite') });
    const store = SqliteEventStore.open(build.path);
    const events = await collect(store.readAll());
    await store.close();
    original = ledgerEvents(events);
    // The first id of each kind the ledger names gets a reserved name of its own.
    const names = new Map<string, string>();
    for (const [i, field] of RENAMED_FIELDS.entries()) {
      const first = original
        .map((e) => (e.data as unknown as Record<string, unknown>)[field])
        .find((id): id is string => typeof id === 'string' && !names.has(id));
      if (first === undefined) throw new Error(`the demo ledger has no ${field}`);
      names.set(first, RESERVED_NAMES[i]);
    }
    expect(names.size).toBe(RENAMED_FIELDS.length);
    const forth = renamer(names);
    back = renamer(new Map([...names].map(([id, name]) => [name, id])));
    recorded = events.map((e) => ({
      ...e,
      streamId: forth(e.streamId),
      data: renamed(e.data, forth),
    }));
    reserved = original.map((e) => ({
      ...e,
      streamId: forth(e.streamId),
      data: renamed(e.data, forth),
    })) as LedgerEvent[];
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const fold = (events: readonly LedgerEvent[]): LedgerViews => foldViews(initialViews, events);

  it('folds every read model as it folds the original, the names put back', () => {
    expect(renamed(fold(reserved), back)).toEqual(fold(original));
  });

  it('rebuilds the read-model file to what the fold holds, every document indexed', async () => {
    // Recorded as an earlier build recorded them: no id check stands between the store and them.
    const store = SqliteEventStore.open(join(dir, 'reserved.sqlite'));
    const db = ReadModelDb.open(join(dir, 'reserved.readmodels.sqlite'));
    try {
      for (const e of recorded) {
        const { eventId, type, data, metadata } = e;
        await store.append(e.streamId, [{ eventId, type, data, metadata }], {
          expectedRevision: 'any',
        });
      }
      const { position } = await rebuildReadModels(store, db);
      const { views } = await foldLedger(store);
      const stored = new CellProjector(db, new DocumentCache(100_000), storedSignature()).viewsAt(
        position,
      );
      // The stored views are read lazily: their JSON reads every document of every collection.
      expect(JSON.parse(JSON.stringify(stored))).toEqual(JSON.parse(JSON.stringify(views)));
      expect(Object.keys(stored.fundBalance.funds)).toContain('constructor');
    } finally {
      db.close();
      await store.close();
    }
  });

  it('works out every investment’s figures, the follow-up and the fund report alike', () => {
    const views = { original: fold(original), reserved: fold(reserved) };
    for (const today of ['2019-06-30', '2021-06-01', '2024-12-31']) {
      const options = { grain: 'year' as const, today, tolerances: DEFAULT_TOLERANCES };
      const figures = (v: LedgerViews) =>
        Object.entries(v.forecastVsActual.investments).map(([id, track]) => [
          id,
          investmentFigures(track, options),
        ]);
      expect(renamed(figures(views.reserved), back)).toEqual(figures(views.original));
      for (const groupBy of GROUP_BYS) {
        // The rows and groups are sorted by id: a renamed id sorts elsewhere.
        const report = (v: LedgerViews, rename = (x: unknown) => x) => {
          const { rows, groups, ...rest } = forecastReport(v.forecastVsActual, groupBy, options);
          return {
            ...(rename(rest) as object),
            rows: inAnyOrder(rename(rows)),
            groups: inAnyOrder(rename(groups)),
          };
        };
        expect(report(views.reserved, (x) => renamed(x, back))).toEqual(report(views.original));
      }
      const overdue = (v: LedgerViews) =>
        Object.entries(v.followUp.investments).map(([id, entry]) => [
          id,
          overdueOf(entry, today, 45),
        ]);
      expect(renamed(overdue(views.reserved), back)).toEqual(overdue(views.original));
    }
  });
});
