/**
 * The report endpoints' answers from the read models: one investment's forecast against
 * actual, the fund report by group, and the overdue follow-ups by owner.
 */
import { Injectable } from '@nestjs/common';
import { ReadModels, ReadQuery } from '../projections/read-models.service';
import { DomainError } from '../shared/domain-error';
import { Grain } from '../periods/period';
import { FollowUpFigures, followUpFigures } from '../../projections/figures/follow-up.figures';
import {
  AmountFigures,
  InvestmentFigures,
  investmentFigures,
} from '../../projections/figures/forecast-vs-actual.figures';
import {
  ForecastReport,
  GroupBy,
  ReportRow,
  forecastReport,
} from '../../projections/figures/report.figures';
import { derivedOf, derivedQuestion } from '../projections/lazy-views';
import { CsvCell, CsvDialect, numberCell, toCsv } from './csv';
import { FIELD_SV } from './swedish';
import { SheetColumn } from './xlsx';

interface Answered {
  readonly asOf: string | null;
  readonly position: string;
}

export type InvestmentForecastView = Answered &
  InvestmentFigures & {
    readonly title: string;
    readonly department: string;
  };

export type ForecastReportView = Answered & ForecastReport;

export type FollowUpView = Answered & FollowUpFigures;

/** The amount columns of AmountFigures, in the fund report's order, with their Swedish names. */
export const AMOUNT_COLUMNS: readonly (SheetColumn & { readonly name: keyof AmountFigures })[] = [
  { name: 'baselineForecast', sv: FIELD_SV.baselineForecast, format: 'sek' },
  { name: 'currentForecast', sv: FIELD_SV.currentForecast, format: 'sek' },
  { name: 'actual', sv: FIELD_SV.actual, format: 'sek' },
  { name: 'harvested', sv: FIELD_SV.harvested, format: 'sek' },
  { name: 'variance', sv: 'Avvikelse', format: 'sek' },
  { name: 'realisationRatio', sv: FIELD_SV.realisationRatio, format: 'ratio' },
  { name: 'forecastDue', sv: 'Prognos att följa upp', format: 'sek' },
  { name: 'forecastDrift', sv: 'Prognosförändring', format: 'sek' },
  { name: 'deliveryGap', sv: 'Leveransavvikelse', format: 'sek' },
  { name: 'notReported', sv: 'Ej rapporterat', format: 'sek' },
  // Appended, so the columns before keep their places.
  { name: 'harvestedAhead', sv: FIELD_SV.harvestedAhead, format: 'sek' },
];

/** The CSV columns of the fund report, in order (documented in the OpenAPI description). */
export const REPORT_CSV_COLUMNS: readonly SheetColumn[] = [
  { name: 'group', sv: 'Grupp' },
  { name: 'investmentId', sv: FIELD_SV.investmentId },
  { name: 'department', sv: FIELD_SV.department },
  { name: 'benefitLineId', sv: FIELD_SV.benefitLineId },
  { name: 'class', sv: 'Klass' },
  { name: 'period', sv: FIELD_SV.period },
  ...AMOUNT_COLUMNS,
];

/** The amounts of a row, group period or total as cells, in AMOUNT_COLUMNS order. */
export const amountCells = (figures: AmountFigures): CsvCell[] =>
  AMOUNT_COLUMNS.map((c) => numberCell(figures[c.name]));

/** One row of the fund report as cells, in REPORT_CSV_COLUMNS order (CSV and XLSX). */
export const reportRowCells = (row: ReportRow): CsvCell[] => [
  { text: row.group },
  { text: row.investmentId },
  { text: row.department },
  { text: row.benefitLineId },
  { term: row.class, kind: 'class' },
  { text: row.period },
  ...amountCells(row),
];

export const reportCsv = (report: ForecastReport, dialect: CsvDialect = 'rfc4180'): string =>
  toCsv(REPORT_CSV_COLUMNS, report.rows.map(reportRowCells), dialect);

@Injectable()
export class ReportQueries {
  constructor(private readonly readModels: ReadModels) {}

  async investment(
    investmentId: string,
    grain: Grain,
    query: ReadQuery,
  ): Promise<InvestmentForecastView> {
    const at = await this.readModels.at(query);
    const tracks = at.views.forecastVsActual.investments;
    const options = this.readModels.figureOptions(at, grain);
    // Derived from the track and these options alone: kept while the track's version is current.
    const figured = derivedOf(
      tracks,
      investmentId,
      derivedQuestion('figures', options),
      () => {
        const track = tracks[investmentId];
        return (
          track && {
            title: track.title,
            department: track.department,
            ...investmentFigures(track, options),
          }
        );
      },
      (answer) => answer?.lines.reduce((n, line) => n + line.periods.length, 0) ?? 0,
    );
    if (!figured) {
      const when = at.asOf ? ` as of ${at.asOf}` : '';
      throw new DomainError(
        'INVESTMENT_NOT_FOUND',
        `No investment ${investmentId}${when}.`,
        'not-found',
      );
    }
    return { asOf: at.asOf, position: String(at.position), ...figured };
  }

  async report(groupBy: GroupBy, grain: Grain, query: ReadQuery): Promise<ForecastReportView> {
    const at = await this.readModels.at(query);
    const tracks = at.views.forecastVsActual.investments;
    const options = this.readModels.figureOptions(at, grain);
    // Each investment's part depends on its track and these options alone: kept while the
    // track's version is current, so a report asked again figures only what changed.
    const question = derivedQuestion('report', groupBy, options);
    return {
      asOf: at.asOf,
      position: String(at.position),
      ...forecastReport(at.views.forecastVsActual, groupBy, options, (id, compute) =>
        derivedOf(tracks, id, question, compute, (part) => part?.rows.length ?? 0),
      ),
    };
  }

  async followUp(owner: string | undefined, query: ReadQuery): Promise<FollowUpView> {
    const at = await this.readModels.at(query);
    const figures = followUpFigures(
      at.views.followUp,
      at.today,
      this.readModels.followUpGraceDays,
      this.readModels.followUpParts(at),
    );
    const owners = figures.owners.filter((o) => owner === undefined || o.owner === owner);
    return {
      asOf: at.asOf,
      position: String(at.position),
      ...figures,
      owners,
      total: owners.reduce((n, o) => n + o.count, 0),
      waived: figures.waived.filter((w) => owner === undefined || w.owner === owner),
    };
  }
}
