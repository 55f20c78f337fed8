/**
 * As-of reads over HTTP: the moment is parsed strictly (an impossible date is a 400 naming
 * the parameter, never a 500 or a silently different day), and a past moment the read
 * models hold is read from their bi-temporal rows: many distinct moments at once are all
 * answered, and none folds the ledger (the bound on folds, for moments the read models have
 * not reached, is test/projections/as-of-reader.spec.ts).
 */
import { MAX_CONCURRENT_AS_OF_FOLDS } from '../../src/projections/as-of-reader';
import { ReadAllOptions, RecordedEvent } from '../../src/event-store/event-store';
import { startTestApp, TestApp } from '../support/test-app';
import { aSmallFundOverHttp } from '../support/http-mothers';

/** Days of 2017-01 on which one tranche each was added: one event, one position per day. */
const DAYS = 12;
/** Requests beyond the bound, each for a moment of its own. */
const BEYOND = 4;

const day = (d: number): string => `2017-01-${String(d).padStart(2, '0')}`;

describe('as-of reads over HTTP', () => {
  let t: TestApp;
  let now = new Date('2017-01-01T09:00:00.000Z');
  const auditor = () => t.as('ada', 'auditor');

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    const finance = t.as('fia', 'finance');
    await aSmallFundOverHttp(finance);
    for (let d = 2; d <= DAYS; d++) {
      now = new Date(`${day(d)}T09:00:00.000Z`);
      await finance
        .post('/api/funds/f/tranches', {
          trancheId: `t${d}`,
          name: `T${d}`,
          amount: '1000.00',
          decisionRef: `Ks ${d}`,
        })
        .expect(201);
    }
    now = new Date('2030-01-01T09:00:00.000Z');
    await auditor().get('/api/funds').expect(200);
  });
  afterAll(async () => t.close());

  describe('the moment', () => {
    const expectBad = async (path: string, parameter: string): Promise<void> => {
      const res = await auditor().get(path);
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([parameter]);
    };

    it.each([
      ['a year 0 moment with a large offset (was a 500)', '0000-01-01T00:00%2B23:59'],
      ['30 February (was 2 March)', '2017-02-30'],
      ['31 April', '2017-04-31T12:00:00Z'],
      ['hour 24', '2017-01-05T24:00Z'],
      ['an offset of 24 hours', '2017-01-05T12:00%2B24:00'],
      ['a six-digit year', '%2B002017-01-05'],
    ])('refuses %s as asOf on every read of ledger state', async (_what, value) => {
      for (const path of [
        '/api/funds',
        '/api/funds/f',
        '/api/investments',
        '/api/reports/forecast-vs-actual',
        '/api/reports/follow-up',
      ]) {
        await expectBad(`${path}?asOf=${value}`, 'asOf');
      }
    });

    it('refuses impossible from and to on the audit and history reads', async () => {
      await expectBad('/api/audit/changes?from=2017-02-30', 'from');
      await expectBad('/api/audit/changes?to=0000-01-01T00:00%2B23:59', 'to');
      await expectBad('/api/investments/x/history?from=2017-02-29', 'from');
      await expectBad('/api/investments/x/history?to=2017-13-01', 'to');
    });

    const LEDGER_STATE = [
      '/api/funds',
      '/api/investments',
      '/api/reports/forecast-vs-actual',
      '/api/reports/follow-up',
    ];

    it('answers the first and last moments it accepts on every read, never a 500', async () => {
      // asOf in Stockholm days (its day is every figure's "today"); from and to in 0001–9999 UTC.
      const accepted = [
        ...['1899-12-31T23:00:00.000Z', '9999-12-31T22:59:59.999Z', '9999-12-31'].flatMap(
          (moment) => LEDGER_STATE.map((path) => `${path}?asOf=${moment}`),
        ),
        '/api/audit/changes?to=0001-01-01T00:00Z',
        '/api/audit/changes?to=9999-12-31T23:59:59.999Z',
      ];
      // The last day is not after today only on that day: the service clock is set to it here
      // (no moment after today is answered: as-of-not-after-today.e2e.spec.ts).
      const before = now;
      now = new Date('9999-12-31T12:00:00.000Z');
      try {
        for (const path of accepted) {
          const res = await auditor().get(path);
          expect({ path, status: res.status }).toEqual({ path, status: 200 });
        }
      } finally {
        now = before;
      }
    });

    it('refuses an asOf whose Stockholm day cannot be named: before 1900, or in year 10000', async () => {
      // 9999-12-31T23:00Z is 10000-01-01 in Stockholm: as "today" it compared below every
      // four-digit day, and a tranche whose window had ended showed its money as expected.
      for (const moment of [
        '9999-12-31T23:00:00.000Z',
        '1899-12-31T22:59:59.999Z',
        '0001-01-01T00:00Z',
      ]) {
        for (const path of LEDGER_STATE) await expectBad(`${path}?asOf=${moment}`, 'asOf');
      }
    });

    it("reads a bare-date asOf as the end of that Stockholm day, and takes its Stockholm day as every figure's today", async () => {
      const bare = await auditor().get('/api/funds/f?asOf=2017-01-03').expect(200);
      expect(bare.body.asOf).toBe('2017-01-03T22:59:59.999Z');
      // 00:30 on 4 January in Örebro is 23:30 UTC on the 3rd: the day is the 4th everywhere.
      const night = '2017-01-03T23:30:00Z';
      const fund = await auditor().get(`/api/funds/f?asOf=${night}`).expect(200);
      const report = await auditor().get(`/api/reports/follow-up?asOf=${night}`).expect(200);
      expect(fund.body.today).toBe('2017-01-04');
      expect(report.body.today).toBe('2017-01-04');
    });

    it('reads a real moment, in any zone, as the same instant', async () => {
      const utc = await auditor().get('/api/funds/f?asOf=2017-01-03T10:00:00Z').expect(200);
      const local = await auditor().get('/api/funds/f?asOf=2017-01-03T11:00%2B01:00').expect(200);
      expect(local.body).toEqual(utc.body);
      expect(utc.body.tranches).toHaveLength(3);
      expect(utc.body.asOf).toBe('2017-01-03T10:00:00.000Z');
    });
  });

  describe('past moments the read models hold', () => {
    let foldReads = 0;

    /** Counts the ledger reads with an upper position: the reads an as-of fold makes. */
    const countFolds = (): void => {
      const store = t.store;
      const readAll = store.readAll.bind(store);
      foldReads = 0;
      jest
        .spyOn(store, 'readAll')
        .mockImplementation((options?: ReadAllOptions): AsyncIterable<RecordedEvent> => {
          if (options?.upTo !== undefined) foldReads += 1;
          return readAll(options);
        });
    };

    afterEach(() => jest.restoreAllMocks());

    it(`answers every distinct moment at once, far beyond ${MAX_CONCURRENT_AS_OF_FOLDS} folds, from the stored rows and without folding`, async () => {
      countFolds();
      const days = Array.from({ length: DAYS - 1 }, (_, i) => i + 2);
      const answers = await Promise.all(
        days.map((d) => auditor().get(`/api/funds/f?asOf=${day(d)}T12:00:00Z`)),
      );
      expect(days.length).toBeGreaterThan(MAX_CONCURRENT_AS_OF_FOLDS + BEYOND);
      answers.forEach((res, i) => {
        expect(res.status).toBe(200);
        // Day d has the first tranche and one more per day from day 2: d tranches.
        expect(res.body.tranches).toHaveLength(days[i]);
      });
      expect(foldReads).toBe(0);
    });
  });
});
