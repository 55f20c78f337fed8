/**
 * The follow-up read model under issue 15: what is owed comes from the approved baseline and
 * every later version (a revision cannot make an overdue report disappear), qualitative lines
 * owe readings at their frequency, a waiver takes an obligation off the overdue list and shows
 * beside it, and a re-baseline does not release anything.
 */
import { followUpFigures, overdueOf } from '../../projections/figures/follow-up.figures';
import {
  investmentFigures,
  toDateSummary,
} from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import {
  ForecastVsActualView,
  evolveForecastVsActual,
  initialForecastVsActualView,
} from '../../projections/forecast-vs-actual.projection';
import {
  InvestmentSummaryView,
  evolveInvestmentSummary,
  initialInvestmentSummaryView,
} from '../../projections/investment-summary.projection';
import { LedgerEvent } from '../../projections/ledger-event';
import {
  FollowUpView,
  evolveFollowUp,
  initialFollowUpView,
} from '../../projections/follow-up.projection';
import { LedgerDomainEvent } from '../../projections/ledger-event';
import { InvestmentCommand } from '../../src/investment/investment.commands';
import { investmentDecider } from '../../src/investment/investment.decider';
import { Money } from '../../src/money/money';
import { fold, given, historyOf } from '../support/decider-spec';
import {
  FINANCIAL_LINE,
  INVESTMENT,
  LINE_OWNER,
  QUALITATIVE_LINE,
  aBaselineRevision,
  aBenefitCase,
  aCaseDocumentation,
  aCorrection,
  aCost,
  aCostCorrection,
  aCostReversal,
  aHarvest,
  aHarvestCorrection,
  aHarvestReversal,
  aFinancialLine,
  aFirstAllocation,
  aProposal,
  aQualitativeLine,
  aRedistributableLine,
  aWaiver,
  anEffectReport,
  quarterlyForecast,
  waivedEvent,
} from '../support/investment.mothers';
import { LedgerLog } from './ledger-events';

/** The events the decider records for the commands, as the projections receive them. */
const ledgerAfter = (...commands: InvestmentCommand[]): LedgerEvent[] => {
  const log = new LedgerLog();
  const events: LedgerDomainEvent[] = [];
  for (const command of commands) {
    const decision = investmentDecider.decide(command, fold(investmentDecider, events as never));
    if (decision.kind !== 'append') throw new Error('expected events');
    for (const event of decision.events) {
      events.push(event);
      log.investment(INVESTMENT, event, '2021-03-01T09:00:00.000Z');
    }
  }
  return log.all();
};

const viewAfter = (...commands: InvestmentCommand[]): FollowUpView =>
  ledgerAfter(...commands).reduce<FollowUpView>(
    (view, event) => evolveFollowUp(view, event),
    initialFollowUpView,
  );

const withoutLastYear = aBenefitCase({
  benefits: [
    aFinancialLine({
      forecast: [
        { period: '2018', amount: '600000.00' },
        { period: '2019', amount: '600000.00' },
      ],
    }),
    aRedistributableLine(),
    aQualitativeLine(),
  ],
});

const TODAY = '2021-03-01';
const GRACE_DAYS = 45;

const overdue = (view: FollowUpView, line: string): string[] =>
  overdueOf(view.investments[INVESTMENT], TODAY, GRACE_DAYS)
    .filter((o) => o.benefitLineId === line)
    .map((o) => o.period);

