import { ID_MESSAGE } from '../shared/input-limits';
import {
  BenefitCase,
  DEFAULT_DISCOUNT_RATE,
  MAX_BENEFIT_LINES,
  MAX_COST_LINES,
  MAX_FORECAST_ENTRIES,
  MAX_PROBLEMS,
  MAX_TEXT_LENGTH,
  MISSING_COST_FORECAST,
  MISSING_VALUED_BENEFIT,
  calculationGaps,
  caseHorizon,
  readingIntervalMonths,
  validateBenefitCase,
  whatIsMissing,
} from './benefit-case';

type Json = Record<string, unknown>;

/** A complete case as a client would send it: one of each class, a one-off and a recurring cost. */
const validInput = (): Json => ({
  discountRate: '0.035',
  horizonYears: 4,
  assumptions: 'Handläggningstid 20 min per ärende; 4 000 ärenden per år.',
  costs: [
    {
      costLineId: 'licence-and-setup',
      kind: 'one-off',
      description: 'Licens och införande',
      forecast: [{ period: '2017-Q2', amount: '1500000.00' }],
    },
    {
      costLineId: 'operations',
      kind: 'recurring',
      description: 'Drift',
      forecast: [
        { period: '2018', amount: '200000' },
        { period: '2019', amount: '200000.00' },
      ],
    },
  ],
  benefits: [
    {
      benefitLineId: 'fewer-licences',
      description: 'Avvecklade licenser i gamla systemet',
      class: 'financial',
      owner: 'anna.berg',
      indicator: {
        unit: 'SEK/year',
        baseline: '600000',
        target: '0',
        direction: 'decrease',
        method: 'Fakturor från leverantören',
        frequency: 'yearly',
      },
      forecast: [
        { period: '2018', amount: '600000.00' },
        { period: '2019', amount: '600000.00' },
      ],
    },
    {
      benefitLineId: 'time-freed',
      description: 'Frigjord handläggartid',
      class: 'redistributable',
      owner: 'omar.said',
      indicator: {
        unit: 'hours/year',
        baseline: '1333.5',
        target: '400',
        direction: 'decrease',
        method: 'Tidrapportering',
        frequency: 'quarterly',
      },
      forecast: [
        { period: '2018-Q1', amount: '-50000.00' },
        { period: '2018-Q2', amount: '150000.50' },
      ],
    },
    {
      benefitLineId: 'citizen-satisfaction',
      description: 'Nöjdare medborgare',
      class: 'qualitative',
      owner: 'anna.berg',
      indicator: {
        unit: 'NKI',
        baseline: '62',
        target: '70',
        direction: 'increase',
        method: 'Medborgarundersökning',
        frequency: 'yearly',
      },
    },
  ],
});

/** Sets `value` at a dotted path such as "benefits.1.indicator.baseline" in a fresh valid input. */
const withField = (path: string, value: unknown): Json => {
  const input = validInput();
  const keys = path.split('.');
  let node = input as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return input;
};

const problemsOf = (input: unknown) => {
  const result = validateBenefitCase(input);
  if (result.ok) throw new Error('expected the case to be refused');
  return result.errors;
};

const validCase = (input: unknown = validInput()): BenefitCase => {
  const result = validateBenefitCase(input);
  if (!result.ok) throw new Error(`expected a valid case: ${JSON.stringify(result.errors)}`);
  return result.value;
};

