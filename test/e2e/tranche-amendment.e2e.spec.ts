/**
 * Amending a tranche over HTTP (finding F4), on a clock walking through 2017–2019 with the
 * probe's own story: T1's window, which ended with 2017, is extended by the board, so an
 * allocation decided in January 2018 is accepted where it was refused; T2's ambition is cut
 * from 80 to 60 MSEK. The fund and the board report follow the amended tranches, an as-of
 * moment before the amendment still answers with the terms then, and the event keeps both.
 * Refusals record nothing; a retry is answered with the first answer.
 */
import { collect } from '../../src/event-store/event-store';
import { AMENDMENT_WITHOUT_CHANGE_MESSAGE } from '../../src/fund/dto/fund.dto';
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { eventCount, expectRefusal as refusal, startTestApp, TestApp } from '../support/test-app';

const FUND = {
  fundId: 'dfond',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    {
      trancheId: 't1',
      name: 'Etapp 1',
      amount: '120000000.00',
      allocatableFrom: '2016-12-31',
      allocatableUntil: '2017-12-31',
    },
    {
      trancheId: 't2',
      name: 'Etapp 2',
      amount: '80000000.00',
      allocatableFrom: '2018-01-01',
      allocatableUntil: '2018-12-31',
    },
  ],
};

interface Tranche {
  trancheId: string;
  amount: string;
  allocatableFrom: string | null;
  allocatableUntil: string | null;
  availableNow: string;
  expected: string;
  lapsed: string;
  allocated: string;
  unallocated: string;
}

