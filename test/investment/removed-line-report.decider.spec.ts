/**
 * Follow-up obligations never shrink (obligations.ts): a line the approved version, or any
 * later one, had stays owed for each of its periods after a later version leaves it out. Its
 * reports must then still be taken, or the owner could never meet what the ledger lists as
 * overdue: a report (and a correction) of such a line is judged against the latest version
 * from the approved one on that has it, and records that version. A line no such version has
 * (only before approval, or only in a version before the approved one) is still not found.
 */
import { Money } from '../../src/money/money';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { history, next, plus, stateOf, when } from './investment-harness';
import {
  FINANCIAL_LINE,
  INVESTMENT,
  OTHER_OWNER,
  QUALITATIVE_LINE,
  REDISTRIBUTABLE_LINE,
  aBenefitCase,
  aCaseDocumentation,
  aCorrection,
  aFinancialLine,
  aFirstAllocation,
  aProposal,
  aQualitativeLine,
  aRedistributableLine,
  anEffectReport,
} from '../support/investment.mothers';

/** The default case without the financial line. */
const withoutFinancial = aBenefitCase({ benefits: [aRedistributableLine(), aQualitativeLine()] });

/** Approved on version 1 (the default case); version 2 leaves the financial line out. */
const dropped = (): InvestmentEvent[] =>
  history(
    aProposal(),
    aCaseDocumentation(),
    aFirstAllocation(),
    aCaseDocumentation(withoutFinancial),
  );

