/**
 * fast-check generators of hostile requests for every POST and PUT of the API. Each request
 * carries one "breaker" that makes it invalid for certain (a missing or mistyped field, a bad
 * format, an unknown or prototype-poisoning key, deep nesting, a malformed or oversized body, a
 * wrong content type, a bad If-Match, Idempotency-Key or path id) and may carry "oddities"
 * that are valid on their own (odd Unicode in free text, a good Idempotency-Key), so that the
 * parsers meet them too. No request can be a valid command: the event count must not move.
 */
import fc from 'fast-check';
import { stockholmDay } from '../../../src/periods/stockholm-day';
import { aBenefitCase } from '../../support/investment.mothers';
import { HttpRequest, Method } from './http';

type FieldKind =
  | 'id'
  | 'user'
  | 'text'
  | 'money'
  | 'date'
  | 'period'
  | 'value'
  | 'currency'
  | 'int'
  | 'stage'
  | 'rate'
  | 'role'
  | 'bool'
  | 'list';

interface Field {
  readonly name: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** null is a meaningful value here (an open allocation window), so not a wrong type. */
  readonly nullable?: boolean;
}

export interface RouteSpec {
  readonly route: string;
  readonly method: Method;
  /** The path with valid ids of things that exist (or may be created). */
  readonly path: string;
  /** Path ids that can be replaced by bad ones. */
  readonly params: readonly string[];
  readonly body: () => Record<string, unknown>;
  readonly fields: readonly Field[];
}

const f = (name: string, kind: FieldKind, required = true): Field => ({ name, kind, required });
const nullable = (name: string, kind: FieldKind): Field => ({
  ...f(name, kind, false),
  nullable: true,
});

const DECIDED = '2017-03-01';

/**
 * The ids fuzz.spec's set-up records, so that paths name things that exist: a cost, a harvest
 * and a user (besides the fund `fz`, its tranches, the investment and its effect report).
 */
export const FUZZ_COST = 'fz-recorded-cost';
export const FUZZ_HARVEST = 'fz-harvest';
export const FUZZ_USER = 'fz-user';

