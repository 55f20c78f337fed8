/**
 * A body the service cannot take is one 400 for the client to read, wherever it is judged:
 * `VALIDATION_FAILED` with `errors: [{ path, message }]`, whether the request's validation or
 * a rule of the ledger finds the field wrong; and a missing required field says what it is.
 * A bad If-Match or Idempotency-Key header keeps a code of its own, with `errors` naming the
 * header, and docs/API.md and the OpenAPI document name both codes. A `__proto__` key in a
 * body that is JSON is refused as the field it is, not as JSON that is not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_VERSION_REQUIRED_MESSAGE } from '../../src/fund/dto/fund.dto';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../../src/infra/idempotency';
import { aDocumentedInvestmentOverHttp, aReleasedFundOverHttp } from '../support/http-mothers';
import { FINANCIAL_LINE } from '../support/investment.mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

describe('400 answers to a body', () => {
  let t: TestApp;
  let now = new Date('2017-01-10T10:00:00Z');
  const on = (day: string): void => {
    now = new Date(`${day}T10:00:00Z`);
  };
  const finance = () => t.as('frida.ek', 'finance');

  const allocation = {
    allocationId: 'alloc-harvests',
    investmentId: 'harvests',
    trancheId: 't1',
    amount: '2000000.00',
    decidedOn: '2017-03-01',
    decisionRef: 'Ks 2017/1',
  };

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance);
    on('2017-01-10');
    await aDocumentedInvestmentOverHttp(t, 'harvests');
  });
  afterAll(async () => t.close());

  it('says an allocation without caseVersion lacks a required field, and which version it means', async () => {
    on('2017-03-02');
    const body = await expectRefusal(
      t,
      finance().post('/api/funds/orebro/allocations', allocation),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toEqual([{ path: 'caseVersion', message: CASE_VERSION_REQUIRED_MESSAGE }]);
    expect(CASE_VERSION_REQUIRED_MESSAGE).toMatch(/^is required: the benefit-case version/);
    // A version that is not a whole number is still answered as such.
    const mistyped = await expectRefusal(
      t,
      finance().post('/api/funds/orebro/allocations', { ...allocation, caseVersion: '1' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(mistyped.errors).toEqual([
      { path: 'caseVersion', message: 'must be an integer number' },
    ]);
    await finance()
      .post('/api/funds/orebro/allocations', { ...allocation, caseVersion: 1 })
      .expect(201);
  });

  it('answers a harvest ahead of realisation without a reason as VALIDATION_FAILED on reason', async () => {
    on('2019-02-01');
    const harvest = {
      harvestId: 'h1',
      benefitLineId: FINANCIAL_LINE,
      fiscalYear: 2019,
      amount: '500000.00',
      decisionRef: 'KF 2018 § 212',
      aheadOfRealisation: true,
    };
    const body = await expectRefusal(
      t,
      finance().post('/api/investments/harvests/harvests', harvest),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toEqual([{ path: 'reason', message: 'must not be blank' }]);
    expect(body.detail).toBe('reason: must not be blank');
    await finance()
      .post('/api/investments/harvests/harvests', { ...harvest, reason: 'Budget 2019 sänkt' })
      .expect(201);
  });

  const HEADER_CODES = ['IF_MATCH_INVALID', 'IDEMPOTENCY_KEY_INVALID'] as const;

  it('answers a bad If-Match or Idempotency-Key with its code and errors naming the header', async () => {
    on('2019-02-02');
    const stage = { stage: 'analysed', reason: 'Förstudie klar' };
    const post = () => finance().post('/api/investments/harvests/stage-changes', stage);
    const ifMatch = await expectRefusal(t, post().set('If-Match', '1'), 400, 'IF_MATCH_INVALID');
    expect(ifMatch.errors).toEqual([
      { path: 'If-Match', message: 'must be a stream revision in quotes, e.g. "12"' },
    ]);
    const key = await expectRefusal(
      t,
      post().set('Idempotency-Key', 'a b'),
      400,
      'IDEMPOTENCY_KEY_INVALID',
    );
    expect(key.errors).toEqual([
      {
        path: 'Idempotency-Key',
        message: `must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters`,
      },
    ]);
  });

  it('names both header codes in docs/API.md and in the OpenAPI document', async () => {
    const api = readFileSync(join(__dirname, '..', '..', 'docs', 'API.md'), 'utf8');
    const document = (await t.anonymous().get('/docs-json').expect(200)).body as {
      components: {
        schemas: Record<string, { properties: Record<string, { description?: string }> }>;
      };
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string; description?: string }[] }>
      >;
    };
    const codeDescription = document.components.schemas.ProblemDto.properties.code.description;
    const headers = (
      document.paths['/api/funds/{fundId}/allocations'].post.parameters ?? []
    ).filter((p) => p.in === 'header');
    for (const code of HEADER_CODES) {
      expect({ code, inApiMd: api.includes(`\`${code}\``) }).toEqual({ code, inApiMd: true });
      expect(codeDescription).toContain(code);
    }
    expect(headers.find((h) => h.name === 'If-Match')?.description).toContain('IF_MATCH_INVALID');
    expect(headers.find((h) => h.name === 'Idempotency-Key')?.description).toContain(
      'IDEMPOTENCY_KEY_INVALID',
    );
  });

  it('refuses a body holding a __proto__ key as the field it is, saying the key is not accepted', async () => {
    on('2019-02-02');
    // The raw text as sent (as(...).post sends a body of its own first).
    const token = await t.tokenFor('frida.ek', 'finance');
    const send = (raw: string) =>
      t
        .anonymous()
        .post('/api/funds/orebro/allocations')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(raw);
    const top = await expectRefusal(
      t,
      send('{"__proto__":{"isAdmin":true},"allocationId":"alloc-proto"}'),
      400,
      'VALIDATION_FAILED',
    );
    expect(top.errors).toEqual([
      {
        path: '__proto__',
        message: 'the key __proto__ is not accepted: no request has such a field',
      },
    ]);
    expect(top.detail).not.toMatch(/not valid JSON/);
    const nested = await expectRefusal(
      t,
      send('{"allocationId":"alloc-proto","note":{"a":[1,{"__proto__":{}}]}}'),
      400,
      'VALIDATION_FAILED',
    );
    expect(nested.errors).toEqual([
      {
        path: 'note.a[1].__proto__',
        message: 'the key __proto__ is not accepted: no request has such a field',
      },
    ]);
    const constructor = await expectRefusal(
      t,
      send('{"allocationId":"alloc-proto","constructor":{"prototype":{"isAdmin":true}}}'),
      400,
      'VALIDATION_FAILED',
    );
    expect(constructor.errors).toEqual([
      {
        path: 'constructor',
        message: 'the key constructor is not accepted: no request has such a field',
      },
    ]);
    // Not JSON is still not JSON.
    await expectRefusal(t, send('{"__proto__":'), 400, 'MALFORMED_REQUEST');
  });
});
