/**
 * Follow-up obligations never shrink (obligations.ts): a line the approved version, or any
 * later one, had stays owed for each of its periods after a later version leaves it out. Its
 * reports must then still be taken, or the owner could never meet what the ledger lists as
 * overdue: a report (and a correction) of such a line is judged against the latest version
 * from the approved one on that has it, and records that version. A line no such version has
 * (only before approval, or only in a version before the approved one) is still not found.
 */
import { Money } from '../../src/money/money';
import { ExplainDeviation } from '../../src/investment/deviation-explanation';
import { InvestmentAction, canWrite } from '../../src/investment/investment.access';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { history, next, plus, stateOf, when } from './investment-harness';
import {
  FINANCIAL_LINE,
  INVESTMENT,
  LINE_OWNER,
  OTHER_OWNER,
  PROJECT_LEAD,
  QUALITATIVE_LINE,
  REDISTRIBUTABLE_LINE,
  aBenefitCase,
  aCaseDocumentation,
  aCorrection,
  aFinancialLine,
  aFirstAllocation,
  aProjectLead,
  aProposal,
  aQualitativeLine,
  aRecurringCostLine,
  aRedistributableLine,
  anEffectReport,
  STORY_TODAY,
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
          reportedOn: STORY_TODAY,
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
          correctedOn: STORY_TODAY,
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

const yearly = (periods: readonly string[], amount: string) =>
  periods.map((period) => ({ period, amount }));

/**
 * Approved on version 1 (2017–2021: the financial line forecast to 2021); version 2 keeps the
 * line over 2017–2020; version 3 leaves it out. The financial line's 2021 stays owed (version
 * 1's), though the version a report of it is judged against (2) ends in 2020.
 */
const shortenedThenDropped = (): InvestmentEvent[] =>
  history(
    aProposal(),
    aCaseDocumentation(
      aBenefitCase({
        horizonYears: 5,
        benefits: [
          aFinancialLine({ forecast: yearly(['2018', '2019', '2020', '2021'], '600000.00') }),
          aRedistributableLine(),
          aQualitativeLine(),
        ],
      }),
    ),
    aFirstAllocation(),
    aCaseDocumentation(
      aBenefitCase({
        benefits: [aFinancialLine({ owner: OTHER_OWNER }), aRedistributableLine()],
      }),
    ),
    aCaseDocumentation(aBenefitCase({ benefits: [aRedistributableLine()] })),
  );

/**
 * Approved on version 1 (2017–2021: the time-freed line forecast to 2021, readings yearly to
 * 2021); the current version 2 keeps every line over 2017–2020.
 */
const shortened = (): InvestmentEvent[] =>
  history(
    aProposal(),
    aCaseDocumentation(
      aBenefitCase({
        horizonYears: 5,
        benefits: [
          aFinancialLine(),
          aRedistributableLine({
            forecast: yearly(['2018', '2019', '2020', '2021'], '480000.00'),
          }),
          aQualitativeLine(),
        ],
      }),
    ),
    aFirstAllocation(),
    aCaseDocumentation(
      aBenefitCase({
        costs: [aRecurringCostLine()],
        benefits: [aFinancialLine(), aRedistributableLine(), aQualitativeLine()],
      }),
    ),
  );

describe('an owed period outside the horizon of the version a report is judged against', () => {
  it('is taken when the current case keeps the line over a shorter horizon', () => {
    const events = shortened();
    expect(stateOf(events).caseVersions.map((v) => v.version)).toEqual([1, 2]);
    const [report] = next(
      events,
      anEffectReport({ benefitLineId: REDISTRIBUTABLE_LINE, period: '2021', value: '400000' }),
    );
    expect(report.data).toMatchObject({
      benefitLineId: REDISTRIBUTABLE_LINE,
      period: '2021',
      caseVersion: 2,
    });
    // A period inside an owed one: a quarter of the owed year.
    const [quarter] = next(
      events,
      anEffectReport({ benefitLineId: REDISTRIBUTABLE_LINE, period: '2021-Q1', value: '100000' }),
    );
    expect(quarter.data).toMatchObject({ period: '2021-Q1', caseVersion: 2 });
    // A qualitative line's reading owed over the approved version's longer horizon.
    const [reading] = next(
      events,
      anEffectReport({ benefitLineId: QUALITATIVE_LINE, period: '2021', value: '66' }),
    );
    expect(reading.data).toMatchObject({ period: '2021', caseVersion: 2 });
  });

  it('is taken when the latest version that has a dropped line ends before an owed period', () => {
    const events = shortenedThenDropped();
    const [report] = next(events, anEffectReport({ period: '2021' }));
    expect(report.data).toMatchObject({
      benefitLineId: FINANCIAL_LINE,
      period: '2021',
      caseVersion: 2,
    });
  });

  it('refuses a period neither in the horizon nor owed for that line, as before', () => {
    const outside = when(
      shortened(),
      // 2021 is owed for the other lines, not for this one (version 1 forecast it to 2020).
      anEffectReport({ period: '2021' }),
    ).thenRefuses('PERIOD_OUTSIDE_HORIZON');
    expect(outside.extra).toEqual({ period: '2021', startYear: 2017, endYear: 2020 });
    const later = when(
      shortened(),
      anEffectReport({ benefitLineId: REDISTRIBUTABLE_LINE, period: '2022', today: '2022-06-30' }),
    ).thenRefuses('PERIOD_OUTSIDE_HORIZON');
    expect(later.extra).toEqual({ period: '2022', startYear: 2017, endYear: 2020 });
    const dropped2022 = when(
      shortenedThenDropped(),
      anEffectReport({ period: '2022', today: '2022-06-30' }),
    ).thenRefuses('PERIOD_OUTSIDE_HORIZON');
    expect(dropped2022.extra).toEqual({ period: '2022', startYear: 2017, endYear: 2020 });
  });

  it('keeps the other rules: one report per period, periods begun, the reading grain', () => {
    const reported = plus(
      shortened(),
      anEffectReport({ benefitLineId: REDISTRIBUTABLE_LINE, period: '2021-Q1', value: '100000' }),
    );
    when(
      reported,
      anEffectReport({
        reportId: 'report-2',
        benefitLineId: REDISTRIBUTABLE_LINE,
        period: '2021',
        value: '400000',
      }),
    ).thenRefuses('EFFECT_ALREADY_REPORTED');
    when(
      shortened(),
      anEffectReport({ benefitLineId: REDISTRIBUTABLE_LINE, period: '2021-Q3', value: '1' }),
    ).thenRefuses('PERIOD_NOT_STARTED');
    // Read yearly: a month of 2021 lies within the owed year and is fine grain.
    const [month] = next(
      shortened(),
      anEffectReport({ benefitLineId: QUALITATIVE_LINE, period: '2021-03', value: '66' }),
    );
    expect(month.data).toMatchObject({ period: '2021-03' });
  });

  it('keeps the investment’s life: an owed period outside the horizon that ended before it began is refused so', () => {
    // Approved on a version from 2015 (readings owed yearly from then); the current one starts in 2017.
    const events = history(
      aProposal(),
      aCaseDocumentation(aBenefitCase({ startYear: 2015, horizonYears: 6 })),
      aFirstAllocation(),
      aCaseDocumentation(),
    );
    const early = when(
      events,
      anEffectReport({ benefitLineId: QUALITATIVE_LINE, period: '2015', value: '62' }),
    ).thenRefuses('EFFECT_PERIOD_BEFORE_LIFE');
    expect(early.extra).toMatchObject({ period: '2015', lifeBegins: '2017-01-16' });
  });
});

describe('who answers for a line a later version left out', () => {
  const reportsOn = (actor: string, state = stateOf(dropped())) =>
    canWrite(aProjectLead(actor), state, { kind: 'report-effect', benefitLineId: FINANCIAL_LINE });

  it('its owner in the latest version from the approved one on that names it, as the follow-up lists', () => {
    expect(reportsOn(LINE_OWNER)).toBe(true);
    expect(reportsOn(PROJECT_LEAD)).toBe(true);
    expect(reportsOn(OTHER_OWNER)).toBe(false);
    // Handed to OTHER_OWNER in version 2, left out in version 3: OTHER_OWNER answers now.
    const handedOver = stateOf(shortenedThenDropped());
    expect(reportsOn(OTHER_OWNER, handedOver)).toBe(true);
    expect(reportsOn(LINE_OWNER, handedOver)).toBe(false);
  });

  it('corrects the reports and explains deviations of the line', () => {
    const state = stateOf(plus(dropped(), anEffectReport()));
    const actions: InvestmentAction[] = [
      { kind: 'correct-effect', reportId: 'report-1' },
      { kind: 'explain-deviation', benefitLineId: FINANCIAL_LINE },
    ];
    for (const action of actions) {
      expect(canWrite(aProjectLead(LINE_OWNER), state, action)).toBe(true);
      expect(canWrite(aProjectLead(OTHER_OWNER), state, action)).toBe(false);
    }
  });

  it('no one but the lead for a line only a version before the approved one had', () => {
    const events = history(
      aProposal(),
      aCaseDocumentation(),
      aCaseDocumentation(withoutFinancial),
      aFirstAllocation({ caseVersion: 2 }),
    );
    expect(reportsOn(LINE_OWNER, stateOf(events))).toBe(false);
    expect(reportsOn(PROJECT_LEAD, stateOf(events))).toBe(true);
  });
});

const anExplanation = (overrides: Partial<ExplainDeviation> = {}): ExplainDeviation => ({
  type: 'ExplainDeviation',
  investmentId: INVESTMENT,
  actor: aProjectLead(LINE_OWNER),
  explanationId: 'why-2018',
  benefitLineId: FINANCIAL_LINE,
  period: '2018',
  explanation: 'Licensavtalet kunde sägas upp först i maj',
  today: '2019-02-01',
  ...overrides,
});

describe('a deviation explanation of a line a later version left out', () => {
  it('is recorded while the line is still owed', () => {
    when(dropped(), anExplanation()).then([
      {
        type: 'DeviationExplained',
        data: {
          investmentId: INVESTMENT,
          explanationId: 'why-2018',
          benefitLineId: FINANCIAL_LINE,
          period: '2018',
          explanation: 'Licensavtalet kunde sägas upp först i maj',
        },
      },
    ]);
  });

  it('is not found for a line no version from the approved one on has', () => {
    when(dropped(), anExplanation({ benefitLineId: 'paper-saved' })).thenRefuses(
      'BENEFIT_LINE_NOT_FOUND',
    );
    const approvedWithout = history(
      aProposal(),
      aCaseDocumentation(),
      aCaseDocumentation(withoutFinancial),
      aFirstAllocation({ caseVersion: 2 }),
    );
    when(approvedWithout, anExplanation()).thenRefuses('BENEFIT_LINE_NOT_FOUND');
    const notApproved = history(
      aProposal(),
      aCaseDocumentation(),
      aCaseDocumentation(withoutFinancial),
    );
    when(notApproved, anExplanation()).thenRefuses('BENEFIT_LINE_NOT_FOUND');
  });
});
