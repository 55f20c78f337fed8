/**
 * The investment refusals: every code the investment decider (and deviation-explanation.ts,
 * which it calls) may answer, and the helpers that throw them. A module of its own so both
 * use them without importing each other.
 */
import { DomainError } from '../shared/domain-error';

export const INVESTMENT_ERROR_CODES = [
  'INVESTMENT_NOT_FOUND',
  'INVESTMENT_ALREADY_EXISTS',
  'INVESTMENT_CLOSED',
  'BENEFIT_CASE_INVALID',
  'BENEFIT_CASE_MISSING',
  'BENEFIT_CASE_VERSION_NOT_FOUND',
  'NO_BENEFIT_CASE',
  'STAGE_SET_BY_ALLOCATION',
  'STAGE_SET_BY_CLOSE',
  'STAGE_TRANSITION_NOT_ALLOWED',
  'COST_ALREADY_EXISTS',
  'COST_LINE_NOT_FOUND',
  'BENEFIT_LINE_NOT_FOUND',
  'PERIOD_OUTSIDE_HORIZON',
  'EFFECT_VALUE_INVALID',
  'EFFECT_ALREADY_REPORTED',
  'REPORT_ALREADY_EXISTS',
  'REPORT_NOT_FOUND',
  'CORRECTION_ALREADY_EXISTS',
  'HARVEST_ALREADY_EXISTS',
  'HARVEST_NOT_FINANCIAL',
  'HARVEST_EXCEEDS_REALISED',
  'FISCAL_YEAR_OUTSIDE_HORIZON',
  'HARVEST_NOT_FOUND',
  'HARVEST_REVERSED',
  'COST_NOT_FOUND',
  'COST_REVERSED',
  'AMOUNT_UNCHANGED',
  'BENEFIT_CASE_INCOMPLETE',
  'BENEFIT_OWNER_UNKNOWN',
  'PROJECT_LEAD_UNKNOWN',
  'OWNER_SELF_APPOINTED',
  'BENEFIT_LINE_CLASS_CHANGED',
  'COST_LINE_KIND_CHANGED',
  'HORIZON_START_BEFORE_BASELINE',
  'INVESTMENT_NOT_APPROVED',
  'BASELINE_VERSION_NOT_CURRENT',
  'BASELINE_UNCHANGED',
  'BASELINE_APPROVER_IS_AUTHOR',
  'BASELINE_BY_RESPONSIBLE',
  'NEGATIVE_RUNNING_COST_EFFECT',
  'BASELINE_REWRITES_PAST',
  'OBLIGATION_NOT_OWED',
  'OBLIGATION_ALREADY_MET',
  'OBLIGATION_ALREADY_WAIVED',
  'WAIVER_BY_RESPONSIBLE',
  'HARVEST_BY_RESPONSIBLE',
  'EXPLANATION_ALREADY_EXISTS',
  'DATE_OUTSIDE_INVESTMENT_LIFE',
  'DATE_OUTSIDE_FUND_LIFE',
  'PERIOD_NOT_STARTED',
  'EFFECT_PERIOD_BEFORE_LIFE',
  'READING_COARSER_THAN_FREQUENCY',
  'COST_BOOKED_BY_FINANCE',
  'VALIDATION_FAILED',
] as const;
export type InvestmentErrorCode = (typeof INVESTMENT_ERROR_CODES)[number];

/** No investment by that id: at all, or at the moment asked about (`asOf`) when one was named. */
export const investmentNotFound = (investmentId: string, asOf?: string | null): DomainError =>
  new DomainError(
    'INVESTMENT_NOT_FOUND',
    `No investment ${investmentId}${asOf ? ` as of ${asOf}` : ''}.`,
    'not-found',
  );

export const refuse = (
  code: InvestmentErrorCode,
  detail: string,
  kind: 'rule' | 'not-found' | 'invalid' = 'rule',
  extra: Record<string, unknown> = {},
): never => {
  throw new DomainError(code, detail, kind, extra);
};

/**
 * A shaped field that still breaks a domain rule (a blank reason, a zero amount): the same 400
 * VALIDATION_FAILED, with the same `errors: [{ path, message }]`, as a body the validation of
 * the request refuses, so a client reads one code for "fix this field" wherever it is judged.
 */
export const refuseInput = (path: string, message: string): never =>
  refuse('VALIDATION_FAILED', `${path}: ${message}`, 'invalid', { errors: [{ path, message }] });

export const requireText = (value: string | undefined, path: string): void => {
  if (value === undefined || value.trim() === '') refuseInput(path, 'must not be blank');
};
