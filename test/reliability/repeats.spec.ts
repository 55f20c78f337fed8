/**
 * Identical requests at once: the same client-chosen id with the same body, without an
 * Idempotency-Key, sent concurrently. The API promises "same id again with the same body: the
 * first answer again, nothing appended", also when the first is still on its way to disk.
 */
import { collect } from '../../src/event-store/event-store';
import { stockholmDay } from '../../src/periods/stockholm-day';
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';
import { inProcessTransport, LOAD_ENV } from './support/in-process';
import { FINANCE } from './support/workload';

const COPIES = 20;

describe('identical concurrent repeats', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: LOAD_ENV });
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
  });
  afterAll(async () => t.close());

  it('answer like the first and record the cost once', async () => {
    const transport = inProcessTransport(t);
    const request = {
      method: 'POST' as const,
      path: '/api/investments/e-arkiv/costs',
      // Dated today: the investment was proposed today, and a cost before that is refused.
      body: {
        costId: 'c-1',
        amount: '1200.00',
        incurredOn: stockholmDay(new Date()),
        reference: 'F 1',
      },
    };
    const outcomes = await Promise.all(
      Array.from({ length: COPIES }, () => transport(FINANCE, request)),
    );
    const answers = outcomes.map((o) => (o.kind === 'reply' ? [o.status, o.body] : [o.error]));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0][0]).toBe(201);
    const costs = (await collect(t.store.readStream('investment-e-arkiv'))).filter(
      (e) => e.type === 'CostRecorded',
    );
    expect(costs).toHaveLength(1);
  });
});
