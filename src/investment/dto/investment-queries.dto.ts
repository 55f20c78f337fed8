/**
 * The query string of GET /api/investments as a DTO: the validation pipe refuses a bad value
 * with the messages the hand-written parsers gave; the controller fills in the defaults.
 */
import { QueryChoice, QueryParam, QueryText, refusalOf } from '../../http/dto/query-fields';
import { ReadQueryDto } from '../../http/dto/read-query.dto';
import { CSV_DIALECTS, CsvDialect } from '../../reports/csv';
import { MAX_LISTED_IDS, parseIds } from '../../reports/investments-export';
import { DIALECT_DESCRIPTION, REPORT_FORMATS, ReportFormat } from '../../reports/query-params';
import { LANGS, Lang } from '../../reports/swedish';
import { Stage, STAGES } from '../investment.events';
import { MAX_LIST_PAGE, parseAfterId, parseListLimit } from '../list-params';

export class InvestmentListQueryDto extends ReadQueryDto {
  @QueryText() readonly department?: string;
  @QueryChoice(STAGES) readonly stage?: Stage;
  @QueryParam(
    'isInvestmentIds',
    refusalOf(parseIds),
    `Comma-separated investment ids (at most ${MAX_LISTED_IDS}): only these, in this order`,
  )
  readonly ids?: string;
  @QueryParam(
    'isInvestmentId',
    refusalOf(parseAfterId),
    'JSON only: the page starts after this investment id (the `next` of the page before)',
  )
  readonly after?: string;
  @QueryParam(
    'isPageSize',
    refusalOf(parseListLimit),
    `JSON only: at most this many investments, 1 to ${MAX_LIST_PAGE} (default: every one)`,
  )
  readonly limit?: string;
  @QueryChoice(REPORT_FORMATS, 'Default json') readonly format?: ReportFormat;
  @QueryChoice(CSV_DIALECTS, DIALECT_DESCRIPTION) readonly dialect?: CsvDialect;
  @QueryChoice(LANGS, 'format=xlsx: Swedish (default) or English') readonly lang?: Lang;
}
