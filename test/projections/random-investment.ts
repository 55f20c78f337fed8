/**
 * A random investment for property tests of the figures: two valued lines and a qualitative
 * one over a two-year horizon, a baseline and a current case (its horizon at times a year
 * longer), reports, a reading of the qualitative line, running costs, a harvest, approved or
 * not, funded from two tranches in shares that never divide evenly; and a random day to figure
 * it on. A report may be made before its period ended (on its first day), and then confirmed or
 * not by a correction of the same value the day after it ended: the figures leave it out until
 * confirmed, so every property holds with such reports too.
 */
import fc from 'fast-check';
import { BenefitCase, ForecastEntry } from '../../src/investment/benefit-case';
import { Money } from '../../src/money/money';
import { foldViews, initialViews } from '../../projections/ledger-views';
import {
  QUALITATIVE_LINE,
  aBenefitCase,
  aFinancialLine,
  aQualitativeLine,
  aRecurringCostLine,
  aRedistributableLine,
} from '../support/investment.mothers';
import { LedgerLog, trancheAdded } from './ledger-events';
import { addDays } from '../../projections/figures/dates';
import { periodEnd, periodOf, periodStart } from '../../src/periods/period';

export const ID = 'random';
export const START = 2018;
export const YEARS = 2;
export const amount = fc
  .bigInt({ min: -99_999_999n, max: 999_999_999n })
  .map((ore) => Money.fromDecimal(Money.of('0.01').toDecimal().times(ore.toString())).toString());

/** A few öre: split over two tranches, such amounts leave remainders that cancel within a share. */
export const fewOre = fc
  .integer({ min: -20, max: 20 })
  .map((ore) => Money.fromDecimal(Money.of('0.01').toDecimal().times(ore)).toString());

export const period = fc.oneof(
  fc.integer({ min: START, max: START + YEARS - 1 }).map(String),
  fc
    .record({
      y: fc.integer({ min: START, max: START + YEARS - 1 }),
      q: fc.integer({ min: 1, max: 4 }),
    })
    .map(({ y, q }) => `${y}-Q${q}`),
  fc
    .record({
      y: fc.integer({ min: START, max: START + YEARS - 1 }),
      m: fc.integer({ min: 1, max: 12 }),
    })
    .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`),
);

export const entries = fc.array(fc.record({ period, amount }), { minLength: 1, maxLength: 5 });

export const today = fc
  .record({ y: fc.integer({ min: START, max: START + YEARS }), m: fc.integer({ min: 1, max: 12 }) })
  .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}-15`);

export const aCase = (
  financial: ForecastEntry[],
  redistributable: ForecastEntry[],
  recurringCosts: ForecastEntry[] = [],
  horizonYears = YEARS,
): BenefitCase =>
  aBenefitCase({
    startYear: START,
    horizonYears,
    costs: recurringCosts.length === 0 ? [] : [aRecurringCostLine({ forecast: recurringCosts })],
    benefits: [
      aFinancialLine({ forecast: financial }),
      aRedistributableLine({ forecast: redistributable }),
      aQualitativeLine(),
    ],
  });

/**
 * When a report was made: after its period (as before the day was kept: no day), early (on its
 * period's first day) and never confirmed, or early and confirmed the day after the period.
 */
export type Made = 'unknown' | 'early' | 'confirmed';

export interface RandomReport {
  readonly period: string;
  readonly amount: string;
  readonly made?: Made;
}

