/**
 * The reports' index (decide/report-index.ts) answers as a walk over the reports does, however
 * the list came about: copied by the decider's evolve (one report appended, one corrected),
 * grown in place by a fold with one FoldScope, or asked about again on an older state after a
 * newer one took its index over (a command decided again after losing a race). Random reports
 * over a few lines and periods of every grain, so that periods overlap across grains.
 */
import fc from 'fast-check';
import { aPeriodText } from '../support/period-arbitraries';
import { overlaps, periodOf } from '../../src/periods/period';
import { FoldScope } from '../../src/shared/fold-scope';
import { evolve, evolveWithin } from '../../src/investment/investment.decider';
import {
  EffectReport,
  Investment,
  InvestmentState,
  initialInvestmentState,
} from '../../src/investment/decide/investment-state';
import { InvestmentEvent } from '../../src/investment/investment.events';
import {
  carryReportIndex,
  firstReportOverlapping,
  reportWithId,
} from '../../src/investment/decide/report-index';

const ID = 'inv-1';
const LINES = ['a', 'b', 'c'];

const proposed: InvestmentEvent = {
  type: 'InvestmentProposed',
  data: { investmentId: ID, title: 'T', department: 'D', projectLead: 'p', need: 'n' },
};

const period = aPeriodText(fc.constantFrom(2019, 2020));

/** What happens next: a report, a correction of an earlier one (by its rank), or a question. */
type Step =
  | { readonly kind: 'report'; readonly line: string; readonly period: string }
  | { readonly kind: 'correct'; readonly rank: number }
  | { readonly kind: 'branch' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      line: fc.constantFrom(...LINES),
      period,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('correct' as const), rank: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'branch' as const }) },
);

const walkWithId = (reports: readonly EffectReport[], id: string) =>
  reports.find((r) => r.reportId === id);

const walkOverlapping = (reports: readonly EffectReport[], line: string, text: string) =>
  reports.find((r) => r.benefitLineId === line && overlaps(periodOf(r.period), periodOf(text)));

/** Every question a report command could ask of this list, answered both ways. */
const expectSameAnswers = (reports: readonly EffectReport[], count: number): void => {
  for (let i = 0; i <= count; i += 1) {
    const id = `r-${i}`;
    expect(reportWithId(reports, id)).toBe(walkWithId(reports, id));
  }
  for (const line of [...LINES, 'unknown']) {
    for (const text of ['2019', '2019-Q2', '2019-05', '2020-Q4', '2020-12', '2021']) {
      expect(firstReportOverlapping(reports, line, periodOf(text))).toBe(
        walkOverlapping(reports, line, text),
      );
    }
  }
};

const investmentOf = (state: InvestmentState): Investment => {
  if (!state.exists) throw new Error('no investment');
  return state;
};

/** The event a step makes of the state; undefined for a correction with nothing to correct. */
const eventOf = (s: Step, state: Investment, made: number): InvestmentEvent | undefined => {
  if (s.kind === 'report') {
    return {
      type: 'EffectReported',
      data: {
        investmentId: ID,
        reportId: `r-${made}`,
        benefitLineId: s.line,
        period: s.period,
        value: '1.00',
        evidence: 'e',
        caseVersion: 1,
      },
    };
  }
  if (s.kind !== 'correct' || state.reports.length === 0) return undefined;
  const report = state.reports[s.rank % state.reports.length];
  return {
    type: 'EffectReportCorrected',
    data: {
      investmentId: ID,
      correctionId: `c-${made}`,
      reportId: report.reportId,
      benefitLineId: report.benefitLineId,
      period: report.period,
      value: '2.00',
      reason: 'r',
      caseVersion: 1,
    },
  };
};

describe('the reports index', () => {
  it("answers as a walk over the decider's copied states, old ones too", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let state = investmentOf(evolve(initialInvestmentState, proposed));
        const older: Investment[] = [];
        let made = 0;
        for (const s of steps) {
          if (s.kind === 'branch') {
            // A state the handler kept before its successors took the index over.
            const earlier = older[made % Math.max(1, older.length)];
            if (earlier) expectSameAnswers(earlier.reports, made);
            continue;
          }
          const event = eventOf(s, state, made);
          if (event === undefined) continue;
          made += 1;
          older.push(state);
          state = investmentOf(evolve(state, event));
          expectSameAnswers(state.reports, made);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('answers as a walk over any list handed its predecessor, whatever the change', () => {
    const report = fc.record({
      reportId: fc.constantFrom('r-0', 'r-1', 'r-2', 'r-3', 'r-4'),
      benefitLineId: fc.constantFrom(...LINES),
      period,
    });
    const list = fc.array(report, { maxLength: 8 }).map((rs) =>
      rs.map((r): EffectReport => ({
        ...r,
        value: '1.00',
        evidence: 'e',
        caseVersion: 1,
        corrections: [],
      })),
    );
    // What the next list is made of: the same reports kept, some replaced (by a correction or
    // by another report), some dropped, moved or added.
    const change = fc.array(
      fc.oneof(
        fc.record({ keep: fc.nat() }),
        fc.record({ correct: fc.nat() }),
        fc.record({ other: report }),
      ),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(list, change, (before, made) => {
        expectSameAnswers(before, 5);
        const after = made.flatMap((m): EffectReport[] => {
          if (before.length === 0) return [];
          if ('keep' in m) return [before[m.keep % before.length]];
          if ('correct' in m) {
            const was = before[m.correct % before.length];
            return [
              {
                ...was,
                corrections: [
                  ...was.corrections,
                  { correctionId: 'c', value: '2.00', reason: 'r', caseVersion: 1 },
                ],
              },
            ];
          }
          return [{ ...m.other, value: '3.00', evidence: 'e', caseVersion: 1, corrections: [] }];
        });
        carryReportIndex(before, after);
        expectSameAnswers(after, 5);
        expectSameAnswers(before, 5);
      }),
      { numRuns: 500 },
    );
  });

  it('answers as a walk over a list grown in place by one fold scope', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.nat({ max: 5 }), (steps, every) => {
        const scope = new FoldScope();
        let state = investmentOf(evolveWithin(initialInvestmentState, proposed, scope));
        let made = 0;
        for (const [i, s] of steps.entries()) {
          const event = eventOf(s, state, made);
          if (event === undefined) continue;
          made += 1;
          state = investmentOf(evolveWithin(state, event, scope));
          // Asked now and then, so the index is built part way and caught up later.
          if (every === 0 || i % every === 0) expectSameAnswers(state.reports, made);
        }
        expectSameAnswers(state.reports, made);
      }),
      { numRuns: 200 },
    );
  });
});
