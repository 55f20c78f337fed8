/** Words and number formats of the board report, Swedish by default, English with lang=en. */
import { LEDGER_TIME_ZONE, stockholmDay } from '../periods/stockholm-day';
import type { BoardDeviation, BoardRules } from './board-report';
import { FIELD_SV, Lang } from './swedish';
import { VALUED_LINES_TOGETHER } from '../investment/benefit-case';

const SV = {
  title: 'Digitaliseringsfonden: uppföljning till kommunstyrelsen',
  // The saved file's name begins with it: styrelserapport-<fund>-<day>.pdf.
  fileName: 'styrelserapport',
  fund: 'Fond',
  asOf: 'Per',
  since: 'Ändringar sedan',
  position: 'Huvudbokens position',
  // A hash over the ledger, not a summary: "Sammanfattning" heads the change list's texts.
  digest: 'Kontrollsumma',
  digestHelp:
    'Kontrollera med: ledger verify --digest <digest> eller GET /api/audit/verify?digest=<digest>',
  noDigest: 'ingen (tom huvudbok)',
  // The service's rules the figures were read by (BoardRules): not in the ledger.
  rules: 'Regler för siffrorna',
  rulesTolerances:
    'I fas när högst {onTrack} procentenheter under plan (prognos eller målbana), bevakas vid högst {watch}',
  rulesGrace: 'En effektrapport är försenad {days} dagar efter periodens slut',
  rulesModels: 'Läsmodeller',
  rulesCode: 'Programkod',
  rulesHelp:
    'Reglerna är tjänstens inställningar, inte huvudbokens: samma tidpunkt läst med andra regler ger andra statusar.',
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
  // Unallocated money whose window ended; "förfallet" reads as fallen due (förfallodag).
  lapsed: 'Utgånget, ej tilldelat',
  closed: 'Stängt',
  spentBeyondAllocations: 'Förbrukat utöver tilldelningar',
  inNoTranche: 'i ingen etapp',
  investmentsSpent: 'investeringarnas förbrukat, etappernas och detta',
  allocated: FIELD_SV.allocated,
  spent: FIELD_SV.spent,
  harvested: FIELD_SV.harvested,
  investments: 'Investeringar',
  investment: FIELD_SV.investmentId,
  titleColumn: 'Benämning',
  department: FIELD_SV.department,
  projectLead: 'Projektledare',
  stage: FIELD_SV.stage,
  overspent: 'Överskridet',
  baselineForecast: FIELD_SV.baselineForecast,
  currentForecast: FIELD_SV.currentForecast,
  actual: FIELD_SV.actual,
  runningCost: 'Driftkostnadseffekt',
  runningCostHelp:
    'Finansiella nyttor minus nya löpande kostnader över kalkylperioden: prognoserna för hela perioden, utfallet för de år som har börjat.',
  runningCostBaseline: 'Driftkostnadseffekt, ursprunglig prognos',
  runningCostCurrent: 'Driftkostnadseffekt, aktuell prognos',
  runningCostActual: 'Driftkostnadseffekt, utfall',
  // The current case's forecast over its whole horizon, not the outcome to date (kpiHelp says
  // so under the table); *nuvärde* alone is the present value, which a negative NPV misstates.
  npv: 'Nettonuvärde, prognos',
  bcr: 'Nytta/kostnad (BCR), prognos',
  kpiHelp:
    'Nettonuvärde och nytta/kostnad: den aktuella nyttokalkylens prognos över hela kalkylperioden, inte utfallet hittills.',
  overdueReports: FIELD_SV.overdue,
  staleLines: 'Inaktuella indikatorer',
  deviations: 'Avvikelser',
  line: FIELD_SV.benefitLineId,
  description: 'Beskrivning',
  owner: 'Ansvarig',
  explanation: 'Förklaring',
  unexplained: 'Ej förklarad',
  overdue: 'Försenade nyttorapporter',
  period: FIELD_SV.period,
  dueOn: 'Skulle rapporterats',
  daysOverdue: 'Antal dagar försenad',
  // OverdueReport.reportedBeforeEnd: reported, but only before the period ended.
  reportedBeforeEnd: 'Rapporterad före periodens slut, ej bekräftad',
  // The deviations row of the valued lines together (benefit-case.ts VALUED_LINES_TOGETHER).
  valuedLinesTogether: 'Värderade nyttor sammantaget',
  // ObligationWaived is "Skyldig rapport efterskänkt" in the change list: the same word here.
  waived: 'Efterskänkta nyttorapporter',
  waivedHelp:
    'Uppföljningskrav (nyttorapporter och mätningar) som ekonomifunktionen har befriat investeringen från, med motivering. De räknas inte som försenade. Alla befrielser till och med rapportdagen visas, inte bara periodens.',
  waivedReports: 'Efterskänkta rapporter',
  waivedBy: 'Efterskänkt av',
  waivedAt: 'Efterskänkt',
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
  spentAllFunds: 'Förbrukat, alla fonder',
  allocatedAllFunds: 'Tilldelat, alla fonder',
  harvestedThisFund: 'Hemtaget, denna fonds del',
  harvestedAhead: FIELD_SV.harvestedAhead,
  baselineCaseVersion: 'Baslinjens version',
  baselines: 'Baslinjer och undantag',
  decision: 'Beslut',
  rebaseline: 'ny baslinje',
  toWord: 'till',
  overriddenAllocation: 'tilldelning trots negativ driftkostnadseffekt',
  fromVersion: 'Från version',
  toVersion: 'Till version',
  decisionRef: 'Beslutsreferens',
  approvedBy: 'Godkänd av',
  overrideRef: 'Undantagsbeslut',
  reason: 'Motivering',
  explainedBy: 'Förklarad av',
  explainedAt: 'Förklarad',
  earlier: 'Tidigare förklaring (gäller inte längre)',
  earlierBecause: 'Varför den inte längre gäller',
  becauseReportedAfter: 'nyttan har rapporterats eller rättats sedan dess',
  becauseFellDueAfter: 'mer av nyttan förföll till uppföljning {day}, efter förklaringen',
  becauseEarlierState: 'den gäller ett tidigare läge för nyttan',
} as const;

