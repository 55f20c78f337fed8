/**
 * What a line has realised against what was harvested from it: a budget is only reduced by
 * savings the line has reported, unless the reduction was declared ahead of realisation.
 */
import { Money } from '../../money/money';
import { SavingsHarvestedData } from '../investment.events';
import { refuse } from '../investment.refusals';
import {
  EffectReport,
  Investment,
  currentHarvestAmount,
  effectiveReports,
  effectiveValue,
} from './investment-state';

/** The line's realised actual: its effective reports over every period. */
const realisedOf = (investment: Investment, benefitLineId: string): Money =>
  effectiveReports(investment)
    .filter((r) => r.benefitLineId === benefitLineId)
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
 * A budget is only reduced by what the line has realised; more is a förhandsreduktion, which
 * must be declared (`aheadOfRealisation` with a reason), never slip through.
 */
export const requireHarvestRealised = (
  investment: Investment,
  benefitLineId: string,
  amount: Money,
  except: string | null,
): void => {
  const realised = realisedOf(investment, benefitLineId);
  // Leaving out the harvest being corrected: `amount` is what it would count.
  const harvested = harvestedWhere(
    investment,
    (h) => h.benefitLineId === benefitLineId && h.harvestId !== except,
  );
  if (harvested.plus(amount).gt(realised)) {
    refuse(
      'HARVEST_EXCEEDS_REALISED',
      `Line ${benefitLineId} has realised ${realised.toString()} and harvested ${harvested.toString()}; ` +
        `${amount.toString()} more would harvest what was not realised. Mark it aheadOfRealisation with a reason if the budget was reduced in advance.`,
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
 * actual the correction leaves. Finance corrects or reverses the harvest first.
 */
export const requireHarvestsStillRealised = (
  investment: Investment,
  report: EffectReport,
  value: string,
): void => {
  const standing = effectiveValue(report);
  const realised = realisedOf(investment, report.benefitLineId)
    .minus(Money.of(standing))
    .plus(Money.of(value));
  const harvested = harvestedWhere(
    investment,
    (h) => h.benefitLineId === report.benefitLineId && h.aheadOfRealisation !== true,
  );
  if (!harvested.gt(realised)) return;
  refuse(
    'HARVEST_EXCEEDS_REALISED',
    `Line ${report.benefitLineId} has harvested ${harvested.toString()} as realised; the correction would leave ` +
      `${realised.toString()} realised. Correct or reverse the harvest first (or mark it ahead of realisation).`,
    'rule',
    {
      benefitLineId: report.benefitLineId,
      reportId: report.reportId,
      realised: realised.toString(),
      harvested: harvested.toString(),
    },
  );
};
