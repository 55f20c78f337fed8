/**
 * The one canonical JSON of the ledger (event hashes, the ledger digest, and the comparison of a
 * repeated command's body with the first all serialise through it): JSON with object keys sorted and bigints written as decimal strings, so the same value
 * always serialises to the same bytes whatever order its keys were built in. Undefined object
 * members are dropped as JSON.stringify drops them; values JSON cannot hold are refused
 * rather than silently changed.
 *
 * Every event's hash is taken over this text, so a verification of the chain writes it once
 * per event ever recorded: it is written with loops and one string rather than with arrays of
 * entries mapped and joined (twice as fast over the 1M-event bench ledger, the same bytes).
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not JSON`);
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value);
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  }
};

const canonicalArray = (items: readonly unknown[]): string => {
  let text = '[';
  for (let index = 0; index < items.length; index++) {
    if (index > 0) text += ',';
    const item = items[index];
    text += item === undefined ? 'null' : canonicalJson(item);
  }
  return `${text}]`;
};

/**
 * Keys written as JSON strings, kept: the ledger's events use a few dozen field names over
 * and over. Bounded, since data may also hold maps keyed by ids.
 */
const QUOTED_KEYS_KEPT = 10_000;
const quotedKeys = new Map<string, string>();

const quotedKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < QUOTED_KEYS_KEPT) quotedKeys.set(key, quoted);
  }
  return quoted;
};

/**
 * The object's keys in code-unit order; the sort is skipped when they are in order already
 * (small objects such as an actor's { id, role }, or canonical text parsed back).
 */
const sortedKeys = (object: object): string[] => {
  const keys = Object.keys(object);
  for (let index = 1; index < keys.length; index++) {
    // Array.prototype.sort with no comparator orders strings by UTF-16 code units, as `<` does.
    if (keys[index - 1] > keys[index]) return keys.sort();
  }
  return keys;
};

const canonicalObject = (object: object): string => {
  const record = object as Record<string, unknown>;
  let text = '{';
  let separator = '';
  for (const key of sortedKeys(object)) {
    const member = record[key];
    if (member === undefined) continue;
    text += `${separator}${quotedKey(key)}:${canonicalJson(member)}`;
    separator = ',';
  }
  return `${text}}`;
};

/**
 * The text JSON.stringify writes of `value`, but with object keys in code-unit order: member
 * for member what JSON.stringify keeps (toJSON called, boxed primitives unboxed, NaN and the
 * infinities null, undefined, functions and symbols left out of objects and null in arrays),
 * and so canonicalJson's text of it parsed back. Undefined where JSON.stringify gives
 * undefined; throws where it throws (a bigint, a cycle). One walk: the embedded store writes
 * an event's data as this, and its hash is taken over the same text. Two departures, on values
 * no event holds, leave the text canonical and its own parse: a boxed primitive is known by its
 * prototype (instanceof), not its internal slot (one from another realm is an object here),
 * and getters and toJSON run in key order, not in the order the keys were added.
 */
export const sortedJson = (value: unknown): string | undefined => serialized('', value, []);

const serialized = (key: string, value: unknown, ancestors: object[]): string | undefined => {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function')
      return kept((toJSON as (key: string) => unknown).call(value, key), ancestors);
  }
  return kept(value, ancestors);
};

/** A value after its toJSON, as JSON.stringify writes it (keys in order). */
const kept = (value: unknown, ancestors: object[]): string | undefined => {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object': {
      if (value === null) return 'null';
      if (value instanceof Number) return kept(Number(value), ancestors);
      if (value instanceof String) return JSON.stringify(String(value));
      if (value instanceof Boolean) return kept(value.valueOf(), ancestors);
      if (value instanceof BigInt) return kept(value.valueOf(), ancestors);
      if (ancestors.includes(value)) throw new TypeError('Converting circular structure to JSON');
      ancestors.push(value);
      const text = Array.isArray(value)
        ? sortedArray(value, ancestors)
        : sortedObject(value, ancestors);
      ancestors.pop();
      return text;
    }
    default:
      return undefined;
  }
};

const sortedArray = (items: readonly unknown[], ancestors: object[]): string => {
  let text = '[';
  for (let index = 0; index < items.length; index++) {
    if (index > 0) text += ',';
    text += serialized(String(index), items[index], ancestors) ?? 'null';
  }
  return `${text}]`;
};

const sortedObject = (object: object, ancestors: object[]): string => {
  const record = object as Record<string, unknown>;
  let text = '{';
  let separator = '';
  for (const key of sortedKeys(object)) {
    const member = serialized(key, record[key], ancestors);
    if (member === undefined) continue;
    text += `${separator}${quotedKey(key)}:${member}`;
    separator = ',';
  }
  return `${text}}`;
};
