/**
 * The user register is ledger state (the `users` stream), so it is read as of a moment like
 * every other: who held which role, under which name, then. An administrator asking who could
 * allocate money in February gets February's register, not today's (and anyone signed in,
 * February's names); before, `asOf` was silently ignored and the answer was the register now.
 */
import { startTestApp, TestApp } from '../support/test-app';

describe('the user register as of a moment', () => {
  let t: TestApp;
  let now = new Date('2020-01-10T09:00:00.000Z');
  const admin = () => t.as('adam.admin', 'admin');

  type Listing = { userId: string; name: string | null; roles: string[] };
  const kim = async (query: string): Promise<Listing | undefined> =>
    ((await admin().get(`/api/users${query}`).expect(200)).body as Listing[]).find(
      (u) => u.userId === 'kim.kassa',
    );

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await admin()
      .post('/api/users', { userId: 'kim.kassa', name: 'Kim Kassa', role: 'finance' })
      .expect(201);
    now = new Date('2020-03-01T09:00:00.000Z');
    await admin()
      .post('/api/users/kim.kassa/revocations', { role: 'finance', reason: 'Bytte tjänst' })
      .expect(201);
    now = new Date('2020-06-01T09:00:00.000Z');
  });
  afterAll(async () => t.close());

  it('answers the roles held then, and the register now without asOf', async () => {
    expect(await kim('?asOf=2020-02-01')).toMatchObject({ name: 'Kim Kassa', roles: ['finance'] });
    expect(await kim('')).toMatchObject({ name: 'Kim Kassa', roles: [] });
    expect(await kim('?asOf=2020-01-09')).toBeUndefined();
  });

  it('names people as they were known then', async () => {
    const people = async (query: string) =>
      (await t.as('eva.granskare', 'auditor').get(`/api/people${query}`).expect(200)).body as {
        id: string;
      }[];
    expect((await people('?asOf=2020-01-09')).map((p) => p.id)).not.toContain('kim.kassa');
    expect((await people('?asOf=2020-02-01')).map((p) => p.id)).toContain('kim.kassa');
  });

  it('refuses a moment after today, or one that is no moment, with a 400 naming asOf', async () => {
    for (const asOf of ['2020-06-02', '2020-02-30']) {
      const res = await admin().get(`/api/users?asOf=${asOf}`).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['asOf']);
    }
  });

  it('refuses asOfPosition rather than answer the register now', async () => {
    for (const path of ['/api/users', '/api/people']) {
      const res = await admin().get(`${path}?asOfPosition=1`).expect(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['asOfPosition']);
    }
  });
});
