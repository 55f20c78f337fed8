/** Words and number formats of the board report, Swedish by default, English with lang=en. */
import { Lang } from './swedish';

const SV = {
  title: 'Digitaliseringsfonden: uppföljning till kommunstyrelsen',
  fund: 'Fond',
  asOf: 'Per',
  since: 'Ändringar sedan',
  position: 'Huvudbokens position',
  digest: 'Sammanfattning (digest)',
  digestHelp:
    'Kontrollera med: ledger verify --digest <digest> eller GET /api/audit/verify?digest=<digest>',
  noDigest: 'ingen (tom huvudbok)',
  about: 'Om rapporten',
  item: 'Uppgift',
  value: 'Värde',
  tranches: 'Etapper',
  tranche: 'Etapp',
  total: 'Totalt',
  status: 'Status',
  amount: 'Belopp',
  availableNow: 'Tillgängligt nu',
  expected: 'Väntat',
  lapsed: 'Förfallet',
  allocated: 'Tilldelat',
  spent: 'Förbrukat',
  harvested: 'Hemtaget',
  investments: 'Investeringar',
  investment: 'Investering',
  titleColumn: 'Benämning',
  department: 'Förvaltning',
  projectLead: 'Projektledare',
  stage: 'Skede',
  overspent: 'Överskridet',
  baselineForecast: 'Ursprunglig prognos',
  currentForecast: 'Aktuell prognos',
  actual: 'Utfall',
  runningCostBaseline: 'Driftkostnadseffekt, ursprunglig',
  runningCostCurrent: 'Driftkostnadseffekt, aktuell',
  runningCostActual: 'Driftkostnadseffekt, utfall',
  npv: 'Nuvärde (NPV)',
  bcr: 'Nytta/kostnad (BCR)',
  overdueReports: 'Försenade rapporter',
  staleLines: 'Inaktuella indikatorer',
  deviations: 'Avvikelser',
  line: 'Nytta',
  description: 'Beskrivning',
  owner: 'Ansvarig',
  explanation: 'Förklaring',
  unexplained: 'Ej förklarad',
  overdue: 'Försenade nyttorapporter',
  period: 'Period',
  dueOn: 'Skulle rapporterats',
  daysOverdue: 'Dagar sen',
  changes: 'Ändringar',
  changesCount: 'Registrerade händelser',
  changesOmitted: 'fler händelser finns i ändringsrapporten',
  recordedAt: 'Registrerad',
  type: 'Händelsetyp',
  actor: 'Användare',
  summary: 'Sammanfattning',
  why: 'Beslut/motivering',
  years: 'Prognos och utfall per år',
  year: 'År',
  perTranche: 'Per etapp',
  none: 'Inga.',
  yes: 'ja',
} as const;

export type BoardLabels = { readonly [K in keyof typeof SV]: string };

const EN: BoardLabels = {
  title: 'Digitalisation fund: follow-up for the municipal board',
  fund: 'Fund',
  asOf: 'As of',
  since: 'Changes since',
  position: 'Ledger position',
  digest: 'Digest',
  digestHelp:
    'Check with: ledger verify --digest <digest> or GET /api/audit/verify?digest=<digest>',
  noDigest: 'none (empty ledger)',
  about: 'About the report',
  item: 'Item',
  value: 'Value',
  tranches: 'Tranches',
  tranche: 'Tranche',
  total: 'Total',
  status: 'Status',
  amount: 'Amount',
  availableNow: 'Available now',
  expected: 'Expected',
  lapsed: 'Lapsed',
  allocated: 'Allocated',
  spent: 'Spent',
  harvested: 'Harvested',
  investments: 'Investments',
  investment: 'Investment',
  titleColumn: 'Title',
  department: 'Department',
  projectLead: 'Project lead',
  stage: 'Stage',
  overspent: 'Overspent',
  baselineForecast: 'Baseline forecast',
  currentForecast: 'Current forecast',
  actual: 'Actual',
  runningCostBaseline: 'Running-cost effect, baseline',
  runningCostCurrent: 'Running-cost effect, current',
  runningCostActual: 'Running-cost effect, actual',
  npv: 'NPV',
  bcr: 'BCR',
  overdueReports: 'Overdue reports',
  staleLines: 'Stale indicators',
  deviations: 'Deviations',
  line: 'Benefit line',
  description: 'Description',
  owner: 'Owner',
  explanation: 'Explanation',
  unexplained: 'Unexplained',
  overdue: 'Overdue effect reports',
  period: 'Period',
  dueOn: 'Due on',
  daysOverdue: 'Days overdue',
  changes: 'Changes',
  changesCount: 'Events recorded',
  changesOmitted: 'more events are in the change report',
  recordedAt: 'Recorded',
  type: 'Event type',
  actor: 'User',
  summary: 'Summary',
  why: 'Decision/reason',
  years: 'Forecast and actual per year',
  year: 'Year',
  perTranche: 'Per tranche',
  none: 'None.',
  yes: 'yes',
};

export const boardLabels = (lang: Lang): BoardLabels => (lang === 'sv' ? SV : EN);

const groupThousands = (digits: string, separator: string): string =>
  digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);

/**
 * "1234567.89" as `1 234 567,89 kr` (sv) or `SEK 1,234,567.89` (en); the text is formatted
 * from the decimal string itself, never through a floating-point number.
 */
export const formatMoney = (value: string | null, lang: Lang): string => {
  if (value === null) return '–';
  const negative = value.startsWith('-');
  const [whole, fraction = '00'] = (negative ? value.slice(1) : value).split('.');
  const sign = negative ? '-' : '';
  return lang === 'sv'
    ? `${sign}${groupThousands(whole, ' ')},${fraction.padEnd(2, '0')} kr`
    : `${sign}SEK ${groupThousands(whole, ',')}.${fraction.padEnd(2, '0')}`;
};

/** A ratio or other decimal with the language's decimal mark. */
export const formatDecimal = (value: string | null, lang: Lang): string =>
  value === null ? '–' : lang === 'sv' ? value.replace('.', ',') : value;

/** An ISO moment as its date, `2019-03-01` (UTC, as recorded). */
export const formatDate = (iso: string): string => iso.slice(0, 10);
