/**
 * The fund over real HTTP on a temp SQLite file: the Örebro 120/80 fund, allocations,
 * reductions, every refusal as problem+json, and nothing appended by a refused command.
 */
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { eventCount, expectRefusal as refusal, startTestApp, TestApp } from '../support/test-app';

const FUND = {
  fundId: 'orebro',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    { trancheId: 't1', name: 'Etapp 1', amount: '120000000.00', allocatableFrom: '2016-12-31' },
    { trancheId: 't2', name: 'Etapp 2', amount: '80000000.00', allocatableUntil: '2018-12-31' },
  ],
};

const allocation = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  allocationId: 'a1',
  investmentId: 'e-arkiv',
  trancheId: 't1',
  amount: '4500000.00',
  decidedOn: '2017-03-15',
  decisionRef: 'Ks 2017/233',
  caseVersion: 1,
  ...overrides,
});

describe('fund over HTTP', () => {
  let t: TestApp;
  const finance = () => t.as('fia', 'finance');

  beforeEach(async () => {
    t = await startTestApp();
    await finance().post('/api/funds', FUND).expect(201);
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
  });
  afterEach(async () => t.close());

  const release = (trancheId: string, releasedOn = '2016-12-31') =>
    finance().post(`/api/funds/orebro/tranches/${trancheId}/release`, {
      releasedOn,
      decisionRef: 'KF 2016/12',
    });

  const expectRefusal = (call: Parameters<typeof refusal>[1], status: number, code: string) =>
    refusal(t, call, status, code);

  it('sets up the 200 MSEK fund with two expected tranches', async () => {
    const res = await finance().get('/api/funds/orebro').expect(200);
    // Nothing is released yet: none of it can be allocated today.
    expect(res.body.totals).toMatchObject({
      amount: '200000000.00',
      allocated: '0.00',
      available: '0.00',
      expected: '200000000.00',
    });
    expect(
      res.body.tranches.map((x: { trancheId: string; status: string; amount: string }) => [
        x.trancheId,
        x.status,
        x.amount,
      ]),
    ).toEqual([
      ['t1', 'expected', '120000000.00'],
      ['t2', 'expected', '80000000.00'],
    ]);
    expect(res.headers.etag).toBe('"2"');
  });

  it('allocates from a released tranche and reduces, with the answer and ETag of the command', async () => {
    await release('t1').expect(201);
    const res = await finance().post('/api/funds/orebro/allocations', allocation()).expect(201);
    expect(res.body).toEqual({ id: 'a1', revision: '4', position: expect.any(String) });
    expect(res.headers.etag).toBe('"4"');
    await finance()
      .post('/api/funds/orebro/allocations/a1/reductions', {
        reductionId: 'r1',
        amount: '500000.00',
        decidedOn: '2017-06-01',
        decisionRef: 'Ks 2017/400',
        reason: 'Cheaper than planned',
      })
      .expect(201);
    const fund = await finance().get('/api/funds/orebro').expect(200);
    expect(fund.body.tranches[0]).toMatchObject({
      status: 'released',
      allocated: '4000000.00',
      available: '116000000.00',
    });
  });

  it('refuses allocations by the rules, with stable codes, appending nothing', async () => {
    await expectRefusal(
      finance().post('/api/funds/orebro/allocations', allocation()),
      409,
      'TRANCHE_NOT_RELEASED',
    );
    await release('t1').expect(201);
    await expectRefusal(
      finance().post('/api/funds/orebro/allocations', allocation({ decidedOn: '2016-12-30' })),
      409,
      'OUTSIDE_ALLOCATION_WINDOW',
    );
    const body = await expectRefusal(
      finance().post('/api/funds/orebro/allocations', allocation({ amount: '120000000.01' })),
      409,
      'TRANCHE_INSUFFICIENT_FUNDS',
    );
    expect(body.available).toBe('120000000.00');
    await expectRefusal(
      finance().post('/api/funds/orebro/allocations', allocation({ trancheId: 'nope' })),
      404,
      'TRANCHE_NOT_FOUND',
    );
    await expectRefusal(
      finance().post('/api/funds/missing/allocations', allocation()),
      404,
      'FUND_NOT_FOUND',
    );
    await finance().post('/api/funds/orebro/allocations', allocation()).expect(201);
    await expectRefusal(
      finance().post('/api/funds/orebro/allocations/a1/reductions', {
        reductionId: 'r1',
        amount: '4500000.01',
        decidedOn: '2017-06-01',
        decisionRef: 'x',
        reason: 'y',
      }),
      409,
      'ALLOCATION_REDUCTION_EXCEEDS_REMAINING',
    );
  });

  it('answers a repeated command with the first answer and appends nothing; another body under the same id is a 409', async () => {
    await release('t1').expect(201);
    const first = await finance().post('/api/funds/orebro/allocations', allocation()).expect(201);
    const before = await eventCount(t.store);
    const again = await finance().post('/api/funds/orebro/allocations', allocation()).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await eventCount(t.store)).toBe(before);
    await expectRefusal(
      finance().post('/api/funds/orebro/allocations', allocation({ amount: '1.00' })),
      409,
      'ALLOCATION_ALREADY_EXISTS',
    );
  });

  it('honours Idempotency-Key and If-Match', async () => {
    await release('t1').expect(201);
    await finance().post('/api/funds/orebro/allocations', allocation()).expect(201);
    const reduction = {
      amount: '100.00',
      decidedOn: '2017-06-01',
      decisionRef: 'Ks 1',
      reason: 'r',
    };
    const first = await finance()
      .post('/api/funds/orebro/allocations/a1/reductions', reduction)
      .set('Idempotency-Key', 'k-1')
      .expect(201);
    const before = await eventCount(t.store);
    const retry = await finance()
      .post('/api/funds/orebro/allocations/a1/reductions', reduction)
      .set('Idempotency-Key', 'k-1')
      .expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await eventCount(t.store)).toBe(before);
    await expectRefusal(
      finance()
        .post('/api/funds/orebro/allocations/a1/reductions', { ...reduction, amount: '200.00' })
        .set('Idempotency-Key', 'k-1'),
      409,
      'IDEMPOTENCY_KEY_REUSED',
    );
    await expectRefusal(
      finance()
        .post('/api/funds/orebro/allocations', allocation({ allocationId: 'a2' }))
        .set('If-Match', '"1"'),
      412,
      'REVISION_MISMATCH',
    );
    const etag = (await finance().get('/api/funds/orebro').expect(200)).headers.etag;
    await finance()
      .post('/api/funds/orebro/allocations', allocation({ allocationId: 'a2' }))
      .set('If-Match', etag)
      .expect(201);
    await expectRefusal(
      finance()
        .post('/api/funds/orebro/allocations', allocation({ allocationId: 'a3' }))
        .set('If-Match', 'banana'),
      400,
      'IF_MATCH_INVALID',
    );
  });

  it.each([
    ['an exponent', '1e3', 'plain decimal'],
    ['NaN', 'NaN', 'plain decimal'],
    ['Infinity', 'Infinity', 'plain decimal'],
    ['a leading space', ' 1', 'plain decimal'],
    ['three decimals', '1.001', 'at most 2 decimals'],
    ['a JSON number', 1000, 'not a JSON number'],
    ['zero', '0.00', 'greater than 0.00'],
    ['a negative amount', '-5.00', 'greater than 0.00'],
    ['too much', '1000000000000.01', 'at most 1000000000000.00'],
  ])('refuses money with %s as a 400 naming the field', async (_label, amount, why) => {
    await release('t1').expect(201);
    const body = await expectRefusal(
      finance().post('/api/funds/orebro/allocations', allocation({ amount })),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toEqual([{ path: 'amount', message: expect.stringContaining(why) }]);
  });

  it('refuses unknown fields, bad dates, bad ids, bad JSON and wrong content types with 4xx problem+json', async () => {
    await release('t1').expect(201);
    const unknown = await expectRefusal(
      finance().post('/api/funds/orebro/allocations', allocation({ colour: 'red' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(unknown.errors).toEqual([
      { path: 'colour', message: expect.stringContaining('should not exist') },
    ]);
    const date = await expectRefusal(
      finance().post('/api/funds/orebro/allocations', allocation({ decidedOn: '2017-02-30' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(date.errors).toEqual([
      { path: 'decidedOn', message: expect.stringContaining('real date') },
    ]);
    await expectRefusal(
      finance().post('/api/funds/orebro/allocations', allocation({ allocationId: 'Bad Id' })),
      400,
      'VALIDATION_FAILED',
    );
    const nested = await expectRefusal(
      finance().post('/api/funds', {
        ...FUND,
        fundId: 'f2',
        tranches: [{ ...FUND.tranches[0], amount: '1.234' }],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(nested.errors).toEqual([
      { path: 'tranches[0].amount', message: expect.stringContaining('2 decimals') },
    ]);
    const badJson = await finance()
      .post('/api/funds/orebro/allocations')
      .set('Content-Type', 'application/json')
      .send('{"amount":');
    expect(badJson.status).toBe(400);
    expect(badJson.headers['content-type']).toMatch(/problem\+json/);
    const proto = await finance()
      .post('/api/funds/orebro/allocations')
      .set('Content-Type', 'application/json')
      .send('{"__proto__":{"x":1}}');
    expect(proto.status).toBe(400);
    const text = await finance()
      .post('/api/funds/orebro/allocations')
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(text.status).toBe(415);
    expect(text.headers['content-type']).toMatch(/problem\+json/);
    const huge = await finance().post(
      '/api/funds/orebro/allocations',
      allocation({ note: 'x'.repeat(2_000_000) }),
    );
    expect({ status: huge.status, code: huge.body.code }).toEqual({
      status: 413,
      code: 'BODY_TOO_LARGE',
    });
  });

  it('refuses callers without an identity (401) and roles that may not write (403)', async () => {
    const anon = await t.anonymous().post('/api/funds').send(FUND);
    expect(anon.status).toBe(401);
    expect(anon.headers['content-type']).toMatch(/problem\+json/);
    await expectRefusal(
      t.as('ada', 'auditor').post('/api/funds/orebro/tranches/t1/release', {
        releasedOn: '2016-12-31',
        decisionRef: 'x',
      }),
      403,
      'FORBIDDEN',
    );
    await t.as('ada', 'auditor').get('/api/funds/orebro').expect(200);
  });

  it('shows the fund as it stood at a past moment (asOf)', async () => {
    await release('t1').expect(201);
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await finance().post('/api/funds/orebro/allocations', allocation()).expect(201);
    const then = await finance().get(`/api/funds/orebro?asOf=${before}`).expect(200);
    expect(then.body.tranches[0].allocated).toBe('0.00');
    const now = await finance().get('/api/funds/orebro').expect(200);
    expect(now.body.tranches[0].allocated).toBe('4500000.00');
    await expectRefusal(
      finance().get('/api/funds/orebro?asOf=yesterday'),
      400,
      'VALIDATION_FAILED',
    );
    await expectRefusal(finance().get('/api/funds/orebro?asOf=2000-01-01'), 404, 'FUND_NOT_FOUND');
  });

  it('serves its endpoints in the OpenAPI document with examples', async () => {
    const res = await t.anonymous().get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/funds',
        '/api/funds/{fundId}',
        '/api/funds/{fundId}/allocations',
        '/api/funds/{fundId}/allocations/{allocationId}/reductions',
      ]),
    );
    expect(JSON.stringify(res.body.components.schemas.AllocateFundsDto)).toContain('4500000.00');
    await t.anonymous().get('/health').expect(200);
  });
});
