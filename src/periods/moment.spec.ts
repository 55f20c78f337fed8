import { ProblemException } from '../shared/problem';
import { stockholmDay as stockholmDayOf } from './stockholm-day';
import {
  endOfStockholmDay,
  FIRST_LEDGER_MOMENT,
  LAST_LEDGER_MOMENT,
  LEDGER_DAY_RANGE_TEXT,
  LEDGER_MOMENT_RANGE_TEXT,
  NOT_AFTER_TODAY_MESSAGE,
  notAfterTodayText,
  parseLedgerMoment,
  parseRangeBound,
  requireNotAfterToday,
  startOfStockholmDay,
} from './moment';

/** The problem a refused moment is thrown as. */
const refusalOf = (value: string, name = 'asOf') => {
  try {
    parseLedgerMoment(value, name);
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error(`${value} was not refused`);
};

describe('moments in Stockholm days', () => {
  it('ends a day at Stockholm midnight, in winter and in summer time', () => {
    expect(endOfStockholmDay('2019-01-01')).toBe('2019-01-01T22:59:59.999Z');
    expect(endOfStockholmDay('2019-07-01')).toBe('2019-07-01T21:59:59.999Z');
    // The days summer time starts and ends.
    expect(endOfStockholmDay('2019-03-31')).toBe('2019-03-31T21:59:59.999Z');
    expect(endOfStockholmDay('2019-10-27')).toBe('2019-10-27T22:59:59.999Z');
  });

  it('ends the first and the last day that can be named', () => {
    expect(endOfStockholmDay('1900-01-01')).toBe('1900-01-01T22:59:59.999Z');
    expect(endOfStockholmDay('9999-12-31')).toBe(LAST_LEDGER_MOMENT);
  });

  it('reads a bare date as the end of the Stockholm day, a moment as itself', () => {
    expect(parseLedgerMoment('2018-12-31', 'asOf')).toBe('2018-12-31T22:59:59.999Z');
    expect(parseLedgerMoment('2019-01-01T00:30+01:00', 'asOf')).toBe('2018-12-31T23:30:00.000Z');
    expect(parseLedgerMoment(undefined, 'asOf')).toBeUndefined();
    expect(() => parseLedgerMoment('2019-02-30', 'asOf')).toThrow(ProblemException);
  });

  it('takes the moments and days from 1900-01-01 to 9999-12-31 in Stockholm', () => {
    expect(parseLedgerMoment(FIRST_LEDGER_MOMENT, 'asOf')).toBe(FIRST_LEDGER_MOMENT);
    expect(parseLedgerMoment(LAST_LEDGER_MOMENT, 'asOf')).toBe(LAST_LEDGER_MOMENT);
    expect(parseLedgerMoment('1900-01-01', 'asOf')).toBe('1900-01-01T22:59:59.999Z');
    expect(parseLedgerMoment('9999-12-31', 'asOf')).toBe(LAST_LEDGER_MOMENT);
  });

  it.each([
    '1899-12-31',
    '1899-12-31T22:59:59.999Z',
    '1900-01-01T00:00:00+01:01',
    '1850-01-01',
    '0500-06-01',
    '0001-01-01',
    '9999-12-31T23:00:00Z',
    '9999-12-31T23:30:00+00:30',
  ])('refuses %s with a 400 naming the parameter and the range', (value) => {
    const problem = refusalOf(value, 'since');
    expect(problem).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'since', message: LEDGER_MOMENT_RANGE_TEXT }],
    });
  });

  it('words the range as the API documents it', () => {
    expect(LEDGER_MOMENT_RANGE_TEXT).toBe(
      'must fall on a Stockholm day from 1900-01-01 to 9999-12-31: a moment from ' +
        '1899-12-31T23:00:00.000Z to 9999-12-31T22:59:59.999Z (a date: its Stockholm day)',
    );
  });

  it('starts a day at Stockholm midnight, the first day at the first moment that can be named', () => {
    expect(startOfStockholmDay('2019-01-02')).toBe('2019-01-01T23:00:00.000Z');
    expect(startOfStockholmDay('2019-07-02')).toBe('2019-07-01T22:00:00.000Z');
    // The days summer time starts and ends: each begins before the clocks change.
    expect(startOfStockholmDay('2019-03-31')).toBe('2019-03-30T23:00:00.000Z');
    expect(startOfStockholmDay('2019-10-27')).toBe('2019-10-26T22:00:00.000Z');
    expect(startOfStockholmDay('1900-01-01')).toBe(FIRST_LEDGER_MOMENT);
  });

  it('reads a range bound: a bare date as its Stockholm day, a moment as itself', () => {
    expect(parseRangeBound('2017-06-02', 'from', 'start-of-day')).toBe('2017-06-01T22:00:00.000Z');
    expect(parseRangeBound('2017-06-02', 'to', 'end-of-day')).toBe('2017-06-02T21:59:59.999Z');
    // A moment is a bound on recorded times, named as given, whatever its day.
    expect(parseRangeBound('0001-01-01T00:00Z', 'to', 'end-of-day')).toBe(
      '0001-01-01T00:00:00.000Z',
    );
    expect(parseRangeBound(undefined, 'from', 'start-of-day')).toBeUndefined();
    expect(parseRangeBound('', 'from', 'start-of-day')).toBeUndefined();
  });

  it('refuses a bare date no Stockholm day can place, naming the parameter', () => {
    for (const [value, name] of [
      ['1899-12-31', 'from'],
      ['0001-01-01', 'to'],
    ] as const) {
      let problem: unknown;
      try {
        parseRangeBound(value, name, name === 'from' ? 'start-of-day' : 'end-of-day');
      } catch (error) {
        problem = error instanceof ProblemException ? error.problem : error;
      }
      expect(problem).toMatchObject({ errors: [{ path: name, message: LEDGER_DAY_RANGE_TEXT }] });
    }
  });
});