/** Every command route, with a body that would be accepted as it stands. */
export const ROUTES: readonly RouteSpec[] = [
  {
    route: 'POST /api/funds',
    method: 'POST',
    path: '/api/funds',
    params: [],
    body: () => ({
      fundId: 'fz-new',
      name: 'Ny fond',
      currency: 'SEK',
      decisionRef: 'Ks 1',
      tranches: [{ trancheId: 't1', name: 'T1', amount: '1000.00' }],
    }),
    fields: [
      f('fundId', 'id'),
      f('name', 'text'),
      f('currency', 'currency'),
      f('decisionRef', 'text'),
      f('tranches', 'list'),
    ],
  },
  {
    route: 'POST /api/funds/:fundId/tranches',
    method: 'POST',
    path: '/api/funds/fz/tranches',
    params: ['fz'],
    body: () => ({ trancheId: 't3', name: 'T3', amount: '5000.00', decisionRef: 'Ks 3' }),
    fields: [
      f('trancheId', 'id'),
      f('name', 'text'),
      f('amount', 'money'),
      f('decisionRef', 'text'),
      nullable('allocatableFrom', 'date'),
      nullable('allocatableUntil', 'date'),
    ],
  },
  {
    route: 'POST /api/funds/:fundId/tranches/:trancheId/release',
    method: 'POST',
    path: '/api/funds/fz/tranches/t2/release',
    params: ['fz', 't2'],
    body: () => ({ releasedOn: '2018-01-01', decisionRef: 'KF 2' }),
    fields: [f('releasedOn', 'date'), f('decisionRef', 'text')],
  },
  {
    route: 'POST /api/funds/:fundId/tranches/:trancheId/amendments',
    method: 'POST',
    path: '/api/funds/fz/tranches/t2/amendments',
    params: ['fz', 't2'],
    body: () => ({
      amount: '900000.00',
      allocatableUntil: '2019-12-31',
      decidedOn: DECIDED,
      decisionRef: 'KF 3',
      reason: 'Ändrad',
    }),
    fields: [
      f('amount', 'money', false),
      nullable('allocatableFrom', 'date'),
      nullable('allocatableUntil', 'date'),
      f('decidedOn', 'date'),
      f('decisionRef', 'text'),
      f('reason', 'text'),
    ],
  },
  {
    route: 'POST /api/funds/:fundId/tranches/:trancheId/close',
    method: 'POST',
    path: '/api/funds/fz/tranches/t2/close',
    params: ['fz', 't2'],
    body: () => ({ closedOn: '2019-01-01', decisionRef: 'KS 9', reason: 'Slut' }),
    fields: [f('closedOn', 'date'), f('decisionRef', 'text'), f('reason', 'text')],
  },
  {
    route: 'POST /api/funds/:fundId/allocations',
    method: 'POST',
    path: '/api/funds/fz/allocations',
    params: ['fz'],
    body: () => ({
      allocationId: 'fz-alloc-2',
      investmentId: 'fz-inv',
      trancheId: 't1',
      amount: '100.00',
      decidedOn: DECIDED,
      decisionRef: 'Ks 2',
      caseVersion: 1,
    }),
    fields: [
      f('allocationId', 'id'),
      f('investmentId', 'id'),
      f('trancheId', 'id'),
      f('amount', 'money'),
      f('decidedOn', 'date'),
      f('decisionRef', 'text'),
      f('note', 'text', false),
      f('caseVersion', 'int'),
      f('overrideRef', 'text', false),
    ],
  },
  {
    route: 'POST /api/funds/:fundId/allocations/:allocationId/reductions',
    method: 'POST',
    path: '/api/funds/fz/allocations/fz-alloc/reductions',
    params: ['fz', 'fz-alloc'],
    body: () => ({
      reductionId: 'fz-red',
      amount: '10.00',
      decidedOn: '2017-06-01',
      decisionRef: 'Ks 4',
      reason: 'Billigare',
    }),
    fields: [
      f('reductionId', 'id', false),
      f('amount', 'money'),
      f('decidedOn', 'date'),
      f('decisionRef', 'text'),
      f('reason', 'text'),
    ],
  },
  {
    route: 'POST /api/investments',
    method: 'POST',
    path: '/api/investments',
    params: [],
    body: () => ({
      investmentId: 'fz-new-inv',
      title: 'Ny',
      department: 'KLF',
      projectLead: 'frida.ek',
      need: 'Papper',
    }),
    fields: [
      f('investmentId', 'id'),
      f('title', 'text'),
      f('department', 'text'),
      f('projectLead', 'user'),
      f('need', 'text'),
    ],
  },
  {
    route: 'PUT /api/investments/:id/benefit-case',
    method: 'PUT',
    path: '/api/investments/fz-inv/benefit-case',
    params: ['fz-inv'],
    body: () => ({ ...aBenefitCase(), horizonYears: 5 }),
    fields: [
      f('discountRate', 'rate', false),
      f('horizonYears', 'int'),
      f('startYear', 'int', false),
      f('assumptions', 'text', false),
      f('costs', 'list'),
      f('benefits', 'list'),
      f('qualitativeOnlyReason', 'text', false),
    ],
  },
  {
    route: 'POST /api/investments/:id/baseline-revisions',
    method: 'POST',
    path: '/api/investments/fz-inv/baseline-revisions',
    params: ['fz-inv'],
    // The set-up documents a second version (by the lead), so finance may adopt it.
    body: () => ({ caseVersion: 2, reason: 'Ny kalkyl', decisionRef: 'Ks 5' }),
    fields: [
      f('caseVersion', 'int'),
      f('reason', 'text'),
      f('decisionRef', 'text'),
      f('overrideRef', 'text', false),
    ],
  },
  {
    route: 'POST /api/investments/:id/obligation-waivers',
    method: 'POST',
    path: '/api/investments/fz-inv/obligation-waivers',
    params: ['fz-inv'],
    body: () => ({ benefitLineId: 'fewer-licences', period: '2019', reason: 'Avvecklat' }),
    fields: [f('benefitLineId', 'id'), f('period', 'period'), f('reason', 'text')],
  },
  {
    route: 'POST /api/investments/:id/stage-changes',
    method: 'POST',
    path: '/api/investments/fz-inv/stage-changes',
    params: ['fz-inv'],
    body: () => ({ stage: 'implementing', reason: 'Igång' }),
    fields: [f('stage', 'stage'), f('reason', 'text')],
  },
  {
    route: 'POST /api/investments/:id/costs',
    method: 'POST',
    path: '/api/investments/fz-inv/costs',
    params: ['fz-inv'],
    body: () => ({
      costId: 'fz-cost',
      amount: '99.50',
      // The investment is proposed the day the fuzz runs: its life is that one day.
      incurredOn: stockholmDay(new Date()),
      reference: 'F 1',
    }),
    fields: [
      f('costId', 'id'),
      f('costLineId', 'id', false),
      f('amount', 'money'),
      f('incurredOn', 'date'),
      f('reference', 'text'),
      f('description', 'text', false),
    ],
  },
  {
    route: 'POST /api/investments/:id/effect-reports',
    method: 'POST',
    path: '/api/investments/fz-inv/effect-reports',
    params: ['fz-inv'],
    body: () => ({
      reportId: 'fz-r2',
      benefitLineId: 'fewer-licences',
      period: '2019',
      value: '10.00',
      evidence: 'E',
    }),
    fields: [
      f('reportId', 'id'),
      f('benefitLineId', 'id'),
      f('period', 'period'),
      f('value', 'value'),
      f('evidence', 'text'),
    ],
  },
  {
    route: 'POST /api/investments/:id/effect-reports/:reportId/corrections',
    method: 'POST',
    path: '/api/investments/fz-inv/effect-reports/fz-report/corrections',
    params: ['fz-inv', 'fz-report'],
    body: () => ({ value: '20.00', reason: 'Rättat' }),
    fields: [f('value', 'value'), f('reason', 'text'), f('evidence', 'text', false)],
  },
  {
    route: 'POST /api/investments/:id/deviation-explanations',
    method: 'POST',
    path: '/api/investments/fz-inv/deviation-explanations',
    params: ['fz-inv'],
    body: () => ({
      explanationId: 'fz-why',
      benefitLineId: 'fewer-licences',
      period: '2018',
      explanation: 'Avtalet sades upp sent',
    }),
    fields: [
      f('explanationId', 'id'),
      f('benefitLineId', 'id'),
      f('period', 'period', false),
      f('explanation', 'text'),
    ],
  },
  {
    route: 'POST /api/investments/:id/harvests',
    method: 'POST',
    path: '/api/investments/fz-inv/harvests',
    params: ['fz-inv'],
    body: () => ({
      harvestId: 'fz-h',
      benefitLineId: 'fewer-licences',
      fiscalYear: 2019,
      amount: '5.00',
      decisionRef: 'KF',
    }),
    fields: [
      f('harvestId', 'id'),
      f('benefitLineId', 'id'),
      f('fiscalYear', 'int'),
      f('amount', 'money'),
      f('decisionRef', 'text'),
      f('aheadOfRealisation', 'bool', false),
      f('reason', 'text', false),
    ],
  },
  {
    route: 'POST /api/investments/:id/costs/:costId/corrections',
    method: 'POST',
    path: `/api/investments/fz-inv/costs/${FUZZ_COST}/corrections`,
    params: ['fz-inv', FUZZ_COST],
    body: () => ({ amount: '120.00', reason: 'Kreditfaktura' }),
    fields: [f('amount', 'money'), f('reason', 'text')],
  },
  {
    route: 'POST /api/investments/:id/costs/:costId/reversals',
    method: 'POST',
    path: `/api/investments/fz-inv/costs/${FUZZ_COST}/reversals`,
    params: ['fz-inv', FUZZ_COST],
    body: () => ({ reason: 'Fel projekt' }),
    fields: [f('reason', 'text')],
  },
  {
    route: 'POST /api/investments/:id/harvests/:harvestId/corrections',
    method: 'POST',
    path: `/api/investments/fz-inv/harvests/${FUZZ_HARVEST}/corrections`,
    params: ['fz-inv', FUZZ_HARVEST],
    body: () => ({ amount: '4.00', reason: 'Rättat belopp' }),
    fields: [f('amount', 'money'), f('reason', 'text')],
  },
  {
    route: 'POST /api/investments/:id/harvests/:harvestId/reversals',
    method: 'POST',
    path: `/api/investments/fz-inv/harvests/${FUZZ_HARVEST}/reversals`,
    params: ['fz-inv', FUZZ_HARVEST],
    body: () => ({ reason: 'Beslutet upphävt' }),
    fields: [f('reason', 'text')],
  },
  {
    route: 'POST /api/investments/:id/close',
    method: 'POST',
    path: '/api/investments/fz-inv/close',
    params: ['fz-inv'],
    body: () => ({ closedOn: stockholmDay(new Date()), reason: 'Klart' }),
    fields: [f('closedOn', 'date'), f('reason', 'text')],
  },
  {
    route: 'POST /api/users',
    method: 'POST',
    path: '/api/users',
    params: [],
    body: () => ({ userId: 'fz-new-user', name: 'Ny Person', role: 'auditor' }),
    fields: [f('userId', 'user'), f('name', 'text'), f('role', 'role'), f('reason', 'text', false)],
  },
  {
    route: 'POST /api/users/:userId/grants',
    method: 'POST',
    path: `/api/users/${FUZZ_USER}/grants`,
    params: [FUZZ_USER],
    body: () => ({ role: 'finance', reason: 'Ny roll' }),
    fields: [f('role', 'role'), f('reason', 'text', false)],
  },
  {
    route: 'POST /api/users/:userId/revocations',
    method: 'POST',
    path: `/api/users/${FUZZ_USER}/revocations`,
    params: [FUZZ_USER],
    body: () => ({ role: 'auditor', reason: 'Slutat' }),
    fields: [f('role', 'role'), f('reason', 'text', false)],
  },
];

