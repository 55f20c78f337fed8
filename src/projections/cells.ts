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
 * (src/shared/fold-scope.ts), so an item that is the same object is the same value. The one
 * exception is a list the fold's scope owns, which it writes in place: the scope tells what
 * changed in it (KnownChanges), so a long list is not walked for the one item an event added.
 */
import { ListChanges, setEntry } from '../shared/fold-scope';

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

/**
 * Whether two documents have the same skeleton (shapeOf), without building it: the same
 * fields in the same order, each a value, a list or a map in both. The usual case, so it is
 * the cheap one.
 */
const sameFields = (a: Doc, b: Doc): boolean => {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ka.length && a[ka[i]] === undefined) i += 1;
    while (j < kb.length && b[kb[j]] === undefined) j += 1;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    if (ka[i] !== kb[j]) return false;
    const was = a[ka[i]];
    const now = b[kb[j]];
    if (was !== now && kindOf(was) !== kindOf(now)) return false;
    i += 1;
    j += 1;
  }
};

/** The fields of either skeleton, those of `before` first. */
const fieldsOf = (
  before: readonly FieldShape[] | undefined,
  after: readonly FieldShape[] | undefined,
): string[] => {
  const fields = new Set<string>();
  for (const [field] of before ?? []) fields.add(field);
  for (const [field] of after ?? []) fields.add(field);
  return [...fields];
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

/** The scope of one batch's fold, as the writer asks it (FoldScope with trackChanges). */
export interface TrackingScope {
  listChanges(
    before: readonly unknown[],
    after: readonly unknown[],
    mark: number,
  ): ListChanges | undefined;
  mark(): number;
}

/**
 * What the fold's scope knows of the lists it writes in place (FoldScope.listChanges), and
 * its mark when the document compared against was last compared.
 */
export interface KnownChanges {
  readonly scope: Pick<TrackingScope, 'listChanges'>;
  readonly mark: number;
}

/**
 * Whether a value that is the same object before and after changed all the same: a list the
 * scope wrote in place, held directly as a list item or a map entry.
 */
const changedInPlace = (value: unknown, known: KnownChanges | undefined): boolean => {
  if (known === undefined || !Array.isArray(value)) return false;
  const changes = known.scope.listChanges(value, value, known.mark);
  return (
    changes !== undefined && (changes.lengthBefore !== value.length || changes.replaced.length > 0)
  );
};

/**
 * `after` against `before` item by item. When the scope wrote `before` in place since the mark
 * (a fold that grew a list through the scope and then replaced it with a copy in one event),
 * `before` is compared as it stood at the mark: its items replaced since are written again,
 * and those appended since were never written, so they are not there to close.
 */
const diffList = (
  field: string,
  before: readonly unknown[],
  after: readonly unknown[],
  out: CellChange[],
  known?: KnownChanges,
): void => {
  const atMark = known?.scope.listChanges(before, before, known.mark);
  const beforeLength = atMark?.lengthBefore ?? before.length;
  // Only a list the scope wrote in place has any: no set for the others, walked per change.
  const rewritten =
    atMark !== undefined && atMark.replaced.length > 0 ? new Set(atMark.replaced) : undefined;
  const length = Math.max(beforeLength, after.length);
  for (let i = 0; i < length; i += 1) {
    const existed = i < beforeLength;
    if (i >= after.length) out.push(itemChange(field, String(i), i, null, existed));
    else if (
      !existed ||
      before[i] !== after[i] ||
      rewritten?.has(i) === true ||
      changedInPlace(after[i], known)
    ) {
      out.push(itemChange(field, String(i), i, JSON.stringify(after[i]), existed));
    }
  }
};

/** A list's changes as the scope tells them: the items replaced, then those appended. */
const knownListChanges = (
  field: string,
  after: readonly unknown[],
  changes: ListChanges,
  out: CellChange[],
): void => {
  for (const i of changes.replaced) {
    out.push(itemChange(field, String(i), i, JSON.stringify(after[i]), true));
  }
  for (let i = changes.lengthBefore; i < after.length; i += 1) {
    out.push(itemChange(field, String(i), i, JSON.stringify(after[i]), false));
  }
};

const diffMap = (
  field: string,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  out: CellChange[],
  known?: KnownChanges,
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
    if (existed && before[key] === value && !changedInPlace(value, known)) continue;
    out.push(itemChange(field, key, ranks.get(key) ?? 0, JSON.stringify(value), existed));
  }
};