describe('amending a tranche over HTTP', () => {
  let t: TestApp;
  let now = new Date('2017-01-10T08:00:00.000Z');
  const at = (iso: string): void => {
    now = new Date(iso);
  };
  const finance = () => t.as('frida.ek', 'finance');
  const expectRefusal = (call: Parameters<typeof refusal>[1], status: number, code: string) =>
    refusal(t, call, status, code);
  const amend = (trancheId: string, body: Record<string, unknown>) =>
    finance().post(`/api/funds/dfond/tranches/${trancheId}/amendments`, body);
  const fund = async (query = ''): Promise<{ tranches: Tranche[]; totals: Tranche }> =>
    (await finance().get(`/api/funds/dfond${query}`).expect(200)).body;
  const allocate = (allocationId: string, decidedOn: string, amount = '5000000.00') =>
    finance().post('/api/funds/dfond/allocations', {
      allocationId,
      investmentId: 'e-arkiv',
      trancheId: 't1',
      amount,
      decidedOn,
      decisionRef: 'Ks 301/2017',
      caseVersion: 1,
    });
  const extension = {
    allocatableUntil: '2018-12-31',
    decidedOn: '2018-01-10',
    decisionRef: 'Ks 22/2018 förlängning',
    reason: 'Projekten försenade; T1 får tilldelas under 2018',
  };
  const cut = {
    amount: '60000000.00',
    decidedOn: '2018-01-16',
    decisionRef: 'KF 2018/3',
    reason: 'Ambitionen för etapp 2 sänks',
  };
  /** The last moment before the extension was recorded. */
  let beforeExtension = '';

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await finance().post('/api/funds', FUND).expect(201);
    await finance()
      .post('/api/funds/dfond/tranches/t1/release', {
        releasedOn: '2016-12-31',
        decisionRef: 'Ks 1490/2016',
      })
      .expect(201);
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
    at('2017-03-16T08:00:00.000Z');
    await allocate('a1', '2017-03-15').expect(201);
  });
  afterAll(async () => t.close());

  it('refuses the allocation of January 2018 while T1 stands as first decided', async () => {
    at('2018-01-15T08:00:00.000Z');
    await expectRefusal(allocate('a2', '2018-01-15'), 409, 'OUTSIDE_ALLOCATION_WINDOW');
    expect((await fund()).tranches[0]).toMatchObject({
      allocatableUntil: '2017-12-31',
      availableNow: '0.00',
      lapsed: '115000000.00',
    });
  });

  it("records the board's extension of T1's window: the money is available, no longer lapsed, and allocatable", async () => {
    beforeExtension = new Date(now.getTime() + 500).toISOString();
    at('2018-01-15T09:00:00.000Z');
    const answer = await amend('t1', extension).expect(201);
    expect(answer.body).toMatchObject({ id: 't1' });
    expect(answer.headers.etag).toBe(`"${answer.body.revision}"`);
    expect((await fund()).tranches[0]).toMatchObject({
      amount: '120000000.00',
      allocatableFrom: '2016-12-31',
      allocatableUntil: '2018-12-31',
      availableNow: '115000000.00',
      lapsed: '0.00',
    });
    await allocate('a2', '2018-01-15').expect(201);
  });

  it('answers a moment before the extension with the window then, and now with the extended one', async () => {
    expect((await fund()).tranches[0].allocatableUntil).toBe('2018-12-31');
    const then = await fund(`?asOf=${beforeExtension}`);
    expect(then.tranches[0]).toMatchObject({
      allocatableUntil: '2017-12-31',
      availableNow: '0.00',
      lapsed: '115000000.00',
    });
  });

  it("cuts T2's amount: the fund and its totals follow, a moment before still has 80 MSEK", async () => {
    at('2018-01-16T08:00:00.000Z');
    const beforeCut = new Date(now.getTime() - 1000).toISOString();
    await amend('t2', cut).expect(201);
    const after = await fund();
    expect(after.tranches[1]).toMatchObject({
      amount: '60000000.00',
      unallocated: '60000000.00',
      allocatableUntil: '2018-12-31',
      expected: '60000000.00',
    });
    expect(after.totals).toMatchObject({ amount: '180000000.00', allocated: '10000000.00' });
    const then = await fund(`?asOf=${beforeCut}`);
    expect(then.tranches[1].amount).toBe('80000000.00');
    expect(then.totals.amount).toBe('200000000.00');
  });

  it('keeps the terms before and after in the event, and the tranche as first added', async () => {
    const events = await collect(t.store.readStream('fund-dfond'));
    const amendments = events.filter((e) => e.type === 'TrancheAmended').map((e) => e.data);
    expect(amendments).toEqual([
      {
        trancheId: 't1',
        amount: '120000000.00',
        allocatableFrom: '2016-12-31',
        allocatableUntil: '2018-12-31',
        previousAmount: '120000000.00',
        previousAllocatableFrom: '2016-12-31',
        previousAllocatableUntil: '2017-12-31',
        decidedOn: extension.decidedOn,
        decisionRef: extension.decisionRef,
        reason: extension.reason,
      },
      {
        trancheId: 't2',
        amount: '60000000.00',
        allocatableFrom: '2018-01-01',
        allocatableUntil: '2018-12-31',
        previousAmount: '80000000.00',
        previousAllocatableFrom: '2018-01-01',
        previousAllocatableUntil: '2018-12-31',
        decidedOn: cut.decidedOn,
        decisionRef: cut.decisionRef,
        reason: cut.reason,
      },
    ]);
    const added = events.filter((e) => e.type === 'TrancheAdded').map((e) => e.data);
    expect(added).toEqual([
      expect.objectContaining({ trancheId: 't1', allocatableUntil: '2017-12-31' }),
      expect.objectContaining({ trancheId: 't2', amount: '80000000.00' }),
    ]);
    const amended = events.find((e) => e.type === 'TrancheAmended')!;
    expect(amended.metadata).toMatchObject({
      actor: { id: 'frida.ek', role: 'finance' },
      decisionRef: extension.decisionRef,
      reason: extension.reason,
    });
  });

  it("gives the board report the amended tranches, and lists the amendments among the period's changes", async () => {
    const board = (
      await finance()
        .get('/api/reports/board?fundId=dfond&asOf=2018-01-16&since=2018-01-01')
        .expect(200)
    ).body;
    expect(board.tranches.map((x: Tranche) => [x.trancheId, x.amount, x.lapsed])).toEqual([
      ['t1', '120000000.00', '0.00'],
      ['t2', '60000000.00', '0.00'],
    ]);
    expect(board.totals.amount).toBe('180000000.00');
    expect(board.changes.byType.TrancheAmended).toBe(2);
  });

  describe('refusals, which record nothing', () => {
    it('refuses an amount below what is allocated, saying how much is', async () => {
      const body = await expectRefusal(
        amend('t1', { ...cut, amount: '9999999.99', decidedOn: '2018-01-16' }),
        409,
        'TRANCHE_AMOUNT_BELOW_ALLOCATED',
      );
      expect(body).toMatchObject({ allocated: '10000000.00' });
    });

    it('refuses a window that leaves an allocation outside it', async () => {
      const body = await expectRefusal(
        amend('t1', { ...extension, allocatableUntil: '2018-01-14', decidedOn: '2018-01-16' }),
        409,
        'TRANCHE_WINDOW_EXCLUDES_ALLOCATIONS',
      );
      expect(body).toMatchObject({ firstAllocatedOn: '2017-03-15', lastAllocatedOn: '2018-01-15' });
    });

    it('refuses a change that changes nothing, and a decision dated before the last amendment', async () => {
      await expectRefusal(
        amend('t2', { ...cut, decisionRef: 'KF 2018/4' }),
        409,
        'TRANCHE_AMENDMENT_CHANGES_NOTHING',
      );
      const body = await expectRefusal(
        amend('t2', { ...cut, amount: '50000000.00', decidedOn: '2018-01-15' }),
        409,
        'TRANCHE_AMENDED_BEFORE_LAST_AMENDMENT',
      );
      expect(body).toMatchObject({ lastAmendedOn: '2018-01-16' });
    });

    it('refuses a decision dated after the day it is recorded', async () => {
      await expectRefusal(
        amend('t2', { ...cut, amount: '50000000.00', decidedOn: '2018-01-17' }),
        409,
        'DECISION_DATE_IN_FUTURE',
      );
    });

    it('refuses a body that names no term, a window ending before it begins, and bad input (400)', async () => {
      const { amount: _amount, ...noTerm } = cut;
      const none = await expectRefusal(amend('t2', noTerm), 400, 'VALIDATION_FAILED');
      expect(none.errors).toEqual([{ path: 'amount', message: AMENDMENT_WITHOUT_CHANGE_MESSAGE }]);
      await expectRefusal(
        amend('t2', { ...noTerm, allocatableFrom: '2019-01-01' }),
        400,
        'TRANCHE_WINDOW_INVALID',
      );
      for (const [field, value] of [
        ['amount', 50000000],
        ['amount', null],
        ['amount', '0.00'],
        ['allocatableUntil', '2018-02-30'],
        ['reason', ''],
      ] as const) {
        const body = await expectRefusal(
          amend('t2', { ...cut, [field]: value }),
          400,
          'VALIDATION_FAILED',
        );
        expect(body.errors).toEqual([{ path: field, message: expect.any(String) }]);
      }
      await expectRefusal(amend('t2', { ...cut, extra: 1 }), 400, 'VALIDATION_FAILED');
    });

    it('refuses an unknown tranche or fund (404), and callers other than finance (403)', async () => {
      await expectRefusal(amend('t9', cut), 404, 'TRANCHE_NOT_FOUND');
      await expectRefusal(
        finance().post('/api/funds/nofund/tranches/t1/amendments', cut),
        404,
        'FUND_NOT_FOUND',
      );
      await expectRefusal(
        t.as('lena.lind', 'project-lead').post('/api/funds/dfond/tranches/t2/amendments', cut),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('retries and concurrency', () => {
    it('answers the same decision sent again with the first answer, appending nothing', async () => {
      at('2018-06-01T08:00:00.000Z');
      const body = {
        allocatableUntil: null,
        decidedOn: '2018-05-30',
        decisionRef: 'Ks 400/2018',
        reason: 'Öppen',
      };
      const first = await amend('t2', body).expect(201);
      const before = await eventCount(t.store);
      const again = await amend('t2', body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(await eventCount(t.store)).toBe(before);
      expect((await fund()).tranches[1].allocatableUntil).toBeNull();
    });

    it('honours Idempotency-Key and If-Match', async () => {
      const body = {
        amount: '70000000.00',
        decidedOn: '2018-06-01',
        decisionRef: 'KF 2018/90',
        reason: 'Höjd',
      };
      const first = await amend('t2', body).set('Idempotency-Key', 'amend-1').expect(201);
      const before = await eventCount(t.store);
      const retry = await amend('t2', body).set('Idempotency-Key', 'amend-1').expect(201);
      expect(retry.body).toEqual(first.body);
      expect(await eventCount(t.store)).toBe(before);
      await expectRefusal(
        amend('t2', { ...body, amount: '75000000.00' }).set('If-Match', '"1"'),
        412,
        'REVISION_MISMATCH',
      );
      await amend('t2', { ...body, amount: '75000000.00' })
        .set('If-Match', `"${first.body.revision}"`)
        .expect(201);
    });

    it('refuses a closed tranche', async () => {
      at('2019-02-01T08:00:00.000Z');
      await finance()
        .post('/api/funds/dfond/tranches/t2/close', {
          closedOn: '2019-01-31',
          decisionRef: 'Ks 88/2019',
          reason: 'Etappen avslutad',
        })
        .expect(201);
      await expectRefusal(amend('t2', { ...cut, decidedOn: '2019-02-01' }), 409, 'TRANCHE_CLOSED');
    });
  });

  it('is in the OpenAPI document, for finance, with its body and refusal codes', async () => {
    const document = (await t.anonymous().get('/docs-json').expect(200)).body;
    const operation = document.paths['/api/funds/{fundId}/tranches/{trancheId}/amendments'].post;
    expect(operation['x-roles']).toEqual(['finance']);
    expect(operation.description).toContain('TRANCHE_AMOUNT_BELOW_ALLOCATED');
    expect(operation.description).toContain('TRANCHE_WINDOW_EXCLUDES_ALLOCATIONS');
    const schema = document.components.schemas.AmendTrancheDto;
    expect(Object.keys(schema.properties)).toEqual([
      'amount',
      'allocatableFrom',
      'allocatableUntil',
      'decidedOn',
      'decisionRef',
      'reason',
    ]);
    expect(schema.required).toEqual(['decidedOn', 'decisionRef', 'reason']);
  });
});