/** Longer than any text field may be. */
const HUGE_TEXT_CHARS = 25_000;
const BODY_LIMIT_BYTES = 1_048_576;
const MAX_DEPTH = 100_000;

const ODD_TEXT = [
  '\u202Eevil\u202C',
  'a\u200Db',
  '👩‍👩‍👧‍👦',
  'e\u0301\u0301\u0301',
  '\ufeffBOM',
  '\ud800',
  '\udfff\ud800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'nul\u0000byte',
  '\u2028\u2029',
  'ﷺ',
  'Ⅻ',
  '٣٤٥',
];

/**
 * Finite doubles only: JSON has no NaN or Infinity, and JSON.stringify sends them as null,
 * which a nullable field takes, so a plan would claim a wrong type it never sent.
 */
const finiteDouble = (constraints: { noInteger?: boolean } = {}): fc.Arbitrary<number> =>
  fc.double({ ...constraints, noNaN: true, noDefaultInfinity: true });

/** Values of a JSON type the field does not take. */
const wrongType = (kind: FieldKind): fc.Arbitrary<unknown> => {
  const notString = fc.oneof(
    fc.integer(),
    finiteDouble(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }),
  );
  if (kind === 'int') {
    return fc.oneof(
      fc.constant('2019'),
      fc.constant('5'),
      finiteDouble({ noInteger: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constant([2019]),
    );
  }
  if (kind === 'list')
    return fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant({}), fc.boolean());
  if (kind === 'bool')
    return fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.constant([true]),
      fc.constant({}),
    );
  if (kind === 'money')
    return fc.oneof(notString, fc.constant(1000), fc.constant(10.5), fc.constant(1e21));
  return notString;
};

