/**
 * The Swedish names of the ledger's codes, for the Swedish exports (CSV dialect excel-sv,
 * XLSX and PDF with lang=sv). The same words as the dashboard's Swedish page. A code with no
 * entry is written as it is, so an event type added later still exports.
 */
export const TERM_KINDS = [
  'stage',
  'trancheStatus',
  'lineStatus',
  'class',
  'role',
  'costKind',
] as const;
export type TermKind = (typeof TERM_KINDS)[number];

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
};

export type Lang = 'sv' | 'en';
export const LANGS: readonly Lang[] = ['sv', 'en'];

/** The code in the language asked for: English is the code itself. */
export const term = (kind: TermKind, code: string, lang: Lang): string =>
  lang === 'sv' ? (SWEDISH[kind][code] ?? code) : code;

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
