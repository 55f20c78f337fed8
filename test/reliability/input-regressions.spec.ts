/**
 * The inputs the fuzz found answered 500 or accepted, pinned down one by one: each is a 400
 * problem+json and records nothing.
 */
import { aBenefitCase } from '../support/investment.mothers';
import { eventCount, startTestApp, TestApp } from '../support/test-app';
import { HttpRequest, problemShapeIssue } from './support/http';
import { inProcessTransport, LOAD_ENV } from './support/in-process';
import { FINANCE, LEAD, TestActor } from './support/workload';

const DEPTH = 100_000;

const json = (method: 'POST' | 'PUT', path: string, raw: string): HttpRequest => ({
  method,
  path,
  rawBody: raw,
  headers: { 'content-type': 'application/json' },
});

const allocation = {
  allocationId: 'a-1',
  investmentId: 'inv',
  trancheId: 't1',
  amount: '100.00',
  decidedOn: '2017-03-01',
  decisionRef: 'Ks 2',
  caseVersion: 1,
};

/** A cost's body as text, for the cases that need bytes JSON.stringify would not write. */
const COST = JSON.stringify({
  costId: 'c-1',
  amount: '1.00',
  incurredOn: '2017-05-30',
  reference: 'F',
  description: 'D',
});

const CASES: readonly [string, HttpRequest, string][] = [
  [
    'nesting a hundred thousand levels deep',
    json(
      'POST',
      '/api/funds/f/allocations',
      JSON.stringify({ ...allocation, note: 'x' }).replace(
        '"x"',
        '['.repeat(DEPTH) + ']'.repeat(DEPTH),
      ),
    ),
    'BODY_TOO_DEEP',
  ],
  [
    'an unknown "constructor" field',
    json('POST', '/api/funds/f/allocations', JSON.stringify({ ...allocation, constructor: true })),
    'VALIDATION_FAILED',
  ],
  [
    'an unknown "hasOwnProperty" field',
    json('POST', '/api/funds/f/allocations', JSON.stringify({ ...allocation, hasOwnProperty: 1 })),
    'VALIDATION_FAILED',
  ],
  [
    'an unknown "prototype" field',
    json('POST', '/api/funds/f/allocations', JSON.stringify({ ...allocation, prototype: {} })),
    'VALIDATION_FAILED',
  ],
  [
    'a null note',
    json('POST', '/api/funds/f/allocations', JSON.stringify({ ...allocation, note: null })),
    'VALIDATION_FAILED',
  ],
  [
    'a null evidence on a correction',
    json(
      'POST',
      '/api/investments/inv/effect-reports/r-1/corrections',
      JSON.stringify({ value: '2.00', reason: 'R', evidence: null }),
    ),
    'VALIDATION_FAILED',
  ],
  [
    'a null cost description',
    json(
      'POST',
      '/api/investments/inv/costs',
      JSON.stringify({
        costId: 'c-1',
        amount: '1.00',
        incurredOn: '2017-05-30',
        reference: 'F',
        description: null,
      }),
    ),
    'VALIDATION_FAILED',
  ],
  [
    'an array in place of a tranche',
    json(
      'POST',
      '/api/funds',
      JSON.stringify({
        fundId: 'g',
        name: 'G',
        currency: 'SEK',
        decisionRef: 'K',
        tranches: [[[]]],
      }),
    ),
    'VALIDATION_FAILED',
  ],
  [
    'a lone surrogate half in a reference',
    json('POST', '/api/investments/inv/costs', COST.replace('"F"', '"Faktura \\ud800 1"')),
    'VALIDATION_FAILED',
  ],
  [
    'U+FFFF in a description',
    json('POST', '/api/investments/inv/costs', COST.replace('"D"', '"Licens \\uffff"')),
    'VALIDATION_FAILED',
  ],
  [
    'a field named twice (the last would win)',
    json(
      'POST',
      '/api/investments/inv/costs',
      COST.replace('"costId":"c-1"', '"costId":"c-1","costId":"c-2"'),
    ),
    'VALIDATION_FAILED',
  ],
];

/**
 * Finance may not file or correct effect reports (403 before validation): the investment's
 * lead sends those, so they reach validation; finance sends the rest.
 */
const senderOf = (request: HttpRequest): TestActor =>
  request.path.includes('/effect-reports') ? LEAD : FINANCE;

describe('inputs the fuzz found', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: LOAD_ENV });
    const transport = inProcessTransport(t);
    const setUp: [typeof FINANCE, HttpRequest][] = [
      [
        FINANCE,
        {
          method: 'POST',
          path: '/api/funds',
          body: {
            fundId: 'f',
            name: 'F',
            currency: 'SEK',
            decisionRef: 'K',
            tranches: [{ trancheId: 't1', name: 'T1', amount: '1000.00' }],
          },
        },
      ],
      [
        FINANCE,
        {
          method: 'POST',
          path: '/api/funds/f/tranches/t1/release',
          body: { releasedOn: '2017-01-01', decisionRef: 'KF' },
        },
      ],
      [
        LEAD,
        {
          method: 'POST',
          path: '/api/investments',
          body: {
            investmentId: 'inv',
            title: 'I',
            department: 'D',
            projectLead: LEAD.id,
            need: 'N',
          },
        },
      ],
      [LEAD, { method: 'PUT', path: '/api/investments/inv/benefit-case', body: aBenefitCase() }],
      [
        LEAD,
        {
          method: 'POST',
          path: '/api/investments/inv/effect-reports',
          body: {
            reportId: 'r-1',
            benefitLineId: 'fewer-licences',
            period: '2018',
            value: '1.00',
            evidence: 'E',
          },
        },
      ],
    ];
    for (const [actor, request] of setUp) {
      expect(await transport(actor, request)).toMatchObject({
        kind: 'reply',
        status: expect.any(Number),
      });
    }
  });
  afterAll(async () => t.close());

  it.each(CASES)('refuses %s with a 400 and records nothing', async (_name, request, code) => {
    const before = await eventCount(t.store);
    const outcome = await inProcessTransport(t)(senderOf(request), request);
    expect(outcome).toMatchObject({ kind: 'reply', status: 400, body: { code } });
    if (outcome.kind === 'reply') expect(problemShapeIssue(outcome)).toBeUndefined();
    expect(await eventCount(t.store)).toBe(before);
  });

  it.each([
    [
      'a lone surrogate half',
      COST.replace('"F"', '"Faktura \\ud800 1"'),
      'reference',
      'must be well-formed Unicode text: a lone surrogate half or U+FFFE/U+FFFF at offset 8',
    ],
    [
      'a field named twice',
      COST.replace('"costId":"c-1"', '"costId":"c-1","costId":"c-2"'),
      'costId',
      'is named twice in one object: send each field once',
    ],
  ])('names where %s lies', async (_name, raw, path, message) => {
    const outcome = await inProcessTransport(t)(
      FINANCE,
      json('POST', '/api/investments/inv/costs', raw),
    );
    expect(outcome).toMatchObject({
      kind: 'reply',
      status: 400,
      body: { errors: [{ path, message }] },
    });
  });
});
