// Benefit lines of a case, and how a reported value of one reads: kronor for valued lines,
// the indicator's unit for qualitative ones.

import { money, number } from '../format.js';

export const isValued = (benefitClass) => benefitClass !== 'qualitative';

export const lineOf = (benefitCase, benefitLineId) =>
  benefitCase?.benefits?.find((l) => l.benefitLineId === benefitLineId);

export const lineName = (benefitCase, benefitLineId) =>
  lineOf(benefitCase, benefitLineId)?.description ?? benefitLineId;

export const reportedValueText = (benefitCase, benefitLineId, value) => {
  const line = lineOf(benefitCase, benefitLineId);
  return line && !isValued(line.class) ? `${number(value)} ${line.indicator.unit}` : money(value);
};
