/** GET /metrics: Prometheus text without a token, counting requests by route template. */
import { aReleasedFundOverHttp } from '../support/http-mothers';
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
    // No question has walked enough investments to share it among workers.
    expect(res.text).toMatch(/^ledger_figure_workers 0$/m);
    expect(res.text).toMatch(/^ledger_figure_worker_questions_total\{outcome="failed"\} 0$/m);
  });

  it('tells how the read models’ document cache holds up', async () => {
    const figure = (text: string, name: string): number => {
      const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
      if (match === null) throw new Error(`${name} is not in the metrics`);
      return Number(match[1]);
    };
    const workingSet = 'ledger_readmodel_cached_cells\\{cache="working_set"\\}';
    const reads = 'ledger_readmodel_current_documents_read_total';
    const before = (await t.anonymous().get('/metrics').expect(200)).text;
    await aReleasedFundOverHttp(() => t.as('fia', 'finance'));
    // Read-your-writes: the fund's page waits for the projection to have written it.
    await t.as('fia', 'finance').get('/api/funds/orebro').expect(200);
    const after = (await t.anonymous().get('/metrics').expect(200)).text;
    // The projection keeps what it wrote; the page read it from there, not from the file.
    expect(figure(after, workingSet)).toBeGreaterThan(figure(before, workingSet));
    expect(figure(after, reads)).toBe(figure(before, reads));
    expect(after).toMatch(/ledger_readmodel_cached_cells\{cache="queries"\} \d+/);
  });
});
