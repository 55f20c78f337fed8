/**
 * A record's own entry under `key`, or undefined: never what every object inherits. The read
 * models key their maps by ids, and a ledger written before ids such as "constructor" were
 * refused (src/shared/input-limits.ts, RESERVED_NAMES) may hold one: read as `record[key]` it
 * is Object.prototype's function, not a missing entry, and the fold or the answer broke on it.
 * Only such a key is asked whether it is the record's own: on a lazy collection that asks the
 * read-model file, which every other id need not.
 */
export const ownEntry = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  key in Object.prototype ? (Object.hasOwn(record, key) ? record[key] : undefined) : record[key];
