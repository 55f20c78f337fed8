/**
 * Who answers for an investment's delivery, for the four-eyes rules that keep them from deciding
 * about it themselves: a re-baseline and a waiver (baseline-waiver.ts) and a harvest
 * (harvests.ts). One answer for all three, so the rules cannot drift apart on who counts.
 */
import { findBenefitLine } from '../benefit-case';
import { Investment } from './investment-state';

/**
 * Who answers for the delivery of these benefit lines: the investment's project lead, or an
 * owner of one of them in any documented version. The latest owner alone was not enough: a lead
 * could name someone else as owner in a new version, and the former owner, holding finance,
 * then waived the reports they had left unmade, or adopted a lower baseline for them.
 */
export const answerableAs = (
  investment: Investment,
  actorId: string,
  benefitLineIds: readonly string[],
): 'project lead' | 'line owner' | null => {
  if (actorId === investment.projectLead) return 'project lead';
  const owned = investment.caseVersions.some((v) =>
    benefitLineIds.some((id) => findBenefitLine(v.case, id)?.owner === actorId),
  );
  return owned ? 'line owner' : null;
};
