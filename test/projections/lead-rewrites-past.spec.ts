/**
 * Two ways a project lead alone (no finance, no four eyes) changed what the board is shown about
 * the past, by documenting a new case version (hostile-tester probe):
 * 1. Recurring costs finance booked against a cost line vanished from the running-cost effect's
 *    actual once a later version left the line out: the actual counted only lines `recurring` in
 *    the baseline or current case. A cost counts as running cost when its line was `recurring`
 *    in any version the ledger has seen.
 * 2. A qualitative line added after approval was judged by the current version's indicator, as
 *    the baseline lacks it: a new indicator baseline turned its deviation into on-track, a coarser
 *    frequency its stale into on-track. It is judged by its definition as first promised after
 *    approval, which only a re-baseline adopting a version that has it changes.
 */
import { BenefitCase, BenefitLine, CostLine, Indicator } from '../../src/investment/benefit-case';
import {
  InvestmentFigures,
  LineFigures,
  investmentFigures,
  toDateSummary,
} from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { forecastReport } from '../../projections/figures/report.figures';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { LedgerDomainEvent } from '../../projections/ledger-event';
import { aBenefitCase, aOneOffCostLine, aQualitativeLine } from '../support/investment.mothers';
import { LedgerLog, trancheAdded } from './ledger-events';

const ID = 'inv1';
const WAIT = 'wait';

/** Horizon 2024–2027, a one-off cost and a financial line nobody reports (no running cost). */
const caseWith = (more: { costs?: CostLine[]; benefits?: BenefitLine[] } = {}): BenefitCase =>
  aBenefitCase({
    startYear: 2024,
    horizonYears: 4,
    costs: [
      aOneOffCostLine({ forecast: [{ period: '2024', amount: '500000.00' }] }),
      ...(more.costs ?? []),
    ],
    benefits: more.benefits ?? [],
  });

const licence: CostLine = {
  costLineId: 'licence',
  kind: 'recurring',
  description: 'Licenser',
  forecast: [
    { period: '2024', amount: '100000.00' },
    { period: '2025', amount: '100000.00' },
  ],
};

/** The waiting time in days: down from 30 to 10 over the horizon, read yearly unless told. */
const wait = (indicator: Partial<Indicator> = {}): BenefitLine =>
  aQualitativeLine({
    benefitLineId: WAIT,
    indicator: {
      ...aQualitativeLine().indicator,
      unit: 'dagar',
      baseline: '30',
      target: '10',
      direction: 'decrease',
      frequency: 'yearly',
      ...indicator,
    },
  });

type Step =
  | { readonly version: BenefitCase }
  | { readonly approve: true }
  | { readonly cost: string; readonly incurredOn: string; readonly costLineId: string }
  | { readonly reading: string; readonly value: string }
  | { readonly rebaseline: number };

/** v1 documented, then the steps in order (versions numbered from 2, the approval of v1). */
const track = (v1: BenefitCase, steps: readonly Step[]) => {
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
      data: { investmentId: ID, version: 1, case: v1 },
    });
  let version = 1;
  let baseline = 1;
  let n = 0;
  const on = (event: LedgerDomainEvent) => log.investment(ID, event);
  for (const step of steps) {
    n++;
    if ('version' in step) {
      version++;
      on({
        type: 'BenefitCaseDocumented',
        data: { investmentId: ID, version, case: step.version },
      });
    } else if ('approve' in step) {
      log.fund('f', {
        type: 'FundsAllocated',
        data: {
          allocationId: 'a1',
          investmentId: ID,
          trancheId: 't1',
          amount: '3000000.00',
          decidedOn: '2024-02-01',
          decisionRef: 'Ks 1/2024',
          benefitCaseVersion: 1,
        },
      });
      on({
        type: 'InvestmentApproved',
        data: { investmentId: ID, allocationId: 'a1', baselineCaseVersion: 1 },
      });
    } else if ('cost' in step) {
      on({
        type: 'CostRecorded',
        data: {
          investmentId: ID,
          costId: `c${n}`,
          amount: step.cost,
          incurredOn: step.incurredOn,
          reference: `F${n}`,
          costLineId: step.costLineId,
        },
      });
    } else if ('reading' in step) {
      on({
        type: 'EffectReported',
        data: {
          investmentId: ID,
          reportId: `r${n}`,
          benefitLineId: WAIT,
          period: step.reading,
          value: step.value,
          evidence: 'Mätning',
          caseVersion: version,
        },
      });
    } else {
      on({
        type: 'BaselineRevised',
        data: {
          investmentId: ID,
          caseVersion: step.rebaseline,
          previousCaseVersion: baseline,
          reason: 'Ny bedömning',
          decisionRef: 'Ks 9/2026',
          approvedBy: 'fia',
        },
      });
      baseline = step.rebaseline;
    }
  }
  const views = foldViews(initialViews, log.all());
  return { views, track: views.forecastVsActual.investments[ID] };
};

