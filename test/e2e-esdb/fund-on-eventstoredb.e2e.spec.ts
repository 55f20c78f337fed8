/**
 * A representative fund flow over real HTTP with LEDGER_STORE=eventstoredb: the service runs
 * on the EventStoreDB adapter, which talks through the real client over real gRPC to the
 * EventStoreDB protocol fake (a test double of a node). It proves in `npm test` what
 * `npm run test:e2e:esdb-fake` runs at length: set-up, allocations with refusals, a race of
 * concurrent allocations that must not overdraw, repeated commands, and per-stream chains
 * the audit verifier accepts.
 *
 * The test app opens its store with SqliteEventStore.open; this spec hands it the adapter
 * there instead, so it needs nothing from the helper but its `env` option.
 */
import { collect } from '../../src/event-store/event-store';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { verifyChain } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { StreamChainVerifier } from '../../src/audit/stream-chain-verifier';
import { EsdbProtocolFake } from '../support/esdb-protocol-fake';
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';

const REQUESTS = 40;
const ROOM = 25;
const INVESTMENTS = 3;

const FUND = {
  fundId: 'orebro',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [{ trancheId: 't1', name: 'Etapp 1', amount: '25000000.00' }],
};

const allocation = (i: number): Record<string, unknown> => ({
  allocationId: `a-${i}`,
  investmentId: `inv-${i % INVESTMENTS}`,
  trancheId: 't1',
  amount: '1000000.00',
  decidedOn: '2017-02-01',
  decisionRef: `Ks 2017/${i}`,
  caseVersion: 1,
});

describe('the fund over HTTP on EventStoreDB (protocol fake)', () => {
  let fake: EsdbProtocolFake;
  let store: EventStoreDbEventStore;
  let t: TestApp;
  const finance = () => t.as('fia', 'finance');

  beforeAll(async () => {
    fake = await EsdbProtocolFake.start();
    store = EventStoreDbEventStore.connect(fake.connectionString);
    jest.spyOn(SqliteEventStore, 'open').mockImplementationOnce(() => store as never);
    t = await startTestApp({
      env: { LEDGER_STORE: 'eventstoredb', EVENTSTORE_URL: fake.connectionString },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
    jest.restoreAllMocks();
  });

  it('runs on the adapter and reports it ready', async () => {
    expect(t.store).toBe(store);
    const health = await t.anonymous().get('/health').expect(200);
    expect(health.body.store).toMatchObject({ kind: 'eventstoredb', ready: true });
  });

  it('sets up the fund, allocates, and refuses what the rules refuse', async () => {
    await finance().post('/api/funds', FUND).expect(201);
    for (let i = 0; i < INVESTMENTS; i += 1) await aDocumentedInvestmentOverHttp(t, `inv-${i}`);
    await finance()
      .post('/api/funds/orebro/tranches/t1/release', {
        releasedOn: '2017-01-01',
        decisionRef: 'Ks 2',
      })
      .expect(201);
    const first = await finance().post('/api/funds/orebro/allocations', allocation(0)).expect(201);
    const again = await finance().post('/api/funds/orebro/allocations', allocation(0)).expect(201);
    expect(again.body).toEqual(first.body);
    const tooMuch = await finance()
      .post('/api/funds/orebro/allocations', { ...allocation(1), amount: '25000000.00' })
      .expect(409);
    expect(tooMuch.body.code).toBe('TRANCHE_INSUFFICIENT_FUNDS');
  });

  it('never overdraws the tranche under concurrent allocations', async () => {
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        finance().post('/api/funds/orebro/allocations', allocation(i + 1)),
      ),
    );
    const outcomes = new Map<string, number>();
    for (const res of responses) {
      const key = res.status === 201 ? '201' : `${res.status} ${res.body.code}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    // One million of the room went to a-0 in the previous test.
    expect(Object.fromEntries(outcomes)).toEqual({
      '201': ROOM - 1,
      '409 TRANCHE_INSUFFICIENT_FUNDS': REQUESTS - (ROOM - 1),
    });
    const fund = await finance().get('/api/funds/orebro').expect(200);
    expect(fund.body.tranches[0]).toMatchObject({ allocated: '25000000.00', available: '0.00' });
    const allocated = (await collect(store.readStream('fund-orebro'))).filter(
      (e) => e.type === 'FundsAllocated',
    );
    expect(allocated).toHaveLength(ROOM);
  });

  it('keeps one hash chain per stream that the audit verifier accepts', async () => {
    expect(await verifyChain(store.readStream('fund-orebro'), { scope: 'stream' })).toMatchObject({
      ok: true,
    });
    const verifier = new StreamChainVerifier(store);
    const report = await verifier.verify();
    expect(report).toMatchObject({ ok: true, scope: 'stream' });
    expect(report.eventsChecked).toBe((await collect(store.readAll())).length);
    const digest = await verifier.digest();
    expect(digest.kind).toBe('digest');
  });
});