describe('validateBenefitCase: a valid case', () => {
  it('is accepted and normalised: amounts with two decimals, startYear from the earliest forecast', () => {
    const value = validCase();
    expect(value.discountRate).toBe('0.035');
    expect(value.horizonYears).toBe(4);
    // Earliest forecast period is the cost's 2017-Q2.
    expect(value.startYear).toBe(2017);
    expect(value.costs[1].forecast).toEqual([
      { period: '2018', amount: '200000.00' },
      { period: '2019', amount: '200000.00' },
    ]);
    expect(value.benefits[1].forecast?.[0]).toEqual({ period: '2018-Q1', amount: '-50000.00' });
    expect(value.benefits[2].forecast).toBeUndefined();
    expect(value.benefits[1].indicator.baseline).toBe('1333.5');
    expect(caseHorizon(value)).toEqual({ startYear: 2017, years: 4 });
  });

  it('is JSON-safe: it survives a JSON round trip unchanged', () => {
    const value = validCase();
    expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  });

  it('validates to itself again (the stored case is valid input)', () => {
    const value = validCase();
    expect(validCase(value)).toEqual(value);
  });

  it('defaults the discount rate to 0.035', () => {
    expect(DEFAULT_DISCOUNT_RATE).toBe('0.035');
    expect(validCase(withField('discountRate', undefined)).discountRate).toBe('0.035');
  });

  it.each(['0', '1', '0.5', '1.000000', '0.000001'])('takes discount rate %s', (rate) => {
    expect(validCase(withField('discountRate', rate)).discountRate).toBe(rate);
  });

  it('keeps an explicit startYear', () => {
    expect(validCase(withField('startYear', 2016)).startYear).toBe(2016);
  });

  it('finds the default startYear across costs and benefits', () => {
    const input = validInput();
    (input.costs as Json[]).splice(0, 1);
    // Left: costs from 2018, the redistributable line from 2018-Q1.
    expect(validCase(input).startYear).toBe(2018);
  });

  it('takes an empty list of costs and an empty list of benefits (a draft; not yet documented)', () => {
    const input = { ...validInput(), costs: [], benefits: [], startYear: 2017 };
    expect(validCase(input).benefits).toEqual([]);
  });

  it('drops an empty forecast on a qualitative line', () => {
    const value = validCase(withField('benefits.2.forecast', []));
    expect(value.benefits[2]).not.toHaveProperty('forecast');
  });

  it('omits assumptions when absent', () => {
    expect(validCase(withField('assumptions', undefined))).not.toHaveProperty('assumptions');
  });
});

