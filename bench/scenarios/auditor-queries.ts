/**
 * Scenario 5: what an auditor waits for on the generated ledger, through the running service:
 * the history of the long-running investment (the 10 000 events) and the fund as it
 * stood halfway through the ledger. Latency of one request at a time: the median of a few
 * after a warm-up (fewer when a query is slow, so the run keeps to its time).
 */
import { callApi } from '../http/api-client';
import { Scenario } from '../support/context';
import { LedgerService } from '../support/ledger-service';
import { median, percentile } from '../support/measure';
import { absolute, Row, waiting } from '../support/results';

const SCENARIO = '5 auditor';
const MAX_REPEATS = 5;
/** Time the repeats of one query may take together. */
const QUERY_BUDGET_MS = 20_000;
/** One answer slower than this is reported as timed out. */
const QUERY_TIMEOUT_MS = 60_000;
const HISTORY_LIMIT_MS = 100;
const SLOWEST = 100;

interface Query {
  readonly name: string;
  readonly path: string;
  readonly limitMs?: number;
}

const limitOf = (query: Query) =>
  query.limitMs === undefined ? undefined : { max: query.limitMs, text: `< ${query.limitMs} ms` };

const call = (service: LedgerService, path: string) =>
  callApi(service.url, 'GET', path, service.auditor, undefined, QUERY_TIMEOUT_MS);

const describeFailure = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

const timeQuery = async (service: LedgerService, query: Query): Promise<Row> => {
  let warmUp;
  try {
    warmUp = await call(service, query.path);
  } catch (error) {
    // A timeout, or the service went away while answering (e.g. out of memory).
    return absolute(SCENARIO, query.name, { value: QUERY_TIMEOUT_MS, unit: 'ms' }, limitOf(query), {
      'no answer': describeFailure(error),
    });
  }
  if (warmUp.status !== 200) {
    const code = (warmUp.body as { code?: unknown } | undefined)?.code;
    return waiting(
      SCENARIO,
      query.name,
      `the service answers ${warmUp.status} ${String(code ?? '')}`,
    );
  }
  const repeats = Math.max(1, Math.min(MAX_REPEATS, Math.floor(QUERY_BUDGET_MS / warmUp.ms)));
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) samples.push((await call(service, query.path)).ms);
  return absolute(SCENARIO, query.name, { value: median(samples), unit: 'ms' }, limitOf(query), {
    slowest: `${percentile(samples, SLOWEST).toFixed(0)} ms`,
    requests: repeats,
  });
};

export const auditorScenario: Scenario = {
  id: 'auditor',
  title: 'Auditor queries: a long history, the fund as of a past moment',
  async run(context) {
    const ledger = await context.ledger();
    const asOf = encodeURIComponent(ledger.midpointRecordedAt);
    const events = ledger.events.toLocaleString('en-US');
    // The history last: its answer is the biggest, and if it takes the service down the
    // other figures are already in.
    const queries: Query[] = [
      {
        name: `as-of fund report (forecast vs actual by fund) on ${events} events`,
        path: `/api/reports/forecast-vs-actual?groupBy=fund&asOf=${asOf}`,
      },
      {
        name: `as-of fund balance (GET fund) on ${events} events`,
        path: `/api/funds/${ledger.fundId}?asOf=${asOf}`,
      },
      {
        name: `history of a ${ledger.historyEvents.toLocaleString('en-US')}-event investment`,
        path: `/api/investments/${ledger.historyInvestmentId}/history`,
        limitMs: HISTORY_LIMIT_MS,
      },
    ];
    const started = await context.ledgerService();
    if (!started.ok) return queries.map((query) => waiting(SCENARIO, query.name, started.reason));
    const rows: Row[] = [];
    for (const query of queries) rows.push(await timeQuery(started.service, query));
    return rows;
  },
};