const figures = (v1: BenefitCase, steps: readonly Step[], today: string) => {
  const { views, track: t } = track(v1, steps);
  const options = { grain: 'year' as const, today, tolerances: DEFAULT_TOLERANCES };
  const all: InvestmentFigures = investmentFigures(t, options);
  const line = all.lines.find((l) => l.benefitLineId === WAIT) as LineFigures | undefined;
  return {
    all,
    line,
    summary: toDateSummary(t, options).indicatorStatus,
    report: forecastReport(views.forecastVsActual, 'investment', options),
  };
};

describe('1. recurring costs finance booked stay running cost whatever later versions say', () => {
  const booked: Step[] = [
    { cost: '100000.00', incurredOn: '2024-06-01', costLineId: 'licence' },
    { cost: '100000.00', incurredOn: '2025-06-01', costLineId: 'licence' },
  ];

  it('the probe: a version dropping the recurring line leaves the actual effect at −200 000', () => {
    const v1 = caseWith();
    const v2 = caseWith({ costs: [licence] });
    const before = figures(v1, [{ approve: true }, { version: v2 }, ...booked], '2026-06-01');
    expect(before.all.runningCostEffect.total.actual).toEqual({
      financialBenefits: '0.00',
      recurringCosts: '200000.00',
      effect: '-200000.00',
    });
    const dropped = figures(
      v1,
      [{ approve: true }, { version: v2 }, ...booked, { version: caseWith() }],
      '2026-06-01',
    );
    expect(dropped.all.runningCostEffect.total.actual).toEqual(
      before.all.runningCostEffect.total.actual,
    );
    expect(dropped.all.runningCostEffect.years.map((y) => [y.year, y.actual?.effect])).toEqual([
      [2024, '-100000.00'],
      [2025, '-100000.00'],
      [2026, '0.00'],
      [2027, undefined],
    ]);
    // The report shows the investment's effect too.
    expect(dropped.report.runningCostEffect.total.actual?.effect).toBe('-200000.00');
  });

  it('so does a line only a version before approval named recurring, approved or not', () => {
    // v2 named it while the costs were booked, v3 dropped it, the allocation approved v1.
    const v1 = caseWith();
    const early = figures(
      v1,
      [{ version: caseWith({ costs: [licence] }) }, ...booked, { version: v1 }, { approve: true }],
      '2026-06-01',
    );
    expect(early.all.runningCostEffect.total.actual?.recurringCosts).toBe('200000.00');
    // Never approved at all: the current case is all there is, and it no longer has the line.
    const unapproved = figures(
      caseWith({ costs: [licence] }),
      [...booked, { version: v1 }],
      '2026-06-01',
    );
    expect(unapproved.all.runningCostEffect.total.actual?.recurringCosts).toBe('200000.00');
  });

  it('a cost against a line no version called recurring is the investment, not running cost', () => {
    const v1 = caseWith();
    const result = figures(
      v1,
      [
        { approve: true },
        { cost: '80000.00', incurredOn: '2024-06-01', costLineId: 'licence-and-setup' },
        { cost: '70000.00', incurredOn: '2024-07-01', costLineId: 'never-documented' },
      ],
      '2026-06-01',
    );
    expect(result.all.runningCostEffect.total.actual?.recurringCosts).toBe('0.00');
  });
});

