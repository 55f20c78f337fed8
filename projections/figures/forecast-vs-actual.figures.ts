/**
 * The figures of one investment from its forecast-vs-actual entry, at a grain and as of a
 * day: per benefit line and period the baseline forecast, current forecast, actual,
 * harvested, variance and realisation ratio; per line the same "to date" with the line's
 * achievement and status; totals over the monetised lines; and the KPIs.
 *
 * Choices where DOMAIN.md is silent:
 * - Variance and realisation ratio are measured against the baseline forecast (the basis of
 *   the allocation decision) once the investment is approved, and against the current
 *   forecast before: a later, lower forecast must not make delivery look better.
 * - "To date" counts the months that have ended, and of a forecast's period only once the
 *   whole period has ended (a yearly promise is judged at the end of the year, not by
 *   spreading it into months that have passed); reports are spread onto the same months.
 * - Actual KPIs take every cost recorded and every effective report of a monetised line:
 *   an actual exists only once it is recorded.
 * - A qualitative reading on the grid lands in the period holding the last month of the
 *   period it measures; where several land in one, the latest period's reading shows.
 */
import Decimal from 'decimal.js';
import { Money } from '../../src/money/money';
import {
  Grain,
  Period,
  comparePeriods,
  coarsen,
  formatPeriod,
  periodOf,
  periodOfDate,
  periodsInHorizon,
} from '../../src/periods/period';
import {
  BenefitCase,
  BenefitClass,
  BenefitLine,
  DEFAULT_DISCOUNT_RATE,
  Indicator,
  caseHorizon,
  findBenefitLine,
  isValued,
} from '../../src/investment/benefit-case';
import { BenefitTrack, TrackedReport } from '../forecast-vs-actual.projection';
import {
  PeriodEntry,
  amountsOnGrain,
  entryOf,
  hasEnded,
  lastMonthOf,
  onGrain,
  sortPeriodTexts,
} from './grid';
import {
  Achievement,
  NO_ACHIEVEMENT,
  Status,
  Tolerances,
  indicatorAchievement,
  realisationAchievement,
  worstStatus,
} from './indicator';
import { CashFlows, Kpis, kpis, ratioText } from './kpis';

export interface FigureOptions {
  readonly grain: Grain;
  /** The day "to date" runs up to (exclusive), YYYY-MM-DD: the service clock's or the as-of moment's. */
  readonly today: string;
  readonly tolerances: Tolerances;
}

export interface AmountFigures {
  readonly baselineForecast: string | null;
  readonly currentForecast: string | null;
  readonly actual: string | null;
  readonly harvested: string | null;
  readonly variance: string | null;
  readonly realisationRatio: string | null;
}

export interface PeriodFigures extends AmountFigures {
  readonly period: string;
  /** Qualitative lines: the indicator reading shown in this period. */
  readonly indicatorValue: string | null;
}

export interface LineFigures extends Achievement {
  readonly benefitLineId: string;
  readonly description: string;
  readonly class: BenefitClass;
  readonly owner: string;
  readonly indicator: Indicator;
  /** Qualitative lines: the reading of the latest period, in the indicator's unit. */
  readonly latestReading: { readonly period: string; readonly value: string } | null;
  readonly periods: readonly PeriodFigures[];
  readonly toDate: AmountFigures;
}

export interface KpiSet {
  readonly monetised: Kpis;
  readonly financial: Kpis;
}

export interface InvestmentFigures {
  readonly investmentId: string;
  readonly grain: Grain;
  readonly today: string;
  readonly baselineCaseVersion: number | null;
  readonly currentCaseVersion: number | null;
  /** t = 0 of the NPV: the year of the first allocation's decision, or the case's startYear before one. */
  readonly decisionYear: number | null;
  readonly lines: readonly LineFigures[];
  readonly totals: { readonly periods: readonly PeriodFigures[]; readonly toDate: AmountFigures };
  readonly kpis: {
    readonly forecast: KpiSet | null;
    readonly baseline: KpiSet | null;
    readonly actualToDate: KpiSet | null;
  };
  readonly status: Status | null;
}

