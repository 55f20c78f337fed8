/**
 * Probe finding F3: the frequency a qualitative line is judged `stale` at is the finest of the
 * reference case's (the baseline once approved) and the current case's. A later version may
 * ask for readings more often, but only a re-baseline lets them come less often: documenting
 * `yearly` over an agreed `monthly` does not clear a line whose monthly readings are late.
 */
import { BenefitCase, BenefitLine } from '../../src/investment/benefit-case';
import {
  LineFigures,
  investmentFigures,
  toDateSummary,
} from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { aBenefitCase, aQualitativeLine } from '../support/investment.mothers';
import { LedgerLog, trancheAdded } from './ledger-events';

const ID = 'inv1';
const NKI = 'nki';
/** The probe's day: the June 2026 reading is five months old. */
const TODAY = '2026-12-06';

const nki = (frequency: string): BenefitLine =>
  aQualitativeLine({
    benefitLineId: NKI,
    indicator: {
      ...aQualitativeLine().indicator,
      baseline: '50',
      target: '70',
      frequency,
    },
  });

/**
 * The probe's case, horizon 2024–2028, with only its qualitative line `nki`: so the
 * investment's status is the line's (no monetised totals to judge).
 */
const caseWith = (frequency: string): BenefitCase =>
  aBenefitCase({ startYear: 2024, horizonYears: 5, costs: [], benefits: [nki(frequency)] });

/**
 * v1 approved by an allocation decided 2024-03-01, the later versions documented after it,
 * `rebaselineTo` adopted by a re-baseline, and one reading of 58 for 2026-06 (on the path:
 * 40 % achieved against 50 % expected).
 */
const figures = (versions: readonly BenefitCase[], rebaselineTo?: number) => {
  const log = new LedgerLog()
    .fund('f', {
      type: 'FundEstablished',
      data: { fundId: 'f', name: 'Fond', currency: 'SEK', decisionRef: 'KF', trancheIds: ['t1'] },
    })
    .fund('f', trancheAdded('t1', 'Etapp 1', '10000000.00'))
    .investment(ID, {
      type: 'InvestmentProposed',
      data: {
        investmentId: ID,
        title: ID,
        department: 'dep',
        projectLead: 'lena.lind',
        need: 'Behov',
      },
    })
    .investment(ID, {
      type: 'BenefitCaseDocumented',
      data: { investmentId: ID, version: 1, case: versions[0] },
    })
    .fund('f', {
      type: 'FundsAllocated',
      data: {
        allocationId: 'a1',
        investmentId: ID,
        trancheId: 't1',
        amount: '3000000.00',
        decidedOn: '2024-03-01',
        decisionRef: 'Ks 1/2024',
        benefitCaseVersion: 1,
      },
    })
    .investment(ID, {
      type: 'InvestmentApproved',
      data: { investmentId: ID, allocationId: 'a1', baselineCaseVersion: 1 },
    })
    .investment(ID, {
      type: 'EffectReported',
      data: {
        investmentId: ID,
        reportId: 'r1',
        benefitLineId: NKI,
        period: '2026-06',
        value: '58',
        evidence: 'Enkät',
        caseVersion: 1,
      },
    });
  versions.slice(1).forEach((c, i) =>
    log.investment(ID, {
      type: 'BenefitCaseDocumented',
      data: { investmentId: ID, version: i + 2, case: c },
    }),
  );
  if (rebaselineTo !== undefined) {
    log.investment(ID, {
      type: 'BaselineRevised',
      data: {
        investmentId: ID,
        caseVersion: rebaselineTo,
        previousCaseVersion: 1,
        reason: 'Ny bedömning',
        decisionRef: 'Ks 9/2026',
        approvedBy: 'fia',
      },
    });
  }
  const track = foldViews(initialViews, log.all()).forecastVsActual.investments[ID];
  const options = { grain: 'year' as const, today: TODAY, tolerances: DEFAULT_TOLERANCES };
  const all = investmentFigures(track, options);
  const line = all.lines.find((l) => l.benefitLineId === NKI) as LineFigures;
  return { line, status: all.status, summary: toDateSummary(track, options).indicatorStatus };
};

describe('the frequency a line goes stale at (F3)', () => {
  it('stays stale when a later version, not re-baselined, reads the baselined monthly line yearly', () => {
    const monthly = figures([caseWith('monthly')]);
    expect(monthly.line).toMatchObject({ status: 'stale', achievementPct: '40.00' });
    const revised = figures([caseWith('monthly'), caseWith('yearly')]);
    expect(revised.line).toMatchObject({ status: 'stale', achievementPct: '40.00' });
    expect(revised.status).toBe('stale');
    expect(revised.summary).toBe('stale');
  });

  it('goes stale at a finer frequency a later version asks for', () => {
    // Read yearly, June 2026 is current until mid-2027.
    expect(figures([caseWith('yearly')]).line.status).toBe('on-track');
    const revised = figures([caseWith('yearly'), caseWith('månadsvis')]);
    expect(revised.line.status).toBe('stale');
    expect(revised.summary).toBe('stale');
  });

  it('reads a coarser frequency once a re-baseline adopted it', () => {
    const rebaselined = figures([caseWith('monthly'), caseWith('yearly')], 2);
    expect(rebaselined.line.status).toBe('on-track');
    expect(rebaselined.summary).toBe('on-track');
  });
});
