import { Money } from '../money/money';
import {
  MAX_YEAR,
  MIN_YEAR,
  Period,
  coarsen,
  comparePeriods,
  contains,
  formatPeriod,
  grainOf,
  isInHorizon,
  overlaps,
  parsePeriod,
  periodEnd,
  periodOf,
  periodOfDate,
  periodStart,
  periodsInHorizon,
  samePeriod,
  spread,
  subPeriods,
} from './period';

const texts = (periods: readonly Period[]): string[] => periods.map(formatPeriod);
const spreadTexts = (amount: string, period: string, grain: 'year' | 'quarter' | 'month') =>
  spread(Money.of(amount), periodOf(period), grain).map((s) => [
    formatPeriod(s.period),
    s.amount.toString(),
  ]);

describe('parsePeriod', () => {
  it.each([
    ['2017', { grain: 'year', year: 2017 }],
    ['2017-Q1', { grain: 'quarter', year: 2017, quarter: 1 }],
    ['2017-Q4', { grain: 'quarter', year: 2017, quarter: 4 }],
    ['2017-01', { grain: 'month', year: 2017, month: 1 }],
    ['2017-12', { grain: 'month', year: 2017, month: 12 }],
    ['1900', { grain: 'year', year: 1900 }],
    ['2200-12', { grain: 'month', year: 2200, month: 12 }],
  ])('accepts %s', (text, period) => {
    expect(parsePeriod(text)).toEqual({ ok: true, period });
  });

  it.each([
    ['2017-Q5', 'quarter-out-of-range'],
    ['2017-Q0', 'quarter-out-of-range'],
    ['2017-13', 'month-out-of-range'],
    ['2017-00', 'month-out-of-range'],
    ['1899', 'year-out-of-range'],
    ['2201-Q1', 'year-out-of-range'],
    ['0999', 'year-out-of-range'],
    ['17', 'not-a-period'],
    [' 2017', 'not-a-period'],
    ['2017 ', 'not-a-period'],
    ['2017-q1', 'not-a-period'],
    ['2017-3', 'not-a-period'],
    ['2017-Q1-01', 'not-a-period'],
    ['2017-01-01', 'not-a-period'],
    ['20170', 'not-a-period'],
    ['', 'not-a-period'],
    [2017, 'not-a-string'],
    [null, 'not-a-string'],
  ])('rejects %p as %s', (input, problem) => {
    expect(parsePeriod(input)).toMatchObject({ ok: false, problem });
  });

  it('names the limits in its problem text', () => {
    const parsed = parsePeriod('1899');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(`${MIN_YEAR}`);
    if (!parsed.ok) expect(parsed.message).toContain(`${MAX_YEAR}`);
  });

  it('round-trips through formatPeriod', () => {
    for (const text of ['2017', '2017-Q3', '2017-09'])
      expect(formatPeriod(periodOf(text))).toBe(text);
  });

  it('periodOf throws on anything that is not a period', () => {
    expect(() => periodOf('2017-Q5')).toThrow(/2017-Q5/);
  });
});

describe('grain, start and end', () => {
  it.each([
    ['2017', 'year', '2017-01-01', '2017-12-31'],
    ['2017-Q1', 'quarter', '2017-01-01', '2017-03-31'],
    ['2017-Q2', 'quarter', '2017-04-01', '2017-06-30'],
    ['2017-Q3', 'quarter', '2017-07-01', '2017-09-30'],
    ['2017-Q4', 'quarter', '2017-10-01', '2017-12-31'],
    ['2017-02', 'month', '2017-02-01', '2017-02-28'],
    ['2016-02', 'month', '2016-02-01', '2016-02-29'],
    ['2000-02', 'month', '2000-02-01', '2000-02-29'],
    ['1900-02', 'month', '1900-02-01', '1900-02-28'],
    ['2017-04', 'month', '2017-04-01', '2017-04-30'],
    ['2017-12', 'month', '2017-12-01', '2017-12-31'],
  ])('%s is a %s from %s to %s', (text, grain, start, end) => {
    const period = periodOf(text);
    expect(grainOf(period)).toBe(grain);
    expect(periodStart(period)).toBe(start);
    expect(periodEnd(period)).toBe(end);
  });
});