/** Strings of the right type in a format the field refuses. */
const badFormat = (kind: FieldKind): fc.Arbitrary<unknown> => {
  switch (kind) {
    case 'id':
      return fc.constantFrom(
        '',
        'Upper',
        'has space',
        '-lead',
        'a'.repeat(65),
        'å',
        '../x',
        'a/b',
        'a\nb',
      );
    case 'user':
      return fc.constantFrom('', ' anna', 'a'.repeat(129), 'anna berg', 'ånna', '.anna');
    case 'money':
      return fc.constantFrom(
        '1e3',
        '1.001',
        '-5.00',
        '0.00',
        ' 1',
        '1,00',
        'NaN',
        'Infinity',
        '10000000000000.00',
        '0x10',
        '+1',
        '1.',
        '.5',
        '',
      );
    case 'date':
      return fc.constantFrom(
        '2017-02-30',
        '2017-13-01',
        '2017-00-10',
        '17-01-01',
        '2017-1-1',
        '2017/01/01',
        '',
        '2017-02-29',
        '20170101',
        '2017-01-01T00:00:00Z',
        '+002017-01-01',
      );
    case 'period':
      return fc.constantFrom(
        '2017-Q5',
        '2017-Q0',
        '2017-13',
        '2017-00',
        '17',
        '',
        '2017-H1',
        'Q1-2017',
        '2017-1',
        '99999',
      );
    case 'value':
      return fc.constantFrom('1e3', 'abc', '', '--1', '1.001', ' 1', '1,5');
    case 'currency':
      return fc.constantFrom('sek', 'EUR', '', 'SEK ', 'kr');
    case 'int':
      return fc.constantFrom(-1, 0, 99999, 10_000_000_000, 1e308);
    case 'stage':
      return fc.constantFrom('Approved', 'done', '', 'approved ', 'closed\u0000');
    case 'role':
      return fc.constantFrom('Finance', 'root', '', 'admin ', 'auditor\u0000', 'project lead');
    case 'bool':
      // No string is a boolean: the nearest thing to a bad format is its spelling as text.
      return fc.constantFrom('true', 'false', 'yes', '1', '');
    case 'rate':
      return fc.constantFrom('3.5%', '-0.1', '2', 'abc', '0.0000001', '');
    case 'list':
      return fc.constantFrom([null], [1, 2, 3], ['x']);
    case 'text':
      return fc.constant('x'.repeat(HUGE_TEXT_CHARS));
  }
};

