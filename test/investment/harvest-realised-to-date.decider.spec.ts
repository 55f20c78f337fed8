/**
 * Probe finding F7: a report for a period that has not ended is no realisation yet. A harvest
 * not marked ahead of realisation is held against the line's reports of the periods that have
 * ended by the day it is decided (the command's `today`), and so are a harvest's correction
 * upwards and a report's correction downwards.
 */
import { Money } from '../../src/money/money';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { history, next, plus, when } from './investment-harness';
import {
  FINANCIAL_LINE,
  INVESTMENT,
  aBenefitCase,
  aCaseDocumentation,
  aCorrection,
  aFinancialLine,
  aFirstAllocation,
  aHarvest,
  aHarvestCorrection,
  aProposal,
  aQualitativeLine,
  aRedistributableLine,
  aStageChange,
  anEffectReport,
  STORY_TODAY,
} from '../support/investment.mothers';

/** The day the commands are decided on: 2021 has begun, not ended; its first quarter has. */
const MIDSUMMER_2021 = '2021-06-30';

/** The default story with a horizon 2017–2021 (the financial line forecasts 2021 too). */
const realising = (): InvestmentEvent[] =>
  history(
    aProposal(),
    aCaseDocumentation(
      aBenefitCase({
        horizonYears: 5,
        benefits: [
          aFinancialLine({
            forecast: ['2018', '2019', '2020', '2021'].map((period) => ({
              period,
              amount: '600000.00',
            })),
          }),
          aRedistributableLine(),
          aQualitativeLine(),
        ],
      }),
    ),
    aStageChange('analysed'),
    aFirstAllocation(),
    aStageChange('implementing'),
    aStageChange('realising'),
  );

/** 3 000 000 reported for 2021 on midsummer 2021: the year is running. */
const runningYearReported = (): InvestmentEvent[] =>
  plus(
    realising(),
    anEffectReport({
      reportId: 'r-2021',
      period: '2021',
      value: Money.of('3000000.00'),
      today: MIDSUMMER_2021,
    }),
  );

const harvest2018 = (today: string, overrides: Parameters<typeof aHarvest>[0] = {}) =>
  aHarvest({ amount: Money.of('2500000.00'), today, ...overrides });

