/**
 * asOfPosition over HTTP: the ledger right after one event, exactly, where `asOf` cannot tell
 * apart events recorded at the same instant (the dashboard's "show the ledger after this event").
 */
import { startTestApp, TestApp } from '../support/test-app';
import { aSmallFundOverHttp } from '../support/http-mothers';

const SAME_INSTANT = '2017-01-10T09:00:00.000Z';

describe('asOfPosition over HTTP', () => {
  let t: TestApp;
  let now = new Date('2017-01-01T09:00:00.000Z');
  let secondPosition: string;
  let thirdPosition: string;
  const auditor = () => t.as('ada', 'auditor');

  const trancheIds = (body: { tranches: { trancheId: string }[] }) =>
    body.tranches.map((x) => x.trancheId);

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    const finance = t.as('fia', 'finance');
    await aSmallFundOverHttp(finance);
    // Two tranches recorded at one instant: only their positions tell them apart.
    now = new Date(SAME_INSTANT);
    const add = (id: string) =>
      finance
        .post('/api/funds/f/tranches', { trancheId: id, name: id, amount: '1.00', decisionRef: id })
        .expect(201);
    secondPosition = String((await add('t2')).body.position);
    thirdPosition = String((await add('t3')).body.position);
    now = new Date('2030-01-01T09:00:00.000Z');
  });
  afterAll(async () => t.close());

  it('answers as of right after the event at the position, not after its instant', async () => {
    const byInstant = await auditor().get(`/api/funds/f?asOf=${SAME_INSTANT}`).expect(200);
    expect(trancheIds(byInstant.body)).toEqual(['t1', 't2', 't3']);

    const afterSecond = await auditor()
      .get(`/api/funds/f?asOfPosition=${secondPosition}`)
      .expect(200);
    expect(trancheIds(afterSecond.body)).toEqual(['t1', 't2']);
    expect(afterSecond.body).toMatchObject({ position: secondPosition, asOf: SAME_INSTANT });

    const afterThird = await auditor().get(`/api/funds?asOfPosition=${thirdPosition}`).expect(200);
    expect(trancheIds(afterThird.body.funds[0])).toEqual(['t1', 't2', 't3']);
  });

  it('is read by every GET of ledger state', async () => {
    for (const path of [
      '/api/investments',
      '/api/reports/follow-up',
      '/api/reports/forecast-vs-actual',
    ]) {
      const res = await auditor().get(`${path}?asOfPosition=${secondPosition}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
  });

  it('refuses a position with asOf, one that is no number, and one with no event', async () => {
    const both = await auditor()
      .get(`/api/funds?asOfPosition=${secondPosition}&asOf=${SAME_INSTANT}`)
      .expect(400);
    expect(both.body.errors.map((e: { path: string }) => e.path)).toEqual(['asOfPosition']);
    const text = await auditor().get('/api/funds?asOfPosition=second').expect(400);
    expect(text.body.errors.map((e: { path: string }) => e.path)).toEqual(['asOfPosition']);
    const beyond = await auditor().get('/api/funds?asOfPosition=999999').expect(404);
    expect(beyond.body.code).toBe('POSITION_NOT_FOUND');
  });
});