export type Breaker =
  | { readonly kind: 'drop'; readonly field: string }
  | { readonly kind: 'retype'; readonly field: string; readonly value: unknown }
  | { readonly kind: 'format'; readonly field: string; readonly value: unknown }
  | { readonly kind: 'unknown-field'; readonly name: string; readonly value: unknown }
  | { readonly kind: 'proto'; readonly key: '__proto__' | 'constructor' }
  | { readonly kind: 'not-object'; readonly raw: string }
  | { readonly kind: 'malformed'; readonly raw: string }
  | { readonly kind: 'content-type'; readonly value: string | undefined }
  | { readonly kind: 'if-match'; readonly value: string }
  | { readonly kind: 'idempotency-key'; readonly value: string }
  | { readonly kind: 'path-id'; readonly index: number; readonly value: string }
  | {
      readonly kind: 'deep';
      readonly field: string;
      readonly depth: number;
      readonly open: '[' | '{"a":';
    }
  | { readonly kind: 'huge-array'; readonly field: string; readonly length: number }
  | { readonly kind: 'oversize' };

export interface Plan {
  readonly spec: RouteSpec;
  readonly breaker: Breaker;
  /** Free-text fields given odd (but possibly valid) Unicode. */
  readonly oddities: readonly { readonly field: string; readonly value: string }[];
  /** A well-formed Idempotency-Key, so the request hash meets the body too. */
  readonly goodKey: string | undefined;
}

