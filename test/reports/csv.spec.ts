/** The one CSV module: dialects, quoting, and formula escaping that reads back exactly. */
import { parse } from 'csv-parse/sync';
import { CsvCell, CsvColumn, escapeText, toCsv, unescapeCell } from '../../src/reports/csv';
import { parseCsv } from '../audit/support/csv';

const COLUMNS: CsvColumn[] = [
  { name: 'note', sv: 'Anteckning' },
  { name: 'stage', sv: 'Skede' },
  { name: 'amount', sv: 'Belopp' },
];

const NASTY = [
  '=1+1',
  '+cmd',
  '-2+3',
  '@SUM(A1)',
  '\tTab',
  '\rCR',
  "'already quoted",
  'plain; with "quotes", commas\r\nand lines',
  ' edge spaces ',
  'åäö ÅÄÖ',
  '',
  // A bare line break inside a text: a spreadsheet ends the record there unless it is quoted.
  "Budget\n=cmd|' /C calc'!A0",
  'Started\r@SUM(1+1)*cmd',
];

describe('CSV module', () => {
  it('escapes every formula-like start and reads back the original by stripping one apostrophe', () => {
    for (const value of NASTY) {
      const escaped = escapeText(value);
      expect(escaped).not.toMatch(/^[=+\-@\t\r]/);
      expect(unescapeCell(escaped)).toBe(value);
    }
  });

  it.each(['rfc4180', 'excel-sv'] as const)('round-trips every value in %s', (dialect) => {
    const rows: CsvCell[][] = NASTY.map((note) => [
      { text: note },
      { term: 'approved', kind: 'stage' },
      { number: '-600.00' },
    ]);
    const csv = toCsv(COLUMNS, rows, dialect);
    const sv = dialect === 'excel-sv';
    const records = parse(csv, {
      bom: true,
      delimiter: sv ? ';' : ',',
      columns: true,
    }) as Record<string, string>[];
    expect(csv.startsWith('\uFEFF')).toBe(sv);
    expect(records.map((r) => unescapeCell(r[sv ? 'Anteckning' : 'note']))).toEqual(NASTY);
    expect(new Set(records.map((r) => r[sv ? 'Skede' : 'stage']))).toEqual(
      new Set([sv ? 'beviljad' : 'approved']),
    );
    // An amount is a number cell: never escaped, with the dialect's decimal mark.
    expect(new Set(records.map((r) => r[sv ? 'Belopp' : 'amount']))).toEqual(
      new Set([sv ? '-600,00' : '-600.00']),
    );
  });

  it.each([
    ['rfc4180', ','],
    ['excel-sv', ';'],
  ] as const)(
    'keeps every row whole in %s: a text with a line break anywhere is quoted, so no record begins inside it',
    (dialect, delimiter) => {
      const csv = toCsv(
        COLUMNS,
        NASTY.map((note) => [{ text: note }, null, { number: '1.00' }]),
        dialect,
      );
      const records = parseCsv(csv.replace(/^\uFEFF/, ''), delimiter);
      expect(records.map((r) => r.length)).toEqual(Array(NASTY.length + 1).fill(COLUMNS.length));
      for (const record of records) expect(record[0]).not.toMatch(/^[=+\-@\t\r]/);
    },
  );

  it('refuses a row that does not fit the columns', () => {
    expect(() => toCsv(COLUMNS, [[{ text: 'a' }]])).toThrow(/1 cells under 3 columns/);
  });
});
