/**
 * A change of rights is judged on its credential when the request arrives and again once its
 * body has been read, right before it is decided: a token or role revoked while the body was
 * on its way no longer carries it. Two administrators each sending the other's revocation, one of them slowly,
 * would otherwise leave the register with no administrator, by a person who had lost the role.
 * The slow body is sent over a real socket: the headers first, the body after the revocation.
 */
import http from 'node:http';
import { collect } from '../../src/event-store/event-store';
import { USERS_STREAM } from '../../src/auth/users.events';
import { startTestApp, TestApp } from '../support/test-app';

interface Sent {
  readonly finish: () => void;
  readonly answer: Promise<{ status: number; body: { code?: string } }>;
}

/** A POST whose headers are sent now and whose body only when `finish` is called. */
const slowPost = (url: string, path: string, token: string, body: object): Sent => {
  const text = JSON.stringify(body);
  const { hostname, port } = new URL(url);
  let request!: http.ClientRequest;
  const answer = new Promise<{ status: number; body: { code?: string } }>((resolve, reject) => {
    request = http.request(
      {
        host: hostname,
        port,
        method: 'POST',
        path,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        },
      },
      (res) => {
        let received = '';
        res.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(received || '{}') }),
        );
      },
    );
    request.on('error', reject);
    request.flushHeaders();
  });
  return { finish: () => request.end(text), answer };
};

/** Until the service has read the headers and judged them (onRequest): then the body waits. */
const headersJudged = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

describe('a change of rights whose credential was revoked while its body was on its way', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('is refused (401) and records nothing; the register keeps its administrator', async () => {
    const slowToken = await t.tokenFor('adm.b', 'admin');
    await t.as('adm.a', 'admin').get('/api/users').expect(200);
    const takeover = slowPost(t.url, '/api/users/adm.a/revocations', slowToken, {
      role: 'admin',
      reason: 'Övertagande',
    });
    await headersJudged();
    await t
      .as('adm.a', 'admin')
      .post('/api/users/adm.b/revocations', { role: 'admin', reason: 'Slutar' })
      .expect(201);
    const before = (await collect(t.store.readStream(USERS_STREAM))).length;
    takeover.finish();
    const answer = await takeover.answer;
    expect({ status: answer.status, code: answer.body.code }).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect((await collect(t.store.readStream(USERS_STREAM))).length).toBe(before);
    const admins = (await t.users.list()).filter((u) => u.roles.includes('admin'));
    expect(admins.map((u) => u.userId)).toEqual(['adm.a']);
  });
});
