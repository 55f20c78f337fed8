/**
 * Report endpoints (API.md § Reports): forecast against actual for one investment and for
 * the fund by group, and the follow-up list. Everyone authenticated reads; nothing writes.
 */
import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiJsonOrFiles, ApiProblems } from '../http/dto/answers.dto';
import { FollowUpDto, ForecastReportDto, InvestmentForecastDto } from './dto/report-views.dto';
import {
  DEFAULT_DIALECT,
  DEFAULT_FORMAT,
  DEFAULT_GRAIN,
  DEFAULT_GROUP_BY,
  DEFAULT_LANG,
  FollowUpQueryDto,
  ForecastReportQueryDto,
  InvestmentFiguresQueryDto,
} from './dto/report-queries.dto';
import { IdParam } from '../http/id-param.pipe';
import { streamedJson } from '../http/json-stream';
import { invalidInput } from '../shared/problem';
import { fileAnswer } from './file-answer';
import { reportSheets } from './report-xlsx';
import { XLSX_CONTENT_TYPE } from './xlsx';
import {
  FollowUpView,
  ForecastReportView,
  InvestmentForecastView,
  REPORT_CSV_COLUMNS,
  ReportQueries,
  reportCsv,
} from './report.queries';

/**
 * Above this many rows the JSON report is streamed (json-stream.ts: the same bytes, no answer
 * held whole as one string, no pass to measure it); below, Fastify sends it with its length.
 */
const STREAMED_ROWS = 2_000;

const FIGURES_DESCRIPTION =
  'Per benefit line and period of the grain: baselineForecast (the case version in force at the first allocation), ' +
  "currentForecast (latest version), actual (effective reports, corrections applied; a valued line's report made before its period ended " +
  "counts only once a correction made after the end confirms it, and until then is listed in the line's unconfirmedReports), harvested (financial lines), " +
  'variance = actual − forecastDue over the months due (a due period without a report counts as nothing delivered) = ' +
  'forecastDrift (current − baseline) + deliveryGap (actual − current, reported months) + notReported (− current, unreported months); ' +
  'realisationRatio = 1 + (actual − forecast) ÷ |forecast| (4 decimals; actual ÷ forecast for a benefit), measured against the baseline once ' +
  'approved and the current forecast before. A coarser period is spread evenly over the grain, a year through its quarters, with the öre remainder in the last. ' +
  'Per line: toDate over the periods due, achievementPct, expectedPct and status (on-track / watch / stale / deviation against the ' +
  'linear path from baseline to target for qualitative lines; against the forecast for valued lines). KPIs npv, bcr, roi and ' +
  'paybackMonths for the current forecast, the baseline and the actuals to date, for the monetised classes and financial alone; ' +
  't = 0 is the year of the first allocation decision. runningCostEffect per year: financial benefits − recurring costs, ' +
  'baseline, current and actual (the reports of financial lines that count, as in actual − costs recorded against a recurring cost line). ' +
  "Every total is the exact sum of its rows; the report's totals and runningCostEffect are the fund's.";

const CSV_DESCRIPTION =
  `format=csv: UTF-8, a header row, one row per group, benefit line and period with the columns ${REPORT_CSV_COLUMNS.map((c) => c.name).join(', ')}. ` +
  'group is the fund id, "fund/tranche", department, class or investment id (or "unallocated"); amounts are SEK with a dot ' +
  'and two decimals, realisationRatio has 4 decimals; an empty cell means none (no report, no baseline, no ratio). ' +
  "Lines are split over funds and tranches in proportion to the investment's net allocations. Qualitative lines are left out. " +
  'format=xlsx: the same rows on one sheet and the groups with their periods and totals on another; amounts are numbers ' +
  'with a SEK number format, the header row is frozen.';

@ApiTags('reports')
@ApiSecurity('bearer')
@ApiProblems()
@Controller()
export class ReportsController {
  constructor(private readonly queries: ReportQueries) {}

  @Get('api/investments/:id/forecast-vs-actual')
  @ApiOperation({
    summary: 'One investment: forecast against actual per benefit line and period, with KPIs',
    description: FIGURES_DESCRIPTION,
  })
  @ApiOkResponse({
    type: InvestmentForecastDto,
    description: 'Lines with periods and toDate, totals over the monetised lines, kpis, status.',
  })
  investment(
    @Param('id', IdParam) id: string,
    @Query() query: InvestmentFiguresQueryDto,
  ): Promise<InvestmentForecastView> {
    return this.queries.investment(id, query.grain ?? DEFAULT_GRAIN, query);
  }

  @Get('api/reports/forecast-vs-actual')
  @ApiOperation({
    summary: 'Forecast against actual for the fund, by group and period',
    description: `${FIGURES_DESCRIPTION} ${CSV_DESCRIPTION}`,
  })
  @ApiProduces('application/json', 'text/csv', XLSX_CONTENT_TYPE)
  @ApiJsonOrFiles(ForecastReportDto, ['text/csv', XLSX_CONTENT_TYPE])
  async report(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: ForecastReportQueryDto,
  ): Promise<ForecastReportView | Omit<ForecastReportView, 'rows'> | string | StreamableFile> {
    const by = query.groupBy ?? DEFAULT_GROUP_BY;
    const on = query.grain ?? DEFAULT_GRAIN;
    const as = query.format ?? DEFAULT_FORMAT;
    const dialect = query.dialect ?? DEFAULT_DIALECT;
    const lang = query.lang ?? DEFAULT_LANG;
    const withRows = query.rows !== 'false';
    // A file is its rows; refused before the report is worked out.
    if (!withRows && as !== 'json')
      throw invalidInput([
        { path: 'rows', message: 'rows=false is for the JSON answer: a file is its rows' },
      ]);
    const report = await this.queries.report(by, on, query);
    if (as === 'json') {
      // A report of thousands of investments is megabytes of rows (19.5 MB for the 3,120 at
      // the 1M-event bench ledger's midpoint): written as it is sent, a few rows at a time.
      if (withRows) return report.rows.length > STREAMED_ROWS ? streamedJson(report) : report;
      // The groups and totals are summed from every row all the same; only the answer is smaller.
      const { rows: _rows, ...groupsAndTotals } = report;
      return groupsAndTotals;
    }
    return fileAnswer(
      reply,
      `forecast-vs-actual-${by}-${on}`,
      { format: as, dialect, lang },
      { csv: () => reportCsv(report, dialect), sheets: () => reportSheets(report) },
    );
  }

  @Get('api/reports/follow-up')
  @ApiOperation({
    summary: 'Overdue effect reports, by owner',
    description:
      'A forecast period of a valued line is overdue when it ended more than the grace days (LEDGER_FOLLOW_UP_GRACE_DAYS, default 45) ' +
      "before today (or the asOf moment) and the line's reports do not cover it (a valued line's only by reports made, or confirmed " +
      'by a correction, after their period ended: `reportedBeforeEnd` marks a period reported only before); only investments ' +
      'that were approved owe reports.',
  })
  @ApiOkResponse({ type: FollowUpDto })
  followUp(@Query() query: FollowUpQueryDto): Promise<FollowUpView> {
    return this.queries.followUp(query.owner, query);
  }
}
