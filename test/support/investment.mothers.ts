/**
 * Investment test data. The default is an e-archive for Örebro kommun's municipal executive
 * office: a one-off licence and set-up in 2017, yearly operations, a financial line (licences
 * of the old system retired), a redistributable one (case-officer time freed) and a
 * qualitative one (citizen satisfaction), over four years from 2017 at 3.5 %.
 * Override only what a test is about.
 */
import { ActorRef } from '../../src/event-store/event-store';
import { Money } from '../../src/money/money';
import { BenefitCase, BenefitLine, CostLine } from '../../src/investment/benefit-case';
import {
  ChangeStage,
  CloseInvestment,
  CorrectCost,
  CorrectEffectReport,
  CorrectHarvest,
  DocumentBenefitCase,
  ProposeInvestment,
  RecordCost,
  RecordFirstAllocation,
  RecordHarvest,
  ReportEffect,
  ReverseCost,
  ReverseHarvest,
  ReviseBaseline,
  WaiveObligation,
} from '../../src/investment/investment.commands';

export const INVESTMENT = 'e-arkiv';
export const PROJECT_LEAD = 'lena.lind';
export const LINE_OWNER = 'anna.berg';
export const OTHER_OWNER = 'omar.said';

export const FINANCIAL_LINE = 'fewer-licences';
export const REDISTRIBUTABLE_LINE = 'time-freed';
export const QUALITATIVE_LINE = 'citizen-satisfaction';
export const ONE_OFF_COST_LINE = 'licence-and-setup';
export const RECURRING_COST_LINE = 'operations';
export const FINANCE_OFFICER = 'frida.ek';

/** The Stockholm day the default proposal is recorded: the investment's life begins here. */
export const PROPOSED_ON = '2017-01-16';
/** The day the later commands of the default story are recorded: every period of it has begun. */
export const STORY_TODAY = '2021-06-30';
/** The default re-baseline's day: mid-horizon, with 2017 over and 2018 still running. */
export const REBASELINED_ON = '2018-06-30';
/** The user register the default story knows: the lead, the line owners and finance. */
export const KNOWN_USERS: readonly string[] = [
  PROJECT_LEAD,
  LINE_OWNER,
  OTHER_OWNER,
  FINANCE_OFFICER,
];
export const isKnownUser = (userId: string): boolean => KNOWN_USERS.includes(userId);

export const aProjectLead = (id = PROJECT_LEAD): ActorRef => ({ id, role: 'project-lead' });
export const aFinanceOfficer = (id = FINANCE_OFFICER): ActorRef => ({ id, role: 'finance' });
export const anAuditor = (id = 'revisor'): ActorRef => ({ id, role: 'auditor' });
export const anAdmin = (id = 'it-admin'): ActorRef => ({ id, role: 'admin' });

export const aOneOffCostLine = (overrides: Partial<CostLine> = {}): CostLine => ({
  costLineId: ONE_OFF_COST_LINE,
  kind: 'one-off',
  description: 'Licens och införande',
  forecast: [{ period: '2017-Q2', amount: '1500000.00' }],
  ...overrides,
});

export const aRecurringCostLine = (overrides: Partial<CostLine> = {}): CostLine => ({
  costLineId: RECURRING_COST_LINE,
  kind: 'recurring',
  description: 'Drift och förvaltning',
  forecast: [
    { period: '2018', amount: '200000.00' },
    { period: '2019', amount: '200000.00' },
    { period: '2020', amount: '200000.00' },
  ],
  ...overrides,
});

/** A year's forecast as four equal quarters. */
export const quarterlyForecast = (year: number, amount = '150000.00') =>
  [1, 2, 3, 4].map((quarter) => ({ period: `${year}-Q${quarter}`, amount }));

export const aFinancialLine = (overrides: Partial<BenefitLine> = {}): BenefitLine => ({
  benefitLineId: FINANCIAL_LINE,
  description: 'Avvecklade licenser i det gamla diariesystemet',
  class: 'financial',
  owner: LINE_OWNER,
  indicator: {
    unit: 'SEK/year',
    baseline: '600000',
    target: '0',
    direction: 'decrease',
    method: 'Leverantörsfakturor',
    frequency: 'yearly',
  },
  forecast: [
    { period: '2018', amount: '600000.00' },
    { period: '2019', amount: '600000.00' },
    { period: '2020', amount: '600000.00' },
  ],
  ...overrides,
});

