/**
 * One yearly reading does not meet twelve owed monthly readings (probe finding F8). A
 * qualitative reading is a measurement at one time, not a sum: it meets an owed period only
 * when it lies within it (the same period or a finer one). A valued line's report is an amount
 * over its period, so a coarse report still covers its sub-periods. The follow-up list and the
 * waiver rule read readings the same way. And since a reading keeps every overlapping period
 * of its line from being reported, a reading coarser than the line is read is refused: it
 * would meet none of the finer readings and keep all of them from ever being filed.
 */
import { overdueOf } from '../../projections/figures/follow-up.figures';
import { LedgerDomainEvent } from '../../projections/ledger-event';
import { LedgerViews, foldViews, initialViews } from '../../projections/ledger-views';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { coverageBy, isCovered } from '../../src/investment/obligations';
import { periodOf } from '../../src/periods/period';
import {
  INVESTMENT,
  QUALITATIVE_LINE,
  aBenefitCase,
  aCaseDocumentation,
  aFinancialLine,
  aFirstAllocation,
  aProposal,
  aQualitativeLine,
  aWaiver,
  anEffectReport,
} from '../support/investment.mothers';
import { LedgerLog } from '../projections/ledger-events';
import { history, plus, when } from './investment-harness';

const periods = (...texts: string[]) => texts.map(periodOf);
const monthsOf = (year: number) =>
  Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

describe('a reading meets an owed period only when it lies within it', () => {
  it('a yearly reading meets the year, not its quarters or months; a valued line’s report still covers them', () => {
    const reading = periods('2018');
    expect(isCovered(periodOf('2018'), reading, 'qualitative')).toBe(true);
    expect(isCovered(periodOf('2018-Q2'), reading, 'qualitative')).toBe(false);
    expect(isCovered(periodOf('2018-03'), reading, 'qualitative')).toBe(false);
    // A valued report is an amount over its period: it covers its sub-periods, and reports of
    // every sub-period cover the whole.
    for (const lineClass of ['financial', 'redistributable'] as const) {
      expect(isCovered(periodOf('2018-03'), reading, lineClass)).toBe(true);
      expect(isCovered(periodOf('2018'), periods('2018-Q1', '2018-Q2'), lineClass)).toBe(false);
      expect(
        isCovered(periodOf('2018'), periods('2018-Q1', '2018-Q2', '2018-Q3', '2018-Q4'), lineClass),
      ).toBe(true);
    }
  });

  it('a monthly reading meets its month, and its quarter and year (a reading taken within them)', () => {
    const covered = coverageBy(periods('2018-05'));
    expect(covered(periodOf('2018-05'), 'qualitative')).toBe(true);
    expect(covered(periodOf('2018-Q2'), 'qualitative')).toBe(true);
    expect(covered(periodOf('2018'), 'qualitative')).toBe(true);
    expect(covered(periodOf('2018-04'), 'qualitative')).toBe(false);
    expect(covered(periodOf('2019'), 'qualitative')).toBe(false);
  });

  it('a quarterly reading meets neither its months nor another quarter', () => {
    const covered = coverageBy(periods('2018-Q1'));
    expect(covered(periodOf('2018-Q1'), 'qualitative')).toBe(true);
    expect(covered(periodOf('2018-02'), 'qualitative')).toBe(false);
    expect(covered(periodOf('2018-Q2'), 'qualitative')).toBe(false);
  });
});

/** The default case with its qualitative line read monthly (2017–2020). */
const monthlyCase = aBenefitCase({
  benefits: [
    aFinancialLine(),
    aQualitativeLine({ indicator: { ...aQualitativeLine().indicator, frequency: 'monthly' } }),
  ],
});
const yearlyCase = aBenefitCase({ benefits: [aFinancialLine(), aQualitativeLine()] });

const reading = (period: string, value = '66') =>
  anEffectReport({ reportId: `nki-${period}`, benefitLineId: QUALITATIVE_LINE, period, value });

/** A reading as a ledger from before the rule holds it (the decider now refuses a coarse one). */
const recordedReading = (period: string, value = '66'): InvestmentEvent => ({
  type: 'EffectReported',
  data: {
    investmentId: INVESTMENT,
    reportId: `nki-${period}`,
    benefitLineId: QUALITATIVE_LINE,
    period,
    value,
    evidence: 'Medborgarundersökning',
    caseVersion: 1,
  },
});

/** The events as the projections receive them. */
const viewsOf = (events: readonly InvestmentEvent[]): LedgerViews => {
  const log = new LedgerLog();
  for (const event of events) log.investment(INVESTMENT, event as LedgerDomainEvent);
  return foldViews(initialViews, log.all());
};