describe('a harvest is held against what was realised to date (F7)', () => {
  it('refuses a harvest resting on a report of the running year, unless it is marked ahead', () => {
    const error = when(runningYearReported(), harvest2018(MIDSUMMER_2021)).thenRefuses(
      'HARVEST_EXCEEDS_REALISED',
    );
    expect(error.extra).toEqual({
      benefitLineId: FINANCIAL_LINE,
      realised: '0.00',
      harvested: '0.00',
      amount: '2500000.00',
    });
    expect(error.message).toContain('to date');
    const ahead = harvest2018(MIDSUMMER_2021, {
      aheadOfRealisation: true,
      reason: 'Budget 2018 sänkt på prognosen för 2021',
    });
    when(runningYearReported(), ahead).then([
      {
        type: 'SavingsHarvested',
        data: {
          investmentId: INVESTMENT,
          harvestId: 'harvest-1',
          benefitLineId: FINANCIAL_LINE,
          fiscalYear: 2018,
          amount: '2500000.00',
          decisionRef: 'KF 2017-11-28 § 212 budget 2018',
          aheadOfRealisation: true,
          reason: 'Budget 2018 sänkt på prognosen för 2021',
        },
      },
    ]);
  });

  it("counts the year's report from the day after its last day, not on it, once confirmed after it", () => {
    // Made at midsummer, the report is a forecast until a correction made after the year
    // confirms it: until then a harvest on it is ahead of realisation, as the follow-up lists
    // the year unmet.
    when(runningYearReported(), harvest2018('2021-12-31')).thenRefuses('HARVEST_EXCEEDS_REALISED');
    when(runningYearReported(), harvest2018('2022-01-01')).thenRefuses('HARVEST_EXCEEDS_REALISED');
    const confirmation = (today: string) =>
      aCorrection({
        reportId: 'r-2021',
        value: Money.of('3000000.00'),
        reason: 'Utfallet för 2021 bekräftat',
        today,
      });
    when(
      plus(runningYearReported(), confirmation('2021-12-31')),
      harvest2018('2022-01-01'),
    ).thenRefuses('HARVEST_EXCEEDS_REALISED');
    when(plus(runningYearReported(), confirmation('2022-01-01')), harvest2018('2022-01-01')).then([
      {
        type: 'SavingsHarvested',
        data: {
          investmentId: INVESTMENT,
          harvestId: 'harvest-1',
          benefitLineId: FINANCIAL_LINE,
          fiscalYear: 2018,
          amount: '2500000.00',
          decisionRef: 'KF 2017-11-28 § 212 budget 2018',
        },
      },
    ]);
  });

  it('counts a quarter that has ended, not the quarter ending today', () => {
    const quarters = plus(
      realising(),
      anEffectReport({
        reportId: 'r-q1',
        period: '2021-Q1',
        value: Money.of('500000.00'),
        today: MIDSUMMER_2021,
      }),
      anEffectReport({
        reportId: 'r-q2',
        period: '2021-Q2',
        value: Money.of('3000000.00'),
        today: MIDSUMMER_2021,
      }),
    );
    const error = when(
      quarters,
      aHarvest({ amount: Money.of('500000.01'), today: MIDSUMMER_2021 }),
    ).thenRefuses('HARVEST_EXCEEDS_REALISED');
    expect(error.extra).toMatchObject({ realised: '500000.00' });
    when(quarters, aHarvest({ amount: Money.of('500000.00'), today: MIDSUMMER_2021 })).then([
      {
        type: 'SavingsHarvested',
        data: {
          investmentId: INVESTMENT,
          harvestId: 'harvest-1',
          benefitLineId: FINANCIAL_LINE,
          fiscalYear: 2018,
          amount: '500000.00',
          decisionRef: 'KF 2017-11-28 § 212 budget 2018',
        },
      },
    ]);
  });

  it('refuses a harvest corrected upwards beyond what was realised to date', () => {
    const harvested = plus(
      realising(),
      anEffectReport({ today: MIDSUMMER_2021 }),
      aHarvest({ amount: Money.of('400000.00'), today: MIDSUMMER_2021 }),
      anEffectReport({
        reportId: 'r-2021',
        period: '2021',
        value: Money.of('3000000.00'),
        today: MIDSUMMER_2021,
      }),
      // Made before 2021 ended, the report counts once a correction after it confirms it.
      aCorrection({
        correctionId: 'c-2021',
        reportId: 'r-2021',
        value: Money.of('3000000.00'),
        reason: 'Utfallet för 2021 bekräftat',
        today: '2022-01-01',
      }),
    );
    const error = when(
      harvested,
      aHarvestCorrection({ amount: Money.of('1000000.00'), today: MIDSUMMER_2021 }),
    ).thenRefuses('HARVEST_EXCEEDS_REALISED');
    expect(error.extra).toEqual({
      benefitLineId: FINANCIAL_LINE,
      realised: '550000.00',
      harvested: '0.00',
      amount: '1000000.00',
    });
    when(
      harvested,
      aHarvestCorrection({ amount: Money.of('1000000.00'), today: '2022-01-01' }),
    ).then([
      {
        type: 'HarvestCorrected',
        data: {
          investmentId: INVESTMENT,
          harvestId: 'harvest-1',
          correctionId: 'harvest-correction-1',
          benefitLineId: FINANCIAL_LINE,
          amount: '1000000.00',
          previousAmount: '400000.00',
          reason: 'Budgetbeslutet angav ett lägre belopp',
        },
      },
    ]);
  });
});

