/**
 * The fund report (forecast against actual by group) as XLSX: the rows as in its CSV, and the
 * groups with their periods and totals, one sheet each.
 */
import { ForecastReport } from '../../projections/figures/report.figures';
import { AMOUNT_COLUMNS, amountCells, REPORT_CSV_COLUMNS, reportRowCells } from './report.queries';
import { Sheet, SheetColumn } from './xlsx';

const GROUP_COLUMNS: readonly SheetColumn[] = [
  { name: 'group', sv: 'Grupp', width: 28 },
  { name: 'period', sv: 'Period', width: 10 },
  ...AMOUNT_COLUMNS,
];

/** The label of a group's totals row, in the period column. */
const TOTAL_PERIOD = 'total';

export const reportSheets = (report: ForecastReport): Sheet[] => [
  {
    name: { sv: 'Rader', en: 'Rows' },
    columns: REPORT_CSV_COLUMNS,
    rows: report.rows.map(reportRowCells),
  },
  {
    name: { sv: 'Grupper', en: 'Groups' },
    columns: GROUP_COLUMNS,
    rows: report.groups.flatMap((group) => [
      ...group.periods.map((p) => [{ text: group.group }, { text: p.period }, ...amountCells(p)]),
      [{ text: group.group }, { text: TOTAL_PERIOD }, ...amountCells(group.totals)],
    ]),
  },
];
