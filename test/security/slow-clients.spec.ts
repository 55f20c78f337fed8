/**
 * Slow and greedy clients over real sockets against the real app, with short configured
 * timeouts: a body or headers that trickle in get a 408 problem+json and a closed socket,
 * idle keep-alive connections are closed, and one address cannot hold more than its share
 * of connections (the next is refused 503 and closed) while /health keeps answering.
 */
import { ConfigError, DEFAULT_HTTP_EDGE, loadConfig } from '../../src/config/config';
import { startTestApp, TestApp } from '../support/test-app';
import { openRaw, parseAnswer, RawConnection, trickle } from './raw-socket';

const REQUEST_TIMEOUT_MS = 800;
const HEADERS_TIMEOUT_MS = 400;
const KEEP_ALIVE_TIMEOUT_MS = 300;
const MAX_CONNECTIONS = 4;
/** A byte this often: never idle long enough for an idle timeout, far too slow for a body. */
const TRICKLE_GAP_MS = 50;
/** At one byte per gap this would take 25 s; the request timeout ends it long before. */
const SLOW_BODY_BYTES = 500;

const slowBody = '{"fundId":"' + 'x'.repeat(SLOW_BODY_BYTES - 13) + '"}';

const postHead = (path: string, length: number, token?: string): string =>
  [
    `POST ${path} HTTP/1.1`,
    'Host: ledger.test',
    'Content-Type: application/json',
    `Content-Length: ${length}`,
    ...(token === undefined ? [] : [`Authorization: Bearer ${token}`]),
    '',
    '',
  ].join('\r\n');

const expectProblem = (text: string, status: number, code: string): void => {
  const answer = parseAnswer(text);
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(answer.body)).toMatchObject({ status, code });
};

