/**
 * Scenario 4: durable commands over HTTP (allocations, effect reports) against a bare Fastify
 * route that makes one event durable per request, at several concurrency levels; and the
 * investment read endpoints. The service and the bare routes run in child processes; the load
 * comes from autocannon in this one.
 */
import { stockholmDay } from '../../src/periods/stockholm-day';
import { aBenefitCase, aFinancialLine } from '../../test/support/investment.mothers';
import { expectOk, callApi } from '../http/api-client';
import { Credentials, ServerChild, startServerChild } from '../http/child';
import { LoadResult, LoadSpec, runLoad } from '../http/load';
import { BenchContext, Scenario, scratchFile } from '../support/context';
import { compare, Row, waiting, absolute } from '../support/results';

const SCENARIO = '4 HTTP';
const UNIT = 'req/s';
export const FINANCE: readonly [string, string] = ['bench.finance', 'finance'];
export const LEAD: readonly [string, string] = ['bench.lead', 'project-lead'];
/** Investments the allocations go to, and the investments effect reports are made on. */
export const ALLOCATION_INVESTMENTS = 20;
const REPORT_INVESTMENTS = 40;
/**
 * Ten financial lines over the longest horizon. Only months that have begun can be reported
 * (PERIOD_NOT_STARTED), so the horizon starts thirty years back: from 1997 to the end of
 * 2026 that is 360 months, 144 000 line-months over the 40 investments. It started in 2017
 * until a run reported faster than its 48 000 begun line-months allowed, and the service
 * refused the months to come (PERIOD_NOT_STARTED) in the middle of a measured run.
 */
const REPORT_LINES = 10;
const REPORT_HORIZON_YEARS = 50;
const REPORT_START_YEAR = 1997;
const MONTHS_PER_YEAR = 12;
const TRANCHE = 't1';
const BARE_GOAL = 0.5;
const ONE_FSYNC_GOAL = 1;
const READ_CONNECTIONS = 10;
const WARM_UP_SECONDS = 3;
const WARM_UP_CONNECTIONS = 10;
const WARM_UP_FUND = 'bench-warm-up';
/** The fund whose decision on the first day of the report targets' horizon begins their lives. */
const REPORT_FUND = 'bench-reports';

export interface Service {
  readonly url: string;
  readonly finance: Readonly<Record<string, string>>;
  readonly lead: Readonly<Record<string, string>>;
}

export const headersOf = (credentials: Credentials, actor: readonly [string, string]) => {
  const headers = credentials[`${actor[0]} ${actor[1]}`];
  if (headers === undefined) throw new Error(`no credentials for ${actor.join(' ')}`);
  return headers;
};

export const proposeAndDocument = async (service: Service, investmentId: string, lines: number) => {
  await expectOk(service.url, 'POST', '/api/investments', service.lead, {
    investmentId,
    title: `Benchmark ${investmentId}`,
    department: 'Kommunledningsförvaltningen',
    projectLead: LEAD[0],
    need: 'Manuell hantering av ansökningar',
  });
  const benefitCase = aBenefitCase({
    startYear: REPORT_START_YEAR,
    horizonYears: REPORT_HORIZON_YEARS,
    benefits: Array.from({ length: lines }, (_, n) =>
      aFinancialLine({ benefitLineId: `line-${n}`, owner: LEAD[0] }),
    ),
  });
  await expectOk(
    service.url,
    'PUT',
    `/api/investments/${investmentId}/benefit-case`,
    service.lead,
    benefitCase,
  );
};

export const establishFund = async (service: Service, fundId: string) => {
  await expectOk(service.url, 'POST', '/api/funds', service.finance, {
    fundId,
    name: `Benchmark fund ${fundId}`,
    currency: 'SEK',
    decisionRef: 'Ks 1474/2016',
    tranches: [
      {
        trancheId: TRANCHE,
        name: 'Etapp 1',
        amount: '120000000.00',
        allocatableFrom: '2016-12-31',
      },
    ],
  });
  await expectOk(
    service.url,
    'POST',
    `/api/funds/${fundId}/tranches/${TRANCHE}/release`,
    service.finance,
    {
      releasedOn: '2016-12-31',
      decisionRef: 'KF 2016',
    },
  );
};

/**
 * The report targets are proposed today, and nothing is reported of a period that ended before
 * an investment's life began (EFFECT_PERIOD_BEFORE_LIFE): the board's decision on the first day
 * of their horizon, recorded here as history entered later, begins their lives then, so every
 * month from 1997 can be reported.
 */
