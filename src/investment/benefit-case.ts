/**
 * The benefit case (nyttokalkyl): what an investment costs and what it promises, per period,
 * over a horizon of years. Validation takes untrusted parsed JSON and answers either a
 * typed, normalised case or every problem named by its path (`benefits[1].indicator.baseline`).
 * The validated case is plain JSON (money and decimals as strings) so it can go into an event
 * as it is, and validating it again gives the same case.
 */
import { Dec, MONEY_PROBLEM_TEXT, Money, Sign } from '../money/money';
import { controlCharacterProblem, ID_MESSAGE, ID_PATTERN } from '../shared/input-limits';
import {
  Horizon,
  MAX_YEAR,
  MIN_YEAR,
  Period,
  comparePeriods,
  formatPeriod,
  horizonEndYear,
  isInHorizon,
  overlaps,
  parsePeriod,
  samePeriod,
} from '../periods/period';

/** 3.5 % real, as ASEK and the Green Book. */
export const DEFAULT_DISCOUNT_RATE = '0.035';
export const MAX_DISCOUNT_RATE_DECIMALS = 6;
export const MIN_HORIZON_YEARS = 1;
export const MAX_HORIZON_YEARS = 50;
export const MAX_COST_LINES = 100;
export const MAX_BENEFIT_LINES = 100;
/** One entry per month over the longest horizon. */
export const MAX_FORECAST_ENTRIES = MAX_HORIZON_YEARS * 12;
/** Owner, indicator unit and frequency: names, not prose. */
export const MAX_NAME_LENGTH = 200;
/** Descriptions and measurement methods. */
export const MAX_TEXT_LENGTH = 2000;
export const MAX_ASSUMPTIONS_LENGTH = 20000;
export const MAX_INDICATOR_INTEGER_DIGITS = 15;
export const MAX_INDICATOR_DECIMALS = 6;
/** A refusal lists problems up to this many, so a hostile body cannot make a huge answer. */
export const MAX_PROBLEMS = 100;

export const COST_KINDS = ['one-off', 'recurring'] as const;
export const BENEFIT_CLASSES = ['financial', 'redistributable', 'qualitative'] as const;
export const DIRECTIONS = ['increase', 'decrease'] as const;

export type CostKind = (typeof COST_KINDS)[number];
export type BenefitClass = (typeof BENEFIT_CLASSES)[number];
export type IndicatorDirection = (typeof DIRECTIONS)[number];

/** A period text (`2017`, `2017-Q1`, `2017-03`) and an amount in SEK with two decimals ("1500.00"). */
export interface ForecastEntry {
  readonly period: string;
  readonly amount: string;
}

export interface CostLine {
  readonly costLineId: string;
  readonly kind: CostKind;
  readonly description: string;
  readonly forecast: readonly ForecastEntry[];
}

/** Baseline and target are decimal strings in the indicator's unit (not money). */
export interface Indicator {
  readonly unit: string;
  readonly baseline: string;
  readonly target: string;
  readonly direction: IndicatorDirection;
  readonly method: string;
  readonly frequency: string;
}

/**
 * The words an indicator's frequency (free text, Swedish or English) is read by, finest
 * first: "half-yearly" names half a year, not a year, and a wording that names months and
 * quarters alike is read by its months.
 */
const FREQUENCY_WORDS: readonly { readonly months: number; readonly words: readonly string[] }[] = [
  { months: 1, words: ['month', 'månad', 'manad'] },
  { months: 3, words: ['quarter', 'kvartal'] },
  { months: 6, words: ['half-year', 'semi-annual', 'halvår'] },
  { months: 12, words: ['year', 'annual', 'årlig', 'årsvis', 'per år'] },
];

/**
 * The months between an indicator's readings, as its frequency names them; undefined when the
 * wording names none of the known ones (each reader decides what that means). One reading for
 * both the obligations (how many readings are owed) and the read side (when a reading is late).
 */
export const readingIntervalMonths = (frequency: string): number | undefined => {
  const text = frequency.toLowerCase();
  return FREQUENCY_WORDS.find((f) => f.words.some((word) => text.includes(word)))?.months;
};