describe('a report of a line a later version left out, still owed', () => {
  it('is taken, judged against the version that had it, and records that version', () => {
    when(dropped(), anEffectReport()).then([
      {
        type: 'EffectReported',
        data: {
          investmentId: INVESTMENT,
          reportId: 'report-1',
          benefitLineId: FINANCIAL_LINE,
          period: '2018',
          value: '550000.00',
          evidence: 'Uppsägning av licensavtal, dnr KS 2018/101',
          caseVersion: 1,
        },
      },
    ]);
  });

  it('the same report again is already done (its value read as the recorded version’s line)', () => {
    const reported = plus(dropped(), anEffectReport());
    when(reported, anEffectReport({ value: '550000' })).thenAlreadyDone(reported.at(-1));
    when(reported, anEffectReport({ value: '560000' })).thenRefuses('REPORT_ALREADY_EXISTS');
  });

  it('keeps the other rules: one report per period, the horizon, the value, periods begun', () => {
    const reported = plus(dropped(), anEffectReport());
    const twice = when(reported, anEffectReport({ reportId: 'report-2' })).thenRefuses(
      'EFFECT_ALREADY_REPORTED',
    );
    expect(twice.extra).toEqual({ reportId: 'report-1', period: '2018' });
    const outside = when(dropped(), anEffectReport({ period: '2021' })).thenRefuses(
      'PERIOD_OUTSIDE_HORIZON',
    );
    expect(outside.extra).toEqual({ period: '2021', startYear: 2017, endYear: 2020 });
    when(dropped(), anEffectReport({ value: 'sexhundratusen' })).thenRefuses(
      'EFFECT_VALUE_INVALID',
    );
    when(dropped(), anEffectReport({ period: '2019', today: '2018-06-30' })).thenRefuses(
      'PERIOD_NOT_STARTED',
    );
  });

  it('takes a correction of such a report, recording the version it was judged against', () => {
    const reported = plus(dropped(), anEffectReport());
    when(reported, aCorrection()).then([
      {
        type: 'EffectReportCorrected',
        data: {
          investmentId: INVESTMENT,
          correctionId: 'correction-1',
          reportId: 'report-1',
          benefitLineId: FINANCIAL_LINE,
          period: '2018',
          value: '600000.00',
          reason: 'Slutfaktura saknades vid första rapporten',
          caseVersion: 1,
        },
      },
    ]);
    const corrected = plus(reported, aCorrection());
    when(corrected, aCorrection({ value: '600000' })).thenAlreadyDone(corrected.at(-1));
    when(reported, aCorrection({ value: 'sexhundratusen' })).thenRefuses('EFFECT_VALUE_INVALID');
  });

  it('is judged against the latest version from the approved one on that has the line: its horizon and its class', () => {
    // Version 2 keeps the line with a fifth year; version 3 leaves it out and ends in 2020.
    const longer = aBenefitCase({
      horizonYears: 5,
      benefits: [
        aFinancialLine({
          owner: OTHER_OWNER,
          forecast: ['2018', '2019', '2020', '2021'].map((period) => ({
            period,
            amount: '600000.00',
          })),
        }),
        aRedistributableLine(),
        aQualitativeLine({ indicator: { ...aQualitativeLine().indicator, frequency: 'monthly' } }),
      ],
    });
    const events = history(
      aProposal(),
      aCaseDocumentation(),
      aFirstAllocation(),
      aCaseDocumentation(longer),
      aCaseDocumentation(aBenefitCase({ benefits: [aRedistributableLine()] })),
    );
    expect(stateOf(events).caseVersions.map((v) => v.version)).toEqual([1, 2, 3]);
    const [report] = next(events, anEffectReport({ period: '2021' }));
    expect(report.data).toMatchObject({ period: '2021', caseVersion: 2 });
    // A qualitative line left out: read in its unit, no coarser than it was read (monthly).
    const [reading] = next(
      events,
      anEffectReport({ benefitLineId: QUALITATIVE_LINE, period: '2020-03', value: '66' }),
    );
    expect(reading.data).toMatchObject({ benefitLineId: QUALITATIVE_LINE, caseVersion: 2 });
    when(
      events,
      anEffectReport({ benefitLineId: QUALITATIVE_LINE, period: '2020-03', value: Money.of('66') }),
    ).thenRefuses('EFFECT_VALUE_INVALID');
    when(
      events,
      anEffectReport({ benefitLineId: QUALITATIVE_LINE, period: '2020', value: '66' }),
    ).thenRefuses('READING_COARSER_THAN_FREQUENCY');
  });

  it('a line the current case still has is judged against the current case, as before', () => {
    const [event] = next(dropped(), anEffectReport({ benefitLineId: REDISTRIBUTABLE_LINE }));
    expect(event.data).toMatchObject({ benefitLineId: REDISTRIBUTABLE_LINE, caseVersion: 2 });
  });
});

describe('a line no version from the approved one on has', () => {
  it('is not found: a line never documented', () => {
    const error = when(dropped(), anEffectReport({ benefitLineId: 'paper-saved' })).thenRefuses(
      'BENEFIT_LINE_NOT_FOUND',
    );
    expect(error.kind).toBe('not-found');
  });

  it('is not found: a line only a version before the approved one had (it owes nothing)', () => {
    const events = history(
      aProposal(),
      aCaseDocumentation(),
      aCaseDocumentation(withoutFinancial),
      aFirstAllocation({ caseVersion: 2 }),
    );
    when(events, anEffectReport()).thenRefuses('BENEFIT_LINE_NOT_FOUND');
  });

  it('is not found before approval when the current case does not have it', () => {
    const events = history(aProposal(), aCaseDocumentation(), aCaseDocumentation(withoutFinancial));
    when(events, anEffectReport()).thenRefuses('BENEFIT_LINE_NOT_FOUND');
  });

  it('refuses a correction of a report of a line only a version before the approved one had', () => {
    // Reported before approval, on version 1; approved on version 2, which has no such line.
    const events = history(
      aProposal(),
      aCaseDocumentation(),
      anEffectReport(),
      aCaseDocumentation(withoutFinancial),
      aFirstAllocation({ caseVersion: 2 }),
    );
    when(events, aCorrection()).thenRefuses('BENEFIT_LINE_NOT_FOUND');
  });
});
