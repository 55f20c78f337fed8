/**
 * The demo ledger's story, as plain data: Örebro kommun's digitalisation fund of 2017
 * (200 MSEK; T1 120 MSEK released 2016-12-31, T2 80 MSEK released 2018-01-15, its window
 * extended by the board in December 2018 to the end of 2019) and eight
 * investments across the departments, from proposal through benefit case, allocation, costs,
 * effect reports 2017–2020 (some corrected), harvests and closing. One investment is refused
 * money for lacking a benefit case; one effect report (home care travel time, 2020) never
 * came, so it shows as an overdue follow-up. Most cases raise running costs (their benefits
 * free time rather than budget), so the board funds them on a recorded override; the fund's
 * other rules each refuse one attempt (a case version that does not exist, a missing
 * override, a decision before T2's release, a decision date in the future, a reduction
 * below what was spent).
 *
 * The investment's rules each refuse one attempt too (a case that is no calculation, a
 * benefit owner nobody knows, a harvest beyond what was realised and one outside the case's
 * horizon, a re-baseline by the version's own author, one onto a case that raises running
 * costs without the board's override and one of the version already the baseline, a cost from
 * before the proposal and one from before the fund was established (the e-archive was
 * proposed while the fund was being set up), a correction of a reversed cost, a waiver of a
 * reading already reported, a report of a period not yet begun); the fund refuses a
 * reduction id used with another amount. Two attempts are refused by role (403): a project
 * lead waiving their own reading, finance filing an effect report. Budget cuts made before
 * the savings were reported are recorded as harvests ahead of realisation, with why; the
 * building-permit case's revision becomes its baseline by a decision of its own, on the
 * board's override; one qualitative reading is waived. The e-archive's 2020 licence saving is
 * reported on the year's first days, as forecast, and confirmed by a correction once the
 * year is over: only then does it meet the year's follow-up.
 *
 * Every step says on which day the ledger learned it (`on`); the runner (demo-runner.ts)
 * records it at that day over the real HTTP API. Names, amounts and decision references are
 * invented but plausible. The dashboard and its browser tests read the same data.
 */

export const DEMO_FUND_ID = 'orebro-digitaliseringsfond';
export const DEMO_FINANCE = 'frida.ek';
export const DEMO_AUDITOR = 'eva.granskare';
/** The investment refused money for lacking a benefit case, and the follow-up left overdue. */
export const DEMO_REFUSED_INVESTMENT = 'bokning-kulturskolan';
export const DEMO_OVERDUE = {
  investmentId: 'mobil-hemtjanstplanering',
  benefitLineId: 'restid',
  period: '2020',
};

export type DemoRole = 'finance' | 'project-lead' | 'auditor' | 'admin';

export interface DemoUser {
  readonly id: string;
  readonly role: DemoRole;
  readonly name: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'frida.ek', role: 'finance', name: 'Frida Ek, ekonomienheten' },
  { id: 'eva.granskare', role: 'auditor', name: 'Eva Granskare, förtroendevald revisor' },
  { id: 'it-admin', role: 'admin', name: 'IT-förvaltningen, behörighetsadministration' },
  { id: 'lena.lind', role: 'project-lead', name: 'Lena Lind, Kommunledningsförvaltningen' },
  { id: 'anna.berg', role: 'project-lead', name: 'Anna Berg, registrator' },
  { id: 'omar.said', role: 'project-lead', name: 'Omar Said, Stadsbyggnad' },
  { id: 'karin.holm', role: 'project-lead', name: 'Karin Holm, Kommunledningsförvaltningen' },
  { id: 'jonas.berg', role: 'project-lead', name: 'Jonas Berg, Vård- och omsorgsförvaltningen' },
  { id: 'sara.nilsson', role: 'project-lead', name: 'Sara Nilsson, ekonomienheten' },
  {
    id: 'ahmed.yousef',
    role: 'project-lead',
    name: 'Ahmed Yousef, Förskole- och skolförvaltningen',
  },
  { id: 'maria.lund', role: 'project-lead', name: 'Maria Lund, Socialförvaltningen' },
  { id: 'erik.sjo', role: 'project-lead', name: 'Erik Sjö, Kultur- och fritidsförvaltningen' },
];

export const DEMO_FUND = {
  fundId: DEMO_FUND_ID,
  name: 'Örebro kommuns digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    {
      trancheId: 't1',
      name: 'Etapp 1 (årsskiftet 2016/2017)',
      amount: '120000000.00',
      allocatableFrom: '2016-12-31',
    },
    {
      trancheId: 't2',
      name: 'Etapp 2 (till och med 2018)',
      amount: '80000000.00',
      allocatableFrom: '2018-01-01',
      allocatableUntil: '2018-12-31',
    },
  ],
} as const;

export type FundStep =
  | { readonly on: string; readonly do: 'establish' }
  | {
      readonly on: string;
      readonly do: 'release';
      readonly trancheId: string;
      readonly releasedOn: string;
      readonly decisionRef: string;
    }
  | {
      readonly on: string;
      readonly do: 'amend';
      readonly trancheId: string;
      readonly amount?: string;
      readonly allocatableFrom?: string | null;
      readonly allocatableUntil?: string | null;
      readonly decidedOn: string;
      readonly decisionRef: string;
      readonly reason: string;
    };

export const DEMO_FUND_STEPS: readonly FundStep[] = [
  { on: '2016-12-20', do: 'establish' },
  {
    on: '2016-12-31',
    do: 'release',
    trancheId: 't1',
    releasedOn: '2016-12-31',
    decisionRef: 'Ks 1490/2016',
  },
  {
    on: '2018-01-15',
    do: 'release',
    trancheId: 't2',
    releasedOn: '2018-01-15',
    decisionRef: 'Ks 12/2018',
  },
  {
    // Most of T2 was still unallocated as its window neared its end: the board gave it 2019.
    on: '2018-12-11',
    do: 'amend',
    trancheId: 't2',
    allocatableUntil: '2019-12-31',
    decidedOn: '2018-12-10',
    decisionRef: 'Ks 911/2018',
    reason:
      'Etappens andra steg är försenade i flera förvaltningar; resterande medel får tilldelas under 2019',
  },
];

/**
 * A step the ledger must refuse, recording nothing: a code it answers 409 with, or a status and
 * code for a refusal of another kind (403 FORBIDDEN: the role or person may not do it).
 */
export type DemoRefusal = string | { readonly status: number; readonly code: string };

/** `by` defaults to the project lead for their own work and to finance for money and closing. */
export type InvestmentStep =
  | {
      readonly on: string;
      readonly do: 'propose';
      /** Who proposes; the investment's project lead, proposing their own, by default. */
      readonly by?: string;
      /** The lead the proposal names, when it is not the investment's (a refused attempt). */
      readonly projectLead?: string;
      readonly refusedWith?: DemoRefusal;
    }
  | {
      readonly on: string;
      readonly do: 'benefit-case';
      readonly case: object;
      readonly by?: string;
      readonly refusedWith?: DemoRefusal;
    }
  | {
      readonly on: string;
      readonly do: 'stage';
      readonly stage: 'analysed' | 'implementing' | 'realising';
      readonly reason: string;
      readonly by?: string;
    }
  | {
      readonly on: string;
      readonly do: 'allocate';
      readonly allocationId: string;
      readonly trancheId: string;
      readonly amount: string;
      readonly decidedOn: string;
      readonly decisionRef: string;
      readonly note?: string;
      /** The benefit-case version the decision was taken on (the baseline). */
      readonly caseVersion: number;
      /** The board's decision to fund a case that raises running costs. */
      readonly overrideRef?: string;
      /** The ledger must refuse it with this code (and record nothing). */
      readonly refusedWith?: DemoRefusal;
    }
  | {
      readonly on: string;
      readonly do: 'reduce';
      readonly allocationId: string;
      readonly reductionId: string;
      readonly amount: string;
      readonly decidedOn: string;
      readonly decisionRef: string;
      readonly reason: string;
      /** The ledger must refuse it with this code (and record nothing). */
      readonly refusedWith?: DemoRefusal;
    }
  | {
      readonly on: string;
      readonly do: 'cost';
      readonly costId: string;
      readonly costLineId: string;
      readonly amount: string;
      readonly incurredOn: string;
      readonly reference: string;
      readonly description?: string;
      readonly refusedWith?: DemoRefusal;
    }
  | {
      readonly on: string;
      readonly do: 'report';
      readonly reportId: string;
      readonly benefitLineId: string;
      readonly period: string;
      readonly value: string;
      readonly evidence: string;
      readonly by?: string;
      readonly refusedWith?: DemoRefusal;
    }
  | {
      readonly on: string;
      readonly do: 'correct';
      readonly reportId: string;
      readonly value: string;
      readonly reason: string;
      readonly evidence?: string;
      readonly by?: string;
    }
  | {
      readonly on: string;
      readonly do: 'harvest';
      readonly harvestId: string;
      readonly benefitLineId: string;
      readonly fiscalYear: number;
      readonly amount: string;
      readonly decisionRef: string;
      /** A budget reduced before the line realised as much (förhandsreduktion), with why. */
      readonly aheadOfRealisation?: boolean;
      readonly reason?: string;
      readonly refusedWith?: DemoRefusal;
    }
  | {
      readonly on: string;
      readonly do: 'revise-baseline';
      readonly caseVersion: number;
      readonly reason: string;
      readonly decisionRef: string;
      /** The board's decision to adopt a version that raises running costs. */
      readonly overrideRef?: string;
      readonly refusedWith?: DemoRefusal;
    }
  | {
      readonly on: string;
      readonly do: 'waive';
      readonly benefitLineId: string;
      readonly period: string;
      readonly reason: string;
      readonly by?: string;
      readonly refusedWith?: DemoRefusal;
    }
  | {
      readonly on: string;
      readonly do: 'correct-cost';
      readonly costId: string;
      readonly amount: string;
      readonly reason: string;
      readonly refusedWith?: DemoRefusal;
    }
  | {
      readonly on: string;
      readonly do: 'reverse-cost';
      readonly costId: string;
      readonly reason: string;
      readonly refusedWith?: DemoRefusal;
    }
  | {
      readonly on: string;
      readonly do: 'close';
      readonly closedOn: string;
      readonly reason: string;
    };

