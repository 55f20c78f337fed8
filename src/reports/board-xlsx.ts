/** The board report as XLSX: one sheet per section, built on the service's one XLSX writer. */
import { BoardReport, RecordedExplanation } from './board-report';
import { boardLabels, formatDate } from './board-labels';
import { CsvCell } from './csv';
import { Lang } from './swedish';
import { Sheet, SheetColumn } from './xlsx';

const text = (value: string | null): CsvCell => (value === null ? null : { text: value });
const sek = (value: string | null): CsvCell => (value === null ? null : { number: value });

/** A column whose header is the label in the report's language (sv and name alike). */
const column = (header: string, format?: SheetColumn['format'], width?: number): SheetColumn => ({
  name: header,
  sv: header,
  ...(format === undefined ? {} : { format }),
  ...(width === undefined ? {} : { width }),
});

const sheetName = (name: string) => ({ sv: name, en: name });

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
      text(i.investmentId),
      text(l.rebaseline),
      { number: String(r.from) },
      { number: String(r.to) },
      null,
      text(r.decisionRef),
      text(r.approvedBy),
      text(r.overrideRef),
      text(r.reason),
    ]),
    ...i.overriddenAllocations.map((a): CsvCell[] => [
      text(i.investmentId),
      text(`${l.overriddenAllocation} (${a.allocationId}, ${a.trancheId}, ${a.decidedOn})`),
      null,
      null,
      sek(a.amount),
      text(a.decisionRef),
      null,
      text(a.overrideRef),
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

export const boardSheets = (report: BoardReport, lang: Lang): Sheet[] => {
  const l = boardLabels(lang);
  const trancheCells = (t: BoardReport['totals']): CsvCell[] => [
    sek(t.amount),
    sek(t.availableNow),
    sek(t.expected),
    sek(t.lapsed),
    sek(t.allocated),
    sek(t.spent),
    sek(t.harvested),
  ];
  const moneyColumns = [
    l.amount,
    l.availableNow,
    l.expected,
    l.lapsed,
    l.allocated,
    l.spent,
    l.harvested,
  ].map((h) => column(h, 'sek'));
  return [
    {
      name: sheetName(l.about),
      columns: [column(l.item, 'text', 28), column(l.value, 'text', 90)],
      rows: [
        [text(l.fund), text(`${report.name} (${report.fundId})`)],
        [text(l.asOf), text(report.asOf)],
        [text(l.since), text(report.since)],
        [text(l.position), text(report.ledger.position)],
        [text(l.digest), text(report.ledger.digest ?? l.noDigest)],
        [text(''), text(l.digestHelp)],
      ],
    },
    {
      name: sheetName(l.tranches),
      columns: [column(l.tranche), column(l.status, 'text', 12), ...moneyColumns],
      rows: [
        ...report.tranches.map((t) => [
          text(t.name),
          { term: t.status, kind: 'trancheStatus' } as CsvCell,
          ...trancheCells(t),
        ]),
        [text(l.total), null, ...trancheCells(report.totals)],
      ],
    },
    {
      name: sheetName(l.investments),
      columns: [
        column(l.investment, 'text', 18),
        column(l.titleColumn, 'text', 32),
        column(l.department, 'text', 28),
        column(l.stage, 'text', 16),
        ...[
          l.allocated,
          l.spent,
          l.overspent,
          l.baselineForecast,
          l.currentForecast,
          l.actual,
          l.harvested,
          l.runningCostBaseline,
          l.runningCostCurrent,
          l.runningCostActual,
          l.npv,
        ].map((h) => column(h, 'sek')),
        column(l.bcr, 'ratio'),
        column(l.status, 'text', 12),
        column(l.overdueReports, 'integer', 12),
        column(l.staleLines, 'text', 28),
        column(l.spentAllFunds, 'sek'),
        column(l.harvestedAhead, 'sek'),
        column(l.baselineCaseVersion, 'integer', 12),
      ],
      rows: report.investments.map((i) => [
        text(i.investmentId),
        text(i.title),
        text(i.department),
        { term: i.stage, kind: 'stage' },
        sek(i.allocated),
        sek(i.spent),
        sek(i.overspent),
        sek(i.baselineForecast),
        sek(i.currentForecast),
        sek(i.actual),
        sek(i.harvested),
        sek(i.runningCostEffect.baseline),
        sek(i.runningCostEffect.current),
        sek(i.runningCostEffect.actual),
        sek(i.npv),
        sek(i.bcr),
        i.status === null ? null : { term: i.status, kind: 'lineStatus' },
        { number: String(i.overdueReports) },
        text(i.staleLines.join(', ')),
        sek(i.spentAllFunds),
        sek(i.harvestedAhead),
        i.baselineCaseVersion === null ? null : { number: String(i.baselineCaseVersion) },
      ]),
    },
    baselineSheet(report, lang),
    {
      name: sheetName(l.deviations),
      columns: [
        column(l.investment, 'text', 18),
        column(l.line, 'text', 22),
        column(l.description, 'text', 40),
        column(l.owner, 'text', 16),
        column(l.status, 'text', 12),
        column(l.explanation, 'text', 60),
        column(l.period, 'text', 10),
        column(l.explainedBy, 'text', 16),
        column(l.explainedAt, 'text', 26),
        column(l.earlier, 'text', 60),
      ],
      rows: report.deviations.map((d) => [
        text(d.investmentId),
        text(d.benefitLineId),
        text(d.description),
        text(d.owner),
        { term: d.status, kind: 'lineStatus' },
        text(d.explanation ?? l.unexplained),
        text(d.explained?.period ?? null),
        text(d.explained?.explainedBy ?? null),
        text(d.explained?.recordedAt ?? null),
        text(earlierText(d.earlier)),
      ]),
    },
    {
      name: sheetName(l.overdue),
      columns: [
        column(l.owner, 'text', 16),
        column(l.investment, 'text', 18),
        column(l.line, 'text', 22),
        column(l.period, 'text', 10),
        column(l.dueOn, 'text', 14),
        column(l.daysOverdue, 'integer', 12),
      ],
      rows: report.overdue.map((o) => [
        text(o.owner),
        text(o.investmentId),
        text(o.benefitLineId),
        text(o.period),
        text(o.dueOn),
        { number: String(o.daysOverdue) },
      ]),
    },
    {
      name: sheetName(l.changes),
      columns: [
        column(l.position, 'text', 10),
        column(l.recordedAt, 'text', 26),
        column(l.type, 'text', 24),
        column(l.actor, 'text', 16),
        column(l.summary, 'text', 60),
        column(l.why, 'text', 30),
      ],
      rows: report.changes.listed.map((c) => [
        text(c.position),
        text(c.recordedAt),
        text(c.type),
        text(c.actor),
        text(c.summary),
        text(c.why),
      ]),
    },
    {
      name: sheetName(l.years),
      columns: [
        column(l.year, 'text', 8),
        ...[l.baselineForecast, l.currentForecast, l.actual, l.harvested].map((h) =>
          column(h, 'sek'),
        ),
      ],
      rows: report.years.map((y) => [
        text(y.year),
        sek(y.baselineForecast),
        sek(y.currentForecast),
        sek(y.actual),
        sek(y.harvested),
      ]),
    },
  ];
};
