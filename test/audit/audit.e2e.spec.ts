/**
 * The auditor's endpoints over real HTTP: the change report as JSON pages and as CSV (which
 * parses back to the same events), verify and digest, and the raw event feed; every
 * parameter checked into a 400 problem.
 */
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { testStoreKind } from '../support/esdb-test-store';
import { startTestApp, TestApp } from '../support/test-app';
import { unescapeCell } from '../../src/reports/csv';
import { GENESIS_HASH, TIME_ORDERED_GENESIS_HASH } from '../../src/event-store/hash-chain';
import { csvRecords } from './support/csv';

const FUND = {
  fundId: 'orebro',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    { trancheId: 't1', name: 'Etapp 1', amount: '120000000.00', allocatableFrom: '2016-12-31' },
  ],
};
/** The embedded store keeps one chain; the EventStoreDB adapter (TEST_STORE=esdb-fake) one per stream. */
const SCOPE = testStoreKind() === 'sqlite' ? 'global' : 'stream';
/** Everything CSV has to quote, and letters outside ASCII. */
const AWKWARD_REASON = 'Billigare, "enligt" avtal\r\nrad två: åäö ÅÄÖ — ok ';

interface Row {
  position: string;
  recordedAt: string;
  type: string;
  streamId: string;
  revision: string;
  eventId: string;
  actor: { id: string; role: string };
  reason: string | null;
  decisionRef: string | null;
  summary: string;
  data: unknown;
  hash: string;
  prevHash: string;
}

/** Text cells come back by stripping the one apostrophe that formula escaping may add. */
const fromCsv = (raw: Record<string, string>): Row => {
  const record = Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, unescapeCell(value)]),
  );
  return {
    position: record.position,
    recordedAt: record.recordedAt,
    type: record.type,
    streamId: record.streamId,
    revision: record.revision,
    eventId: record.eventId,
    actor: { id: record.actorId, role: record.actorRole },
    reason: record.reason === '' ? null : record.reason,
    decisionRef: record.decisionRef === '' ? null : record.decisionRef,
    summary: record.summary,
    data: JSON.parse(record.data) as unknown,
    hash: record.hash,
    prevHash: record.prevHash,
  };
};

