/**
 * Scenario: the board report on the demo ledger (issue 17 asks for "well under a second").
 * Builds the demo ledger in the scratch folder, opens the service's modules on it the way
 * `ledger report board` does, and times the report as JSON (the first one pays for folding
 * the ledger up to asOf; later ones reuse the as-of views), as XLSX and as PDF. No baseline:
 * the figure is absolute, against the goal.
 */
import { loadConfig } from '../../src/config/config';
import { buildDemoLedger } from '../../src/demo/demo-runner';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { boardPdfBuffer } from '../../src/reports/board-pdf';
import { BoardReport } from '../../src/reports/board-report';
import { openBoardReports } from '../../src/reports/board-report.module';
import { boardSheets } from '../../src/reports/board-xlsx';
import { xlsxBuffer } from '../../src/reports/xlsx';
import { BenchContext, Scenario, scratchFile } from '../support/context';
import { timed } from '../support/measure';
import { Row } from '../support/results';

const SCENARIO = 'board report';
/** The closing date of the demo's board report (its last full quarter). */
const AS_OF = '2019-03-31';
/** Warm runs per format; the median is reported. */
const WARM_RUNS = 5;
const GOAL_MS = 1_000;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const row = (name: string, ms: number, details: Record<string, number | string>): Row => ({
  scenario: SCENARIO,
  name,
  status: 'measured',
  ours: { value: Math.round(ms * 10) / 10, unit: 'ms' },
  goal: { text: `< ${GOAL_MS} ms`, met: ms < GOAL_MS },
  details,
});

const warm = async (work: () => Promise<unknown>): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) times.push((await timed(work)).ms);
  return median(times);
};

const measure = async (context: BenchContext): Promise<Row[]> => {
  const path = scratchFile(context, 'demo.sqlite');
  const built = await buildDemoLedger({ path, env: {} });
  context.log(`demo ledger: ${built.events} events`);
  const config = loadConfig({ LEDGER_SQLITE_PATH: path, LEDGER_TOKENS_PATH: '' });
  const store = SqliteEventStore.open(path);
  const opened = await openBoardReports(config, store);
  try {
    const fundId = await opened.boards.fundIdOf(undefined, AS_OF);
    const read = (): Promise<BoardReport> => opened.boards.board({ fundId, asOf: AS_OF });
    const cold = await timed(read);
    const report = cold.result;
    const details = {
      events: String(built.events),
      investments: report.investments.length,
      changes: report.changes.total,
    };
    const json = await warm(read);
    const xlsx = await warm(async () => xlsxBuffer(boardSheets(await read(), 'sv'), 'sv'));
    const pdf = await warm(async () => boardPdfBuffer(await read(), 'sv'));
    return [
      row('JSON, first (folds the ledger to asOf)', cold.ms, details),
      row(`JSON, median of ${WARM_RUNS}`, json, details),
      row(`XLSX, median of ${WARM_RUNS}`, xlsx, details),
      row(`PDF, median of ${WARM_RUNS}`, pdf, details),
    ];
  } finally {
    await opened.close();
  }
};

export const boardReportScenario: Scenario = {
  id: 'board-report',
  title: 'the board report on the demo ledger (JSON, XLSX, PDF)',
  run: measure,
};
