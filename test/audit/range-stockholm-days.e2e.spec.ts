/**
 * A change report's `from` and `to` read a bare date as a Stockholm day, the ledger's days, as
 * `asOf` and the dashboard read one. They used to be UTC days: a change recorded at 00:30 in
 * Stockholm fell in the day before the one every other answer put it in, and one recorded at
 * 23:30 in the day after.
 */
import { cliTimeRange } from '../../src/cli/audit-context';
import { UsageError } from '../../src/cli/cli';
import { startTestApp, TestApp } from '../support/test-app';

const FUND = {
  fundId: 'kommunfond',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    { trancheId: 't1', name: 'Etapp 1', amount: '1000000.00', allocatableFrom: '2016-12-31' },
  ],
};

interface Row {
  readonly type: string;
  readonly recordedAt: string;
  readonly streamId: string;
}

describe('a change report by Stockholm days', () => {
  let t: TestApp;
  let now = new Date('2017-06-01T08:00:00.000Z');
  const finance = () => t.as('frida.ek', 'finance');
  const auditor = () => t.as('eva.granskare', 'auditor');

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    // 00:30 on 2 June in Stockholm (summer time, UTC+2): still 1 June in UTC.
    now = new Date('2017-06-01T22:30:00.000Z');
    await finance().post('/api/funds', FUND).expect(201);
    // 23:30 on 2 June in Stockholm.
    now = new Date('2017-06-02T21:30:00.000Z');
    await finance()
      .post('/api/funds/kommunfond/tranches/t1/release', {
        releasedOn: '2017-06-02',
        decisionRef: 'Ks 1490/2017',
      })
      .expect(201);
    // 00:30 on 3 June in Stockholm: still 2 June in UTC.
    now = new Date('2017-06-02T22:30:00.000Z');
    await finance()
      .post('/api/funds/kommunfond/tranches/t1/amendments', {
        amount: '900000.00',
        decidedOn: '2017-06-03',
        decisionRef: 'Ks 1500/2017',
        reason: 'Budgeten minskad',
      })
      .expect(201);
  });
  afterAll(async () => t.close());

  const fundChanges = async (query: string): Promise<Row[]> => {
    const res = await auditor().get(`/api/audit/changes?${query}`).expect(200);
    return (res.body.events as Row[]).filter((e) => e.streamId.startsWith('fund-'));
  };

  it('gives the changes recorded on a Stockholm day, from its midnight to its midnight', async () => {
    const day = await fundChanges('from=2017-06-02&to=2017-06-02');
    expect(day.map((e) => [e.type, e.recordedAt])).toEqual([
      ['FundEstablished', '2017-06-01T22:30:00.000Z'],
      ['TrancheAdded', '2017-06-01T22:30:00.000Z'],
      ['TrancheReleased', '2017-06-02T21:30:00.000Z'],
    ]);
    expect(await fundChanges('to=2017-06-01')).toEqual([]);
    expect((await fundChanges('from=2017-06-03')).map((e) => e.type)).toEqual(['TrancheAmended']);
  });

  it("names the range it read as the instants of the days' ends", async () => {
    const res = await auditor().get('/api/audit/changes?from=2017-06-02&to=2017-06-02').expect(200);
    expect(res.body).toMatchObject({
      from: '2017-06-01T22:00:00.000Z',
      to: '2017-06-02T21:59:59.999Z',
    });
  });

  it('reads a moment with a zone as itself', async () => {
    const early = await fundChanges('to=2017-06-01T23:59:59Z');
    expect(early.map((e) => e.type)).toEqual(['FundEstablished', 'TrancheAdded']);
  });

  it('refuses a date no Stockholm day can place, naming the parameter', async () => {
    const res = await auditor().get('/api/audit/changes?from=1899-12-31').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: 'from', message: expect.stringContaining('Stockholm day') }),
    ]);
  });

  it('reads the command line’s --from and --to the same way', () => {
    expect(
      cliTimeRange({ flag: '--from', value: '2017-06-02' }, { flag: '--to', value: '2017-06-02' }),
    ).toEqual({ from: '2017-06-01T22:00:00.000Z', to: '2017-06-02T21:59:59.999Z' });
    expect(() => cliTimeRange({ flag: '--from', value: '1899-12-31' }, undefined)).toThrow(
      UsageError,
    );
  });
});
