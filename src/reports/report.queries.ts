/**
 * The report endpoints' answers from the read models: one investment's forecast against
 * actual, the fund report by group, and the overdue follow-ups by owner.
 */
import { Injectable } from '@nestjs/common';
import {
  Answered,
  answeredAt,
  ReadModels,
  ReadModelsAt,
  ReadQuery,
} from '../projections/read-models.service';
import { investmentNotFound } from '../investment/investment.refusals';
import { Grain } from '../periods/period';
import { FollowUpFigures, followUpFigures } from '../../projections/figures/follow-up.figures';
import {
  AmountFigures,
  FigureOptions,
  InvestmentFigures,
  dayless,
} from '../../projections/figures/forecast-vs-actual.figures';
import {
  ForecastReport,
  GroupBy,
  ReportRow,
  TrackPart,
  forecastReport,
  reportOfParts,
  trackPart,
} from '../../projections/figures/report.figures';
import { derivedOnDay, derivedQuestion } from '../projections/lazy-views';
import { TrackFigures, trackFigures } from '../projections/document-tasks';
import { DayRange, knownOr, noteDays, OnDay } from '../../projections/figures/days';
import { CsvCell, CsvDialect, numberCell, toCsv } from './csv';
import { FIELD_SV } from './swedish';
import { SheetColumn } from './xlsx';
import { ownEntry } from '../shared/own-entry';

export type InvestmentForecastView = Answered &
  InvestmentFigures & {
    readonly title: string;
    readonly department: string;
  };

export type ForecastReportView = Answered & ForecastReport;

export type FollowUpView = Answered & FollowUpFigures;

/** An investment's figures with the days they hold for. */
interface FiguredOnDay {
  readonly view: InvestmentForecastView;
  readonly days: DayRange;
}

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

/** What an investment's figures are kept under: every option but the day. */
const figuresQuestion = (options: FigureOptions): string =>
  derivedQuestion('figures', dayless(options));

/** What an investment's part of the report by `groupBy` is kept under: every option but the day. */
const reportQuestion = (groupBy: GroupBy, options: FigureOptions): string =>
  derivedQuestion('report', groupBy, dayless(options));

@Injectable()
export class ReportQueries {
  constructor(private readonly readModels: ReadModels) {}

  async investment(
    investmentId: string,
    grain: Grain,
    query: ReadQuery,
  ): Promise<InvestmentForecastView> {
    const at = await this.readModels.at(query);
    const figured = this.figuresAt(at, investmentId, this.readModels.figureOptions(at, grain));
    if (!figured) throw investmentNotFound(investmentId, at.asOf);
    return figured;
  }

  async report(groupBy: GroupBy, grain: Grain, query: ReadQuery): Promise<ForecastReportView> {
    const at = await this.readModels.at(query);
    const options = this.readModels.figureOptions(at, grain);
    // The parts nothing is kept for, worked out on every core when there are many (a past
    // moment, the first report after a start), and kept as if worked out here.
    const workedOut = await this.readModels.workedOut(
      at,
      { kind: 'report-part', groupBy, options },
      reportQuestion(groupBy, options),
    );
    const partOf = this.partsAt(at, groupBy, options, workedOut);
    return {
      ...answeredAt(at),
      ...forecastReport(at.views.forecastVsActual, groupBy, options, (id) => partOf(id)),
    };
  }

