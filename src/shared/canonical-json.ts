/**
 * The one canonical JSON of the ledger (event hashes, the ledger digest, and the comparison of a
 * repeated command's body with the first all serialise through it): JSON with object keys sorted and bigints written as decimal strings, so the same value
 * always serialises to the same bytes whatever order its keys were built in. Undefined object
 * members are dropped as JSON.stringify drops them; values JSON cannot hold are refused
 * rather than silently changed.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not JSON`);
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value);
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  }
};

const canonicalArray = (items: readonly unknown[]): string =>
  `[${items.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;

const canonicalObject = (object: object): string => {
  const members = Object.entries(object)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
  return `{${members.join(',')}}`;
};
