import { omitKey, withKey } from './record-copy';

describe('record copies', () => {
  const report = { reportId: 'r1', value: '10.00', evidence: undefined, effectiveValue: '12.00' };

  it('leaves one key out and keeps the others in their order, the record itself untouched', () => {
    const copy = omitKey(report, 'value');
    expect(Object.keys(copy)).toEqual(['reportId', 'evidence', 'effectiveValue']);
    expect(copy).toEqual({ reportId: 'r1', evidence: undefined, effectiveValue: '12.00' });
    expect(Object.keys(report)).toEqual(['reportId', 'value', 'evidence', 'effectiveValue']);
  });

  it('puts a key just before another, or last', () => {
    const before = withKey(report, 'corrections', [], 'effectiveValue');
    expect(Object.keys(before)).toEqual([
      'reportId',
      'value',
      'evidence',
      'corrections',
      'effectiveValue',
    ]);
    expect(Object.keys(withKey(report, 'corrections', []))).toEqual([
      'reportId',
      'value',
      'evidence',
      'effectiveValue',
      'corrections',
    ]);
  });

  it('writes the same JSON as a rest destructuring and a spread', () => {
    const { effectiveValue, ...recorded } = report;
    const spread = { ...recorded, corrections: ['c'], effectiveValue };
    expect(JSON.stringify(withKey(report, 'corrections', ['c'], 'effectiveValue'))).toBe(
      JSON.stringify(spread),
    );
  });

  it('replaces a key it already has, in the new place', () => {
    const moved = withKey(report, 'value', '11.00', 'reportId');
    expect(Object.keys(moved)).toEqual(['value', 'reportId', 'evidence', 'effectiveValue']);
    expect(moved.value).toBe('11.00');
  });
});
