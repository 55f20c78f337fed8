/**
 * The order and the free-text search of GET /api/investments, decided on the server so a
 * client can show a long list a page at a time, sorted and searched as a whole: the dashboard's
 * investments table asks for one page of it, not for every investment.
 *
 * Every order ends in the investment id, so a page boundary falls in one place whatever ties
 * the sorted column has; descending reverses the column, not that tie-break. A figure that is
 * not there (no forecast yet, no status) sorts below every figure that is, as it did in the
 * table before.
 */
import { Dec, Money } from '../money/money';
import { compareText } from '../shared/compare';
import { STATUSES } from '../../projections/figures/indicator';
import { STAGES, Stage } from './investment.events';

/**
 * The sorts on the summary's own values (the id, the default, and the dashboard's first
 * columns): read for every investment from the value log, with no figures. The filters read
 * the same values (department, stage, title and id, allocated and spent).
 */
export const VALUE_SORTS = [
  'investmentId',
  'title',
  'department',
  'stage',
  'allocated',
  'spent',
] as const;

/**
 * The sorts on a figure to date or the overdue count: they need every investment's figures,
 * the costly part of the list (kept after the first time).
 */
const FIGURE_SORT_NAMES = [
  'forecastToDate',
  'actualToDate',
  'realisationRatio',
  'indicatorStatus',
  'overdue',
] as const;

/** The columns a list can be sorted by: the dashboard's, and the id. */
export const LIST_SORTS = [...VALUE_SORTS, ...FIGURE_SORT_NAMES] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export const LIST_ORDERS = ['asc', 'desc'] as const;
export type ListOrder = (typeof LIST_ORDERS)[number];

/** The order asked for: a column (default the id) and a direction (default ascending). */
export interface ListOrdering {
  readonly sort: ListSort;
  readonly order: ListOrder;
}

export const FIGURE_SORTS: ReadonlySet<ListSort> = new Set<ListSort>(FIGURE_SORT_NAMES);

/** What a sort reads of one investment: its outline's fields and, for a figure sort, its figures. */
export interface Sortable {
  readonly investmentId: string;
  readonly title: string;
  readonly department: string;
  readonly stage: Stage;
  readonly allocated: string;
  readonly spent: string;
  readonly forecastToDate?: string | null;
  readonly actualToDate?: string | null;
  readonly realisationRatio?: string | null;
  readonly indicatorStatus?: string | null;
  readonly overdueCount?: number;
}

/** Titles and departments as a Swedish reader orders them (å, ä, ö last; case folded). */
const SWEDISH = new Intl.Collator('sv');

/** A column's value, read once per investment so the sort compares without parsing. */
type Key = number | string | Dec | null;

const keyOf = (sort: ListSort, item: Sortable): Key => {
  switch (sort) {
    case 'investmentId':
      return item.investmentId;
    case 'title':
      return item.title;
    case 'department':
      return item.department;
    case 'stage':
      return STAGES.indexOf(item.stage);
    case 'allocated':
      return Money.of(item.allocated).toDecimal();
    case 'spent':
      return Money.of(item.spent).toDecimal();
    case 'forecastToDate':
    case 'actualToDate':
    case 'realisationRatio': {
      const value = item[sort];
      return value === null || value === undefined ? null : new Dec(value);
    }
    case 'indicatorStatus':
      return item.indicatorStatus
        ? (STATUSES as readonly string[]).indexOf(item.indicatorStatus)
        : null;
    case 'overdue':
      return item.overdueCount ?? 0;
    default: {
      const exhaustive: never = sort;
      throw new Error(`unknown sort ${String(exhaustive)}`);
    }
  }
};

/** Two keys of one column: null first, then numbers, amounts or Swedish text. */
const compareKeys = (sort: ListSort, a: Key, b: Key): number => {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (Dec.isDecimal(a) && Dec.isDecimal(b)) return a.cmp(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // The id keeps code-unit order: the order `after` pages by, the same on every machine.
  if (sort === 'investmentId') return compareText(String(a), String(b));
  return SWEDISH.compare(String(a), String(b));
};

/** The items in the order asked for (a new array); ties by id, ascending either way. */
export const sortItems = <T extends Sortable>(
  items: readonly T[],
  sort: ListSort,
  order: ListOrder,
): T[] => {
  const sign = order === 'desc' ? -1 : 1;
  const keyed = items.map((item) => ({ item, key: keyOf(sort, item) }));
  keyed.sort(
    (a, b) =>
      sign * compareKeys(sort, a.key, b.key) ||
      compareText(a.item.investmentId, b.item.investmentId),
  );
  return keyed.map((k) => k.item);
};

/** The longest search text: a title is at most this long, so a longer one matches nothing. */
export const MAX_SEARCH_LENGTH = 200;

/**
 * Whether an investment matches a search: the text (trimmed, case folded the Swedish way) is
 * part of its title or its id. An empty search matches every investment.
 */
export const matchesSearch = (
  search: string,
): ((item: { readonly title: string; readonly investmentId: string }) => boolean) => {
  const wanted = search.trim().toLocaleLowerCase('sv');
  if (wanted === '') return () => true;
  return (item) =>
    item.title.toLocaleLowerCase('sv').includes(wanted) ||
    item.investmentId.toLocaleLowerCase('sv').includes(wanted);
};

/** The departments in Swedish order, each once. */
export const sortedDepartments = (departments: Iterable<string>): string[] =>
  [...new Set(departments)].sort(SWEDISH.compare);

/** More spent than the fund allocated: the money came from elsewhere, or a decision is missing. */
export const isOverspent = (item: {
  readonly allocated: string;
  readonly spent: string;
}): boolean => Money.of(item.spent).gt(Money.of(item.allocated));