export interface DemoInvestment {
  readonly investmentId: string;
  readonly title: string;
  readonly department: string;
  readonly projectLead: string;
  readonly need: string;
  /** In the order they happened. */
  readonly steps: readonly InvestmentStep[];
}

const ANALYSED = 'Nyttokalkylen granskad av ekonomienheten och godkänd för beslut';

const eArkiv: DemoInvestment = {
  investmentId: 'e-arkiv',
  title: 'E-arkiv och e-diarium',
  department: 'Kommunledningsförvaltningen',
  projectLead: 'lena.lind',
  need: 'Diarieföring och arkiv sker på papper; registratorer lägger mycket tid på manuell registrering och utlämnande av allmänna handlingar.',
  steps: [
    // Put forward in December 2016, while the council was still establishing the fund.
    { on: '2016-12-12', do: 'propose' },
    {
      on: '2017-01-30',
      do: 'benefit-case',
      case: {
        discountRate: '0.035',
        horizonYears: 4,
        startYear: 2017,
        assumptions:
          '4 000 ärenden per år; 20 minuter sparade per ärende; 400 kr per timme. Gamla diariesystemets licenser sägs upp till 2019.',
        costs: [
          {
            costLineId: 'licens-och-inforande',
            kind: 'one-off',
            description: 'Licens, konfiguration och migrering',
            forecast: [{ period: '2017', amount: '6800000.00' }],
          },
          {
            costLineId: 'drift',
            kind: 'recurring',
            description: 'Drift och förvaltning',
            forecast: [
              { period: '2018', amount: '450000.00' },
              { period: '2019', amount: '450000.00' },
              { period: '2020', amount: '450000.00' },
            ],
          },
        ],
        benefits: [
          {
            benefitLineId: 'avvecklade-licenser',
            description: 'Avvecklade licenser i det gamla diariesystemet',
            class: 'financial',
            owner: 'lena.lind',
            indicator: {
              unit: 'SEK/år',
              baseline: '1200000',
              target: '0',
              direction: 'decrease',
              method: 'Leverantörsfakturor',
              frequency: 'årligen',
            },
            forecast: [
              { period: '2018', amount: '600000.00' },
              { period: '2019', amount: '1200000.00' },
              { period: '2020', amount: '1200000.00' },
            ],
          },
          {
            benefitLineId: 'registreringstid',
            description: 'Frigjord registratorstid för diarieföring',
            class: 'redistributable',
            owner: 'anna.berg',
            indicator: {
              unit: 'timmar/år',
              baseline: '2700',
              target: '1400',
              direction: 'decrease',
              method: 'Tidrapportering',
              frequency: 'kvartalsvis',
            },
            forecast: [
              { period: '2018', amount: '400000.00' },
              { period: '2019', amount: '520000.00' },
              { period: '2020', amount: '520000.00' },
            ],
          },
          {
            benefitLineId: 'utlamningstid',
            description: 'Kortare tid till utlämnande av allmän handling',
            class: 'qualitative',
            owner: 'anna.berg',
            indicator: {
              unit: 'dagar',
              baseline: '5',
              target: '1',
              direction: 'decrease',
              method: 'Uttag ur diariet',
              frequency: 'årligen',
            },
          },
        ],
      },
    },
    { on: '2017-02-08', do: 'stage', stage: 'analysed', reason: ANALYSED, by: DEMO_FINANCE },
    {
      on: '2017-02-14',
      do: 'allocate',
      allocationId: 'e-arkiv-t1',
      trancheId: 't1',
      amount: '9500000.00',
      decidedOn: '2017-02-13',
      decisionRef: 'Ks 233/2017',
      caseVersion: 1,
    },
    {
      on: '2017-03-01',
      do: 'stage',
      stage: 'implementing',
      reason: 'Avtal tecknat med leverantören efter upphandling',
    },
    {
      // The supplier workshop came after the proposal but before the fund was established
      // (2016-12-20): the fund did not pay for what happened before it existed.
      on: '2017-06-30',
      do: 'cost',
      costId: 'e-arkiv-workshop-2016',
      costLineId: 'licens-och-inforande',
      amount: '45000.00',
      incurredOn: '2016-12-15',
      reference: 'Faktura 84562',
      description: 'Leverantörsworkshop december 2016',
      refusedWith: 'DATE_OUTSIDE_FUND_LIFE',
    },
    {
      // The pre-study was paid before the investment was proposed: not a cost of its life.
      on: '2017-06-30',
      do: 'cost',
      costId: 'e-arkiv-forstudie-2016',
      costLineId: 'licens-och-inforande',
      amount: '180000.00',
      incurredOn: '2016-11-30',
      reference: 'Faktura 84410',
      description: 'Förstudie e-arkiv hösten 2016',
      refusedWith: 'DATE_OUTSIDE_INVESTMENT_LIFE',
    },
    {
      on: '2017-06-30',
      do: 'cost',
      costId: 'e-arkiv-faktura-2017-1',
      costLineId: 'licens-och-inforande',
      amount: '3900000.00',
      incurredOn: '2017-06-28',
      reference: 'Faktura 88123',
      description: 'Licenser och första delleverans',
    },
    {
      on: '2017-11-15',
      do: 'cost',
      costId: 'e-arkiv-faktura-2017-2',
      costLineId: 'licens-och-inforande',
      amount: '2650000.00',
      incurredOn: '2017-11-10',
      reference: 'Faktura 90415',
      description: 'Migrering av diariet 1998–2017',
    },
    {
      on: '2018-01-15',
      do: 'stage',
      stage: 'realising',
      reason: 'E-diariet i full drift sedan 2018-01-08',
    },
    {
      on: '2018-12-20',
      do: 'cost',
      costId: 'e-arkiv-drift-2018',
      costLineId: 'drift',
      amount: '462000.00',
      incurredOn: '2018-12-15',
      reference: 'Faktura 95012',
    },
    {
      // The same invoice registered twice; reversed, and the reversed entry cannot be corrected.
      on: '2018-12-20',
      do: 'cost',
      costId: 'e-arkiv-drift-2018-dubblett',
      costLineId: 'drift',
      amount: '462000.00',
      incurredOn: '2018-12-15',
      reference: 'Faktura 95012 (registrerad två gånger)',
    },
    {
      on: '2019-01-10',
      do: 'reverse-cost',
      costId: 'e-arkiv-drift-2018-dubblett',
      reason: 'Faktura 95012 registrerades två gånger',
    },
    {
      on: '2019-01-14',
      do: 'correct-cost',
      costId: 'e-arkiv-drift-2018-dubblett',
      amount: '231000.00',
      reason: 'Halva fakturan avser förvaltning 2019',
      refusedWith: 'COST_REVERSED',
    },
    {
      // Finance may not file an effect report: it is the testimony of those answerable for the line.
      on: '2019-01-25',
      do: 'report',
      by: DEMO_FINANCE,
      reportId: 'e-arkiv-licenser-2018-ekonomi',
      benefitLineId: 'avvecklade-licenser',
      period: '2018',
      value: '540000.00',
      evidence: 'Leverantörsreskontra 2018',
      refusedWith: { status: 403, code: 'FORBIDDEN' },
    },
    {
      on: '2019-01-25',
      do: 'report',
      reportId: 'e-arkiv-licenser-2018',
      benefitLineId: 'avvecklade-licenser',
      period: '2018',
      value: '540000.00',
      evidence: 'Uppsägning av licensavtal, dnr Ks 2018/101',
    },
    {
      on: '2019-01-28',
      do: 'report',
      reportId: 'e-arkiv-tid-2018',
      benefitLineId: 'registreringstid',
      period: '2018',
      value: '380000.00',
      evidence: 'Tidrapporter registraturen 2018',
      by: 'anna.berg',
    },
    {
      on: '2019-01-28',
      do: 'report',
      reportId: 'e-arkiv-utlamning-2018',
      benefitLineId: 'utlamningstid',
      period: '2018',
      value: '2.5',
      evidence: 'Uttag ur e-diariet, 412 begäranden',
      by: 'anna.berg',
    },
    {
      // Only finance waives: the project lead's own request is refused.
      on: '2019-01-28',
      do: 'waive',
      by: 'lena.lind',
      benefitLineId: 'utlamningstid',
      period: '2017',
      reason: 'Ingen mätning 2017, systemet var inte i drift',
      refusedWith: { status: 403, code: 'FORBIDDEN' },
    },
    {
      // Finance releases the 2017 reading: the e-diary went live in January 2018.
      on: '2019-01-28',
      do: 'waive',
      benefitLineId: 'utlamningstid',
      period: '2017',
      reason:
        'E-diariet togs i drift 2018-01-08; för 2017 finns bara utgångsvärdet (5 dagar), ingen mätning med systemet',
    },
    {
      // 2018's reading came in the same morning: there is nothing left to release.
      on: '2019-01-28',
      do: 'waive',
      benefitLineId: 'utlamningstid',
      period: '2018',
      reason: 'Mätningen 2018 gjordes bara under hösten',
      refusedWith: 'OBLIGATION_ALREADY_MET',
    },
    {
      on: '2019-03-04',
      do: 'correct',
      reportId: 'e-arkiv-licenser-2018',
      value: '600000.00',
      reason: 'Slutfakturan för de gamla licenserna saknades vid första rapporten',
      evidence: 'Kreditfaktura 2019-0211',
    },
    {
      // Budget 2019 was cut before 2019's savings were reported: without saying so, refused.
      on: '2019-11-26',
      do: 'harvest',
      harvestId: 'e-arkiv-hemtagning-2019',
      benefitLineId: 'avvecklade-licenser',
      fiscalYear: 2019,
      amount: '1000000.00',
      decisionRef: 'KF 2018-11-27 § 201, budget 2019',
      refusedWith: 'HARVEST_EXCEEDS_REALISED',
    },
    {
      on: '2019-11-26',
      do: 'harvest',
      harvestId: 'e-arkiv-hemtagning-2019',
      benefitLineId: 'avvecklade-licenser',
      fiscalYear: 2019,
      amount: '1000000.00',
      decisionRef: 'KF 2018-11-27 § 201, budget 2019',
      aheadOfRealisation: true,
      reason: 'Budget 2019 sänktes redan i november 2018, när licensavtalen var uppsagda',
    },
    {
      // The lead wanted 2020's licence saving on record early; the year had not begun.
      on: '2019-12-02',
      do: 'report',
      reportId: 'e-arkiv-licenser-2020-tidig',
      benefitLineId: 'avvecklade-licenser',
      period: '2020',
      value: '1200000.00',
      evidence: 'Inga licensavtal finns kvar för 2020',
      refusedWith: 'PERIOD_NOT_STARTED',
    },
    {
      on: '2019-12-18',
      do: 'close',
      closedOn: '2019-12-18',
      reason: 'Införandet är klart; nyttorna följs upp i linjen',
    },
    {
      on: '2020-01-27',
      do: 'report',
      reportId: 'e-arkiv-licenser-2019',
      benefitLineId: 'avvecklade-licenser',
      period: '2019',
      value: '1200000.00',
      evidence: 'Leverantörsreskontra 2019: inga licensfakturor',
    },
    {
      on: '2020-01-29',
      do: 'report',
      reportId: 'e-arkiv-tid-2019',
      benefitLineId: 'registreringstid',
      period: '2019',
      value: '545000.00',
      evidence: 'Tidrapporter registraturen 2019',
      by: 'anna.berg',
    },
    {
      on: '2020-01-29',
      do: 'report',
      reportId: 'e-arkiv-utlamning-2019',
      benefitLineId: 'utlamningstid',
      period: '2019',
      value: '1.5',
      evidence: 'Uttag ur e-diariet 2019, 455 begäranden',
      by: 'anna.berg',
    },
    {
      // Now the year has begun, so it may be reported: as forecast, before anything happened
      // in it. It meets no follow-up obligation of 2020 until confirmed once the year is over.
      on: '2020-02-03',
      do: 'report',
      reportId: 'e-arkiv-licenser-2020',
      benefitLineId: 'avvecklade-licenser',
      period: '2020',
      value: '1200000.00',
      evidence: 'Inga licensavtal finns kvar för 2020',
    },
    {
      on: '2020-11-24',
      do: 'harvest',
      harvestId: 'e-arkiv-hemtagning-2020',
      benefitLineId: 'avvecklade-licenser',
      fiscalYear: 2020,
      amount: '1200000.00',
      decisionRef: 'KF 2019-11-26 § 188, budget 2020',
      aheadOfRealisation: true,
      reason: 'Budget 2020 beslutades i november 2019, före årets utfall',
    },
    {
      // Budget 2021 lies beyond the case's horizon (2017–2020): no harvest can be booked there.
      on: '2021-01-26',
      do: 'harvest',
      harvestId: 'e-arkiv-hemtagning-2021',
      benefitLineId: 'avvecklade-licenser',
      fiscalYear: 2021,
      amount: '1200000.00',
      decisionRef: 'KF 2020-11-24 § 176, budget 2021',
      refusedWith: 'FISCAL_YEAR_OUTSIDE_HORIZON',
    },
    {
      // The year is over: the early report is confirmed against the ledger, and counts.
      on: '2021-01-26',
      do: 'correct',
      reportId: 'e-arkiv-licenser-2020',
      value: '1200000.00',
      reason: 'Helåret bekräftat: inga licensfakturor 2020',
      evidence: 'Leverantörsreskontra 2020: inga licensfakturor',
    },
    {
      on: '2021-01-27',
      do: 'report',
      reportId: 'e-arkiv-tid-2020',
      benefitLineId: 'registreringstid',
      period: '2020',
      value: '560000.00',
      evidence: 'Tidrapporter registraturen 2020',
      by: 'anna.berg',
    },
    {
      on: '2021-01-27',
      do: 'report',
      reportId: 'e-arkiv-utlamning-2020',
      benefitLineId: 'utlamningstid',
      period: '2020',
      value: '1.2',
      evidence: 'Uttag ur e-diariet 2020, 431 begäranden',
      by: 'anna.berg',
    },
  ],
};

