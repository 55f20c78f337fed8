/**
 * An immutable map whose `set` costs O(1) when made on the newest version, for decided states
 * that grow with their stream (a fund's allocations): copying a Map per event made each
 * command's evolve O(entries), and a fund's allocations quadratic over its life.
 *
 * Versions of one lineage share one store in which every key keeps the values it had, each
 * with the version that set it; a version reads the newest value set at or before itself, so
 * it never sees what a later version added. `set` on the newest version appends to the store;
 * `set` on an older one (a branch: deciding again from a state that was already evolved)
 * copies the entries that version sees into a store of its own first, so branches never see
 * each other's entries.
 */
interface Versioned<V> {
  readonly at: number;
  readonly value: V;
}

interface Store<K, V> {
  /** The newest version made on this store; only it may append. */
  latest: number;
  readonly entries: Map<K, Versioned<V>[]>;
}

export class PersistentMap<K, V> {
  private constructor(
    private readonly store: Store<K, V>,
    private readonly version: number,
    readonly size: number,
  ) {}

  static empty<K, V>(): PersistentMap<K, V> {
    return new PersistentMap<K, V>({ latest: 0, entries: new Map() }, 0, 0);
  }

  get(key: K): V | undefined {
    return this.visible(key)?.value;
  }

  has(key: K): boolean {
    return this.visible(key) !== undefined;
  }

  /** A new version with `key` set to `value`; this one is unchanged. */
  set(key: K, value: V): PersistentMap<K, V> {
    if (this.version !== this.store.latest) return this.branch().set(key, value);
    const size = this.has(key) ? this.size : this.size + 1;
    const next = this.version + 1;
    const versions = this.store.entries.get(key);
    if (versions) versions.push({ at: next, value });
    else this.store.entries.set(key, [{ at: next, value }]);
    this.store.latest = next;
    return new PersistentMap(this.store, next, size);
  }

  /** The value this version sees: the newest set at or before it (the last one, on the newest version). */
  private visible(key: K): Versioned<V> | undefined {
    const versions = this.store.entries.get(key);
    if (versions === undefined) return undefined;
    for (let i = versions.length - 1; i >= 0; i--) {
      if (versions[i].at <= this.version) return versions[i];
    }
    return undefined;
  }

  /** This version's entries in a store of their own. */
  private branch(): PersistentMap<K, V> {
    const entries = new Map<K, Versioned<V>[]>();
    for (const key of this.store.entries.keys()) {
      const seen = this.visible(key);
      if (seen !== undefined) entries.set(key, [{ at: 0, value: seen.value }]);
    }
    return new PersistentMap({ latest: 0, entries }, 0, this.size);
  }
}