// ---------------------------------------------------------------------------------------------
// The cases of a track

export const caseOf = (track: BenefitTrack, version: number | null): BenefitCase | null =>
  version === null ? null : (track.cases[String(version)] ?? null);

export const baselineCase = (track: BenefitTrack): BenefitCase | null =>
  caseOf(track, track.baselineCaseVersion);

export const currentCase = (track: BenefitTrack): BenefitCase | null =>
  caseOf(track, track.currentCaseVersion);

/** What delivery is measured against: the baseline once approved, the current case before. */
export const referenceCase = (track: BenefitTrack): BenefitCase | null =>
  track.baselineCaseVersion === null ? currentCase(track) : baselineCase(track);

export const decisionYear = (track: BenefitTrack): number | null => {
  const approving = track.allocations.find((a) => a.allocationId === track.approvedBy);
  const earliest = [...track.allocations].sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : 1))[0];
  const decided = approving ?? earliest;
  if (decided) return Number(decided.decidedOn.slice(0, 4));
  return referenceCase(track)?.startYear ?? null;
};

// ---------------------------------------------------------------------------------------------
// Small arithmetic on optional money

const text = (amount: Money | null): string | null => (amount === null ? null : amount.toString());

const ratioOf = (actual: Money | null, reference: Money | null): Decimal | null =>
  actual === null || reference === null || reference.isZero()
    ? null
    : actual.toDecimal().dividedBy(reference.toDecimal());

const amountFigures = (
  baseline: Money | null,
  current: Money | null,
  actual: Money | null,
  harvested: Money | null,
  reference: Money | null,
): AmountFigures => {
  const ratio = ratioOf(actual, reference);
  return {
    baselineForecast: text(baseline),
    currentForecast: text(current),
    actual: text(actual),
    harvested: text(harvested),
    variance: actual === null || reference === null ? null : actual.minus(reference).toString(),
    realisationRatio: ratio === null ? null : ratioText(ratio),
  };
};

// ---------------------------------------------------------------------------------------------
// One line

interface LineInputs {
  readonly id: string;
  readonly approved: boolean;
  readonly baseline: BenefitCase | null;
  readonly current: BenefitCase | null;
  readonly reference: BenefitCase | null;
  readonly reports: readonly TrackedReport[];
  readonly harvests: readonly PeriodEntry[];
  readonly benefitClass: BenefitClass;
}

const forecastEntries = (benefitCase: BenefitCase | null, id: string): PeriodEntry[] =>
  (benefitCase ? (findBenefitLine(benefitCase, id)?.forecast ?? []) : []).map(entryOf);

const reportEntries = (reports: readonly TrackedReport[]): PeriodEntry[] =>
  reports.map((r) => entryOf({ period: r.period, amount: r.value }));

const horizonPeriods = (inputs: LineInputs, grain: Grain): string[] =>
  [inputs.baseline, inputs.current]
    .filter((c): c is BenefitCase => c !== null)
    .flatMap((c) => periodsInHorizon(caseHorizon(c), grain).map(formatPeriod));

/** A month is due when it has ended and so has the reference forecast period holding it. */
const dueMonths = (
  reference: readonly PeriodEntry[],
  today: string,
): ((month: Period) => boolean) => {
  const pending = reference.filter((e) => !hasEnded(e.period, today));
  const pendingMonths = new Set(
    pending.flatMap((e) => onGrain(e, 'month')).map((p) => formatPeriod(p.period)),
  );
  return (month) => hasEnded(month, today) && !pendingMonths.has(formatPeriod(month));
};

const sumDue = (entries: readonly PeriodEntry[], due: (month: Period) => boolean): Money =>
  Money.sum(
    entries
      .flatMap((e) => onGrain(e, 'month'))
      .filter((part) => due(part.period))
      .map((part) => part.amount),
  );

