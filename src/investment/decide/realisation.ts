/**
 * What a line has realised against what was harvested from it: a budget is only reduced by
 * savings the line has reported for periods that have ended, unless the reduction was declared
 * ahead of realisation. A report of the running year is a forecast in all but name: the
 * saving is not realised until the period is over and the report is made, or confirmed, after
 * it (obligations.ts settlesPeriod; the figures and the follow-up read the same rule).
 */
import { Money } from '../../money/money';
import { periodEndedBy, periodOf } from '../../periods/period';
import {
  EffectReportedData,
  IsoDate,
  PeriodText,
  SavingsHarvestedData,
} from '../investment.events';
import { refuse } from '../investment.refusals';
import { reportSettles } from '../obligations';
import { EffectReport, Investment, currentHarvestAmount, effectiveValue } from './investment-state';

/**
 * The line's realised actual to date: its effective reports of the periods ended by `today`
 * that were made, or confirmed by a correction, after their period ended (obligations.ts
 * reportSettles; harvests are of financial lines), leaving out the report `except` (one about
 * to change). A report filed before its period ended is a forecast until it is confirmed: a
 * harvest on it is a reduction ahead of realisation, as the follow-up lists its period unmet.
 */
const realisedOf = (
  investment: Investment,
  benefitLineId: string,
  today: IsoDate,
  except?: string,
): Money =>
  investment.reports
    .filter(
      (r) =>
        r.benefitLineId === benefitLineId &&
        r.reportId !== except &&
        periodEndedBy(periodOf(r.period), today) &&
        reportSettles(r, 'financial'),
    )
    .reduce((sum, r) => sum.plus(Money.of(effectiveValue(r))), Money.zero);

/** The harvests `counts` picks, each as it counts now (corrected, or zero once reversed). */
const harvestedWhere = (
  investment: Investment,
  counts: (harvest: SavingsHarvestedData) => boolean,
): Money =>
  investment.harvests
    .filter(counts)
    .reduce((sum, h) => sum.plus(Money.of(currentHarvestAmount(investment, h))), Money.zero);

/**
 * A budget is only reduced by what the line has realised to date (`today`: the day the command
 * is decided on); more is a förhandsreduktion, which must be declared (`aheadOfRealisation`
 * with a reason), never slip through.
 */
export const requireHarvestRealised = (
  investment: Investment,
  benefitLineId: string,
  amount: Money,
  except: string | null,
  today: IsoDate,
): void => {
  const realised = realisedOf(investment, benefitLineId, today);
  // Leaving out the harvest being corrected: `amount` is what it would count.
  const harvested = harvestedWhere(
    investment,
    (h) => h.benefitLineId === benefitLineId && h.harvestId !== except,
  );
  if (harvested.plus(amount).gt(realised)) {
    refuse(
      'HARVEST_EXCEEDS_REALISED',
      `Line ${benefitLineId} has realised ${realised.toString()} to date (reports of periods ended before ${today}, made or confirmed after their end) ` +
        `and harvested ${harvested.toString()}; ${amount.toString()} more would harvest what was not realised. ` +
        'Mark it aheadOfRealisation with a reason if the budget was reduced in advance.',
      'rule',
      {
        benefitLineId,
        realised: realised.toString(),
        harvested: harvested.toString(),
        amount: amount.toString(),
      },
    );
  }
};

/**
 * What a report or a correction does to a line's report of one period: it would count `value`
 * (what it counts now, if anything, the line's realised actual says: realisedOf).
 */
export interface ReportChange {
  readonly benefitLineId: string;
  readonly reportId: string;
  readonly period: PeriodText;
  readonly value: string;
  /** What makes the change, named in the refusal. */
  readonly by: 'report' | 'correction';
}

/** A new report: nothing stood for its period (one report per line and period). */
export const newReport = (
  data: Pick<EffectReportedData, 'benefitLineId' | 'reportId' | 'period' | 'value'>,
): ReportChange => ({
  benefitLineId: data.benefitLineId,
  reportId: data.reportId,
  period: data.period,
  value: data.value,
  by: 'report',
});

/** A correction of `report` to `value`. */
export const correctionOf = (report: EffectReport, value: string): ReportChange => ({
  benefitLineId: report.benefitLineId,
  reportId: report.reportId,
  period: report.period,
  value,
  by: 'correction',
});

/**
 * A report must not leave a budget cut standing on a saving that is not reported: the line's
 * harvests not marked ahead of realisation must stay within the realised actual to date that
 * a new report or a correction leaves. Finance corrects or reverses the harvest first. Only a
 * change that lowers the realised actual to date is judged: a report of a period not yet ended
 * changes nothing realised, and one that raises it (a correction upwards, a new report of zero
 * or more, the confirmation of an early report at a gain) cannot be what leaves a harvest above
 * it (a harvest recorded while reports of every period counted may stand above it). A new
 * report of a loss (a negative value of an ended period), or an early one confirmed at a loss,
 * lowers it as a lowered report does.
 */
export const requireHarvestsStillRealised = (
  investment: Investment,
  change: ReportChange,
  today: IsoDate,
): void => {
  if (!periodEndedBy(periodOf(change.period), today)) return;
  // Made after its period ended, the report or correction settles the period: the report then
  // counts its value, whether or not it counted before (an early report counted nothing until
  // confirmed, so confirming it at a loss lowers the realised actual, at a smaller gain raises
  // it). The change is judged on what it does to the line's realised actual, not to the report.
  const before = realisedOf(investment, change.benefitLineId, today);
  const realised = realisedOf(investment, change.benefitLineId, today, change.reportId).plus(
    Money.of(change.value),
  );
  if (!realised.lt(before)) return;
  const harvested = harvestedWhere(
    investment,
    (h) => h.benefitLineId === change.benefitLineId && h.aheadOfRealisation !== true,
  );
  // Nothing harvested is no budget cut to stand above the saving: a line with no harvest (or
  // only harvests marked ahead) may report a loss that takes its realised actual below zero.
  if (harvested.isZero() || !harvested.gt(realised)) return;
  refuse(
    'HARVEST_EXCEEDS_REALISED',
    `Line ${change.benefitLineId} has harvested ${harvested.toString()} as realised; the ${change.by} would leave ` +
      `${realised.toString()} realised to date. Correct or reverse the harvest first (or mark it ahead of realisation).`,
    'rule',
    {
      benefitLineId: change.benefitLineId,
      reportId: change.reportId,
      realised: realised.toString(),
      harvested: harvested.toString(),
    },
  );
};
