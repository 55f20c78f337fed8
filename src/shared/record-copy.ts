/**
 * Copies of plain records with one key left out or put in, the other keys in their order.
 * Rest destructuring (`const { key, ...rest } = record`) and a spread of the copy do the same,
 * but V8 takes a slow path for them: over the 9,000 effect reports of the bench's longest
 * investment they took 22-38 ms a list against 1.1-2.2 ms for these loops, and an
 * investment's page builds that list on every answer.
 */

/** The record without `left`. */
export const omitKey = <T extends object, K extends keyof T>(record: T, left: K): Omit<T, K> => {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (key !== left) copy[key] = record[key as keyof T];
  }
  return copy as Omit<T, K>;
};

/**
 * The record with `key` set to `value`: just before the key `before`, or last when it has no
 * such key or none is named.
 */
export const withKey = <T extends object, K extends string, V>(
  record: T,
  key: K,
  value: V,
  before?: keyof T & string,
): Omit<T, K> & Record<K, V> => {
  const copy: Record<string, unknown> = {};
  let placed = false;
  for (const own of Object.keys(record)) {
    if (own === key) continue;
    if (own === before) {
      copy[key] = value;
      placed = true;
    }
    copy[own] = record[own as keyof T];
  }
  if (!placed) copy[key] = value;
  return copy as Omit<T, K> & Record<K, V>;
};