const valuedPeriods = (inputs: LineInputs, grain: Grain): PeriodFigures[] => {
  const baseline =
    inputs.baseline && amountsOnGrain(forecastEntries(inputs.baseline, inputs.id), grain);
  const current =
    inputs.current && amountsOnGrain(forecastEntries(inputs.current, inputs.id), grain);
  const actual = amountsOnGrain(reportEntries(inputs.reports), grain);
  const harvested = amountsOnGrain(inputs.harvests, grain);
  const financial = inputs.benefitClass === 'financial';
  const periods = sortPeriodTexts([
    ...horizonPeriods(inputs, grain),
    ...actual.keys(),
    ...harvested.keys(),
  ]);
  return periods.map((period) => {
    const b = baseline ? (baseline.get(period) ?? Money.zero) : null;
    const c = current ? (current.get(period) ?? Money.zero) : null;
    const a = actual.get(period) ?? null;
    const h = financial ? (harvested.get(period) ?? Money.zero) : null;
    return { period, ...amountFigures(b, c, a, h, inputs.approved ? b : c), indicatorValue: null };
  });
};

const valuedToDate = (inputs: LineInputs, today: string): AmountFigures => {
  const due = dueMonths(forecastEntries(inputs.reference, inputs.id), today);
  const b = inputs.baseline && sumDue(forecastEntries(inputs.baseline, inputs.id), due);
  const c = inputs.current && sumDue(forecastEntries(inputs.current, inputs.id), due);
  const a = sumDue(reportEntries(inputs.reports), due);
  const h =
    inputs.benefitClass === 'financial' ? Money.sum(inputs.harvests.map((e) => e.amount)) : null;
  return amountFigures(b, c, a, h, inputs.approved ? b : c);
};

/** The reading of the latest period (a correction keeps its report's period). */
const latestReading = (reports: readonly TrackedReport[]): TrackedReport | null =>
  reports.reduce<TrackedReport | null>((latest, r) => {
    if (latest === null) return r;
    const order = comparePeriods(
      lastMonthOf(periodOf(r.period)),
      lastMonthOf(periodOf(latest.period)),
    );
    return order >= 0 ? r : latest;
  }, null);

const qualitativePeriods = (inputs: LineInputs, grain: Grain): PeriodFigures[] => {
  const readings = new Map<string, TrackedReport>();
  const ordered = [...inputs.reports].sort((a, b) =>
    comparePeriods(lastMonthOf(periodOf(a.period)), lastMonthOf(periodOf(b.period))),
  );
  for (const report of ordered) {
    readings.set(formatPeriod(coarsen(lastMonthOf(periodOf(report.period)), grain)), report);
  }
  const periods = sortPeriodTexts([...horizonPeriods(inputs, grain), ...readings.keys()]);
  return periods.map((period) => ({
    period,
    ...amountFigures(null, null, null, null, null),
    indicatorValue: readings.get(period)?.value ?? null,
  }));
};

const emptyToDate = amountFigures(null, null, null, null, null);

/** The line as the reference case defines it, else as the current one, else as last documented. */
const lineDefinition = (inputs: LineInputs): BenefitLine | undefined =>
  (inputs.reference && findBenefitLine(inputs.reference, inputs.id)) ??
  (inputs.current && findBenefitLine(inputs.current, inputs.id)) ??
  undefined;

const lineFigures = (
  track: BenefitTrack,
  inputs: LineInputs,
  options: FigureOptions,
): LineFigures => {
  const info = track.lineInfo[inputs.id];
  const defined = lineDefinition(inputs);
  const indicator = defined?.indicator ?? info.indicator;
  const latest = latestReading(inputs.reports);
  const valued = isValued(inputs.benefitClass);
  const toDate = valued ? valuedToDate(inputs, options.today) : emptyToDate;
  const horizonCase = inputs.reference ?? inputs.current;
  const achievement: Achievement = valued
    ? realisationAchievement(exactRatio(toDate, inputs.approved), options.tolerances)
    : latest && horizonCase
      ? indicatorAchievement(
          indicator,
          caseHorizon(horizonCase),
          { period: periodOf(latest.period), value: latest.value },
          options.tolerances,
        )
      : NO_ACHIEVEMENT;
  return {
    benefitLineId: inputs.id,
    description: info.description,
    class: inputs.benefitClass,
    owner: info.owner,
    indicator,
    latestReading: !valued && latest ? { period: latest.period, value: latest.value } : null,
    periods: valued
      ? valuedPeriods(inputs, options.grain)
      : qualitativePeriods(inputs, options.grain),
    toDate,
    ...achievement,
  };
};