const anyField = (spec: RouteSpec): fc.Arbitrary<Field> => fc.constantFrom(...spec.fields);

const breakerFor = (spec: RouteSpec): fc.Arbitrary<Breaker> => {
  const required = spec.fields.filter((x) => x.required);
  const known = new Set(spec.fields.map((x) => x.name));
  const options: fc.Arbitrary<Breaker>[] = [
    fc.constantFrom(...required).map((x): Breaker => ({ kind: 'drop', field: x.name })),
    anyField(spec).chain((x) =>
      wrongType(x.kind)
        .filter((value) => !(x.nullable === true && value === null))
        .map((value): Breaker => ({ kind: 'retype', field: x.name, value })),
    ),
    anyField(spec).chain((x) =>
      badFormat(x.kind).map((value): Breaker => ({ kind: 'format', field: x.name, value })),
    ),
    fc
      .tuple(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 20 }),
          fc.constantFrom('constructor', 'prototype', 'toString', 'hasOwnProperty', 'id'),
        ),
        fc.jsonValue({ maxDepth: 3 }),
      )
      .filter(([name]) => !known.has(name) && name !== '__proto__')
      .map(([name, value]): Breaker => ({ kind: 'unknown-field', name, value })),
    fc
      .constantFrom('__proto__', 'constructor')
      .map((key): Breaker => ({ kind: 'proto', key: key as '__proto__' | 'constructor' })),
    fc
      .constantFrom('[]', '[{}]', '"text"', '42', 'null', 'true', '[1,2]')
      .map((raw): Breaker => ({ kind: 'not-object', raw })),
    fc
      .constantFrom(
        '{',
        '{"a":1,}',
        "{'a':1}",
        '{"a":NaN}',
        '\ufeff{}',
        '{"a":"\\x41"}',
        '{"a":1}{"b":2}',
        '',
        ' ',
        '{"a":01}',
        '{"a":"unterminated}',
      )
      .map((raw): Breaker => ({ kind: 'malformed', raw })),
    fc
      .constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'image/png',
        undefined,
      )
      .map((value): Breaker => ({ kind: 'content-type', value })),
    fc
      .constantFrom(
        '12',
        '"-1"',
        '"abc"',
        '*',
        '"1", "2"',
        `"${'9'.repeat(30)}"`,
        'W/"x"',
        '"01"',
        '""',
        '"987654321"',
      )
      .map((value): Breaker => ({ kind: 'if-match', value })),
    fc
      .constantFrom('', 'k'.repeat(201), 'has space', 'tab\there', 'åäö', '\u00ff')
      .map((value): Breaker => ({ kind: 'idempotency-key', value })),
    anyField(spec).chain((x) =>
      fc
        .tuple(fc.integer({ min: 2, max: MAX_DEPTH }), fc.constantFrom<'[' | '{"a":'>('[', '{"a":'))
        .map(([depth, open]): Breaker => ({ kind: 'deep', field: x.name, depth, open })),
    ),
    anyField(spec).chain((x) =>
      fc
        .integer({ min: 1_000, max: 60_000 })
        .map((length): Breaker => ({ kind: 'huge-array', field: x.name, length })),
    ),
    fc.constant<Breaker>({ kind: 'oversize' }),
  ];
  if (spec.params.length > 0) {
    options.push(
      fc
        .tuple(
          fc.integer({ min: 0, max: spec.params.length - 1 }),
          fc.constantFrom('UPPER', 'a'.repeat(65), '%C3%A5', '%00', 'a%2Fb', '-x', '%20', '..'),
        )
        .map(([index, value]): Breaker => ({ kind: 'path-id', index, value })),
    );
  }
  return fc.oneof(...options);
};

