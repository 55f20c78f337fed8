/**
 * The page of GET /api/investments: `after` (the `next` of the page before: an investment id in
 * id order, a cursor in another; the page starts after it, in the list's order) or `offset` (how
 * many of the list come before the page), and `limit`.
 * Without them the list holds every investment, as it always has; a page is for clients that
 * show a long list a part at a time, and only the page's investments have their figures to
 * date computed.
 */
import { parseLimit } from '../audit/audit-params';
import { invalidInput } from '../shared/problem';
import { ListPage } from './investment.queries';
import { afterProblem } from './list-cursor';
import { LIST_ORDERS, LIST_SORTS, ListOrdering } from './list-order';
import { isFileFormat, oneOfMessage, pagingRefused } from '../reports/query-params';

/** The most investments one page holds. */
export const MAX_LIST_PAGE = 1000;

export const parseListLimit = (value: string | undefined): number | undefined =>
  value === undefined || value === ''
    ? undefined
    : parseLimit(value, 'limit', { size: MAX_LIST_PAGE, max: MAX_LIST_PAGE });

/** The furthest a page may start: far beyond any list, within a safe integer. */
export const MAX_LIST_OFFSET = 1_000_000_000;
const WHOLE_NUMBER = /^(0|[1-9][0-9]{0,9})$/;

export const parseListOffset = (value: string | undefined): number | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!WHOLE_NUMBER.test(value) || Number(value) > MAX_LIST_OFFSET)
    throw invalidInput([
      { path: 'offset', message: `must be a whole number from 0 to ${MAX_LIST_OFFSET}` },
    ]);
  return Number(value);
};

/**
 * `after`: an investment id, or a cursor (the `next` of a page in another order than by id,
 * list-cursor.ts) that reads as one. Whether a cursor fits the request's order is for the page
 * to say, which knows the order.
 */
export const parseListAfter = (value: string | undefined): string | undefined => {
  if (value === undefined || value === '') return undefined;
  const problem = afterProblem(value);
  if (problem !== undefined) throw invalidInput([{ path: 'after', message: problem }]);
  return value;
};

/**
 * The page asked for. A page is of the JSON list: `ids` (rows named one by one, in an order of
 * their own) and the CSV and XLSX files (every row the filters leave) refuse it, and a page
 * starts after an investment or at an offset, not both.
 */
export const parseListPage = (query: {
  readonly after?: string;
  readonly offset?: string;
  readonly limit?: string;
  readonly ids?: string;
  readonly format?: string;
}): ListPage => {
  const page = {
    after: parseListAfter(query.after),
    offset: parseListOffset(query.offset),
    limit: parseListLimit(query.limit),
  };
  const paged = (['after', 'offset', 'limit'] as const).filter((name) => page[name] !== undefined);
  if (paged.length === 0) return {};
  if (page.after !== undefined && page.offset !== undefined)
    throw invalidInput(
      (['after', 'offset'] as const).map((path) => ({
        path,
        message: 'a page starts after an investment or at an offset: give one of after and offset',
      })),
    );
  const conflict =
    query.ids !== undefined && query.ids !== ''
      ? 'ids names its rows one by one'
      : isFileFormat(query.format)
        ? 'a file holds every investment the filters leave'
        : undefined;
  if (conflict !== undefined) throw pagingRefused(paged, conflict, 'the JSON list');
  return page;
};

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined =>
  values.find((v) => v === value);

/**
 * The order of the list. `ids` names its rows in an order of its own, so a sort or an order
 * beside it is refused rather than silently ignored.
 */
export const parseListOrdering = (query: {
  readonly sort?: string;
  readonly order?: string;
  readonly ids?: string;
}): ListOrdering => {
  const asked = (['sort', 'order'] as const).filter(
    (name) => query[name] !== undefined && query[name] !== '',
  );
  if (asked.length > 0 && query.ids !== undefined && query.ids !== '')
    throw invalidInput(
      asked.map((path) => ({ path, message: 'ids names its rows in an order of its own' })),
    );
  const sort = oneOf(LIST_SORTS, query.sort || 'investmentId');
  const order = oneOf(LIST_ORDERS, query.order || 'asc');
  if (sort === undefined || order === undefined)
    throw invalidInput([
      ...(sort === undefined ? [{ path: 'sort', message: oneOfMessage(LIST_SORTS) }] : []),
      ...(order === undefined ? [{ path: 'order', message: oneOfMessage(LIST_ORDERS) }] : []),
    ]);
  return { sort, order };
};
