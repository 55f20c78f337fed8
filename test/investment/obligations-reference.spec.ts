/**
 * obligationsOf and coverageBy find periods through indexes of their texts and months; here
 * they are held to a plain reading of the rules (each period compared with every other), the
 * way they were first written.
 */
import fc from 'fast-check';
import {
  ObligationLine,
  ObligationSource,
  coverageBy,
  isCovered,
  obligationsOf,
} from '../../src/investment/obligations';
import {
  Period,
  contains,
  formatPeriod,
  periodOf,
  periodsInHorizon,
  samePeriod,
  subPeriods,
} from '../../src/periods/period';
import { isValued, readingIntervalMonths } from '../../src/investment/benefit-case';

const YEARS = [2017, 2018];

const periodText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...YEARS).map(String),
  fc.tuple(fc.constantFrom(...YEARS), fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}-Q${q}`),
  fc
    .tuple(fc.constantFrom(...YEARS), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
);

const line: fc.Arbitrary<ObligationLine> = fc.record({
  benefitLineId: fc.constantFrom('l1', 'l2', 'l3'),
  description: fc.constantFrom('a', 'b'),
  class: fc.constantFrom('financial', 'redistributable', 'qualitative' as const),
  owner: fc.constantFrom('o1', 'o2'),
  forecast: fc.array(fc.record({ period: periodText, amount: fc.constantFrom('1.00', '2.50') }), {
    minLength: 1,
    maxLength: 12,
  }),
  frequency: fc.constantFrom('monthly', 'quarterly', 'yearly', 'every other week'),
});

const source: fc.Arbitrary<ObligationSource> = fc.record({
  version: fc.integer({ min: 1, max: 4 }),
  startYear: fc.constant(2017),
  horizonYears: fc.integer({ min: 1, max: 2 }),
  lines: fc.array(line, { maxLength: 3 }),
});

// The former implementation, comparing every candidate with every other.
const readingGrain = (frequency: string) => {
  const months = readingIntervalMonths(frequency);
  if (months === 1) return 'month' as const;
  if (months === 3) return 'quarter' as const;
  return 'year' as const;
};

const referenceObligations = (sources: readonly ObligationSource[]) => {
  type Candidate = ReturnType<typeof obligationsOf>[number] & { parsed: Period; since: number };
  const byLine = new Map<string, Candidate[]>();
  for (const s of [...sources].sort((a, b) => a.version - b.version)) {
    for (const l of s.lines) {
      const kept = byLine.get(l.benefitLineId) ?? [];
      const owed = isValued(l.class)
        ? l.forecast.map((e) => ({
            period: periodOf(e.period),
            forecast: e.amount as string | null,
          }))
        : periodsInHorizon(
            { startYear: s.startYear, years: s.horizonYears },
            readingGrain(l.frequency),
          ).map((period) => ({ period, forecast: null }));
      for (const { period, forecast } of owed) {
        const candidate: Candidate = {
          benefitLineId: l.benefitLineId,
          description: l.description,
          class: l.class,
          owner: l.owner,
          period: formatPeriod(period),
          forecast,
          version: s.version,
          parsed: period,
          since: s.version,
        };
        const same = kept.findIndex((c) => samePeriod(c.parsed, period));
        if (same >= 0) kept[same] = { ...candidate, since: kept[same].since };
        else kept.push(candidate);
      }
      byLine.set(l.benefitLineId, kept);
    }
  }
  return [...byLine.values()].flatMap((candidates) => {
    const latest = candidates.reduce((a, b) => (b.version > a.version ? b : a));
    return candidates
      .filter(
        (c) =>
          !candidates.some(
            (o) =>
              !samePeriod(o.parsed, c.parsed) && contains(o.parsed, c.parsed) && o.since <= c.since,
          ),
      )
      .map(({ parsed: _parsed, since: _since, ...obligation }) => ({
        ...obligation,
        owner: latest.owner,
        description: latest.description,
      }));
  });
};

/** Valued: every month in a report; qualitative: one reading lying within the period. */
const referenceCovered = (period: Period, reported: readonly Period[], valued: boolean): boolean =>
  valued
    ? subPeriods(period, 'month').every((month) => reported.some((r) => contains(r, month)))
    : reported.some((r) => contains(period, r));

describe('obligations against a plain reading of the rules', () => {
  it('obligationsOf owes what comparing every period with every other owes, in the same order', () => {
    fc.assert(
      fc.property(fc.array(source, { maxLength: 4 }), (sources) => {
        expect(obligationsOf(sources)).toEqual(referenceObligations(sources));
      }),
      { numRuns: 500 },
    );
  });

  it('coverageBy and isCovered answer as checking every month, or every reading, against every report', () => {
    fc.assert(
      fc.property(
        fc.array(periodText, { maxLength: 10 }),
        periodText,
        fc.constantFrom('financial', 'redistributable', 'qualitative' as const),
        (reportedTexts, text, lineClass) => {
          const reported = reportedTexts.map(periodOf);
          const period = periodOf(text);
          const expected = referenceCovered(period, reported, isValued(lineClass));
          expect(coverageBy(reported)(period, lineClass)).toBe(expected);
          expect(isCovered(period, reported, lineClass)).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