/** Forecast amounts of 2018, 2019 and 2020. */
type Bygglov3Years = readonly [string, string, string];

const bygglovForecast = (amounts: Bygglov3Years): { period: string; amount: string }[] =>
  amounts.map((amount, index) => ({ period: String(2018 + index), amount }));

/**
 * Bygglov's case: every version keeps its cost and benefit lines and changes only the
 * assumptions, the indicator targets and the benefit forecasts.
 */
const bygglovCase = (version: {
  readonly assumptions: string;
  readonly handlaggningstid: { readonly target: string; readonly forecast: Bygglov3Years };
  readonly portoOchTryck: { readonly target: string; readonly forecast: Bygglov3Years };
  readonly komplettaTarget: string;
}): object => ({
  discountRate: '0.035',
  horizonYears: 4,
  startYear: 2017,
  assumptions: version.assumptions,
  costs: [
    {
      costLineId: 'e-tjanst',
      kind: 'one-off',
      description: 'E-tjänst, integration mot ärendesystemet',
      forecast: [{ period: '2017', amount: '4900000.00' }],
    },
    {
      costLineId: 'forvaltning',
      kind: 'recurring',
      description: 'Förvaltning och licenser',
      forecast: bygglovForecast(['300000.00', '300000.00', '300000.00']),
    },
  ],
  benefits: [
    {
      benefitLineId: 'handlaggningstid',
      description: 'Frigjord handläggartid för kompletteringar och inskanning',
      class: 'redistributable',
      owner: 'omar.said',
      indicator: {
        unit: 'timmar/år',
        baseline: '5400',
        target: version.handlaggningstid.target,
        direction: 'decrease',
        method: 'Tidrapportering i ärendesystemet',
        frequency: 'kvartalsvis',
      },
      forecast: bygglovForecast(version.handlaggningstid.forecast),
    },
    {
      benefitLineId: 'porto-och-tryck',
      description: 'Lägre kostnad för porto, tryck och arkivering',
      class: 'financial',
      owner: 'omar.said',
      indicator: {
        unit: 'SEK/år',
        baseline: '310000',
        target: version.portoOchTryck.target,
        direction: 'decrease',
        method: 'Ekonomisystemet, konto 6250 och 6110',
        frequency: 'årligen',
      },
      forecast: bygglovForecast(version.portoOchTryck.forecast),
    },
    {
      benefitLineId: 'kompletta-ansokningar',
      description: 'Andel ansökningar som är kompletta vid första inlämning',
      class: 'qualitative',
      owner: 'omar.said',
      indicator: {
        unit: 'procent',
        baseline: '45',
        target: version.komplettaTarget,
        direction: 'increase',
        method: 'Stickprov om 100 ärenden',
        frequency: 'årligen',
      },
    },
  ],
});

/** Bygglov's case as revised after the first half-year (version 2); the board adopted it as the baseline. */
const BYGGLOV_REVISED_CASE = bygglovCase({
  assumptions:
    'Reviderad efter första halvåret: 40 % digitala ansökningar 2018, 70 % från 2019; 1,2 timmar sparade per digital ansökan.',
  handlaggningstid: { target: '3600', forecast: ['420000.00', '760000.00', '760000.00'] },
  portoOchTryck: { target: '120000', forecast: ['90000.00', '190000.00', '190000.00'] },
  komplettaTarget: '75',
});