/** The asOf as a read takes it: parsed, then held to the Stockholm day of `now`. */
const asOfAt = (value: string, now: string): string | undefined =>
  requireNotAfterToday(parseLedgerMoment(value, 'asOf'), new Date(now), 'asOf');

const futureRefusalOf = (value: string, now: string) => {
  try {
    asOfAt(value, now);
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error(`${value} was not refused at ${now}`);
};

describe('no moment after today', () => {
  // 12:00 in Stockholm (summer time) on 2019-06-15.
  const NOON = '2019-06-15T10:00:00.000Z';

  it("takes today's bare date: the end of today's Stockholm day", () => {
    expect(asOfAt('2019-06-15', NOON)).toBe('2019-06-15T21:59:59.999Z');
    expect(asOfAt('2019-06-14', NOON)).toBe('2019-06-14T21:59:59.999Z');
    expect(requireNotAfterToday(undefined, new Date(NOON), 'asOf')).toBeUndefined();
  });

  it('takes a moment later today, in Stockholm', () => {
    expect(asOfAt('2019-06-15T23:30+02:00', NOON)).toBe('2019-06-15T21:30:00.000Z');
    expect(asOfAt('2019-06-15T21:59:59.999Z', NOON)).toBe('2019-06-15T21:59:59.999Z');
  });

  it("refuses tomorrow, naming the parameter and today's day", () => {
    const problem = futureRefusalOf('2019-06-16', NOON);
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([{ path: 'asOf', message: notAfterTodayText('2019-06-15') }]);
    expect(notAfterTodayText('2019-06-15')).toContain(NOT_AFTER_TODAY_MESSAGE);
    expect(notAfterTodayText('2019-06-15')).toContain('2019-06-15');
    // Midnight in Stockholm is tomorrow, though it is still the 15th in UTC.
    expect(futureRefusalOf('2019-06-15T22:00:00.000Z', NOON).errors).toEqual([
      { path: 'asOf', message: notAfterTodayText('2019-06-15') },
    ]);
    expect(futureRefusalOf('2030-01-01', NOON).errors?.[0]?.path).toBe('asOf');
  });

  it('names the parameter it was given', () => {
    expect(() =>
      requireNotAfterToday('2019-06-16T00:00:00.000Z', new Date(NOON), '--as-of'),
    ).toThrow(ProblemException);
    try {
      requireNotAfterToday('2019-06-16T00:00:00.000Z', new Date(NOON), '--as-of');
    } catch (error) {
      expect((error as ProblemException).problem.errors?.[0]?.path).toBe('--as-of');
    }
  });

  it.each([
    // Summer time starts on 2019-03-31: that Stockholm day runs 23:00Z to 21:59:59.999Z.
    ['2019-03-30T23:00:00.000Z', '2019-03-31T21:59:59.999Z', '2019-03-31T22:00:00.000Z'],
    ['2019-03-31T21:59:59.999Z', '2019-03-31', '2019-04-01'],
    ['2019-03-30T22:59:59.999Z', '2019-03-30T22:59:59.999Z', '2019-03-30T23:00:00.000Z'],
    // Summer time ends on 2019-10-27: a day of 25 hours, 22:00Z to 22:59:59.999Z.
    ['2019-10-26T22:00:00.000Z', '2019-10-27T22:59:59.999Z', '2019-10-27T23:00:00.000Z'],
    ['2019-10-27T22:59:59.999Z', '2019-10-27', '2019-10-28'],
    ['2019-10-26T21:59:59.999Z', '2019-10-26T21:59:59.999Z', '2019-10-26T22:00:00.000Z'],
    // An ordinary winter midnight.
    ['2019-01-01T22:59:59.999Z', '2019-01-01T22:59:59.999Z', '2019-01-01T23:00:00.000Z'],
  ])(
    'at %s takes %s and refuses %s (Stockholm midnight, around summer time)',
    (now, last, first) => {
      expect(asOfAt(last, now)).toBe(parseLedgerMoment(last, 'asOf'));
      expect(futureRefusalOf(first, now).errors?.[0]).toEqual({
        path: 'asOf',
        message: notAfterTodayText(stockholmDayOf(now)),
      });
    },
  );
});