describe('audit endpoints over HTTP', () => {
  let t: TestApp;
  let now = new Date('2017-01-10T08:00:00.000Z');
  const at = (iso: string): void => {
    now = new Date(iso);
  };
  const finance = () => t.as('frida.ek', 'finance');
  const auditor = () => t.as('eva.granskare', 'auditor');

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await finance().post('/api/funds', FUND).expect(201);
    await finance()
      .post('/api/funds/orebro/tranches/t1/release', {
        releasedOn: '2016-12-31',
        decisionRef: 'Ks 1490/2016',
      })
      .expect(201);
    at('2017-02-01T08:00:00.000Z');
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
    at('2017-03-15T08:00:00.000Z');
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: 'a1',
        investmentId: 'e-arkiv',
        trancheId: 't1',
        amount: '4500000.00',
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 2017/233',
        caseVersion: 1,
      })
      .expect(201);
    at('2017-06-01T08:00:00.000Z');
    await finance()
      .post('/api/funds/orebro/allocations/a1/reductions', {
        reductionId: 'r1',
        amount: '500000.00',
        decidedOn: '2017-06-01',
        decisionRef: 'Ks 2017/400',
        reason: AWKWARD_REASON,
      })
      .expect(201);
  });
  afterAll(async () => t.close());

  const allPages = async (query: string, limit: number): Promise<Row[]> => {
    const rows: Row[] = [];
    let after = '0';
    for (;;) {
      const res = await auditor()
        .get(`/api/audit/changes?${query}&limit=${limit}&after=${after}`)
        .expect(200);
      rows.push(...(res.body.events as Row[]));
      if (res.body.next === null) return rows;
      after = res.body.next as string;
    }
  };

  describe('change report', () => {
    it('lists every event recorded in the range, whole ledger, with who, when and why', async () => {
      const res = await auditor()
        .get('/api/audit/changes?from=2017-03-01&to=2017-12-31')
        .expect(200);
      // The users stream is in the ledger too (who was given which right); these are the fund's.
      const business = (res.body.events as Row[]).filter((e) => !e.streamId.startsWith('users'));
      expect(business.map((e) => e.type)).toEqual([
        'FundsAllocated',
        'InvestmentApproved',
        'AllocationReduced',
      ]);
      // Bare dates are Stockholm days: 1 March starts at 23:00 UTC the day before (CET).
      expect(res.body).toMatchObject({
        from: '2017-02-28T23:00:00.000Z',
        to: '2017-12-31T22:59:59.999Z',
        next: null,
      });
      expect(business[2]).toMatchObject({
        reason: AWKWARD_REASON,
        decisionRef: 'Ks 2017/400',
        actor: { id: 'frida.ek', role: 'finance' },
      });
    });

    it('pages by position without losing or repeating an event', async () => {
      const whole = (await auditor().get('/api/audit/changes?limit=1000').expect(200)).body
        .events as Row[];
      const paged = await allPages('from=2016-01-01', 2);
      expect(paged).toEqual(whole);
      expect(
        whole.filter((e) => e.streamId.startsWith('fund-') || e.streamId.startsWith('investment-'))
          .length,
      ).toBeGreaterThanOrEqual(7);
    });

    it('gives CSV that parses back to the same events as the JSON', async () => {
      const json = await allPages('from=2017-01-01', 3);
      const res = await auditor()
        .get('/api/audit/changes?from=2017-01-01&format=csv')
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (chunk: Buffer) => chunks.push(chunk));
          r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      const text = res.body as string;
      // The plain dialect (RFC 4180) has no byte-order mark; dialect=excel-sv has one.
      expect(text.startsWith('position,recordedAt,type,')).toBe(true);
      expect(csvRecords(text).map(fromCsv)).toEqual(json);
    });

    it('refuses bad parameters as problem+json', async () => {
      for (const query of [
        'format=xml',
        'limit=0',
        'limit=1001',
        'after=-1',
        'from=2017-13-01',
        'from=2018-01-01&to=2017-01-01',
      ]) {
        const res = await auditor().get(`/api/audit/changes?${query}`).expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('verify and digest', () => {
    it('verifies every link', async () => {
      const res = await auditor().get('/api/audit/verify').expect(200);
      expect(res.body).toEqual({ ok: true, scope: SCOPE, eventsChecked: expect.any(Number) });
      const all = (await auditor().get('/api/events?limit=1000').expect(200)).body.events.length;
      expect(res.body.eventsChecked).toBe(all);
    });

    it('gives a digest that still matches after more is recorded', async () => {
      const { body } = await auditor().get('/api/audit/digest').expect(200);
      expect(body.digest).toMatch(new RegExp(`^v1:${SCOPE}:${body.position}:[0-9a-f]{64}$`));
      at('2017-07-01T08:00:00.000Z');
      await finance()
        .post('/api/investments/e-arkiv/costs', {
          costId: 'c1',
          costLineId: 'licence-and-setup',
          amount: '750000.00',
          incurredOn: '2017-06-30',
          reference: 'Faktura 1',
        })
        .expect(201);
      const check = await auditor()
        .get(`/api/audit/verify?digest=${encodeURIComponent(body.digest)}`)
        .expect(200);
      expect(check.body).toMatchObject({
        ok: true,
        digest: { digest: body.digest, position: body.position, matches: true },
      });
    });

    it('says a digest of history that is not there does not match', async () => {
      const head = (await auditor().get('/api/audit/digest').expect(200)).body;
      const beyond = `v1:${SCOPE}:${BigInt(head.position) + 5n}:${'a'.repeat(64)}`;
      const res = await auditor().get(`/api/audit/verify?digest=${beyond}`).expect(200);
      expect(res.body).toMatchObject({ ok: false, digest: { matches: false } });
      const first = (await auditor().get('/api/events?limit=2').expect(200)).body.events[1];
      const other = `v1:${SCOPE}:${first.position}:${'b'.repeat(64)}`;
      const mismatch = (await auditor().get(`/api/audit/verify?digest=${other}`).expect(200)).body;
      expect(mismatch).toMatchObject({ ok: false, digest: { matches: false } });
    });

    it('refuses a malformed digest, one of another chain kind and a position past the head', async () => {
      await auditor().get('/api/audit/verify?digest=nonsense').expect(400);
      const otherScope = SCOPE === 'global' ? 'stream' : 'global';
      await auditor()
        .get(`/api/audit/verify?digest=v1:${otherScope}:3:${'c'.repeat(64)}`)
        .expect(400);
      const head = BigInt((await auditor().get('/api/audit/digest').expect(200)).body.position);
      const res = await auditor()
        .get(`/api/audit/digest?position=${head + 1_000_000n}`)
        .expect(404);
      expect(res.body.code).toBe('POSITION_NOT_FOUND');
    });
  });

  describe('event feed', () => {
    it('pages the raw events by position', async () => {
      const first = (await auditor().get('/api/events?after=0&limit=2').expect(200)).body;
      const [a, b] = first.events as { position: string; hash: string }[];
      expect(BigInt(a.position) < BigInt(b.position)).toBe(true);
      expect(first.next).toBe(b.position);
      expect(first.events[0]).toEqual({
        position: a.position,
        streamId: expect.any(String),
        revision: '0',
        eventId: expect.any(String),
        type: expect.any(String),
        data: expect.anything(),
        metadata: expect.objectContaining({ recordedAt: expect.any(String) }),
        // A ledger this build begins is held to recorded-time order from its first event.
        prevHash: SCOPE === 'global' ? TIME_ORDERED_GENESIS_HASH : GENESIS_HASH,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const second = (await auditor().get(`/api/events?after=${first.next}&limit=2`).expect(200))
        .body;
      expect(BigInt(second.events[0].position) > BigInt(b.position)).toBe(true);
      if (SCOPE === 'global') {
        expect(a.position).toBe('1');
        expect(second.events[0].prevHash).toBe(b.hash);
      }
    });

    it('refuses a bad position or limit', async () => {
      await auditor().get('/api/events?after=abc').expect(400);
      await auditor().get('/api/events?limit=100000').expect(400);
      await auditor().get('/api/events?after=99999999999999999999').expect(400);
      await t.anonymous().get('/api/events').expect(401);
    });
  });
});
