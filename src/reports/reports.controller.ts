/**
 * Report endpoints (API.md § Reports): forecast against actual for one investment and for
 * the fund by group, and the follow-up list. Everyone authenticated reads; nothing writes.
 */
import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiJsonOrFiles, ApiProblems } from '../http/dto/answers.dto';
import { FollowUpDto, ForecastReportDto, InvestmentForecastDto } from './dto/report-views.dto';
import { parseIdParam } from '../shared/params';
import { GROUP_BYS } from '../../projections/figures/report.figures';
import { fileAnswer } from './file-answer';
import {
  DIALECT_DESCRIPTION,
  GRAINS,
  REPORT_FORMATS,
  parseDialect,
  parseFormat,
  parseLang,
  parseGrain,
  parseGroupBy,
  parseText,
} from './query-params';
import {
  AS_OF_DESCRIPTION,
  AS_OF_POSITION_DESCRIPTION,
  MIN_POSITION_DESCRIPTION,
} from './read-docs';
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

const FIGURES_DESCRIPTION =
  'Per benefit line and period of the grain: baselineForecast (the case version in force at the first allocation), ' +
  'currentForecast (latest version), actual (effective reports, corrections applied), harvested (financial lines), ' +
  'variance = actual − forecastDue over the months due (a due period without a report counts as nothing delivered) = ' +
  'forecastDrift (current − baseline) + deliveryGap (actual − current, reported months) + notReported (− current, unreported months); ' +
  'realisationRatio = 1 + (actual − forecast) ÷ |forecast| (4 decimals; actual ÷ forecast for a benefit), measured against the baseline once ' +
  'approved and the current forecast before. A coarser period is spread evenly over the grain, a year through its quarters, with the öre remainder in the last. ' +
  'Per line: toDate over the periods due, achievementPct, expectedPct and status (on-track / watch / stale / deviation against the ' +
  'linear path from baseline to target for qualitative lines; against the forecast for valued lines). KPIs npv, bcr, roi and ' +
  'paybackMonths for the current forecast, the baseline and the actuals to date, for the monetised classes and financial alone; ' +
  't = 0 is the year of the first allocation decision. runningCostEffect per year: financial benefits − recurring costs, ' +
  'baseline, current and actual (reports of financial lines − costs recorded against a recurring cost line). ' +
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
  @ApiQuery({ name: 'grain', required: false, enum: GRAINS })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION })
  @ApiQuery({ name: 'asOfPosition', required: false, description: AS_OF_POSITION_DESCRIPTION })
  @ApiQuery({ name: 'minPosition', required: false, description: MIN_POSITION_DESCRIPTION })
  @ApiOkResponse({
    type: InvestmentForecastDto,
    description: 'Lines with periods and toDate, totals over the monetised lines, kpis, status.',
  })
  investment(
    @Param('id') id: string,
    @Query('grain') grain?: string,
    @Query('asOf') asOf?: string,
    @Query('asOfPosition') asOfPosition?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<InvestmentForecastView> {
    parseIdParam('id', id);
    return this.queries.investment(id, parseGrain(grain), { asOf, asOfPosition, minPosition });
  }

  @Get('api/reports/forecast-vs-actual')
  @ApiOperation({
    summary: 'Forecast against actual for the fund, by group and period',
    description: `${FIGURES_DESCRIPTION} ${CSV_DESCRIPTION}`,
  })
  @ApiQuery({ name: 'groupBy', required: false, enum: GROUP_BYS })
  @ApiQuery({ name: 'grain', required: false, enum: GRAINS })
  @ApiQuery({ name: 'format', required: false, enum: REPORT_FORMATS })
  @ApiQuery({
    name: 'dialect',
    required: false,
    enum: ['rfc4180', 'excel-sv'],
    description: DIALECT_DESCRIPTION,
  })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION })
  @ApiQuery({ name: 'asOfPosition', required: false, description: AS_OF_POSITION_DESCRIPTION })
  @ApiQuery({ name: 'minPosition', required: false, description: MIN_POSITION_DESCRIPTION })
  @ApiQuery({
    name: 'lang',
    required: false,
    enum: ['sv', 'en'],
    description: 'format=xlsx only: sheet, column and code names in Swedish (default) or English',
  })
  @ApiProduces('application/json', 'text/csv', XLSX_CONTENT_TYPE)
  @ApiJsonOrFiles(ForecastReportDto, ['text/csv', XLSX_CONTENT_TYPE])
  async report(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('groupBy') groupBy?: string,
    @Query('grain') grain?: string,
    @Query('format') format?: string,
    @Query('asOf') asOf?: string,
    @Query('asOfPosition') asOfPosition?: string,
    @Query('minPosition') minPosition?: string,
    @Query('dialect') dialectText?: string,
    @Query('lang') langText?: string,
  ): Promise<ForecastReportView | string | StreamableFile> {
    const by = parseGroupBy(groupBy);
    const on = parseGrain(grain);
    const as = parseFormat(format);
    const dialect = parseDialect(dialectText);
    const lang = parseLang(langText);
    const report = await this.queries.report(by, on, { asOf, asOfPosition, minPosition });
    if (as === 'json') return report;
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
      "before today (or the asOf moment) and the line's reports do not cover it; only investments that were approved owe reports.",
  })
  @ApiQuery({ name: 'owner', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION })
  @ApiQuery({ name: 'asOfPosition', required: false, description: AS_OF_POSITION_DESCRIPTION })
  @ApiQuery({ name: 'minPosition', required: false, description: MIN_POSITION_DESCRIPTION })
  @ApiOkResponse({ type: FollowUpDto })
  followUp(
    @Query('owner') owner?: string,
    @Query('asOf') asOf?: string,
    @Query('asOfPosition') asOfPosition?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<FollowUpView> {
    return this.queries.followUp(parseText('owner', owner), { asOf, asOfPosition, minPosition });
  }
}
