/** The board report's days are Europe/Stockholm days: a bare date and the default `since`. */
import {
  endOfStockholmDay,
  parseBoardMoment,
  previousQuarterEnd,
} from '../../src/reports/board-moments';

describe('board report moments in Stockholm days', () => {
  it('ends a day at Stockholm midnight, in winter and in summer time', () => {
    expect(endOfStockholmDay('2019-01-01')).toBe('2019-01-01T22:59:59.999Z');
    expect(endOfStockholmDay('2019-07-01')).toBe('2019-07-01T21:59:59.999Z');
    // The days summer time starts and ends.
    expect(endOfStockholmDay('2019-03-31')).toBe('2019-03-31T21:59:59.999Z');
    expect(endOfStockholmDay('2019-10-27')).toBe('2019-10-27T22:59:59.999Z');
  });

  it('reads a bare-date asOf as the end of the Stockholm day, a moment as itself', () => {
    expect(parseBoardMoment('2018-12-31', 'asOf')).toBe('2018-12-31T22:59:59.999Z');
    expect(parseBoardMoment('2019-01-01T00:30+01:00', 'asOf')).toBe('2018-12-31T23:30:00.000Z');
    expect(parseBoardMoment(undefined, 'asOf')).toBeUndefined();
    expect(() => parseBoardMoment('2019-02-30', 'asOf')).toThrow();
  });

  it('puts 00:30 in Örebro on 1 January in 1 January: after a bare 31 December, after the default since', () => {
    const halfPastMidnight = '2018-12-31T23:30:00.000Z'; // 00:30 on 1 January 2019 in Örebro
    const endOf31December = parseBoardMoment('2018-12-31', 'asOf')!;
    expect(halfPastMidnight > endOf31December).toBe(true);
    // A report as of that very moment is a first-quarter 2019 report: since is the end of 2018.
    expect(previousQuarterEnd(halfPastMidnight)).toBe('2018-12-31T22:59:59.999Z');
    expect(halfPastMidnight > previousQuarterEnd('2019-03-01T22:59:59.999Z')).toBe(true);
  });

  it('takes the quarter from the Stockholm day of asOf', () => {
    // 00:30 on 1 April in Örebro (summer time) is still 31 March in UTC.
    expect(previousQuarterEnd('2019-03-31T22:30:00.000Z')).toBe('2019-03-31T21:59:59.999Z');
    expect(previousQuarterEnd('2019-03-31T21:30:00.000Z')).toBe('2018-12-31T22:59:59.999Z');
  });
});