const textFields = (spec: RouteSpec): string[] =>
  spec.fields.filter((x) => x.kind === 'text').map((x) => x.name);

export const planArbitrary: fc.Arbitrary<Plan> = fc.constantFrom(...ROUTES).chain((spec) =>
  fc.record({
    spec: fc.constant(spec),
    breaker: breakerFor(spec),
    oddities:
      textFields(spec).length === 0
        ? fc.constant([])
        : fc.array(
            fc.record({
              field: fc.constantFrom(...textFields(spec)),
              value: fc.oneof(
                fc.constantFrom(...ODD_TEXT),
                fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
              ),
            }),
            { maxLength: 2 },
          ),
    goodKey: fc.option(fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/), { nil: undefined, freq: 2 }),
  }),
);

const PLACEHOLDER = '"__fuzz_placeholder__"';

/** JSON text with one field's value replaced by raw text. */
const withRawField = (body: Record<string, unknown>, field: string, raw: string): string =>
  JSON.stringify({ ...body, [field]: '__fuzz_placeholder__' }).replace(PLACEHOLDER, raw);

const deepText = (depth: number, open: '[' | '{"a":'): string =>
  open === '['
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const withoutField = (body: Record<string, unknown>, field: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(body).filter(([key]) => key !== field));

/** The request a plan describes. */
export const toRequest = (plan: Plan): HttpRequest => {
  const { spec, breaker } = plan;
  let body: Record<string, unknown> = spec.body();
  for (const odd of plan.oddities) body = { ...body, [odd.field]: odd.value };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (plan.goodKey !== undefined) headers['idempotency-key'] = plan.goodKey;
  let path = spec.path;
  let raw: string = JSON.stringify(body);
  switch (breaker.kind) {
    case 'drop':
      raw = JSON.stringify(withoutField(body, breaker.field));
      break;
    case 'retype':
    case 'format':
      raw = JSON.stringify({ ...body, [breaker.field]: breaker.value });
      break;
    case 'unknown-field':
      raw = JSON.stringify({ ...body, [breaker.name]: breaker.value });
      break;
    case 'proto':
      raw = `{"${breaker.key}":${breaker.key === '__proto__' ? '{"isAdmin":true}' : '{"prototype":{"isAdmin":true}}'},${raw.slice(1)}`;
      break;
    case 'not-object':
    case 'malformed':
      raw = breaker.raw;
      break;
    case 'content-type':
      if (breaker.value === undefined) delete headers['content-type'];
      else headers['content-type'] = breaker.value;
      break;
    case 'if-match':
      headers['if-match'] = breaker.value;
      break;
    case 'idempotency-key':
      headers['idempotency-key'] = breaker.value;
      break;
    case 'path-id': {
      const id = spec.params[breaker.index];
      path = path.replace(`/${id}`, `/${breaker.value}`);
      break;
    }
    case 'deep':
      raw = withRawField(body, breaker.field, deepText(breaker.depth, breaker.open));
      break;
    case 'huge-array':
      raw = withRawField(
        body,
        breaker.field,
        `[${Array.from({ length: breaker.length }, (_, i) => i).join(',')}]`,
      );
      break;
    case 'oversize':
      raw = JSON.stringify({ ...body, padding: 'x'.repeat(BODY_LIMIT_BYTES) });
      break;
  }
  return { method: spec.method, path, rawBody: raw, headers };
};

/** A short description of a plan for a failure message. */
export const describePlan = (plan: Plan): string => {
  const { breaker } = plan;
  const detail = JSON.stringify(breaker, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 60
      ? `${value.slice(0, 60)}…(${value.length})`
      : value,
  );
  return `${plan.spec.route} ${detail}${plan.oddities.length > 0 ? ' +odd text' : ''}${plan.goodKey ? ' +key' : ''}`;
};
