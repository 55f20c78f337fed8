/** Recording harvests (budget reductions for financial lines), and correcting or reversing them. */
import { Money } from '../../money/money';
import { MAX_YEAR, MIN_YEAR, horizonEndYear } from '../../periods/period';
import { BenefitCase, caseHorizon } from '../benefit-case';
import { CorrectHarvest, RecordHarvest, ReverseHarvest } from '../investment.commands';
import { SavingsHarvestedData } from '../investment.events';
import { refuse, refuseInput, requireText } from '../investment.refusals';
import {
  Decided,
  emit,
  requireBenefitLine,
  requireCase,
  requireInvestment,
  requirePositive,
  repeatOrConflict,
} from './guards';
import { AmountEntry, amountEntry, requireCorrectable, reverseEntry } from './amount-change';
import { answerableAs } from './answerable';
import { Investment, InvestmentState } from './investment-state';
import { requireHarvestRealised } from './realisation';

const requireFiscalYearInHorizon = (fiscalYear: number, benefitCase: BenefitCase): void => {
  const horizon = caseHorizon(benefitCase);
  const endYear = horizonEndYear(horizon);
  if (fiscalYear < horizon.startYear || fiscalYear > endYear) {
    refuse(
      'FISCAL_YEAR_OUTSIDE_HORIZON',
      `Fiscal year ${fiscalYear} lies outside the benefit case's horizon ${horizon.startYear}–${endYear}.`,
      'rule',
      { fiscalYear, startYear: horizon.startYear, endYear },
    );
  }
};

/**
 * Four eyes on a harvest, as on a waiver or a re-baseline: a harvest lowers a budget on the
 * strength of the savings the line's reports claim, so no one who answers or has answered for
 * those savings books, corrects or reverses it, even holding the finance role: the investment's
 * project lead, or an owner of the line in any version. Otherwise one person holding both roles
 * could report savings as lead and harvest them as finance, or reverse a harvest and then lower
 * the report it rested on, with no second person in either.
 */
const requireNotByResponsible = (
  investment: Investment,
  benefitLineId: string,
  harvestId: string,
  actorId: string,
): void => {
  const as = answerableAs(investment, actorId, [benefitLineId]);
  if (as === null) return;
  refuse(
    'HARVEST_BY_RESPONSIBLE',
    `${actorId} is the ${as} answerable for the savings of line ${benefitLineId}; someone else ` +
      `in finance must decide harvest ${harvestId}.`,
    'rule',
    { benefitLineId, harvestId, responsible: actorId, as },
  );
};

/**
 * Harvests go on after closing; only a financial line lowers a budget that can be withdrawn,
 * and, unless marked ahead of realisation, only by what it realised to date (realisation.ts).
 */
export const recordHarvest = (command: RecordHarvest, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const data: SavingsHarvestedData = {
    investmentId: investment.id,
    harvestId: command.harvestId,
    benefitLineId: command.benefitLineId,
    fiscalYear: command.fiscalYear,
    amount: command.amount.toString(),
    decisionRef: command.decisionRef,
    ...(command.aheadOfRealisation === true ? { aheadOfRealisation: true as const } : {}),
    // Required ahead of realisation; given with an ordinary harvest, it is kept all the same
    // (accepted and then dropped, the caller's why was answered 201 and was nowhere).
    ...(command.reason === undefined ? {} : { reason: command.reason }),
  };
  const earlier = investment.harvests.find((h) => h.harvestId === command.harvestId);
  if (earlier) {
    return repeatOrConflict(
      data,
      earlier,
      (e) => e.type === 'SavingsHarvested' && e.data.harvestId === command.harvestId,
      'HARVEST_ALREADY_EXISTS',
      `Harvest ${command.harvestId} was recorded with other details.`,
    );
  }
  const current = requireCase(investment);
  const line = requireBenefitLine(current.case, command.benefitLineId);
  requireNotByResponsible(investment, line.benefitLineId, command.harvestId, command.actor.id);
  if (line.class !== 'financial') {
    return refuse(
      'HARVEST_NOT_FINANCIAL',
      `Line ${line.benefitLineId} is ${line.class}; only financial lines are harvested.`,
      'rule',
      {
        benefitLineId: line.benefitLineId,
        class: line.class,
      },
    );
  }
  requirePositive(command.amount, 'amount');
  if (
    !Number.isInteger(command.fiscalYear) ||
    command.fiscalYear < MIN_YEAR ||
    command.fiscalYear > MAX_YEAR
  ) {
    refuseInput('fiscalYear', `must be a whole number from ${MIN_YEAR} to ${MAX_YEAR}`);
  }
  requireText(command.decisionRef, 'decisionRef');
  requireFiscalYearInHorizon(command.fiscalYear, current.case);
  if (command.aheadOfRealisation === true) requireText(command.reason, 'reason');
  else requireHarvestRealised(investment, line.benefitLineId, command.amount, null, command.today);
  return emit({ type: 'SavingsHarvested', data });
};

const requireHarvest = (investment: Investment, harvestId: string): SavingsHarvestedData =>
  investment.harvests.find((h) => h.harvestId === harvestId) ??
  refuse(
    'HARVEST_NOT_FOUND',
    `Investment ${investment.id} has no harvest ${harvestId}.`,
    'not-found',
  );

const harvestEntry = (investment: Investment, harvest: SavingsHarvestedData): AmountEntry =>
  amountEntry('harvest', harvest.harvestId, harvest.amount, investment.harvestChanges);

/** A larger harvest must still be realised to date, unless the harvest was declared ahead of realisation. */
export const correctHarvest = (command: CorrectHarvest, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const harvest = requireHarvest(investment, command.harvestId);
  requireNotByResponsible(investment, harvest.benefitLineId, harvest.harvestId, command.actor.id);
  const corrected = requireCorrectable(harvestEntry(investment, harvest), command);
  if (
    harvest.aheadOfRealisation !== true &&
    command.amount.gt(Money.of(corrected.previousAmount))
  ) {
    requireHarvestRealised(
      investment,
      harvest.benefitLineId,
      command.amount,
      harvest.harvestId,
      command.today,
    );
  }
  return emit({
    type: 'HarvestCorrected',
    data: {
      investmentId: investment.id,
      harvestId: harvest.harvestId,
      correctionId: command.correctionId,
      benefitLineId: harvest.benefitLineId,
      ...corrected,
    },
  });
};

export const reverseHarvest = (command: ReverseHarvest, state: InvestmentState): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  const harvest = requireHarvest(investment, command.harvestId);
  const entry = harvestEntry(investment, harvest);
  // A harvest already reversed changes no more: the same reversal sent again is answered as
  // done, another refused as reversed, whoever sends it (nothing is written either way). Asked
  // first, the four-eyes rule would answer a retry of a reversal it let through with a 409.
  if (!entry.last?.reversed) {
    requireNotByResponsible(investment, harvest.benefitLineId, harvest.harvestId, command.actor.id);
  }
  return reverseEntry(entry, command.reason, (previousAmount) => ({
    type: 'HarvestReversed',
    data: {
      investmentId: investment.id,
      harvestId: harvest.harvestId,
      benefitLineId: harvest.benefitLineId,
      previousAmount,
      reason: command.reason,
    },
  }));
};