const bygglov: DemoInvestment = {
  investmentId: 'e-tjanster-bygglov',
  title: 'E-tjänster för bygglov',
  department: 'Stadsbyggnad',
  projectLead: 'omar.said',
  need: 'Bygglovsansökningar kommer på papper och är ofta ofullständiga; handläggarna lägger tid på kompletteringar och inskanning.',
  steps: [
    // Finance put it forward first with the lead's name mistyped: the register knows no such user.
    {
      on: '2017-02-20',
      do: 'propose',
      by: DEMO_FINANCE,
      projectLead: 'omar.saeed',
      refusedWith: 'PROJECT_LEAD_UNKNOWN',
    },
    { on: '2017-02-20', do: 'propose' },
    {
      on: '2017-03-06',
      do: 'benefit-case',
      case: bygglovCase({
        assumptions:
          '1 800 ansökningar per år; hälften digitalt 2018, 80 % från 2019; 1,5 timmar sparade per digital ansökan.',
        handlaggningstid: { target: '3200', forecast: ['640000.00', '1050000.00', '1050000.00'] },
        portoOchTryck: { target: '90000', forecast: ['110000.00', '220000.00', '220000.00'] },
        komplettaTarget: '80',
      }),
    },
    { on: '2017-03-13', do: 'stage', stage: 'analysed', reason: ANALYSED, by: DEMO_FINANCE },
    // Finance first names a case version that does not exist, then the right one without the
    // board's override: the case raises running costs by 350 000 over its horizon.
    {
      on: '2017-03-16',
      do: 'allocate',
      allocationId: 'bygglov-t1',
      trancheId: 't1',
      amount: '6200000.00',
      decidedOn: '2017-03-15',
      decisionRef: 'Ks 301/2017',
      caseVersion: 2,
      refusedWith: 'CASE_VERSION_MISMATCH',
    },
    {
      on: '2017-03-16',
      do: 'allocate',
      allocationId: 'bygglov-t1',
      trancheId: 't1',
      amount: '6200000.00',
      decidedOn: '2017-03-15',
      decisionRef: 'Ks 301/2017',
      caseVersion: 1,
      refusedWith: 'NEGATIVE_RUNNING_COST_EFFECT',
    },
    {
      on: '2017-03-16',
      do: 'allocate',
      allocationId: 'bygglov-t1',
      trancheId: 't1',
      amount: '6200000.00',
      decidedOn: '2017-03-15',
      decisionRef: 'Ks 301/2017',
      caseVersion: 1,
      overrideRef: 'Ks 301/2017 § 4: högre driftkostnad godtas för kortare handläggningstider',
    },
    {
      on: '2017-04-03',
      do: 'stage',
      stage: 'implementing',
      reason: 'Utvecklingen startad tillsammans med Lantmäteriet-integrationen',
    },
    {
      on: '2017-09-29',
      do: 'cost',
      costId: 'bygglov-faktura-2017-1',
      costLineId: 'e-tjanst',
      amount: '2800000.00',
      incurredOn: '2017-09-25',
      reference: 'Faktura 31-4471',
    },
    {
      on: '2017-12-21',
      do: 'cost',
      costId: 'bygglov-faktura-2017-2',
      costLineId: 'e-tjanst',
      amount: '2350000.00',
      incurredOn: '2017-12-19',
      reference: 'Faktura 31-4620',
    },
    {
      on: '2018-02-05',
      do: 'stage',
      stage: 'realising',
      reason: 'E-tjänsten öppnad för allmänheten 2018-02-01',
    },
    {
      on: '2018-09-10',
      do: 'benefit-case',
      case: BYGGLOV_REVISED_CASE,
    },
    {
      // Re-baselining is a decision of its own, by finance, on a version someone else wrote;
      // the revised case still raises running costs (by 430 000), so without the board's
      // override it is refused like an allocation would be…
      on: '2018-10-02',
      do: 'revise-baseline',
      caseVersion: 2,
      reason:
        'Byggnadsnämnden antog den reviderade kalkylen: Lantmäteriintegrationen försenade de digitala ansökningarna',
      decisionRef: 'Bn 2018/212',
      refusedWith: 'NEGATIVE_RUNNING_COST_EFFECT',
    },
    {
      // …and adopted on it.
      on: '2018-10-02',
      do: 'revise-baseline',
      caseVersion: 2,
      reason:
        'Byggnadsnämnden antog den reviderade kalkylen: Lantmäteriintegrationen försenade de digitala ansökningarna',
      decisionRef: 'Bn 2018/212',
      overrideRef:
        'Ks 640/2018 § 3: den högre driftkostnaden godtas även i den reviderade kalkylen',
    },
    {
      // The board's minutes of the same decision, entered again as a revision: version 2
      // already is the baseline.
      on: '2018-10-09',
      do: 'revise-baseline',
      caseVersion: 2,
      reason: 'Kommunstyrelsens protokoll över den reviderade kalkylen',
      decisionRef: 'Ks 640/2018',
      overrideRef:
        'Ks 640/2018 § 3: den högre driftkostnaden godtas även i den reviderade kalkylen',
      refusedWith: 'BASELINE_UNCHANGED',
    },
    {
      on: '2019-01-31',
      do: 'report',
      reportId: 'bygglov-tid-2018',
      benefitLineId: 'handlaggningstid',
      period: '2018',
      value: '395000.00',
      evidence: 'Tidrapporter bygglovsenheten 2018',
    },
    {
      on: '2019-01-31',
      do: 'report',
      reportId: 'bygglov-porto-2018',
      benefitLineId: 'porto-och-tryck',
      period: '2018',
      value: '84000.00',
      evidence: 'Utfall konto 6250/6110 2018',
    },
    {
      on: '2019-02-04',
      do: 'report',
      reportId: 'bygglov-kompletta-2018',
      benefitLineId: 'kompletta-ansokningar',
      period: '2018',
      value: '63',
      evidence: 'Stickprov december 2018',
    },
    {
      on: '2019-02-04',
      do: 'report',
      reportId: 'bygglov-kompletta-2017',
      benefitLineId: 'kompletta-ansokningar',
      period: '2017',
      value: '46',
      evidence: 'Stickprov december 2017, före e-tjänsten',
    },
    {
      on: '2019-12-03',
      do: 'cost',
      costId: 'bygglov-forvaltning-2019',
      costLineId: 'forvaltning',
      amount: '310000.00',
      incurredOn: '2019-11-30',
      reference: 'Faktura 31-5512',
    },
    {
      // Finance rewrote the assumptions itself: that changes the current forecast only…
      on: '2019-12-10',
      do: 'benefit-case',
      by: DEMO_FINANCE,
      case: {
        ...BYGGLOV_REVISED_CASE,
        assumptions:
          'Ekonomienhetens genomgång 2019: 70 % digitala ansökningar; 1,2 timmar sparade per digital ansökan; porto enligt utfall 2019.',
      },
    },
    {
      // …and its author may not make it the baseline.
      on: '2019-12-10',
      do: 'revise-baseline',
      caseVersion: 3,
      reason: 'Ekonomienhetens genomgång av kalkylen',
      decisionRef: 'Ekonomienheten 2019-12-10',
      refusedWith: 'BASELINE_APPROVER_IS_AUTHOR',
    },
    {
      on: '2020-02-03',
      do: 'report',
      reportId: 'bygglov-tid-2019',
      benefitLineId: 'handlaggningstid',
      period: '2019',
      value: '810000.00',
      evidence: 'Tidrapporter bygglovsenheten 2019',
    },
    {
      on: '2020-02-03',
      do: 'report',
      reportId: 'bygglov-porto-2019',
      benefitLineId: 'porto-och-tryck',
      period: '2019',
      value: '176000.00',
      evidence: 'Utfall konto 6250/6110 2019',
    },
    {
      on: '2020-02-03',
      do: 'report',
      reportId: 'bygglov-kompletta-2019',
      benefitLineId: 'kompletta-ansokningar',
      period: '2019',
      value: '71',
      evidence: 'Stickprov december 2019',
    },
    {
      on: '2020-03-16',
      do: 'correct',
      reportId: 'bygglov-tid-2019',
      value: '702000.00',
      reason: 'Timmar för detaljplanearbete hade räknats med av misstag',
      evidence: 'Omräknad tidrapport, bilaga 2',
    },
    {
      on: '2020-11-24',
      do: 'harvest',
      harvestId: 'bygglov-hemtagning-2020',
      benefitLineId: 'porto-och-tryck',
      fiscalYear: 2020,
      amount: '150000.00',
      decisionRef: 'KF 2019-11-26 § 188, budget 2020',
    },
    {
      on: '2021-02-01',
      do: 'report',
      reportId: 'bygglov-tid-2020',
      benefitLineId: 'handlaggningstid',
      period: '2020',
      value: '788000.00',
      evidence: 'Tidrapporter bygglovsenheten 2020',
    },
    {
      on: '2021-02-01',
      do: 'report',
      reportId: 'bygglov-porto-2020',
      benefitLineId: 'porto-och-tryck',
      period: '2020',
      value: '201000.00',
      evidence: 'Utfall konto 6250/6110 2020',
    },
    {
      on: '2021-02-01',
      do: 'report',
      reportId: 'bygglov-kompletta-2020',
      benefitLineId: 'kompletta-ansokningar',
      period: '2020',
      value: '74',
      evidence: 'Stickprov december 2020',
    },
  ],
};

