// The API explains a 400 in English, field by field ({ path, message }). The page says the same
// in its own language: each known message shape maps to a phrase of the dictionary (its numbers
// kept), and each path ("benefits[1].indicator.baseline") to the names of the form's fields. A
// message of a shape the page does not know reads as a general phrase, never as English text
// in the Swedish page.

import { currentLang, has, t } from './i18n.js';

/** [shape, dictionary key, names of the captured parts]. Order matters: the first match wins. */
const SHAPES = [
  [/^is required$/, 'v.required'],
  // "is required: <what the field is>" (caseVersion): required, whatever the explanation.
  [/^is required: /, 'v.required'],
  [/^is required for an? (\w+) line$/, 'v.forecastRequired', ['class']],
  [/^is required when no line has a forecast/, 'v.startYearRequired'],
  [/^must not be blank$/, 'v.blank'],
  [/^must not be empty$/, 'v.blank'],
  [/^must be a string$/, 'v.string'],
  [/^must be a JSON object$/, 'v.object'],
  [/^must be an array$/, 'v.array'],
  [/^must be given once$/, 'v.once'],
  [/^is not a known field$/, 'v.unknownField'],
  [/^may not be (\S+), who documents the version/, 'v.selfAppointed', ['owner']],
  [/^must be at most ([0-9]+) characters$/, 'v.maxChars', ['n']],
  // class-validator's own words, for the request bodies it checks.
  [/^must be shorter than or equal to ([0-9]+) characters$/, 'v.maxChars', ['n']],
  [/^must be longer than or equal to ([0-9]+) characters$/, 'v.minChars', ['n']],
  [/^should not be empty$/, 'v.blank'],
  [/^must be an integer number$/, 'v.integer'],
  [/^must be a number conforming/, 'v.number'],
  [/^must not be less than (-?[0-9.]+)$/, 'v.min', ['min']],
  [/^must not be greater than (-?[0-9.]+)$/, 'v.max', ['max']],
  [/^must be a boolean value$/, 'v.boolean'],
  [/^must be one of the following values: (.*)$/, 'v.oneOf', ['choices']],
  [/^must be an object$/, 'v.object'],
  [/^must contain at least ([0-9]+) elements$/, 'v.minItems', ['n']],
  [/^must contain no more than ([0-9]+) elements$/, 'v.maxItems', ['n']],
  [/^must have at most ([0-9]+) items$/, 'v.maxItems', ['n']],
  [/^must have at least one period$/, 'v.onePeriod'],
  [/^must be one of: (.*)$/, 'v.oneOf', ['choices']],
  [/^must be 1–64 characters of a-z/, 'v.id'],
  [/^must match /, 'v.id'],
  [/^must be 1–128 characters of letters/, 'v.userId'],
  [/^must be a whole number from (-?[0-9]+) to (-?[0-9]+)$/, 'v.wholeNumber', ['min', 'max']],
  [/^must be a decimal string from 0 to 1/, 'v.discountRate'],
  [/^names its interval with a count/, 'v.frequencyCount'],
  [/^must be a plain decimal string such as/, 'v.indicatorDecimal'],
  [/^must be a string of digits such as/, 'v.money'],
  [/^must be a plain decimal such as/, 'v.money'],
  [/^must have at most 2 decimals/, 'v.ore'],
  [/^must not be negative$/, 'v.negative'],
  [/^must be greater than 0\.00$/, 'v.positive'],
  [/^must be at most 1000000000000\.00$/, 'v.tooLarge'],
  [/^must be a string such as "2017"/, 'v.period'],
  [/^must be YYYY, YYYY-Qn or YYYY-MM/, 'v.period'],
  [/^year must be from ([0-9]+) to ([0-9]+)$/, 'v.year', ['min', 'max']],
  [/^quarter must be/, 'v.quarter'],
  [/^month must be/, 'v.month'],
  [/^duplicates the period at (.*)$/, 'v.duplicatePeriod', ['at']],
  // Two lines of a case with one id: the other is named ("Samma id som Nytta 1.").
  [/^duplicates the id at (.*)$/, 'v.duplicateId', ['at']],
  // An effect value: kronor on a valued line (why the amount is not one follows), a reading
  // in the indicator's unit on a qualitative one.
  [/^must be SEK for an? \w+ line: (.*)$/, 'v.sekForLine', ['detail']],
  [
    /^must be a plain decimal in the indicator's unit \((.*)\) for a qualitative line, not SEK$/,
    'v.indicatorUnit',
    ['unit'],
  ],
  [/^must be absent when the case has a financial or redistributable line$/, 'v.qualitativeOnly'],
  [/^must be plain text without control characters$/, 'v.plainText'],
  // The change report's period (from, to).
  [/^must not be later than to$/, 'v.fromAfterTo'],
  [/^overlaps (\S+) at (\S+)/, 'v.overlap', ['period', 'at']],
  [/^must be absent for a qualitative line/, 'v.qualitativeForecast'],
  [/^was documented as (\w+); add a new line/, 'v.classChanged', ['class']],
  [/^may not be before the baseline's start year ([0-9]+)/, 'v.startBeforeBaseline', ['year']],
  [/^lies outside the horizon ([0-9]+)–([0-9]+)/, 'v.outsideHorizon', ['start', 'end']],
  [/^runs past ([0-9]+)/, 'v.runsPast', ['year']],
  [/^must be greater than the baseline \(([^)]*)\)/, 'v.targetAbove', ['baseline']],
  [/^must be less than the baseline \(([^)]*)\)/, 'v.targetBelow', ['baseline']],
  [
    /^must be a real date written YYYY-MM-DD, in the years ([0-9]{4}) to ([0-9]{4})$/,
    'v.date',
    ['first', 'last'],
  ],
  [/^must be an ISO 8601 timestamp/, 'v.timestamp'],
  [/^is not a real moment/, 'v.timestamp'],
  [/^must fall on a Stockholm day from (\S+) to (\S+):/, 'v.stockholmDay', ['first', 'last']],
  [/^must be "SEK"$/, 'v.currency'],
  [/^must be a ledger position/, 'v.position'],
  [/^must not be given together with/, 'v.notTogether'],
  [/^nested deeper than/, 'v.tooDeep'],
  [/^must be a ledger digest v1:/, 'v.digest'],
  [
    /^was taken of a ledger with an? (\w+) chain; this ledger keeps an? (\w+) chain/,
    'v.digestScope',
    ['scope', 'own'],
  ],
  [/^must have at most ([0-9]+) fields$/, 'v.maxFields', ['n']],
];

