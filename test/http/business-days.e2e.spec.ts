/**
 * A business date (a decision, a release, an invoice, a window's bound) lies in the years the
 * ledger's periods may name. A day in year 0000 was accepted: a 1.00 cost dated then gave an
 * actual NPV of -1.41e30 SEK, and no as-of question could name the day it was decided.
 */
import { BUSINESS_DAY_TEXT, MAX_YEAR, MIN_YEAR } from '../../src/periods/period';
import { startTestApp, TestApp } from '../support/test-app';

const fund = (allocatableFrom: string) => ({
  fundId: 'kommunfond',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [{ trancheId: 't1', name: 'Etapp 1', amount: '1000000.00', allocatableFrom }],
});

describe('business dates in the ledger years', () => {
  let t: TestApp;
  const finance = () => t.as('frida.ek', 'finance');
  /** The fund's events (the users stream records each person's first token). */
  const fundEvents = async (): Promise<number> =>
    (
      (await t.as('eva.granskare', 'auditor').get('/api/events?limit=1000').expect(200)).body
        .events as { streamId: string }[]
    ).filter((e) => e.streamId.startsWith('fund-')).length;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it.each(['0000-01-01', `${MIN_YEAR - 1}-12-31`, `${MAX_YEAR + 1}-01-01`])(
    'refuses %s with a 400 naming the field, recording nothing',
    async (day) => {
      const before = await fundEvents();
      const res = await finance().post('/api/funds', fund(day)).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          path: 'tranches[0].allocatableFrom',
          message: BUSINESS_DAY_TEXT,
        }),
      ]);
      expect(await fundEvents()).toBe(before);
    },
  );

  it('takes the first and the last day of those years', async () => {
    await finance()
      .post('/api/funds', fund(`${MIN_YEAR}-01-01`))
      .expect(201);
    await finance()
      .post('/api/funds/kommunfond/tranches/t1/release', {
        releasedOn: `${MIN_YEAR}-01-01`,
        decisionRef: 'Ks 1/1900',
      })
      .expect(201);
    await finance()
      .post('/api/funds/kommunfond/tranches/t1/release', {
        releasedOn: '0000-01-01',
        decisionRef: 'Ks 1/0000',
      })
      .expect(400);
  });
});