describe('ordering', () => {
  it('orders by start, the longer period first when two start together', () => {
    const shuffled = ['2018', '2017-02', '2017-Q1', '2017', '2017-01', '2017-Q2', '2016-12'];
    const sorted = shuffled.map(periodOf).sort(comparePeriods);
    expect(texts(sorted)).toEqual([
      '2016-12',
      '2017',
      '2017-Q1',
      '2017-01',
      '2017-02',
      '2017-Q2',
      '2018',
    ]);
  });

  it('compares equal periods as 0', () => {
    expect(comparePeriods(periodOf('2017-Q2'), periodOf('2017-Q2'))).toBe(0);
    expect(samePeriod(periodOf('2017-Q2'), periodOf('2017-Q2'))).toBe(true);
    expect(samePeriod(periodOf('2017-Q2'), periodOf('2017-04'))).toBe(false);
  });
});

describe('containment and overlap', () => {
  it('2017-03 lies in 2017-Q1 which lies in 2017', () => {
    expect(contains(periodOf('2017-Q1'), periodOf('2017-03'))).toBe(true);
    expect(contains(periodOf('2017'), periodOf('2017-Q1'))).toBe(true);
    expect(contains(periodOf('2017'), periodOf('2017-03'))).toBe(true);
    expect(contains(periodOf('2017'), periodOf('2017'))).toBe(true);
  });

  it('a period does not contain its neighbours or a coarser period', () => {
    expect(contains(periodOf('2017-Q1'), periodOf('2017-04'))).toBe(false);
    expect(contains(periodOf('2017-Q1'), periodOf('2017'))).toBe(false);
    expect(contains(periodOf('2017'), periodOf('2018-01'))).toBe(false);
  });

  it('overlap is symmetric and excludes neighbours', () => {
    expect(overlaps(periodOf('2017-03'), periodOf('2017'))).toBe(true);
    expect(overlaps(periodOf('2017'), periodOf('2017-03'))).toBe(true);
    expect(overlaps(periodOf('2017-Q1'), periodOf('2017-Q2'))).toBe(false);
    expect(overlaps(periodOf('2017-03'), periodOf('2017-Q2'))).toBe(false);
  });
});

describe('subPeriods', () => {
  it('splits a year into quarters and months', () => {
    expect(texts(subPeriods(periodOf('2017'), 'quarter'))).toEqual([
      '2017-Q1',
      '2017-Q2',
      '2017-Q3',
      '2017-Q4',
    ]);
    expect(texts(subPeriods(periodOf('2017'), 'month'))).toEqual([
      '2017-01',
      '2017-02',
      '2017-03',
      '2017-04',
      '2017-05',
      '2017-06',
      '2017-07',
      '2017-08',
      '2017-09',
      '2017-10',
      '2017-11',
      '2017-12',
    ]);
  });

  it('splits a quarter into its three months', () => {
    expect(texts(subPeriods(periodOf('2017-Q3'), 'month'))).toEqual([
      '2017-07',
      '2017-08',
      '2017-09',
    ]);
  });

  it('is the period itself at its own grain', () => {
    expect(texts(subPeriods(periodOf('2017-05'), 'month'))).toEqual(['2017-05']);
  });

  it('refuses a coarser grain', () => {
    expect(() => subPeriods(periodOf('2017-05'), 'year')).toThrow(RangeError);
  });
});

