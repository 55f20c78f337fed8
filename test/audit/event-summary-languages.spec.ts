/**
 * The summary lines in both languages. The Swedish ones go to kommunstyrelsen in the board
 * report: every event type has one, with money as the report writes it (`1 234 567,89 kr`),
 * never `SEK` or a dot decimal, and a correction of an effect report says old → new. The
 * English ones are the API's and stay word for word as they were.
 */
import { BusinessEventType, summarise } from '../../src/audit/event-summary';
import { FUND_EVENT_TYPES } from '../../src/fund/fund.events';
import { INVESTMENT_EVENT_TYPES } from '../../src/investment/investment.events';
import { EVENT_TYPE_SV, term } from '../../src/reports/swedish';

type Sample = { readonly data: Record<string, unknown>; readonly en: string };

/** One recorded event of every type, with its English line as the service always wrote it. */
const SAMPLES: Readonly<Record<BusinessEventType, Sample>> = {
  FundEstablished: {
    data: { fundId: 'orebro', name: 'Digitaliseringsfond', decisionRef: 'Ks 1474/2016' },
    en: 'Fund "Digitaliseringsfond" established (Ks 1474/2016)',
  },
  TrancheAdded: {
    data: { trancheId: 't1', name: 'Etapp 1', amount: '120000000.00', decisionRef: 'Ks 1' },
    en: 'Tranche t1 "Etapp 1" of 120 000 000.00 SEK added',
  },
  TrancheReleased: {
    data: { trancheId: 't1', releasedOn: '2016-12-31', decisionRef: 'KF 2016/12' },
    en: 'Tranche t1 released on 2016-12-31 (KF 2016/12)',
  },
  TrancheAmended: {
    data: {
      trancheId: 't2',
      amount: '60000000.00',
      allocatableFrom: null,
      allocatableUntil: '2019-12-31',
      previousAmount: '80000000.00',
      previousAllocatableFrom: null,
      previousAllocatableUntil: '2018-12-31',
      decidedOn: '2019-02-01',
      decisionRef: 'Ks 22/2019',
      reason: 'Budget 2019',
    },
    // New with the amendment: both terms, old → new.
    en:
      'Tranche t2 amended (decided 2019-02-01, Ks 22/2019): amount 80 000 000.00 SEK → 60 000 000.00 SEK; ' +
      'allocation window until 2018-12-31 → until 2019-12-31: Budget 2019',
  },
  TrancheClosed: {
    data: { trancheId: 't2', closedOn: '2019-01-31', reason: 'Återstoden återförs' },
    en: 'Tranche t2 closed on 2019-01-31: Återstoden återförs',
  },
  FundsAllocated: {
    data: {
      allocationId: 'a1',
      investmentId: 'e-arkiv',
      trancheId: 't1',
      amount: '2000000.00',
      decidedOn: '2017-03-15',
      decisionRef: 'Ks 301/2017',
    },
    en: 'Allocated 2 000 000.00 SEK from tranche t1 to e-arkiv (allocation a1, decided 2017-03-15, Ks 301/2017)',
  },
  AllocationReduced: {
    data: {
      allocationId: 'lv-t1',
      amount: '3000000.00',
      decidedOn: '2019-06-10',
      reason: 'Investeringen avbruten',
    },
    en: 'Allocation lv-t1 reduced by 3 000 000.00 SEK (decided 2019-06-10): Investeringen avbruten',
  },
  InvestmentProposed: {
    data: { title: 'E-arkiv', department: 'Kommunstyrelseförvaltningen', projectLead: 'lena.berg' },
    en: 'Proposed "E-arkiv" for Kommunstyrelseförvaltningen, led by lena.berg',
  },
  BenefitCaseDocumented: {
    data: {
      version: 2,
      case: { benefits: [{}, {}, {}], costs: [{}], horizonYears: 6, startYear: 2017 },
    },
    en: 'Benefit case version 2: 3 benefit lines, 1 cost lines, 6 years from 2017',
  },
  StageChanged: {
    data: { from: 'approved', to: 'implementing', reason: 'Upphandlingen klar' },
    en: 'Stage approved → implementing: Upphandlingen klar',
  },
  InvestmentApproved: {
    data: { allocationId: 'a1', baselineCaseVersion: 1 },
    en: 'Approved by allocation a1; baseline is benefit case version 1',
  },
  CostRecorded: {
    data: { amount: '1500000.00', incurredOn: '2017-05-30', reference: 'Faktura 17-0412' },
    en: 'Cost of 1 500 000.00 SEK on 2017-05-30 (Faktura 17-0412)',
  },
  EffectReported: {
    data: { reportId: 'r1', benefitLineId: 'fewer-licences', period: '2018', value: '550000.00' },
    en: 'Effect on fewer-licences for 2018: 550000.00 (report r1)',
  },
  EffectReportCorrected: {
    data: {
      reportId: 'r1',
      benefitLineId: 'fewer-licences',
      period: '2018',
      value: '600000.00',
      reason: 'Dubbelräknat',
    },
    en: 'Report r1 (fewer-licences, 2018) corrected to 600000.00: Dubbelräknat',
  },
  SavingsHarvested: {
    data: {
      benefitLineId: 'fewer-licences',
      fiscalYear: 2020,
      amount: '1200000.00',
      decisionRef: 'KF 2019-11-26 § 188',
      aheadOfRealisation: true,
      reason: 'Förhandsreduktion',
    },
    en:
      'Harvested 1 200 000.00 SEK from fewer-licences in fiscal year 2020 (KF 2019-11-26 § 188), ' +
      'ahead of realisation: Förhandsreduktion',
  },
  InvestmentClosed: {
    data: { closedOn: '2020-12-31', reason: 'Införd' },
    en: 'Closed on 2020-12-31: Införd',
  },
  BaselineRevised: {
    data: {
      caseVersion: 2,
      previousCaseVersion: 1,
      reason: 'Ny omfattning',
      decisionRef: 'Ks 640/2018',
      approvedBy: 'frida.ek',
    },
    en: 'Baseline revised from benefit case version 1 to 2 by frida.ek (Ks 640/2018): Ny omfattning',
  },
  ObligationWaived: {
    data: {
      benefitLineId: 'citizen-satisfaction',
      period: '2017',
      reason: 'Ingen mätning',
      waivedBy: 'frida.ek',
    },
    en: 'Follow-up of citizen-satisfaction for 2017 waived by frida.ek: Ingen mätning',
  },
  CostCorrected: {
    data: { costId: 'c1', amount: '1400000.00', previousAmount: '1500000.00', reason: 'Kredit' },
    en: 'Cost c1 corrected from 1 500 000.00 SEK to 1 400 000.00 SEK: Kredit',
  },
  CostReversed: {
    data: { costId: 'c2', previousAmount: '25000.50', reason: 'Fel investering' },
    en: 'Cost c2 of 25 000.50 SEK reversed: Fel investering',
  },
  HarvestCorrected: {
    data: { harvestId: 'h1', amount: '450000.00', previousAmount: '500000.00', reason: 'Ändrad' },
    en: 'Harvest h1 corrected from 500 000.00 SEK to 450 000.00 SEK: Ändrad',
  },
  HarvestReversed: {
    data: { harvestId: 'h2', previousAmount: '100000.00', reason: 'Upphävt' },
    en: 'Harvest h2 of 100 000.00 SEK reversed: Upphävt',
  },
  DeviationExplained: {
    data: { benefitLineId: 'time-freed', period: '2018', explanation: 'Handläggarna flyttades' },
    en: 'Deviation of time-freed in 2018 explained: Handläggarna flyttades',
  },
};

