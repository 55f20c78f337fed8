/**
 * The page of GET /api/investments: `after` (an investment id: the page starts after it, in
 * id order) and `limit`. Without either the list holds every investment, as it always has; a
 * page is for clients that show a long list a part at a time, and only the page's
 * investments have their figures to date computed.
 */
import { parseLimit } from '../audit/audit-params';
import { ID_MESSAGE, ID_PATTERN } from '../http/validation';
import { invalidInput } from '../shared/problem';
import { ListPage } from './investment.queries';

/** The most investments one page holds. */
export const MAX_LIST_PAGE = 1000;

export const parseListLimit = (value: string | undefined): number | undefined =>
  value === undefined || value === ''
    ? undefined
    : parseLimit(value, 'limit', { size: MAX_LIST_PAGE, max: MAX_LIST_PAGE });

export const parseAfterId = (value: string | undefined): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!ID_PATTERN.test(value))
    throw invalidInput([{ path: 'after', message: `${JSON.stringify(value)}: ${ID_MESSAGE}` }]);
  return value;
};

/**
 * The page asked for. A page is of the JSON list by id: `ids` (rows named one by one, in an
 * order of their own) and the CSV and XLSX files (every row the filters leave) refuse it.
 */
export const parseListPage = (query: {
  readonly after?: string;
  readonly limit?: string;
  readonly ids?: string;
  readonly format?: string;
}): ListPage => {
  const page = { after: parseAfterId(query.after), limit: parseListLimit(query.limit) };
  const paged = (['after', 'limit'] as const).filter((name) => page[name] !== undefined);
  if (paged.length === 0) return {};
  const conflict =
    query.ids !== undefined && query.ids !== ''
      ? 'ids names its rows one by one'
      : query.format !== undefined && query.format !== 'json'
        ? 'a file holds every investment the filters leave'
        : undefined;
  if (conflict !== undefined)
    throw invalidInput(
      paged.map((path) => ({ path, message: `pages only the JSON list by id: ${conflict}` })),
    );
  return page;
};