/** The realisation ratio before rounding, from the to-date sums (exact to the öre). */
const exactRatio = (figures: AmountFigures, approved: boolean): Decimal | null => {
  const reference = approved ? figures.baselineForecast : figures.currentForecast;
  return ratioOf(
    figures.actual === null ? null : Money.of(figures.actual),
    reference === null ? null : Money.of(reference),
  );
};

/** Lines of the current case in its order, then lines only the baseline has, then any other reported line. */
const lineIds = (track: BenefitTrack): string[] => {
  const ids = [
    ...(currentCase(track)?.benefits ?? []).map((l) => l.benefitLineId),
    ...(baselineCase(track)?.benefits ?? []).map((l) => l.benefitLineId),
    ...track.reports.map((r) => r.benefitLineId),
  ];
  return [...new Set(ids)].filter((id) => track.lineInfo[id] !== undefined);
};

const inputsFor = (track: BenefitTrack, id: string): LineInputs => ({
  id,
  approved: track.baselineCaseVersion !== null,
  baseline: baselineCase(track),
  current: currentCase(track),
  reference: referenceCase(track),
  reports: track.reports.filter((r) => r.benefitLineId === id),
  harvests: track.harvests
    .filter((h) => h.benefitLineId === id)
    .map((h) => entryOf({ period: String(h.fiscalYear), amount: h.amount })),
  benefitClass: track.lineInfo[id].class,
});

// ---------------------------------------------------------------------------------------------
// Totals over the monetised lines

const plus = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : Money.of(a).plus(Money.of(b)).toString();

/**
 * Sums of the lines; variance and ratio over the lines that have an actual (like for like),
 * so an unreported line does not count as a shortfall of the period's total.
 */
const sumFigures = (rows: readonly AmountFigures[], approved: boolean): AmountFigures => {
  const reported = rows.filter((r) => r.actual !== null);
  const reference = reported.reduce<string | null>(
    (sum, r) => plus(sum, approved ? r.baselineForecast : r.currentForecast),
    null,
  );
  const actual = reported.reduce<string | null>((sum, r) => plus(sum, r.actual), null);
  const ratio = ratioOf(
    actual === null ? null : Money.of(actual),
    reference === null ? null : Money.of(reference),
  );
  return {
    baselineForecast: rows.reduce<string | null>((sum, r) => plus(sum, r.baselineForecast), null),
    currentForecast: rows.reduce<string | null>((sum, r) => plus(sum, r.currentForecast), null),
    actual,
    harvested: rows.reduce<string | null>((sum, r) => plus(sum, r.harvested), null),
    variance: reported.reduce<string | null>((sum, r) => plus(sum, r.variance), null),
    realisationRatio: ratio === null ? null : ratioText(ratio),
  };
};

const totalsOf = (
  lines: readonly LineFigures[],
  approved: boolean,
): InvestmentFigures['totals'] => {
  const valued = lines.filter((l) => isValued(l.class));
  const periods = sortPeriodTexts(valued.flatMap((l) => l.periods.map((p) => p.period)));
  return {
    periods: periods.map((period) => ({
      period,
      ...sumFigures(
        valued.flatMap((l) => l.periods.filter((p) => p.period === period)),
        approved,
      ),
      indicatorValue: null,
    })),
    toDate: sumFigures(
      valued.map((l) => l.toDate),
      approved,
    ),
  };
};

