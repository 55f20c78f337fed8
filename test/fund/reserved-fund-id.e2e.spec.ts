/**
 * `unallocated` is the fund report's group of the investments no fund pays for (groupBy=fund).
 * A fund of that id shared the group with every unfunded proposal: its figures in the fund
 * report (and the dashboard's chart of it) counted the proposals' forecasts as its own. The id
 * is refused: 400 VALIDATION_FAILED naming `fundId`, nothing recorded.
 */
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

const fund = (fundId: string) => ({
  fundId,
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    { trancheId: 't1', name: 'Etapp 1', amount: '1000000.00', allocatableFrom: '2016-12-31' },
  ],
});

describe('the fund id of the unfunded group', () => {
  let t: TestApp;
  const finance = () => t.as('fia', 'finance');
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('is refused for a fund, naming the field and why', async () => {
    const body = await expectRefusal(
      t,
      finance().post('/api/funds', fund('unallocated')),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toEqual([
      {
        path: 'fundId',
        message:
          'must not be "unallocated": the fund report\'s group of the investments no fund pays for',
      },
    ]);
  });

  it('leaves every other id as it was', async () => {
    await finance().post('/api/funds', fund('unallocated-2017')).expect(201);
  });
});