describe('follow-up obligations', () => {
  it('a revised case without an overdue year leaves it overdue', () => {
    const view = viewAfter(
      aProposal(),
      aCaseDocumentation(),
      aFirstAllocation(),
      aCaseDocumentation(withoutLastYear),
    );
    expect(overdue(view, FINANCIAL_LINE)).toEqual(['2018', '2019', '2020']);
  });

  it('a re-baseline to the revised case does not release the year either', () => {
    const view = viewAfter(
      aProposal(),
      aCaseDocumentation(),
      aFirstAllocation(),
      aCaseDocumentation(withoutLastYear),
      aBaselineRevision(),
    );
    expect(overdue(view, FINANCIAL_LINE)).toEqual(['2018', '2019', '2020']);
  });

  it('the versions before the decision basis owe nothing', () => {
    const view = viewAfter(
      aProposal(),
      aCaseDocumentation(),
      aCaseDocumentation(withoutLastYear),
      aFirstAllocation({ caseVersion: 2 }),
    );
    expect(overdue(view, FINANCIAL_LINE)).toEqual(['2018', '2019']);
  });

  it('a qualitative line owes a reading per period of its frequency; a reading meets it', () => {
    const view = viewAfter(
      aProposal(),
      aCaseDocumentation(),
      aFirstAllocation(),
      anEffectReport({
        reportId: 'nki-2018',
        benefitLineId: QUALITATIVE_LINE,
        period: '2018',
        value: '66',
      }),
    );
    expect(overdue(view, QUALITATIVE_LINE)).toEqual(['2017', '2019', '2020']);
    const reading = overdueOf(view.investments[INVESTMENT], TODAY, GRACE_DAYS).find(
      (o) => o.benefitLineId === QUALITATIVE_LINE,
    );
    expect(reading).toMatchObject({ class: 'qualitative', forecast: null, dueOn: '2018-02-14' });
  });

  it('a waiver takes the obligation off the overdue list and shows beside it', () => {
    const view = viewAfter(
      aProposal(),
      aCaseDocumentation(),
      aFirstAllocation(),
      aCaseDocumentation(withoutLastYear),
      aWaiver({ period: '2020' }),
    );
    expect(overdue(view, FINANCIAL_LINE)).toEqual(['2018', '2019']);
    const figures = followUpFigures(view, TODAY, GRACE_DAYS);
    expect(figures.waived).toEqual([
      {
        investmentId: INVESTMENT,
        title: 'E-arkiv och e-diarium',
        owner: LINE_OWNER,
        benefitLineId: FINANCIAL_LINE,
        period: '2020',
        reason: 'Licensavtalet avslutades redan 2018; inget att följa upp',
        waivedBy: 'frida.ek',
        waivedAt: '2021-03-01T09:00:00.000Z',
      },
    ]);
    const owed = figures.owners
      .flatMap((o) => o.overdue)
      .map((o) => `${o.benefitLineId} ${o.period}`);
    expect(owed).not.toContain(`${FINANCIAL_LINE} 2020`);
    expect(figures.total).toBe(owed.length);
  });
});

/**
 * A valued line's report is an amount over its period, known only once the period has ended.
 * A lead may report a year on its second day; once the year had ended that report met the
 * year's obligation, and the follow-up showed the year met on a claim made before it happened.
 */
