/**
 * A read-model document as cells, so that each version of it is a few rows rather than a copy
 * of the whole document (issue 16: bi-temporal rows, "as of" any position an indexed read).
 *
 * A document is a plain JSON object. Its top-level fields are cut one level deep:
 * - the skeleton: the fields in order, and whether each is a value, a list or a map;
 * - one cell per value field (key '');
 * - one cell per item of a list field (keyed by its index);
 * - one cell per entry of a map field (keyed by its key).
 * A cell's body is its value as JSON, whole. The lists the folds grow (effect reports, costs,
 * allocations, …) then cost one new row per new item, however long the list already is; a
 * changed value (a revision, a total) one small row.
 *
 * Changes are found by reference: the folds copy what they change and share what they do not
 * (src/shared/fold-scope.ts), so an item that is the same object is the same value.
 */
import { setEntry } from '../shared/fold-scope';

/** The cell that holds the skeleton: field '' (no document field is named ''), key ''. */
export const SKELETON_FIELD = '';

type FieldKind = 'value' | 'list' | 'map';
export type FieldShape = readonly [field: string, kind: FieldKind];

export type Doc = Readonly<Record<string, unknown>>;

/** One cell's new value at a position; `body` null ends the cell (the item or entry is gone). */
export interface CellChange {
  readonly field: string;
  readonly key: string;
  /** The order the document gives it: a list item's index, a map entry's rank (see mapRank). */
  readonly ord: number;
  readonly body: string | null;
  /** Whether a version of this cell is open before the change (so it must be closed). */
  readonly existed: boolean;
  /**
   * The skeleton or a value field's cell, rather than a list item or a map entry: its versions
   * follow one another (the next begins where the last ends), so the file keeps them as a log
   * that is only ever appended to (read-model-db.ts `cell_values`).
   */
  readonly value: boolean;
}

/** A list item's or a map entry's change. */
const itemChange = (
  field: string,
  key: string,
  ord: number,
  body: string | null,
  existed: boolean,
): CellChange => ({ field, key, ord, body, existed, value: false });

/** The skeleton's or a value field's change: its one cell, keyed ''. */
const valueChange = (field: string, body: string | null, existed: boolean): CellChange => ({
  field,
  key: '',
  ord: 0,
  body,
  existed,
  value: true,
});

/** A cell as read back: what `assemble` needs. */
export interface CellRow {
  readonly field: string;
  readonly key: string;
  readonly ord: number;
  readonly body: string;
}

type Container =
  | { readonly kind: 'list'; readonly items: readonly unknown[] }
  | { readonly kind: 'map'; readonly entries: Readonly<Record<string, unknown>> };

/**
 * What a document looked like when its cells were last written: the skeleton, the values,
 * and each list and map as it was. Not a copy: the read-model writer's fold scope copies a
 * document's list or map on every write to it (FoldScope `copyInsideDocuments`), so one that
 * is the same object is unchanged, and its diff is skipped without walking its items.
 */
export interface DocSnapshot {
  /** The skeleton: the fields and their kinds. */
  readonly shape: readonly FieldShape[];
  readonly values: ReadonlyMap<string, unknown>;
  readonly containers: ReadonlyMap<string, Container>;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys JavaScript enumerates first and in ascending order, whatever the insertion order. */
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;
const MAX_ARRAY_INDEX = 2 ** 32 - 2;
export const isIndexKey = (key: string): boolean =>
  ARRAY_INDEX.test(key) && Number(key) <= MAX_ARRAY_INDEX;

const kindOf = (value: unknown): FieldKind =>
  Array.isArray(value) ? 'list' : isPlainObject(value) ? 'map' : 'value';

/** Fields whose value is undefined are left out, as JSON leaves them out. */
const shapeOf = (doc: Doc): FieldShape[] => {
  const shape: FieldShape[] = [];
  for (const [field, value] of Object.entries(doc)) {
    if (value !== undefined) shape.push([field, kindOf(value)]);
  }
  return shape;
};

const sameShape = (a: readonly FieldShape[], b: readonly FieldShape[]): boolean =>
  a.length === b.length && a.every(([field, kind], i) => b[i][0] === field && b[i][1] === kind);

export const snapshotOf = (doc: Doc): DocSnapshot => {
  const values = new Map<string, unknown>();
  const containers = new Map<string, Container>();
  for (const [field, value] of Object.entries(doc)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) containers.set(field, { kind: 'list', items: value });
    else if (isPlainObject(value)) containers.set(field, { kind: 'map', entries: value });
    else values.set(field, value);
  }
  return { shape: shapeOf(doc), values, containers };
};

