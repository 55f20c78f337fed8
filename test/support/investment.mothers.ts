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
  CorrectEffectReport,
  DocumentBenefitCase,
  ProposeInvestment,
  RecordCost,
  RecordFirstAllocation,
  RecordHarvest,
  ReportEffect,
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

export const aProjectLead = (id = PROJECT_LEAD): ActorRef => ({ id, role: 'project-lead' });
export const aFinanceOfficer = (id = 'frida.ek'): ActorRef => ({ id, role: 'finance' });
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
  ...overrides,
});

export const aClosing = (overrides: Partial<CloseInvestment> = {}): CloseInvestment => ({
  type: 'CloseInvestment',
  investmentId: INVESTMENT,
  actor: aFinanceOfficer(),
  closedOn: '2019-06-30',
  reason: 'Införandet är klart; nyttorna följs upp i linjen.',
  ...overrides,
});
