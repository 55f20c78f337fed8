/**
 * The board report as XLSX: one sheet per section, built on the service's one XLSX writer.
 * Moments are written as the PDF writes them, in Stockholm days and times; event types and
 * other codes in the workbook's language.
 */
import {
  BoardChange,
  BoardDeviation,
  BoardInvestment,
  BoardOverdue,
  BoardReport,
  BoardTotals,
  BoardTranche,
  BoardWaiver,
  BoardYear,
  RecordedExplanation,
} from './board-report';
import {
  BoardLabels,
  boardLabels,
  deviationDescription,
  earlierBecauseText,
  formatDate,
  formatDateTime,
  formatMoment,
  rulesLines,
} from './board-labels';
import { CsvCell, numberCell, textCell } from './csv';
import { Lang } from './swedish';
import { Sheet, SheetColumn, SheetFormat } from './xlsx';

/** A column whose header is the label in the report's language (sv and name alike). */
const column = (header: string, format?: SheetColumn['format'], width?: number): SheetColumn => ({
  name: header,
  sv: header,
  ...(format === undefined ? {} : { format }),
  ...(width === undefined ? {} : { width }),
});

const sheetName = (name: string) => ({ sv: name, en: name });

/** A column of a sheet with one row per item: its label, format and width, and its cell. */
interface Field<T> {
  readonly label: string;
  readonly format?: SheetFormat;
  readonly width?: number;
  readonly cell: (item: T) => CsvCell;
}

const textField = <T>(
  label: string,
  width: number,
  value: (item: T) => string | null,
): Field<T> => ({
  label,
  format: 'text',
  width,
  cell: (item) => textCell(value(item)),
});

const sekField = <T>(label: string, value: (item: T) => string | null): Field<T> => ({
  label,
  format: 'sek',
  cell: (item) => numberCell(value(item)),
});

const integerField = <T>(label: string, value: (item: T) => number | null): Field<T> => ({
  label,
  format: 'integer',
  width: 12,
  cell: (item) => {
    const n = value(item);
    return n === null ? null : { number: String(n) };
  },
});

/** A sheet named `name` with a row per item, the columns as the fields say, then `after`. */
const table = <T>(
  name: string,
  items: readonly T[],
  fields: readonly Field<T>[],
  after: readonly (readonly CsvCell[])[] = [],
): Sheet => ({
  name: sheetName(name),
  columns: fields.map((f) => column(f.label, f.format, f.width)),
  rows: [...items.map((item) => fields.map((f) => f.cell(item))), ...after],
});

/** An explanation that no longer counts: its text with when, by whom and its period. */
const earlierText = (e: RecordedExplanation | null): string | null =>
  e === null
    ? null
    : `${e.explanation} (${formatDate(e.recordedAt)}, ${e.explainedBy}${e.period === null ? '' : `, ${e.period}`})`;

/** One row per re-baseline and per allocation made on the board's override. */
const baselineSheet = (report: BoardReport, lang: Lang): Sheet => {
  const l = boardLabels(lang);
  const rows: CsvCell[][] = report.investments.flatMap((i) => [
    ...i.rebaselines.map((r): CsvCell[] => [
      textCell(i.investmentId),
      textCell(l.rebaseline),
      { number: String(r.from) },
      { number: String(r.to) },
      null,
      textCell(r.decisionRef),
      textCell(r.approvedBy),
      textCell(r.overrideRef),
      textCell(r.reason),
    ]),
    ...i.overriddenAllocations.map((a): CsvCell[] => [
      textCell(i.investmentId),
      textCell(`${l.overriddenAllocation} (${a.allocationId}, ${a.trancheId}, ${a.decidedOn})`),
      null,
      null,
      numberCell(a.amount),
      textCell(a.decisionRef),
      null,
      textCell(a.overrideRef),
      null,
    ]),
  ]);
  return {
    name: sheetName(l.baselines),
    columns: [
      column(l.investment, 'text', 18),
      column(l.decision, 'text', 40),
      column(l.fromVersion, 'integer', 12),
      column(l.toVersion, 'integer', 12),
      column(l.amount, 'sek'),
      column(l.decisionRef, 'text', 20),
      column(l.approvedBy, 'text', 16),
      column(l.overrideRef, 'text', 20),
      column(l.reason, 'text', 40),
    ],
    rows,
  };
};