const signering: DemoInvestment = {
  investmentId: 'digital-signering',
  title: 'Digital signering av avtal och beslut',
  department: 'Kommunledningsförvaltningen',
  projectLead: 'karin.holm',
  need: 'Avtal och delegationsbeslut skickas runt för underskrift på papper; ledtiderna är långa och originalen kommer bort.',
  steps: [
    { on: '2017-04-10', do: 'propose' },
    {
      on: '2017-04-24',
      do: 'benefit-case',
      case: {
        discountRate: '0.035',
        horizonYears: 3,
        startYear: 2018,
        assumptions:
          '9 000 underskrifter per år; 10 minuter och 12 kr i porto sparade per underskrift.',
        costs: [
          {
            costLineId: 'plattform',
            kind: 'one-off',
            description: 'Signeringstjänst och integration med e-diariet',
            forecast: [{ period: '2018', amount: '3200000.00' }],
          },
          {
            costLineId: 'tjanstavgift',
            kind: 'recurring',
            description: 'Tjänsteavgift per år',
            forecast: [
              { period: '2019', amount: '180000.00' },
              { period: '2020', amount: '180000.00' },
            ],
          },
        ],
        benefits: [
          {
            benefitLineId: 'porto-och-bud',
            description: 'Lägre kostnad för porto och bud',
            class: 'financial',
            owner: 'karin.holm',
            indicator: {
              unit: 'SEK/år',
              baseline: '140000',
              target: '30000',
              direction: 'decrease',
              method: 'Ekonomisystemet, konto 6250',
              frequency: 'årligen',
            },
            forecast: [
              { period: '2018', amount: '50000.00' },
              { period: '2019', amount: '110000.00' },
              { period: '2020', amount: '110000.00' },
            ],
          },
          {
            benefitLineId: 'administrationstid',
            description: 'Frigjord administrativ tid kring underskrifter',
            class: 'redistributable',
            owner: 'karin.holm',
            indicator: {
              unit: 'timmar/år',
              baseline: '1500',
              target: '300',
              direction: 'decrease',
              method: 'Tidsstudie två veckor per år',
              frequency: 'årligen',
            },
            forecast: [
              { period: '2018', amount: '240000.00' },
              { period: '2019', amount: '480000.00' },
              { period: '2020', amount: '480000.00' },
            ],
          },
        ],
      },
    },
    { on: '2017-05-08', do: 'stage', stage: 'analysed', reason: ANALYSED, by: DEMO_FINANCE },
    {
      on: '2017-05-17',
      do: 'allocate',
      allocationId: 'signering-t1',
      trancheId: 't1',
      amount: '3800000.00',
      decidedOn: '2017-05-16',
      decisionRef: 'Ks 512/2017',
      caseVersion: 1,
      overrideRef: 'Ks 512/2017 § 2: tjänsteavgiften godtas',
    },
    { on: '2017-09-04', do: 'stage', stage: 'implementing', reason: 'Upphandlingen avslutad' },
    {
      on: '2018-03-12',
      do: 'reduce',
      allocationId: 'signering-t1',
      reductionId: 'signering-t1-r1',
      amount: '600000.00',
      decidedOn: '2018-03-09',
      decisionRef: 'Ks 205/2018',
      reason: 'Upphandlingen blev billigare än kalkylerat',
    },
    {
      // The same reduction entered again with a mistyped amount: its id is taken.
      on: '2018-03-13',
      do: 'reduce',
      allocationId: 'signering-t1',
      reductionId: 'signering-t1-r1',
      amount: '6000000.00',
      decidedOn: '2018-03-09',
      decisionRef: 'Ks 205/2018',
      reason: 'Upphandlingen blev billigare än kalkylerat',
      refusedWith: 'REDUCTION_ALREADY_EXISTS',
    },
    {
      on: '2018-04-27',
      do: 'cost',
      costId: 'signering-faktura-2018',
      costLineId: 'plattform',
      amount: '3050000.00',
      incurredOn: '2018-04-20',
      reference: 'Faktura 2018-7781',
    },
    // Finance tries to give back 400 000 more, but 3 050 000 of the 3 200 000 left is spent.
    {
      on: '2018-05-04',
      do: 'reduce',
      allocationId: 'signering-t1',
      reductionId: 'signering-t1-r2',
      amount: '400000.00',
      decidedOn: '2018-05-03',
      decisionRef: 'Ks 390/2018',
      reason: 'Slutfakturan lägre än beräknat',
      refusedWith: 'REDUCTION_BELOW_SPENT',
    },
    {
      on: '2018-05-07',
      do: 'stage',
      stage: 'realising',
      reason: 'Alla förvaltningar signerar digitalt från 2018-05-02',
    },
    {
      on: '2019-01-21',
      do: 'report',
      reportId: 'signering-porto-2018',
      benefitLineId: 'porto-och-bud',
      period: '2018',
      value: '61000.00',
      evidence: 'Utfall konto 6250 2018',
    },
    {
      on: '2019-01-21',
      do: 'report',
      reportId: 'signering-tid-2018',
      benefitLineId: 'administrationstid',
      period: '2018',
      value: '198000.00',
      evidence: 'Tidsstudie vecka 41–42 2018',
    },
    {
      on: '2019-05-31',
      do: 'cost',
      costId: 'signering-avgift-2019',
      costLineId: 'tjanstavgift',
      amount: '180000.00',
      incurredOn: '2019-05-28',
      reference: 'Faktura 2019-9120',
      description: 'Tjänsteavgift 2019, betald i förskott',
    },
    {
      on: '2019-06-14',
      do: 'close',
      closedOn: '2019-06-14',
      reason: 'Projektet avslutat; tjänsten förvaltas av IT-enheten',
    },
    {
      on: '2020-01-20',
      do: 'report',
      reportId: 'signering-porto-2019',
      benefitLineId: 'porto-och-bud',
      period: '2019',
      value: '118000.00',
      evidence: 'Utfall konto 6250 2019',
    },
    {
      on: '2020-01-20',
      do: 'report',
      reportId: 'signering-tid-2019',
      benefitLineId: 'administrationstid',
      period: '2019',
      value: '455000.00',
      evidence: 'Tidsstudie vecka 40–41 2019',
    },
    {
      on: '2021-01-18',
      do: 'report',
      reportId: 'signering-porto-2020',
      benefitLineId: 'porto-och-bud',
      period: '2020',
      value: '124000.00',
      evidence: 'Utfall konto 6250 2020',
    },
    {
      on: '2021-01-18',
      do: 'report',
      reportId: 'signering-tid-2020',
      benefitLineId: 'administrationstid',
      period: '2020',
      value: '502000.00',
      evidence: 'Tidsstudie vecka 40–41 2020',
    },
  ],
};