/** The types the ledger lists at run time: the samples' keys are checked against them. */
const RECORDED_TYPES: readonly string[] = [...FUND_EVENT_TYPES, ...INVESTMENT_EVENT_TYPES];

const sample = (type: string): Sample => SAMPLES[type as BusinessEventType];

describe('event summaries in Swedish and English', () => {
  it('has a sample, a Swedish line and a Swedish name for every event type the ledger records', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...RECORDED_TYPES].sort());
    for (const type of RECORDED_TYPES) {
      const swedish = summarise({ type, data: sample(type).data }, 'sv');
      expect({ type, same: swedish === sample(type).en }).toEqual({ type, same: false });
      expect({ type, swedish }).not.toEqual({ type, swedish: expect.stringContaining(type) });
      expect({ type, name: EVENT_TYPE_SV[type as BusinessEventType] }).toEqual({
        type,
        name: expect.stringMatching(/^[A-ZÅÄÖ][a-zåäö]+ ?/),
      });
      expect(term('eventType', type, 'sv')).not.toBe(type);
    }
  });

  it('writes Swedish money as the board report does: grouped, decimal comma, kr', () => {
    for (const type of RECORDED_TYPES) {
      const swedish = summarise({ type, data: sample(type).data }, 'sv');
      expect({ type, swedish }).not.toEqual({
        type,
        swedish: expect.stringMatching(/SEK|[0-9]\.[0-9]{2}\b|[0-9]{4},/),
      });
    }
    const at = (type: BusinessEventType) => summarise({ type, data: SAMPLES[type].data }, 'sv');
    expect(at('AllocationReduced')).toBe(
      'Tilldelning lv-t1 minskad med 3 000 000,00 kr (beslutad 2019-06-10): Investeringen avbruten',
    );
    expect(at('SavingsHarvested')).toBe(
      'Hemtagning av 1 200 000,00 kr från fewer-licences budgetår 2020 (KF 2019-11-26 § 188), ' +
        'före realisering: Förhandsreduktion',
    );
    expect(at('CostCorrected')).toBe(
      'Kostnad c1 rättad från 1 500 000,00 kr till 1 400 000,00 kr: Kredit',
    );
    expect(at('BenefitCaseDocumented')).toBe(
      'Nyttokalkyl version 2: 3 nyttor, 1 kostnadspost, 6 år från 2017',
    );
    expect(at('StageChanged')).toBe('Skede beviljad → införs: Upphandlingen klar');
    expect(at('TrancheAmended')).toBe(
      'Etapp t2 ändrad (beslutad 2019-02-01, Ks 22/2019): belopp 80 000 000,00 kr → 60 000 000,00 kr; ' +
        'tilldelningsperiod t.o.m. 2018-12-31 → t.o.m. 2019-12-31: Budget 2019',
    );
  });

  it('shows a correction of an effect report as old → new, in kronor or in the indicator’s unit', () => {
    const correction = { type: 'EffectReportCorrected', data: SAMPLES.EffectReportCorrected.data };
    expect(summarise(correction, 'sv', { replacedValue: '550000.00', line: { money: true } })).toBe(
      'Rapport r1 (fewer-licences, 2018) rättad från 550 000,00 kr till 600 000,00 kr: Dubbelräknat',
    );
    const reading = {
      type: 'EffectReportCorrected',
      data: { ...SAMPLES.EffectReportCorrected.data, benefitLineId: 'nki', value: '65' },
    };
    expect(
      summarise(reading, 'sv', { replacedValue: '64.5', line: { money: false, unit: 'NKI' } }),
    ).toBe('Rapport r1 (nki, 2018) rättad från 64,5 NKI till 65 NKI: Dubbelräknat');
    // Where the replaced value is not known, the new one alone; never a made-up old one.
    expect(summarise(correction, 'sv', { line: { money: true } })).toBe(
      'Rapport r1 (fewer-licences, 2018) rättad till 600 000,00 kr: Dubbelräknat',
    );
    // The English line is the API's: unchanged, whatever the context.
    expect(summarise(correction, 'en', { replacedValue: '550000.00', line: { money: true } })).toBe(
      SAMPLES.EffectReportCorrected.en,
    );
  });

  it('names the valued lines together, not by their reserved id alone, in both languages', () => {
    const data = {
      benefitLineId: 'valued-lines-together',
      explanation: 'Licenserna sades upp sent',
    };
    expect(summarise({ type: 'DeviationExplained', data }, 'en')).toBe(
      'Deviation of the valued benefits together (valued-lines-together) explained: Licenserna sades upp sent',
    );
    expect(summarise({ type: 'DeviationExplained', data }, 'sv')).toBe(
      'Avvikelse för värderade nyttor sammantaget (valued-lines-together) förklarad: Licenserna sades upp sent',
    );
  });

  it('keeps every English line word for word', () => {
    for (const type of RECORDED_TYPES) {
      expect({ type, line: summarise({ type, data: sample(type).data }, 'en') }).toEqual({
        type,
        line: sample(type).en,
      });
    }
  });

  it("names a user's event by its Swedish name, and a type it does not know by its code", () => {
    expect(summarise({ type: 'RoleGranted', data: { userId: 'x', role: 'auditor' } }, 'sv')).toBe(
      'Roll tilldelad',
    );
    expect(summarise({ type: 'RoleGranted', data: {} }, 'en')).toBe('RoleGranted');
    expect(summarise({ type: 'SomethingNew', data: { amount: '1.00' } }, 'sv')).toBe(
      'SomethingNew',
    );
    // A recorded type that happens to name an Object property is written as it is.
    expect(summarise({ type: 'constructor', data: null }, 'sv')).toBe('constructor');
  });
});
