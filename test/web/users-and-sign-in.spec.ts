/**
 * The user register over HTTP and the dashboard's sign-in endpoints, without a browser: what
 * an admin's writes record (and what a bad one refuses, recording nothing), who the caller is
 * by name, and that the sign-in answers on a service running on ledger tokens say so.
 */
import { collect } from '../../src/event-store/event-store';
import { USERS_STREAM } from '../../src/auth/users.events';
import { eventCount, startTestApp, TestApp } from '../support/test-app';

const ADMIN = 'ida.admin';

describe('users and roles over HTTP, and the sign-in endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  const admin = () => t.as(ADMIN, 'admin');

  it('adds a user, grants and revokes a role as events with the admin as actor and the reason', async () => {
    await admin()
      .post('/api/users', {
        userId: 'sara.ny',
        name: 'Sara Ny',
        role: 'project-lead',
        reason: 'Ny',
      })
      .expect(201);
    await admin().post('/api/users/sara.ny/grants', { role: 'auditor' }).expect(201);
    await admin().post('/api/users/sara.ny/revocations', { role: 'project-lead' }).expect(201);
    const listed = (await admin().get('/api/users').expect(200)).body as {
      userId: string;
      name: string;
      roles: string[];
    }[];
    expect(listed.find((u) => u.userId === 'sara.ny')).toMatchObject({
      name: 'Sara Ny',
      roles: ['auditor'],
    });
    const events = (await collect(t.store.readStream(USERS_STREAM))).filter(
      (e) => e.metadata.actor?.id === ADMIN,
    );
    expect(events.map((e) => e.type)).toEqual([
      'UserAdded',
      'RoleGranted',
      'RoleGranted',
      'RoleRevoked',
    ]);
    expect(events[0].metadata.reason).toBe('Ny');
  });

  it('revoking a role revokes the tokens that act in it, at once', async () => {
    const token = await t.tokenFor('tore.token', 'finance');
    await t.anonymous().get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    await admin().post('/api/users/tore.token/revocations', { role: 'finance' }).expect(201);
    await t.anonymous().get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('refuses bad input and rule breaks with problem+json, recording nothing', async () => {
    const before = await eventCount(t.store);
    const refused = async (path: string, body: object, status: number, code: string) => {
      const res = await admin().post(path, body).expect(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe(code);
    };
    await refused(
      '/api/users',
      { userId: 'Has Space', name: 'X', role: 'finance' },
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      '/api/users',
      { userId: 'x.y', name: '\u0007', role: 'finance' },
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      '/api/users',
      { userId: 'x.y', name: 'X', role: 'root' },
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      '/api/users',
      { userId: 'sara.ny', name: 'Annan', role: 'finance' },
      409,
      'USER_ALREADY_EXISTS',
    );
    await refused('/api/users/nobody.here/grants', { role: 'finance' }, 404, 'USER_NOT_FOUND');
    await refused(`/api/users/${ADMIN}/revocations`, { role: 'admin' }, 409, 'OWN_ADMIN_ROLE');
    expect(await eventCount(t.store)).toBe(before);
  });

  it('says who the caller is by the name in the register', async () => {
    await admin()
      .post('/api/users', { userId: 'nils.namn', name: 'Nils Namn', role: 'auditor' })
      .expect(201);
    const me = await t.as('nils.namn', 'auditor').get('/api/me').expect(200);
    expect(me.body).toEqual({ id: 'nils.namn', role: 'auditor', name: 'Nils Namn' });
    // Every role may read the names (for the timeline's "who"), nothing more about the users.
    const people = (await t.as('nils.namn', 'auditor').get('/api/people').expect(200))
      .body as Record<string, unknown>[];
    expect(people).toContainEqual({ id: 'nils.namn', name: 'Nils Namn' });
    expect(people).toContainEqual({ id: 'sara.ny', name: 'Sara Ny' });
    expect(people.every((p) => Object.keys(p).sort().join() === 'id,name')).toBe(true);
  });

  it('tells the page it signs in with ledger tokens, and has no code exchange then', async () => {
    const config = await t.anonymous().get('/auth/config').expect(200);
    expect(config.body).toEqual({ mode: 'token' });
    expect(config.headers['cache-control']).toBe('no-store');
    const exchange = await t
      .anonymous()
      .post('/auth/token')
      .send({ code: 'abc', codeVerifier: 'v'.repeat(43) })
      .expect(404);
    expect(exchange.body.code).toBe('SIGN_IN_NOT_CONFIGURED');
    const bad = await t
      .anonymous()
      .post('/auth/token')
      .send({ code: 'abc', codeVerifier: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
