/**
 * All read models together: one fold step applies an event to each of them. The runner
 * (src/projections) persists them with their checkpoint; the as-of reader folds them afresh
 * up to a past position. Both use exactly this fold, which is why a rebuilt model equals
 * the live one.
 */
import {
  FOLLOW_UP_MODEL,
  FollowUpView,
  evolveFollowUp,
  initialFollowUpView,
} from './follow-up.projection';
import {
  FORECAST_VS_ACTUAL_MODEL,
  ForecastVsActualView,
  evolveForecastVsActual,
  initialForecastVsActualView,
} from './forecast-vs-actual.projection';
import {
  FUND_BALANCE_MODEL,
  FundBalanceView,
  evolveFundBalance,
  initialFundBalanceView,
} from './fund-balance.projection';
import {
  INVESTMENT_SUMMARY_MODEL,
  InvestmentSummaryView,
  evolveInvestmentSummary,
  initialInvestmentSummaryView,
} from './investment-summary.projection';
import { FoldScope } from '../src/shared/fold-scope';
import { LedgerEvent } from './ledger-event';

export interface LedgerViews {
  readonly fundBalance: FundBalanceView;
  readonly forecastVsActual: ForecastVsActualView;
  readonly investmentSummary: InvestmentSummaryView;
  readonly followUp: FollowUpView;
}

export type ModelName = keyof LedgerViews;

/**
 * Names and versions; a stored model of another version is rebuilt from position 0, and the
 * others are kept (src/projections/rebuild.ts rebuildStale). So a change to what a model's
 * fold writes bumps that model's version, and a change to code several folds share (upcast.ts,
 * figures/funding.ts, the report rule of src/investment/obligations.ts settlesPeriod that the
 * follow-up and forecast-vs-actual folds apply) bumps the version of every model it changes.
 */
export const READ_MODELS: Readonly<Record<ModelName, { name: string; version: number }>> = {
  fundBalance: FUND_BALANCE_MODEL,
  forecastVsActual: FORECAST_VS_ACTUAL_MODEL,
  investmentSummary: INVESTMENT_SUMMARY_MODEL,
  followUp: FOLLOW_UP_MODEL,
};

export const MODEL_NAMES = Object.keys(READ_MODELS) as ModelName[];

/** One string naming every model and version, stored beside the checkpoint. */
export const modelSignature = (): string =>
  MODEL_NAMES.map((m) => `${READ_MODELS[m].name}@${READ_MODELS[m].version}`).join(',');

export const initialViews: LedgerViews = {
  fundBalance: initialFundBalanceView,
  forecastVsActual: initialForecastVsActualView,
  investmentSummary: initialInvestmentSummaryView,
  followUp: initialFollowUpView,
};

/**
 * One event into every view. A fold of many events passes one FoldScope to all its steps, so
 * each collection is copied once per fold rather than once per event (fold-scope.ts); without
 * one, the step copies what it changes and leaves `views` as it was. With `only`, the other
 * models' views are left as they are (a rebuild of the models whose version changed): each
 * model's fold reads its own view alone.
 */
export const evolveViews = (
  views: LedgerViews,
  event: LedgerEvent,
  scope: FoldScope = new FoldScope(),
  only?: ReadonlySet<ModelName>,
): LedgerViews => {
  const folds = (model: ModelName): boolean => only === undefined || only.has(model);
  return {
    fundBalance: folds('fundBalance')
      ? evolveFundBalance(views.fundBalance, event, scope)
      : views.fundBalance,
    forecastVsActual: folds('forecastVsActual')
      ? evolveForecastVsActual(views.forecastVsActual, event, scope)
      : views.forecastVsActual,
    investmentSummary: folds('investmentSummary')
      ? evolveInvestmentSummary(views.investmentSummary, event, scope)
      : views.investmentSummary,
    followUp: folds('followUp') ? evolveFollowUp(views.followUp, event, scope) : views.followUp,
  };
};

/** The views after `events`; `views` itself is left as it was. */
export const foldViews = (views: LedgerViews, events: Iterable<LedgerEvent>): LedgerViews => {
  const scope = new FoldScope();
  let out = views;
  for (const event of events) out = evolveViews(out, event, scope);
  return out;
};
