import fc from 'fast-check';
import { canonicalJson, sortedJson } from '../../src/shared/canonical-json';

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

describe('sortedJson (the embedded store writes an event so)', () => {
  /** What JSON.stringify keeps, in canonicalJson's text; or that it throws. */
  const stringifiedThenCanonical = (value: unknown): string => {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      return 'throws';
    }
    return text === undefined ? 'undefined' : canonicalJson(JSON.parse(text));
  };
  const sorted = (value: unknown): string => {
    try {
      return sortedJson(value) ?? 'undefined';
    } catch {
      return 'throws';
    }
  };

  it('is canonicalJson of what JSON.stringify keeps, for any value', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withBoxedValues: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
          withTypedArray: true,
          maxDepth: 4,
        }),
        (value) => {
          expect(sorted(value)).toBe(stringifiedThenCanonical(value));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('calls toJSON with the key, unboxes, writes what JSON cannot hold as null or leaves it out', () => {
    const keysSeen: string[] = [];
    const value = {
      z: { toJSON: (key: string) => (keysSeen.push(key), { b: 2, a: 1 }) },
      when: new Date(Date.UTC(2019, 0, 2)),
      boxed: [new Number(1.5), new String('x'), new Boolean(false)],
      odd: [NaN, -Infinity, -0, undefined, () => 1, Symbol('s')],
      gone: undefined,
      fn: () => 1,
      // eslint-disable-next-line no-sparse-arrays
      holes: [1, , 3],
    };
    expect(sortedJson(value)).toBe(
      '{"boxed":[1.5,"x",false],"holes":[1,null,3],"odd":[null,null,0,null,null,null],' +
        '"when":"2019-01-02T00:00:00.000Z","z":{"a":1,"b":2}}',
    );
    expect(keysSeen).toEqual(['z']);
    expect(sortedJson(undefined)).toBeUndefined();
    expect(sortedJson(() => 1)).toBeUndefined();
  });

  it('refuses what JSON.stringify refuses: a bigint, a cycle', () => {
    expect(() => sortedJson({ a: 1n })).toThrow(TypeError);
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    expect(() => sortedJson(cycle)).toThrow(/circular/);
    // The same object twice, side by side, is no cycle.
    const shared = { x: 1 };
    expect(sortedJson({ b: shared, a: [shared] })).toBe('{"a":[{"x":1}],"b":{"x":1}}');
  });
});
