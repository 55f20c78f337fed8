/**
 * Bodies where none is taken, oversized validation answers, and caching of API answers:
 * - a body on GET, on /health, /metrics and on paths that match no route is refused 413
 *   BODY_NOT_ALLOWED from its headers, without being parsed (malformed JSON gets the same
 *   answer), and /health keeps answering;
 * - on /api a stranger's body is refused 401 before it is parsed;
 * - a megabyte of zeros in place of the tranches draws one small 400, and no 400 lists more
 *   than MAX_LISTED_ERRORS problems (the rest are counted in errorsOmitted);
 * - every /api answer, refusals included, carries Cache-Control: no-store.
 */
import { request as httpRequest } from 'node:http';
import { MAX_BODY_ARRAY_ITEMS } from '../../src/http/body-guard';
import { MAX_LISTED_ERRORS } from '../../src/shared/problem';
import { aBenefitCase } from '../support/investment.mothers';
import { startTestApp, TestApp } from '../support/test-app';

/** Just under the default body limit (1 MiB). */
const MEGABYTE_OF_ZEROS = `{"fundId":"f","name":"F","currency":"SEK","decisionRef":"K","tranches":[${'0,'.repeat(
  520_000,
)}0]}`;
/** Well-formed neither as JSON nor as anything else: parsing it would be a 400. */
const MALFORMED_MEGABYTE = `{"tranches":[${'0,'.repeat(520_000)}`;

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly bytes: number;
}

