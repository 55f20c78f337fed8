/**
 * Read model: what each investment promised and what it delivered, as recorded — the
 * benefit-case versions that matter (the baseline, fixed by the first allocation, and the
 * current one), the effective effect reports (corrections applied), harvests, costs and the
 * allocations that funded it. Figures per benefit line and period, at any grain, and the
 * KPIs are computed from this by figures/forecast-vs-actual.figures.ts: the grain and "to
 * date" are questions asked of the view, not part of it.
 */
import {
  BenefitCase,
  BenefitClass,
  Indicator,
  caseHorizon,
  findBenefitLine,
  isValued,
} from '../src/investment/benefit-case';
import { Horizon, periodOf } from '../src/periods/period';
import { settlesPeriod } from '../src/investment/obligations';
import { stockholmDay } from '../src/periods/stockholm-day';
import { FUND_STREAM_PREFIX } from '../src/fund/fund.events';
import { reportIdOf } from '../src/investment/investment.events';
import {
  AllocationRecord,
  allocationRecordOf,
  isReducedBy,
  withReduction,
} from './figures/funding';
import { canonicalJson } from '../src/shared/canonical-json';
import { FoldScope } from '../src/shared/fold-scope';
import { LedgerEvent } from './ledger-event';
import { ownEntry } from '../src/shared/own-entry';

/**
 * Version 5: a valued line's report made before its period ended and not confirmed since is
 * marked `unconfirmed`; the figures leave it out of the actual (obligations.ts settlesPeriod).
 * Version 4: each track keeps `replacedPaths` (what a re-baseline replaced judged qualitative
 * readings on), so a reading of a period over before the decision stays judged on that path.
 * Version 3: each track keeps `recurringCostLineIds` (every cost line any version named
 * recurring) and `promisedIndicators` (a qualitative line's definition as promised after
 * approval), so no later version documented by the lead alone changes how the past is judged.
 * Version 2: harvests keep `aheadOfRealisation` and its reason.
 */
export const FORECAST_VS_ACTUAL_MODEL = { name: 'forecast-vs-actual', version: 5 } as const;

/** One report as it stands: the latest correction's value, or the report's own. */
export interface TrackedReport {
  readonly reportId: string;
  readonly benefitLineId: string;
  readonly period: string;
  readonly value: string;
  /** The correction that gave the value; null when the report stands as first made. */
  readonly correctionId: string | null;
  /**
   * A valued line's report made before its period ended (a forecast filed as a report) that no
   * correction made after the end has confirmed since (obligations.ts settlesPeriod). The
   * figures count it as no report: it is no evidence of what the period realised, and counted,
   * a year filed on its second day showed realised in full on the board once the year was due.
   */
  readonly unconfirmed?: true;
}

export interface TrackedHarvest {
  readonly harvestId: string;
  readonly benefitLineId: string;
  readonly fiscalYear: number;
  readonly amount: string;
  /** A förhandsreduktion: harvested before the line realised it, with finance's reason. */
  readonly aheadOfRealisation?: true;
  readonly reason?: string;
}

export interface TrackedCost {
  readonly costId: string;
  readonly costLineId: string | null;
  readonly amount: string;
  readonly incurredOn: string;
}

/** What a benefit line is, as its latest documented version says (kept for lines later removed). */
export interface LineInfo {
  readonly description: string;
  readonly class: BenefitClass;
  readonly owner: string;
  readonly indicator: Indicator;
}

/**
 * A baseline a re-baseline replaced, as it judged qualitative readings: per line the indicator
 * (baseline, direction, target) and the horizon of the linear path a reading is measured on.
 */
export interface ReplacedPath {
  /**
   * The Stockholm day the re-baseline that replaced it was recorded: a reading of a period that
   * ended before that day stays judged on this path (the decision could not rewrite what was
   * due, src/investment/decide/rebaseline-past.ts); one of a period still running is not.
   */
  readonly replacedOn: string;
  /** The version that was the baseline until then. */
  readonly caseVersion: number;
  readonly horizon: Horizon;
  /** Per qualitative line, the indicator it was judged by then (the baseline's or as promised). */
  readonly indicators: Readonly<Record<string, Indicator>>;
}