export const aRedistributableLine = (overrides: Partial<BenefitLine> = {}): BenefitLine => ({
  benefitLineId: REDISTRIBUTABLE_LINE,
  description: 'Frigjord handläggartid för diarieföring',
  class: 'redistributable',
  owner: OTHER_OWNER,
  indicator: {
    unit: 'hours/year',
    baseline: '1800',
    target: '600',
    direction: 'decrease',
    method: 'Tidrapportering',
    frequency: 'quarterly',
  },
  forecast: [
    { period: '2018', amount: '480000.00' },
    { period: '2019', amount: '480000.00' },
  ],
  ...overrides,
});

export const aQualitativeLine = (overrides: Partial<BenefitLine> = {}): BenefitLine => ({
  benefitLineId: QUALITATIVE_LINE,
  description: 'Nöjdare medborgare vid begäran om allmän handling',
  class: 'qualitative',
  owner: LINE_OWNER,
  indicator: {
    unit: 'NKI',
    baseline: '62',
    target: '70',
    direction: 'increase',
    method: 'Medborgarundersökning',
    frequency: 'yearly',
  },
  ...overrides,
});

/** A documented case, as it is recorded (already normalised, so it validates to itself). */
export const aBenefitCase = (overrides: Partial<BenefitCase> = {}): BenefitCase => ({
  discountRate: '0.035',
  horizonYears: 4,
  startYear: 2017,
  assumptions: '4 000 ärenden per år; 20 minuter sparade per ärende; 400 kr/timme.',
  costs: [aOneOffCostLine(), aRecurringCostLine()],
  benefits: [aFinancialLine(), aRedistributableLine(), aQualitativeLine()],
  ...overrides,
});

export const aProposal = (overrides: Partial<ProposeInvestment> = {}): ProposeInvestment => ({
  type: 'ProposeInvestment',
  investmentId: INVESTMENT,
  actor: aProjectLead(),
  title: 'E-arkiv och e-diarium',
  department: 'Kommunledningsförvaltningen',
  projectLead: PROJECT_LEAD,
  need: 'Diarieföring och arkiv sker på papper; handläggare lägger tid på manuell registrering.',
  today: PROPOSED_ON,
  isKnownUser,
  ...overrides,
});

export const aCaseDocumentation = (
  benefitCase: unknown = aBenefitCase(),
  overrides: Partial<DocumentBenefitCase> = {},
): DocumentBenefitCase => ({
  type: 'DocumentBenefitCase',
  investmentId: INVESTMENT,
  actor: aProjectLead(),
  benefitCase,
  isKnownUser,
  ...overrides,
});

export const aStageChange = (
  stage: ChangeStage['stage'],
  overrides: Partial<ChangeStage> = {},
): ChangeStage => ({
  type: 'ChangeStage',
  investmentId: INVESTMENT,
  actor: aProjectLead(),
  stage,
  reason: `Moved to ${stage}`,
  ...overrides,
});

export const aFirstAllocation = (
  overrides: Partial<RecordFirstAllocation> = {},
): RecordFirstAllocation => ({
  type: 'RecordFirstAllocation',
  investmentId: INVESTMENT,
  actor: aFinanceOfficer(),
  allocationId: 'alloc-1',
  caseVersion: 1,
  ...overrides,
});

export const aCost = (overrides: Partial<RecordCost> = {}): RecordCost => ({
  type: 'RecordCost',
  investmentId: INVESTMENT,
  actor: aFinanceOfficer(),
  costId: 'cost-1',
  costLineId: ONE_OFF_COST_LINE,
  amount: Money.of('750000.00'),
  incurredOn: '2017-05-30',
  reference: 'Faktura 2017-0412',
  today: STORY_TODAY,
  ...overrides,
});

export const anEffectReport = (overrides: Partial<ReportEffect> = {}): ReportEffect => ({
  type: 'ReportEffect',
  investmentId: INVESTMENT,
  actor: aProjectLead(LINE_OWNER),
  reportId: 'report-1',
  benefitLineId: FINANCIAL_LINE,
  period: '2018',
  value: Money.of('550000.00'),
  evidence: 'Uppsägning av licensavtal, dnr KS 2018/101',
  today: STORY_TODAY,
  ...overrides,
});