const overdueReadings = (events: readonly InvestmentEvent[], today: string): string[] =>
  overdueOf(viewsOf(events).followUp.investments[INVESTMENT], today, 45)
    .filter((o) => o.benefitLineId === QUALITATIVE_LINE)
    .map((o) => o.period);

const monthlyApproved = () =>
  history(aProposal(), aCaseDocumentation(monthlyCase), aFirstAllocation());

describe('a line read monthly (the probe’s sequence)', () => {
  it('two yearly readings leave every monthly reading of those years overdue', () => {
    const owed = [...monthsOf(2017), ...monthsOf(2018)];
    expect(overdueReadings(monthlyApproved(), '2019-03-01')).toEqual(owed);
    const read = [...monthlyApproved(), recordedReading('2017', '64'), recordedReading('2018')];
    expect(overdueReadings(read, '2019-03-01')).toEqual(owed);
    // A monthly reading meets its month and no other.
    const monthRead = plus(monthlyApproved(), reading('2018-06'));
    expect(overdueReadings(monthRead, '2019-03-01')).not.toContain('2018-06');
    expect(overdueReadings(monthRead, '2019-03-01')).toContain('2018-07');
  });

  it('refuses a yearly or quarterly reading of the line, naming its frequency', () => {
    for (const period of ['2018', '2018-Q2']) {
      const error = when(monthlyApproved(), reading(period)).thenRefuses(
        'READING_COARSER_THAN_FREQUENCY',
      );
      expect(error.extra).toEqual({
        benefitLineId: QUALITATIVE_LINE,
        period,
        frequency: 'monthly',
        grain: 'month',
      });
    }
    expect(plus(monthlyApproved(), reading('2018-02')).at(-1)?.type).toBe('EffectReported');
  });

  it('lets finance waive a month a yearly reading of the old rule did not meet', () => {
    const read = [...monthlyApproved(), recordedReading('2018')];
    expect(
      plus(read, aWaiver({ benefitLineId: QUALITATIVE_LINE, period: '2018-03' })).at(-1)?.type,
    ).toBe('ObligationWaived');
    when(
      plus(monthlyApproved(), reading('2018-03')),
      aWaiver({ benefitLineId: QUALITATIVE_LINE, period: '2018-03' }),
    ).thenRefuses('OBLIGATION_ALREADY_MET');
  });
});

describe('the grain readings are taken at', () => {
  it('a line read yearly takes yearly, quarterly and monthly readings; any of them meets its year', () => {
    const approved = history(aProposal(), aCaseDocumentation(yearlyCase), aFirstAllocation());
    for (const period of ['2018', '2018-Q3', '2018-09']) {
      expect(plus(approved, reading(period)).at(-1)?.type).toBe('EffectReported');
    }
    // So does one whose frequency names no known grain (every other week): read most leniently.
    const unusual = aBenefitCase({
      benefits: [
        aFinancialLine(),
        aQualitativeLine({
          indicator: { ...aQualitativeLine().indicator, frequency: 'every other week' },
        }),
      ],
    });
    const unusualApproved = history(aProposal(), aCaseDocumentation(unusual), aFirstAllocation());
    expect(plus(unusualApproved, reading('2018')).at(-1)?.type).toBe('EffectReported');
    // One monthly reading meets the year: a reading taken within it.
    const read = plus(approved, reading('2018-09'));
    expect(overdueReadings(read, '2019-03-01')).toEqual(['2017']);
    when(read, aWaiver({ benefitLineId: QUALITATIVE_LINE, period: '2018' })).thenRefuses(
      'OBLIGATION_ALREADY_MET',
    );
  });

  it('is the finest the line is read at since approval: a later yearly version keeps it monthly', () => {
    const relaxed = plus(monthlyApproved(), aCaseDocumentation(yearlyCase));
    when(relaxed, reading('2019')).thenRefuses('READING_COARSER_THAN_FREQUENCY');
    // A later monthly version makes a yearly line read monthly from then on.
    const stricter = plus(
      history(aProposal(), aCaseDocumentation(yearlyCase), aFirstAllocation()),
      aCaseDocumentation(monthlyCase),
    );
    when(stricter, reading('2019')).thenRefuses('READING_COARSER_THAN_FREQUENCY');
    expect(plus(stricter, reading('2019-01')).at(-1)?.type).toBe('EffectReported');
  });

  it('before approval, the current version’s frequency', () => {
    const documented = history(aProposal(), aCaseDocumentation(monthlyCase));
    when(documented, reading('2018')).thenRefuses('READING_COARSER_THAN_FREQUENCY');
  });
});
