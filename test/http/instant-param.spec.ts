/**
 * The one strict parser of query moments (asOf, from, to): real dates and times only, years
 * 0001–9999 in UTC, written like recorded times; anything else a 400 naming the parameter.
 */
import fc from 'fast-check';
import { daysInMonth, parseInstantParam, readInstant } from '../../src/shared/instant-param';
import { ProblemException } from '../../src/shared/problem';

const refusal = (value: string, name = 'asOf'): { path: string; message: string } => {
  try {
    parseInstantParam(value, name, 'end-of-day');
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    const problem = (error as ProblemException).problem;
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const errors = problem.errors ?? [];
    expect(errors).toHaveLength(1);
    return errors[0];
  }
  throw new Error(`${value} was accepted`);
};

const two = (n: number): string => String(n).padStart(2, '0');
const four = (n: number): string => String(n).padStart(4, '0');

describe('parseInstantParam', () => {
  it.each([
    ['2017-05-30T12:00:00Z', '2017-05-30T12:00:00.000Z'],
    ['2017-05-30T12:00Z', '2017-05-30T12:00:00.000Z'],
    ['2017-05-30T14:00+02:00', '2017-05-30T12:00:00.000Z'],
    ['2017-05-30T00:30-01:30', '2017-05-30T02:00:00.000Z'],
    ['2017-05-30T12:00:00.1234567Z', '2017-05-30T12:00:00.123Z'],
    ['2016-02-29', '2016-02-29T23:59:59.999Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['0001-01-01T00:00Z', '0001-01-01T00:00:00.000Z'],
    ['0050-06-01', '0050-06-01T23:59:59.999Z'],
    ['9999-12-31', '9999-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (value, instant) => {
    expect(parseInstantParam(value, 'asOf', 'end-of-day')).toBe(instant);
  });

  it('reads a bare date as the start of its day for from, the end for to and asOf', () => {
    expect(parseInstantParam('2017-05-30', 'from', 'start-of-day')).toBe(
      '2017-05-30T00:00:00.000Z',
    );
    expect(parseInstantParam('2017-05-30', 'to', 'end-of-day')).toBe('2017-05-30T23:59:59.999Z');
  });

  it('is absent when not given or empty', () => {
    expect(parseInstantParam(undefined, 'asOf', 'end-of-day')).toBeUndefined();
    expect(parseInstantParam('', 'asOf', 'end-of-day')).toBeUndefined();
  });

  it.each([
    // Date would make these 2 March and 1 May.
    ['2017-02-30', /2017-02 has 28 days/],
    ['2017-04-31T10:00Z', /2017-04 has 30 days/],
    ['2017-02-29', /has 28 days/],
    ['1900-02-29', /has 28 days/],
    ['2017-00-10', /month 0/],
    ['2017-13-01', /month 13/],
    ['2017-05-00', /day 0/],
    ['2017-05-30T24:00Z', /hour 24/],
    ['2017-05-30T12:60Z', /minute 60/],
    ['2017-05-30T12:00:60Z', /second 60/],
    ['2017-05-30T12:00+24:00', /offset/],
    ['2017-05-30T12:00+05:60', /offset/],
    // Year 0 itself, and moments the offset pushes out of year 1 or past 9999.
    ['0000-06-01', /year 0/],
    ['0000-01-01T00:00+23:59', /year 0/],
    ['0001-01-01T00:00+00:01', /between 0001/],
    ['9999-12-31T23:59-00:01', /between 0001/],
    ['2017-05-30T12:00', /ISO 8601/],
    ['+002017-05-30', /ISO 8601/],
    ['2017-5-30', /ISO 8601/],
    ['30/05/2017', /ISO 8601/],
    [`2017-05-30T12:00:00.${'1'.repeat(40)}Z`, /ISO 8601/],
  ])('refuses %s, naming the parameter', (value, message) => {
    const problem = refusal(value, 'to');
    expect(problem.path).toBe('to');
    expect(problem.message).toMatch(message);
  });

  it('refuses a repeated parameter', () => {
    expect(() =>
      parseInstantParam(['2017-01-01', '2017-01-02'] as unknown as string, 'asOf', 'end-of-day'),
    ).toThrow(ProblemException);
  });
});

describe('parseInstantParam, property by property', () => {
  const anyInstantMs = fc.integer({
    min: new Date('0001-01-01T00:00:00.000Z').getTime(),
    max: new Date('9999-12-31T23:59:59.999Z').getTime(),
  });

  it('gives back any in-range instant written as a recorded time', () => {
    fc.assert(
      fc.property(anyInstantMs, (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseInstantParam(iso, 'asOf', 'end-of-day')).toBe(iso);
      }),
    );
  });

  it('reads the same instant whatever the zone offset it is written in', () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: new Date('0002-01-01T00:00:00.000Z').getTime(),
          max: new Date('9998-12-31T00:00:00.000Z').getTime(),
        }),
        fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
        (ms, offsetMinutes) => {
          const utc = Math.floor(ms / 60_000) * 60_000;
          const local = new Date(utc + offsetMinutes * 60_000).toISOString().slice(0, 16);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const written = `${local}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
          expect(parseInstantParam(written, 'asOf', 'end-of-day')).toBe(
            new Date(utc).toISOString(),
          );
        },
      ),
    );
  });

  it('accepts every real calendar day and refuses every day past the end of its month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 99 }),
        (year, month, day) => {
          const text = `${four(year)}-${two(month)}-${two(day)}`;
          const read = readInstant(text, 'start-of-day');
          if (day <= daysInMonth(year, month)) {
            expect(read).toEqual({ instant: `${text}T00:00:00.000Z` });
          } else {
            expect(read).toEqual({ problem: expect.stringMatching(/is not a real moment/) });
          }
        },
      ),
    );
  });

  it('never throws anything but a 400 on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          const instant = parseInstantParam(text, 'asOf', 'end-of-day');
          if (instant !== undefined)
            expect(instant).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        } catch (error) {
          expect((error as ProblemException).problem?.status).toBe(400);
        }
      }),
    );
  });
});