describe('slow clients', () => {
  let t: TestApp;
  let token: string;
  const open: RawConnection[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LEDGER_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        LEDGER_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        LEDGER_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
        LEDGER_MAX_CONNECTIONS_PER_CLIENT: String(MAX_CONNECTIONS),
      },
    });
    token = await t.tokenFor('fia', 'finance');
  });
  afterEach(() => {
    for (const connection of open.splice(0)) connection.socket.destroy();
  });
  afterAll(async () => t.close());

  const connect = async (): Promise<RawConnection> => {
    const connection = await openRaw(t.url);
    open.push(connection);
    return connection;
  };

  it('answers a body that trickles in 408 problem+json and closes the socket', async () => {
    const c = await connect();
    c.socket.write(postHead('/api/funds', slowBody.length, token));
    const sending = trickle(c.socket, slowBody, TRICKLE_GAP_MS);
    const { text } = await c.closed;
    await sending;
    expectProblem(text, 408, 'REQUEST_TIMEOUT');
    expect(JSON.parse(parseAnswer(text).body)).toMatchObject({ title: 'Request Timeout' });
    // The server closed the connection before the client could finish sending.
    expect(c.socket.bytesWritten).toBeLessThan(postHead('/api/funds', 0).length + slowBody.length);
  });

  it('answers a stranger 401 at once, and closes a body still trickling in after it', async () => {
    const c = await connect();
    c.socket.write(postHead('/api/funds', slowBody.length));
    const sending = trickle(c.socket, slowBody, TRICKLE_GAP_MS);
    const { text } = await c.closed;
    await sending;
    expectProblem(text, 401, 'UNAUTHENTICATED');
    // One answer only: no 408 written after the 401 for the same request.
    expect(text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });

  it('answers headers that trickle in 408 and closes the socket', async () => {
    const c = await connect();
    const sending = trickle(
      c.socket,
      'GET /health HTTP/1.1\r\nHost: ledger.test\r\nX-Slow: ' + 'y'.repeat(200),
      TRICKLE_GAP_MS,
    );
    const { text } = await c.closed;
    await sending;
    expectProblem(text, 408, 'REQUEST_TIMEOUT');
  });

  it('answers malformed HTTP and oversized headers with problem+json too, and closes', async () => {
    const malformed = await connect();
    malformed.socket.write('NOT HTTP AT ALL\r\n\r\n');
    expectProblem((await malformed.closed).text, 400, 'MALFORMED_REQUEST');

    const huge = await connect();
    // Past Node's 16 KiB header limit.
    huge.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'z'.repeat(20_000)}\r\n\r\n`);
    const { text } = await huge.closed;
    expectProblem(text, 431, 'HEADERS_TOO_LARGE');
    expect(JSON.parse(parseAnswer(text).body)).toMatchObject({
      title: 'Request Header Fields Too Large',
    });
  });

  it('closes an idle keep-alive connection after its answer', async () => {
    const c = await connect();
    c.socket.write('GET /health HTTP/1.1\r\nHost: ledger.test\r\nConnection: keep-alive\r\n\r\n');
    const { text } = await c.closed;
    expect(parseAnswer(text).status).toBe(200);
    expect(parseAnswer(text).headers['keep-alive']).toBe(
      `timeout=${Math.floor(KEEP_ALIVE_TIMEOUT_MS / 1000)}`,
    );
  });
});

describe('connections per client address', () => {
  let t: TestApp;
  const open: RawConnection[] = [];
  beforeAll(async () => {
    // Default timeouts: the held connections stay open for the whole test.
    t = await startTestApp({
      env: { LEDGER_MAX_CONNECTIONS_PER_CLIENT: String(MAX_CONNECTIONS) },
    });
  });
  afterAll(async () => {
    for (const connection of open) connection.socket.destroy();
    await t.close();
  });

  const healthFrom = async (localAddress: string): Promise<number> => {
    const c = await openRaw(t.url, localAddress);
    open.push(c);
    c.socket.write('GET /health HTTP/1.1\r\nHost: ledger.test\r\nConnection: close\r\n\r\n');
    return parseAnswer((await c.closed).text).status;
  };

  it('refuses connections past the cap with 503 problem+json, while other addresses are served', async () => {
    const held = await Promise.all(
      Array.from({ length: MAX_CONNECTIONS }, () => openRaw(t.url, '127.0.0.1')),
    );
    open.push(...held);

    const extra = await openRaw(t.url, '127.0.0.1');
    open.push(extra);
    const { text } = await extra.closed;
    expectProblem(text, 503, 'TOO_MANY_CONNECTIONS');
    expect(parseAnswer(text).headers['retry-after']).toBe('1');

    // Another client address is not held back by this one.
    expect(await healthFrom('127.0.0.2')).toBe(200);

    // Once the held connections are gone, the address is served again.
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    expect(await healthFrom('127.0.0.1')).toBe(200);
  });
});

describe('slow-client configuration', () => {
  it('has timeouts on by default, the headers one within the request one', () => {
    const { httpEdge } = loadConfig({});
    expect(httpEdge).toEqual(DEFAULT_HTTP_EDGE);
    expect(httpEdge.requestTimeoutMs).toBeGreaterThan(0);
    expect(httpEdge.headersTimeoutMs).toBeLessThanOrEqual(httpEdge.requestTimeoutMs);
    expect(httpEdge.keepAliveTimeoutMs).toBeGreaterThan(0);
    expect(httpEdge.maxConnectionsPerClient).toBeGreaterThan(0);
  });

  it('refuses a headers timeout longer than the request timeout, and zero timeouts', () => {
    const problems = (env: Record<string, string>): readonly string[] => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return error instanceof ConfigError ? error.problems : [String(error)];
      }
    };
    expect(
      problems({ LEDGER_REQUEST_TIMEOUT_MS: '1000', LEDGER_HEADERS_TIMEOUT_MS: '2000' }),
    ).toEqual([expect.stringMatching(/^LEDGER_HEADERS_TIMEOUT_MS=2000: must be at most/)]);
    expect(problems({ LEDGER_REQUEST_TIMEOUT_MS: '0' })).toEqual([
      expect.stringMatching(/^LEDGER_REQUEST_TIMEOUT_MS="0": must be a whole number from 100/),
    ]);
    // A shorter request timeout alone pulls the default headers timeout down with it.
    expect(loadConfig({ LEDGER_REQUEST_TIMEOUT_MS: '5000' }).httpEdge.headersTimeoutMs).toBe(5000);
  });
});
