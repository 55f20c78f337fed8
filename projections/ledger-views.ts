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
import { LedgerEvent } from './ledger-event';

export interface LedgerViews {
  readonly fundBalance: FundBalanceView;
  readonly forecastVsActual: ForecastVsActualView;
  readonly investmentSummary: InvestmentSummaryView;
  readonly followUp: FollowUpView;
}

export type ModelName = keyof LedgerViews;

/** Names and versions; a stored model of another version is rebuilt from position 0. */
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

export const evolveViews = (views: LedgerViews, event: LedgerEvent): LedgerViews => ({
  fundBalance: evolveFundBalance(views.fundBalance, event),
  forecastVsActual: evolveForecastVsActual(views.forecastVsActual, event),
  investmentSummary: evolveInvestmentSummary(views.investmentSummary, event),
  followUp: evolveFollowUp(views.followUp, event),
});

export const foldViews = (views: LedgerViews, events: Iterable<LedgerEvent>): LedgerViews => {
  let out = views;
  for (const event of events) out = evolveViews(out, event);
  return out;
};
