/**
 * The Swedish names of the ledger's codes, for the Swedish exports (CSV dialect excel-sv,
 * XLSX and PDF with lang=sv). The same words as the dashboard's Swedish page. A code with no
 * entry is written as it is, so a recorded fact of a type this version does not know still
 * exports; every event type this version records has a name (EVENT_TYPE_SV's type).
 */
import type { FundEventType } from '../fund/fund.events';
import type { InvestmentEventType } from '../investment/investment.events';
import type { UsersEvent } from '../auth/users.events';

export const TERM_KINDS = [
  'stage',
  'trancheStatus',
  'lineStatus',
  'class',
  'role',
  'costKind',
  'eventType',
] as const;
export type TermKind = (typeof TERM_KINDS)[number];

/** Every event type the ledger records: the fund's, the investments' and the users'. */
export type LedgerEventType = FundEventType | InvestmentEventType | UsersEvent['type'];

/**
 * The Swedish name of each event type, for the board report's change list (and the Swedish
 * line of a users' event, which has no sentence of its own). Typed by the unions, so an event
 * type added to one of them does not compile until it has a name here.
 */
export const EVENT_TYPE_SV: Readonly<Record<LedgerEventType, string>> = {
  FundEstablished: 'Fond inrättad',
  TrancheAdded: 'Etapp tillagd',
  TrancheReleased: 'Etapp frigjord',
  TrancheAmended: 'Etapp ändrad',
  TrancheClosed: 'Etapp stängd',
  FundsAllocated: 'Tilldelning',
  AllocationReduced: 'Tilldelning minskad',
  InvestmentProposed: 'Investering föreslagen',
  BenefitCaseDocumented: 'Nyttokalkyl dokumenterad',
  StageChanged: 'Skede ändrat',
  InvestmentApproved: 'Investering beviljad',
  CostRecorded: 'Kostnad registrerad',
  EffectReported: 'Nytta rapporterad',
  EffectReportCorrected: 'Nyttorapport rättad',
  SavingsHarvested: 'Hemtagning',
  InvestmentClosed: 'Investering avslutad',
  BaselineRevised: 'Ny baslinje',
  ObligationWaived: 'Skyldig rapport efterskänkt',
  CostCorrected: 'Kostnad rättad',
  CostReversed: 'Kostnad tillbakatagen',
  HarvestCorrected: 'Hemtagning rättad',
  HarvestReversed: 'Hemtagning tillbakatagen',
  DeviationExplained: 'Avvikelse förklarad',
  UserAdded: 'Användare tillagd',
  RoleGranted: 'Roll tilldelad',
  RoleRevoked: 'Roll återkallad',
  TokenIssued: 'Token utfärdad',
  TokenRevoked: 'Token återkallad',
};

const SWEDISH: Readonly<Record<TermKind, Readonly<Record<string, string>>>> = {
  stage: {
    proposed: 'föreslagen',
    analysed: 'analyserad',
    approved: 'beviljad',
    implementing: 'införs',
    realising: 'realiserar nytta',
    closed: 'avslutad',
  },
  trancheStatus: { expected: 'väntad', released: 'frigjord', closed: 'stängd' },
  lineStatus: {
    'on-track': 'enligt plan',
    watch: 'bevaka',
    stale: 'inaktuell',
    deviation: 'avvikelse',
  },
  class: {
    financial: 'finansiell',
    redistributable: 'omfördelningsbar',
    qualitative: 'kvalitativ',
  },
  role: {
    finance: 'ekonomi',
    'project-lead': 'projektledare',
    auditor: 'revisor',
    admin: 'administratör',
  },
  costKind: { 'one-off': 'engång', recurring: 'löpande' },
  eventType: EVENT_TYPE_SV,
};

export type Lang = 'sv' | 'en';
export const LANGS: readonly Lang[] = ['sv', 'en'];

/**
 * The code in the language asked for: English is the code itself. Own entries only, so a
 * recorded code that happens to name an Object property (`constructor`) is written as it is.
 */
export const term = (kind: TermKind, code: string, lang: Lang): string =>
  lang === 'sv' && Object.hasOwn(SWEDISH[kind], code) ? SWEDISH[kind][code] : code;

/**
 * The Swedish names of the API's fields that more than one export shows (the fund report's
 * CSV and XLSX, the investments list, the board report), so each field has one Swedish name.
 */
export const FIELD_SV = {
  investmentId: 'Investering',
  department: 'Förvaltning',
  stage: 'Skede',
  benefitLineId: 'Nytta',
  period: 'Period',
  allocated: 'Tilldelat',
  spent: 'Förbrukat',
  baselineForecast: 'Ursprunglig prognos',
  currentForecast: 'Aktuell prognos',
  actual: 'Utfall',
  harvested: 'Hemtaget',
  realisationRatio: 'Realiseringsgrad',
  harvestedAhead: 'Hemtaget före realisering',
  overdue: 'Försenade rapporter',
} as const;
