/**
 * What a line has realised against what was harvested from it: a budget is only reduced by
 * savings the line has reported for periods that have ended, unless the reduction was declared
 * ahead of realisation. A report of the running year is a forecast in all but name: the
 * saving is not realised until the period is over (the figures count it only once due, too).
 */
import { Money } from '../../money/money';
import { periodEndedBy, periodOf } from '../../periods/period';
import { IsoDate, SavingsHarvestedData } from '../investment.events';
import { refuse } from '../investment.refusals';
import {
  EffectReport,
  Investment,
  currentHarvestAmount,
  effectiveReports,
  effectiveValue,
} from './investment-state';

/** The line's realised actual to date: its effective reports of the periods ended by `today`. */
const realisedOf = (investment: Investment, benefitLineId: string, today: IsoDate): Money =>
  effectiveReports(investment)
    .filter((r) => r.benefitLineId === benefitLineId && periodEndedBy(periodOf(r.period), today))
    .reduce((sum, r) => sum.plus(Money.of(r.value)), Money.zero);

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
      `Line ${benefitLineId} has realised ${realised.toString()} to date (reports of periods ended before ${today}) ` +
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
 * A lowered report must not leave a budget cut standing on a saving that is no longer
 * reported: the line's harvests not marked ahead of realisation must stay within the realised
 * actual to date the correction leaves. Finance corrects or reverses the harvest first. Only a
 * correction that lowers the realised actual to date is judged: one of a period not yet ended
 * changes nothing realised, and one that raises a report cannot be what leaves a harvest above
 * it (a harvest recorded while reports of every period counted may stand above it).
 */
export const requireHarvestsStillRealised = (
  investment: Investment,
  report: EffectReport,
  value: string,
  today: IsoDate,
): void => {
  const standing = Money.of(effectiveValue(report));
  const corrected = Money.of(value);
  if (!periodEndedBy(periodOf(report.period), today) || !corrected.lt(standing)) return;
  const realised = realisedOf(investment, report.benefitLineId, today)
    .minus(standing)
    .plus(corrected);
  const harvested = harvestedWhere(
    investment,
    (h) => h.benefitLineId === report.benefitLineId && h.aheadOfRealisation !== true,
  );
  if (!harvested.gt(realised)) return;
  refuse(
    'HARVEST_EXCEEDS_REALISED',
    `Line ${report.benefitLineId} has harvested ${harvested.toString()} as realised; the correction would leave ` +
      `${realised.toString()} realised to date. Correct or reverse the harvest first (or mark it ahead of realisation).`,
    'rule',
    {
      benefitLineId: report.benefitLineId,
      reportId: report.reportId,
      realised: realised.toString(),
      harvested: harvested.toString(),
    },
  );
};