export interface BenefitTrack {
  readonly investmentId: string;
  readonly title: string;
  readonly department: string;
  /** Case versions by number: the baseline and the current one (every version until a baseline is fixed). */
  readonly cases: Readonly<Record<string, BenefitCase>>;
  readonly baselineCaseVersion: number | null;
  readonly currentCaseVersion: number | null;
  /** Every benefit line any version ever had, by id. */
  readonly lineInfo: Readonly<Record<string, LineInfo>>;
  /**
   * Every cost line id any documented version named `recurring`, in the order first named. The
   * costs booked against such a line are running cost for good (running-cost-effect.figures.ts):
   * a later version leaving the line out must not turn what finance booked into the investment.
   */
  readonly recurringCostLineIds: readonly string[];
  /**
   * Once approved, per qualitative line that a version from the approved one on names: the
   * indicator it was promised with after approval, as the earliest such version defines it, or
   * as the latest re-baseline adopting a version that has it does. What a line the reference case
   * lacks is judged by (forecast-vs-actual.figures.ts judgedBy); empty before approval.
   */
  readonly promisedIndicators: Readonly<Record<string, Indicator>>;
  /**
   * The baselines re-baselines replaced, oldest first: a new target or a longer horizon moves the
   * linear path, and a reading of a period that had ended when the board decided was judged on
   * the old one (forecast-vs-actual.figures.ts readingPath).
   */
  readonly replacedPaths: readonly ReplacedPath[];
  /** The allocation that approved the investment: its decision year is t = 0 for NPV. */
  readonly approvedBy: string | null;
  readonly allocations: readonly AllocationRecord[];
  readonly reports: readonly TrackedReport[];
  readonly harvests: readonly TrackedHarvest[];
  readonly costs: readonly TrackedCost[];
}

export interface ForecastVsActualView {
  readonly investments: Readonly<Record<string, BenefitTrack>>;
}

export const initialForecastVsActualView: ForecastVsActualView = { investments: {} };

const fundIdOf = (event: LedgerEvent): string => event.streamId.slice(FUND_STREAM_PREFIX.length);

const withTrack = (
  view: ForecastVsActualView,
  track: BenefitTrack,
  scope: FoldScope,
): ForecastVsActualView => ({
  investments: scope.put(view.investments, track.investmentId, track),
});

/** Events for an investment the view never saw proposed cannot be placed; they change nothing. */
const onTrack = (
  view: ForecastVsActualView,
  investmentId: string,
  scope: FoldScope,
  change: (track: BenefitTrack) => BenefitTrack,
): ForecastVsActualView => {
  const track = ownEntry(view.investments, investmentId);
  return track ? withTrack(view, change(track), scope) : view;
};

/** Once the baseline is fixed only it and the current version are ever read again. */
const keptCases = (
  cases: Readonly<Record<string, BenefitCase>>,
  baseline: number | null,
  current: number | null,
): Readonly<Record<string, BenefitCase>> => {
  if (baseline === null) return cases;
  return Object.fromEntries(
    Object.entries(cases).filter(([v]) => v === String(baseline) || v === String(current)),
  );
};

/** The recurring cost lines of `benefitCase` added to `before` (the same list when none is new). */
const withRecurring = (before: readonly string[], benefitCase: BenefitCase): readonly string[] => {
  const added = benefitCase.costs
    .filter((line) => line.kind === 'recurring' && !before.includes(line.costLineId))
    .map((line) => line.costLineId);
  return added.length === 0 ? before : [...before, ...added];
};

/** By value: a document read back from the read-model file shares no object with the event. */
const sameIndicator = (a: Indicator, b: Indicator): boolean =>
  canonicalJson(a) === canonicalJson(b);

/**
 * The qualitative lines of `benefitCase` with their indicators: added where none is kept yet (a
 * version documented after approval), or every one (`adopted`: the version a re-baseline makes
 * the reference). The same record when nothing changes.
 */
const withPromised = (
  before: Readonly<Record<string, Indicator>>,
  benefitCase: BenefitCase,
  adopted: boolean,
): Readonly<Record<string, Indicator>> => {
  let out: Record<string, Indicator> | null = null;
  for (const line of benefitCase.benefits) {
    if (isValued(line.class)) continue;
    const kept = ownEntry(before, line.benefitLineId);
    if (kept !== undefined && (!adopted || sameIndicator(kept, line.indicator))) continue;
    out ??= { ...before };
    out[line.benefitLineId] = line.indicator;
  }
  return out ?? before;
};