const fundReportTargets = async (service: Service): Promise<void> => {
  const firstDay = `${REPORT_START_YEAR}-01-01`;
  await expectOk(service.url, 'POST', '/api/funds', service.finance, {
    fundId: REPORT_FUND,
    name: 'Benchmark fund for the report targets',
    currency: 'SEK',
    decisionRef: `Ks 1/${REPORT_START_YEAR}`,
    tranches: [
      { trancheId: TRANCHE, name: 'Etapp 1', amount: '120000000.00', allocatableFrom: firstDay },
    ],
  });
  await expectOk(
    service.url,
    'POST',
    `/api/funds/${REPORT_FUND}/tranches/${TRANCHE}/release`,
    service.finance,
    { releasedOn: firstDay, decisionRef: `KF ${REPORT_START_YEAR}` },
  );
  for (let i = 0; i < REPORT_INVESTMENTS; i++) {
    await expectOk(service.url, 'POST', `/api/funds/${REPORT_FUND}/allocations`, service.finance, {
      allocationId: `report-alloc-${i}`,
      investmentId: `report-target-${i}`,
      trancheId: TRANCHE,
      amount: '1.00',
      decidedOn: firstDay,
      decisionRef: `Ks ${REPORT_START_YEAR}/${i}`,
      caseVersion: 1,
    });
  }
};

/** Allocation bodies with ids unique across the run, spread over the documented investments. */
export const allocations = () => {
  let n = 0;
  return () => {
    n += 1;
    return {
      allocationId: `alloc-${n}`,
      investmentId: `alloc-target-${n % ALLOCATION_INVESTMENTS}`,
      trancheId: TRANCHE,
      amount: '1.00',
      decidedOn: '2017-03-01',
      decisionRef: `Ks 2017/${n}`,
      caseVersion: 1,
    };
  };
};

/** The horizon's months up to and including the current one (Stockholm): those that can be reported. */
const monthsBegun = (): number => {
  const [year, month] = stockholmDay(Date.now()).split('-').map(Number);
  const begun = (year - REPORT_START_YEAR) * MONTHS_PER_YEAR + month;
  return Math.min(begun, REPORT_HORIZON_YEARS * MONTHS_PER_YEAR);
};

/**
 * Effect reports: each request a new (investment, line, month), so none is refused as
 * already reported. The path and the body must agree, so both come from one counter.
 */
const effectReports = () => {
  let n = 0;
  let current = { investment: 0, line: 0, month: 0 };
  const capacity = REPORT_INVESTMENTS * REPORT_LINES * monthsBegun();
  return {
    path: () => {
      if (n >= capacity) {
        throw new Error('the effect-report benchmark ran out of line-months that have begun');
      }
      const slot = Math.floor(n / REPORT_INVESTMENTS);
      current = {
        investment: n % REPORT_INVESTMENTS,
        line: slot % REPORT_LINES,
        month: Math.floor(slot / REPORT_LINES),
      };
      n += 1;
      return `/api/investments/report-target-${current.investment}/effect-reports`;
    },
    body: () => {
      const year = REPORT_START_YEAR + Math.floor(current.month / MONTHS_PER_YEAR);
      const month = String((current.month % MONTHS_PER_YEAR) + 1).padStart(2, '0');
      return {
        reportId: `report-${n}`,
        benefitLineId: `line-${current.line}`,
        period: `${year}-${month}`,
        value: '41250.00',
        evidence: 'Leverantörsfakturor, dnr KS 2018/101',
      };
    },
  };
};

const latency = (result: LoadResult) => ({
  p50: `${result.p50Ms} ms`,
  p99: `${result.p99Ms} ms`,
  ...(result.non2xx > 0 ? { 'non-2xx': result.non2xx } : {}),
  ...(result.errors > 0 ? { errors: result.errors } : {}),
});

interface CommandRun extends LoadResult {
  /** Documents the projection read back from the file during the run (undefined: unknown). */
  readonly documentsReadBack: number | undefined;
}

interface LevelResults {
  readonly connections: number;
  readonly allocations: CommandRun;
  readonly reports: CommandRun;
  readonly bareGroup: LoadResult;
  readonly bareOneFsync: LoadResult;
  /** GET of the level's fund: the service's HTTP pipeline with the least behind it. */
  readonly pipeline: LoadResult;
}

/**
 * The service's HTTP pipeline (Fastify, Nest, the security headers, the request log, the
 * token check, the read-your-writes wait) on a GET of one small document, against the bare
 * route: a command passes the same pipeline and parses, validates, decides, appends and
 * projects besides, so this ratio is the most a command could reach.
 */