/**
 * A count or multiple beside the unit ("every 3 months", "var tredje månad", "twice a year",
 * "biannual"): the frequency is read by its unit word alone, so such a wording would be read as
 * another interval (every 3 months as monthly: three times the readings meant). One word for a
 * whole letter run: Swedish letters are not \w, so \b cannot bound them.
 */
const COUNTED_INTERVAL =
  /[0-9]|(?<![a-zåäö])(two|three|four|five|six|twice|thrice|other|second|third|fourth|sixth|bi-?(?:annual|annually|monthly|weekly|yearly|ennial)|två|tre|fyra|fem|sex|varannan|vartannat|andra|tredje|fjärde|sjätte)(?![a-zåäö])/i;

/** Why a frequency wording is refused at documentation, or undefined when it is read as meant. */
export const frequencyProblem = (frequency: string): string | undefined =>
  // A wording naming no known unit ("every other week") is read by its readings' periods.
  COUNTED_INTERVAL.test(frequency) && readingIntervalMonths(frequency) !== undefined
    ? 'names its interval with a count the ledger would not read: write one word, monthly, quarterly, half-yearly or yearly (månadsvis, kvartalsvis, halvårsvis, årligen)'
    : undefined;

export interface BenefitLine {
  readonly benefitLineId: string;
  readonly description: string;
  readonly class: BenefitClass;
  /** The user id of the person answerable for the line; they may report on it. */
  readonly owner: string;
  readonly indicator: Indicator;
  /** SEK per period for valued lines; absent for qualitative ones. Negative: a dis-benefit. */
  readonly forecast?: readonly ForecastEntry[];
}

export interface BenefitCase {
  readonly discountRate: string;
  readonly horizonYears: number;
  /**
   * First year of the horizon. When the input leaves it out it is the year of the earliest
   * forecast period of any line, and it is always written into the validated case, so the
   * horizon a recorded case meant never depends on a default that might change.
   */
  readonly startYear: number;
  readonly assumptions?: string;
  /**
   * Why a case has no line valued in SEK (a purely qualitative case): it stands in for the
   * valued benefit line a calculation otherwise needs. Absent in a case with valued lines.
   */
  readonly qualitativeOnlyReason?: string;
  readonly costs: readonly CostLine[];
  readonly benefits: readonly BenefitLine[];
}

export interface CaseProblem {
  readonly path: string;
  readonly message: string;
}

export type BenefitCaseValidation =
  | { readonly ok: true; readonly value: BenefitCase }
  | { readonly ok: false; readonly errors: readonly CaseProblem[] };

/** Financial and redistributable lines are valued in SEK; qualitative ones only by their indicator. */
export const isValued = (benefitClass: BenefitClass): boolean => benefitClass !== 'qualitative';

export const caseHorizon = (benefitCase: BenefitCase): Horizon => ({
  startYear: benefitCase.startYear,
  years: benefitCase.horizonYears,
});

export const findBenefitLine = (
  benefitCase: BenefitCase,
  benefitLineId: string,
): BenefitLine | undefined =>
  benefitCase.benefits.find((line) => line.benefitLineId === benefitLineId);

export const findCostLine = (benefitCase: BenefitCase, costLineId: string): CostLine | undefined =>
  benefitCase.costs.find((line) => line.costLineId === costLineId);

const INDICATOR_DECIMAL_PATTERN = new RegExp(
  `^-?(0|[1-9][0-9]{0,${MAX_INDICATOR_INTEGER_DIGITS - 1}})(\\.[0-9]{1,${MAX_INDICATOR_DECIMALS}})?$`,
);
const INDICATOR_DECIMAL_TEXT =
  `must be a plain decimal string such as "1333.5" (at most ${MAX_INDICATOR_INTEGER_DIGITS} digits ` +
  `before the point and ${MAX_INDICATOR_DECIMALS} after)`;

/** True for the decimal strings an indicator value may take (baseline, target, a qualitative report). */
export const isIndicatorDecimal = (value: unknown): value is string =>
  typeof value === 'string' && INDICATOR_DECIMAL_PATTERN.test(value);

const DISCOUNT_RATE_PATTERN = /^[01](\.[0-9]+)?$/;
const DISCOUNT_RATE_TEXT = 'must be a decimal string from 0 to 1 such as "0.035"';

