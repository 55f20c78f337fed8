/**
 * The query strings of the report endpoints as DTOs: the validation pipe refuses a bad value
 * with the messages the hand-written parsers gave; the controller fills in the defaults.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  QueryChoice,
  QueryParam,
  QueryRefused,
  QueryText,
  refusalOf,
} from '../../http/dto/query-fields';
import { parseIdParam } from '../../shared/params';
import { ReadQueryDto } from '../../http/dto/read-query.dto';
import { FIRST_LEDGER_DAY, LAST_LEDGER_DAY, parseLedgerMoment } from '../../periods/moment';
import { Grain } from '../../periods/period';
import { GROUP_BYS, GroupBy } from '../../../projections/figures/report.figures';
import { CSV_DIALECTS, CsvDialect } from '../csv';
import { DIALECT_DESCRIPTION, GRAINS, REPORT_FORMATS, ReportFormat } from '../query-params';
import { LANGS, Lang } from '../swedish';

/** What an absent parameter means (as the parsers of query-params.ts read it). */
export const DEFAULT_GRAIN: Grain = 'year';
export const DEFAULT_GROUP_BY: GroupBy = 'fund';
export const DEFAULT_FORMAT: ReportFormat = 'json';
export const DEFAULT_DIALECT: CsvDialect = 'rfc4180';
export const DEFAULT_LANG: Lang = 'sv';

export class InvestmentFiguresQueryDto extends ReadQueryDto {
  @QueryChoice(GRAINS, 'The periods the figures are given in (default year)')
  readonly grain?: Grain;
}

export const REPORT_ROWS = ['true', 'false'] as const;
export type ReportRows = (typeof REPORT_ROWS)[number];

export class ForecastReportQueryDto extends ReadQueryDto {
  @QueryChoice(GROUP_BYS, 'Default fund') readonly groupBy?: GroupBy;
  @QueryChoice(GRAINS, 'Default year') readonly grain?: Grain;
  @QueryChoice(REPORT_FORMATS, 'Default json') readonly format?: ReportFormat;
  @QueryChoice(CSV_DIALECTS, DIALECT_DESCRIPTION) readonly dialect?: CsvDialect;
  @QueryChoice(
    LANGS,
    'format=xlsx only: sheet, column and code names in Swedish (default) or English',
  )
  readonly lang?: Lang;
  @QueryChoice(
    REPORT_ROWS,
    'JSON only: false leaves out `rows` (the groups and totals alone: a small answer where the ' +
      'rows of every investment run to megabytes); default true',
  )
  readonly rows?: ReportRows;
}

export class FollowUpQueryDto extends ReadQueryDto {
  @QueryText('Only the overdue reports of this benefit owner') readonly owner?: string;
}

export const BOARD_FORMATS = ['json', 'xlsx', 'pdf'] as const;
export type BoardFormat = (typeof BOARD_FORMATS)[number];

/**
 * A board report's moment, checked by the parser of every read's asOf: on a Stockholm day of the
 * range a moment can be placed in (src/periods/moment.ts), so asOf and since out of it are both
 * listed in one 400.
 */
const boardMoment = (description: string): PropertyDecorator =>
  applyDecorators(
    QueryParam(
      'isBoardMoment',
      refusalOf((value) => parseLedgerMoment(value, 'moment')),
      `${description}; on a Europe/Stockholm day from ${FIRST_LEDGER_DAY} to ${LAST_LEDGER_DAY}`,
    ),
    ApiPropertyOptional({ example: '2019-12-31' }),
  );

/** Why the board refuses asOfPosition, which every other read of ledger state takes. */
export const BOARD_AS_OF_POSITION_MESSAGE = 'the board report is as of an instant: use asOf';

export class BoardQueryDto {
  @boardMoment(
    'The closing moment (a date means the end of that Europe/Stockholm day); default now. ' +
      'Not after today (Europe/Stockholm, the service clock): a later day is a 400 naming asOf',
  )
  readonly asOf?: string;

  /**
   * Refused, not ignored: a report answered at the head while a position was asked for would
   * be read as the ledger at that position. The report closes at an instant (its quarter,
   * `since`, the days "to date" run up to), not after one event.
   */
  @QueryRefused(BOARD_AS_OF_POSITION_MESSAGE)
  readonly asOfPosition?: string;

  @QueryParam(
    'isFundId',
    refusalOf((value) => parseIdParam('fundId', value)),
    'Default: the only fund',
  )
  readonly fundId?: string;

  @boardMoment(
    'List changes recorded after this moment (a date: the end of that Europe/Stockholm day)',
  )
  readonly since?: string;

  @QueryChoice(BOARD_FORMATS, 'Default: by the Accept header, else json')
  readonly format?: BoardFormat;

  @QueryChoice(
    LANGS,
    'xlsx and pdf: Swedish (default) or English, the change list included; the JSON is the same in both',
  )
  readonly lang?: Lang;
}
