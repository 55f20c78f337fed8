/** GET /metrics: Prometheus text without a token, counting requests by route template. */
import { startTestApp, TestApp } from '../support/test-app';

describe('metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('exposes request counts by route template, the head position and read-model position', async () => {
    await t.as('fia', 'finance').get('/api/funds/orebro').expect(404);
    await t.anonymous().get('/health').expect(200);
    const res = await t.anonymous().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(
      /ledger_http_requests_total\{method="GET",route="\/api\/funds\/:fundId",status="404"\} 1/,
    );
    expect(res.text).toMatch(/ledger_store_head_position \d+/);
    expect(res.text).toMatch(/ledger_readmodel_position \d+/);
    expect(res.text).toContain('ledger_process_resident_memory_bytes');
  });
});