// ---------------------------------------------------------------------------------------------
// Reading untrusted JSON: each reader records its problems and answers undefined on failure.

type Json = Record<string, unknown>;

class Problems {
  readonly list: CaseProblem[] = [];
  /** Records a problem; answers undefined so a reader can `return problems.add(...)`. */
  add(path: string, message: string): undefined {
    if (this.list.length < MAX_PROBLEMS) this.list.push({ path, message });
    return undefined;
  }
}

const field = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
const item = (path: string, index: number): string => `${path}[${index}]`;

const isJsonObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object with only the known keys; unknown keys are refused, not ignored, so typos surface. */
const readObject = (
  problems: Problems,
  value: unknown,
  path: string,
  knownKeys: readonly string[],
): Json | undefined => {
  if (!isJsonObject(value)) return problems.add(path, 'must be a JSON object');
  for (const key of Object.keys(value)) {
    if (!knownKeys.includes(key)) problems.add(field(path, key), 'is not a known field');
  }
  return value;
};

const readText = (
  problems: Problems,
  value: unknown,
  path: string,
  maxLength: number,
): string | undefined => {
  if (value === undefined) return problems.add(path, 'is required');
  if (typeof value !== 'string') return problems.add(path, 'must be a string');
  if (value.trim() === '') return problems.add(path, 'must not be blank');
  if (value.length > maxLength) {
    return problems.add(path, `must be at most ${maxLength} characters`);
  }
  return withoutControls(problems, value, path);
};

/** Free text inside the case refuses control characters as every other free text does. */
const withoutControls = (problems: Problems, value: string, path: string): string | undefined => {
  const problem = controlCharacterProblem(value);
  return problem === undefined ? value : problems.add(path, problem);
};

const readChoice = <T extends string>(
  problems: Problems,
  value: unknown,
  path: string,
  choices: readonly T[],
): T | undefined => {
  if (value === undefined) return problems.add(path, 'is required');
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    return problems.add(path, `must be one of: ${choices.join(', ')}`);
  }
  return value as T;
};

/**
 * The id an explanation of an investment's valued lines together names (their summed
 * realisation, which can be in `watch` or `deviation` while no line alone is): no benefit line
 * may take it, or an explanation of the whole would read as one of that line.
 */
export const VALUED_LINES_TOGETHER = 'valued-lines-together';

const readLineId = (problems: Problems, value: unknown, path: string): string | undefined => {
  if (value === undefined) return problems.add(path, 'is required');
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    return problems.add(path, ID_MESSAGE);
  }
  return value;
};

/** A benefit line's id: any id but the one reserved for the valued lines together. */
const readBenefitLineId = (
  problems: Problems,
  value: unknown,
  path: string,
): string | undefined => {
  if (value === VALUED_LINES_TOGETHER) {
    return problems.add(path, 'is reserved for the valued lines together; name the line otherwise');
  }
  return readLineId(problems, value, path);
};

const readArray = (
  problems: Problems,
  value: unknown,
  path: string,
  maxItems: number,
): readonly unknown[] | undefined => {
  if (value === undefined) return problems.add(path, 'is required');
  if (!Array.isArray(value)) return problems.add(path, 'must be an array');
  if (value.length > maxItems) return problems.add(path, `must have at most ${maxItems} items`);
  return value;
};

const readWholeNumber = (
  problems: Problems,
  value: unknown,
  path: string,
  min: number,
  max: number,
): number | undefined => {
  if (value === undefined) return problems.add(path, 'is required');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return problems.add(path, `must be a whole number from ${min} to ${max}`);
  }
  return value;
};

const readDiscountRate = (problems: Problems, value: unknown, path: string): string | undefined => {
  if (value === undefined) return DEFAULT_DISCOUNT_RATE;
  if (typeof value !== 'string' || !DISCOUNT_RATE_PATTERN.test(value) || new Dec(value).gt(1)) {
    return problems.add(path, DISCOUNT_RATE_TEXT);
  }
  const decimals = value.split('.')[1] ?? '';
  if (decimals.length > MAX_DISCOUNT_RATE_DECIMALS) {
    return problems.add(path, `must have at most ${MAX_DISCOUNT_RATE_DECIMALS} decimals`);
  }
  return value;
};

