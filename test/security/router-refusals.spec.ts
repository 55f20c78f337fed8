/**
 * Paths the router refuses before any hook runs, before authentication too: a path that is
 * not valid percent-encoding and a path segment longer than any id. They are answered like
 * every other refusal of the API, over real sockets (HTTP clients will not send such paths):
 * problem+json with a stable code, the security headers, Cache-Control: no-store and the
 * request id, and the same answer with or without a credential (nothing to learn before
 * authentication). A valid id of any length the API allows reaches its route; a longer one,
 * up to the router's limit, gets its route's own refusal after authentication.
 */
import { MAX_PATH_PARAM_LENGTH } from '../../src/http/router-refusals';
import { ROLES } from '../../src/shared/roles';
import { startTestApp, TestApp } from '../support/test-app';
import { openRaw, parseAnswer, RawAnswer } from './raw-socket';

interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly token?: string;
  readonly requestId?: string;
}

const head = ({ method, path, body, token, requestId }: RawRequest, close = true): string =>
  [
    `${method} ${path} HTTP/1.1`,
    'Host: ledger.test',
    ...(close ? ['Connection: close'] : []),
    ...(requestId === undefined ? [] : [`X-Request-Id: ${requestId}`]),
    ...(token === undefined ? [] : [`Authorization: Bearer ${token}`]),
    ...(body === undefined
      ? []
      : ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`]),
    '',
    '',
  ].join('\r\n') + (body ?? '');

/** One request on its own connection, exactly as written; the answer once the server closes. */
const send = async (url: string, request: RawRequest): Promise<RawAnswer> => {
  const connection = await openRaw(url);
  connection.socket.write(head(request));
  return parseAnswer((await connection.closed).text);
};

interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
}

const problemOf = (answer: RawAnswer, status: number, code: string): Problem => {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(answer.body) as Problem;
  expect(body).toEqual({
    type: expect.stringMatching(/^https:\/\//) as unknown,
    title: expect.any(String) as unknown,
    status,
    detail: expect.any(String) as unknown,
    code,
  });
  // Fastify's own answer named its error codes and echoed the whole URL.
  expect(answer.body).not.toMatch(/FST_ERR|statusCode/);
  return body;
};

/** Headers that differ from answer to answer, or by kind of answer; the rest are the security headers. */
const PER_ANSWER_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'cache-control',
  'x-request-id',
  'www-authenticate',
]);

const securityHeadersOf = (answer: RawAnswer): Record<string, string> =>
  Object.fromEntries(
    Object.entries(answer.headers).filter(([name]) => !PER_ANSWER_HEADERS.has(name)),
  );

/** Not valid percent-encoding, on routes of every kind (commands, reads, /health, /docs, none). */
const BAD_PATHS: readonly RawRequest[] = [
  { method: 'GET', path: '/api/funds/%ff' },
  { method: 'GET', path: '/api/funds/%' },
  { method: 'GET', path: '/api/funds/%zz' },
  // A lone UTF-16 surrogate: well-formed escapes that spell no UTF-8.
  { method: 'GET', path: '/api/funds/%ED%A0%80' },
  { method: 'GET', path: '/api/funds/%ff?asOf=2020-01-01' },
  { method: 'POST', path: '/api/funds/%ff/tranches', body: '{"trancheId":"t"}' },
  { method: 'PUT', path: '/api/investments/%ff/benefit-case', body: '{}' },
  { method: 'GET', path: '/health/%ff' },
  { method: 'GET', path: '/docs/%ff' },
  { method: 'GET', path: '/%ff' },
];

const longId = (length: number): string => 'a'.repeat(length);

/** Path segments longer than the router takes, on reads and commands; `shown` names them in the test. */
const TOO_LONG_PATHS: readonly (RawRequest & { readonly shown: string })[] = [
  {
    shown: 'GET /api/investments/{5000 × a}',
    method: 'GET',
    path: `/api/investments/${longId(5000)}`,
  },
  {
    shown: `GET /api/investments/{${MAX_PATH_PARAM_LENGTH + 1} × a}/history`,
    method: 'GET',
    path: `/api/investments/${longId(MAX_PATH_PARAM_LENGTH + 1)}/history`,
  },
  {
    shown: 'POST /api/users/{5000 × a}/grants',
    method: 'POST',
    path: `/api/users/${longId(5000)}/grants`,
    body: '{"role":"auditor"}',
  },
  {
    shown: 'PUT /api/investments/{5000 × a}/benefit-case',
    method: 'PUT',
    path: `/api/investments/${longId(5000)}/benefit-case`,
    body: '{}',
  },
];

describe('paths the router refuses before any hook runs', () => {
  let t: TestApp;
  let token: string;
  let reference: RawAnswer;

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.tokenFor('fia', 'finance');
    // Any other refusal of the API, made by the service's hooks: a stranger's 401.
    reference = await send(t.url, { method: 'GET', path: '/api/funds' });
    expect(reference.status).toBe(401);
    expect(Object.keys(securityHeadersOf(reference))).toEqual(
      expect.arrayContaining(['content-security-policy', 'x-content-type-options']),
    );
  });
  afterAll(async () => t.close());

  it.each(BAD_PATHS)(
    'answers $method $path with 400 BAD_URL problem+json, the same with or without a credential',
    async ({ method, path, body }) => {
      const stranger = await send(t.url, { method, path, body });
      const finance = await send(t.url, { method, path, body, token });
      const problem = problemOf(stranger, 400, 'BAD_URL');
      expect(problem.detail).toMatch(/percent-encoding/);
      expect(JSON.parse(finance.body)).toEqual(problem);
      expect(finance.status).toBe(400);
    },
  );

  it.each(TOO_LONG_PATHS)(
    'answers $shown with 414 PATH_TOO_LONG problem+json, the same with or without a credential',
    async ({ method, path, body }) => {
      const stranger = await send(t.url, { method, path, body });
      const finance = await send(t.url, { method, path, body, token });
      const problem = problemOf(stranger, 414, 'PATH_TOO_LONG');
      expect(problem.detail).toContain(String(MAX_PATH_PARAM_LENGTH));
      // The answer stays small whatever the path: it is not echoed.
      expect(stranger.body.length).toBeLessThan(500);
      expect(JSON.parse(finance.body)).toEqual(problem);
    },
  );

  it('sends the security headers, Cache-Control: no-store and the request id of every other /api refusal', async () => {
    const answers = [
      await send(t.url, { method: 'GET', path: '/api/funds/%ff', requestId: 'probe-bad-url' }),
      await send(t.url, {
        method: 'GET',
        path: `/api/investments/${longId(5000)}`,
        requestId: 'probe-too-long',
      }),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 414]);
    expect(answers.map((a) => a.headers['x-request-id'])).toEqual([
      'probe-bad-url',
      'probe-too-long',
    ]);
    for (const answer of answers) {
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(securityHeadersOf(answer)).toEqual(securityHeadersOf(reference));
    }
    // Without an acceptable X-Request-Id of its own, the request gets a fresh one.
    const fresh = await send(t.url, { method: 'GET', path: '/health/%ff' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers HEAD of a bad path with the same status and headers, without a body', async () => {
    const answer = await send(t.url, { method: 'HEAD', path: '/api/funds/%ff' });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body).toBe('');
  });

  it('keeps a keep-alive connection usable after refusing a bad path that carried a body', async () => {
    const connection = await openRaw(t.url);
    const body = JSON.stringify({ trancheId: 't', padding: 'x'.repeat(10_000) });
    connection.socket.write(head({ method: 'POST', path: '/api/funds/%ff/tranches', body }, false));
    connection.socket.write(head({ method: 'GET', path: '/health' }));
    const { text } = await connection.closed;
    const first = parseAnswer(text);
    problemOf(first, 400, 'BAD_URL');
    const rest = text.slice(text.indexOf(first.body) + first.body.length);
    expect(parseAnswer(rest).status).toBe(200);
  });

  it('routes a user id of 128 characters, the longest valid one, to its route', async () => {
    const userId = `k${'x'.repeat(127)}`;
    await t.users.addUser(userId, 'auditor', null, { id: 'test-setup', role: 'admin' });
    const granted = await send(t.url, {
      method: 'POST',
      path: `/api/users/${userId}/grants`,
      body: JSON.stringify({ role: ROLES.find((role) => role !== 'auditor') }),
      token: await t.tokenFor('ada', 'admin'),
    });
    expect(granted.status).toBe(201);
  });

  it.each([65, 129, MAX_PATH_PARAM_LENGTH])(
    "answers an id of %i characters with its route's own refusal, after authentication",
    async (length) => {
      const path = `/api/funds/${longId(length)}`;
      expect((await send(t.url, { method: 'GET', path })).status).toBe(401);
      const answer = await send(t.url, { method: 'GET', path, token });
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.body)).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ path: 'fundId' }],
      });
      expect(answer.headers['cache-control']).toBe('no-store');
    },
  );

  it('answers a too-long user id with the users route’s own 404, after authentication', async () => {
    const path = `/api/users/${longId(129)}/grants`;
    const answer = await send(t.url, {
      method: 'POST',
      path,
      body: '{"role":"auditor"}',
      token: await t.tokenFor('ada', 'admin'),
    });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('keeps /health answering', async () => {
    expect((await send(t.url, { method: 'GET', path: '/health' })).status).toBe(200);
  });
});
