// Benefit lines of a case, and how a reported value of one reads: kronor for valued lines,
// the indicator's unit for qualitative ones.

import { money, number } from '../format.js';
import { t } from '../i18n.js';

/** The id an explanation of the valued lines together names (src/investment/benefit-case.ts). */
export const VALUED_LINES_TOGETHER = 'valued-lines-together';

export const isValued = (benefitClass) => benefitClass !== 'qualitative';

export const lineOf = (benefitCase, benefitLineId) =>
  benefitCase?.benefits?.find((l) => l.benefitLineId === benefitLineId);

/** Every year of the horizon: what a report's period or a harvest's fiscal year is most often. */
export const horizonYears = (benefitCase) =>
  Array.from({ length: benefitCase.horizonYears }, (_, i) => String(benefitCase.startYear + i));

/**
 * A line by its description; the valued lines together (no line of the case) by their name, as
 * the explanation form offers them.
 */
export const lineName = (benefitCase, benefitLineId) =>
  lineOf(benefitCase, benefitLineId)?.description ??
  (benefitLineId === VALUED_LINES_TOGETHER ? t('form.explain.together') : benefitLineId);

export const reportedValueText = (benefitCase, benefitLineId, value) => {
  const line = lineOf(benefitCase, benefitLineId);
  return line && !isValued(line.class) ? `${number(value)} ${line.indicator.unit}` : money(value);
};

/**
 * The ids of the reports the figures leave out as unconfirmed: a valued line's report made
 * before its period ended that no correction made after the end has confirmed (the line's
 * `unconfirmedReports` in the forecast vs actual; DOMAIN.md, "What meets an obligation"). The
 * server decides it from every version of the case; the page only shows it.
 */
export const unconfirmedReportIds = (fva) =>
  new Set(
    fva.ok
      ? fva.value.lines.flatMap((l) => (l.unconfirmedReports ?? []).map((u) => u.reportId))
      : [],
  );
