/**
 * As-of reads over HTTP: the moment is parsed strictly (an impossible date is a 400 naming
 * the parameter, never a 500 or a silently different day), and the folds of uncached moments
 * are bounded: past MAX_CONCURRENT_AS_OF_FOLDS a read is a 503 problem+json with Retry-After.
 * The folds are held at a gate (not timed) so the test knows they overlap.
 */
import {
  AS_OF_RETRY_AFTER_SECONDS,
  AsOfReader,
  MAX_CONCURRENT_AS_OF_FOLDS,
} from '../../src/projections/as-of-reader';
import { ReadAllOptions, RecordedEvent } from '../../src/event-store/event-store';
import { startTestApp, TestApp } from '../support/test-app';

/** Days of 2017-01 on which one tranche each was added: one event, one position per day. */
const DAYS = 12;
/** Requests beyond the bound, each for a moment of its own. */
const BEYOND = 4;

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

const day = (d: number): string => `2017-01-${String(d).padStart(2, '0')}`;

describe('as-of reads over HTTP', () => {
  let t: TestApp;
  let now = new Date('2017-01-01T09:00:00.000Z');
  const auditor = () => t.as('ada', 'auditor');

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    const finance = t.as('fia', 'finance');
    await finance
      .post('/api/funds', {
        fundId: 'f',
        name: 'Fund',
        currency: 'SEK',
        decisionRef: 'Ks 1',
        tranches: [{ trancheId: 't1', name: 'T1', amount: '1000.00' }],
      })
      .expect(201);
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

    it('answers the first and last moments it accepts on every read, never a 500', async () => {
      for (const moment of ['0001-01-01T00:00Z', '9999-12-31T23:59:59.999Z']) {
        for (const path of [
          '/api/funds',
          '/api/investments',
          '/api/reports/forecast-vs-actual',
          '/api/reports/follow-up',
          '/api/audit/changes',
        ]) {
          const param = path === '/api/audit/changes' ? 'to' : 'asOf';
          const res = await auditor().get(`${path}?${param}=${moment}`);
          expect({ path, moment, status: res.status }).toEqual({ path, moment, status: 200 });
        }
      }
    });

    it('reads a real moment, in any zone, as the same instant', async () => {
      const utc = await auditor().get('/api/funds/f?asOf=2017-01-03T10:00:00Z').expect(200);
      const local = await auditor().get('/api/funds/f?asOf=2017-01-03T11:00%2B01:00').expect(200);
      expect(local.body).toEqual(utc.body);
      expect(utc.body.tranches).toHaveLength(3);
      expect(utc.body.asOf).toBe('2017-01-03T10:00:00.000Z');
    });
  });

  describe('the bound on folds', () => {
    let gate: () => void = () => undefined;
    let foldsStarted = 0;

    /** Holds every as-of fold (the reads with an upper position) until `gate()` is called. */
    const holdFolds = (): void => {
      const store = t.store;
      const readAll = store.readAll.bind(store);
      const opened = new Promise<void>((resolve) => (gate = resolve));
      foldsStarted = 0;
      jest
        .spyOn(store, 'readAll')
        .mockImplementation((options?: ReadAllOptions): AsyncIterable<RecordedEvent> => {
          if (options?.upTo === undefined) return readAll(options);
          foldsStarted += 1;
          return (async function* held() {
            await opened;
            yield* readAll(options);
          })();
        });
    };

    afterEach(() => {
      gate();
      jest.restoreAllMocks();
    });

    /** Sends every path at once; resolves `refused` when `count` answers have come back. */
    const sendAll = (paths: readonly string[], count: number) => {
      const answers: Answer[] = [];
      let enough: () => void = () => undefined;
      const refused = new Promise<void>((resolve) => (enough = resolve));
      const all = Promise.all(
        paths.map(async (path) => {
          const res = await auditor().get(path);
          answers.push({ status: res.status, headers: res.headers, body: res.body });
          if (answers.length >= count) enough();
          return res.status;
        }),
      );
      return { answers, refused, all };
    };

    it(`answers 503 with Retry-After to distinct moments beyond ${MAX_CONCURRENT_AS_OF_FOLDS} folds, never 500`, async () => {
      expect(MAX_CONCURRENT_AS_OF_FOLDS + BEYOND + 3).toBeLessThanOrEqual(DAYS);
      holdFolds();
      const paths = Array.from(
        { length: MAX_CONCURRENT_AS_OF_FOLDS + BEYOND },
        // From day 4: day 3 is cached by the test above, and a cached moment needs no fold.
        (_, i) => `/api/funds/f?asOf=${day(i + 4)}T12:00:00Z`,
      );
      const { answers, refused, all } = sendAll(paths, BEYOND);

      // While the first folds are held, every other moment is refused at once.
      await refused;
      expect(foldsStarted).toBe(MAX_CONCURRENT_AS_OF_FOLDS);
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer.headers['retry-after']).toBe(String(AS_OF_RETRY_AFTER_SECONDS));
        expect(answer.body).toMatchObject({
          status: 503,
          code: 'AS_OF_BUSY',
          retryAfterSeconds: AS_OF_RETRY_AFTER_SECONDS,
        });
      }

      gate();
      const statuses = await all;
      expect(statuses.filter((s) => s === 200)).toHaveLength(MAX_CONCURRENT_AS_OF_FOLDS);
      expect(statuses.filter((s) => s === 503)).toHaveLength(BEYOND);
      expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);

      // The slots are free again: a refused moment is answered on retry.
      const retried = await auditor()
        .get(paths[paths.length - 1])
        .expect(200);
      expect(retried.body.tranches).toHaveLength(MAX_CONCURRENT_AS_OF_FOLDS + BEYOND + 3);
    });

    it('folds one moment asked for many times at once only once, and refuses none', async () => {
      holdFolds();
      const reader = t.app.get(AsOfReader);
      const viewsAt = reader.viewsAt.bind(reader);
      let asked = 0;
      jest.spyOn(reader, 'viewsAt').mockImplementation((...args) => {
        asked += 1;
        return viewsAt(...args);
      });
      // Day 2: folded by no test before this one.
      const path = `/api/funds/f?asOf=${day(2)}T12:00:00Z`;
      const many = MAX_CONCURRENT_AS_OF_FOLDS + BEYOND;
      const { all } = sendAll(Array<string>(many).fill(path), many);
      // Every request has asked for the moment while its one fold is held.
      while (asked < many) await new Promise<void>((resolve) => setImmediate(resolve));
      expect(foldsStarted).toBe(1);
      gate();
      expect(await all).toEqual(Array<number>(many).fill(200));
      expect(foldsStarted).toBe(1);
    });
  });
});
