/**
 * One log line per request: the route's pattern (not the ids in the path), the status, the
 * duration and the correlation id (the caller's X-Request-Id when acceptable, else a fresh
 * one, echoed in the answer's X-Request-Id) — and never the bearer token.
 */
import pino from 'pino';
import request from 'supertest';
import { MAX_REQUEST_ID_LENGTH, UNMATCHED_ROUTE } from '../../src/http/request-logging';
import { startTestApp, TestApp } from '../support/test-app';

/** How long a line may take to arrive after its answer (the line is written on 'finish'). */
const LINE_WAIT_MS = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface RequestLine {
  readonly msg: string;
  readonly requestId: string;
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly durationMs: number;
}

describe('request logging', () => {
  let t: TestApp;
  const lines: string[] = [];
  const requestLines = (): RequestLine[] =>
    lines
      .map((line) => JSON.parse(line) as RequestLine)
      .filter((line) => line.msg === 'request completed' || line.msg === 'request failed');

  /** The lines of one request id, once its line has been written. */
  const linesOf = async (requestId: string): Promise<RequestLine[]> => {
    const deadline = Date.now() + LINE_WAIT_MS;
    while (Date.now() < deadline) {
      const found = requestLines().filter((line) => line.requestId === requestId);
      if (found.length > 0) return found;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return [];
  };

  beforeAll(async () => {
    t = await startTestApp({
      logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes one line per request with the route pattern, status, duration and id', async () => {
    const token = await t.tokenFor('fin-1', 'finance');
    const answer = await request(t.url)
      .get('/api/funds/fund-secret-id-42')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Request-Id', 'trace-one');
    expect(answer.headers['x-request-id']).toBe('trace-one');
    const found = await linesOf('trace-one');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      method: 'GET',
      route: '/api/funds/:fundId',
      status: answer.status,
    });
    expect(typeof found[0]!.durationMs).toBe('number');
    expect(found[0]!.durationMs).toBeGreaterThanOrEqual(0);
    const all = lines.join('\n');
    expect(all).not.toContain('fund-secret-id-42');
    expect(all).not.toContain(token);
    expect(all.toLowerCase()).not.toContain('authorization');
  });

  it('logs a refused token without the token', async () => {
    const forged = `flt_${'Z'.repeat(43)}`;
    const answer = await request(t.url)
      .post('/api/funds')
      .set('Authorization', `Bearer ${forged}`)
      .set('X-Request-Id', 'trace-forged')
      .send({});
    expect(answer.status).toBe(401);
    expect(answer.headers['x-request-id']).toBe('trace-forged');
    const found = await linesOf('trace-forged');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ method: 'POST', route: '/api/funds', status: 401 });
    expect(lines.join('\n')).not.toContain(forged);
  });

  it('makes an id when none or an unacceptable one is sent, and echoes it', async () => {
    const none = await request(t.url).get('/health');
    const made = none.headers['x-request-id'] as string;
    expect(made).toMatch(UUID);
    expect(await linesOf(made)).toEqual([
      expect.objectContaining({ route: '/health', status: none.status }),
    ]);

    for (const hostile of ['two words', 'x'.repeat(MAX_REQUEST_ID_LENGTH + 1), 'a"}{"b']) {
      const answer = await request(t.url).get('/health').set('X-Request-Id', hostile);
      const replaced = answer.headers['x-request-id'] as string;
      expect(replaced).toMatch(UUID);
      expect(await linesOf(replaced)).toHaveLength(1);
      expect(lines.join('\n')).not.toContain(hostile);
    }
  });

  it('names an unmatched path by no pattern at all', async () => {
    const answer = await request(t.url).get('/no/such/place-7731').set('X-Request-Id', 'trace-404');
    expect(answer.status).toBe(404);
    expect(await linesOf('trace-404')).toEqual([
      expect.objectContaining({ route: UNMATCHED_ROUTE, status: 404 }),
    ]);
    expect(lines.join('\n')).not.toContain('place-7731');
  });

  it('writes exactly one line for each request sent', async () => {
    const before = requestLines().length;
    const ids = ['count-1', 'count-2', 'count-3'];
    for (const id of ids) await request(t.url).get('/health').set('X-Request-Id', id);
    for (const id of ids) expect(await linesOf(id)).toHaveLength(1);
    expect(requestLines()).toHaveLength(before + ids.length);
  });
});
