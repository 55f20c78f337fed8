/**
 * One line in words for each kind of event, for the replayed timeline, the change report and
 * the board report: English (the API's JSON and the English files) or Swedish (the board
 * report and the change report for a Swedish reader). A recorded event is a fact: an unknown
 * type or a field that is not there gives a plainer line, never an error.
 */
import type { FundEventType } from '../fund/fund.events';
import type { InvestmentEventType } from '../investment/investment.events';
import { boardLabels, formatMoney } from '../reports/board-labels';
import { Lang, term } from '../reports/swedish';
import { VALUED_LINES_TOGETHER } from '../investment/benefit-case';

type Data = Readonly<Record<string, unknown>>;

/** The event types of the fund and the investments: each has a line in both languages. */
export type BusinessEventType = FundEventType | InvestmentEventType;

/**
 * What a line needs beyond its own event, looked up in the ledger by the caller
 * (summary-context.ts). Only the Swedish lines use it; the English ones are as they always were.
 */
export interface SummaryContext {
  /** The value an effect report's correction replaced: the report's, or its latest correction's. */
  readonly replacedValue?: string;
  /** How the reported line's values read: money (a valued line) or a decimal in the indicator's unit. */
  readonly line?: { readonly money: true } | { readonly money: false; readonly unit: string };
}

type Summary = (data: Data, context: SummaryContext) => string;

