/**
 * Schema evolution: test/fixtures/ledger-v1.sqlite holds a small ledger whose events are in
 * their first schema version (written by test/fixtures/make-ledger-v1.ts). Whatever shapes
 * the events take later, the upcasters (projections/upcast.ts) must replay it to the same
 * figures, written out here by hand.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, EventStore } from '../../src/event-store/event-store';
import { verifyChain } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { foldLedger } from '../../src/projections/rebuild';
import { FIXTURE_EVENTS, FIXTURE_PATH } from '../fixtures/make-ledger-v1';
import { bootApp, BootedApp } from './support/boot';
import { AUDITOR } from './support/workload';

/** Late enough that every forecast period of the fixture has ended. */
const AS_OF = '2021-01-01';

describe('schema evolution: the version 1 ledger', () => {
  let dir: string;
  let store: EventStore;
  let app: BootedApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-v1-'));
    copyFileSync(FIXTURE_PATH, join(dir, 'ledger.sqlite'));
    store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the fixture as written: first-version events, chain intact', async () => {
    const events = await collect(store.readAll());
    expect(events.map((e) => e.type)).toEqual(FIXTURE_EVENTS.map((e) => e.type));
    expect(new Set(events.map((e) => e.metadata.schemaVersion))).toEqual(new Set([1]));
    expect(await verifyChain(store.readAll())).toEqual({ ok: true, eventsChecked: 27 });
  });

  it('folds through the upcasters into every read model', async () => {
    const { views, events, position } = await foldLedger(store);
    expect({ events, position }).toEqual({ events: 27, position: 27n });
    // Every investment and the fund made it through, whatever the views look like inside.
    expect(JSON.stringify(views)).toEqual(expect.stringContaining('"orebro-v1"'));
    expect(JSON.stringify(views)).toEqual(expect.stringContaining('"bygglov"'));
    expect(JSON.stringify(views)).toEqual(expect.stringContaining('"rep-2019-lic"'));
  });

  it('replays to the same figures over the API', async () => {
    app = await bootApp(store, dir);
    const get = async (path: string): Promise<unknown> => {
      const outcome = await app.transport(AUDITOR, { method: 'GET', path });
      expect(outcome).toMatchObject({ kind: 'reply', status: 200 });
      return outcome.kind === 'reply' ? outcome.body : undefined;
    };
    const fund = await get(`/api/funds/orebro-v1?asOf=${AS_OF}`);
    const archive = await get(
      `/api/investments/e-arkiv/forecast-vs-actual?grain=year&asOf=${AS_OF}`,
    );
    const permit = await get(
      `/api/investments/bygglov/forecast-vs-actual?grain=year&asOf=${AS_OF}`,
    );
    const summary = await get(`/api/investments/e-arkiv?asOf=${AS_OF}`);
    expect(fund).toMatchObject({
      position: '27',
      tranches: [
        {
          trancheId: 't1',
          status: 'released',
          amount: '120000000.00',
          allocated: '4000000.00',
          // As of 2021 both windows (to 2018-12-31) have closed: nothing can be allocated.
          available: '0.00',
          lapsed: '116000000.00',
          unallocated: '116000000.00',
          spent: '1700000.00',
          harvested: '500000.00',
        },
        {
          trancheId: 't2',
          status: 'released',
          amount: '80000000.00',
          allocated: '3000000.00',
          available: '0.00',
          lapsed: '77000000.00',
          unallocated: '77000000.00',
          spent: '800000.00',
          harvested: '0.00',
        },
      ],
      totals: {
        amount: '200000000.00',
        allocated: '7000000.00',
        available: '0.00',
        lapsed: '193000000.00',
        unallocated: '193000000.00',
        spent: '2500000.00',
        harvested: '500000.00',
      },
    });
    // The baseline is version 1 (the first allocation's), the current forecast version 2.
    expect(archive).toMatchObject({
      baselineCaseVersion: 1,
      currentCaseVersion: 2,
      decisionYear: 2017,
      status: 'deviation',
      lines: [
        {
          benefitLineId: 'fewer-licences',
          achievementPct: '67.78',
          status: 'deviation',
          toDate: {
            baselineForecast: '1800000.00',
            currentForecast: '1850000.00',
            actual: '1220000.00',
            harvested: '500000.00',
            variance: '-580000.00',
            realisationRatio: '0.6778',
          },
        },
        {
          benefitLineId: 'time-freed',
          achievementPct: '41.67',
          status: 'deviation',
          toDate: {
            baselineForecast: '960000.00',
            currentForecast: '960000.00',
            actual: '400000.00',
            variance: '-560000.00',
            realisationRatio: '0.4167',
          },
        },
        // Issue 15: the yearly NKI's last reading (50 %, on its path then) is older than its
        // frequency allows on 2021-01-01, so the line shows stale, not that reading's status.
        { benefitLineId: 'citizen-satisfaction', achievementPct: '50.00', status: 'stale' },
      ],
      totals: {
        toDate: {
          baselineForecast: '2760000.00',
          currentForecast: '2810000.00',
          actual: '1620000.00',
          harvested: '500000.00',
          variance: '-1140000.00',
          realisationRatio: '0.5870',
        },
      },
      kpis: {
        baseline: {
          monetised: {
            pvBenefits: '2592835.44',
            pvCosts: '2060327.40',
            npv: '532508.04',
            bcr: '1.2585',
            roi: '0.2585',
            paybackMonths: 29,
          },
        },
        forecast: { monetised: { pvBenefits: '2637932.58', npv: '577605.18', paybackMonths: 29 } },
        actualToDate: {
          monetised: {
            pvBenefits: '1544960.21',
            pvCosts: '1693236.71',
            npv: '-148276.51',
            bcr: '0.9124',
            roi: '-0.0876',
            paybackMonths: null,
          },
          financial: { pvBenefits: '1158486.78', npv: '-534749.94' },
        },
      },
    });
    expect(permit).toMatchObject({
      totals: {
        toDate: {
          baselineForecast: '500000.00',
          actual: '0.00',
          variance: '-500000.00',
          realisationRatio: '0.0000',
        },
      },
      kpis: {
        forecast: {
          monetised: {
            pvBenefits: '474923.57',
            pvCosts: '900000.00',
            npv: '-425076.43',
            bcr: '0.5277',
            paybackMonths: null,
          },
        },
        actualToDate: { monetised: { pvCosts: '800000.00', npv: '-800000.00' } },
      },
    });
    expect(summary).toMatchObject({
      stage: 'closed',
      allocated: '4000000.00',
      spent: '1700000.00',
      harvested: '500000.00',
      forecastToDate: '2760000.00',
      actualToDate: '1620000.00',
      realisationRatio: '0.5870',
      // Issue 15: qualitative readings are owed too, and the yearly NKI was read only for 2018.
      overdueCount: 3,
      closed: { closedOn: '2019-06-30' },
    });
  });
});