const pipelineRow = (level: LevelResults): Row =>
  compare({
    scenario: SCENARIO,
    name: `GET fund (the service's pipeline, least behind it), ${level.connections} connections`,
    ours: { value: level.pipeline.throughput, unit: UNIT },
    baseline: { name: 'bare route, group commit', value: level.bareGroup.throughput, unit: UNIT },
    better: 'higher',
    details: latency(level.pipeline),
    note: 'no goal: the ceiling of a command through the same pipeline',
  });

/**
 * The service's count of current read-model documents read whole from the file (its
 * /metrics): while only commands arrive, what the projection had to read back to fold onto.
 */
const DOCUMENTS_READ_METRIC = /^ledger_readmodel_current_documents_read_total (\d+)$/m;

const documentsRead = async (service: Service): Promise<number | undefined> => {
  const answer = await callApi(service.url, 'GET', '/metrics', {});
  const match = DOCUMENTS_READ_METRIC.exec(typeof answer.body === 'string' ? answer.body : '');
  return match === null ? undefined : Number(match[1]);
};

/** A command run, and how many documents the projection read back from the file during it. */
const runCommands = async (service: Service, name: string, spec: LoadSpec): Promise<CommandRun> => {
  const before = await documentsRead(service);
  const result = allAccepted(name, await runLoad(spec));
  const after = await documentsRead(service);
  return {
    ...result,
    documentsReadBack: before === undefined || after === undefined ? undefined : after - before,
  };
};

const levelRows = (level: LevelResults): Row[] => {
  const c = level.connections;
  const rows: Row[] = [];
  for (const [what, result] of [
    ['POST allocations', level.allocations],
    ['POST effect-reports', level.reports],
  ] as const) {
    rows.push(
      compare({
        scenario: SCENARIO,
        name: `${what}, ${c} connections`,
        ours: { value: result.throughput, unit: UNIT },
        baseline: {
          name: 'bare route, group commit',
          value: level.bareGroup.throughput,
          unit: UNIT,
        },
        better: 'higher',
        goalRatio: BARE_GOAL,
        goalText: '≥ 50 % of bare',
        details: {
          ...latency(result),
          'bare p50': `${level.bareGroup.p50Ms} ms`,
          'bare p99': `${level.bareGroup.p99Ms} ms`,
          ...(result.documentsReadBack === undefined
            ? {}
            : { 'documents read back': result.documentsReadBack }),
        },
      }),
      compare({
        scenario: SCENARIO,
        name: `${what}, ${c} connections`,
        ours: { value: result.throughput, unit: UNIT },
        baseline: {
          name: 'bare route, one fsync per request',
          value: level.bareOneFsync.throughput,
          unit: UNIT,
        },
        better: 'higher',
        goalRatio: ONE_FSYNC_GOAL,
        goalText: 'above one fsync per request',
        details: {
          'one-fsync p50': `${level.bareOneFsync.p50Ms} ms`,
          'one-fsync p99': `${level.bareOneFsync.p99Ms} ms`,
        },
      }),
    );
  }
  rows.push(pipelineRow(level));
  return rows;
};

const setUp = async (context: BenchContext, child: ServerChild): Promise<Service> => {
  const service: Service = {
    url: child.ready.url,
    finance: headersOf(child.ready.credentials, FINANCE),
    lead: headersOf(child.ready.credentials, LEAD),
  };
  context.log('setting up investments and funds over HTTP');
  for (let i = 0; i < ALLOCATION_INVESTMENTS; i++) {
    await proposeAndDocument(service, `alloc-target-${i}`, 1);
  }
  for (let i = 0; i < REPORT_INVESTMENTS; i++) {
    await proposeAndDocument(service, `report-target-${i}`, REPORT_LINES);
  }
  for (const c of context.config.httpConcurrency) await establishFund(service, `bench-c${c}`);
  await establishFund(service, WARM_UP_FUND);
  await fundReportTargets(service);
  return service;
};

type Endpoint = (connections: number, seconds: number, fundId: string) => LoadSpec;

/** The four contenders, each a load spec per connection count (and fund, for allocations). */
const endpoints = (service: Service, bare: ServerChild) => {
  const nextAllocation = allocations();
  const reports = effectReports();
  const bareBody = allocations();
  const bareRoute =
    (route: string): Endpoint =>
    (connections, seconds) => ({
      url: bare.ready.url,
      method: 'POST',
      path: `/${route}/fund-bench`,
      body: bareBody,
      connections,
      seconds,
    });
  const all: Readonly<
    Record<'bareGroup' | 'allocations' | 'bareOneFsync' | 'reports' | 'pipeline', Endpoint>
  > = {
    bareGroup: bareRoute('group-commit'),
    allocations: (connections, seconds, fundId) => ({
      url: service.url,
      method: 'POST',
      path: `/api/funds/${fundId}/allocations`,
      headers: service.finance,
      body: nextAllocation,
      connections,
      seconds,
    }),
    bareOneFsync: bareRoute('one-fsync'),
    reports: (connections, seconds) => ({
      url: service.url,
      method: 'POST',
      path: reports.path,
      headers: service.lead,
      body: reports.body,
      connections,
      seconds,
    }),
    pipeline: (connections, seconds, fundId) => ({
      url: service.url,
      method: 'GET',
      path: `/api/funds/${fundId}`,
      headers: service.finance,
      connections,
      seconds,
    }),
  };
  return all;
};