/** The investment's events, with its fund's. */
export const logOf = (input: {
  base: [ForecastEntry[], ForecastEntry[]];
  current: [ForecastEntry[], ForecastEntry[]];
  reports: RandomReport[];
  harvest: string;
  secondAllocation: string;
  /** Unless false, the investment is approved on the baseline (version 1). */
  approved?: boolean;
  /** Forecast running costs, in both cases. */
  recurringCosts?: ForecastEntry[];
  /** The current case's horizon runs a year past the baseline's. */
  longerCurrent?: boolean;
  /** A reading of the qualitative line. */
  reading?: { period: string; value: string };
}) => {
  const log = new LedgerLog()
    .fund('f', {
      type: 'FundEstablished',
      data: { fundId: 'f', name: 'F', currency: 'SEK', decisionRef: 'KF', trancheIds: ['t1'] },
    })
    .fund('f', trancheAdded('t1', 'T1', '1000000000.00'))
    .fund('f', trancheAdded('t2', 'T2', '1000000000.00'))
    .investment(ID, {
      type: 'InvestmentProposed',
      data: { investmentId: ID, title: 'R', department: 'D', projectLead: 'lena.lind', need: 'N' },
    })
    .investment(ID, {
      type: 'BenefitCaseDocumented',
      data: { investmentId: ID, version: 1, case: aCase(...input.base, input.recurringCosts) },
    })
    .fund('f', {
      type: 'FundsAllocated',
      data: {
        allocationId: 'a1',
        investmentId: ID,
        trancheId: 't1',
        amount: '100.00',
        decidedOn: '2018-01-10',
        decisionRef: 'KS',
        benefitCaseVersion: 1,
      },
    })
    .fund('f', {
      type: 'FundsAllocated',
      data: {
        allocationId: 'a2',
        investmentId: ID,
        trancheId: 't2',
        amount: input.secondAllocation,
        decidedOn: '2018-01-10',
        decisionRef: 'KS',
        benefitCaseVersion: 1,
      },
    });
  if (input.approved !== false) {
    log.investment(ID, {
      type: 'InvestmentApproved',
      data: { investmentId: ID, allocationId: 'a1', baselineCaseVersion: 1 },
    });
  }
  const current = aCase(
    ...input.current,
    input.recurringCosts,
    input.longerCurrent === true ? YEARS + 1 : YEARS,
  );
  log
    .investment(ID, {
      type: 'BenefitCaseDocumented',
      data: { investmentId: ID, version: 2, case: current },
    })
    .investment(ID, {
      type: 'SavingsHarvested',
      data: {
        investmentId: ID,
        harvestId: 'h1',
        benefitLineId: 'fewer-licences',
        fiscalYear: START,
        amount: input.harvest,
        decisionRef: 'KF',
      },
    });
  input.reports.forEach((r, i) => {
    const made = r.made ?? 'unknown';
    const benefitLineId = i % 2 === 0 ? 'fewer-licences' : 'time-freed';
    log.investment(ID, {
      type: 'EffectReported',
      data: {
        investmentId: ID,
        reportId: `r${i}`,
        benefitLineId,
        period: r.period,
        value: r.amount,
        evidence: 'E',
        caseVersion: 2,
        ...(made === 'unknown' ? {} : { reportedOn: periodStart(periodOf(r.period)) }),
      },
    });
    if (made === 'confirmed') {
      log.investment(ID, {
        type: 'EffectReportCorrected',
        data: {
          investmentId: ID,
          correctionId: `c${i}`,
          reportId: `r${i}`,
          benefitLineId,
          period: r.period,
          value: r.amount,
          reason: 'Bekräftad',
          caseVersion: 2,
          correctedOn: addDays(periodEnd(periodOf(r.period)), 1),
        },
      });
    }
  });
  if (input.reading) {
    log.investment(ID, {
      type: 'EffectReported',
      data: {
        investmentId: ID,
        reportId: 'reading',
        benefitLineId: QUALITATIVE_LINE,
        period: input.reading.period,
        value: input.reading.value,
        evidence: 'E',
        caseVersion: 2,
      },
    });
  }
  return log;
};

export const viewsOf = (raw: Parameters<typeof logOf>[0]) =>
  foldViews(initialViews, logOf(raw).all());

export const input = fc.record(
  {
    base: fc.tuple(entries, entries),
    current: fc.tuple(entries, entries),
    reports: fc.array(
      fc.record({ period, amount, made: fc.constantFrom<Made>('unknown', 'early', 'confirmed') }),
      { maxLength: 6 },
    ),
    harvest: fc.oneof(amount, fewOre),
    today,
    // Funded 100.00 from t1 and this from t2: shares that never divide evenly.
    secondAllocation: fc.constantFrom('33.33', '200.01', '0.07', '100.00'),
    approved: fc.boolean(),
    recurringCosts: fc.array(fc.record({ period, amount }), { maxLength: 3 }),
    longerCurrent: fc.boolean(),
    reading: fc.record({
      period,
      value: fc.integer({ min: 50, max: 80 }).map(String),
    }),
  },
  {
    requiredKeys: ['base', 'current', 'reports', 'harvest', 'today', 'secondAllocation'],
  },
);

/** Within one investment every line has at most one report per period: keep the first. */
export const distinctReports = <R extends { readonly period: string }>(reports: R[]) =>
  reports.filter(
    (r, i) => reports.findIndex((o, j) => o.period === r.period && j % 2 === i % 2) === i,
  );
