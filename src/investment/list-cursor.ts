/**
 * The cursor of GET /api/investments in another order than by id: the `next` of a page and the
 * `after` of the one that follows it.
 *
 * It used to be the last shown investment's id, and a page started right after wherever that
 * investment stood when the page was asked. When its value had changed in between (a stage
 * change, a cost), the walk skipped investments that had not changed, repeated them, or ended
 * early. So the cursor carries the last shown item's sort value with its id (a keyset), and a
 * page starts at the first item that sorts strictly after that pair: an investment that did not
 * change is then never skipped nor repeated, whatever others record between two pages.
 *
 * Written as "k1." and the base64url (no padding) of the JSON `{ sort, order, value, id }`:
 * URL-safe as it stands, and never an investment id (an id has no "."), so `after` can still
 * take a plain id. The value is the item's own field as the list writes it (amounts and figures
 * as their decimal texts, the stage and status by name, the overdue count as a number), so an
 * amount never passes through a JavaScript number. The sort and order are in it so a cursor
 * given to another order of the list is refused instead of starting at a meaningless place.
 */
import { Money } from '../money/money';
import { STATUSES } from '../../projections/figures/indicator';
import { ID_MESSAGE, ID_PATTERN } from '../shared/input-limits';
import { STAGES } from './investment.events';
import {
  LIST_ORDERS,
  LIST_SORTS,
  ListOrder,
  ListOrdering,
  ListSort,
  Sortable,
  sortItems,
} from './list-order';

export const CURSOR_PREFIX = 'k1.';

/**
 * The longest `after` read as a cursor: a title or department of 300 characters, each escaped
 * in JSON at worst, with the rest, fits many times over; a longer text is not decoded at all.
 */
export const MAX_CURSOR_LENGTH = 4096;

/** The orders a cursor is for: every one but the id's, whose `next` stays a plain id. */
export type CursorSort = Exclude<ListSort, 'investmentId'>;

/** An item's value in the sorted column, as the list writes it. */
export type SortValue = string | number | null;

export interface ListCursor {
  readonly sort: CursorSort;
  readonly order: ListOrder;
  readonly value: SortValue;
  readonly id: string;
}

/** The Sortable field each sort reads (list-order.ts keyOf). */
const FIELD_OF: Readonly<Record<CursorSort, keyof Sortable>> = {
  title: 'title',
  department: 'department',
  stage: 'stage',
  allocated: 'allocated',
  spent: 'spent',
  forecastToDate: 'forecastToDate',
  actualToDate: 'actualToDate',
  realisationRatio: 'realisationRatio',
  indicatorStatus: 'indicatorStatus',
  overdue: 'overdueCount',
};

const isCursorSort = (sort: unknown): sort is CursorSort =>
  typeof sort === 'string' && sort !== 'investmentId' && Object.hasOwn(FIELD_OF, sort);

/**
 * The item's value as the comparator reads it: a count that is not there is 0 and a figure
 * that is not there is null (list-order.ts keyOf), so the cursor holds what was compared.
 */
const sortValueOf = (sort: CursorSort, item: Sortable): SortValue => {
  if (sort === 'overdue') return item.overdueCount ?? 0;
  return item[FIELD_OF[sort]] ?? null;
};

/** The cursor after `item` in the list's order. */
export const cursorAfter = (
  item: Sortable,
  ordering: { readonly sort: CursorSort; readonly order: ListOrder },
): ListCursor => ({
  sort: ordering.sort,
  order: ordering.order,
  value: sortValueOf(ordering.sort, item),
  id: item.investmentId,
});

export const writeCursor = (cursor: ListCursor): string =>
  CURSOR_PREFIX +
  Buffer.from(
    JSON.stringify({
      sort: cursor.sort,
      order: cursor.order,
      value: cursor.value,
      id: cursor.id,
    }),
  ).toString('base64url');

/** The `after` of the page following `item`: its id in id order, else a cursor. */
export const nextAfter = (item: Sortable, ordering: ListOrdering): string =>
  ordering.sort === 'investmentId'
    ? item.investmentId
    : writeCursor(cursorAfter(item, { sort: ordering.sort, order: ordering.order }));

/**
 * An amount as the ledger writes it. Money.of is the one definition of that form, and the
 * comparator reads the value with it: whatever it takes, the sort can compare.
 */
