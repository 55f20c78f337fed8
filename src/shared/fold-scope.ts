/**
 * Copy-on-write for one fold over many events. The read models are immutable to everyone who
 * holds them: queries, the as-of cache, the runner's committed state and the diff that finds
 * the documents to write. Copying a whole collection for every event made a fold cost
 * O(investments) per event, though; so a fold copies a collection or list the first time it
 * writes to it, remembers the copy as its own, and updates its own copies in place afterwards.
 *
 * Why that is safe: an owned object was created inside this fold, and the fold hands its views
 * to no one before it returns; once it returns, the scope is dropped with it, so nothing ever
 * writes to those objects again. Views passed in (committed, cached, initial) are never owned,
 * so they are copied, never changed. A scope must not outlive the fold it was made for.
 */
const PROTO_KEY = '__proto__';

/**
 * A collection that is not a plain object (the read models' documents read lazily from their
 * database) gives its own writable copy under this key, so a fold never enumerates it whole.
 */
export const FORK_COLLECTION = Symbol('forkCollection');

interface Forkable {
  readonly [FORK_COLLECTION]?: () => Record<string, unknown>;
}

/** Told of every document a fold puts, in order: which collection (the one written to) and id. */
export type PutListener = (collection: object, id: string) => void;

/**
 * Sets an own, enumerable entry of a record. A plain assignment of '__proto__' (an id a
 * client may choose) would change the object's prototype instead of adding an entry.
 */
export const setEntry = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === PROTO_KEY) {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else target[key] = value;
};

/**
 * What a tracking scope knows of the changes to a list it owns, from a mark on (listChanges):
 * the read-model writer writes only those items, however long the list is.
 */
export interface ListChanges {
  /** The list's length at the mark: items at and after it were appended since. */
  readonly lengthBefore: number;
  /** Items below lengthBefore replaced by another value since the mark, ascending, each once. */
  readonly replaced: readonly number[];
}

/** The changes a tracking scope made to one list it owns, in the order it made them. */
interface ListLog {
  /** The list it was copied from, which the fold never writes to. */
  readonly base: readonly unknown[];
  /** The change number of each item appended, in order (the k-th is at base.length + k). */
  readonly appended: number[];
  /** Change numbers and the index each replaced, in order. */
  readonly replacedAt: number[];
  readonly replacedIndex: number[];
}

/** How many of the ascending `changes` are after `mark`. */
const countAfter = (changes: readonly number[], mark: number): number => {
  let low = 0;
  let high = changes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (changes[middle] > mark) high = middle;
    else low = middle + 1;
  }
  return changes.length - low;
};

/**
 * Keyed changes to one list in one fold found by walking it before it is indexed: building
 * the index costs several walks (a map entry and a list per item), so a fold with a few
 * corrections to a long list (a live batch) walks, and one with many (a rebuild's) indexes.
 */
const WALKS_BEFORE_INDEX = 4;

/** Where each key's items sit in a list; `keyOf` is the function the positions were taken with. */
interface KeyIndex {
  readonly keyOf: (item: never) => string;
  readonly positions: Map<string, number[]>;
}

export class FoldScope {
  private readonly owned = new WeakSet<object>();
  /** For owned lists only: kept up to date by append and replaceKeyed, dropped by replace. */
  private readonly indexes = new WeakMap<readonly unknown[], KeyIndex>();
  /** How many times replaceKeyed walked each owned list: at WALKS_BEFORE_INDEX it indexes it. */
  private readonly walks = new WeakMap<readonly unknown[], number>();
  /** Tracking only: what was done to each list the fold owns. */
  private readonly logs = new WeakMap<readonly unknown[], ListLog>();
  /** Tracking only: the number of the last change logged. */
  private changes = 0;

  /**
   * @param onPut told of every put, in order.
   * @param trackChanges for the read-model writer, which writes what each event changed and
   *   finds it by reference between two events of one fold: lists are still written in place
   *   once owned, and every item appended or replaced is logged, so the writer asks the scope
   *   what changed in a list since it last looked (listChanges) instead of walking it. Maps
   *   inside documents are copied on every write instead of once per fold, so each change to
   *   one is a new object up to the document. Forked collections are written in place.
   */
  constructor(
    private readonly onPut?: PutListener,
    private readonly trackChanges = false,
  ) {}

  /** The number of the last change made; listChanges tells of those after it. */
  mark(): number {
    return this.changes;
  }

  /**
   * What changed in `after` since `mark`, given the list it was at the mark (`before`): the
   * list itself written in place since, or the list it was copied from in this fold. Undefined
   * when the scope does not know (not tracking, a list it does not own, another `before`):
   * the caller compares the two lists item by item instead.
   */
  listChanges(
    before: readonly unknown[],
    after: readonly unknown[],
    mark: number,
  ): ListChanges | undefined {
    const log = this.logs.get(after);
    if (log === undefined) return undefined;
    // The list it was copied from has none of the changes; the list itself those up to mark.
    let since: number;
    if (before === after) since = mark;
    else if (before === log.base) since = 0;
    else return undefined;
    const lengthBefore = after.length - countAfter(log.appended, since);
    const replaced = new Set<number>();
    const from = log.replacedAt.length - countAfter(log.replacedAt, since);
    for (let i = from; i < log.replacedAt.length; i += 1) {
      const index = log.replacedIndex[i];
      if (index < lengthBefore) replaced.add(index);
    }
    return { lengthBefore, replaced: [...replaced].sort((a, b) => a - b) };
  }