const hemtjanst: DemoInvestment = {
  investmentId: 'mobil-hemtjanstplanering',
  title: 'Mobil hemtjänstplanering',
  department: 'Vård- och omsorgsförvaltningen',
  projectLead: 'jonas.berg',
  need: 'Hemtjänstens scheman planeras på whiteboard och papper; restiderna är långa och dokumentationen görs i efterhand på kontoret.',
  steps: [
    { on: '2017-03-20', do: 'propose' },
    {
      on: '2017-04-03',
      do: 'benefit-case',
      case: {
        discountRate: '0.035',
        horizonYears: 4,
        startYear: 2017,
        assumptions:
          '38 hemtjänstgrupper; 6 % kortare restid med ruttoptimering; dokumentation i mobilen sparar 15 minuter per medarbetare och dag.',
        costs: [
          {
            costLineId: 'system-och-mobiler',
            kind: 'one-off',
            description: 'Planeringssystem, 900 mobiltelefoner, utbildning',
            forecast: [
              { period: '2017', amount: '14500000.00' },
              { period: '2018', amount: '7800000.00' },
            ],
          },
          {
            costLineId: 'licenser-och-abonnemang',
            kind: 'recurring',
            description: 'Licenser och mobilabonnemang',
            forecast: [
              { period: '2018', amount: '1900000.00' },
              { period: '2019', amount: '1900000.00' },
              { period: '2020', amount: '1900000.00' },
            ],
          },
        ],
        benefits: [
          {
            benefitLineId: 'restid',
            description: 'Kortare restid mellan brukarna',
            class: 'redistributable',
            owner: 'jonas.berg',
            indicator: {
              unit: 'timmar/år',
              baseline: '310000',
              target: '291000',
              direction: 'decrease',
              method: 'Planeringssystemets restidsrapport',
              frequency: 'månadsvis',
            },
            forecast: [
              { period: '2018', amount: '3800000.00' },
              { period: '2019', amount: '6100000.00' },
              { period: '2020', amount: '6100000.00' },
            ],
          },
          {
            benefitLineId: 'dokumentationstid',
            description: 'Dokumentation i mobilen i stället för på kontoret',
            class: 'redistributable',
            owner: 'jonas.berg',
            indicator: {
              unit: 'timmar/år',
              baseline: '52000',
              target: '12000',
              direction: 'decrease',
              method: 'Enkät och stickprov',
              frequency: 'årligen',
            },
            forecast: [
              { period: '2018', amount: '5200000.00' },
              { period: '2019', amount: '9800000.00' },
              { period: '2020', amount: '9800000.00' },
            ],
          },
          {
            benefitLineId: 'bilpool',
            description: 'Färre leasingbilar i hemtjänsten',
            class: 'financial',
            owner: 'jonas.berg',
            indicator: {
              unit: 'bilar',
              baseline: '160',
              target: '148',
              direction: 'decrease',
              method: 'Fordonsregistret',
              frequency: 'årligen',
            },
            forecast: [
              { period: '2019', amount: '560000.00' },
              { period: '2020', amount: '560000.00' },
            ],
          },
          {
            benefitLineId: 'kontinuitet',
            description: 'Färre olika personal hos varje brukare (kontinuitetsmått)',
            class: 'qualitative',
            owner: 'jonas.berg',
            indicator: {
              unit: 'personal per 14 dagar',
              baseline: '16',
              target: '12',
              direction: 'decrease',
              method: 'Kolada, U21468',
              frequency: 'årligen',
            },
          },
        ],
      },
    },
    { on: '2017-04-12', do: 'stage', stage: 'analysed', reason: ANALYSED, by: DEMO_FINANCE },
    {
      on: '2017-04-20',
      do: 'allocate',
      allocationId: 'hemtjanst-t1',
      trancheId: 't1',
      amount: '18000000.00',
      decidedOn: '2017-04-19',
      decisionRef: 'Ks 402/2017',
      caseVersion: 1,
      overrideRef: 'Ks 402/2017 § 6: licenser och abonnemang godtas för kvaliteten i hemtjänsten',
      note: 'Första etappen: system, mobiler och utbildning',
    },
    {
      on: '2017-05-02',
      do: 'stage',
      stage: 'implementing',
      reason: 'Införandet startar i tre pilotgrupper',
    },
    {
      on: '2017-10-31',
      do: 'cost',
      costId: 'hemtjanst-faktura-2017-1',
      costLineId: 'system-och-mobiler',
      amount: '8700000.00',
      incurredOn: '2017-10-27',
      reference: 'Faktura 7710-22',
    },
    {
      on: '2017-12-19',
      do: 'cost',
      costId: 'hemtjanst-faktura-2017-2',
      costLineId: 'system-och-mobiler',
      amount: '5950000.00',
      incurredOn: '2017-12-15',
      reference: 'Faktura 7710-31',
    },
    // The committee's decision of 10 January predates the release of T2's money: refused, and
    // the board decides again in February.
    {
      on: '2018-01-16',
      do: 'allocate',
      allocationId: 'hemtjanst-t2',
      trancheId: 't2',
      amount: '6000000.00',
      decidedOn: '2018-01-10',
      decisionRef: 'Vof 3/2018',
      caseVersion: 1,
      refusedWith: 'DECIDED_BEFORE_RELEASE',
    },
    {
      on: '2018-02-14',
      do: 'allocate',
      allocationId: 'hemtjanst-t2',
      trancheId: 't2',
      amount: '6000000.00',
      decidedOn: '2018-02-13',
      decisionRef: 'Ks 140/2018',
      caseVersion: 1,
      overrideRef: 'Ks 140/2018 § 2',
      note: 'Andra etappen: utrullning till alla 38 grupper',
    },
    {
      on: '2018-06-29',
      do: 'cost',
      costId: 'hemtjanst-faktura-2018-1',
      costLineId: 'system-och-mobiler',
      amount: '7600000.00',
      incurredOn: '2018-06-25',
      reference: 'Faktura 7710-58',
    },
    {
      on: '2018-09-03',
      do: 'stage',
      stage: 'realising',
      reason: 'Alla 38 grupper planerar i systemet',
    },
    {
      on: '2018-12-28',
      do: 'cost',
      costId: 'hemtjanst-licenser-2018',
      costLineId: 'licenser-och-abonnemang',
      amount: '1870000.00',
      incurredOn: '2018-12-20',
      reference: 'Faktura 7710-77',
    },
    {
      on: '2019-02-11',
      do: 'report',
      reportId: 'hemtjanst-restid-2018',
      benefitLineId: 'restid',
      period: '2018',
      value: '2900000.00',
      evidence: 'Restidsrapport 2018 från planeringssystemet',
    },
    {
      on: '2019-02-11',
      do: 'report',
      reportId: 'hemtjanst-dok-2018',
      benefitLineId: 'dokumentationstid',
      period: '2018',
      value: '4100000.00',
      evidence: 'Enkät november 2018, svarsfrekvens 71 %',
    },
    {
      on: '2019-02-12',
      do: 'report',
      reportId: 'hemtjanst-kontinuitet-2018',
      benefitLineId: 'kontinuitet',
      period: '2018',
      value: '15',
      evidence: 'Kolada 2018',
    },
    {
      on: '2019-02-12',
      do: 'report',
      reportId: 'hemtjanst-kontinuitet-2017',
      benefitLineId: 'kontinuitet',
      period: '2017',
      value: '16',
      evidence: 'Kontinuitetsmätning hösten 2017, före införandet',
    },
    {
      on: '2020-02-10',
      do: 'report',
      reportId: 'hemtjanst-restid-2019',
      benefitLineId: 'restid',
      period: '2019',
      value: '5600000.00',
      evidence: 'Restidsrapport 2019 från planeringssystemet',
    },
    {
      on: '2020-02-10',
      do: 'report',
      reportId: 'hemtjanst-kontinuitet-2019',
      benefitLineId: 'kontinuitet',
      period: '2019',
      value: '14',
      evidence: 'Kontinuitetsmätning hösten 2019',
    },
    {
      on: '2020-02-10',
      do: 'report',
      reportId: 'hemtjanst-dok-2019',
      benefitLineId: 'dokumentationstid',
      period: '2019',
      value: '8900000.00',
      evidence: 'Enkät november 2019',
    },
    {
      on: '2020-02-12',
      do: 'report',
      reportId: 'hemtjanst-bilpool-2019',
      benefitLineId: 'bilpool',
      period: '2019',
      value: '420000.00',
      evidence: 'Fordonsregistret: 151 bilar 2019-12-31',
    },
    {
      on: '2020-04-06',
      do: 'correct',
      reportId: 'hemtjanst-dok-2019',
      value: '7650000.00',
      reason: 'Enkätsvaren hade räknats upp till hela personalstyrkan två gånger',
      evidence: 'Omräkning, bilaga till Vof 2020/88',
    },
    {
      on: '2020-11-24',
      do: 'harvest',
      harvestId: 'hemtjanst-hemtagning-2020',
      benefitLineId: 'bilpool',
      fiscalYear: 2020,
      amount: '350000.00',
      decisionRef: 'KF 2019-11-26 § 188, budget 2020',
    },
    {
      on: '2021-02-15',
      do: 'report',
      reportId: 'hemtjanst-dok-2020',
      benefitLineId: 'dokumentationstid',
      period: '2020',
      value: '9100000.00',
      evidence: 'Enkät november 2020',
    },
    {
      on: '2021-02-15',
      do: 'report',
      reportId: 'hemtjanst-bilpool-2020',
      benefitLineId: 'bilpool',
      period: '2020',
      value: '560000.00',
      evidence: 'Fordonsregistret: 148 bilar 2020-12-31',
    },
    {
      on: '2021-02-15',
      do: 'report',
      reportId: 'hemtjanst-kontinuitet-2020',
      benefitLineId: 'kontinuitet',
      period: '2020',
      value: '13',
      evidence: 'Kontinuitetsmätning hösten 2020',
    },
  ],
};

