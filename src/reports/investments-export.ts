/**
 * The investments list (GET /api/investments) as CSV or XLSX, through the service's one CSV
 * and XLSX writers: the columns of the dashboard's table, in the rows and order asked for.
 * `ids` names the rows one by one, in the order wanted; without it, every investment the
 * filters (department, stage, search, overspent) leave, in the order asked (by id unless
 * `sort` says otherwise): the dashboard's table sends its own filters and order.
 */
import type { StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { invalidInput } from '../shared/problem';
import { ID_MESSAGE, ID_PATTERN } from '../http/validation';
import { InvestmentListItem } from '../investment/investment.queries';
import { CsvCell, CsvDialect, numberCell, toCsv } from './csv';
import { fileAnswer } from './file-answer';
import { ReportFormat } from './query-params';
import { FIELD_SV, Lang } from './swedish';
import { Sheet, SheetColumn } from './xlsx';

/** The most ids one request may name: well inside a request line's length. */
export const MAX_LISTED_IDS = 200;

/** The dashboard's columns; sv: the Swedish page's headings. */
const INVESTMENT_COLUMNS: readonly SheetColumn[] = [
  { name: 'investmentId', sv: FIELD_SV.investmentId, format: 'text', width: 18 },
  { name: 'title', sv: 'Titel', format: 'text', width: 32 },
  { name: 'department', sv: FIELD_SV.department, format: 'text', width: 28 },
  { name: 'stage', sv: FIELD_SV.stage, format: 'text', width: 16 },
  { name: 'allocated', sv: FIELD_SV.allocated, format: 'sek' },
  { name: 'spent', sv: FIELD_SV.spent, format: 'sek' },
  { name: 'forecastToDate', sv: 'Prognos hittills', format: 'sek' },
  { name: 'actualToDate', sv: 'Utfall hittills', format: 'sek' },
  { name: 'realisationRatio', sv: FIELD_SV.realisationRatio, format: 'ratio' },
  { name: 'indicatorStatus', sv: 'Indikatorstatus', format: 'text', width: 14 },
  { name: 'overdue', sv: FIELD_SV.overdue, format: 'integer', width: 12 },
];

const investmentRow = (i: InvestmentListItem): CsvCell[] => [
  { text: i.investmentId },
  { text: i.title },
  { text: i.department },
  { term: i.stage, kind: 'stage' },
  numberCell(i.allocated),
  numberCell(i.spent),
  numberCell(i.forecastToDate),
  numberCell(i.actualToDate),
  numberCell(i.realisationRatio),
  i.indicatorStatus === null ? null : { term: i.indicatorStatus, kind: 'lineStatus' },
  { number: String(i.overdueCount) },
];

/** `ids=a,b,c`: the investments wanted, in order; undefined when absent. */
export const parseIds = (value: unknown): readonly string[] | undefined => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string')
    throw invalidInput([{ path: 'ids', message: 'must be given once' }]);
  const ids = value.split(',');
  if (ids.length > MAX_LISTED_IDS) {
    throw invalidInput([{ path: 'ids', message: `at most ${MAX_LISTED_IDS} ids` }]);
  }
  const bad = ids.find((id) => !ID_PATTERN.test(id));
  if (bad !== undefined)
    throw invalidInput([{ path: 'ids', message: `${JSON.stringify(bad)}: ${ID_MESSAGE}` }]);
  return ids;
};

/** The investments named, in the order named; an id the answer lacks is a 400 naming it. */
export const pickIds = (
  investments: readonly InvestmentListItem[],
  ids: readonly string[] | undefined,
): InvestmentListItem[] => {
  if (ids === undefined) return [...investments];
  const byId = new Map(investments.map((i) => [i.investmentId, i]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw invalidInput([
      {
        path: 'ids',
        message: `no investment ${missing.join(', ')} (with these filters, at this asOf)`,
      },
    ]);
  }
  return ids.map((id) => byId.get(id) as InvestmentListItem);
};

export interface ExportChoice {
  readonly format: ReportFormat;
  readonly dialect: CsvDialect;
  readonly lang: Lang;
}

const investmentsSheet = (investments: readonly InvestmentListItem[]): Sheet => ({
  name: { sv: 'Investeringar', en: 'Investments' },
  columns: INVESTMENT_COLUMNS,
  rows: investments.map(investmentRow),
});

/** The CSV or XLSX answer of the list; the caller answers JSON itself. */
export const investmentsFile = (
  investments: readonly InvestmentListItem[],
  choice: ExportChoice,
  reply: FastifyReply,
): Promise<string | StreamableFile> => {
  return fileAnswer(
    reply,
    'investments',
    { ...choice, format: choice.format === 'xlsx' ? 'xlsx' : 'csv' },
    {
      csv: () => toCsv(INVESTMENT_COLUMNS, investments.map(investmentRow), choice.dialect),
      sheets: () => [investmentsSheet(investments)],
    },
  );
};