// ---------------------------------------------------------------------------------------------
// KPIs

const caseFlows = (benefitCase: BenefitCase, include: (c: BenefitClass) => boolean): CashFlows => ({
  benefits: benefitCase.benefits
    .filter((l) => include(l.class))
    .flatMap((l) => (l.forecast ?? []).map(entryOf)),
  costs: benefitCase.costs.flatMap((l) => l.forecast.map(entryOf)),
});

const isFinancial = (c: BenefitClass): boolean => c === 'financial';

const caseKpis = (benefitCase: BenefitCase | null, year: number | null): KpiSet | null =>
  benefitCase === null || year === null
    ? null
    : {
        monetised: kpis(caseFlows(benefitCase, isValued), benefitCase.discountRate, year),
        financial: kpis(caseFlows(benefitCase, isFinancial), benefitCase.discountRate, year),
      };

const actualFlows = (track: BenefitTrack, include: (c: BenefitClass) => boolean): CashFlows => ({
  benefits: track.reports
    .filter((r) => {
      const info = track.lineInfo[r.benefitLineId];
      return info !== undefined && include(info.class);
    })
    .map((r) => entryOf({ period: r.period, amount: r.value })),
  costs: track.costs.map((c) => ({
    period: periodOfDate(c.incurredOn, 'month'),
    amount: Money.of(c.amount),
  })),
});

const actualKpis = (track: BenefitTrack, year: number | null): KpiSet | null => {
  if (year === null) return null;
  const rate = referenceCase(track)?.discountRate ?? DEFAULT_DISCOUNT_RATE;
  return {
    monetised: kpis(actualFlows(track, isValued), rate, year),
    financial: kpis(actualFlows(track, isFinancial), rate, year),
  };
};

// ---------------------------------------------------------------------------------------------

/** Every benefit line's figures, without the KPIs. */
export const lineFiguresOf = (track: BenefitTrack, options: FigureOptions): LineFigures[] =>
  lineIds(track).map((id) => lineFigures(track, inputsFor(track, id), options));

export const investmentFigures = (
  track: BenefitTrack,
  options: FigureOptions,
): InvestmentFigures => {
  const approved = track.baselineCaseVersion !== null;
  const lines = lineFiguresOf(track, options);
  const year = decisionYear(track);
  return {
    investmentId: track.investmentId,
    grain: options.grain,
    today: options.today,
    baselineCaseVersion: track.baselineCaseVersion,
    currentCaseVersion: track.currentCaseVersion,
    decisionYear: year,
    lines,
    totals: totalsOf(lines, approved),
    kpis: {
      forecast: caseKpis(currentCase(track), year),
      baseline: caseKpis(baselineCase(track), year),
      actualToDate: actualKpis(track, year),
    },
    status: worstStatus(lines.map((l) => l.status)),
  };
};

export interface ToDateSummary {
  /** The forecast measured against (baseline once approved, else current) over the periods due. */
  readonly forecastToDate: string | null;
  readonly currentForecastToDate: string | null;
  readonly actualToDate: string | null;
  readonly varianceToDate: string | null;
  readonly realisationRatio: string | null;
  /** The worst status of the investment's lines; null while none can be judged. */
  readonly indicatorStatus: Status | null;
}

/** The investment's figures to date over its monetised lines, for the investment summary. */
export const toDateSummary = (track: BenefitTrack, options: FigureOptions): ToDateSummary => {
  const approved = track.baselineCaseVersion !== null;
  const lines = lineFiguresOf(track, options);
  const toDate = sumFigures(
    lines.filter((l) => isValued(l.class)).map((l) => l.toDate),
    approved,
  );
  return {
    forecastToDate: approved ? toDate.baselineForecast : toDate.currentForecast,
    currentForecastToDate: toDate.currentForecast,
    actualToDate: toDate.actual,
    varianceToDate: toDate.variance,
    realisationRatio: toDate.realisationRatio,
    indicatorStatus: worstStatus(lines.map((l) => l.status)),
  };
};