/** The cases from the approved version on, oldest first: what the promises come from. */
const casesFrom = (cases: Readonly<Record<string, BenefitCase>>, approved: number): BenefitCase[] =>
  Object.keys(cases)
    .map(Number)
    .filter((v) => v >= approved)
    .sort((a, b) => a - b)
    .map((v) => cases[String(v)]);

const withLines = (
  before: Readonly<Record<string, LineInfo>>,
  benefitCase: BenefitCase,
): Readonly<Record<string, LineInfo>> => {
  const out = { ...before };
  for (const line of benefitCase.benefits) {
    const { description, class: benefitClass, owner, indicator } = line;
    out[line.benefitLineId] = { description, class: benefitClass, owner, indicator };
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// One handler per event.

type EventOf<T extends LedgerEvent['type']> = Extract<LedgerEvent, { type: T }>;

const onInvestmentProposed = (
  view: ForecastVsActualView,
  event: EventOf<'InvestmentProposed'>,
  scope: FoldScope,
): ForecastVsActualView => {
  const { investmentId, title, department } = event.data;
  return withTrack(
    view,
    {
      investmentId,
      title,
      department,
      cases: {},
      baselineCaseVersion: null,
      currentCaseVersion: null,
      lineInfo: {},
      recurringCostLineIds: [],
      promisedIndicators: {},
      replacedPaths: [],
      approvedBy: null,
      allocations: [],
      reports: [],
      harvests: [],
      costs: [],
    },
    scope,
  );
};

const onBenefitCaseDocumented = (
  view: ForecastVsActualView,
  event: EventOf<'BenefitCaseDocumented'>,
  scope: FoldScope,
): ForecastVsActualView =>
  onTrack(view, event.data.investmentId, scope, (track) => {
    const { version, case: benefitCase } = event.data;
    const cases = { ...track.cases, [String(version)]: benefitCase };
    const approved = track.baselineCaseVersion !== null;
    return {
      ...track,
      cases: keptCases(cases, track.baselineCaseVersion, version),
      currentCaseVersion: version,
      lineInfo: withLines(track.lineInfo, benefitCase),
      recurringCostLineIds: withRecurring(track.recurringCostLineIds, benefitCase),
      // Before approval the approved version is not known yet: the approval looks back.
      promisedIndicators: approved
        ? withPromised(track.promisedIndicators, benefitCase, false)
        : track.promisedIndicators,
    };
  });

const onInvestmentApproved = (
  view: ForecastVsActualView,
  event: EventOf<'InvestmentApproved'>,
  scope: FoldScope,
): ForecastVsActualView =>
  onTrack(view, event.data.investmentId, scope, (track) => {
    const baseline = event.data.baselineCaseVersion;
    // Every version is kept until now: those from the approved one on (documented before the
    // approval was recorded too) make the first promises.
    const promisedIndicators = casesFrom(track.cases, baseline).reduce(
      (promised, c) => withPromised(promised, c, false),
      track.promisedIndicators,
    );
    return {
      ...track,
      baselineCaseVersion: baseline,
      approvedBy: event.data.allocationId,
      cases: keptCases(track.cases, baseline, track.currentCaseVersion),
      promisedIndicators,
    };
  });

const onFundsAllocated = (
  view: ForecastVsActualView,
  event: EventOf<'FundsAllocated'>,
  scope: FoldScope,
): ForecastVsActualView => {
  const allocation = allocationRecordOf(fundIdOf(event), event.data);
  return onTrack(view, event.data.investmentId, scope, (track) => ({
    ...track,
    allocations: scope.append(track.allocations, allocation),
  }));
};

const onAllocationReduced = (
  view: ForecastVsActualView,
  event: EventOf<'AllocationReduced'>,
  scope: FoldScope,
): ForecastVsActualView => {
  const fundId = fundIdOf(event);
  return onTrack(view, event.data.investmentId, scope, (track) => ({
    ...track,
    allocations: scope.replace(
      track.allocations,
      (a) => isReducedBy(a, fundId, event.data),
      (a) => withReduction(a, event.data),
    ),
  }));
};

const onCostRecorded = (
  view: ForecastVsActualView,
  event: EventOf<'CostRecorded'>,
  scope: FoldScope,
): ForecastVsActualView =>
  onTrack(view, event.data.investmentId, scope, (track) => {
    const { costId, costLineId, amount, incurredOn } = event.data;
    const cost: TrackedCost = { costId, costLineId: costLineId ?? null, amount, incurredOn };
    return { ...track, costs: scope.append(track.costs, cost) };
  });

const onEffectReported = (
  view: ForecastVsActualView,
  event: EventOf<'EffectReported'>,
  scope: FoldScope,
): ForecastVsActualView =>
  onTrack(view, event.data.investmentId, scope, (track) => {
    const { reportId, benefitLineId, period, value, reportedOn } = event.data;
    const report: TrackedReport = {
      reportId,
      benefitLineId,
      period,
      value,
      correctionId: null,
      ...(settles(track, benefitLineId, period, reportedOn) ? {} : { unconfirmed: true }),
    };
    return { ...track, reports: scope.append(track.reports, report) };
  });

/**
 * Whether a report or correction of the line made on `madeOn` settles its period (the rule the
 * follow-up and the harvests apply, obligations.ts settlesPeriod). A line the track has no
 * record of is taken as valued, as the follow-up takes it: its report waits for confirmation.
 */
const settles = (
  track: BenefitTrack,
  benefitLineId: string,
  period: string,
  madeOn: string | undefined,
): boolean =>
  settlesPeriod(
    periodOf(period),
    ownEntry(track.lineInfo, benefitLineId)?.class ?? 'financial',
    madeOn,
  );

/** The report as a correction leaves it: its value, and confirmed if the correction settles it. */
const corrected = (
  track: BenefitTrack,
  report: TrackedReport,
  data: EventOf<'EffectReportCorrected'>['data'],
): TrackedReport => {
  const { unconfirmed: _wasUnconfirmed, ...rest } = report;
  const confirmed =
    report.unconfirmed === undefined ||
    settles(track, report.benefitLineId, report.period, data.correctedOn);
  return {
    ...rest,
    value: data.value,
    correctionId: data.correctionId,
    ...(confirmed ? {} : { unconfirmed: true }),
  };
};

const onEffectReportCorrected = (
  view: ForecastVsActualView,
  event: EventOf<'EffectReportCorrected'>,
  scope: FoldScope,
): ForecastVsActualView =>
  onTrack(view, event.data.investmentId, scope, (track) => ({
    ...track,
    reports: scope.replaceKeyed(track.reports, reportIdOf, event.data.reportId, (r) =>
      corrected(track, r, event.data),
    ),
  }));

const onSavingsHarvested = (
  view: ForecastVsActualView,
  event: EventOf<'SavingsHarvested'>,
  scope: FoldScope,
): ForecastVsActualView =>
  onTrack(view, event.data.investmentId, scope, (track) => {
    const { harvestId, benefitLineId, fiscalYear, amount, aheadOfRealisation, reason } = event.data;
    const ahead = aheadOfRealisation === true ? { aheadOfRealisation, reason } : {};
    return {
      ...track,
      harvests: scope.append(track.harvests, {
        harvestId,
        benefitLineId,
        fiscalYear,
        amount,
        ...ahead,
      }),
    };
  });

/**
 * What the baseline a re-baseline replaces judged qualitative readings on: each qualitative
 * line's indicator as the baseline defines it or, for a line it lacks, as promised after
 * approval (the figures' judgedBy, in the same order), and the baseline's horizon. Null when
 * there is no baseline to replace (never once approved).
 */
const replacedPath = (track: BenefitTrack, replacedOn: string): ReplacedPath | null => {
  const version = track.baselineCaseVersion;
  const baseline = version === null ? undefined : ownEntry(track.cases, String(version));
  if (version === null || baseline === undefined) return null;
  const indicators: Record<string, Indicator> = {};
  for (const [id, info] of Object.entries(track.lineInfo)) {
    if (isValued(info.class)) continue;
    const inBaseline = findBenefitLine(baseline, id);
    const indicator =
      inBaseline && !isValued(inBaseline.class)
        ? inBaseline.indicator
        : ownEntry(track.promisedIndicators, id);
    if (indicator !== undefined) indicators[id] = indicator;
  }
  return { replacedOn, caseVersion: version, horizon: caseHorizon(baseline), indicators };
};

const onBaselineRevised = (
  view: ForecastVsActualView,
  event: EventOf<'BaselineRevised'>,
  scope: FoldScope,
): ForecastVsActualView =>
  onTrack(view, event.data.investmentId, scope, (track) => {
    const adopted = ownEntry(track.cases, String(event.data.caseVersion));
    const replaced = replacedPath(track, stockholmDay(event.recordedAt));
    return {
      ...track,
      replacedPaths: replaced ? [...track.replacedPaths, replaced] : track.replacedPaths,
      baselineCaseVersion: event.data.caseVersion,
      cases: keptCases(track.cases, event.data.caseVersion, track.currentCaseVersion),
      // The board re-decided the lines the adopted version has: they are promised as it says.
      promisedIndicators: adopted
        ? withPromised(track.promisedIndicators, adopted, true)
        : track.promisedIndicators,
    };
  });

const onCostCorrected = (
  view: ForecastVsActualView,
  event: EventOf<'CostCorrected'>,
  scope: FoldScope,
): ForecastVsActualView =>
  onTrack(view, event.data.investmentId, scope, (track) => ({
    ...track,
    costs: scope.replace(
      track.costs,
      (c) => c.costId === event.data.costId,
      (c) => ({ ...c, amount: event.data.amount }),
    ),
  }));

const onCostReversed = (
  view: ForecastVsActualView,
  event: EventOf<'CostReversed'>,
  scope: FoldScope,
): ForecastVsActualView =>
  onTrack(view, event.data.investmentId, scope, (track) => ({
    ...track,
    costs: track.costs.filter((c) => c.costId !== event.data.costId),
  }));

const onHarvestCorrected = (
  view: ForecastVsActualView,
  event: EventOf<'HarvestCorrected'>,
  scope: FoldScope,
): ForecastVsActualView =>
  onTrack(view, event.data.investmentId, scope, (track) => ({
    ...track,
    harvests: scope.replace(
      track.harvests,
      (h) => h.harvestId === event.data.harvestId,
      (h) => ({ ...h, amount: event.data.amount }),
    ),
  }));

const onHarvestReversed = (
  view: ForecastVsActualView,
  event: EventOf<'HarvestReversed'>,
  scope: FoldScope,
): ForecastVsActualView =>
  onTrack(view, event.data.investmentId, scope, (track) => ({
    ...track,
    harvests: track.harvests.filter((h) => h.harvestId !== event.data.harvestId),
  }));

/** `scope` lets a fold of many events update its own copies in place (fold-scope.ts). */
export const evolveForecastVsActual = (
  view: ForecastVsActualView,
  event: LedgerEvent,
  scope: FoldScope = new FoldScope(),
): ForecastVsActualView => {
  switch (event.type) {
    case 'InvestmentProposed':
      return onInvestmentProposed(view, event, scope);
    case 'BenefitCaseDocumented':
      return onBenefitCaseDocumented(view, event, scope);
    case 'InvestmentApproved':
      return onInvestmentApproved(view, event, scope);
    case 'FundsAllocated':
      return onFundsAllocated(view, event, scope);
    case 'AllocationReduced':
      return onAllocationReduced(view, event, scope);
    case 'CostRecorded':
      return onCostRecorded(view, event, scope);
    case 'EffectReported':
      return onEffectReported(view, event, scope);
    case 'EffectReportCorrected':
      return onEffectReportCorrected(view, event, scope);
    case 'SavingsHarvested':
      return onSavingsHarvested(view, event, scope);
    case 'BaselineRevised':
      return onBaselineRevised(view, event, scope);
    case 'CostCorrected':
      return onCostCorrected(view, event, scope);
    case 'CostReversed':
      return onCostReversed(view, event, scope);
    case 'HarvestCorrected':
      return onHarvestCorrected(view, event, scope);
    case 'HarvestReversed':
      return onHarvestReversed(view, event, scope);
    case 'FundEstablished':
    case 'TrancheAdded':
    case 'TrancheReleased':
    case 'TrancheAmended':
    case 'TrancheClosed':
    case 'StageChanged':
    case 'InvestmentClosed':
    case 'ObligationWaived':
    case 'DeviationExplained':
      return view;
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
    }
  }
};
