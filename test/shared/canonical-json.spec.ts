import fc from 'fast-check';
import { canonicalJson } from '../../src/shared/canonical-json';

/**
 * The canonical JSON as first written (entries filtered, sorted, mapped and joined), kept as
 * the reference the faster one must equal byte for byte: every recorded hash was taken over it.
 */
const reference = (value: unknown): string => {
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
      return Array.isArray(value)
        ? `[${value.map((item) => (item === undefined ? 'null' : reference(item))).join(',')}]`
        : `{${Object.entries(value)
            .filter(([, member]) => member !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([key, member]) => `${JSON.stringify(key)}:${reference(member)}`)
            .join(',')}}`;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  }
};

const outcome = (write: (value: unknown) => string, value: unknown): string => {
  try {
    return `ok ${write(value)}`;
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
};

describe('canonicalJson against the first implementation', () => {
  it('writes the same bytes, or refuses alike, for any value', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, maxDepth: 4 }), (value) => {
        expect(outcome(canonicalJson, value)).toBe(outcome(reference, value));
      }),
      { numRuns: 2_000 },
    );
  });

  it('orders keys by UTF-16 code units, integer-like and non-Latin keys too', () => {
    const value = { b: 1, '10': 2, '9': 3, å: 4, A: 5, '': 6, z: { y: [undefined, 1n], x: 'é' } };
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(value)).toBe(
      '{"":6,"10":2,"9":3,"A":5,"b":1,"z":{"x":"é","y":[null,"1"]},"å":4}',
    );
  });

  it('writes keys it has seen before the same way, past the keys it keeps', () => {
    const many = Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`k${i}`, i]));
    expect(canonicalJson(many)).toBe(reference(many));
    expect(canonicalJson(many)).toBe(reference(many));
  });
});