export type BoardLabels = { readonly [K in keyof typeof SV]: string };

const EN: BoardLabels = {
  title: 'Digitalisation fund: follow-up for the municipal board',
  fileName: 'board-report',
  fund: 'Fund',
  asOf: 'As of',
  since: 'Changes since',
  position: 'Ledger position',
  digest: 'Digest',
  digestHelp:
    'Check with: ledger verify --digest <digest> or GET /api/audit/verify?digest=<digest>',
  noDigest: 'none (empty ledger)',
  rules: 'Rules of the figures',
  rulesTolerances:
    'On track when at most {onTrack} percentage points short of plan (forecast or target path), watch at most {watch}',
  rulesGrace: 'An effect report is overdue {days} days after its period ends',
  rulesModels: 'Read models',
  rulesCode: 'Code',
  rulesHelp:
    "The rules are the service's settings, not the ledger's: the same moment read under other rules gives other statuses.",
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
  closed: 'Closed',
  spentBeyondAllocations: 'Spent beyond allocations',
  inNoTranche: 'in no tranche',
  investmentsSpent: "the investments' spend, the tranches' and this",
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
  runningCost: 'Running-cost effect',
  runningCostHelp:
    'Financial benefits less new recurring costs over the horizon: the forecasts for the whole horizon, the actual for the years begun.',
  runningCostBaseline: 'Running-cost effect, baseline forecast',
  runningCostCurrent: 'Running-cost effect, current forecast',
  runningCostActual: 'Running-cost effect, actual',
  npv: 'NPV, forecast',
  bcr: 'BCR, forecast',
  kpiHelp:
    "NPV and BCR: the current benefit case's forecast over its whole horizon, not the outcome to date.",
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
  reportedBeforeEnd: 'Reported before the period ended, unconfirmed',
  valuedLinesTogether: 'The valued benefits together',
  waived: 'Waived effect reports',
  waivedHelp:
    'Follow-up obligations (effect reports and readings) finance released the investment from, with the reason. They do not count as overdue. Every waiver up to the report date is listed, not only those of the period.',
  waivedReports: 'Waived reports',
  waivedBy: 'Waived by',
  waivedAt: 'Waived',
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
  spentAllFunds: 'Spent, all funds',
  allocatedAllFunds: 'Allocated, all funds',
  harvestedThisFund: "Harvested, this fund's part",
  harvestedAhead: 'Harvested ahead of realisation',
  baselineCaseVersion: 'Baseline version',
  baselines: 'Baselines and overrides',
  decision: 'Decision',
  rebaseline: 're-baseline',
  toWord: 'to',
  overriddenAllocation: 'allocation despite a negative running-cost effect',
  fromVersion: 'From version',
  toVersion: 'To version',
  decisionRef: 'Decision reference',
  approvedBy: 'Approved by',
  overrideRef: 'Override decision',
  reason: 'Reason',
  explainedBy: 'Explained by',
  explainedAt: 'Explained',
  earlier: 'Earlier explanation (no longer counts)',
  earlierBecause: 'Why it no longer counts',
  becauseReportedAfter: 'the line has been reported or corrected since',
  becauseFellDueAfter: 'more of the line fell due on {day}, after it was written',
  becauseEarlierState: 'it is about an earlier state of the line',
};

