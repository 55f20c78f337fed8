/**
 * The fund report (forecast against actual by group) as XLSX: the rows as in its CSV, and the
 * groups with their periods and totals, one sheet each.
 */
import { AmountFigures } from '../../projections/figures/forecast-vs-actual.figures';
import { ForecastReport } from '../../projections/figures/report.figures';
import { CsvCell } from './csv';
import { REPORT_CSV_COLUMNS, reportRowCells } from './report.queries';
import { Sheet, SheetColumn, SheetFormat } from './xlsx';

/** The amount columns of AmountFigures, with their Swedish names. */
export const AMOUNT_COLUMNS: readonly (SheetColumn & { readonly name: keyof AmountFigures })[] = [
  { name: 'baselineForecast', sv: 'Ursprunglig prognos', format: 'sek' },
  { name: 'currentForecast', sv: 'Aktuell prognos', format: 'sek' },
  { name: 'actual', sv: 'Utfall', format: 'sek' },
  { name: 'harvested', sv: 'Hemtaget', format: 'sek' },
  { name: 'variance', sv: 'Avvikelse', format: 'sek' },
  { name: 'realisationRatio', sv: 'Realiseringsgrad', format: 'ratio' },
  { name: 'forecastDue', sv: 'Prognos att följa upp', format: 'sek' },
  { name: 'forecastDrift', sv: 'Prognosförändring', format: 'sek' },
  { name: 'deliveryGap', sv: 'Leveransavvikelse', format: 'sek' },
  { name: 'notReported', sv: 'Ej rapporterat', format: 'sek' },
  { name: 'harvestedAhead', sv: 'Hemtaget före realisering', format: 'sek' },
];

const formatOf = (name: string): SheetFormat | undefined =>
  AMOUNT_COLUMNS.find((c) => c.name === name)?.format;

export const amountCells = (figures: AmountFigures): CsvCell[] =>
  AMOUNT_COLUMNS.map((c) => {
    const value = figures[c.name];
    return value === null ? null : { number: value };
  });

const GROUP_COLUMNS: readonly SheetColumn[] = [
  { name: 'group', sv: 'Grupp', width: 28 },
  { name: 'period', sv: 'Period', width: 10 },
  ...AMOUNT_COLUMNS,
];

/** The label of a group's totals row, in the period column. */
export const TOTAL_PERIOD = 'total';

export const reportSheets = (report: ForecastReport): Sheet[] => [
  {
    name: { sv: 'Rader', en: 'Rows' },
    columns: REPORT_CSV_COLUMNS.map((c) => {
      const format = formatOf(c.name);
      return format === undefined ? c : { ...c, format };
    }),
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