const isWrittenAmount = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    Money.of(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * A figure to date (an amount or a ratio) as the list writes it: plain decimal notation, read
 * by the comparator as a decimal.js number, so no exponent, NaN or Infinity.
 */
const DECIMAL = /^-?(0|[1-9][0-9]{0,39})(\.[0-9]{1,20})?$/;
const isFigure = (value: unknown): boolean =>
  value === null || (typeof value === 'string' && DECIMAL.test(value));

const isOneOf =
  (values: readonly string[]) =>
  (value: unknown): boolean =>
    typeof value === 'string' && values.includes(value);

/**
 * What a value of each sort may be, with what to say when it is not: checked before the
 * comparator reads it, which would throw (a 500) on an amount that is not one.
 */
const VALUE_RULES: Readonly<Record<CursorSort, readonly [(value: unknown) => boolean, string]>> = {
  title: [(value) => typeof value === 'string', 'a text'],
  department: [(value) => typeof value === 'string', 'a text'],
  stage: [isOneOf(STAGES), `one of ${STAGES.join(', ')}`],
  allocated: [isWrittenAmount, 'an amount such as "1000.00"'],
  spent: [isWrittenAmount, 'an amount such as "1000.00"'],
  forecastToDate: [isFigure, 'null or a decimal such as "1000.00"'],
  actualToDate: [isFigure, 'null or a decimal such as "1000.00"'],
  realisationRatio: [isFigure, 'null or a decimal such as "0.9500"'],
  indicatorStatus: [
    (value) => value === null || isOneOf(STATUSES)(value),
    `null or one of ${STATUSES.join(', ')}`,
  ],
  overdue: [
    (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0,
    'a whole number from 0',
  ],
};

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const CURSOR_KEYS = ['id', 'order', 'sort', 'value'];

/** The JSON inside a cursor's text, or why there is none. */
const payloadOf = (text: string): { readonly payload: unknown } | { readonly problem: string } => {
  const body = text.slice(CURSOR_PREFIX.length);
  if (!BASE64URL.test(body)) return { problem: 'not base64url after "k1."' };
  try {
    // Fatal: bytes that are not UTF-8 are no cursor this service wrote.
    const json = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(body, 'base64url'));
    return { payload: JSON.parse(json) as unknown };
  } catch {
    return { problem: 'not JSON in base64url' };
  }
};

/** Why `payload` is no cursor, or the cursor. */
const cursorOfPayload = (payload: unknown): ListCursor | { readonly problem: string } => {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { problem: 'not a JSON object' };
  const fields = payload as Record<string, unknown>;
  const keys = Object.keys(fields).sort();
  if (keys.join() !== CURSOR_KEYS.join())
    return { problem: `its fields must be exactly ${CURSOR_KEYS.join(', ')}` };
  const { sort, order, value, id } = fields;
  if (!isCursorSort(sort))
    return {
      problem: `sort must be one of ${LIST_SORTS.filter((s) => s !== 'investmentId').join(', ')}`,
    };
  if (!isOneOf(LIST_ORDERS)(order))
    return { problem: `order must be one of ${LIST_ORDERS.join(', ')}` };
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return { problem: `id ${ID_MESSAGE}` };
  const [fits, what] = VALUE_RULES[sort];
  if (!fits(value)) return { problem: `value must be ${what} when sorted by ${sort}` };
  return { sort, order: order as ListOrder, value: value as SortValue, id };
};

/** Whether `after` is meant as a cursor (else it is an investment id or nothing). */
export const isCursorText = (after: string): boolean => after.startsWith(CURSOR_PREFIX);

/**
 * The cursor `text` holds, or why it is none; the caller has seen it start with the prefix.
 * Its sort and order are checked against the request's elsewhere (cursorFor): this is all
 * that can be said of the text alone.
 */
export const readCursor = (text: string): ListCursor | { readonly problem: string } => {
  if (text.length > MAX_CURSOR_LENGTH)
    return { problem: `longer than ${MAX_CURSOR_LENGTH} characters` };
  const read = payloadOf(text);
  return 'problem' in read ? read : cursorOfPayload(read.payload);
};

/** A text for a message: short, whatever the client sent. */
const quoted = (text: string): string =>
  JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** What is wrong with `after` as a text: neither an investment id nor a cursor; else undefined. */
export const afterProblem = (after: string): string | undefined => {
  if (!isCursorText(after))
    return ID_PATTERN.test(after)
      ? undefined
      : `${quoted(after)}: must be an investment id (${ID_MESSAGE}) or the \`next\` of the page before (a cursor starting "${CURSOR_PREFIX}")`;
  const read = readCursor(after);
  return 'problem' in read
    ? `${quoted(after)} is not a cursor of this list (${read.problem}): give the \`next\` of the page before as it was, or start again from the first page`
    : undefined;
};

/**
 * The cursor `after` holds for a request in `ordering`, or why it cannot page it: a cursor
 * keeps its place in the order it was made for only, so another sort or direction (the id's
 * included, which pages by a plain id) is refused rather than started at a meaningless place.
 */
export const cursorFor = (
  after: string,
  ordering: ListOrdering,
): ListCursor | { readonly problem: string } => {
  const read = readCursor(after);
  if ('problem' in read) return { problem: afterProblem(after) ?? read.problem };
  if (read.sort !== ordering.sort || read.order !== ordering.order)
    return {
      problem: `this cursor was made for sort=${read.sort}&order=${read.order}, not for sort=${ordering.sort}&order=${ordering.order}: a cursor continues only the order it came from (start again from the first page, or use offset)`,
    };
  return read;
};

/**
 * A stand-in for the cursor's item in the list's comparator: keyOf reads only the sorted
 * field and the id, so the other fields are placeholders.
 */
const standInFor = (cursor: ListCursor): Sortable =>
  ({
    investmentId: cursor.id,
    title: '',
    department: '',
    stage: STAGES[0],
    allocated: '0.00',
    spent: '0.00',
    [FIELD_OF[cursor.sort]]: cursor.value,
  }) as Sortable;

/**
 * Whether `item` sorts strictly after the cursor's (value, id). Through sortItems itself, so
 * the collation, the null placement, the direction and the tie-break by id cannot drift from
 * the list's: it sorts [item, stand-in] and, the sort being stable, a tie (the cursor's own
 * unchanged item) keeps the item first, so only an item strictly after comes out second.
 */
export const sortsAfter =
  (cursor: ListCursor) =>
  (item: Sortable): boolean => {
    const standIn = standInFor(cursor);
    return sortItems([item, standIn], cursor.sort, cursor.order)[0] === standIn;
  };

/**
 * The index of the first item of `sorted` (in the cursor's order) strictly after the cursor:
 * the items before it are all not after it, so a binary search finds the boundary, a dozen
 * comparisons for a list of thousands.
 */
export const firstAfter = (sorted: readonly Sortable[], cursor: ListCursor): number => {
  const after = sortsAfter(cursor);
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (after(sorted[middle])) high = middle;
    else low = middle + 1;
  }
  return low;
};
