/**
 * Questions walking many investments the service has not figured (the fund report, the list
 * and the follow-up as of a past moment) are shared among worker threads reading the
 * read-model file on connections of their own (src/projections/document-workers.ts). Here
 * every such question is shared (one investment per worker is enough), over real HTTP, and
 * answered as a second service on the same ledger answers it that figures everything in its own
 * thread, and the fund report as the ledger's events say it. A worker that fails costs only
 * time: the service figures in its own thread and answers the same.
 *
 * Not an `.e2e.spec`: the second service opens the ledger's SQLite file, which the EventStoreDB
 * run of the e2e specs does not have.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { collect, RecordedEvent } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../src/infra/logger';
import { DocumentWorkers } from '../../src/projections/document-workers';
import { COLLECTIONS, ReadModelDb } from '../../src/projections/read-model-db';
import { ReportQueries } from '../../src/reports/report.queries';
import { Grain } from '../../src/periods/period';
import { stockholmDay } from '../../src/periods/stockholm-day';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { forecastReport, GROUP_BYS, GroupBy } from '../../projections/figures/report.figures';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { upcast } from '../../projections/upcast';
import { startWorkedExample } from './support/worked-example';
import type { TestApp } from '../support/test-app';

const GRAINS: readonly Grain[] = ['year', 'quarter', 'month'];
/** The tracks' collection in the read-model file. */
const TRACKS = COLLECTIONS.findIndex(
  (c) => c.model === 'forecastVsActual' && c.collection === 'investments',
);
const SHARED = { LEDGER_FIGURE_WORKERS: '2', LEDGER_FIGURE_WORKER_MIN_INVESTMENTS: '1' };