/**
 * The order of map entries that are not array indexes is their insertion order; a rank
 * among those keys only (index keys are ordered by JavaScript itself) is stable as long as
 * no entry is removed and the keys keep their order; a removal or a new order rewrites the field
 * (see keepsRanks).
 */
const mapRanks = (entries: Readonly<Record<string, unknown>>): Map<string, number> => {
  const ranks = new Map<string, number>();
  let rank = 0;
  for (const key of Object.keys(entries)) ranks.set(key, isIndexKey(key) ? 0 : rank++);
  return ranks;
};

/**
 * Whether the entries `before` had keep their stored ranks in `after`: none was removed, and
 * the keys that are not array indexes come in the same order with any new ones after them
 * (what a fold's put does). Otherwise a key's rank in `after` could equal another's stored
 * one and the entries would be read back in another order.
 */
const keepsRanks = (
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): boolean => {
  const old: string[] = [];
  for (const key of Object.keys(before)) {
    if (!isIndexKey(key)) old.push(key);
    else if (!Object.hasOwn(after, key)) return false;
  }
  let next = 0;
  for (const key of Object.keys(after)) {
    if (isIndexKey(key)) continue;
    if (next < old.length && key === old[next]) next += 1;
    else if (next < old.length || Object.hasOwn(before, key)) return false;
  }
  // Every entry it had that is not an index was met, in its order.
  return next === old.length;
};

const diffList = (
  field: string,
  before: readonly unknown[],
  after: readonly unknown[],
  out: CellChange[],
): void => {
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i += 1) {
    const existed = i < before.length;
    if (i >= after.length) out.push(itemChange(field, String(i), i, null, existed));
    else if (!existed || before[i] !== after[i]) {
      out.push(itemChange(field, String(i), i, JSON.stringify(after[i]), existed));
    }
  }
};

const diffMap = (
  field: string,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  out: CellChange[],
): void => {
  const ranks = mapRanks(after);
  if (!keepsRanks(before, after)) {
    // The stored ranks would no longer give this order: write the field afresh.
    for (const key of Object.keys(before)) {
      out.push(itemChange(field, key, 0, null, true));
    }
    for (const [key, value] of Object.entries(after)) {
      const ord = ranks.get(key) ?? 0;
      out.push(itemChange(field, key, ord, JSON.stringify(value), false));
    }
    return;
  }
  for (const [key, value] of Object.entries(after)) {
    const existed = Object.hasOwn(before, key);
    if (existed && before[key] === value) continue;
    out.push(itemChange(field, key, ranks.get(key) ?? 0, JSON.stringify(value), existed));
  }
};

const EMPTY: DocSnapshot = { shape: [], values: new Map(), containers: new Map() };

/**
 * The cells that change when a document goes from `before` (undefined: it did not exist) to
 * `after` (undefined: it is gone). The skeleton comes first.
 */