/** Warm-up seconds per contender: the JIT and caches settle before anything is measured. */
const warmUpSeconds = (context: BenchContext): number =>
  Math.max(1, Math.min(WARM_UP_SECONDS, Math.round(context.config.httpSeconds / 3)));

const measureLevels = async (
  context: BenchContext,
  service: Service,
  bare: ServerChild,
): Promise<LevelResults[]> => {
  const seconds = context.config.httpSeconds;
  const contenders = endpoints(service, bare);
  const warmUp = warmUpSeconds(context);
  context.log(`warming up, ${warmUp} s per contender`);
  for (const endpoint of Object.values(contenders)) {
    await runLoad(endpoint(WARM_UP_CONNECTIONS, warmUp, WARM_UP_FUND));
  }
  const levels: LevelResults[] = [];
  for (const connections of context.config.httpConcurrency) {
    context.log(`HTTP at ${connections} connections, ${seconds} s per run`);
    const fundId = `bench-c${connections}`;
    const bareGroup = await runLoad(contenders.bareGroup(connections, seconds, fundId));
    const allocationsResult = await runCommands(
      service,
      'allocations',
      contenders.allocations(connections, seconds, fundId),
    );
    const bareOneFsync = await runLoad(contenders.bareOneFsync(connections, seconds, fundId));
    const reportsResult = await runCommands(
      service,
      'effect reports',
      contenders.reports(connections, seconds, fundId),
    );
    const pipeline = await runLoad(contenders.pipeline(connections, seconds, fundId));
    levels.push({
      connections,
      allocations: allocationsResult,
      reports: reportsResult,
      bareGroup,
      bareOneFsync,
      pipeline,
    });
  }
  return levels;
};

/**
 * A command run in which the service refused some requests measured something else as well:
 * the refusals took their share of the run and of its latencies. Every command the bench
 * sends is one the ledger accepts, so a refusal means the bench or the service is wrong.
 */
const allAccepted = (name: string, result: LoadResult): LoadResult => {
  if (result.non2xx > 0) {
    throw new Error(`${result.non2xx} of the ${name} were refused: the run measured refusals too`);
  }
  return result;
};

/** A read endpoint under load, or a waiting row when the service does not answer it yet. */
const measureRead = async (
  context: BenchContext,
  service: Service,
  name: string,
  path: string,
): Promise<Row> => {
  const probe = await callApi(service.url, 'GET', path, service.lead);
  if (probe.status !== 200) {
    return waiting(
      SCENARIO,
      name,
      `the service answers ${probe.status} ${JSON.stringify((probe.body as { code?: unknown })?.code ?? '')}`,
    );
  }
  const result = await runLoad({
    url: service.url,
    method: 'GET',
    path,
    headers: service.lead,
    connections: READ_CONNECTIONS,
    seconds: context.config.httpSeconds,
  });
  return absolute(
    SCENARIO,
    `${name}, ${READ_CONNECTIONS} connections`,
    { value: result.throughput, unit: UNIT },
    undefined,
    latency(result),
  );
};

export const httpScenario: Scenario = {
  id: 'http',
  title: 'HTTP commands against a bare durable route; investment reads',
  async run(context) {
    const ledgerPath = scratchFile(context, 'http-service.sqlite');
    const service = await startServerChild('service-server.ts', {
      BENCH_LEDGER_PATH: ledgerPath,
      BENCH_ACTORS: JSON.stringify([FINANCE, LEAD]),
    });
    const bare = await startServerChild('bare-server.ts', { BENCH_BARE_DIR: context.workDir });
    try {
      const api = await setUp(context, service);
      const levels = await measureLevels(context, api, bare);
      const reportsOn = 'report-target-0';
      return [
        ...levels.flatMap(levelRows),
        await measureRead(
          context,
          api,
          'GET forecast-vs-actual',
          `/api/investments/${reportsOn}/forecast-vs-actual`,
        ),
        await measureRead(context, api, 'GET investment', `/api/investments/${reportsOn}`),
      ];
    } finally {
      await service.stop();
      await bare.stop();
    }
  },
};