describe('validateBenefitCase: refusals, each named by its path', () => {
  it.each([
    [null, '', 'must be a JSON object'],
    [[], '', 'must be a JSON object'],
    ['case', '', 'must be a JSON object'],
  ])('refuses %p', (input, path, message) => {
    expect(problemsOf(input)).toEqual([{ path, message }]);
  });

  it.each<[string, unknown, string, string]>([
    ['discountRate', 0.035, 'discountRate', 'must be a decimal string from 0 to 1 such as "0.035"'],
    ['discountRate', '1.5', 'discountRate', 'must be a decimal string from 0 to 1 such as "0.035"'],
    [
      'discountRate',
      '-0.1',
      'discountRate',
      'must be a decimal string from 0 to 1 such as "0.035"',
    ],
    [
      'discountRate',
      '3.5%',
      'discountRate',
      'must be a decimal string from 0 to 1 such as "0.035"',
    ],
    [
      'discountRate',
      '.035',
      'discountRate',
      'must be a decimal string from 0 to 1 such as "0.035"',
    ],
    ['discountRate', '0.0350001', 'discountRate', 'must have at most 6 decimals'],
    ['discountRate', null, 'discountRate', 'must be a decimal string from 0 to 1 such as "0.035"'],
    ['horizonYears', undefined, 'horizonYears', 'is required'],
    ['horizonYears', 0, 'horizonYears', 'must be a whole number from 1 to 50'],
    ['horizonYears', 51, 'horizonYears', 'must be a whole number from 1 to 50'],
    ['horizonYears', 2.5, 'horizonYears', 'must be a whole number from 1 to 50'],
    ['horizonYears', '4', 'horizonYears', 'must be a whole number from 1 to 50'],
    ['startYear', 1899, 'startYear', 'must be a whole number from 1900 to 2200'],
    ['startYear', '2017', 'startYear', 'must be a whole number from 1900 to 2200'],
    ['assumptions', 42, 'assumptions', 'must be a string'],
    ['costs', undefined, 'costs', 'is required'],
    ['costs', {}, 'costs', 'must be an array'],
    ['benefits', undefined, 'benefits', 'is required'],
    ['costs.0.costLineId', 'Licence', 'costs[0].costLineId', ID_MESSAGE],
    ['costs.0.costLineId', '-x', 'costs[0].costLineId', ID_MESSAGE],
    ['costs.0.costLineId', 'a'.repeat(65), 'costs[0].costLineId', ID_MESSAGE],
    ['costs.0.kind', 'monthly', 'costs[0].kind', 'must be one of: one-off, recurring'],
    ['costs.0.description', '   ', 'costs[0].description', 'must not be blank'],
    ['costs.0.description', undefined, 'costs[0].description', 'is required'],
    ['costs.0.forecast', undefined, 'costs[0].forecast', 'is required'],
    ['costs.0.forecast', [], 'costs[0].forecast', 'must have at least one period'],
    ['costs.0.forecast.0.amount', '-1.00', 'costs[0].forecast[0].amount', 'must not be negative'],
    [
      'costs.0.forecast.0.amount',
      1500000,
      'costs[0].forecast[0].amount',
      'must be a string of digits such as "1000.00" (not a JSON number)',
    ],
    [
      'costs.0.forecast.0.amount',
      '1.001',
      'costs[0].forecast[0].amount',
      'must have at most 2 decimals (öre)',
    ],
    [
      'costs.0.forecast.0.period',
      '2017-Q5',
      'costs[0].forecast[0].period',
      'quarter must be Q1, Q2, Q3 or Q4',
    ],
    [
      'costs.0.forecast.0.period',
      '17',
      'costs[0].forecast[0].period',
      'must be YYYY, YYYY-Qn or YYYY-MM, such as "2017", "2017-Q1" or "2017-03"',
    ],
    ['benefits.0.benefitLineId', 'Fewer Licences', 'benefits[0].benefitLineId', ID_MESSAGE],
    [
      'benefits.0.class',
      'green',
      'benefits[0].class',
      'must be one of: financial, redistributable, qualitative',
    ],
    ['benefits.0.owner', '', 'benefits[0].owner', 'must not be blank'],
    ['benefits.0.owner', undefined, 'benefits[0].owner', 'is required'],
    [
      'benefits.0.description',
      'x'.repeat(MAX_TEXT_LENGTH + 1),
      'benefits[0].description',
      `must be at most ${MAX_TEXT_LENGTH} characters`,
    ],
    ['benefits.0.indicator', undefined, 'benefits[0].indicator', 'is required'],
    ['benefits.0.indicator', 'SEK', 'benefits[0].indicator', 'must be a JSON object'],
    ['benefits.0.indicator.unit', ' ', 'benefits[0].indicator.unit', 'must not be blank'],
    ['benefits.0.indicator.method', undefined, 'benefits[0].indicator.method', 'is required'],
    ['benefits.0.indicator.frequency', 7, 'benefits[0].indicator.frequency', 'must be a string'],
    [
      'benefits.0.indicator.direction',
      'down',
      'benefits[0].indicator.direction',
      'must be one of: increase, decrease',
    ],
    [
      'benefits.1.indicator.baseline',
      '1e3',
      'benefits[1].indicator.baseline',
      'must be a plain decimal string such as "1333.5" (at most 15 digits before the point and 6 after)',
    ],
    [
      'benefits.1.indicator.baseline',
      1333.5,
      'benefits[1].indicator.baseline',
      'must be a plain decimal string such as "1333.5" (at most 15 digits before the point and 6 after)',
    ],
    ['benefits.0.forecast', undefined, 'benefits[0].forecast', 'is required for a financial line'],
    ['benefits.1.forecast', [], 'benefits[1].forecast', 'must have at least one period'],
    [
      'benefits.2.forecast',
      [{ period: '2018', amount: '1.00' }],
      'benefits[2].forecast',
      'must be absent for a qualitative line (it is not valued in SEK)',
    ],
    [
      'benefits.1.forecast.1.amount',
      '1e5',
      'benefits[1].forecast[1].amount',
      expect.stringContaining('plain decimal'),
    ],
  ])('%s = %p', (field, value, path, message) => {
    expect(problemsOf(withField(field, value))).toEqual([{ path, message }]);
  });

  it('names an unknown field wherever it is', () => {
    const input = withField('benefits.0.colour', 'green');
    (input as Json).currency = 'SEK';
    expect(problemsOf(input)).toEqual([
      { path: 'currency', message: 'is not a known field' },
      { path: 'benefits[0].colour', message: 'is not a known field' },
    ]);
  });

  it('refuses a discount rate above 1 even with decimals', () => {
    expect(problemsOf(withField('discountRate', '1.000001'))[0].path).toBe('discountRate');
  });

  it('refuses an increase whose target is not above the baseline', () => {
    expect(problemsOf(withField('benefits.2.indicator.target', '62'))).toEqual([
      {
        path: 'benefits[2].indicator.target',
        message: 'must be greater than the baseline (62) when the direction is increase',
      },
    ]);
  });

  it('refuses a decrease whose target is not below the baseline', () => {
    expect(problemsOf(withField('benefits.1.indicator.target', '1400'))).toEqual([
      {
        path: 'benefits[1].indicator.target',
        message: 'must be less than the baseline (1333.5) when the direction is decrease',
      },
    ]);
  });

  it('refuses duplicate line ids within costs and within benefits', () => {
    const input = validInput();
    (input.costs as Json[])[1].costLineId = 'licence-and-setup';
    (input.benefits as Json[])[2].benefitLineId = 'fewer-licences';
    expect(problemsOf(input)).toEqual([
      { path: 'costs[1].costLineId', message: 'duplicates the id at costs[0]' },
      { path: 'benefits[2].benefitLineId', message: 'duplicates the id at benefits[0]' },
    ]);
  });

  it('refuses the same period twice in one forecast, and periods that overlap', () => {
    const input = withField('costs.1.forecast', [
      { period: '2018', amount: '1.00' },
      { period: '2018', amount: '2.00' },
      { period: '2018-03', amount: '3.00' },
      { period: '2019-Q1', amount: '4.00' },
    ]);
    expect(problemsOf(input)).toEqual([
      {
        path: 'costs[1].forecast[1].period',
        message: 'duplicates the period at costs[1].forecast[0]',
      },
      {
        path: 'costs[1].forecast[2].period',
        message: 'overlaps 2018 at costs[1].forecast[0] (it would be counted twice)',
      },
    ]);
  });

  it('lets the same period appear in different lines', () => {
    expect(
      validCase(withField('costs.1.forecast', [{ period: '2017-Q2', amount: '1.00' }])).costs,
    ).toHaveLength(2);
  });

  it('refuses periods outside the horizon: before the start year and after the last year', () => {
    const input = withField('startYear', 2018);
    expect(problemsOf(input)).toEqual([
      {
        path: 'costs[0].forecast[0].period',
        message: 'lies outside the horizon 2018–2021 (startYear 2018, horizonYears 4)',
      },
    ]);
    const late = withField('benefits.0.forecast', [{ period: '2021-01', amount: '1.00' }]);
    expect(problemsOf(late)).toEqual([
      {
        path: 'benefits[0].forecast[0].period',
        message: 'lies outside the horizon 2017–2020 (startYear 2017, horizonYears 4)',
      },
    ]);
  });

  it('requires startYear when no line has a forecast', () => {
    const input = { ...validInput(), costs: [], benefits: [] };
    expect(problemsOf(input)).toEqual([
      { path: 'startYear', message: 'is required when no line has a forecast to take it from' },
    ]);
  });

  it('refuses a horizon that runs past the last year the ledger knows', () => {
    const input = { ...validInput(), costs: [], benefits: [], startYear: 2190, horizonYears: 12 };
    expect(problemsOf(input)).toEqual([
      { path: 'horizonYears', message: 'runs past 2200 from startYear 2190' },
    ]);
  });

  it('limits the number of lines and forecast entries', () => {
    const line = (validInput().costs as Json[])[1];
    const tooManyCosts = {
      ...validInput(),
      costs: Array.from({ length: MAX_COST_LINES + 1 }, (_, i) => ({
        ...line,
        costLineId: `c${i}`,
      })),
    };
    expect(problemsOf(tooManyCosts)).toEqual([
      { path: 'costs', message: `must have at most ${MAX_COST_LINES} items` },
    ]);
    const benefit = (validInput().benefits as Json[])[2];
    const tooManyBenefits = {
      ...validInput(),
      benefits: Array.from({ length: MAX_BENEFIT_LINES + 1 }, (_, i) => ({
        ...benefit,
        benefitLineId: `b${i}`,
      })),
    };
    expect(problemsOf(tooManyBenefits)).toEqual([
      { path: 'benefits', message: `must have at most ${MAX_BENEFIT_LINES} items` },
    ]);
    const tooLong = withField(
      'costs.1.forecast',
      Array.from({ length: MAX_FORECAST_ENTRIES + 1 }, () => ({ period: '2018', amount: '1.00' })),
    );
    expect(problemsOf(tooLong)).toEqual([
      { path: 'costs[1].forecast', message: `must have at most ${MAX_FORECAST_ENTRIES} items` },
    ]);
  });

  it('collects every problem, each with its own path', () => {
    const input = validInput();
    const benefits = input.benefits as Json[];
    (benefits[1].indicator as Json).baseline = 'many';
    ((input.costs as Json[])[0].forecast as Json[])[0].amount = '-5.00';
    input.horizonYears = 0;
    expect(problemsOf(input)).toEqual([
      { path: 'horizonYears', message: 'must be a whole number from 1 to 50' },
      { path: 'costs[0].forecast[0].amount', message: 'must not be negative' },
      {
        path: 'benefits[1].indicator.baseline',
        message:
          'must be a plain decimal string such as "1333.5" (at most 15 digits before the point and 6 after)',
      },
    ]);
  });

  it(`reports at most ${MAX_PROBLEMS} problems`, () => {
    const input = withField(
      'costs.1.forecast',
      Array.from({ length: MAX_FORECAST_ENTRIES }, () => ({ period: 'x', amount: 'y' })),
    );
    expect(problemsOf(input)).toHaveLength(MAX_PROBLEMS);
  });
});