/**
 * The cells that change when a document goes from `before` (undefined: it did not exist) to
 * `after` (undefined: it is gone). The skeleton comes first.
 *
 * Documents are compared field by field by reference: the folds copy what they change and
 * share what they do not, and the read-model writer's fold scope copies a map inside a
 * document on every write to it (FoldScope `trackChanges`), so a field that is the same
 * object is unchanged and is not walked. A map that changed is compared entry by entry. A
 * list the scope wrote in place is given by `known` (only what changed since `before` was
 * compared); any other list that changed is compared item by item.
 */
export const diffDocument = (
  before: Doc | undefined,
  after: Doc | undefined,
  known?: KnownChanges,
): CellChange[] => {
  // The same document may still hold lists the scope wrote in place since the mark.
  if (before === after && known === undefined) return [];
  const out: CellChange[] = [];
  let fields: readonly string[];
  if (before !== undefined && after !== undefined && sameFields(before, after)) {
    fields = Object.keys(after);
  } else {
    const shape = after === undefined ? undefined : shapeOf(after);
    const body = shape === undefined ? null : JSON.stringify(shape);
    out.push(valueChange(SKELETON_FIELD, body, before !== undefined));
    fields = fieldsOf(before === undefined ? undefined : shapeOf(before), shape);
  }
  for (const field of fields) {
    const was = before?.[field];
    const value = after?.[field];
    if (known !== undefined && Array.isArray(was) && Array.isArray(value)) {
      const changes = known.scope.listChanges(was, value, known.mark);
      if (changes !== undefined) {
        knownListChanges(field, value, changes, out);
        continue;
      }
    }
    if (was === value) continue;
    const wasKind = was === undefined ? undefined : kindOf(was);
    const isKind = value === undefined ? undefined : kindOf(value);
    if (wasKind === 'value' && isKind === 'value') {
      out.push(valueChange(field, JSON.stringify(value), true));
      continue;
    }
    // What the field was is closed before what it is opens: a value and a map entry keyed ''
    // share a cell's name.
    if (wasKind === 'value') out.push(valueChange(field, null, true));
    if (wasKind === 'list' && isKind === 'list') {
      diffList(field, was as unknown[], value as unknown[], out, known);
    } else if (wasKind === 'map' && isKind === 'map') {
      diffMap(field, was as Doc, value as Doc, out, known);
    } else {
      // The field appeared, went, or changed between list, map and value: all of it changes.
      if (wasKind === 'list') diffList(field, was as unknown[], [], out);
      if (wasKind === 'map') diffMap(field, was as Doc, {}, out);
      if (isKind === 'list') diffList(field, [], value as unknown[], out);
      if (isKind === 'map') diffMap(field, {}, value as Doc, out);
    }
    if (isKind === 'value') out.push(valueChange(field, JSON.stringify(value), false));
  }
  return out;
};

/**
 * What each event of one batch changed in each document, event after event. Each document is
 * compared with the object this batch last compared it with (whose content its cells then
 * hold, once the changes found are written), and the scope tells what changed in place since
 * the mark of that comparison. Kept after every comparison, changed or not: an event may grow
 * a list through the scope and then put back a copy of what it was, and only the object
 * compared then still says what the cells hold.
 */
export class BatchDiff {
  private readonly compared = new Map<
    string,
    { readonly doc: Doc | undefined; readonly mark: number }
  >();

  constructor(private readonly scope: TrackingScope) {}

  /**
   * The cells that change from the document as last compared (the first time, `committed()`:
   * as the batch found it) to `doc`, and that earlier document.
   */
  changes(
    key: string,
    committed: () => Doc | undefined,
    doc: Doc | undefined,
  ): { readonly before: Doc | undefined; readonly changes: CellChange[] } {
    const last = this.compared.get(key);
    const before = last === undefined ? committed() : last.doc;
    const changes = diffDocument(before, doc, { scope: this.scope, mark: last?.mark ?? 0 });
    this.compared.set(key, { doc, mark: this.scope.mark() });
    return { before, changes };
  }
}

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
