/**
 * Game-3 probe t3: lowering an existing report below the line's harvests was refused
 * (HARVEST_EXCEEDS_REALISED), but a NEW report of a later period with a negative value did
 * the same and was taken: realised 300 000 → 0 with 300 000 harvested as realised. A new
 * effect report of a financial line is held to the rule a correction is: the realised actual
 * to date it leaves must still cover the harvests not marked ahead of realisation. A report of
 * a period not yet ended changes nothing realised to date, and one that does not lower it
 * (zero or more) cannot be what leaves a harvest above it.
 */
import { Money } from '../../src/money/money';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { history, plus, when } from './investment-harness';
import {
  FINANCIAL_LINE,
  INVESTMENT,
  REDISTRIBUTABLE_LINE,
  aCaseDocumentation,
  aCorrection,
  aFirstAllocation,
  aHarvest,
  aHarvestCorrection,
  aHarvestReversal,
  aProposal,
  aStageChange,
  anEffectReport,
  STORY_TODAY,
} from '../support/investment.mothers';

/** 550 000 realised for 2018 (report-1), 500 000 harvested from it, not marked ahead. */
const harvested = (): InvestmentEvent[] =>
  plus(
    history(
      aProposal(),
      aCaseDocumentation(),
      aStageChange('analysed'),
      aFirstAllocation(),
      aStageChange('implementing'),
      aStageChange('realising'),
    ),
    anEffectReport(),
    aHarvest(),
  );

/** A new report of 2019 (ended by the story's day) with `value`. */
const report2019 = (value: string, overrides: Parameters<typeof anEffectReport>[0] = {}) =>
  anEffectReport({
    reportId: 'report-2019',
    period: '2019',
    value: Money.of(value),
    evidence: 'Licensavtalet återupptogs',
    ...overrides,
  });

const reported = (value: string, period = '2019', reportedOn = STORY_TODAY) => ({
  type: 'EffectReported' as const,
  data: {
    investmentId: INVESTMENT,
    reportId: 'report-2019',
    benefitLineId: FINANCIAL_LINE,
    period,
    value,
    evidence: 'Licensavtalet återupptogs',
    caseVersion: 1,
    reportedOn,
  },
});

describe('a new effect report may not leave harvests above what was realised to date', () => {
  it('refuses a negative report of an ended period that takes the realised actual below the harvests', () => {
    const error = when(harvested(), report2019('-50000.01')).thenRefuses(
      'HARVEST_EXCEEDS_REALISED',
    );
    expect(error.kind).toBe('rule');
    expect(error.extra).toEqual({
      benefitLineId: FINANCIAL_LINE,
      reportId: 'report-2019',
      realised: '499999.99',
      harvested: '500000.00',
    });
    expect(error.message).toContain('the report would leave 499999.99 realised to date');
  });

  it('takes a negative report that still leaves the harvests covered, to the öre', () => {
    when(harvested(), report2019('-50000.00')).then([reported('-50000.00')]);
  });

  it('takes any report that does not lower the realised actual, even below harvests recorded before the rule', () => {
    // A harvest recorded while a running year's report counted as realised stands above what
    // is realised to date; a report of zero or more is not what leaves it there.
    const above: InvestmentEvent[] = [
      ...harvested(),
      {
        type: 'SavingsHarvested',
        data: {
          investmentId: INVESTMENT,
          harvestId: 'harvest-old',
          benefitLineId: FINANCIAL_LINE,
          fiscalYear: 2019,
          amount: '2000000.00',
          decisionRef: 'KF 2018 § 200',
        },
      },
    ];
    when(above, report2019('0.00')).then([reported('0.00')]);
    when(above, report2019('100000.00')).then([reported('100000.00')]);
    when(above, report2019('-0.01')).thenRefuses('HARVEST_EXCEEDS_REALISED');
  });

  it('takes a negative report of a period not yet ended: nothing realised to date changes', () => {
    // On midsummer 2019 the year is running: its report is realised only once it has ended.
    const running = report2019('-550000.00', { today: '2019-06-30' });
    when(harvested(), running).then([reported('-550000.00', '2019', '2019-06-30')]);
    when(
      harvested(),
      report2019('-550000.00', { period: '2019-Q1', today: '2019-06-30' }),
    ).thenRefuses('HARVEST_EXCEEDS_REALISED');
  });

  it('leaves out harvests marked ahead of realisation, and counts harvests as corrected or reversed', () => {
    const ahead = plus(
      harvested(),
      aHarvest({
        harvestId: 'harvest-ahead',
        amount: Money.of('1000000.00'),
        aheadOfRealisation: true,
        reason: 'Budget 2019 sänkt i förväg',
      }),
    );
    when(ahead, report2019('-50000.00')).then([reported('-50000.00')]);
    const corrected = plus(harvested(), aHarvestCorrection({ amount: Money.of('100000.00') }));
    when(corrected, report2019('-450000.00')).then([reported('-450000.00')]);
    when(corrected, report2019('-450000.01')).thenRefuses('HARVEST_EXCEEDS_REALISED');
    const reversed = plus(harvested(), aHarvestReversal());
    when(reversed, report2019('-550000.00')).then([reported('-550000.00')]);
  });

  it('takes a loss of a line nothing was harvested from as realised, or only ahead of realisation', () => {
    const reportedOnly = harvested().filter((e) => e.type !== 'SavingsHarvested');
    when(reportedOnly, report2019('-800000.00')).then([reported('-800000.00')]);
    const onlyAhead = plus(
      reportedOnly,
      aHarvest({ aheadOfRealisation: true, reason: 'Budget 2019 sänkt i förväg' }),
    );
    when(onlyAhead, report2019('-800000.00')).then([reported('-800000.00')]);
  });

  it('lets a correction turn a report into a loss when nothing was harvested as realised (the one rule)', () => {
    const reportedOnly = harvested().filter((e) => e.type !== 'SavingsHarvested');
    when(reportedOnly, aCorrection({ value: Money.of('-100000.00') })).then([
      {
        type: 'EffectReportCorrected',
        data: {
          investmentId: INVESTMENT,
          correctionId: 'correction-1',
          reportId: 'report-1',
          benefitLineId: FINANCIAL_LINE,
          period: '2018',
          value: '-100000.00',
          reason: 'Slutfaktura saknades vid första rapporten',
          caseVersion: 1,
          correctedOn: STORY_TODAY,
        },
      },
    ]);
    const error = when(harvested(), aCorrection({ value: Money.of('-100000.00') })).thenRefuses(
      'HARVEST_EXCEEDS_REALISED',
    );
    expect(error.message).toContain('the correction would leave -100000.00 realised to date');
  });

  it('judges only financial lines: nothing is harvested from the others', () => {
    when(harvested(), report2019('-480000.00', { benefitLineId: REDISTRIBUTABLE_LINE })).then([
      {
        ...reported('-480000.00'),
        data: { ...reported('-480000.00').data, benefitLineId: REDISTRIBUTABLE_LINE },
      },
    ]);
  });

  it('answers a repeat of a report it took as done', () => {
    const taken = plus(harvested(), report2019('-50000.00'));
    when(taken, report2019('-50000.00')).thenAlreadyDone(
      taken.find((e) => e.type === 'EffectReported' && e.data.reportId === 'report-2019'),
    );
  });
});