describe('whatIsMissing', () => {
  it('names the missing case', () => {
    expect(whatIsMissing(undefined)).toEqual(['no benefit case has been documented']);
  });

  it('names a case without benefit lines', () => {
    expect(whatIsMissing(validCase({ ...validInput(), benefits: [] }))).toEqual([
      'the benefit case has no benefit line',
    ]);
  });

  it('finds nothing missing in a complete case', () => {
    expect(whatIsMissing(validCase())).toEqual([]);
  });

  it('names every gap in lines that bypassed validation (e.g. an older recorded case)', () => {
    const complete = validCase();
    const gappy: BenefitCase = {
      ...complete,
      benefits: [
        {
          ...complete.benefits[0],
          owner: ' ',
          indicator: { ...complete.benefits[0].indicator, baseline: '', target: '', method: '' },
          forecast: [],
        },
        { ...complete.benefits[1], forecast: undefined },
        complete.benefits[2],
      ],
    };
    expect(whatIsMissing(gappy)).toEqual([
      'benefit line "fewer-licences" has no owner',
      'benefit line "fewer-licences" has no baseline',
      'benefit line "fewer-licences" has no target',
      'benefit line "fewer-licences" has no measurement method',
      'benefit line "fewer-licences" is valued in SEK but has no forecast',
      'benefit line "time-freed" is valued in SEK but has no forecast',
      MISSING_VALUED_BENEFIT,
    ]);
  });
});

