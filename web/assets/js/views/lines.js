// Benefit lines of a case, and how a reported value of one reads: kronor for valued lines,
// the indicator's unit for qualitative ones.

import { money, number } from '../format.js';

export const isValued = (benefitClass) => benefitClass !== 'qualitative';

export const lineOf = (benefitCase, benefitLineId) =>
  benefitCase?.benefits?.find((l) => l.benefitLineId === benefitLineId);

/** Every year of the horizon: what a report's period or a harvest's fiscal year is most often. */
export const horizonYears = (benefitCase) =>
  Array.from({ length: benefitCase.horizonYears }, (_, i) => String(benefitCase.startYear + i));

export const lineName = (benefitCase, benefitLineId) =>
  lineOf(benefitCase, benefitLineId)?.description ?? benefitLineId;

export const reportedValueText = (benefitCase, benefitLineId, value) => {
  const line = lineOf(benefitCase, benefitLineId);
  return line && !isValued(line.class) ? `${number(value)} ${line.indicator.unit}` : money(value);
};