/** Path segments: a name, or an index in brackets. */
const SEGMENT = /([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]/g;

/** "benefits[1].indicator.baseline" → "Nytta 2 › Indikator › Utgångsvärde". */
export const pathText = (path) => {
  const parts = [];
  for (const [, name, index] of String(path ?? '').matchAll(SEGMENT)) {
    if (index !== undefined) {
      const last = parts.pop() ?? '';
      parts.push(`${last} ${Number(index) + 1}`.trim());
    } else {
      parts.push(has(`path.${name}`) ? t(`path.${name}`) : name);
    }
  }
  return parts.join(' › ');
};

/** One field problem of a 400, in the page's language. */
export const fieldMessage = (problem) => {
  const message = String(problem?.message ?? '');
  // English is the API's own language: the English page shows its words as they are.
  if (currentLang() === 'en' && message) return message;
  for (const [shape, key, names = []] of SHAPES) {
    const match = shape.exec(message);
    if (!match) continue;
    const vars = Object.fromEntries(names.map((name, i) => [name, match[i + 1]]));
    if ('at' in vars) vars.at = pathText(vars.at);
    if ('class' in vars) vars.class = has(`class.${vars.class}`) ? t(`class.${vars.class}`) : '';
    // A message that ends in another one (why an amount is not money) says that one too.
    if ('detail' in vars) vars.detail = fieldMessage({ message: vars.detail });
    return t(key, vars);
  }
  return t('v.invalid');
};

/** What a benefit case lacks (BENEFIT_CASE_MISSING's `missing`), one item in the page's language. */
const MISSING_SHAPES = [
  [/^no benefit case has been documented$/, 'm.noCase'],
  [/^the benefit case has no benefit line$/, 'm.noLine'],
  [/^benefit line "([^"]+)" has no owner$/, 'm.owner', ['line']],
  [/^benefit line "([^"]+)" has no baseline$/, 'm.baseline', ['line']],
  [/^benefit line "([^"]+)" has no target$/, 'm.target', ['line']],
  [/^benefit line "([^"]+)" has no measurement method$/, 'm.method', ['line']],
  [/^benefit line "([^"]+)" is valued in SEK but has no forecast$/, 'm.forecast', ['line']],
  [/^a cost line with a forecast/, 'm.costForecast'],
  [/^a financial or redistributable benefit line/, 'm.valuedLine'],
];

export const missingText = (item) => {
  const text = String(item ?? '');
  if (currentLang() === 'en' && text) return text;
  for (const [shape, key, names = []] of MISSING_SHAPES) {
    const match = shape.exec(text);
    if (match) return t(key, Object.fromEntries(names.map((n, i) => [n, match[i + 1]])));
  }
  return t('m.other');
};