export const boardLabels = (lang: Lang): BoardLabels => (lang === 'sv' ? SV : EN);

/** Why a deviation's earlier explanation no longer counts, in the report's words; null: none. */
export const earlierBecauseText = (
  l: BoardLabels,
  d: Pick<BoardDeviation, 'earlierBecause' | 'lastDueOn'>,
): string | null => {
  switch (d.earlierBecause) {
    case null:
      return null;
    case 'reported-after':
      return l.becauseReportedAfter;
    case 'fell-due-after':
      return l.becauseFellDueAfter.replace('{day}', d.lastDueOn ?? '');
    case 'earlier-state':
      return l.becauseEarlierState;
  }
};

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

/**
 * An ISO moment as its Europe/Stockholm day, `2019-03-01`: the report's days are the ledger's
 * (a change recorded at 00:30 in Örebro on 1 January is a 1 January change, not a 31 December
 * one as its UTC date would say). A text that is no moment is shown by its first ten letters.
 */
export const formatDate = (iso: string): string =>
  Number.isNaN(Date.parse(iso)) ? iso.slice(0, 10) : stockholmDay(iso);

/** sv-SE writes `2019-03-01 14:05:09`; one formatter, made once (they are costly to build). */
const STOCKHOLM_TIME_FORMAT = new Intl.DateTimeFormat('sv-SE', {
  timeZone: LEDGER_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An ISO moment as Stockholm date and time, `2019-03-01 14:05:09`, for a spreadsheet's cell. */
export const formatDateTime = (iso: string): string =>
  Number.isNaN(Date.parse(iso)) ? iso : STOCKHOLM_TIME_FORMAT.format(new Date(iso));

/**
 * The report's asOf or since as both files write it: its Stockholm day, then the instant it
 * closes at, by which the same report is asked for again (`2019-06-30 (2019-06-30T21:59:59.999Z)`).
 */
export const formatMoment = (iso: string): string => `${formatDate(iso)} (${iso})`;

/**
 * The deviations row of the valued lines together is named by this text in JSON; the files
 * name it in their language (`valuedLinesTogether`).
 */
export const VALUED_LINES_TOGETHER_DESCRIPTION = 'The valued benefits together';

/** A deviations row's description in the file's language: the valued lines together by name. */
export const deviationDescription = (
  l: BoardLabels,
  d: { readonly benefitLineId: string; readonly description: string },
): string =>
  d.benefitLineId === VALUED_LINES_TOGETHER && d.description === VALUED_LINES_TOGETHER_DESCRIPTION
    ? l.valuedLinesTogether
    : d.description;

/** The rules a report's figures were read by, as lines of text in the report's language. */
export const rulesLines = (l: BoardLabels, rules: BoardRules): readonly string[] => [
  l.rulesTolerances
    .replace('{onTrack}', String(rules.onTrackPct))
    .replace('{watch}', String(rules.watchPct)),
  l.rulesGrace.replace('{days}', String(rules.followUpGraceDays)),
  `${l.rulesModels}: ${rules.readModels}`,
  `${l.rulesCode}: ${rules.code}`,
  l.rulesHelp,
];
