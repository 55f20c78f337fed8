/**
 * One line in words for each kind of event, for the replayed timeline and the change report.
 * A recorded event is a fact: an unknown type or a field that is not there gives a plainer
 * line, never an error.
 */

type Data = Readonly<Record<string, unknown>>;

const text = (data: Data, key: string): string => {
  const value = data[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '?';
};

/** "4500000.00" → "4 500 000.00 SEK", on the text itself: money never passes through a number. */
export const formatSek = (amount: string): string => {
  const match = /^(-?)([0-9]+)(\.[0-9]+)?$/.exec(amount);
  if (!match) return `${amount} SEK`;
  const grouped = match[2].replace(/\B(?=([0-9]{3})+(?![0-9]))/g, ' ');
  return `${match[1]}${grouped}${match[3] ?? ''} SEK`;
};

const sek = (data: Data, key: string): string => formatSek(text(data, key));

/** A decision taken although running costs rise names the board's override (NEGATIVE_RUNNING_COST_EFFECT). */
const override = (data: Data): string =>
  typeof data.overrideRef === 'string'
    ? `; running costs rise: on the board's override ${data.overrideRef}`
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

const SUMMARIES: Readonly<Record<string, (data: Data) => string>> = {
  FundEstablished: (d) => `Fund "${text(d, 'name')}" established (${text(d, 'decisionRef')})`,
  TrancheAdded: (d) =>
    `Tranche ${text(d, 'trancheId')} "${text(d, 'name')}" of ${sek(d, 'amount')} added`,
  TrancheReleased: (d) =>
    `Tranche ${text(d, 'trancheId')} released on ${text(d, 'releasedOn')} (${text(d, 'decisionRef')})`,
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
    `Deviation of ${text(d, 'benefitLineId')}${d.period ? ` in ${text(d, 'period')}` : ''} explained: ${text(d, 'explanation')}`,
};

export const summarise = (event: { readonly type: string; readonly data: unknown }): string => {
  const describe = Object.hasOwn(SUMMARIES, event.type) ? SUMMARIES[event.type] : undefined;
  const data = event.data !== null && typeof event.data === 'object' ? (event.data as Data) : {};
  return describe ? describe(data) : event.type;
};