describe('spread', () => {
  it('100.00 over 12 months: eleven 8.33 and a last 8.37', () => {
    const parts = spreadTexts('100.00', '2017', 'month');
    expect(parts.slice(0, 11).map(([, a]) => a)).toEqual(Array(11).fill('8.33'));
    expect(parts[11]).toEqual(['2017-12', '8.37']);
  });

  it('0.01 over 3 months: 0.00, 0.00, 0.01', () => {
    expect(spreadTexts('0.01', '2017-Q1', 'month')).toEqual([
      ['2017-01', '0.00'],
      ['2017-02', '0.00'],
      ['2017-03', '0.01'],
    ]);
  });

  it('0.02 over 3 months keeps the whole remainder last: 0.00, 0.00, 0.02', () => {
    expect(spreadTexts('0.02', '2017-Q1', 'month').map(([, a]) => a)).toEqual([
      '0.00',
      '0.00',
      '0.02',
    ]);
  });

  it('200.00 over 12 months: eleven 16.66 and a last 16.74', () => {
    const amounts = spreadTexts('200.00', '2017', 'month').map(([, a]) => a);
    expect(amounts).toEqual([...Array(11).fill('16.66'), '16.74']);
  });

  it('a negative amount (a dis-benefit) spreads the same way: eleven -8.33 and a last -8.37', () => {
    const amounts = spreadTexts('-100.00', '2017', 'month').map(([, a]) => a);
    expect(amounts).toEqual([...Array(11).fill('-8.33'), '-8.37']);
  });

  it('a year to quarters: 1000000.01 is 250000.00 three times and 250000.01', () => {
    expect(spreadTexts('1000000.01', '2017', 'quarter')).toEqual([
      ['2017-Q1', '250000.00'],
      ['2017-Q2', '250000.00'],
      ['2017-Q3', '250000.00'],
      ['2017-Q4', '250000.01'],
    ]);
  });

  it('zero stays zero everywhere', () => {
    expect(spreadTexts('0.00', '2017-Q2', 'month').map(([, a]) => a)).toEqual([
      '0.00',
      '0.00',
      '0.00',
    ]);
  });

  it('the same grain is the amount itself', () => {
    expect(spreadTexts('12.34', '2017-Q2', 'quarter')).toEqual([['2017-Q2', '12.34']]);
  });

  it('keeps the total exact for the largest amount the ledger takes', () => {
    const parts = spread(Money.of('999999999999.99'), periodOf('2017'), 'month');
    expect(Money.sum(parts.map((p) => p.amount)).toString()).toBe('999999999999.99');
    expect(parts[0].amount.toString()).toBe('83333333333.33');
    expect(parts[11].amount.toString()).toBe('83333333333.36');
  });

  it('refuses to spread to a coarser grain', () => {
    expect(() => spread(Money.of('1.00'), periodOf('2017-01'), 'quarter')).toThrow(RangeError);
  });
});

describe('coarsen', () => {
  it.each([
    ['2017-03', 'quarter', '2017-Q1'],
    ['2017-04', 'quarter', '2017-Q2'],
    ['2017-12', 'quarter', '2017-Q4'],
    ['2017-03', 'year', '2017'],
    ['2017-Q3', 'year', '2017'],
    ['2017-Q3', 'quarter', '2017-Q3'],
    ['2017', 'year', '2017'],
  ])('%s at %s grain is %s', (text, grain, expected) => {
    expect(formatPeriod(coarsen(periodOf(text), grain as 'year' | 'quarter'))).toBe(expected);
  });

  it('refuses a finer grain', () => {
    expect(() => coarsen(periodOf('2017'), 'month')).toThrow(RangeError);
  });
});

describe('periodOfDate', () => {
  it.each([
    ['2017-05-30', 'month', '2017-05'],
    ['2017-05-30', 'quarter', '2017-Q2'],
    ['2017-05-30', 'year', '2017'],
    ['2016-12-31', 'quarter', '2016-Q4'],
  ])('%s lies in the %s %s', (date, grain, expected) => {
    expect(formatPeriod(periodOfDate(date, grain as 'year' | 'quarter' | 'month'))).toBe(expected);
  });

  it('refuses a malformed date', () => {
    expect(() => periodOfDate('2017-5-30', 'month')).toThrow();
  });
});

describe('horizon', () => {
  const horizon = { startYear: 2017, years: 4 };

  it('holds the periods from the start year through start + years - 1', () => {
    expect(isInHorizon(periodOf('2017'), horizon)).toBe(true);
    expect(isInHorizon(periodOf('2017-01'), horizon)).toBe(true);
    expect(isInHorizon(periodOf('2020-Q4'), horizon)).toBe(true);
    expect(isInHorizon(periodOf('2020-12'), horizon)).toBe(true);
  });

  it('excludes periods before the start year or after the last year', () => {
    expect(isInHorizon(periodOf('2016-12'), horizon)).toBe(false);
    expect(isInHorizon(periodOf('2021'), horizon)).toBe(false);
    expect(isInHorizon(periodOf('2021-01'), horizon)).toBe(false);
  });

  it('lists its periods at a grain', () => {
    expect(texts(periodsInHorizon(horizon, 'year'))).toEqual(['2017', '2018', '2019', '2020']);
    expect(texts(periodsInHorizon({ startYear: 2017, years: 1 }, 'quarter'))).toEqual([
      '2017-Q1',
      '2017-Q2',
      '2017-Q3',
      '2017-Q4',
    ]);
    expect(periodsInHorizon(horizon, 'month')).toHaveLength(48);
  });
});