  /** The collection with `id` set to `value`. */
  put<T>(
    collection: Readonly<Record<string, T>>,
    id: string,
    value: T,
  ): Readonly<Record<string, T>> {
    const target = this.ownCollection(collection);
    setEntry(target, id, value);
    this.onPut?.(target, id);
    return target;
  }

  /** The list with `item` at the end. */
  append<T>(list: readonly T[], item: T): readonly T[] {
    const target = this.ownList(list);
    target.push(item);
    this.logs.get(target)?.appended.push(++this.changes);
    const index = this.indexes.get(target);
    if (index)
      addPosition(index.positions, (index.keyOf as (item: T) => string)(item), target.length - 1);
    return target;
  }

  /**
   * What `replace` does with `(item) => keyOf(item) === key`. The first WALKS_BEFORE_INDEX
   * changes to a list in a fold walk it; from then on, an index of the list's keys that the
   * fold keeps for the lists it owns finds the items. So a fold of many changes to one long
   * list (a rebuild's corrections of an investment's effect reports) does not walk the list
   * per change, and a fold of one change (a command's, a live batch's) does not index
   * thousands of items to find one. `keyOf` must be the same function at every call for the
   * index to be reused.
   */
  replaceKeyed<T>(
    list: readonly T[],
    keyOf: (item: T) => string,
    key: string,
    change: (item: T) => T,
  ): readonly T[] {
    const known = this.indexes.get(list);
    const walks = this.walks.get(list) ?? 0;
    if (!(known && known.keyOf === keyOf) && walks < WALKS_BEFORE_INDEX) {
      let target: T[] | undefined;
      for (let index = 0; index < list.length; index += 1) {
        if (keyOf(list[index]) !== key) continue;
        target ??= this.ownList(list);
        this.write(target, index, change(target[index]));
      }
      if (target) {
        this.walks.set(target, walks + 1);
        // An index taken with another keyOf may no longer hold after these changes.
        this.indexes.delete(target);
      }
      return target ?? list;
    }
    const positions = known && known.keyOf === keyOf ? known.positions : positionsOf(list, keyOf);
    const at = positions.get(key);
    if (at === undefined) return list;
    const target = this.ownList(list);
    this.indexes.set(target, { keyOf, positions });
    for (const position of [...at]) {
      const changed = change(target[position]);
      this.write(target, position, changed);
      const changedKey = keyOf(changed);
      if (changedKey !== key) {
        at.splice(at.indexOf(position), 1);
        addPosition(positions, changedKey, position);
      }
    }
    if (at.length === 0) positions.delete(key);
    return target;
  }

  /** The list with every item that `matches` replaced by `change(item)`; the same list when none does. */
  replace<T>(
    list: readonly T[],
    matches: (item: T) => boolean,
    change: (item: T) => T,
  ): readonly T[] {
    let target: T[] | undefined;
    list.forEach((item, index) => {
      if (!matches(item)) return;
      target ??= this.ownList(list);
      this.write(target, index, change(item));
    });
    // A change may move an item to another key: any index of the list no longer holds.
    if (target) this.indexes.delete(target);
    return target ?? list;
  }

  /** Sets an owned list's item, logging it when tracking and the item is another value. */
  private write<T>(target: T[], index: number, item: T): void {
    if (target[index] === item) return;
    target[index] = item;
    const log = this.logs.get(target);
    if (log === undefined) return;
    log.replacedAt.push(++this.changes);
    log.replacedIndex.push(index);
  }

  private ownCollection<T>(collection: Readonly<Record<string, T>>): Record<string, T> {
    if (this.owned.has(collection)) return collection as Record<string, T>;
    const fork = (collection as Forkable)[FORK_COLLECTION];
    const copy = fork ? (fork() as Record<string, T>) : { ...collection };
    if (!fork && this.trackChanges) return copy;
    this.owned.add(copy);
    return copy;
  }

  private ownList<T>(list: readonly T[]): T[] {
    if (this.owned.has(list)) return list as T[];
    const copy = [...list];
    this.owned.add(copy);
    if (this.trackChanges) {
      this.logs.set(copy, { base: list, appended: [], replacedAt: [], replacedIndex: [] });
    }
    return copy;
  }
}

const addPosition = (positions: Map<string, number[]>, key: string, position: number): void => {
  const at = positions.get(key);
  if (at) at.push(position);
  else positions.set(key, [position]);
};

const positionsOf = <T>(list: readonly T[], keyOf: (item: T) => string): Map<string, number[]> => {
  const positions = new Map<string, number[]>();
  list.forEach((item, position) => addPosition(positions, keyOf(item), position));
  return positions;
};
