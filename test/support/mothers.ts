/**
 * Test data factories. Defaults describe Örebro kommun's digitalisation fund of 2017:
 * 200 MSEK in two tranches, T1 120 MSEK from the turn of 2016/2017 and T2 80 MSEK up to
 * and including 2018. Override only what a test is about.
 */
import { Money } from '../../src/money/money';
import {
  AddTranche,
  AllocateFunds,
  CaseVersionCheck,
  CloseTranche,
  EstablishFund,
  InvestmentCheck,
  ReduceAllocation,
  ReleaseTranche,
  TrancheSpec,
} from '../../src/fund/fund.commands';

// ---------------------------------------------------------------------------------------
// Fund

export const FUND_ID = 'orebro-digitaliseringsfond';
export const FUND_DECISION = 'Ks 1474/2016';
export const T1 = 't1';
export const T2 = 't2';
export const INVESTMENT_ID = 'e-arkiv';

export const money = (amount: string): Money => Money.of(amount);

/** When the default commands are recorded: after every default decision date (2019-01-31 the latest). */
export const RECORDED_AT = '2019-03-01T09:00:00.000Z';

export const aTrancheSpec = (overrides: Partial<TrancheSpec> = {}): TrancheSpec => ({
  trancheId: 't3',
  name: 'Etapp 3',
  amount: money('10000000.00'),
  allocatableFrom: '2019-01-01',
  allocatableUntil: '2019-12-31',
  ...overrides,
});

export const theT1Spec = (): TrancheSpec => ({
  trancheId: T1,
  name: 'Etapp 1 (2016/2017)',
  amount: money('120000000.00'),
  allocatableFrom: '2016-12-31',
  allocatableUntil: null,
});

export const theT2Spec = (): TrancheSpec => ({
  trancheId: T2,
  name: 'Etapp 2 (till och med 2018)',
  amount: money('80000000.00'),
  allocatableFrom: null,
  allocatableUntil: '2018-12-31',
});

export const anEstablishFund = (overrides: Partial<EstablishFund> = {}): EstablishFund => ({
  type: 'EstablishFund',
  fundId: FUND_ID,
  name: 'Digitaliseringsfonden',
  currency: 'SEK',
  decisionRef: FUND_DECISION,
  tranches: [theT1Spec(), theT2Spec()],
  ...overrides,
});

export const anAddTranche = (overrides: Partial<AddTranche> = {}): AddTranche => ({
  type: 'AddTranche',
  fundId: FUND_ID,
  ...aTrancheSpec(),
  decisionRef: 'KF 2018/77',
  ...overrides,
});

export const aReleaseTranche = (overrides: Partial<ReleaseTranche> = {}): ReleaseTranche => ({
  type: 'ReleaseTranche',
  fundId: FUND_ID,
  trancheId: T1,
  releasedOn: '2016-12-31',
  decisionRef: 'Ks 1490/2016',
  recordedAt: RECORDED_AT,
  ...overrides,
});

export const aCloseTranche = (overrides: Partial<CloseTranche> = {}): CloseTranche => ({
  type: 'CloseTranche',
  fundId: FUND_ID,
  trancheId: T1,
  closedOn: '2019-01-31',
  decisionRef: 'Ks 88/2019',
  reason: 'Etappen avslutad; resterande medel återförs',
  recordedAt: RECORDED_AT,
  ...overrides,
});

/** A documented case version: documented well before the default decision, lowering running costs. */
export const aCaseVersion = (overrides: Partial<CaseVersionCheck> = {}): CaseVersionCheck => ({
  version: 1,
  documentedOn: '2017-02-01',
  runningCostEffect: money('1200000.00'),
  ...overrides,
});

/** An investment whose benefit case is documented, as the handler would find it. */
export const aDocumentedInvestment = (
  overrides: Partial<InvestmentCheck> = {},
): InvestmentCheck => ({
  exists: true,
  closed: false,
  missing: [],
  caseVersion: 1,
  versions: [aCaseVersion()],
  ...overrides,
});

export const anUndocumentedInvestment = (
  missing: readonly string[] = ['benefits: at least one benefit line'],
): InvestmentCheck => aDocumentedInvestment({ missing, caseVersion: null, versions: [] });

export const aClosedInvestment = (): InvestmentCheck => aDocumentedInvestment({ closed: true });

export const anUnknownInvestment = (): InvestmentCheck => ({
  exists: false,
  closed: false,
  missing: [],
  caseVersion: null,
  versions: [],
});

export const anAllocation = (overrides: Partial<AllocateFunds> = {}): AllocateFunds => ({
  type: 'AllocateFunds',
  fundId: FUND_ID,
  allocationId: 'alloc-1',
  investmentId: INVESTMENT_ID,
  trancheId: T1,
  amount: money('1000000.00'),
  decidedOn: '2017-03-15',
  decisionRef: 'Ks 301/2017',
  caseVersion: 1,
  recordedAt: RECORDED_AT,
  investment: aDocumentedInvestment(),
  actor: { id: 'frida.ek', role: 'finance' },
  ...overrides,
});

export const aReduction = (overrides: Partial<ReduceAllocation> = {}): ReduceAllocation => ({
  type: 'ReduceAllocation',
  fundId: FUND_ID,
  reductionId: 'reduction-1',
  allocationId: 'alloc-1',
  amount: money('250000.00'),
  decidedOn: '2017-09-01',
  decisionRef: 'Ks 702/2017',
  reason: 'Upphandlingen blev billigare än beräknat',
  recordedAt: RECORDED_AT,
  spent: money('0.00'),
  ...overrides,
});
