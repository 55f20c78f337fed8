/** The board report's default `since` ends a Stockholm day, as a bare-date asOf does. */
import { parseLedgerMoment } from '../../src/periods/moment';
import { previousQuarterEnd } from '../../src/reports/board-moments';

describe('board report moments in Stockholm days', () => {
  it('puts 00:30 in Örebro on 1 January in 1 January: after a bare 31 December, after the default since', () => {
    const halfPastMidnight = '2018-12-31T23:30:00.000Z'; // 00:30 on 1 January 2019 in Örebro
    const endOf31December = parseLedgerMoment('2018-12-31', 'asOf')!;
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

  it('places the default since of a first quarter of 1900 before the range asOf may name', () => {
    expect(previousQuarterEnd('1900-01-01T22:59:59.999Z')).toBe('1899-12-31T22:59:59.999Z');
  });
});