const readIndicatorDecimal = (
  problems: Problems,
  value: unknown,
  path: string,
): string | undefined => {
  if (value === undefined) return problems.add(path, 'is required');
  if (!isIndicatorDecimal(value)) return problems.add(path, INDICATOR_DECIMAL_TEXT);
  return value;
};

// ---------------------------------------------------------------------------------------------
// Forecasts: the horizon is only known once every line is read (startYear may default to the
// earliest period), so entries keep their parsed period and path for the horizon check.

interface ReadEntry {
  readonly entry: ForecastEntry;
  readonly period: Period;
  readonly path: string;
}

const readForecastEntry = (
  problems: Problems,
  value: unknown,
  path: string,
  sign: Sign,
): Omit<ReadEntry, 'path'> | undefined => {
  const entry = readObject(problems, value, path, ['period', 'amount']);
  if (!entry) return undefined;
  const period = parsePeriod(entry.period);
  if (!period.ok) {
    problems.add(
      field(path, 'period'),
      entry.period === undefined ? 'is required' : period.message,
    );
  }
  const amount = Money.parse(entry.amount, sign);
  if (!amount.ok) {
    problems.add(
      field(path, 'amount'),
      entry.amount === undefined ? 'is required' : MONEY_PROBLEM_TEXT[amount.problem],
    );
  }
  if (!period.ok || !amount.ok) return undefined;
  return {
    period: period.period,
    entry: { period: entry.period as string, amount: amount.value.toString() },
  };
};

/** A period may appear once per line, and must not overlap another: it would be counted twice. */
const overlapProblem = (read: ReadEntry, earlier: readonly ReadEntry[]): string | undefined => {
  const clash = earlier.find((other) => overlaps(other.period, read.period));
  if (!clash) return undefined;
  return samePeriod(clash.period, read.period)
    ? `duplicates the period at ${clash.path}`
    : `overlaps ${formatPeriod(clash.period)} at ${clash.path} (it would be counted twice)`;
};

const readForecast = (
  problems: Problems,
  value: unknown,
  path: string,
  sign: Sign,
): ReadEntry[] | undefined => {
  const items = readArray(problems, value, path, MAX_FORECAST_ENTRIES);
  if (!items) return undefined;
  if (items.length === 0) return problems.add(path, 'must have at least one period');
  const accepted: ReadEntry[] = [];
  let complete = true;
  items.forEach((raw, index) => {
    const entryPath = item(path, index);
    const read = readForecastEntry(problems, raw, entryPath, sign);
    const clash = read && overlapProblem({ ...read, path: entryPath }, accepted);
    if (clash) problems.add(field(entryPath, 'period'), clash);
    if (read && !clash) accepted.push({ ...read, path: entryPath });
    else complete = false;
  });
  return complete ? accepted : undefined;
};

// ---------------------------------------------------------------------------------------------
// Lines

interface ReadLine<L> {
  readonly line: L;
  readonly entries: readonly ReadEntry[];
}

const COST_LINE_KEYS = ['costLineId', 'kind', 'description', 'forecast'];

const readCostLine = (
  problems: Problems,
  value: unknown,
  path: string,
): ReadLine<CostLine> | undefined => {
  const raw = readObject(problems, value, path, COST_LINE_KEYS);
  if (!raw) return undefined;
  const costLineId = readLineId(problems, raw.costLineId, field(path, 'costLineId'));
  const kind = readChoice(problems, raw.kind, field(path, 'kind'), COST_KINDS);
  const description = readText(
    problems,
    raw.description,
    field(path, 'description'),
    MAX_TEXT_LENGTH,
  );
  const entries = readForecast(problems, raw.forecast, field(path, 'forecast'), 'non-negative');
  if (costLineId === undefined || kind === undefined || description === undefined || !entries)
    return undefined;
  return {
    line: { costLineId, kind, description, forecast: entries.map((e) => e.entry) },
    entries,
  };
};

const INDICATOR_KEYS = ['unit', 'baseline', 'target', 'direction', 'method', 'frequency'];