export const diffDocument = (
  before: DocSnapshot | undefined,
  after: Doc | undefined,
): CellChange[] => {
  if (before === undefined && after === undefined) return [];
  const old = before ?? EMPTY;
  const out: CellChange[] = [];
  const shape = after === undefined ? undefined : shapeOf(after);
  if (shape === undefined || before === undefined || !sameShape(shape, old.shape)) {
    const body = shape === undefined ? null : JSON.stringify(shape);
    out.push(valueChange(SKELETON_FIELD, body, before !== undefined));
  }
  const fields = new Set([
    ...old.values.keys(),
    ...old.containers.keys(),
    ...Object.keys(after ?? {}),
  ]);
  for (const field of fields) {
    const was = old.containers.get(field);
    const value = after?.[field];
    const wasValue = old.values.has(field);
    const isValue = value !== undefined && kindOf(value) === 'value';
    if (wasValue && isValue) {
      if (old.values.get(field) !== value)
        out.push(valueChange(field, JSON.stringify(value), true));
      continue;
    }
    // What the field was is closed before what it is opens: a value and a map entry keyed ''
    // share a cell's name.
    if (wasValue) out.push(valueChange(field, null, true));
    const list = Array.isArray(value) ? value : undefined;
    const map = list === undefined && isPlainObject(value) ? value : undefined;
    if (was?.kind === 'list' && list) {
      if (was.items !== list) diffList(field, was.items, list, out);
    } else if (was?.kind === 'map' && map) {
      if (was.entries !== map) diffMap(field, was.entries, map, out);
    }
    else {
      // The field appeared, went, or changed between list, map and value: all of it changes.
      if (was?.kind === 'list') diffList(field, was.items, [], out);
      if (was?.kind === 'map') diffMap(field, was.entries, {}, out);
      if (list) diffList(field, [], list, out);
      if (map) diffMap(field, {}, map, out);
    }
    if (isValue) out.push(valueChange(field, JSON.stringify(value), false));
  }
  return out;
};

/**
 * How many cells a document is: its skeleton, one per value, list item and map entry. The
 * measure of what a parsed document holds in memory, for caches bounded by size rather than
 * by count (documents grow with the ledger: every report is an item).
 */
export const cellCount = (doc: Doc): number => {
  let cells = 1;
  for (const value of Object.values(doc)) cells += fieldCellCount(value);
  return cells;
};

/** How many cells one field is written as: a list's items, a map's entries, one value, or none. */
export const fieldCellCount = (value: unknown): number =>
  value === undefined
    ? 0
    : Array.isArray(value)
      ? value.length
      : isPlainObject(value)
        ? Object.keys(value).length
        : 1;

/** A field's cells open at one position, read together: item i has keys[i], ords[i], values[i]. */
export interface FieldCells {
  readonly keys: readonly string[];
  readonly ords: readonly number[];
  readonly values: readonly unknown[];
}

/**
 * The document from its skeleton (the skeleton cell's value) and its fields' cells open at one
 * position, in any order within a field.
 */
export const assembleFields = (
  shape: readonly FieldShape[],
  fields: ReadonlyMap<string, FieldCells>,
): Doc => {
  const doc: Record<string, unknown> = {};
  for (const [field, kind] of shape) {
    const cells = fields.get(field);
    if (kind === 'value') {
      setEntry(doc, field, cells === undefined ? null : cells.values[0]);
    } else if (kind === 'list') {
      const list: unknown[] = [];
      if (cells !== undefined) cells.ords.forEach((ord, i) => (list[ord] = cells.values[i]));
      setEntry(doc, field, list);
    } else {
      // A map's entries in their ranks' order: the order the folded object gave its keys.
      const map: Record<string, unknown> = {};
      if (cells !== undefined) {
        const order = cells.ords.map((_, i) => i).sort((a, b) => cells.ords[a] - cells.ords[b]);
        for (const i of order) setEntry(map, cells.keys[i], cells.values[i]);
      }
      setEntry(doc, field, map);
    }
  }
  return doc;
};

/**
 * The document from its skeleton and the cells open at one position (any order); undefined
 * when there is no skeleton (the document did not exist then).
 */
export const assemble = (rows: readonly CellRow[]): Doc | undefined => {
  let skeleton: string | undefined;
  const fields = new Map<string, { keys: string[]; ords: number[]; values: unknown[] }>();
  for (const { field, key, ord, body } of rows) {
    if (field === SKELETON_FIELD) {
      skeleton = body;
      continue;
    }
    let cells = fields.get(field);
    if (cells === undefined) fields.set(field, (cells = { keys: [], ords: [], values: [] }));
    cells.keys.push(key);
    cells.ords.push(ord);
    cells.values.push(JSON.parse(body));
  }
  return skeleton === undefined
    ? undefined
    : assembleFields(JSON.parse(skeleton) as FieldShape[], fields);
};