describe('reports made before their period ended', () => {
  const approved = [aProposal(), aCaseDocumentation(), aFirstAllocation()];
  const early2019 = anEffectReport({ reportId: 'r-2019', period: '2019', today: '2019-01-02' });
  const confirmedOn = (today: string) =>
    aCorrection({
      correctionId: `c-${today}`,
      reportId: 'r-2019',
      value: Money.of('550000.00'),
      reason: 'Utfallet för helåret bekräftat',
      today,
    });
  const overdue2019 = (view: FollowUpView) =>
    overdueOf(view.investments[INVESTMENT], TODAY, GRACE_DAYS).find(
      (o) => o.benefitLineId === FINANCIAL_LINE && o.period === '2019',
    );

  it('meet no obligation of a valued line until a correction made after the end confirms them', () => {
    const reported = viewAfter(...approved, anEffectReport(), early2019);
    // 2018 was reported after it ended (STORY_TODAY): met.
    expect(overdue(reported, FINANCIAL_LINE)).toEqual(['2019', '2020']);
    expect(overdue2019(reported)).toMatchObject({ reportedBeforeEnd: true, dueOn: '2020-02-14' });
    const lastDay = viewAfter(...approved, anEffectReport(), early2019, confirmedOn('2019-12-31'));
    expect(overdue(lastDay, FINANCIAL_LINE)).toEqual(['2019', '2020']);
    const after = viewAfter(...approved, anEffectReport(), early2019, confirmedOn('2020-01-01'));
    expect(overdue(after, FINANCIAL_LINE)).toEqual(['2020']);
    expect(
      overdueOf(after.investments[INVESTMENT], TODAY, GRACE_DAYS).every(
        (o) => !o.reportedBeforeEnd,
      ),
    ).toBe(true);
  });

  it('a report of the year made early meets none of its quarters either', () => {
    const quarterly = aBenefitCase({
      benefits: [
        aFinancialLine({ forecast: quarterlyForecast(2018) }),
        aRedistributableLine(),
        aQualitativeLine(),
      ],
    });
    const view = viewAfter(
      aProposal(),
      aCaseDocumentation(quarterly),
      aFirstAllocation(),
      anEffectReport({ period: '2018', today: '2018-01-02' }),
    );
    expect(overdue(view, FINANCIAL_LINE)).toEqual(['2018-Q1', '2018-Q2', '2018-Q3', '2018-Q4']);
  });

  it("a qualitative line's reading taken during its period meets it", () => {
    const view = viewAfter(
      ...approved,
      anEffectReport({
        reportId: 'nki-2018',
        benefitLineId: QUALITATIVE_LINE,
        period: '2018',
        value: '66',
        today: '2018-03-01',
      }),
    );
    expect(overdue(view, QUALITATIVE_LINE)).toEqual(['2017', '2019', '2020']);
    // Nothing waits for confirmation: the model keeps only valued lines' early reports.
    expect(view.investments[INVESTMENT].unsettled).toEqual([]);
  });

  it('finance may release an obligation met only by an early report, not one confirmed since', () => {
    const early = historyOf(investmentDecider, [...approved, early2019]);
    given(investmentDecider, early)
      .when(aWaiver({ period: '2019' }))
      .then([waivedEvent()]);
    const confirmed = historyOf(investmentDecider, [
      ...approved,
      early2019,
      confirmedOn('2020-01-01'),
    ]);
    given(investmentDecider, confirmed)
      .when(aWaiver({ period: '2019' }))
      .thenRefuses('OBLIGATION_ALREADY_MET');
  });

  /**
   * The figures leave such a report out until it is confirmed, as the harvests do: counted, the
   * year filed on its second day showed realised in full (ratio 1, on track) on the board the
   * day the year fell due, on nothing but the lead's forecast.
   */
  it('count in the figures only once a correction made after the end confirms them', () => {
    const line2019 = (...commands: InvestmentCommand[]) => {
      const track = ledgerAfter(...commands).reduce<ForecastVsActualView>(
        (view, event) => evolveForecastVsActual(view, event),
        initialForecastVsActualView,
      ).investments[INVESTMENT];
      const options = {
        grain: 'year',
        today: '2020-03-01',
        tolerances: DEFAULT_TOLERANCES,
      } as const;
      const figures = investmentFigures(track, options);
      const line = figures.lines.find((l) => l.benefitLineId === FINANCIAL_LINE);
      if (line === undefined) throw new Error('no financial line');
      return {
        actual: line.periods.find((p) => p.period === '2019')?.actual ?? null,
        toDate: line.toDate.actual,
        notReported: line.toDate.notReported,
        unconfirmed: line.unconfirmedReports,
        summary: toDateSummary(track, options).actualToDate,
        kpiActual: figures.kpis.actualToDate?.monetised.npv,
      };
    };
    const reported = line2019(...approved, anEffectReport(), early2019);
    expect(reported.actual).toBeNull();
    expect(reported.toDate).toBe('550000.00');
    expect(reported.notReported).toBe('-600000.00');
    expect(reported.unconfirmed).toEqual([
      { reportId: 'r-2019', period: '2019', value: '550000.00' },
    ]);
    expect(reported.summary).toBe(reported.toDate);
    // A correction on the period's last day is still made before it ended.
    const lastDay = line2019(...approved, anEffectReport(), early2019, confirmedOn('2019-12-31'));
    expect(lastDay).toEqual(reported);
    const after = line2019(...approved, anEffectReport(), early2019, confirmedOn('2020-01-01'));
    expect(after.actual).toBe('550000.00');
    expect(after.toDate).toBe('1100000.00');
    expect(after.notReported).toBe('0.00');
    expect(after.unconfirmed).toBeUndefined();
    expect(after.summary).toBe('1100000.00');
    expect(after.kpiActual).not.toEqual(reported.kpiActual);
    // Made after the end, the same report counts as recorded.
    const late = line2019(
      ...approved,
      anEffectReport(),
      anEffectReport({ reportId: 'r-2019', period: '2019', today: '2020-01-02' }),
    );
    expect(late).toEqual(after);
  });

  it('record the day they were made, as the corrections do', () => {
    const events = historyOf(investmentDecider, [
      ...approved,
      early2019,
      confirmedOn('2020-01-01'),
    ]);
    expect(events.at(-2)?.data).toMatchObject({ reportId: 'r-2019', reportedOn: '2019-01-02' });
    expect(events.at(-1)?.data).toMatchObject({ reportId: 'r-2019', correctedOn: '2020-01-01' });
  });
});