describe('2. a qualitative line added after approval is judged by its definition as first promised', () => {
  const readings: Step[] = [
    { reading: '2024', value: '40' },
    { reading: '2025', value: '40' },
    { reading: '2026', value: '40' },
  ];
  const TODAY = '2027-02-01';
  const v1 = caseWith();
  const v2 = caseWith({ benefits: [wait()] });

  it('the probe: a new indicator baseline documented by the lead leaves the deviation a deviation', () => {
    const read = figures(v1, [{ approve: true }, { version: v2 }, ...readings], TODAY);
    expect(read.line).toMatchObject({ status: 'deviation', achievementPct: '-50.00' });
    const moved = figures(
      v1,
      [
        { approve: true },
        { version: v2 },
        ...readings,
        { version: caseWith({ benefits: [wait({ baseline: '100' })] }) },
      ],
      TODAY,
    );
    expect(moved.line).toMatchObject({ status: 'deviation', achievementPct: '-50.00' });
    expect(moved.line?.indicator).toMatchObject({ baseline: '30', target: '10' });
    expect(moved.all.status).toBe('deviation');
    expect(moved.summary).toBe('deviation');
  });

  it('a new target or a turned direction does not re-judge it either', () => {
    const steps = (line: BenefitLine): Step[] => [
      { approve: true },
      { version: v2 },
      ...readings,
      { version: caseWith({ benefits: [line] }) },
    ];
    for (const line of [wait({ target: '45' }), wait({ direction: 'increase', target: '45' })]) {
      const result = figures(v1, steps(line), TODAY);
      expect(result.line).toMatchObject({ status: 'deviation', achievementPct: '-50.00' });
      expect(result.line?.indicator).toEqual(wait().indicator);
    }
  });

  it('keeps the definition of a line a later version leaves out', () => {
    const result = figures(
      v1,
      [
        { approve: true },
        { version: v2 },
        { version: caseWith({ benefits: [wait({ baseline: '100' })] }) },
        ...readings,
        { version: caseWith() },
      ],
      TODAY,
    );
    expect(result.line).toMatchObject({ status: 'deviation', achievementPct: '-50.00' });
  });

  it('the variant: a monthly line documented yearly stays stale', () => {
    const monthly = caseWith({ benefits: [wait({ frequency: 'monthly' })] });
    const late = [{ reading: '2026-01', value: '18' }];
    const read = figures(v1, [{ approve: true }, { version: monthly }, ...late], '2026-04-01');
    expect(read.line?.status).toBe('stale');
    const yearly = figures(
      v1,
      [
        { approve: true },
        { version: monthly },
        ...late,
        { version: caseWith({ benefits: [wait()] }) },
      ],
      '2026-04-01',
    );
    expect(yearly.line?.status).toBe('stale');
    expect(yearly.line?.indicator.frequency).toBe('monthly');
    expect(yearly.summary).toBe('stale');
  });

  it('a finer frequency a later version asks for still counts', () => {
    const late = [{ reading: '2026-01', value: '18' }];
    const result = figures(
      v1,
      [
        { approve: true },
        { version: v2 },
        ...late,
        { version: caseWith({ benefits: [wait({ frequency: 'månadsvis' })] }) },
      ],
      '2026-04-01',
    );
    expect(result.line?.status).toBe('stale');
  });

  it('a re-baseline adopting a version that has the line changes what it is judged by', () => {
    const moved = caseWith({ benefits: [wait({ baseline: '100' })] });
    const result = figures(
      v1,
      [{ approve: true }, { version: v2 }, ...readings, { version: moved }, { rebaseline: 3 }],
      TODAY,
    );
    expect(result.line?.indicator.baseline).toBe('100');
    expect(result.line?.status).toBe('on-track');
    const monthly = caseWith({ benefits: [wait({ frequency: 'monthly' })] });
    const rebaselined = figures(
      v1,
      [
        { approve: true },
        { version: monthly },
        { reading: '2026-01', value: '18' },
        { version: caseWith({ benefits: [wait()] }) },
        { rebaseline: 3 },
      ],
      '2026-04-01',
    );
    expect(rebaselined.line?.status).toBe('on-track');
  });

  it('and what it adopted stays, once a later re-baseline leaves the line out', () => {
    const result = figures(
      v1,
      [
        { approve: true },
        { version: v2 },
        { version: caseWith({ benefits: [wait({ baseline: '50' })] }) },
        { rebaseline: 3 },
        { version: caseWith() },
        { rebaseline: 4 },
        ...readings,
        { version: caseWith({ benefits: [wait({ baseline: '100' })] }) },
      ],
      TODAY,
    );
    expect(result.line?.indicator.baseline).toBe('50');
  });

  it('before approval the current case is the reference: a new version re-defines the line', () => {
    const unapproved = figures(
      caseWith({ benefits: [wait()] }),
      [...readings, { version: caseWith({ benefits: [wait({ baseline: '100' })] }) }],
      TODAY,
    );
    expect(unapproved.line?.indicator.baseline).toBe('100');
    expect(unapproved.line?.status).toBe('on-track');
  });

  it('a version documented after the approved one but before the approval is recorded counts as after approval', () => {
    // The allocation names v1; v2 was documented before the approval reached the ledger.
    const result = figures(
      v1,
      [
        { version: v2 },
        { approve: true },
        ...readings,
        { version: caseWith({ benefits: [wait({ baseline: '100' })] }) },
      ],
      TODAY,
    );
    expect(result.line?.indicator.baseline).toBe('30');
    expect(result.line?.status).toBe('deviation');
  });
});