/** An increase must aim above the baseline and a decrease below it, or there is nothing to achieve. */
const directionProblem = (
  baselineText: string,
  targetText: string,
  direction: IndicatorDirection,
): string | undefined => {
  const baseline = new Dec(baselineText);
  const target = new Dec(targetText);
  switch (direction) {
    case 'increase':
      return target.gt(baseline)
        ? undefined
        : `must be greater than the baseline (${baselineText}) when the direction is increase`;
    case 'decrease':
      return target.lt(baseline)
        ? undefined
        : `must be less than the baseline (${baselineText}) when the direction is decrease`;
    default: {
      const exhaustive: never = direction;
      throw new Error(`unknown direction ${String(exhaustive)}`);
    }
  }
};

const readIndicator = (problems: Problems, value: unknown, path: string): Indicator | undefined => {
  if (value === undefined) return problems.add(path, 'is required');
  const raw = readObject(problems, value, path, INDICATOR_KEYS);
  if (!raw) return undefined;
  const unit = readText(problems, raw.unit, field(path, 'unit'), MAX_NAME_LENGTH);
  const baseline = readIndicatorDecimal(problems, raw.baseline, field(path, 'baseline'));
  const target = readIndicatorDecimal(problems, raw.target, field(path, 'target'));
  const direction = readChoice(problems, raw.direction, field(path, 'direction'), DIRECTIONS);
  const method = readText(problems, raw.method, field(path, 'method'), MAX_TEXT_LENGTH);
  const frequency = readText(problems, raw.frequency, field(path, 'frequency'), MAX_NAME_LENGTH);
  if (baseline === undefined || target === undefined || direction === undefined) return undefined;
  const problem = directionProblem(baseline, target, direction);
  if (problem) return problems.add(field(path, 'target'), problem);
  if (unit === undefined || method === undefined || frequency === undefined) return undefined;
  const counted = frequencyProblem(frequency);
  if (counted) return problems.add(field(path, 'frequency'), counted);
  return { unit, baseline, target, direction, method, frequency };
};

/** Valued lines need a SEK forecast (negative allowed: a dis-benefit); qualitative lines have none. */
const readBenefitForecast = (
  problems: Problems,
  value: unknown,
  path: string,
  benefitClass: BenefitClass | undefined,
): ReadEntry[] | undefined | 'none' => {
  if (benefitClass === undefined) return undefined;
  if (!isValued(benefitClass)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) return 'none';
    return problems.add(path, 'must be absent for a qualitative line (it is not valued in SEK)');
  }
  if (value === undefined) return problems.add(path, `is required for a ${benefitClass} line`);
  return readForecast(problems, value, path, 'any');
};

const BENEFIT_LINE_KEYS = [
  'benefitLineId',
  'description',
  'class',
  'owner',
  'indicator',
  'forecast',
];

const readBenefitLine = (
  problems: Problems,
  value: unknown,
  path: string,
): ReadLine<BenefitLine> | undefined => {
  const raw = readObject(problems, value, path, BENEFIT_LINE_KEYS);
  if (!raw) return undefined;
  const benefitLineId = readBenefitLineId(
    problems,
    raw.benefitLineId,
    field(path, 'benefitLineId'),
  );
  const description = readText(
    problems,
    raw.description,
    field(path, 'description'),
    MAX_TEXT_LENGTH,
  );
  const benefitClass = readChoice(problems, raw.class, field(path, 'class'), BENEFIT_CLASSES);
  const owner = readText(problems, raw.owner, field(path, 'owner'), MAX_NAME_LENGTH);
  const indicator = readIndicator(problems, raw.indicator, field(path, 'indicator'));
  const entries = readBenefitForecast(
    problems,
    raw.forecast,
    field(path, 'forecast'),
    benefitClass,
  );
  if (
    benefitLineId === undefined ||
    description === undefined ||
    benefitClass === undefined ||
    owner === undefined ||
    indicator === undefined ||
    entries === undefined
  ) {
    return undefined;
  }
  const line: BenefitLine = { benefitLineId, description, class: benefitClass, owner, indicator };
  return entries === 'none'
    ? { line, entries: [] }
    : { line: { ...line, forecast: entries.map((e) => e.entry) }, entries };
};

