import { firstDuplicateKey, firstDuplicateKeyIn } from './duplicate-keys';

describe('firstDuplicateKey', () => {
  it('finds a key named twice in one object, at any depth, however it is escaped', () => {
    expect(firstDuplicateKey('{"recordedAt":"2016-01-01","a":1,"recordedAt":"2021-01-01"}')).toBe(
      'recordedAt',
    );
    expect(firstDuplicateKey('{"x":{"b":1,"c":[{"d":1,"d":2}]}}')).toBe('d');
    expect(firstDuplicateKey('{"a":1,"\\u0061":2}')).toBe('a');
  });

  it('finds none where each object names its keys once', () => {
    for (const text of [
      '{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}',
      '{"a":"\\"b\\":1,\\"a\\":2","b":"{\\"a\\":1}"}',
      '[{"a":1},{"a":1}]',
      '{"a":[1,"a","a"],"b":{}}',
      '{}',
      '[]',
      JSON.stringify({ amount: '1.00', note: 'quote " and brace { and , comma', list: [1, 2] }),
    ]) {
      expect([text, firstDuplicateKey(text)]).toEqual([text, undefined]);
    }
  });

  it('says where the object naming a key twice lies: its keys and indexes from the top', () => {
    expect(firstDuplicateKeyIn('{"a":1,"a":2}')).toEqual({ key: 'a', path: [] });
    expect(firstDuplicateKeyIn('{"x":{"b":1,"c":[{"d":1},{"e":[],"d":1,"d":2}]}}')).toEqual({
      key: 'd',
      path: ['x', 'c', 1],
    });
    expect(
      firstDuplicateKeyIn('{"benefits":[{"f":[{"p":"2018"},{"p":"2019","p":"2020"}]}],"z":1}'),
    ).toEqual({ key: 'p', path: ['benefits', 0, 'f', 1] });
    expect(firstDuplicateKeyIn('[[1,2],[3,{"k":[4,5],"k":6}]]')).toEqual({
      key: 'k',
      path: [1, 1],
    });
  });
});
