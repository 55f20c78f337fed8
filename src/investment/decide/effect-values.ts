/** Effect values: SEK for valued lines, the indicator's unit for qualitative ones. */
import { MONEY_PROBLEM_TEXT, Money } from '../../money/money';
import { BenefitLine, findBenefitLine, isIndicatorDecimal, isValued } from '../benefit-case';
import { EffectValue } from '../investment.commands';
import { refuse } from '../investment.refusals';
import { Investment, caseVersionOf } from './investment-state';

type ValueReading =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

const readEffectValue = (value: EffectValue, line: BenefitLine): ValueReading => {
  if (isValued(line.class)) {
    if (value instanceof Money) return { ok: true, text: value.toString() };
    const parsed = Money.parse(value, 'any');
    return parsed.ok
      ? { ok: true, text: parsed.value.toString() }
      : {
          ok: false,
          message: `must be SEK for a ${line.class} line: ${MONEY_PROBLEM_TEXT[parsed.problem]}`,
        };
  }
  if (typeof value === 'string' && isIndicatorDecimal(value)) return { ok: true, text: value };
  return {
    ok: false,
    message: `must be a plain decimal in the indicator's unit (${line.indicator.unit}) for a qualitative line, not SEK`,
  };
};

export const requireEffectValue = (value: EffectValue, line: BenefitLine): string => {
  const reading = readEffectValue(value, line);
  if (reading.ok) return reading.text;
  return refuse('EFFECT_VALUE_INVALID', `value ${reading.message}`, 'invalid', {
    errors: [{ path: 'value', message: reading.message }],
  });
};

/** The value as the recorded line would have stored it, for telling a repeat from a conflict. */
export const valueAsRecorded = (
  investment: Investment,
  value: EffectValue,
  benefitLineId: string,
  caseVersion: number,
): string | null => {
  const recordedCase = caseVersionOf(investment, caseVersion);
  const line = recordedCase && findBenefitLine(recordedCase, benefitLineId);
  const reading = line ? readEffectValue(value, line) : undefined;
  return reading?.ok ? reading.text : null;
};
