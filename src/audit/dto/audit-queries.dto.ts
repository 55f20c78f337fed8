/**
 * The query strings of the audit endpoints as DTOs: the validation pipe refuses a bad value
 * with the messages the hand-written parsers gave (audit-params.ts, time-range.ts), which
 * still turn the checked text into positions and instants and compare `from` with `to`.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  QueryChoice,
  QueryMoment,
  QueryParam,
  queryRule,
  refusalOf,
} from '../../http/dto/query-fields';
import { CSV_DIALECTS, CsvDialect } from '../../reports/csv';
import { DIALECT_DESCRIPTION, REPORT_FORMATS, ReportFormat } from '../../reports/query-params';
import { LANGS, Lang } from '../../reports/swedish';
import { PageSizes, parseDigestParam, parseLimit, parsePosition } from '../audit-params';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../change-report';
import { DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE } from '../investment-history';

const positionProblem = refusalOf((value) => parsePosition(value, 'after'));

const limitProblem = (sizes: PageSizes): ((value: string) => string | undefined) =>
  refusalOf((value) => parseLimit(value, 'limit', sizes));

const CHANGE_PAGES: PageSizes = { size: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE };
const HISTORY_PAGES: PageSizes = { size: DEFAULT_HISTORY_PAGE, max: MAX_HISTORY_PAGE };

const FROM_DESCRIPTION =
  'Recorded at or after (ISO timestamp; a date means the start of that Stockholm day)';
const TO_DESCRIPTION =
  'Recorded at or before (ISO timestamp; a date means the end of that Stockholm day)';
const LANG_DESCRIPTION = 'xlsx: Swedish (default) or English, the summaries included';

export class FeedQueryDto {
  @QueryParam('isPosition', positionProblem, 'Position to start after (default 0)')
  readonly after?: string;

  @QueryParam('isPageSize', limitProblem(CHANGE_PAGES), `Page size, 1 to ${MAX_PAGE_SIZE}`)
  readonly limit?: string;
}

/** The range, the file choices and the page, shared by the change report and a history. */
class RangeExportQueryDto {
  @QueryMoment(FROM_DESCRIPTION) readonly from?: string;
  @QueryMoment(TO_DESCRIPTION) readonly to?: string;
  @QueryChoice(REPORT_FORMATS, 'json pages, or the whole range as one file')
  readonly format?: ReportFormat;
  @QueryChoice(CSV_DIALECTS, DIALECT_DESCRIPTION) readonly dialect?: CsvDialect;
  @QueryChoice(LANGS, LANG_DESCRIPTION) readonly lang?: Lang;
  @QueryParam('isPosition', positionProblem, 'JSON only: the position the page starts after')
  readonly after?: string;
}

export class ChangesQueryDto extends RangeExportQueryDto {
  @QueryParam('isPageSize', limitProblem(CHANGE_PAGES), `JSON only: 1 to ${MAX_PAGE_SIZE}`)
  readonly limit?: string;
}

export class HistoryQueryDto extends RangeExportQueryDto {
  @QueryParam(
    'isPageSize',
    limitProblem(HISTORY_PAGES),
    `JSON only: events per page, 1 to ${MAX_HISTORY_PAGE} (default ${DEFAULT_HISTORY_PAGE})`,
  )
  readonly limit?: string;
}

export class VerifyQueryDto {
  // Not "empty means absent": `digest=` has always been refused as no digest.
  @ApiPropertyOptional({ description: 'A digest from GET /api/audit/digest' })
  @queryRule('isLedgerDigest', refusalOf((value) => parseDigestParam(value)))
  readonly digest?: string;
}

export class DigestQueryDto {
  @QueryParam('isPosition', positionProblem, 'Default: the head of the ledger')
  readonly position?: string;
}
