import { addDays, isCalendarDay, latestDayAt, stockholmDay } from './stockholm-day';

describe('Stockholm business days', () => {
  it('a moment after local midnight in winter (UTC+1) is the next Stockholm day', () => {
    expect(stockholmDay('2017-01-31T23:30:00Z')).toBe('2017-02-01');
    expect(stockholmDay('2017-01-31T22:59:59Z')).toBe('2017-01-31');
  });

  it('a moment after local midnight in summer (UTC+2) is the next Stockholm day', () => {
    expect(stockholmDay('2017-06-30T22:30:00Z')).toBe('2017-07-01');
    expect(stockholmDay('2017-06-30T21:59:59Z')).toBe('2017-06-30');
  });

  it('knows real calendar days', () => {
    expect(isCalendarDay('2016-02-29')).toBe(true);
    expect(isCalendarDay('2017-02-29')).toBe(false);
    expect(isCalendarDay('2017-13-01')).toBe(false);
    expect(isCalendarDay('2017-1-01')).toBe(false);
  });

  it('adds days across months and years', () => {
    expect(addDays('2016-12-31', 1)).toBe('2017-01-01');
    expect(addDays('2017-03-01', -1)).toBe('2017-02-28');
  });

  it('a clock tolerance can move the latest day over local midnight only', () => {
    expect(latestDayAt('2017-06-30T21:58:00Z', 5 * 60 * 1000)).toBe('2017-07-01');
    expect(latestDayAt('2017-06-30T21:50:00Z', 5 * 60 * 1000)).toBe('2017-06-30');
  });

  it('refuses what is not a moment', () => {
    expect(() => stockholmDay('yesterday')).toThrow(RangeError);
  });
});
