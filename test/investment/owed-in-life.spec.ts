/**
 * A period that ended before the investment's life began is owed no follow-up: nothing could
 * be reported of it (EFFECT_PERIOD_BEFORE_LIFE), so owing it made an overdue item only a
 * waiver could clear. One pure filter (obligations.ts `owedFrom`), with one reckoning of the
 * life's first day (`lifeBeginsOn`), serves the decider and the follow-up read model alike.
 */
import { Obligation, lifeBeginsOn, owedFrom } from '../../src/investment/obligations';

const obligation = (period: string): Obligation => ({
  benefitLineId: 'line',
  description: 'Line',
  class: 'financial',
  owner: 'anna.berg',
  period,
  forecast: '100.00',
  version: 1,
});

const owed = (lifeBegins: string | null, ...periods: string[]): string[] =>
  periods
    .map(obligation)
    .filter(owedFrom(lifeBegins))
    .map((o) => o.period);

describe('owedFrom: only periods that end in the life are owed', () => {
  it('drops a period that ended before the life began, at every grain', () => {
    expect(owed('2019-06-14', '2017', '2018', '2019', '2020')).toEqual(['2019', '2020']);
    expect(owed('2019-06-14', '2019-Q1', '2019-Q2', '2019-Q3')).toEqual(['2019-Q2', '2019-Q3']);
    expect(owed('2019-06-14', '2019-05', '2019-06', '2019-07')).toEqual(['2019-06', '2019-07']);
  });

  it('keeps the period that began before the life and ends in it: the life’s first (as requireEndsInLife)', () => {
    // The last day is the life's first: it ends in the life.
    expect(owed('2018-12-31', '2018', '2018-Q4', '2018-12', '2018-11')).toEqual([
      '2018',
      '2018-Q4',
      '2018-12',
    ]);
    expect(owed('2019-01-01', '2018', '2018-12', '2019-01')).toEqual(['2019-01']);
  });

  it('drops nothing when the life’s first day is not known (an older ledger before any allocation)', () => {
    expect(owed(null, '2014', '2019-01')).toEqual(['2014', '2019-01']);
  });
});

describe('lifeBeginsOn: the proposal’s day, or the earlier first decision', () => {
  it('takes the earlier of the two, and either alone', () => {
    expect(lifeBeginsOn('2019-06-14', '2018-03-01')).toBe('2018-03-01');
    expect(lifeBeginsOn('2019-06-14', '2019-07-01')).toBe('2019-06-14');
    expect(lifeBeginsOn('2019-06-14', null)).toBe('2019-06-14');
    expect(lifeBeginsOn('2019-06-14')).toBe('2019-06-14');
    expect(lifeBeginsOn(null, '2018-03-01')).toBe('2018-03-01');
    expect(lifeBeginsOn(null, null)).toBeNull();
  });
});
