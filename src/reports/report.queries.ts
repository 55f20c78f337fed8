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
  InvestmentFigures,
  investmentFigures,
} from '../../projections/figures/forecast-vs-actual.figures';
import { ForecastReport, GroupBy, forecastReport } from '../../projections/figures/report.figures';
import { CsvCell, toCsv } from './csv';

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

/** The CSV columns of the fund report, in order (documented in the OpenAPI description). */
export const REPORT_CSV_COLUMNS = [
  'group',
  'investmentId',
  'department',
  'benefitLineId',
  'class',
  'period',
  'baselineForecast',
  'currentForecast',
  'actual',
  'harvested',
  'variance',
  'realisationRatio',
  'forecastDue',
  'forecastDrift',
  'deliveryGap',
  'notReported',
] as const;

const amount = (value: string | null): CsvCell => (value === null ? null : { number: value });

export const reportCsv = (report: ForecastReport): string =>
  toCsv(
    REPORT_CSV_COLUMNS,
    report.rows.map((row) => [
      { text: row.group },
      { text: row.investmentId },
      { text: row.department },
      { text: row.benefitLineId },
      { text: row.class },
      { text: row.period },
      amount(row.baselineForecast),
      amount(row.currentForecast),
      amount(row.actual),
      amount(row.harvested),
      amount(row.variance),
      amount(row.realisationRatio),
      amount(row.forecastDue),
      amount(row.forecastDrift),
      amount(row.deliveryGap),
      amount(row.notReported),
    ]),
  );

@Injectable()
export class ReportQueries {
  constructor(private readonly readModels: ReadModels) {}

  async investment(
    investmentId: string,
    grain: Grain,
    query: ReadQuery,
  ): Promise<InvestmentForecastView> {
    const at = await this.readModels.at(query);
    const track = at.views.forecastVsActual.investments[investmentId];
    if (!track) {
      const when = at.asOf ? ` as of ${at.asOf}` : '';
      throw new DomainError(
        'INVESTMENT_NOT_FOUND',
        `No investment ${investmentId}${when}.`,
        'not-found',
      );
    }
    return {
      asOf: at.asOf,
      position: String(at.position),
      title: track.title,
      department: track.department,
      ...investmentFigures(track, this.readModels.figureOptions(at, grain)),
    };
  }

  async report(groupBy: GroupBy, grain: Grain, query: ReadQuery): Promise<ForecastReportView> {
    const at = await this.readModels.at(query);
    return {
      asOf: at.asOf,
      position: String(at.position),
      ...forecastReport(
        at.views.forecastVsActual,
        groupBy,
        this.readModels.figureOptions(at, grain),
      ),
    };
  }

  async followUp(owner: string | undefined, query: ReadQuery): Promise<FollowUpView> {
    const at = await this.readModels.at(query);
    const figures = followUpFigures(at.views.followUp, at.today, this.readModels.followUpGraceDays);
    const owners = figures.owners.filter((o) => owner === undefined || o.owner === owner);
    return {
      asOf: at.asOf,
      position: String(at.position),
      ...figures,
      owners,
      total: owners.reduce((n, o) => n + o.count, 0),
    };
  }
}
      waived: figures.waived.filter((w) => owner === undefined || w.owner === owner),
