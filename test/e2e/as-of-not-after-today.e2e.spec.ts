/**
 * No read is answered as of a day after today (probe F11): the ledger records nothing after
 * now, and figures judged on a later day counted every period up to it as due with nothing
 * delivered (variance, "not reported", overdue follow-up, a board report's deviations) as if
 * recorded. An asOf on a later Europe/Stockholm day than the service clock's is a 400 naming
 * `asOf` and today, and changes nothing; today's bare date and a moment later today are
 * answered. The rule itself, at Stockholm midnights around summer time, is
 * src/periods/moment.spec.ts.
 */
import { notAfterTodayText } from '../../src/periods/moment';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';
import { aSmallFundOverHttp } from '../support/http-mothers';

/** 12:00 in Stockholm (summer time) on 2019-06-15: the service's today. */
const NOW = new Date('2019-06-15T10:00:00.000Z');
const TODAY = '2019-06-15';
const REFUSAL = [{ path: 'asOf', message: notAfterTodayText(TODAY) }];

/** Tomorrow as a date, as Stockholm's midnight, and a day years ahead. */
const FUTURE = ['2019-06-16', '2019-06-15T22:00:00.000Z', '2019-06-16T00:00%2B02:00', '2030-01-01'];

describe('asOf after today', () => {
  let t: TestApp;
  const auditor = () => t.as('ada', 'auditor');

  beforeAll(async () => {
    t = await startTestApp({ clock: () => NOW });
    await aSmallFundOverHttp(t.as('fia', 'finance'));
  });
  afterAll(async () => t.close());

  it.each(FUTURE)(
    'GET /api/funds/f?asOf=%s is a 400 naming asOf and today, recording nothing',
    async (moment) => {
      const body = await expectRefusal(
        t,
        auditor().get(`/api/funds/f?asOf=${moment}`),
        400,
        'VALIDATION_FAILED',
      );
      expect(body.errors).toEqual(REFUSAL);
    },
  );

  it('leaves the answers as they were: the live fund is the same after the refusal', async () => {
    const before = await auditor().get('/api/funds/f').expect(200);
    await auditor().get('/api/funds/f?asOf=2019-06-16').expect(400);
    const after = await auditor().get('/api/funds/f').expect(200);
    expect(after.body).toEqual(before.body);
    expect(after.body.today).toBe(TODAY);
  });

  it.each([
    '/api/funds',
    '/api/investments',
    '/api/reports/forecast-vs-actual',
    '/api/reports/forecast-vs-actual?format=csv',
    '/api/reports/follow-up',
    '/api/reports/board?fundId=f',
    '/api/reports/board?fundId=f&format=pdf',
    '/api/reports/board?fundId=f&format=xlsx',
    '/api/reports/board',
  ])('%s refuses tomorrow the same way', async (path) => {
    const sep = path.includes('?') ? '&' : '?';
    const body = await expectRefusal(
      t,
      auditor().get(`${path}${sep}asOf=2019-06-16`),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toEqual(REFUSAL);
  });

  it("answers today's bare date as the end of today, and a moment later today", async () => {
    const bare = await auditor().get(`/api/funds/f?asOf=${TODAY}`).expect(200);
    expect(bare.body).toMatchObject({ asOf: '2019-06-15T21:59:59.999Z', today: TODAY });
    const later = await auditor().get('/api/funds/f?asOf=2019-06-15T23:30%2B02:00').expect(200);
    expect(later.body).toMatchObject({ asOf: '2019-06-15T21:30:00.000Z', today: TODAY });
    const live = await auditor().get('/api/funds/f').expect(200);
    expect(later.body.totals).toEqual(live.body.totals);
    // The board report reads a moment later than now as now, and says so: its parts and its
    // digest are of one position, and it claims no end of day it has not seen.
    const board = await auditor().get(`/api/reports/board?fundId=f&asOf=${TODAY}`).expect(200);
    expect(board.body).toMatchObject({ asOf: NOW.toISOString(), today: TODAY });
    await auditor().get(`/api/reports/forecast-vs-actual?asOf=${TODAY}`).expect(200);
  });

  it("leaves the board report's since a bound on recorded times: ahead, it lists no changes", async () => {
    const board = await auditor().get('/api/reports/board?fundId=f&since=2019-06-20').expect(200);
    expect(board.body.changes.total).toBe(0);
  });
});