const ekonomiavstamning: DemoInvestment = {
  investmentId: 'sjalvservice-ekonomiavstamning',
  title: 'Självservice för ekonomiavstämning',
  department: 'Kommunledningsförvaltningen',
  projectLead: 'sara.nilsson',
  need: 'Chefer stämmer av sina budgetar i Excel-underlag som ekonomerna tar fram för hand varje månad.',
  steps: [
    { on: '2018-01-15', do: 'propose' },
    {
      on: '2018-01-29',
      do: 'benefit-case',
      case: {
        discountRate: '0.035',
        horizonYears: 3,
        startYear: 2018,
        assumptions:
          '650 budgetansvariga; två ekonomtjänster kan avvecklas vid naturlig avgång från 2019.',
        costs: [
          {
            costLineId: 'rapportverktyg',
            kind: 'one-off',
            description: 'Rapportverktyg och datalager',
            forecast: [{ period: '2018', amount: '4100000.00' }],
          },
          {
            costLineId: 'licens',
            kind: 'recurring',
            description: 'Licenser',
            forecast: [
              { period: '2019', amount: '260000.00' },
              { period: '2020', amount: '260000.00' },
            ],
          },
        ],
        benefits: [
          {
            benefitLineId: 'ekonomtjanster',
            description: 'Två ekonomtjänster avvecklas vid naturlig avgång',
            class: 'financial',
            owner: 'sara.nilsson',
            indicator: {
              unit: 'årsarbetare',
              baseline: '24',
              target: '22',
              direction: 'decrease',
              method: 'Personalsystemet',
              frequency: 'årligen',
            },
            forecast: [
              { period: '2019', amount: '620000.00' },
              { period: '2020', amount: '1240000.00' },
            ],
          },
          {
            benefitLineId: 'chefstid',
            description: 'Frigjord chefstid för budgetuppföljning',
            class: 'redistributable',
            owner: 'sara.nilsson',
            indicator: {
              unit: 'timmar/år',
              baseline: '15600',
              target: '9400',
              direction: 'decrease',
              method: 'Enkät till budgetansvariga',
              frequency: 'årligen',
            },
            forecast: [
              { period: '2018', amount: '900000.00' },
              { period: '2019', amount: '2400000.00' },
              { period: '2020', amount: '2400000.00' },
            ],
          },
        ],
      },
    },
    { on: '2018-02-26', do: 'stage', stage: 'analysed', reason: ANALYSED, by: DEMO_FINANCE },
    // A decision date typed a week ahead (16 for 06) cannot have been taken yet.
    {
      on: '2018-03-07',
      do: 'allocate',
      allocationId: 'ekonomi-t2',
      trancheId: 't2',
      amount: '4500000.00',
      decidedOn: '2018-03-16',
      decisionRef: 'Ks 188/2018',
      caseVersion: 1,
      refusedWith: 'DECISION_DATE_IN_FUTURE',
    },
    {
      on: '2018-03-07',
      do: 'allocate',
      allocationId: 'ekonomi-t2',
      trancheId: 't2',
      amount: '4500000.00',
      decidedOn: '2018-03-06',
      decisionRef: 'Ks 188/2018',
      caseVersion: 1,
    },
    {
      on: '2018-03-19',
      do: 'stage',
      stage: 'implementing',
      reason: 'Leverantör avropad via SKL Kommentus ramavtal',
    },
    {
      on: '2018-08-31',
      do: 'cost',
      costId: 'ekonomi-faktura-2018',
      costLineId: 'rapportverktyg',
      amount: '3980000.00',
      incurredOn: '2018-08-28',
      reference: 'Faktura 4410019',
    },
    {
      on: '2018-09-17',
      do: 'stage',
      stage: 'realising',
      reason: 'Självservicen öppnad för alla budgetansvariga',
    },
    {
      on: '2019-01-24',
      do: 'report',
      reportId: 'ekonomi-chefstid-2018',
      benefitLineId: 'chefstid',
      period: '2018',
      value: '610000.00',
      evidence: 'Enkät till budgetansvariga januari 2019',
    },
    {
      on: '2019-11-26',
      do: 'harvest',
      harvestId: 'ekonomi-hemtagning-2019',
      benefitLineId: 'ekonomtjanster',
      fiscalYear: 2019,
      amount: '620000.00',
      decisionRef: 'KF 2018-11-27 § 201, budget 2019',
      aheadOfRealisation: true,
      reason: 'Köpta ekonomtjänster 2019 sades upp i budgeten innan året var avrapporterat',
    },
    {
      on: '2020-01-23',
      do: 'report',
      reportId: 'ekonomi-tjanster-2019',
      benefitLineId: 'ekonomtjanster',
      period: '2019',
      value: '620000.00',
      evidence: 'Personalsystemet: en tjänst avvecklad 2019-07-01',
    },
    {
      on: '2020-01-23',
      do: 'report',
      reportId: 'ekonomi-chefstid-2019',
      benefitLineId: 'chefstid',
      period: '2019',
      value: '2150000.00',
      evidence: 'Enkät till budgetansvariga januari 2020',
    },
    {
      on: '2020-11-24',
      do: 'harvest',
      harvestId: 'ekonomi-hemtagning-2020',
      benefitLineId: 'ekonomtjanster',
      fiscalYear: 2020,
      amount: '1240000.00',
      decisionRef: 'KF 2019-11-26 § 188, budget 2020',
      aheadOfRealisation: true,
      reason: 'Förhandsreduktion: hela 2020 års inköp av ekonomtjänster ströks i budgeten i förväg',
    },
    {
      on: '2021-01-21',
      do: 'report',
      reportId: 'ekonomi-tjanster-2020',
      benefitLineId: 'ekonomtjanster',
      period: '2020',
      value: '1240000.00',
      evidence: 'Personalsystemet: två tjänster avvecklade',
    },
    {
      on: '2021-01-21',
      do: 'report',
      reportId: 'ekonomi-chefstid-2020',
      benefitLineId: 'chefstid',
      period: '2020',
      value: '2480000.00',
      evidence: 'Enkät till budgetansvariga januari 2021',
    },
  ],
};

const forskoleplats: DemoInvestment = {
  investmentId: 'e-tjanst-forskoleplats',
  title: 'E-tjänst för ansökan om förskoleplats',
  department: 'Förskole- och skolförvaltningen',
  projectLead: 'ahmed.yousef',
  need: 'Ansökningar om förskoleplats kommer på blankett och registreras för hand av placeringsassistenterna.',
  steps: [
    { on: '2017-06-12', do: 'propose' },
    {
      on: '2017-06-26',
      do: 'benefit-case',
      case: {
        discountRate: '0.035',
        horizonYears: 4,
        startYear: 2017,
        assumptions:
          '5 200 ansökningar per år; 85 % digitalt från 2018; 12 minuter sparade per ansökan.',
        costs: [
          {
            costLineId: 'e-tjanst',
            kind: 'one-off',
            description: 'E-tjänst och integration med placeringssystemet',
            forecast: [{ period: '2017', amount: '2700000.00' }],
          },
          {
            costLineId: 'forvaltning',
            kind: 'recurring',
            description: 'Förvaltning',
            forecast: [
              { period: '2018', amount: '120000.00' },
              { period: '2019', amount: '120000.00' },
              { period: '2020', amount: '120000.00' },
            ],
          },
        ],
        benefits: [
          {
            benefitLineId: 'registreringstid',
            description: 'Frigjord tid för placeringsassistenterna',
            class: 'redistributable',
            owner: 'ahmed.yousef',
            indicator: {
              unit: 'timmar/år',
              baseline: '1100',
              target: '230',
              direction: 'decrease',
              method: 'Tidrapportering',
              frequency: 'årligen',
            },
            forecast: [
              { period: '2018', amount: '330000.00' },
              { period: '2019', amount: '350000.00' },
              { period: '2020', amount: '350000.00' },
            ],
          },
          {
            benefitLineId: 'blanketter',
            description: 'Lägre kostnad för blanketter och porto',
            class: 'financial',
            owner: 'ahmed.yousef',
            indicator: {
              unit: 'SEK/år',
              baseline: '95000',
              target: '15000',
              direction: 'decrease',
              method: 'Ekonomisystemet',
              frequency: 'årligen',
            },
            forecast: [
              { period: '2018', amount: '70000.00' },
              { period: '2019', amount: '80000.00' },
              { period: '2020', amount: '80000.00' },
            ],
          },
          {
            benefitLineId: 'nojdhet',
            description: 'Vårdnadshavarnas nöjdhet med ansökan',
            class: 'qualitative',
            owner: 'ahmed.yousef',
            indicator: {
              unit: 'NKI',
              baseline: '58',
              target: '75',
              direction: 'increase',
              method: 'Enkät i e-tjänsten',
              frequency: 'årligen',
            },
          },
        ],
      },
    },
    { on: '2017-08-14', do: 'stage', stage: 'analysed', reason: ANALYSED, by: DEMO_FINANCE },
    {
      on: '2017-08-23',
      do: 'allocate',
      allocationId: 'forskola-t1',
      trancheId: 't1',
      amount: '2900000.00',
      decidedOn: '2017-08-22',
      decisionRef: 'Ks 688/2017',
      caseVersion: 1,
      overrideRef: 'Ks 688/2017 § 3',
    },
    { on: '2017-09-04', do: 'stage', stage: 'implementing', reason: 'Utvecklingen startad' },
    {
      on: '2017-12-15',
      do: 'cost',
      costId: 'forskola-faktura-2017',
      costLineId: 'e-tjanst',
      amount: '2640000.00',
      incurredOn: '2017-12-12',
      reference: 'Faktura 1120-88',
    },
    {
      on: '2018-01-08',
      do: 'stage',
      stage: 'realising',
      reason: 'E-tjänsten öppnad inför höstens placeringar',
    },
    {
      on: '2019-01-17',
      do: 'report',
      reportId: 'forskola-tid-2018',
      benefitLineId: 'registreringstid',
      period: '2018',
      value: '298000.00',
      evidence: 'Tidrapporter placeringsenheten 2018',
    },
    {
      on: '2019-01-17',
      do: 'report',
      reportId: 'forskola-blanketter-2018',
      benefitLineId: 'blanketter',
      period: '2018',
      value: '66000.00',
      evidence: 'Utfall ekonomisystemet 2018',
    },
    {
      on: '2019-01-18',
      do: 'report',
      reportId: 'forskola-nki-2018',
      benefitLineId: 'nojdhet',
      period: '2018',
      value: '71',
      evidence: 'Enkät i e-tjänsten, 1 240 svar',
    },
    {
      on: '2019-01-18',
      do: 'report',
      reportId: 'forskola-nki-2017',
      benefitLineId: 'nojdhet',
      period: '2017',
      value: '58',
      evidence: 'Enkät till vårdnadshavare 2017, före e-tjänsten',
    },
    {
      on: '2020-01-16',
      do: 'report',
      reportId: 'forskola-tid-2019',
      benefitLineId: 'registreringstid',
      period: '2019',
      value: '341000.00',
      evidence: 'Tidrapporter placeringsenheten 2019',
    },
    {
      on: '2020-01-16',
      do: 'report',
      reportId: 'forskola-nki-2019',
      benefitLineId: 'nojdhet',
      period: '2019',
      value: '73',
      evidence: 'Enkät till vårdnadshavare 2019',
    },
    {
      on: '2020-01-16',
      do: 'report',
      reportId: 'forskola-blanketter-2019',
      benefitLineId: 'blanketter',
      period: '2019',
      value: '79000.00',
      evidence: 'Utfall ekonomisystemet 2019',
    },
    {
      on: '2020-02-20',
      do: 'correct',
      reportId: 'forskola-blanketter-2019',
      value: '74500.00',
      reason: 'En tryckfaktura för december 2019 bokfördes i januari',
      evidence: 'Verifikation 2020-0117',
    },
    {
      on: '2021-01-14',
      do: 'report',
      reportId: 'forskola-tid-2020',
      benefitLineId: 'registreringstid',
      period: '2020',
      value: '352000.00',
      evidence: 'Tidrapporter placeringsenheten 2020',
    },
    {
      on: '2021-01-14',
      do: 'report',
      reportId: 'forskola-nki-2020',
      benefitLineId: 'nojdhet',
      period: '2020',
      value: '74',
      evidence: 'Enkät till vårdnadshavare 2020',
    },
    {
      on: '2021-01-14',
      do: 'report',
      reportId: 'forskola-blanketter-2020',
      benefitLineId: 'blanketter',
      period: '2020',
      value: '81000.00',
      evidence: 'Utfall ekonomisystemet 2020',
    },
  ],
};

