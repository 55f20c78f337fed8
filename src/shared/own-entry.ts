/**
 * A record's own entry under `key`, or undefined: never what every object inherits. The read
 * models and the deciders' states key their maps by ids, and a ledger written before ids such
 * as "constructor" were refused (src/shared/input-limits.ts, RESERVED_NAMES) may hold one: read
 * as `record[key]` it is Object.prototype's function, not a missing entry, and the fold or the
 * answer broke on it.
 */
export const ownEntry = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
