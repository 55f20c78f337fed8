/**
 * The board report's asOf and since over HTTP at the ends of the range it can place: its days
 * are Europe/Stockholm days, so a moment must fall on a Stockholm day from 1900-01-01 to
 * 9999-12-31 (src/periods/moment.ts says why). A moment outside is a 400 problem+json
 * naming the parameter and the range, like every other refused parameter, never a 500, and
 * changes nothing; a moment just inside is answered, and so is a bare date whose Stockholm day
 * does not end at 23:00 or 22:00 UTC (the zone data's double summer time of 1945).
 */
import { stockholmDay } from '../../src/periods/stockholm-day';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';
import { aSmallFundOverHttp } from '../support/http-mothers';

const RANGE_MESSAGE =
  'must fall on a Stockholm day from 1900-01-01 to 9999-12-31: a moment from ' +
  '1899-12-31T23:00:00.000Z to 9999-12-31T22:59:59.999Z (a date: its Stockholm day)';

/** The first millisecond of Stockholm's 1 January 1900, when the fund below is recorded. */
const FIRST_MOMENT = '1899-12-31T23:00:00.000Z';
const LAST_MOMENT = '9999-12-31T22:59:59.999Z';

const BELOW_RANGE = [
  '0001-01-01',
  '0001-01-02',
  '0001-01-01T00:00:00Z',
  '1000-01-01',
  '1800-01-01',
  '1899-12-31',
  '1899-12-31T22:59:59.999Z',
  '1900-01-01T00:00:00%2B01:01',
];
const ABOVE_RANGE = [
  '9999-12-31T23:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999999999Z',
  '9999-12-31T23:30:00%2B00:30',
];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('board report asOf and since at the ends of their range', () => {
  let t: TestApp;
  let now = new Date(FIRST_MOMENT);
  const auditor = () => t.as('revisor', 'auditor');
  const board = async (query: string): Promise<Json> => {
    const res = await auditor().get(`/api/reports/board?fundId=f&${query}`);
    expect({ query, status: res.status }).toEqual({ query, status: 200 });
    return res.body as Json;
  };
  const refused = async (query: string): Promise<Json> =>
    (await expectRefusal(
      t,
      auditor().get(`/api/reports/board?fundId=f&${query}`),
      400,
      'VALIDATION_FAILED',
    )) as Json;

  beforeAll(async () => {
    // The fund is recorded at the first moment of the range, so a report as of then has it.
    t = await startTestApp({ clock: () => now });
    await aSmallFundOverHttp(t.as('fia', 'finance'));
    now = new Date('2030-01-01T09:00:00.000Z');
  });
  afterAll(async () => t.close());

  it.each([...BELOW_RANGE, ...ABOVE_RANGE])(
    'refuses asOf=%s with a 400 naming asOf and the range',
    async (value) => {
      const body = await refused(`asOf=${value}`);
      expect(body.errors).toEqual([{ path: 'asOf', message: RANGE_MESSAGE }]);
    },
  );

  it.each([...BELOW_RANGE, ...ABOVE_RANGE])(
    'refuses since=%s with a 400 naming since and the range',
    async (value) => {
      const body = await refused(`asOf=2019-03-01&since=${value}`);
      expect(body.errors).toEqual([{ path: 'since', message: RANGE_MESSAGE }]);
    },
  );

  it('names both when asOf and since are both out of range', async () => {
    const body = await refused('asOf=0001-01-01&since=9999-12-31T23:00:00Z');
    expect(body.errors).toEqual([
      { path: 'asOf', message: RANGE_MESSAGE },
      { path: 'since', message: RANGE_MESSAGE },
    ]);
  });

  it('answers asOf just inside the low end, since then the end of the Stockholm day before', async () => {
    const first = await board(`asOf=${FIRST_MOMENT}`);
    expect(first).toMatchObject({
      fundId: 'f',
      asOf: FIRST_MOMENT,
      since: '1899-12-31T22:59:59.999Z',
      today: '1900-01-01',
    });
    expect(first.tranches.map((tranche: Json) => tranche.trancheId)).toEqual(['t1']);
    expect(await board('asOf=1900-01-01')).toMatchObject({
      asOf: '1900-01-01T22:59:59.999Z',
      since: '1899-12-31T22:59:59.999Z',
    });
  });

  it('answers asOf just inside the high end, in the last quarter of 9999', async () => {
    // At the last moment, which is then now: no asOf after today is answered, and a moment
    // later than now would be read as now.
    const before = now;
    now = new Date(LAST_MOMENT);
    try {
      for (const value of ['9999-12-31', LAST_MOMENT, '9999-12-31T23:59:59.999%2B01:00']) {
        expect(await board(`asOf=${value}`)).toMatchObject({
          asOf: LAST_MOMENT,
          since: '9999-09-30T21:59:59.999Z',
          today: '9999-12-31',
        });
      }
    } finally {
      now = before;
    }
  });

  it('answers since just inside either end', async () => {
    for (const [value, since] of [
      [FIRST_MOMENT, FIRST_MOMENT],
      ['1900-01-01', '1900-01-01T22:59:59.999Z'],
      [LAST_MOMENT, LAST_MOMENT],
      ['9999-12-31', LAST_MOMENT],
    ]) {
      expect(await board(`asOf=2019-03-01&since=${value}`)).toMatchObject({
        asOf: '2019-03-01T22:59:59.999Z',
        since,
      });
    }
  });

  it('states the range of asOf and since in /docs-json', async () => {
    const document = (await t.anonymous().get('/docs-json').expect(200)).body as Json;
    const parameters = (document.paths['/api/reports/board'].get.parameters as Json[]).filter(
      (p) => p.name === 'asOf' || p.name === 'since',
    );
    expect(parameters).toHaveLength(2);
    for (const parameter of parameters) {
      expect(parameter).toMatchObject({ in: 'query', required: false });
      expect(parameter.description).toMatch(/from 1900-01-01 to 9999-12-31$/);
    }
  });

  it("ends a bare date at Stockholm's midnight whatever the offset (1945's double summer time)", async () => {
    const report = await board('asOf=1945-07-15&since=1945-06-30');
    for (const [moment, day] of [
      [report.asOf, '1945-07-15'],
      [report.since, '1945-06-30'],
    ]) {
      expect(stockholmDay(moment)).toBe(day);
      expect(stockholmDay(Date.parse(moment) + 1)).not.toBe(day);
    }
    // The default since is the end of the quarter before: of 30 June, the same moment.
    expect((await board('asOf=1945-07-15')).since).toBe(report.since);
  });
});
