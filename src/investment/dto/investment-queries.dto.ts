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
import {
  MAX_LIST_OFFSET,
  MAX_LIST_PAGE,
  parseListAfter,
  parseListLimit,
  parseListOffset,
} from '../list-params';
import { LIST_ORDERS, LIST_SORTS, ListOrder, ListSort, MAX_SEARCH_LENGTH } from '../list-order';

const BOOLEANS = ['true', 'false'] as const;

/** A search: one text of a bounded length (list-order.ts matchesSearch). */
const searchProblem = (value: string): string | undefined =>
  value.length > MAX_SEARCH_LENGTH ? `must be at most ${MAX_SEARCH_LENGTH} characters` : undefined;

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
    'isListSearch',
    searchProblem,
    'Only investments whose title or id holds this text (case folded the Swedish way)',
  )
  readonly q?: string;
  @QueryChoice(
    BOOLEANS,
    'true: only investments that spent more than allocated; false: only the others',
  )
  readonly overspent?: (typeof BOOLEANS)[number];
  @QueryChoice(
    LIST_SORTS,
    'The column the list is in order of (default investmentId); ties in id order. A figure to date ' +
      "or overdue computes every investment's figures (kept after); the others read no figures.",
  )
  readonly sort?: ListSort;
  @QueryChoice(LIST_ORDERS, 'asc (default) or desc; a figure that is not there sorts first in asc')
  readonly order?: ListOrder;
  @QueryParam(
    'isListAfter',
    refusalOf(parseListAfter),
    'JSON only: the `next` of the page before; the page starts after it. In id order an investment ' +
      'id (whether or not it is one). Sorted by another column, a cursor ("k1." and base64url): ' +
      'the page starts after the sort value and id of the item it was made from, so an investment ' +
      'that did not change is never skipped nor repeated; only for the sort and order it came from. ' +
      'An investment id there starts the page after that investment as it stands now (one the ' +
      'filters keep)',
  )
  readonly after?: string;
  @QueryParam(
    'isListOffset',
    refusalOf(parseListOffset),
    `JSON only: the page starts after this many investments of the list, 0 to ${MAX_LIST_OFFSET} (not with after)`,
  )
  readonly offset?: string;
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