/** Reads every line; answers them only when all were valid and their ids are unique. */
const readLines = <L>(
  problems: Problems,
  value: unknown,
  path: string,
  maxLines: number,
  readLine: (problems: Problems, value: unknown, path: string) => ReadLine<L> | undefined,
  idOf: (line: L) => string,
  idKey: string,
): ReadLine<L>[] | undefined => {
  const items = readArray(problems, value, path, maxLines);
  if (!items) return undefined;
  const lines: ReadLine<L>[] = [];
  const firstIndexById = new Map<string, number>();
  let complete = true;
  items.forEach((raw, index) => {
    const read = readLine(problems, raw, item(path, index));
    const first = read && firstIndexById.get(idOf(read.line));
    if (first !== undefined) {
      problems.add(field(item(path, index), idKey), `duplicates the id at ${item(path, first)}`);
    }
    if (read && first === undefined) {
      firstIndexById.set(idOf(read.line), index);
      lines.push(read);
    } else complete = false;
  });
  return complete ? lines : undefined;
};

// ---------------------------------------------------------------------------------------------
// The case

const CASE_KEYS = [
  'discountRate',
  'horizonYears',
  'startYear',
  'assumptions',
  'qualitativeOnlyReason',
  'costs',
  'benefits',
];

const earliestYear = (entries: readonly ReadEntry[]): number | undefined =>
  entries.length === 0
    ? undefined
    : entries.reduce((a, b) => (comparePeriods(a.period, b.period) <= 0 ? a : b)).period.year;

/**
 * The explicit startYear, or the year of the earliest forecast period. The default is only
 * taken when every line was read: from a partial case it could be wrong and cause false problems.
 */
const readStartYear = (
  problems: Problems,
  value: unknown,
  entries: readonly ReadEntry[] | undefined,
): number | undefined => {
  if (value !== undefined) return readWholeNumber(problems, value, 'startYear', MIN_YEAR, MAX_YEAR);
  if (!entries) return undefined;
  const earliest = earliestYear(entries);
  if (earliest === undefined) {
    return problems.add('startYear', 'is required when no line has a forecast to take it from');
  }
  return earliest;
};

const checkHorizon = (
  problems: Problems,
  horizon: Horizon,
  entries: readonly ReadEntry[],
): void => {
  if (horizonEndYear(horizon) > MAX_YEAR) {
    return problems.add(
      'horizonYears',
      `runs past ${MAX_YEAR} from startYear ${horizon.startYear}`,
    );
  }
  const outside =
    `lies outside the horizon ${horizon.startYear}–${horizonEndYear(horizon)} ` +
    `(startYear ${horizon.startYear}, horizonYears ${horizon.years})`;
  for (const read of entries) {
    if (!isInHorizon(read.period, horizon)) problems.add(field(read.path, 'period'), outside);
  }
};

const readAssumptions = (problems: Problems, value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return problems.add('assumptions', 'must be a string');
  if (value.length > MAX_ASSUMPTIONS_LENGTH) {
    return problems.add('assumptions', `must be at most ${MAX_ASSUMPTIONS_LENGTH} characters`);
  }
  return withoutControls(problems, value, 'assumptions');
};

/** Optional; when given it must say something, and only a case without valued lines may give it. */
const readQualitativeOnlyReason = (
  problems: Problems,
  value: unknown,
  benefits: readonly ReadLine<BenefitLine>[] | undefined,
): string | undefined => {
  if (value === undefined) return undefined;
  const reason = readText(problems, value, 'qualitativeOnlyReason', MAX_TEXT_LENGTH);
  if (reason !== undefined && benefits?.some((b) => isValued(b.line.class))) {
    return problems.add(
      'qualitativeOnlyReason',
      'must be absent when the case has a financial or redistributable line',
    );
  }
  return reason;
};

