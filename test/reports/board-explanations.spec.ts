/**
 * Which deviation explanation counts for a board report: one recorded within the report's
 * window, or about a period that overlaps the window or the line's latest judged period;
 * an older one is shown as earlier and the deviation counts as unexplained.
 */
import {
  ExplanationWindow,
  explanationCounts,
  explanationFor,
  RecordedExplanation,
} from '../../src/reports/board-report';

const explanation = (overrides: Partial<RecordedExplanation> = {}): RecordedExplanation => ({
  explanation: 'Handläggarna flyttades till e-tjänsten',
  period: null,
  recordedAt: '2019-03-01T08:00:00.000Z',
  explainedBy: 'lena.lind',
  position: '120',
  ...overrides,
});

/** The first quarter of 2020, with 2019 the line's latest judged year; no report after the explanations. */
const Q1_2020: ExplanationWindow = {
  since: '2019-12-31T22:59:59.999Z',
  asOf: '2020-03-31T21:59:59.999Z',
  latestPeriod: '2019',
  lastDueOn: null,
  lineReportedAt: null,
};

describe('deviation explanations in a board report', () => {
  it('counts an explanation recorded within the window, whatever its period', () => {
    const recent = explanation({ recordedAt: '2020-02-10T09:00:00.000Z', period: '2017' });
    expect(explanationCounts(recent, Q1_2020)).toBe(true);
  });

  it('counts one recorded 00:30 on 1 January in Örebro (23:30 UTC on 31 December) in the first quarter', () => {
    const early = explanation({ recordedAt: '2019-12-31T23:30:00.000Z' });
    expect(explanationCounts(early, Q1_2020)).toBe(true);
    expect(
      explanationCounts(explanation({ recordedAt: '2019-12-31T22:30:00.000Z' }), Q1_2020),
    ).toBe(false);
  });

  it("counts an older one about the line's latest reported period or a period in the window", () => {
    expect(explanationCounts(explanation({ period: '2019' }), Q1_2020)).toBe(true);
    expect(explanationCounts(explanation({ period: '2019-Q4' }), Q1_2020)).toBe(true);
    expect(explanationCounts(explanation({ period: '2020-Q1' }), Q1_2020)).toBe(true);
  });

  it('does not count an older one about an earlier period, or about no period', () => {
    expect(explanationCounts(explanation({ period: '2018' }), Q1_2020)).toBe(false);
    expect(explanationCounts(explanation(), Q1_2020)).toBe(false);
    expect(
      explanationCounts(explanation({ period: '2018' }), { ...Q1_2020, latestPeriod: null }),
    ).toBe(false);
  });

  it('takes the latest that counts, else shows the latest earlier one', () => {
    const old2018 = explanation({ period: '2018', explanation: 'Första' });
    const old2019 = explanation({
      period: '2019',
      explanation: 'Andra',
      recordedAt: '2019-09-01T08:00:00.000Z',
    });
    const stale = explanation({
      period: '2017',
      explanation: 'Tredje',
      recordedAt: '2019-10-01T08:00:00.000Z',
    });
    expect(explanationFor([old2018, old2019, stale], Q1_2020)).toEqual({
      explained: old2019,
      earlier: null,
      earlierBecause: null,
    });
    expect(explanationFor([old2018, stale], Q1_2020)).toEqual({
      explained: null,
      earlier: stale,
      earlierBecause: 'earlier-state',
    });
    expect(explanationFor([], Q1_2020)).toEqual({
      explained: null,
      earlier: null,
      earlierBecause: null,
    });
  });
});