describe('calculationGaps (a documented case needs a calculation)', () => {
  const complete = (): BenefitCase => validCase();

  it('finds none in a case with costs and valued benefits', () => {
    expect(calculationGaps(complete())).toEqual([]);
  });

  it('needs a cost line with a non-zero forecast', () => {
    const zeroCosts = complete().costs.map((c) => ({
      ...c,
      forecast: c.forecast.map((f) => ({ ...f, amount: '0.00' })),
    }));
    expect(calculationGaps({ ...complete(), costs: [] })).toEqual([MISSING_COST_FORECAST]);
    expect(calculationGaps({ ...complete(), costs: zeroCosts })).toEqual([MISSING_COST_FORECAST]);
  });

  it('needs a valued benefit line with a non-zero forecast, or a stated reason', () => {
    const qualitativeOnly = complete().benefits.filter((b) => b.class === 'qualitative');
    expect(calculationGaps({ ...complete(), benefits: qualitativeOnly })).toEqual([
      MISSING_VALUED_BENEFIT,
    ]);
    expect(
      calculationGaps({
        ...complete(),
        benefits: qualitativeOnly,
        qualitativeOnlyReason: 'Tillgänglighet för medborgarna; inga kronor att hämta hem',
      }),
    ).toEqual([]);
  });

  it('lists both gaps at once', () => {
    expect(calculationGaps({ ...complete(), costs: [], benefits: [] })).toEqual([
      MISSING_COST_FORECAST,
      MISSING_VALUED_BENEFIT,
    ]);
  });

  it('validation keeps a stated reason and refuses it beside a valued line', () => {
    const qualitative = (validInput().benefits as { class: string }[]).filter(
      (b) => b.class === 'qualitative',
    );
    const withReason = { ...validInput(), benefits: qualitative, qualitativeOnlyReason: 'Skäl' };
    expect(validCase(withReason).qualitativeOnlyReason).toBe('Skäl');
    expect(problemsOf({ ...validInput(), qualitativeOnlyReason: 'Skäl' })).toEqual([
      {
        path: 'qualitativeOnlyReason',
        message: 'must be absent when the case has a financial or redistributable line',
      },
    ]);
  });
});