/** Any method with any body (HTTP client libraries drop bodies on GET). */
const send = (
  url: string,
  method: string,
  path: string,
  body: string | Buffer | undefined,
  headers: Record<string, string> = {},
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = httpRequest(
      target,
      {
        method,
        headers: {
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: all.toString('utf8'),
            bytes: all.length,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });

const problemOf = (answer: Answer): Record<string, unknown> => {
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  return JSON.parse(answer.text) as Record<string, unknown>;
};

describe('request bodies and answers at the edge', () => {
  let t: TestApp;
  let bearer: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    bearer = { authorization: `Bearer ${await t.tokenFor('fia', 'finance')}` };
  });
  afterAll(async () => t.close());

  it.each([
    ['POST', '/health'],
    ['PUT', '/health'],
    ['GET', '/health'],
    ['POST', '/metrics'],
    ['POST', '/docs'],
    ['POST', '/no-such-page'],
    ['POST', '/'],
  ])('refuses a body on %s %s with 413 BODY_NOT_ALLOWED, unparsed', async (method, path) => {
    for (const body of [MEGABYTE_OF_ZEROS, MALFORMED_MEGABYTE]) {
      const answer = await send(t.url, method, path, body);
      expect(answer.status).toBe(413);
      expect(problemOf(answer)).toMatchObject({ status: 413, code: 'BODY_NOT_ALLOWED' });
    }
  });

  it('refuses a body on a GET under /api, and on an unknown /api path, once authenticated', async () => {
    for (const path of ['/api/funds', '/api/no-such-thing']) {
      const answer = await send(t.url, 'GET', path, '{"x":1}', bearer);
      expect(answer.status).toBe(413);
      expect(problemOf(answer)).toMatchObject({ code: 'BODY_NOT_ALLOWED' });
    }
    // No body, no refusal: a GET with an empty body is an ordinary GET.
    expect((await send(t.url, 'GET', '/api/funds', undefined, bearer)).status).toBe(200);
    expect((await send(t.url, 'GET', '/api/funds', '', bearer)).status).toBe(200);
  });

  it('names a body that cannot be read and one of another content type with codes of their own', async () => {
    const json = { ...bearer, 'content-type': 'application/json' };
    for (const body of ['{"fundId":', '']) {
      const answer = await send(t.url, 'POST', '/api/funds', body, json);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(problemOf(answer)).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
    }
    const text = { ...bearer, 'content-type': 'text/plain' };
    const answer = await send(t.url, 'POST', '/api/funds', 'fundId=f', text);
    expect(problemOf(answer)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('takes JSON in UTF-8 only: a form body, another charset and bytes that are not UTF-8 are refused, and record nothing', async () => {
    const fund = (fundId: string, name: string): string =>
      JSON.stringify({
        fundId,
        name,
        currency: 'SEK',
        decisionRef: 'KF 1',
        tranches: [
          {
            trancheId: 't1',
            name: 'T1',
            amount: '1000.00',
            allocatableFrom: '2017-01-01',
            allocatableUntil: '2030-12-31',
          },
        ],
      });
    // A form body was parsed and taken as the command (a type another site may send unasked).
    const form = await send(t.url, 'POST', '/api/funds', 'fundId=form&name=Form', {
      ...bearer,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(problemOf(form)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    const latin1 = await send(
      t.url,
      'POST',
      '/api/funds',
      Buffer.from(fund('latin', 'Åmål'), 'latin1'),
      {
        ...bearer,
        'content-type': 'application/json; charset=iso-8859-1',
      },
    );
    expect(problemOf(latin1)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    // Latin-1 bytes sent as UTF-8 were recorded as U+FFFD: text the caller never sent.
    const notUtf8 = await send(
      t.url,
      'POST',
      '/api/funds',
      Buffer.from(fund('bytes', 'Åmål'), 'latin1'),
      {
        ...bearer,
        'content-type': 'application/json; charset=utf-8',
      },
    );
    expect(problemOf(notUtf8)).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
    expect(String(problemOf(notUtf8).detail)).toMatch(/UTF-8/);
    const funds = JSON.parse((await send(t.url, 'GET', '/api/funds', undefined, bearer)).text) as {
      funds: { fundId: string }[];
    };
    expect(funds.funds.map((f) => f.fundId)).not.toEqual(
      expect.arrayContaining(['form', 'latin', 'bytes']),
    );
    // UTF-8, with or without the charset named, is taken as sent.
    const utf8 = await send(t.url, 'POST', '/api/funds', Buffer.from(fund('utf', 'Åmål'), 'utf8'), {
      ...bearer,
      'content-type': 'application/json; charset=UTF-8',
    });
    expect(utf8.status).toBe(201);
    const shown = JSON.parse((await send(t.url, 'GET', '/api/funds/utf', undefined, bearer)).text);
    expect(shown.name).toBe('Åmål');
  });

  it('keeps /health answering while megabyte bodies are posted to it', async () => {
    const posts = Array.from({ length: 4 }, () =>
      send(t.url, 'POST', '/health', MEGABYTE_OF_ZEROS),
    );
    const health = await send(t.url, 'GET', '/health', undefined);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: 'ok' });
    for (const answer of await Promise.all(posts)) expect(answer.status).toBe(413);
  });

  it("refuses a stranger's megabyte POST to /api with 401 before parsing it", async () => {
    for (const body of [MEGABYTE_OF_ZEROS, MALFORMED_MEGABYTE]) {
      const answer = await send(t.url, 'POST', '/api/funds', body);
      expect(answer.status).toBe(401);
      expect(problemOf(answer)).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // The same malformed body from a caller who may send it is parsed, and is a 400.
    const parsed = await send(t.url, 'POST', '/api/funds', MALFORMED_MEGABYTE, bearer);
    expect(parsed.status).toBe(400);
  });

  it('answers a megabyte of zeros for the tranches with one small 400', async () => {
    const answer = await send(t.url, 'POST', '/api/funds', MEGABYTE_OF_ZEROS, bearer);
    expect(answer.status).toBe(400);
    const body = problemOf(answer);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect((body.errors as unknown[]).length).toBeLessThanOrEqual(MAX_LISTED_ERRORS);
    expect(body.errors).toEqual([
      { path: 'tranches', message: `must have at most ${MAX_BODY_ARRAY_ITEMS} items` },
    ]);
    expect(answer.bytes).toBeLessThan(2_000);
  });

  it('stops at the list when the tranches are not objects, short of the body limit too', async () => {
    const zeros = `{"fundId":"f","name":"F","currency":"SEK","decisionRef":"K","tranches":[${Array(
      MAX_BODY_ARRAY_ITEMS,
    )
      .fill('0')
      .join(',')}]}`;
    const answer = await send(t.url, 'POST', '/api/funds', zeros, bearer);
    expect(answer.status).toBe(400);
    const errors = problemOf(answer).errors as { path: string }[];
    // One problem for the list, none for each of its elements.
    expect(errors).toEqual([{ path: 'tranches', message: expect.any(String) }]);
    expect(answer.bytes).toBeLessThan(2_000);
  });

  it(`lists at most ${MAX_LISTED_ERRORS} problems and counts the rest`, async () => {
    const unknown = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`extra${i}`, i]));
    const answer = await send(
      t.url,
      'POST',
      '/api/funds',
      JSON.stringify({
        fundId: 'f',
        name: 'F',
        currency: 'SEK',
        decisionRef: 'K',
        tranches: [],
        ...unknown,
      }),
      bearer,
    );
    expect(answer.status).toBe(400);
    const body = problemOf(answer);
    expect((body.errors as unknown[]).length).toBe(MAX_LISTED_ERRORS);
    // 30 unknown fields and an empty tranche list.
    expect(body.errorsOmitted).toBe(31 - MAX_LISTED_ERRORS);
    expect(body.detail).toMatch(new RegExp(`and ${31 - MAX_LISTED_ERRORS} more$`));
  });

  it(`lists at most ${MAX_LISTED_ERRORS} of a benefit case's problems too`, async () => {
    const lead = t.as('pia', 'project-lead');
    await lead
      .post('/api/investments', {
        investmentId: 'many-problems',
        title: 'T',
        department: 'D',
        projectLead: 'pia',
        need: 'N',
      })
      .expect(201);
    const answer = await send(
      t.url,
      'PUT',
      '/api/investments/many-problems/benefit-case',
      JSON.stringify({
        ...aBenefitCase(),
        costs: Array.from({ length: 40 }, () => ({ costLineId: 'Bad Id' })),
      }),
      { authorization: `Bearer ${await t.tokenFor('pia', 'project-lead')}` },
    );
    expect(answer.status).toBe(400);
    const body = problemOf(answer);
    expect(body.code).toBe('BENEFIT_CASE_INVALID');
    expect((body.errors as unknown[]).length).toBe(MAX_LISTED_ERRORS);
    expect(body.errorsOmitted).toBeGreaterThanOrEqual(40 - MAX_LISTED_ERRORS);
  });

  it('sends Cache-Control: no-store on every /api answer, refusals included', async () => {
    const answers = [
      await send(t.url, 'GET', '/api/funds', undefined, bearer),
      await send(t.url, 'GET', '/api/funds', undefined),
      await send(t.url, 'GET', '/api/funds/no-such-fund', undefined, bearer),
      await send(t.url, 'GET', '/api/no-such-thing', undefined, bearer),
      await send(t.url, 'POST', '/api/funds', '{}', bearer),
      await send(t.url, 'GET', '/api/funds', '{}', bearer),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 404, 400, 413]);
    for (const answer of answers) expect(answer.headers['cache-control']).toBe('no-store');
  });
});
