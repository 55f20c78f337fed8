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

/** Where each key's items sit in a list; `keyOf` is the function the positions were taken with. */
interface KeyIndex {
  readonly keyOf: (item: never) => string;
  readonly positions: Map<string, number[]>;
}

export class FoldScope {
  private readonly owned = new WeakSet<object>();
  /** For owned lists only: kept up to date by append and replaceKeyed, dropped by replace. */
  private readonly indexes = new WeakMap<readonly unknown[], KeyIndex>();

  /**
   * @param onPut told of every put, in order.
   * @param copyInsideDocuments copy a document's own lists and maps on every write instead of
   *   once per fold, so that every change inside a document is a new object up to the
   *   document and can be found by reference between two events of one fold (the read-model
   *   writer needs that; it costs a copy of the list written, per event). Forked collections
   *   are still written in place.
   */
  constructor(
    private readonly onPut?: PutListener,
    private readonly copyInsideDocuments = false,
  ) {}

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
    const index = this.indexes.get(target);
    if (index)
      addPosition(index.positions, (index.keyOf as (item: T) => string)(item), target.length - 1);
    return target;
  }

  /**
   * What `replace` does with `(item) => keyOf(item) === key`, found through an index of the
   * list's keys that the fold keeps for the lists it owns: a fold of many changes to one long
   * list (the corrections of an investment's effect reports) then does not walk the list per
   * change. `keyOf` must be the same function at every call for the index to be reused.
   */
  replaceKeyed<T>(
    list: readonly T[],
    keyOf: (item: T) => string,
    key: string,
    change: (item: T) => T,
  ): readonly T[] {
    if (this.copyInsideDocuments) return this.replace(list, (item) => keyOf(item) === key, change);
    const known = this.indexes.get(list);
    const positions = known && known.keyOf === keyOf ? known.positions : positionsOf(list, keyOf);
    const at = positions.get(key);
    if (at === undefined) return list;
    const target = this.ownList(list);
    this.indexes.set(target, { keyOf, positions });
    for (const position of [...at]) {
      const changed = change(target[position]);
      target[position] = changed;
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
      target[index] = change(item);
    });
    // A change may move an item to another key: any index of the list no longer holds.
    if (target) this.indexes.delete(target);
    return target ?? list;
  }

  private ownCollection<T>(collection: Readonly<Record<string, T>>): Record<string, T> {
    if (this.owned.has(collection)) return collection as Record<string, T>;
    const fork = (collection as Forkable)[FORK_COLLECTION];
    const copy = fork ? (fork() as Record<string, T>) : { ...collection };
    if (!fork && this.copyInsideDocuments) return copy;
    this.owned.add(copy);
    return copy;
  }

  private ownList<T>(list: readonly T[]): T[] {
    if (this.owned.has(list)) return list as T[];
    const copy = [...list];
    if (!this.copyInsideDocuments) this.owned.add(copy);
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
