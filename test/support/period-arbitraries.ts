/** Arbitraries shared by the property tests of periods, figures and reports. */
import fc from 'fast-check';

/** Period texts of every grain ("2019", "2019-Q2", "2019-05") in the years `year` draws. */
export const aPeriodText = (year: fc.Arbitrary<number>): fc.Arbitrary<string> =>
  fc.oneof(
    year.map(String),
    fc.record({ y: year, q: fc.integer({ min: 1, max: 4 }) }).map(({ y, q }) => `${y}-Q${q}`),
    fc
      .record({ y: year, m: fc.integer({ min: 1, max: 12 }) })
      .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`),
  );