/**
 * The changes listed (the first MAX_BOARD_CHANGES), and below them, when the report lists
 * fewer than it counts, how many more the change report holds: the sheet alone must not read
 * as every change, as the PDF's list does not.
 */
const changesSheet = (report: BoardReport, l: BoardLabels): Sheet => {
  const omitted = report.changes.total - report.changes.listed.length;
  const note = omitted > 0 ? [[textCell(`+ ${omitted} ${l.changesOmitted}`)]] : [];
  return table<BoardChange>(
    l.changes,
    report.changes.listed,
    [
      textField(l.position, 10, (c) => c.position),
      textField(l.recordedAt, 20, (c) => formatDateTime(c.recordedAt)),
      {
        label: l.type,
        format: 'text',
        width: 26,
        cell: (c) => ({ term: c.type, kind: 'eventType' }),
      },
      textField(l.actor, 16, (c) => c.actor),
      textField(l.summary, 60, (c) => c.summary),
      textField(l.why, 30, (c) => c.why),
    ],
    note,
  );
};

export const boardSheets = (report: BoardReport, lang: Lang): Sheet[] => {
  const l = boardLabels(lang);
  // `closed` and the spend beyond the allocations (in no tranche: empty on a tranche's row) come
  // after the columns the sheet had before them, which keep their places for those reading by it.
  const trancheCells = (t: BoardTranche | BoardTotals, beyond: string | null): CsvCell[] => [
    numberCell(t.amount),
    numberCell(t.availableNow),
    numberCell(t.expected),
    numberCell(t.lapsed),
    numberCell(t.allocated),
    numberCell(t.spent),
    numberCell(t.harvested),
    numberCell(t.closed),
    numberCell(beyond),
  ];
  const moneyColumns = [
    l.amount,
    l.availableNow,
    l.expected,
    l.lapsed,
    l.allocated,
    l.spent,
    l.harvested,
    l.closed,
    l.spentBeyondAllocations,
  ].map((h) => column(h, 'sek'));
  return [
    {
      name: sheetName(l.about),
      columns: [column(l.item, 'text', 28), column(l.value, 'text', 90)],
      rows: [
        [textCell(l.fund), textCell(`${report.name} (${report.fundId})`)],
        [textCell(l.asOf), textCell(formatMoment(report.asOf))],
        [textCell(l.since), textCell(formatMoment(report.since))],
        [textCell(l.position), textCell(report.ledger.position)],
        [textCell(l.digest), textCell(report.ledger.digest ?? l.noDigest)],
        [textCell(''), textCell(l.digestHelp)],
        ...rulesLines(l, report.rules).map((text, i) => [
          textCell(i === 0 ? l.rules : ''),
          textCell(text),
        ]),
        [textCell(l.changesCount), textCell(String(report.changes.total))],
      ],
    },
    {
      name: sheetName(l.tranches),
      columns: [column(l.tranche), column(l.status, 'text', 12), ...moneyColumns],
      rows: [
        ...report.tranches.map((t) => [
          textCell(t.name),
          { term: t.status, kind: 'trancheStatus' } as CsvCell,
          ...trancheCells(t, null),
        ]),
        [
          textCell(l.total),
          null,
          ...trancheCells(report.totals, report.totals.spentBeyondAllocations),
        ],
      ],
    },
    table<BoardInvestment>(l.investments, report.investments, [
      textField(l.investment, 18, (i) => i.investmentId),
      textField(l.titleColumn, 32, (i) => i.title),
      textField(l.department, 28, (i) => i.department),
      {
        label: l.stage,
        format: 'text',
        width: 16,
        cell: (i) => ({ term: i.stage, kind: 'stage' }),
      },
      sekField(l.allocated, (i) => i.allocated),
      sekField(l.spent, (i) => i.spent),
      sekField(l.overspent, (i) => i.overspent),
      sekField(l.baselineForecast, (i) => i.baselineForecast),
      sekField(l.currentForecast, (i) => i.currentForecast),
      sekField(l.actual, (i) => i.actual),
      sekField(l.harvested, (i) => i.harvested),
      sekField(l.runningCostBaseline, (i) => i.runningCostEffect.baseline),
      sekField(l.runningCostCurrent, (i) => i.runningCostEffect.current),
      sekField(l.runningCostActual, (i) => i.runningCostEffect.actual),
      sekField(l.npv, (i) => i.npv),
      { label: l.bcr, format: 'ratio', cell: (i) => numberCell(i.bcr) },
      {
        label: l.status,
        format: 'text',
        width: 12,
        cell: (i) => (i.status === null ? null : { term: i.status, kind: 'lineStatus' }),
      },
      integerField(l.overdueReports, (i) => i.overdueReports),
      textField(l.staleLines, 28, (i) => i.staleLines.join(', ')),
      sekField(l.spentAllFunds, (i) => i.spentAllFunds),
      sekField(l.harvestedAhead, (i) => i.harvestedAhead),
      integerField(l.baselineCaseVersion, (i) => i.baselineCaseVersion),
      integerField(l.waivedReports, (i) => i.waivedReports),
      sekField(l.allocatedAllFunds, (i) => i.allocatedAllFunds),
      sekField(l.harvestedThisFund, (i) => i.harvestedThisFund),
    ]),
    baselineSheet(report, lang),
    table<BoardDeviation>(l.deviations, report.deviations, [
      textField(l.investment, 18, (d) => d.investmentId),
      textField(l.line, 22, (d) => d.benefitLineId),
      textField(l.description, 40, (d) => deviationDescription(l, d)),
      textField(l.owner, 16, (d) => d.owner),
      {
        label: l.status,
        format: 'text',
        width: 12,
        cell: (d) => ({ term: d.status, kind: 'lineStatus' }),
      },
      textField(l.explanation, 60, (d) => d.explanation ?? l.unexplained),
      textField(l.period, 10, (d) => d.explained?.period ?? null),
      textField(l.explainedBy, 16, (d) => d.explained?.explainedBy ?? null),
      textField(l.explainedAt, 20, (d) =>
        d.explained === null ? null : formatDateTime(d.explained.recordedAt),
      ),
      textField(l.earlier, 60, (d) => earlierText(d.earlier)),
      textField(l.earlierBecause, 40, (d) => earlierBecauseText(l, d)),
    ]),
    table<BoardOverdue>(l.overdue, report.overdue, [
      textField(l.owner, 16, (o) => o.owner),
      textField(l.investment, 18, (o) => o.investmentId),
      textField(l.line, 22, (o) => o.benefitLineId),
      textField(l.period, 10, (o) => o.period),
      textField(l.dueOn, 14, (o) => o.dueOn),
      integerField(l.daysOverdue, (o) => o.daysOverdue),
      textField(l.reportedBeforeEnd, 24, (o) => (o.reportedBeforeEnd ? l.yes : null)),
    ]),
    table<BoardWaiver>(l.waived, report.waived, [
      textField(l.investment, 18, (w) => w.investmentId),
      textField(l.titleColumn, 32, (w) => w.title),
      textField(l.line, 22, (w) => w.benefitLineId),
      textField(l.description, 40, (w) => w.description),
      textField(l.owner, 16, (w) => w.owner),
      textField(l.period, 10, (w) => w.period),
      textField(l.reason, 60, (w) => w.reason),
      textField(l.waivedBy, 16, (w) => w.waivedBy),
      textField(l.waivedAt, 20, (w) => formatDateTime(w.waivedAt)),
    ]),
    changesSheet(report, l),
    table<BoardYear>(l.years, report.years, [
      textField(l.year, 8, (y) => y.year),
      sekField(l.baselineForecast, (y) => y.baselineForecast),
      sekField(l.currentForecast, (y) => y.currentForecast),
      sekField(l.actual, (y) => y.actual),
      sekField(l.harvested, (y) => y.harvested),
    ]),
  ];
};
