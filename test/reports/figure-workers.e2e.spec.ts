/**
 * A question walking many investments the service has not figured (the fund report as of a
 * past moment) is shared among worker threads reading the read-model file on connections of
 * their own (src/projections/document-workers.ts). Here every question is shared (one
 * investment per worker is enough), and the answers are what the ledger's events say: the
 * report folded afresh from the events up to the moment, at the moment's day. A worker that
 * fails costs only time: the service figures in its own thread and answers the same.
 */
import { collect, RecordedEvent } from '../../src/event-store/event-store';
import { DocumentWorkers } from '../../src/projections/document-workers';
import { dateOfInstant } from '../../projections/figures/dates';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { forecastReport, GROUP_BYS, GroupBy } from '../../projections/figures/report.figures';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { upcast } from '../../projections/upcast';
import { Grain } from '../../src/periods/period';
import { startWorkedExample } from './support/worked-example';
import type { TestApp } from '../support/test-app';

const GRAINS: readonly Grain[] = ['year', 'quarter', 'month'];
const SHARED = { LEDGER_FIGURE_WORKERS: '2', LEDGER_FIGURE_WORKER_MIN_INVESTMENTS: '1' };

describe('questions shared among worker threads', () => {
  let t: TestApp;
  let events: RecordedEvent[];
  beforeAll(async () => {
    t = (await startWorkedExample({}, SHARED)).t;
    events = await collect(t.store.readAll());
  });
  afterAll(async () => t.close());

  /** The report as the events up to `position` say it, on the day that event was recorded. */
  const expected = (position: bigint, groupBy: GroupBy, grain: Grain) => {
    const upTo = events.filter((e) => e.position <= position);
    const views = foldViews(
      initialViews,
      upTo.flatMap((e) => upcast(e) ?? []),
    );
    const today = dateOfInstant(String(upTo[upTo.length - 1].metadata.recordedAt));
    return forecastReport(views.forecastVsActual, groupBy, {
      grain,
      today,
      tolerances: DEFAULT_TOLERANCES,
    });
  };

  const askedAt = async (position: bigint, groupBy: GroupBy, grain: Grain) =>
    (
      await t
        .as('revisor', 'auditor')
        .get(
          `/api/reports/forecast-vs-actual?groupBy=${groupBy}&grain=${grain}&asOfPosition=${position}`,
        )
        .expect(200)
    ).body as Record<string, unknown>;

  /** Positions after which the worked example's investments both exist, and the head. */
  const moments = (): bigint[] => {
    const both = events.findIndex((e) => e.streamId === 'investment-e-tjanst');
    const after = events.slice(both).map((e) => e.position);
    return [...new Set([after[0], after[Math.floor(after.length / 2)], after[after.length - 1]])];
  };

  it('answer the fund report as of past moments as the events say it, by every grouping and grain', async () => {
    const workers = t.app.get(DocumentWorkers);
    for (const position of moments()) {
      for (const groupBy of GROUP_BYS) {
        for (const grain of GRAINS) {
          const { asOf: _asOf, position: at, ...report } = await askedAt(position, groupBy, grain);
          expect(at).toBe(String(position));
          expect(report).toEqual(JSON.parse(JSON.stringify(expected(position, groupBy, grain))));
        }
      }
    }
    // The questions were shared: the workers are kept for the next ones.
    expect(workers.running).toBe(2);
  });

  it('answer the same when a worker fails: the service figures in its own thread', async () => {
    const workers = t.app.get(DocumentWorkers);
    const failing = jest
      .spyOn(workers, 'workOut')
      .mockRejectedValue(new Error('a worker failed (simulated)'));
    try {
      // A moment not asked before, so nothing is kept for it yet.
      const asked = new Set(moments());
      const position = events.map((e) => e.position).find((p) => p > moments()[0] && !asked.has(p));
      if (position === undefined) throw new Error('the worked example has no moment left to ask');
      const {
        asOf: _asOf,
        position: _at,
        ...report
      } = await askedAt(position, 'tranche', 'quarter');
      expect(failing).toHaveBeenCalled();
      expect(report).toEqual(JSON.parse(JSON.stringify(expected(position, 'tranche', 'quarter'))));
    } finally {
      failing.mockRestore();
    }
  });
});