const text = (data: Data, key: string): string => {
  const value = data[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '?';
};

/**
 * The row an explanation is about: its benefit line's id, or for the id reserved for the valued
 * lines together (benefit-case.ts VALUED_LINES_TOGETHER) their name as the board report gives it
 * in `lang` (mid-sentence), the id beside it (a line of that id documented before it was
 * reserved is still told by it).
 */
const explainedRow = (data: Data, lang: Lang): string => {
  const id = text(data, 'benefitLineId');
  if (id !== VALUED_LINES_TOGETHER) return id;
  const name = boardLabels(lang).valuedLinesTogether;
  return `${name.charAt(0).toLowerCase()}${name.slice(1)} (${id})`;
};

const DECIMAL = /^(-?)([0-9]+)(\.[0-9]+)?$/;

/** "4500000.00" → "4 500 000.00 SEK", on the text itself: money never passes through a number. */
export const formatSek = (amount: string): string => {
  const match = DECIMAL.exec(amount);
  if (!match) return `${amount} SEK`;
  const grouped = match[2].replace(/\B(?=([0-9]{3})+(?![0-9]))/g, ' ');
  return `${match[1]}${grouped}${match[3] ?? ''} SEK`;
};

const sek = (data: Data, key: string): string => formatSek(text(data, key));

/** "4500000.00" → "4 500 000,00 kr", as the board report writes money; other text as it is. */
const kronor = (amount: string): string =>
  DECIMAL.test(amount) ? formatMoney(amount, 'sv') : `${amount} kr`;

const kr = (data: Data, key: string): string => kronor(text(data, key));

/** "1234.5" → "1 234,5": a Swedish decimal, grouped as money is. */
const swedishDecimal = (value: string): string => {
  const match = DECIMAL.exec(value);
  if (!match) return value;
  const grouped = match[2].replace(/\B(?=([0-9]{3})+(?![0-9]))/g, ' ');
  return `${match[1]}${grouped}${match[3] === undefined ? '' : `,${match[3].slice(1)}`}`;
};

/** A reported value in Swedish: kronor on a valued line, the indicator's unit on a qualitative one. */
const reportedValue = (value: string, context: SummaryContext): string => {
  if (context.line?.money === true) return kronor(value);
  if (context.line?.money === false) return `${swedishDecimal(value)} ${context.line.unit}`;
  return swedishDecimal(value);
};

/** A decision taken although running costs rise names the board's override (NEGATIVE_RUNNING_COST_EFFECT). */
const override = (data: Data): string =>
  typeof data.overrideRef === 'string'
    ? `; running costs rise: on the board's override ${data.overrideRef}`
    : '';

const overrideSv = (data: Data): string =>
  typeof data.overrideRef === 'string'
    ? `; driftkostnaderna ökar: på kommunstyrelsens undantagsbeslut ${data.overrideRef}`
    : '';

const count = (data: Data, key: string): number => {
  const value = data[key];
  return Array.isArray(value) ? value.length : 0;
};

const caseSummary = (data: Data): string => {
  const benefitCase = (data.case ?? {}) as Data;
  return (
    `Benefit case version ${text(data, 'version')}: ${count(benefitCase, 'benefits')} benefit lines, ` +
    `${count(benefitCase, 'costs')} cost lines, ${text(benefitCase, 'horizonYears')} years from ${text(benefitCase, 'startYear')}`
  );
};

/** "1 nytta", "3 nyttor". */
const countSv = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const caseSummarySv = (data: Data): string => {
  const benefitCase = (data.case ?? {}) as Data;
  return (
    `Nyttokalkyl version ${text(data, 'version')}: ${countSv(count(benefitCase, 'benefits'), 'nytta', 'nyttor')}, ` +
    `${countSv(count(benefitCase, 'costs'), 'kostnadspost', 'kostnadsposter')}, ` +
    `${text(benefitCase, 'horizonYears')} år från ${text(benefitCase, 'startYear')}`
  );
};

const stageSv = (data: Data, key: string): string => term('stage', text(data, key), 'sv');

interface WindowWords {
  readonly from: string;
  readonly until: string;
  readonly open: string;
}

/** A tranche's allocation window: both ends, one of them, or none ("open"). */
const windowOf = (data: Data, prefix: 'allocatable' | 'previousAllocatable', w: WindowWords) => {
  const from = data[`${prefix}From`] === null ? null : text(data, `${prefix}From`);
  const until = data[`${prefix}Until`] === null ? null : text(data, `${prefix}Until`);
  if (from !== null && until !== null) return `${from} – ${until}`;
  if (from !== null) return `${w.from} ${from}`;
  return until === null ? w.open : `${w.until} ${until}`;
};

interface AmendmentWords extends WindowWords {
  readonly amount: string;
  readonly window: string;
}

/**
 * The terms a tranche's amendment changed, each as old → new (the event carries both); every
 * term when none differs, so a line never says nothing.
 */
const amendedTerms = (
  data: Data,
  w: AmendmentWords,
  money: (data: Data, key: string) => string,
): string => {
  const amount = `${w.amount} ${money(data, 'previousAmount')} → ${money(data, 'amount')}`;
  const before = windowOf(data, 'previousAllocatable', w);
  const after = windowOf(data, 'allocatable', w);
  const window = `${w.window} ${before} → ${after}`;
  const amountChanged = text(data, 'amount') !== text(data, 'previousAmount');
  const windowChanged = before !== after;
  if (amountChanged === windowChanged) return `${amount}; ${window}`;
  return amountChanged ? amount : window;
};

const AMENDED_EN: AmendmentWords = {
  amount: 'amount',
  window: 'allocation window',
  from: 'from',
  until: 'until',
  open: 'open-ended',
};
const AMENDED_SV: AmendmentWords = {
  amount: 'belopp',
  window: 'tilldelningsperiod',
  from: 'fr.o.m.',
  until: 't.o.m.',
  open: 'utan tidsgräns',
};

/** The English lines: the API's JSON and the English files keep them word for word. */
const EN: Readonly<Record<BusinessEventType, Summary>> = {
  FundEstablished: (d) => `Fund "${text(d, 'name')}" established (${text(d, 'decisionRef')})`,
  TrancheAdded: (d) =>
    `Tranche ${text(d, 'trancheId')} "${text(d, 'name')}" of ${sek(d, 'amount')} added`,
  TrancheReleased: (d) =>
    `Tranche ${text(d, 'trancheId')} released on ${text(d, 'releasedOn')} (${text(d, 'decisionRef')})`,
  TrancheAmended: (d) =>
    `Tranche ${text(d, 'trancheId')} amended (decided ${text(d, 'decidedOn')}, ${text(d, 'decisionRef')}): ` +
    `${amendedTerms(d, AMENDED_EN, sek)}: ${text(d, 'reason')}`,
  TrancheClosed: (d) =>
    `Tranche ${text(d, 'trancheId')} closed on ${text(d, 'closedOn')}: ${text(d, 'reason')}`,
  FundsAllocated: (d) =>
    `Allocated ${sek(d, 'amount')} from tranche ${text(d, 'trancheId')} to ${text(d, 'investmentId')} ` +
    `(allocation ${text(d, 'allocationId')}, decided ${text(d, 'decidedOn')}, ${text(d, 'decisionRef')}${override(d)})`,
  AllocationReduced: (d) =>
    `Allocation ${text(d, 'allocationId')} reduced by ${sek(d, 'amount')} (decided ${text(d, 'decidedOn')}): ${text(d, 'reason')}`,
  InvestmentProposed: (d) =>
    `Proposed "${text(d, 'title')}" for ${text(d, 'department')}, led by ${text(d, 'projectLead')}`,
  BenefitCaseDocumented: caseSummary,
  StageChanged: (d) => `Stage ${text(d, 'from')} → ${text(d, 'to')}: ${text(d, 'reason')}`,
  InvestmentApproved: (d) =>
    `Approved by allocation ${text(d, 'allocationId')}; baseline is benefit case version ${text(d, 'baselineCaseVersion')}`,
  CostRecorded: (d) =>
    `Cost of ${sek(d, 'amount')} on ${text(d, 'incurredOn')} (${text(d, 'reference')})`,
  EffectReported: (d) =>
    `Effect on ${text(d, 'benefitLineId')} for ${text(d, 'period')}: ${text(d, 'value')} (report ${text(d, 'reportId')})`,
  EffectReportCorrected: (d) =>
    `Report ${text(d, 'reportId')} (${text(d, 'benefitLineId')}, ${text(d, 'period')}) corrected to ${text(d, 'value')}: ${text(d, 'reason')}`,
  SavingsHarvested: (d) =>
    `Harvested ${sek(d, 'amount')} from ${text(d, 'benefitLineId')} in fiscal year ${text(d, 'fiscalYear')} (${text(d, 'decisionRef')})` +
    (d.aheadOfRealisation === true ? `, ahead of realisation: ${text(d, 'reason')}` : ''),
  InvestmentClosed: (d) => `Closed on ${text(d, 'closedOn')}: ${text(d, 'reason')}`,
  BaselineRevised: (d) =>
    `Baseline revised from benefit case version ${text(d, 'previousCaseVersion')} to ${text(d, 'caseVersion')} ` +
    `by ${text(d, 'approvedBy')} (${text(d, 'decisionRef')}${override(d)}): ${text(d, 'reason')}`,
  ObligationWaived: (d) =>
    `Follow-up of ${text(d, 'benefitLineId')} for ${text(d, 'period')} waived by ${text(d, 'waivedBy')}: ${text(d, 'reason')}`,
  CostCorrected: (d) =>
    `Cost ${text(d, 'costId')} corrected from ${sek(d, 'previousAmount')} to ${sek(d, 'amount')}: ${text(d, 'reason')}`,
  CostReversed: (d) =>
    `Cost ${text(d, 'costId')} of ${sek(d, 'previousAmount')} reversed: ${text(d, 'reason')}`,
  HarvestCorrected: (d) =>
    `Harvest ${text(d, 'harvestId')} corrected from ${sek(d, 'previousAmount')} to ${sek(d, 'amount')}: ${text(d, 'reason')}`,
  HarvestReversed: (d) =>
    `Harvest ${text(d, 'harvestId')} of ${sek(d, 'previousAmount')} reversed: ${text(d, 'reason')}`,
  DeviationExplained: (d) =>
    `Deviation of ${explainedRow(d, 'en')}${d.period ? ` in ${text(d, 'period')}` : ''} explained: ${text(d, 'explanation')}`,
};

/**
 * The Swedish lines, for the board (kommunstyrelsen) and the Swedish change report: money as
 * the board report writes it (`1 234 567,89 kr`), dates as recorded (`2019-03-01`), stages by
 * their Swedish names, and a correction of an effect report as old → new when the value it
 * replaced is known.
 */
const SV: Readonly<Record<BusinessEventType, Summary>> = {
  FundEstablished: (d) => `Fonden "${text(d, 'name')}" inrättad (${text(d, 'decisionRef')})`,
  TrancheAdded: (d) =>
    `Etapp ${text(d, 'trancheId')} "${text(d, 'name')}" på ${kr(d, 'amount')} tillagd`,
  TrancheReleased: (d) =>
    `Etapp ${text(d, 'trancheId')} frigjord ${text(d, 'releasedOn')} (${text(d, 'decisionRef')})`,
  TrancheAmended: (d) =>
    `Etapp ${text(d, 'trancheId')} ändrad (beslutad ${text(d, 'decidedOn')}, ${text(d, 'decisionRef')}): ` +
    `${amendedTerms(d, AMENDED_SV, kr)}: ${text(d, 'reason')}`,
  TrancheClosed: (d) =>
    `Etapp ${text(d, 'trancheId')} stängd ${text(d, 'closedOn')}: ${text(d, 'reason')}`,
  FundsAllocated: (d) =>
    `${kr(d, 'amount')} tilldelat ${text(d, 'investmentId')} ur etapp ${text(d, 'trancheId')} ` +
    `(tilldelning ${text(d, 'allocationId')}, beslutad ${text(d, 'decidedOn')}, ${text(d, 'decisionRef')}${overrideSv(d)})`,
  AllocationReduced: (d) =>
    `Tilldelning ${text(d, 'allocationId')} minskad med ${kr(d, 'amount')} (beslutad ${text(d, 'decidedOn')}): ${text(d, 'reason')}`,
  InvestmentProposed: (d) =>
    `"${text(d, 'title')}" föreslagen för ${text(d, 'department')}, projektledare ${text(d, 'projectLead')}`,
  BenefitCaseDocumented: caseSummarySv,
  StageChanged: (d) => `Skede ${stageSv(d, 'from')} → ${stageSv(d, 'to')}: ${text(d, 'reason')}`,
  InvestmentApproved: (d) =>
    `Beviljad genom tilldelning ${text(d, 'allocationId')}; baslinjen är nyttokalkylens version ${text(d, 'baselineCaseVersion')}`,
  CostRecorded: (d) =>
    `Kostnad på ${kr(d, 'amount')} ${text(d, 'incurredOn')} (${text(d, 'reference')})`,
  EffectReported: (d, c) =>
    `Nytta ${text(d, 'benefitLineId')} för ${text(d, 'period')}: ${reportedValue(text(d, 'value'), c)} (rapport ${text(d, 'reportId')})`,
  EffectReportCorrected: (d, c) =>
    `Rapport ${text(d, 'reportId')} (${text(d, 'benefitLineId')}, ${text(d, 'period')}) rättad ` +
    (c.replacedValue === undefined ? '' : `från ${reportedValue(c.replacedValue, c)} `) +
    `till ${reportedValue(text(d, 'value'), c)}: ${text(d, 'reason')}`,
  SavingsHarvested: (d) =>
    `Hemtagning av ${kr(d, 'amount')} från ${text(d, 'benefitLineId')} budgetår ${text(d, 'fiscalYear')} (${text(d, 'decisionRef')})` +
    (d.aheadOfRealisation === true ? `, före realisering: ${text(d, 'reason')}` : ''),
  InvestmentClosed: (d) => `Avslutad ${text(d, 'closedOn')}: ${text(d, 'reason')}`,
  BaselineRevised: (d) =>
    `Ny baslinje: nyttokalkylens version ${text(d, 'caseVersion')} i stället för version ${text(d, 'previousCaseVersion')}, ` +
    `godkänd av ${text(d, 'approvedBy')} (${text(d, 'decisionRef')}${overrideSv(d)}): ${text(d, 'reason')}`,
  ObligationWaived: (d) =>
    `Skyldig rapport för ${text(d, 'benefitLineId')} ${text(d, 'period')} efterskänkt av ${text(d, 'waivedBy')}: ${text(d, 'reason')}`,
  CostCorrected: (d) =>
    `Kostnad ${text(d, 'costId')} rättad från ${kr(d, 'previousAmount')} till ${kr(d, 'amount')}: ${text(d, 'reason')}`,
  CostReversed: (d) =>
    `Kostnad ${text(d, 'costId')} på ${kr(d, 'previousAmount')} tillbakatagen: ${text(d, 'reason')}`,
  HarvestCorrected: (d) =>
    `Hemtagning ${text(d, 'harvestId')} rättad från ${kr(d, 'previousAmount')} till ${kr(d, 'amount')}: ${text(d, 'reason')}`,
  HarvestReversed: (d) =>
    `Hemtagning ${text(d, 'harvestId')} på ${kr(d, 'previousAmount')} tillbakatagen: ${text(d, 'reason')}`,
  DeviationExplained: (d) =>
    `Avvikelse för ${explainedRow(d, 'sv')}${d.period ? ` under ${text(d, 'period')}` : ''} förklarad: ${text(d, 'explanation')}`,
};

const SUMMARIES: Readonly<Record<Lang, Readonly<Record<string, Summary>>>> = { en: EN, sv: SV };

/**
 * The event's line in `lang`. A type without one (the users' events, a type this version does
 * not know) is named: by its code in English, by its Swedish name where it has one.
 */
export const summarise = (
  event: { readonly type: string; readonly data: unknown },
  lang: Lang,
  context: SummaryContext = {},
): string => {
  const lines = SUMMARIES[lang];
  const describe = Object.hasOwn(lines, event.type) ? lines[event.type] : undefined;
  const data = event.data !== null && typeof event.data === 'object' ? (event.data as Data) : {};
  return describe ? describe(data, context) : term('eventType', event.type, lang);
};