/** Validates an untrusted benefit case (parsed JSON) into a typed, normalised, JSON-safe case. */
export const validateBenefitCase = (input: unknown): BenefitCaseValidation => {
  const problems = new Problems();
  const raw = readObject(problems, input, '', CASE_KEYS);
  if (!raw) return { ok: false, errors: problems.list };
  const discountRate = readDiscountRate(problems, raw.discountRate, 'discountRate');
  const horizonYears = readWholeNumber(
    problems,
    raw.horizonYears,
    'horizonYears',
    MIN_HORIZON_YEARS,
    MAX_HORIZON_YEARS,
  );
  const assumptions = readAssumptions(problems, raw.assumptions);
  const costs = readLines(
    problems,
    raw.costs,
    'costs',
    MAX_COST_LINES,
    readCostLine,
    (l) => l.costLineId,
    'costLineId',
  );
  const benefits = readLines(
    problems,
    raw.benefits,
    'benefits',
    MAX_BENEFIT_LINES,
    readBenefitLine,
    (l) => l.benefitLineId,
    'benefitLineId',
  );
  const qualitativeOnlyReason = readQualitativeOnlyReason(
    problems,
    raw.qualitativeOnlyReason,
    benefits,
  );
  const entries = costs && benefits ? [...costs, ...benefits].flatMap((l) => l.entries) : undefined;
  const startYear = readStartYear(problems, raw.startYear, entries);
  if (startYear !== undefined && horizonYears !== undefined) {
    checkHorizon(problems, { startYear, years: horizonYears }, entries ?? []);
  }
  if (
    problems.list.length > 0 ||
    discountRate === undefined ||
    horizonYears === undefined ||
    startYear === undefined ||
    !costs ||
    !benefits
  ) {
    return { ok: false, errors: problems.list };
  }
  return {
    ok: true,
    value: {
      discountRate,
      horizonYears,
      startYear,
      ...(assumptions === undefined ? {} : { assumptions }),
      ...(qualitativeOnlyReason === undefined ? {} : { qualitativeOnlyReason }),
      costs: costs.map((c) => c.line),
      benefits: benefits.map((b) => b.line),
    },
  };
};

// ---------------------------------------------------------------------------------------------
// Documented? (DOMAIN.md rule 2: no allocation without a documented benefit case)

const isBlank = (text: string | undefined): boolean => text === undefined || text.trim() === '';

const lineGaps = (line: BenefitLine): string[] => {
  const name = `benefit line "${line.benefitLineId}"`;
  const gaps: string[] = [];
  if (isBlank(line.owner)) gaps.push(`${name} has no owner`);
  if (isBlank(line.indicator?.baseline)) gaps.push(`${name} has no baseline`);
  if (isBlank(line.indicator?.target)) gaps.push(`${name} has no target`);
  if (isBlank(line.indicator?.method)) gaps.push(`${name} has no measurement method`);
  if (isValued(line.class) && (line.forecast ?? []).length === 0) {
    gaps.push(`${name} is valued in SEK but has no forecast`);
  }
  return gaps;
};

const hasNonZero = (forecast: readonly ForecastEntry[] | undefined): boolean =>
  (forecast ?? []).some((entry) => !new Dec(entry.amount).isZero());

export const MISSING_COST_FORECAST = 'a cost line with a forecast (a non-zero amount)';
export const MISSING_VALUED_BENEFIT =
  'a financial or redistributable benefit line with a non-zero forecast, or qualitativeOnlyReason for a purely qualitative case';

/**
 * What a case lacks to be a calculation (issue 15: "a documented case needs a calculation"):
 * something it costs and something it returns in SEK; a purely qualitative case states why
 * it has no valued line instead. Empty when the case is a calculation.
 */
export const calculationGaps = (benefitCase: BenefitCase): string[] => {
  const gaps: string[] = [];
  if (!benefitCase.costs.some((line) => hasNonZero(line.forecast)))
    gaps.push(MISSING_COST_FORECAST);
  const valued = benefitCase.benefits.some(
    (line) => isValued(line.class) && hasNonZero(line.forecast),
  );
  if (!valued && isBlank(benefitCase.qualitativeOnlyReason)) gaps.push(MISSING_VALUED_BENEFIT);
  return gaps;
};

/**
 * What keeps a case from being documented, in plain words; empty when it is. It checks the
 * typed case again rather than trusting validation, because a case recorded under older rules
 * is replayed as it was (a case recorded before calculations were required is refused money
 * until a version with one is documented).
 */
export const whatIsMissing = (benefitCase: BenefitCase | undefined): string[] => {
  if (!benefitCase) return ['no benefit case has been documented'];
  if (benefitCase.benefits.length === 0) return ['the benefit case has no benefit line'];
  return [...benefitCase.benefits.flatMap(lineGaps), ...calculationGaps(benefitCase)];
};