describe('a report correction is judged on what it does to the realised actual to date (F7)', () => {
  /**
   * 550 000 realised for 2018 and 3 000 000 reported for the running 2021, with a harvest of
   * 2 000 000 not marked ahead: recorded before the rule counted only ended periods, it stands
   * above the 550 000 realised to date.
   */
  const harvestedBeforeTheRule = (): InvestmentEvent[] => [
    ...plus(runningYearReported(), anEffectReport({ today: MIDSUMMER_2021 })),
    {
      type: 'SavingsHarvested',
      data: {
        investmentId: INVESTMENT,
        harvestId: 'harvest-1',
        benefitLineId: FINANCIAL_LINE,
        fiscalYear: 2018,
        amount: '2000000.00',
        decisionRef: 'KF 2017-11-28 § 212 budget 2018',
      },
    },
  ];

  it("judges an early report's confirmation by what it does to the realised actual", () => {
    // 2020 reported once it had ended and harvested in full; 2021 reported at midsummer as a
    // loss. Confirmed after 2021 ended, the loss counts for the first time: the realised actual
    // falls from 1 000 000 to 500 000 below the harvest, though the report's value is unchanged.
    const confirmedAtLoss = plus(
      realising(),
      anEffectReport({
        reportId: 'r-2020',
        period: '2020',
        value: Money.of('1000000.00'),
        today: '2021-02-01',
      }),
      aHarvest({ amount: Money.of('1000000.00'), today: '2021-02-02' }),
      anEffectReport({
        reportId: 'r-2021',
        period: '2021',
        value: Money.of('-500000.00'),
        today: MIDSUMMER_2021,
      }),
    );
    const confirm = (value: string) =>
      aCorrection({
        reportId: 'r-2021',
        value: Money.of(value),
        reason: 'Helåret bekräftat',
        today: '2022-01-10',
      });
    const refused = when(confirmedAtLoss, confirm('-500000.00')).thenRefuses(
      'HARVEST_EXCEEDS_REALISED',
    );
    expect(refused.extra).toMatchObject({ realised: '500000.00', harvested: '1000000.00' });
    when(confirmedAtLoss, confirm('-400000.00')).thenRefuses('HARVEST_EXCEEDS_REALISED');

    // The mirror: a harvest recorded while early reports still counted stands above nothing
    // confirmed; confirming the report lower than it was filed raises the realised actual from
    // 0 to 2 400 000, and is not what leaves the harvest above it.
    const harvestedOnTheEarlyReport: InvestmentEvent[] = [
      ...runningYearReported(),
      {
        type: 'SavingsHarvested',
        data: {
          investmentId: INVESTMENT,
          harvestId: 'harvest-old',
          benefitLineId: FINANCIAL_LINE,
          fiscalYear: 2022,
          amount: '2500000.00',
          decisionRef: 'KF 2021-11-24 § 180',
        },
      },
    ];
    const [confirmed] = next(harvestedOnTheEarlyReport, confirm('2400000.00'));
    expect(confirmed).toMatchObject({
      type: 'EffectReportCorrected',
      data: { value: '2400000.00' },
    });
  });

  it('lets a report of a period not yet ended be lowered: nothing realised to date changes', () => {
    const lowered = aCorrection({
      reportId: 'r-2021',
      value: Money.of('1000000.00'),
      today: MIDSUMMER_2021,
    });
    when(harvestedBeforeTheRule(), lowered).then([
      {
        type: 'EffectReportCorrected',
        data: {
          investmentId: INVESTMENT,
          correctionId: 'correction-1',
          reportId: 'r-2021',
          benefitLineId: FINANCIAL_LINE,
          period: '2021',
          value: '1000000.00',
          reason: 'Slutfaktura saknades vid första rapporten',
          caseVersion: 1,
          correctedOn: STORY_TODAY,
        },
      },
    ]);
  });

  it('refuses lowering an ended period below the harvests, but not raising it', () => {
    const error = when(
      harvestedBeforeTheRule(),
      aCorrection({ value: Money.of('500000.00'), today: MIDSUMMER_2021 }),
    ).thenRefuses('HARVEST_EXCEEDS_REALISED');
    expect(error.extra).toEqual({
      benefitLineId: FINANCIAL_LINE,
      reportId: 'report-1',
      realised: '500000.00',
      harvested: '2000000.00',
    });
    when(
      harvestedBeforeTheRule(),
      aCorrection({ value: Money.of('600000.00'), today: MIDSUMMER_2021 }),
    ).then([
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
  });
});