export const aCorrection = (overrides: Partial<CorrectEffectReport> = {}): CorrectEffectReport => ({
  type: 'CorrectEffectReport',
  investmentId: INVESTMENT,
  actor: aProjectLead(LINE_OWNER),
  correctionId: 'correction-1',
  reportId: 'report-1',
  value: Money.of('600000.00'),
  reason: 'Slutfaktura saknades vid första rapporten',
  today: STORY_TODAY,
  ...overrides,
});

export const aHarvest = (overrides: Partial<RecordHarvest> = {}): RecordHarvest => ({
  type: 'RecordHarvest',
  investmentId: INVESTMENT,
  actor: aFinanceOfficer(),
  harvestId: 'harvest-1',
  benefitLineId: FINANCIAL_LINE,
  fiscalYear: 2018,
  amount: Money.of('500000.00'),
  decisionRef: 'KF 2017-11-28 § 212 budget 2018',
  today: STORY_TODAY,
  ...overrides,
});

export const aClosing = (overrides: Partial<CloseInvestment> = {}): CloseInvestment => ({
  type: 'CloseInvestment',
  investmentId: INVESTMENT,
  actor: aFinanceOfficer(),
  closedOn: '2019-06-30',
  reason: 'Införandet är klart; nyttorna följs upp i linjen.',
  today: STORY_TODAY,
  ...overrides,
});

export const aBaselineRevision = (overrides: Partial<ReviseBaseline> = {}): ReviseBaseline => ({
  type: 'ReviseBaseline',
  investmentId: INVESTMENT,
  actor: aFinanceOfficer(),
  caseVersion: 2,
  reason: 'Kommunstyrelsen godkände den reviderade kalkylen',
  decisionRef: 'Ks 2018/77',
  today: REBASELINED_ON,
  ...overrides,
});

export const aWaiver = (overrides: Partial<WaiveObligation> = {}): WaiveObligation => ({
  type: 'WaiveObligation',
  investmentId: INVESTMENT,
  actor: aFinanceOfficer(),
  benefitLineId: FINANCIAL_LINE,
  period: '2019',
  reason: 'Licensavtalet avslutades redan 2018; inget att följa upp',
  ...overrides,
});

/** The event a default waiver (aWaiver) records, for `period`. */
export const waivedEvent = (period = '2019') => ({
  type: 'ObligationWaived' as const,
  data: {
    investmentId: INVESTMENT,
    benefitLineId: FINANCIAL_LINE,
    period,
    reason: 'Licensavtalet avslutades redan 2018; inget att följa upp',
    waivedBy: FINANCE_OFFICER,
  },
});

export const aCostCorrection = (overrides: Partial<CorrectCost> = {}): CorrectCost => ({
  type: 'CorrectCost',
  investmentId: INVESTMENT,
  actor: aFinanceOfficer(),
  correctionId: 'cost-correction-1',
  costId: 'cost-1',
  amount: Money.of('705000.00'),
  reason: 'Fakturan bokades med fel belopp',
  ...overrides,
});

export const aCostReversal = (overrides: Partial<ReverseCost> = {}): ReverseCost => ({
  type: 'ReverseCost',
  investmentId: INVESTMENT,
  actor: aFinanceOfficer(),
  costId: 'cost-1',
  reason: 'Fakturan gällde en annan investering',
  ...overrides,
});

export const aHarvestCorrection = (overrides: Partial<CorrectHarvest> = {}): CorrectHarvest => ({
  type: 'CorrectHarvest',
  investmentId: INVESTMENT,
  actor: aFinanceOfficer(),
  correctionId: 'harvest-correction-1',
  harvestId: 'harvest-1',
  amount: Money.of('450000.00'),
  reason: 'Budgetbeslutet angav ett lägre belopp',
  today: STORY_TODAY,
  ...overrides,
});

export const aHarvestReversal = (overrides: Partial<ReverseHarvest> = {}): ReverseHarvest => ({
  type: 'ReverseHarvest',
  investmentId: INVESTMENT,
  actor: aFinanceOfficer(),
  harvestId: 'harvest-1',
  reason: 'Budgetminskningen återtogs av fullmäktige',
  ...overrides,
});
