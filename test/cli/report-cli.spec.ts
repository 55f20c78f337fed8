/**
 * `ledger report board` as a user runs it: a separate process on the service's configuration,
 * writing the board report of the worked example to an XLSX and a PDF file; the XLSX holds
 * the API's figures and the digest printed is the one GET /api/reports/board gives.
 */
import ExcelJS from 'exceljs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, stockholmDay } from '../../src/periods/stockholm-day';
import { ledger, ledgerWith } from './support/ledger-cli';
import { startWorkedExample, WorkedExample } from '../reports/support/worked-example';

/** Each run is a fresh ts-node process loading the service's modules: slow on a busy machine. */
const CLI_TIMEOUT_MS = 240_000;
const AS_OF = '2019-03-01';

describe('ledger report board', () => {
  let example: WorkedExample;

  beforeAll(async () => {
    example = await startWorkedExample();
  });
  afterAll(async () => example.t.close());

  /** `ledger report board` as of that moment into `out`, with `options` besides. */
  const boardTo = (out: string, ...options: string[]) =>
    ledger(example.t.sqlitePath, 'report', 'board', '--as-of', AS_OF, ...options, '--out', out);

  /** The API's board report for the moment every run here asks for. */
  const apiBoard = async () =>
    (await example.t.as('revisor', 'auditor').get(`/api/reports/board?asOf=${AS_OF}`).expect(200))
      .body;

  it(
    'writes the board report as XLSX and PDF with the API figures and digest',
    async () => {
      const { t } = example;
      const board = await apiBoard();
      const xlsx = join(t.dir, 'board.xlsx');
      const pdf = join(t.dir, 'board.pdf');
      const [a, b] = await Promise.all([boardTo(xlsx), boardTo(pdf, '--lang', 'en')]);
      expect([a.code, b.code]).toEqual([0, 0]);
      expect(a.stdout.trim()).toBe(board.ledger.digest);
      expect(b.stdout.trim()).toBe(board.ledger.digest);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(xlsx);
      const tranches = book.getWorksheet('Etapper')!;
      board.tranches.forEach((tranche: { amount: string; allocated: string }, i: number) => {
        expect(tranches.getRow(i + 2).getCell(3).value).toBe(Number(tranche.amount));
        expect(tranches.getRow(i + 2).getCell(7).value).toBe(Number(tranche.allocated));
      });
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'folds the ledger afresh, with a warning, when the service’s read models cannot be copied',
    async () => {
      const { t } = example;
      const board = await apiBoard();
      const unreadable = join(t.dir, 'not-a-database.sqlite');
      writeFileSync(unreadable, 'this is not a SQLite file');
      process.env.LEDGER_READMODEL_PATH = unreadable;
      try {
        const out = join(t.dir, 'board-afresh.xlsx');
        const run = await boardTo(out);
        expect(run.code).toBe(0);
        expect(run.stderr).toMatch(/warning: could not copy the service's read models/);
        expect(run.stdout.trim()).toBe(board.ledger.digest);
        expect(existsSync(out)).toBe(true);
      } finally {
        delete process.env.LEDGER_READMODEL_PATH;
      }
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'reads no token file, and makes none where the service has none',
    async () => {
      const { t } = example;
      const missing = join(t.dir, 'restored-without', 'ledger.tokens.sqlite');
      const out = join(t.dir, 'board-no-tokens.pdf');
      const run = await ledgerWith(
        { LEDGER_SQLITE_PATH: t.sqlitePath, LEDGER_TOKENS_PATH: missing },
        'report',
        'board',
        '--as-of',
        AS_OF,
        '--out',
        out,
      );
      expect(run.code).toBe(0);
      expect(existsSync(out)).toBe(true);
      // The service's own refusal to start on a ledger whose token file is missing still holds.
      expect(existsSync(missing)).toBe(false);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 2 on bad usage and writes nothing',
    async () => {
      const out = join(example.t.dir, 'board.docx');
      const runs = await Promise.all([
        ledger(example.t.sqlitePath, 'report', 'board', '--out', out),
        ledger(
          example.t.sqlitePath,
          'report',
          'board',
          '--as-of',
          '2019-02-30',
          '--out',
          `${out}.pdf`,
        ),
        ledger(example.t.sqlitePath, 'report', 'minutes'),
      ]);
      expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
      expect(existsSync(out)).toBe(false);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'refuses an --as-of after today (the machine’s Stockholm day) as bad usage, writing nothing',
    async () => {
      // Two days ahead, so a run crossing midnight still asks for a later day than its own.
      const ahead = addDays(stockholmDay(new Date()), 2);
      const out = join(example.t.dir, 'board-ahead.pdf');
      const run = await ledger(
        example.t.sqlitePath,
        'report',
        'board',
        '--as-of',
        ahead,
        '--out',
        out,
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--as-of: must not be after today (Europe/Stockholm)');
      expect(existsSync(out)).toBe(false);
    },
    CLI_TIMEOUT_MS,
  );
});