describe('baseline and corrected sums in the other read models', () => {
  const approved = [aProposal(), aCaseDocumentation(), aFirstAllocation()];

  it('forecast-vs-actual and the summary take the baseline from the approval, then the latest revision', () => {
    const events = ledgerAfter(...approved, aCaseDocumentation(withoutLastYear));
    const revised = ledgerAfter(
      ...approved,
      aCaseDocumentation(withoutLastYear),
      aBaselineRevision(),
    );
    const track = (all: LedgerEvent[]) =>
      all.reduce<ForecastVsActualView>(
        (view, event) => evolveForecastVsActual(view, event),
        initialForecastVsActualView,
      ).investments[INVESTMENT];
    const summary = (all: LedgerEvent[]) =>
      all.reduce<InvestmentSummaryView>(
        (view, event) => evolveInvestmentSummary(view, event),
        initialInvestmentSummaryView,
      ).investments[INVESTMENT];
    expect(track(events).baselineCaseVersion).toBe(1);
    expect(track(revised).baselineCaseVersion).toBe(2);
    expect(track(revised).cases['2']).toEqual(withoutLastYear);
    expect(summary(events).baselineCaseVersion).toBe(1);
    expect(summary(revised).baselineCaseVersion).toBe(2);
    expect(summary(revised).baselineRevisions).toHaveLength(1);
  });

  it('corrections and reversals move spent and harvested; the entries stay as recorded', () => {
    const all = ledgerAfter(
      ...approved,
      aCost(),
      aCost({ costId: 'cost-2', amount: Money.of('100000.00') }),
      aCostCorrection(),
      aCostReversal({ costId: 'cost-2' }),
      anEffectReport(),
      aHarvest(),
      aHarvestCorrection(),
    );
    const summary = all.reduce<InvestmentSummaryView>(
      (view, event) => evolveInvestmentSummary(view, event),
      initialInvestmentSummaryView,
    ).investments[INVESTMENT];
    expect(summary.spent).toBe('705000.00');
    expect(summary.costs.map((c) => c.amount)).toEqual(['750000.00', '100000.00']);
    expect(summary.harvested).toBe('450000.00');
    const track = all.reduce<ForecastVsActualView>(
      (view, event) => evolveForecastVsActual(view, event),
      initialForecastVsActualView,
    ).investments[INVESTMENT];
    expect(track.costs.map((c) => [c.costId, c.amount])).toEqual([['cost-1', '705000.00']]);
    expect(track.harvests.map((h) => h.amount)).toEqual(['450000.00']);
    const reversed = ledgerAfter(
      ...approved,
      anEffectReport(),
      aHarvest(),
      aHarvestReversal(),
    ).reduce<InvestmentSummaryView>(
      (view, event) => evolveInvestmentSummary(view, event),
      initialInvestmentSummaryView,
    ).investments[INVESTMENT];
    expect(reversed.harvested).toBe('0.00');
  });
});