const bistand: DemoInvestment = {
  investmentId: 'automatiserat-ekonomiskt-bistand',
  title: 'Automatiserad handläggning av ekonomiskt bistånd',
  department: 'Socialförvaltningen',
  projectLead: 'maria.lund',
  need: 'Återansökningar om ekonomiskt bistånd kontrolleras för hand mot flera register varje månad.',
  steps: [
    { on: '2018-02-19', do: 'propose' },
    {
      on: '2018-03-05',
      do: 'benefit-case',
      case: {
        discountRate: '0.035',
        horizonYears: 3,
        startYear: 2018,
        assumptions:
          '1 900 återansökningar per månad; 60 % kan kontrolleras automatiskt; 25 minuter sparade per automatiserad kontroll.',
        costs: [
          {
            costLineId: 'automatisering',
            kind: 'one-off',
            description: 'Programvarurobot, integrationer och införande',
            forecast: [{ period: '2018', amount: '4800000.00' }],
          },
          {
            costLineId: 'drift',
            kind: 'recurring',
            description: 'Drift och licenser',
            forecast: [
              { period: '2019', amount: '400000.00' },
              { period: '2020', amount: '400000.00' },
            ],
          },
        ],
        benefits: [
          {
            benefitLineId: 'handlaggartid',
            description: 'Frigjord handläggartid till stöd mot arbete',
            class: 'redistributable',
            owner: 'maria.lund',
            indicator: {
              unit: 'timmar/år',
              baseline: '9500',
              target: '3800',
              direction: 'decrease',
              method: 'Tidrapportering',
              frequency: 'kvartalsvis',
            },
            forecast: [
              { period: '2019', amount: '2100000.00' },
              { period: '2020', amount: '2300000.00' },
            ],
          },
          {
            benefitLineId: 'handlaggningstid-dagar',
            description: 'Kortare tid från ansökan till beslut',
            class: 'qualitative',
            owner: 'maria.lund',
            indicator: {
              unit: 'dagar',
              baseline: '9',
              target: '2',
              direction: 'decrease',
              method: 'Verksamhetssystemet',
              frequency: 'årligen',
            },
          },
        ],
      },
    },
    { on: '2018-03-26', do: 'stage', stage: 'analysed', reason: ANALYSED, by: DEMO_FINANCE },
    {
      on: '2018-04-11',
      do: 'allocate',
      allocationId: 'bistand-t2',
      trancheId: 't2',
      amount: '5200000.00',
      decidedOn: '2018-04-10',
      decisionRef: 'Ks 301/2018',
      caseVersion: 1,
      overrideRef: 'Ks 301/2018 § 5: robotens drift godtas för snabbare utbetalningar',
    },
    {
      on: '2018-04-23',
      do: 'stage',
      stage: 'implementing',
      reason: 'Förstudien klar; utvecklingen startar med två robotar',
    },
    {
      on: '2018-10-31',
      do: 'cost',
      costId: 'bistand-faktura-2018-1',
      costLineId: 'automatisering',
      amount: '3100000.00',
      incurredOn: '2018-10-26',
      reference: 'Faktura 2018-5531',
    },
    {
      on: '2018-12-20',
      do: 'cost',
      costId: 'bistand-faktura-2018-2',
      costLineId: 'automatisering',
      amount: '1750000.00',
      incurredOn: '2018-12-18',
      reference: 'Faktura 2018-6012',
    },
    {
      on: '2019-01-14',
      do: 'stage',
      stage: 'realising',
      reason: 'Automatisk kontroll i drift för alla återansökningar',
    },
    {
      on: '2019-12-18',
      do: 'cost',
      costId: 'bistand-drift-2019',
      costLineId: 'drift',
      amount: '415000.00',
      incurredOn: '2019-12-16',
      reference: 'Faktura 2019-7144',
    },
    {
      on: '2020-01-30',
      do: 'report',
      reportId: 'bistand-tid-2019',
      benefitLineId: 'handlaggartid',
      period: '2019',
      value: '1650000.00',
      evidence: 'Tidrapportering 2019, handläggarenheten',
    },
    {
      on: '2020-01-30',
      do: 'report',
      reportId: 'bistand-dagar-2019',
      benefitLineId: 'handlaggningstid-dagar',
      period: '2019',
      value: '3',
      evidence: 'Verksamhetssystemet, medianvärde december 2019',
    },
    {
      on: '2020-01-30',
      do: 'report',
      reportId: 'bistand-dagar-2018',
      benefitLineId: 'handlaggningstid-dagar',
      period: '2018',
      value: '8',
      evidence: 'Uttag ur verksamhetssystemet, medel för 2018',
    },
    {
      on: '2021-01-28',
      do: 'report',
      reportId: 'bistand-tid-2020',
      benefitLineId: 'handlaggartid',
      period: '2020',
      value: '2240000.00',
      evidence: 'Tidrapportering 2020, handläggarenheten',
    },
    {
      on: '2021-01-28',
      do: 'report',
      reportId: 'bistand-dagar-2020',
      benefitLineId: 'handlaggningstid-dagar',
      period: '2020',
      value: '2.5',
      evidence: 'Uttag ur verksamhetssystemet, medel för 2020',
    },
  ],
};

/** Proposed without a benefit case: the fund refuses it money (the audit's central finding). */
const kulturskolan: DemoInvestment = {
  investmentId: DEMO_REFUSED_INVESTMENT,
  title: 'Nytt bokningssystem för kulturskolan',
  department: 'Kultur- och fritidsförvaltningen',
  projectLead: 'erik.sjo',
  need: 'Kulturskolans kursbokning sker via e-post och kalkylblad.',
  steps: [
    { on: '2017-08-21', do: 'propose' },
    {
      // A hope, not a calculation: no cost and nothing valued, and no reason given why.
      on: '2017-09-05',
      do: 'benefit-case',
      case: {
        horizonYears: 3,
        startYear: 2018,
        costs: [],
        benefits: [
          {
            benefitLineId: 'enklare-bokning',
            description: 'Enklare kursbokning för elever och vårdnadshavare',
            class: 'qualitative',
            owner: 'erik.sjo',
            indicator: {
              unit: 'NKI',
              baseline: '55',
              target: '70',
              direction: 'increase',
              method: 'Enkät till vårdnadshavare',
              frequency: 'årligen',
            },
          },
        ],
      },
      refusedWith: 'BENEFIT_CASE_INCOMPLETE',
    },
    {
      // A calculation, but its benefit owner is a mailbox, not a person the ledger knows.
      on: '2017-09-07',
      do: 'benefit-case',
      case: {
        horizonYears: 3,
        startYear: 2018,
        costs: [
          {
            costLineId: 'licens-och-inforande',
            kind: 'one-off',
            description: 'Bokningssystem, licens och införande',
            forecast: [{ period: '2018', amount: '1500000.00' }],
          },
        ],
        benefits: [
          {
            benefitLineId: 'administrationstid',
            description: 'Frigjord administrativ tid på kulturskolans kansli',
            class: 'redistributable',
            owner: 'kulturskolans.kansli',
            indicator: {
              unit: 'timmar/år',
              baseline: '900',
              target: '300',
              direction: 'decrease',
              method: 'Tidrapportering',
              frequency: 'årligen',
            },
            forecast: [{ period: '2019', amount: '240000.00' }],
          },
        ],
      },
      refusedWith: 'BENEFIT_OWNER_UNKNOWN',
    },
    {
      on: '2017-09-12',
      do: 'allocate',
      allocationId: 'kulturskolan-t1',
      trancheId: 't1',
      amount: '1500000.00',
      decidedOn: '2017-09-12',
      decisionRef: 'Ks 745/2017',
      caseVersion: 1,
      refusedWith: 'BENEFIT_CASE_MISSING',
    },
    {
      on: '2018-02-01',
      do: 'close',
      closedOn: '2018-02-01',
      reason: 'Avslutad utan beslut: tilldelning nekades 2017-09-12 då nyttokalkyl saknades',
    },
  ],
};

export const DEMO_INVESTMENTS: readonly DemoInvestment[] = [
  eArkiv,
  bygglov,
  signering,
  hemtjanst,
  ekonomiavstamning,
  forskoleplats,
  bistand,
  kulturskolan,
];