  /**
   * The named investments' figures (as investment() gives each; one that is not there at the
   * moment is left out) and the fund report by `groupBy` over them alone (as report() gives
   * it, less the other investments' rows), at one moment and grain. Each investment's track is
   * read once for both: the board report wants both for every investment its fund paid for,
   * and at a past moment, which keeps nothing between queries, reading every track again for
   * the report was a sixth of its first answer on the 1M-event bench ledger. A group none of
   * the other investments has a share in (the fund's own, under `fund`) is the same as in
   * report().
   */
  async figuresAndReport(
    investmentIds: readonly string[],
    grain: Grain,
    groupBy: GroupBy,
    query: ReadQuery,
  ): Promise<{
    readonly figures: ReadonlyMap<string, InvestmentForecastView>;
    readonly report: ForecastReportView;
  }> {
    const at = await this.readModels.at(query);
    const options = this.readModels.figureOptions(at, grain);
    // Both worked out on every core when many are not kept (the board report at a past moment).
    const workedOut = await this.readModels.workedOut(
      at,
      { kind: 'figures-and-part', groupBy, options },
      figuresQuestion(options),
      investmentIds,
    );
    const partOf = this.partsAt(
      at,
      groupBy,
      options,
      new Map([...workedOut].map(([id, worked]) => [id, worked.value.part])),
    );
    const figures = new Map<string, InvestmentForecastView>();
    const parts: TrackPart[] = [];
    // In any order: reportOfParts sorts the rows.
    for (const id of investmentIds) {
      const figured = this.figuredOnDay(at, id, options, workedOut.get(id)?.value.figures);
      if (figured) figures.set(id, figured.view);
      // The part takes its lines and effect from these figures rather than working them out again.
      const part = partOf(id, figured);
      if (part) parts.push(part);
    }
    return { figures, report: { ...answeredAt(at), ...reportOfParts(parts, groupBy, options) } };
  }

  /** An investment's figures at the moment, with what it is answered at; undefined when there is none. */
  private figuresAt(
    at: ReadModelsAt,
    investmentId: string,
    options: FigureOptions,
  ): InvestmentForecastView | undefined {
    return this.figuredOnDay(at, investmentId, options)?.view;
  }

  /**
   * An investment's figures at the moment, with the days they hold for (figures/days.ts).
   * Derived from the track and these options alone, the day aside: kept with the track's
   * version and reused on any day they hold for.
   */
  private figuredOnDay(
    at: ReadModelsAt,
    investmentId: string,
    options: FigureOptions,
    workedOut?: OnDay<TrackFigures>,
  ): FiguredOnDay | undefined {
    const tracks = at.views.forecastVsActual.investments;
    const figured = derivedOnDay(
      tracks,
      investmentId,
      figuresQuestion(options),
      options.today,
      () =>
        knownOr<TrackFigures | undefined>(workedOut, () => {
          const track = ownEntry(tracks, investmentId);
          return track && trackFigures(track, options);
        }),
      (answer) => answer?.lines.reduce((n, line) => n + line.periods.length, 0) ?? 0,
    );
    if (figured.value === undefined) return undefined;
    // Figured on another day they hold for: they say today's date.
    const view = { ...answeredAt(at), ...figured.value, today: options.today };
    return { view, days: figured.days };
  }

  /**
   * Each investment's part of the report by `groupBy` at the moment. A part depends on its
   * track and these options alone: kept with the track's version and the days it holds for,
   * so a report asked again, or at another moment, figures only what changed. With the
   * investment's figures worked out already, the part is made from them, and holds for their
   * days too.
   */
  private partsAt(
    at: ReadModelsAt,
    groupBy: GroupBy,
    options: FigureOptions,
    workedOut: ReadonlyMap<string, OnDay<TrackPart>> = new Map(),
  ): (investmentId: string, figures?: FiguredOnDay) => TrackPart | undefined {
    const tracks = at.views.forecastVsActual.investments;
    const question = reportQuestion(groupBy, options);
    return (id, figures) =>
      derivedOnDay(
        tracks,
        id,
        question,
        options.today,
        () =>
          knownOr(workedOut.get(id), () => {
            const track = ownEntry(tracks, id);
            if (figures) noteDays(figures.days);
            return track && trackPart(track, groupBy, options, figures?.view);
          }),
        (part) => part?.rows.length ?? 0,
      ).value;
  }

  async followUp(owner: string | undefined, query: ReadQuery): Promise<FollowUpView> {
    const at = await this.readModels.at(query);
    const workedOut = await this.readModels.followUpPartsWorkedOut(at);
    const figures = followUpFigures(
      at.views.followUp,
      at.today,
      this.readModels.followUpGraceDays,
      this.readModels.followUpParts(at, workedOut),
    );
    const owners = figures.owners.filter((o) => owner === undefined || o.owner === owner);
    return {
      ...answeredAt(at),
      ...figures,
      owners,
      total: owners.reduce((n, o) => n + o.count, 0),
      waived: figures.waived.filter((w) => owner === undefined || w.owner === owner),
    };
  }
}