describe('questions shared among worker threads', () => {
  let t: TestApp;
  let events: RecordedEvent[];
  /** The control: the same ledger, its own read models, no workers. */
  let control: NestFastifyApplication;
  let controlStore: SqliteEventStore;
  let token: string;

  beforeAll(async () => {
    t = (await startWorkedExample({}, SHARED)).t;
    // Both investments funded, so the board report's figures are shared among the workers too.
    await t
      .as('fia', 'finance')
      .post('/api/funds/orebro/allocations', {
        allocationId: 'a3',
        investmentId: 'e-tjanst',
        trancheId: 't1',
        amount: '500000.00',
        decidedOn: '2019-03-01',
        decisionRef: 'Ks 88/2019',
        caseVersion: 1,
      })
      .expect(201);
    events = await collect(t.store.readAll());
    token = await t.tokenFor('revisor', 'auditor');
    controlStore = SqliteEventStore.open(t.sqlitePath);
    control = await createApp({
      config: loadConfig({
        LEDGER_SQLITE_PATH: t.sqlitePath,
        LEDGER_READMODEL_PATH: join(t.dir, 'control.readmodels.sqlite'),
        LEDGER_FIGURE_WORKERS: '0',
        PORT: '0',
        HOST: '127.0.0.1',
      }),
      store: controlStore,
      logger: createLogger('silent'),
    });
    await control.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await control.close();
    await t.close();
  });

  const ask = async (service: string, path: string): Promise<Record<string, unknown>> =>
    (await request(service).get(path).set('Authorization', `Bearer ${token}`).expect(200))
      .body as Record<string, unknown>;
  /** The question to the service with workers and to the control, in that order. */
  const both = async (path: string) => {
    const shared = await ask(t.url, path);
    return { shared, control: await ask(await control.getUrl(), path) };
  };

  /**
   * `ask()` with the workers watched: every question they were given was answered for every
   * investment asked (none failed, so the service's own thread worked nothing out behind
   * them), and these kinds of work were among them.
   */
  const answeredByWorkers = async (kinds: readonly string[], ask: () => Promise<void>) => {
    const watched = jest.spyOn(t.app.get(DocumentWorkers), 'workOut');
    try {
      await ask();
      const answers = await Promise.all(
        watched.mock.results.map((result) => result.value as Promise<unknown[]>),
      );
      watched.mock.calls.forEach(([, , ids], i) => expect(answers[i]).toHaveLength(ids.length));
      expect(new Set(watched.mock.calls.map(([, , , task]) => task.kind))).toEqual(new Set(kinds));
    } finally {
      watched.mockRestore();
    }
  };

  /** The report as the events up to `position` say it, on the day that event was recorded. */
  const expected = (position: bigint, groupBy: GroupBy, grain: Grain) => {
    const upTo = events.filter((e) => e.position <= position);
    const views = foldViews(
      initialViews,
      upTo.flatMap((e) => upcast(e) ?? []),
    );
    const today = stockholmDay(String(upTo[upTo.length - 1].metadata.recordedAt));
    const report = forecastReport(views.forecastVsActual, groupBy, {
      grain,
      today,
      tolerances: DEFAULT_TOLERANCES,
    });
    return JSON.parse(JSON.stringify(report)) as unknown;
  };

  /** Positions after which both of the worked example's investments exist. */
  const moments = (): bigint[] => {
    const both = events.findIndex((e) => e.streamId === 'investment-e-tjanst');
    return events.slice(both).map((e) => e.position);
  };

  it('answer the same when a worker fails: the service figures in its own thread', async () => {
    const workers = t.app.get(DocumentWorkers);
    const failing = jest
      .spyOn(workers, 'workOut')
      .mockRejectedValue(new Error('a worker failed (simulated)'));
    try {
      // Asked first of all, so nothing is kept for it.
      const { shared, control: same } = await both(
        `/api/reports/forecast-vs-actual?groupBy=tranche&grain=quarter&asOfPosition=${moments()[0]}`,
      );
      expect(failing).toHaveBeenCalled();
      expect(shared).toEqual(same);
    } finally {
      failing.mockRestore();
    }
  });

  it('answer the fund report as of past moments as the events say it, by every grouping and grain', async () => {
    const all = moments();
    await answeredByWorkers(['report-part'], async () => {
      for (const position of [all[0], all[Math.floor(all.length / 2)], all[all.length - 1]]) {
        for (const groupBy of GROUP_BYS) {
          for (const grain of GRAINS) {
            const path = `/api/reports/forecast-vs-actual?groupBy=${groupBy}&grain=${grain}&asOfPosition=${position}`;
            const { shared, control: same } = await both(path);
            expect(shared).toEqual(same);
            const { asOf: _asOf, position: at, ...report } = shared;
            expect(at).toBe(String(position));
            expect(report).toEqual(expected(position, groupBy, grain));
          }
        }
      }
    });
    // The questions were shared: the workers are kept for the next ones, and the service's
    // metrics say so.
    expect(t.app.get(DocumentWorkers).running).toBe(2);
    const metrics = (await request(t.url).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^ledger_figure_workers 2$/m);
    expect(metrics).toMatch(
      /^ledger_figure_worker_questions_total\{outcome="answered"\} [1-9]\d*$/m,
    );
  });

  it("answer every funded investment's figures and the report over them, and the board report, as the service alone does", async () => {
    const ids = ['e-arkiv', 'e-tjanst'];
    /** What the board report asks of the report queries, at a grain and grouping of its own. */
    const figured = async (app: NestFastifyApplication, position: bigint) => {
      const { figures, report } = await app
        .get(ReportQueries)
        .figuresAndReport(ids, 'quarter', 'tranche', { asOfPosition: String(position) });
      return JSON.parse(JSON.stringify({ figures: [...figures], report })) as unknown;
    };
    await answeredByWorkers(['figures-and-part'], async () => {
      for (const position of moments()) {
        expect(await figured(t.app, position)).toEqual(await figured(control, position));
      }
    });
    for (const asOf of new Set(
      events.filter((e) => e.position >= moments()[0]).map((e) => String(e.metadata.recordedAt)),
    )) {
      const { shared, control: same } = await both(
        `/api/reports/board?fundId=orebro&asOf=${encodeURIComponent(asOf)}`,
      );
      expect(shared).toEqual(same);
    }
  });

  it('answer the investment list and the follow-up as of every moment as the service alone does', async () => {
    await answeredByWorkers(['to-date', 'follow-up-part', 'outline'], async () => {
      for (const position of moments()) {
        for (const path of [
          `/api/investments?asOfPosition=${position}`,
          `/api/investments?asOfPosition=${position}&sort=actualToDate&order=desc`,
          `/api/reports/follow-up?asOfPosition=${position}`,
        ]) {
          const { shared, control: same } = await both(path);
          expect(shared).toEqual(same);
        }
      }
    });
  });

  it('hands a large share over in parts, ends when idle or stopped, and fails on a file it cannot read', async () => {
    const file = t.app.get(ReadModelDb).file;
    if (file === undefined) throw new Error('the test app keeps its read models in a file');
    const position = t.app.get(ReadModelDb).checkpoint().position;
    const task = {
      kind: 'to-date',
      options: { grain: 'year', today: '2019-03-01', tolerances: DEFAULT_TOLERANCES },
    } as const;
    // More answers than a worker hands over at once, each investment many times.
    const ids = Array.from({ length: 250 }, (_, i) => (i % 2 === 0 ? 'e-arkiv' : 'e-tjanst'));
    const options = { workers: 2, minDocumentsPerWorker: 1, idleMs: 200 };
    const workers = new DocumentWorkers(file, options);
    try {
      const answers = await workers.workOut(TRACKS, position, ids, task, 2);
      expect(answers.map((a) => a.id).sort()).toEqual([...ids].sort());
      expect(workers.running).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(workers.running).toBe(0);
      const stopped = workers.workOut(TRACKS, position, ids, task, 2);
      await workers.stop();
      await expect(stopped).rejects.toThrow(/stopping/);
    } finally {
      await workers.stop();
    }
    const missing = new DocumentWorkers(join(t.dir, 'missing.sqlite'), options);
    try {
      await expect(missing.workOut(TRACKS, position, ids, task, 2)).rejects.toThrow();
      expect(missing.counts).toEqual({ answered: 0, failed: 1 });
    } finally {
      await missing.stop();
    }
  });
});