describe('readingIntervalMonths (the one reading of an indicator frequency)', () => {
  it.each([
    ['monthly', 1],
    ['Månadsvis', 1],
    ['varje manad', 1],
    ['quarterly', 3],
    ['kvartalsvis', 3],
    ['Varje kvartal', 3],
    ['half-yearly', 6],
    ['semi-annually', 6],
    ['halvårsvis', 6],
    ['yearly', 12],
    ['annually', 12],
    ['årligen', 12],
    ['årsvis', 12],
    ['en gång per år', 12],
    ['  Yearly  ', 12],
  ])('reads %j as every %i months', (frequency, months) => {
    expect(readingIntervalMonths(frequency)).toBe(months);
  });

  it('reads the finest unit a wording names: months before quarters, half years before years', () => {
    expect(readingIntervalMonths('kvartal, med månadsavläsning')).toBe(1);
    expect(readingIntervalMonths('halvår eller kvartal')).toBe(3);
    expect(readingIntervalMonths('half-yearly')).toBe(6);
  });

  it('knows nothing of other wordings, and leaves the choice to its reader', () => {
    expect(readingIntervalMonths('veckovis')).toBeUndefined();
    expect(readingIntervalMonths('')).toBeUndefined();
  });
});

describe('a frequency whose interval a count changes is refused at documentation', () => {
  // Read by its unit word alone, "every 3 months" was monthly: three times the readings meant.
  it.each([
    'every 3 months',
    'var tredje månad',
    'varannan månad',
    'every other quarter',
    'twice a year',
    'två gånger per år',
    'biannual',
    'every two years',
  ])('refuses %j, naming the field', (frequency) => {
    const [problem] = problemsOf(withField('benefits.0.indicator.frequency', frequency));
    expect(problem.path).toBe('benefits[0].indicator.frequency');
    expect(problem.message).toMatch(/^names its interval with a count/);
  });

  it.each([
    'yearly',
    'årligen',
    'en gång per år',
    'Varje kvartal',
    'halvårsvis',
    'semi-annually',
    'månadsvis',
    'veckovis',
    'every other week',
    'månadsvis, bibliotekets statistik',
  ])('accepts %j', (frequency) => {
    expect(
      validCase(withField('benefits.0.indicator.frequency', frequency)).benefits[0].indicator
        .frequency,
    ).toBe(frequency);
  });
});
