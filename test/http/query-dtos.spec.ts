/**
 * The query strings of the read endpoints are DTOs the validation pipe checks: a bad value is
 * a 400 problem naming the parameter with the message the hand-written parsers gave, a
 * repeated one is "given once", an empty one means "not asked", a parameter no DTO names is
 * ignored (as reads always have), and /docs-json lists the parameters from the DTOs.
 */
import { OpenApiDocument } from './support/openapi';
import { startTestApp, TestApp } from '../support/test-app';

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: { readonly enum?: readonly string[] };
}

describe('query DTOs', () => {
  let t: TestApp;
  const auditor = () => t.as('revisor', 'auditor');

  const problemOf = async (
    path: string,
  ): Promise<{ status: number; code: string; errors: { path: string; message: string }[] }> => {
    const res = await auditor().get(path);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return { status: res.status, code: res.body.code, errors: res.body.errors };
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('refuses a bad value with the parameter and the message the parsers gave', async () => {
    expect(await problemOf('/api/funds?asOf=2017-02-30')).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [
        {
          path: 'asOf',
          message: 'is not a real moment: 2017-02-30 has day 30: 2017-02 has 28 days',
        },
      ],
    });
    expect((await problemOf('/api/funds?minPosition=1e3')).errors).toEqual([
      { path: 'minPosition', message: 'must be a ledger position: a whole number such as 42' },
    ]);
    expect((await problemOf('/api/reports/forecast-vs-actual?grain=week')).errors).toEqual([
      { path: 'grain', message: 'must be one of year, quarter, month' },
    ]);
    expect((await problemOf('/api/investments?ids=e-arkiv,Not%20an%20id')).errors).toEqual([
      { path: 'ids', message: expect.stringMatching(/^"Not an id": /) },
    ]);
    expect((await problemOf(`/api/reports/follow-up?owner=${'x'.repeat(301)}`)).errors).toEqual([
      { path: 'owner', message: 'must be given once, at most 300 characters' },
    ]);
  });

  it("checks the audit and board parameters in the parsers' words", async () => {
    expect((await problemOf('/api/audit/changes?limit=0')).errors).toEqual([
      { path: 'limit', message: 'must be a whole number from 1 to 1000' },
    ]);
    expect((await problemOf('/api/events?after=-1')).errors).toEqual([
      { path: 'after', message: 'must be a position: a whole number from 0' },
    ]);
    expect((await problemOf('/api/audit/changes?from=2019-13-01')).errors).toEqual([
      { path: 'from', message: expect.stringMatching(/^is not a real moment: /) },
    ]);
    // An empty digest has always been refused (it is no digest), unlike other empty parameters.
    expect((await problemOf('/api/audit/verify?digest=')).errors).toEqual([
      { path: 'digest', message: expect.stringMatching(/^must be a ledger digest/) },
    ]);
    expect((await problemOf('/api/audit/verify?digest=a&digest=b')).errors).toEqual([
      { path: 'digest', message: 'must be given once' },
    ]);
    expect((await problemOf('/api/reports/board?fundId=Not%20an%20id')).errors).toEqual([
      { path: 'fundId', message: expect.any(String) },
    ]);
    expect((await problemOf('/api/reports/board?format=docx')).errors).toEqual([
      { path: 'format', message: 'must be one of json, xlsx, pdf' },
    ]);
  });

  it('refuses a malformed path id before the handler, naming the parameter', async () => {
    expect((await problemOf('/api/investments/Not%20an%20id')).errors).toEqual([
      { path: 'id', message: expect.any(String) },
    ]);
    const release = await t
      .as('frida.ek', 'finance')
      .post('/api/funds/orebro/tranches/Not%20an%20id/release', {
        releasedOn: '2017-01-02',
        decisionRef: 'Ks 1/2017',
      })
      .expect(400);
    expect(release.body.errors).toEqual([{ path: 'trancheId', message: expect.any(String) }]);
    // A user id no user can have is an unknown user, as before.
    const grant = await t
      .as('ada.admin', 'admin')
      .post('/api/users/Not%20a%20user/grants', { role: 'finance' })
      .expect(404);
    expect(grant.body.code).toBe('USER_NOT_FOUND');
  });

  it('names every bad parameter of one request', async () => {
    const { errors } = await problemOf('/api/reports/forecast-vs-actual?grain=week&format=pdf');
    expect(errors.map((e) => e.path).sort()).toEqual(['format', 'grain']);
  });

  it('refuses a repeated parameter as given more than once', async () => {
    expect((await problemOf('/api/funds?asOf=2019-01-01&asOf=2019-02-01')).errors).toEqual([
      { path: 'asOf', message: 'must be given once' },
    ]);
    expect((await problemOf('/api/investments?ids=a&ids=b')).errors).toEqual([
      { path: 'ids', message: 'must be given once' },
    ]);
  });

  it('refuses a repeated choice as given more than once, even when each value is allowed', async () => {
    const repeated: readonly [string, string, string][] = [
      ['/api/investments', 'stage', 'approved'],
      ['/api/investments', 'sort', 'title'],
      ['/api/investments', 'order', 'desc'],
      ['/api/investments', 'overspent', 'true'],
      ['/api/investments', 'format', 'csv'],
      ['/api/investments', 'dialect', 'excel-sv'],
      ['/api/investments', 'lang', 'en'],
      ['/api/reports/forecast-vs-actual', 'groupBy', 'fund'],
      ['/api/reports/forecast-vs-actual', 'grain', 'year'],
      ['/api/reports/forecast-vs-actual', 'rows', 'false'],
      ['/api/audit/changes', 'format', 'json'],
      ['/api/reports/board', 'lang', 'sv'],
    ];
    for (const [path, name, value] of repeated) {
      const problem = await problemOf(`${path}?${name}=${value}&${name}=${value}`);
      expect({ path, status: problem.status, errors: problem.errors }).toEqual({
        path,
        status: 400,
        errors: [{ path: name, message: 'must be given once' }],
      });
    }
  });

  it('reads an empty parameter as not asked and ignores one no DTO names', async () => {
    const res = await auditor()
      .get('/api/reports/forecast-vs-actual?grain=&format=&asOf=&cacheBuster=123')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ grain: 'year', groupBy: 'fund', asOf: null });
    await auditor().get('/api/funds?_=1').expect(200);
  });

  it('lists the parameters of the DTOs in /docs-json', async () => {
    const document = (await t.anonymous().get('/docs-json').expect(200)).body as OpenApiDocument & {
      paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
    };
    const query = (path: string): Parameter[] =>
      (document.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query');
    expect(query('/api/funds/{fundId}').map((p) => p.name)).toEqual([
      'asOf',
      'asOfPosition',
      'minPosition',
    ]);
    const report = query('/api/reports/forecast-vs-actual');
    expect(report.map((p) => p.name).sort()).toEqual(
      [
        'asOf',
        'asOfPosition',
        'dialect',
        'format',
        'grain',
        'groupBy',
        'lang',
        'minPosition',
        'rows',
      ].sort(),
    );
    expect(report.every((p) => p.required === false)).toBe(true);
    expect(report.find((p) => p.name === 'grain')?.schema?.enum).toEqual([
      'year',
      'quarter',
      'month',
    ]);
  });
});
