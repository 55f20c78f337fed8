/**
 * The board report lists at most its first 200 changes. Its spreadsheet says how many it
 * counts and, below a cut list, how many more the change report holds, as the PDF does: the
 * "Ändringar" sheet alone must not read as every change.
 */
import { BoardChange, BoardReport } from '../../src/reports/board-report';
import { boardLabels } from '../../src/reports/board-labels';
import { boardSheets } from '../../src/reports/board-xlsx';
import { CsvCell } from '../../src/reports/csv';
import { Sheet } from '../../src/reports/xlsx';

const ZERO = '0.00';
const TOTALS = {
  amount: ZERO,
  availableNow: ZERO,
  expected: ZERO,
  lapsed: ZERO,
  closed: ZERO,
  allocated: ZERO,
  spent: ZERO,
  spentBeyondAllocations: ZERO,
  harvested: ZERO,
};

const change = (i: number): BoardChange => ({
  position: String(i + 1),
  recordedAt: '2019-02-01T09:00:00.000Z',
  type: 'CostRecorded',
  actor: 'fia',
  summary: `Kostnad ${i + 1}`,
  why: null,
});

/** A report of an empty fund whose change list counts `total` and lists `listed`. */
const reportWith = (total: number, listed: number): BoardReport => ({
  fundId: 'orebro',
  name: 'Digitaliseringsfond',
  asOf: '2019-03-31T21:59:59.999Z',
  since: '2018-12-31T22:59:59.999Z',
  today: '2019-03-31',
  ledger: { position: String(total), digest: null, scope: 'global' },
  rules: {
    onTrackPct: 10,
    watchPct: 20,
    followUpGraceDays: 45,
    readModels: 'fund-balance@1',
    code: `sha256:${'0'.repeat(64)}`,
  },
  tranches: [],
  totals: TOTALS,
  investments: [],
  deviations: [],
  overdue: [],
  waived: [],
  changes: {
    total,
    byType: { CostRecorded: total },
    listed: Array.from({ length: listed }, (_, i) => change(i)),
  },
  years: [],
});

const rowsOf = (sheet: Sheet | undefined): readonly (readonly CsvCell[])[] =>
  Array.from(sheet?.rows as Iterable<readonly CsvCell[]>);
const sheetNamed = (sheets: Sheet[], name: string): Sheet | undefined =>
  sheets.find((s) => s.name.sv === name);

describe('the board spreadsheet says how many changes it counts', () => {
  for (const lang of ['sv', 'en'] as const) {
    const l = boardLabels(lang);

    it(`notes, in ${lang}, how many more the change report holds below a cut list`, () => {
      const sheets = boardSheets(reportWith(208, 200), lang);
      const rows = rowsOf(sheetNamed(sheets, l.changes));
      expect(rows).toHaveLength(201);
      expect(rows[199][0]).toEqual({ text: '200' });
      expect(rows[200]).toEqual([{ text: `+ 8 ${l.changesOmitted}` }]);
      expect(rowsOf(sheetNamed(sheets, l.about))).toContainEqual([
        { text: l.changesCount },
        { text: '208' },
      ]);
    });

    it(`adds no note, in ${lang}, when every change is listed`, () => {
      const sheets = boardSheets(reportWith(3, 3), lang);
      expect(rowsOf(sheetNamed(sheets, l.changes))).toHaveLength(3);
      expect(rowsOf(sheetNamed(sheets, l.about))).toContainEqual([
        { text: l.changesCount },
        { text: '3' },
      ]);
    });
  }
});
