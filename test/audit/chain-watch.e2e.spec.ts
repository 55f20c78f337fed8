/**
 * The chain watch on the real service: it verifies the whole chain by itself soon after it
 * starts listening, and a row edited in the ledger file behind its back turns /health into a
 * 503 naming the first broken position, ledger_chain_intact into 0 and one error line in the
 * log, while reads and commands go on answering. LEDGER_CHAIN_WATCH_MINUTES=0 turns it off.
 * The next verification is triggered with the watch's own verifyNow (the interval is an hour).
 */
import pino from 'pino';
import request from 'supertest';
import { LEDGER_VERIFIER } from '../../src/audit/audit.tokens';
import { CHAIN_WATCH_FIRST_DELAY_MS, ChainWatch } from '../../src/audit/chain-watch';
import { LedgerVerifier } from '../../src/audit/ledger-verifier';
import { changeOneByte, withFile } from './support/ledger-file';
import { answerSchema, OpenApiDocument, shapeProblems } from '../http/support/openapi';
import { testStoreKind } from '../support/esdb-test-store';
import { startTestApp, TestApp } from '../support/test-app';

// The tampering is plain SQL on the SQLite file; the EventStoreDB adapters have no such file.
const ON_SQLITE = testStoreKind() === 'sqlite';
const itOnSqlite = ON_SQLITE ? it : it.skip;

/** Generous on two busy cores: the first verdict comes CHAIN_WATCH_FIRST_DELAY_MS after listening. */
const FIRST_VERDICT_WAIT_MS = CHAIN_WATCH_FIRST_DELAY_MS + 20_000;
const POLL_MS = 50;

const FUND = {
  fundId: 'orebro',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    { trancheId: 't1', name: 'Etapp 1', amount: '120000000.00', allocatableFrom: '2016-12-31' },
  ],
};

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}
const ERROR = 50;
const WARN = 40;

/** /health once the watch has a verdict (polled: the watch runs on its own). */
const healthWithVerdict = async (t: TestApp): Promise<request.Response> => {
  const deadline = Date.now() + FIRST_VERDICT_WAIT_MS;
  for (;;) {
    const health = await t.anonymous().get('/health');
    if (health.body.chain?.verdict !== undefined || Date.now() > deadline) return health;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
};

/** Where a /health answer departs from what the OpenAPI document says it answers. */
const undocumented = async (t: TestApp, health: request.Response): Promise<string[]> => {
  const document = (await t.anonymous().get('/docs-json').expect(200)).body as OpenApiDocument;
  return shapeProblems(
    document,
    answerSchema(document, 'get', '/health', String(health.status)),
    health.body,
  );
};

/** A chain gauge's sample, or undefined when it has none. */
const chainSample = (metrics: string, name: string, scope: string): string | undefined =>
  new RegExp(`^${name}\\{scope="${scope}"\\} (\\S+)$`, 'm').exec(metrics)?.[1];

describe('the chain watch on a running service', () => {
  let t: TestApp;
  let watch: ChainWatch;
  const written: string[] = [];
  const logLines = (): LogLine[] => written.map((line) => JSON.parse(line) as LogLine);
  const chainLines = (level: number): LogLine[] =>
    logLines().filter((line) => line.level === level && line.msg.startsWith('ledger chain'));
  const metrics = async (): Promise<string> =>
    (await t.anonymous().get('/metrics').expect(200)).text;
  const finance = () => t.as('fia', 'finance');
  /** Where the fund and its tranche's release were recorded. */
  let created = 0;
  let released = 0;
  /** Each edited row's data as the store wrote it, to put back. */
  const original = new Map<number, string>();
  const edit = (position: number, change: (path: string) => void): void => {
    original.set(
      position,
      withFile(t.sqlitePath, (db) => {
        const row = db.prepare('SELECT data FROM events WHERE position = ?').get(position);
        return (row as { data: string }).data;
      }),
    );
    change(t.sqlitePath);
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: { LEDGER_CHAIN_WATCH_MINUTES: '60' },
      logger: pino({ level: 'info' }, { write: (line: string) => written.push(line) }),
    });
    watch = t.app.get(ChainWatch);
  });
  afterAll(async () => t.close());

  it('verifies the whole chain by itself soon after the start: intact, /health 200, the metric 1', async () => {
    created = Number((await finance().post('/api/funds', FUND).expect(201)).body.position);
    const release = await finance()
      .post('/api/funds/orebro/tranches/t1/release', {
        releasedOn: '2016-12-31',
        decisionRef: 'KF 2016',
      })
      .expect(201);
    released = Number(release.body.position);

    const health = await healthWithVerdict(t);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      chain: { state: 'intact', verdict: 'intact' },
    });
    const { chain } = health.body;
    expect(chain.eventsChecked).toBeGreaterThan(0);
    expect(new Date(chain.verifiedAt).toISOString()).toBe(chain.verifiedAt);
    expect(chain).not.toHaveProperty('firstBrokenPosition');
    expect(await undocumented(t, health)).toEqual([]);

    const text = await metrics();
    expect(text).toContain('# TYPE ledger_chain_intact gauge');
    expect(chainSample(text, 'ledger_chain_intact', watch.scope)).toBe('1');
    expect(chainSample(text, 'ledger_chain_events_verified', watch.scope)).toBe(
      String(chain.eventsChecked),
    );
    expect(Number(chainSample(text, 'ledger_chain_verified_timestamp_seconds', watch.scope))).toBe(
      Date.parse(chain.verifiedAt) / 1000,
    );
    expect(chainSample(text, 'ledger_chain_first_broken_position', watch.scope)).toBeUndefined();
    expect(chainLines(ERROR)).toEqual([]);
  });

  it("asks for a verification nobody waits on, where an auditor's is asked at full priority", async () => {
    const verifier = t.app.get<LedgerVerifier>(LEDGER_VERIFIER);
    const asked = jest.spyOn(verifier, 'verify');
    try {
      await watch.verifyNow();
      await t.as('ada', 'auditor').get('/api/audit/verify').expect(200);
      expect(asked.mock.calls.map(([options]) => options?.background === true)).toEqual([
        true,
        false,
      ]);
    } finally {
      asked.mockRestore();
    }
  });

  itOnSqlite(
    'finds a row edited in the ledger file: 503 naming the position, the metric 0, one error line; reads and commands still answer',
    async () => {
      edit(released, (path) => changeOneByte(path, released));

      expect(await watch.verifyNow()).toMatchObject({
        state: 'broken',
        firstBrokenPosition: BigInt(released),
      });
      const health = await t.anonymous().get('/health').expect(503);
      expect(health.body).toMatchObject({
        status: 'unavailable',
        store: { ready: true },
        readModels: { running: true },
        chain: {
          state: 'broken',
          verdict: 'broken',
          firstBrokenPosition: String(released),
          reason: expect.stringMatching(/does not match the event's content/),
        },
      });
      expect(await undocumented(t, health)).toEqual([]);
      const text = await metrics();
      expect(chainSample(text, 'ledger_chain_intact', 'global')).toBe('0');
      expect(chainSample(text, 'ledger_chain_first_broken_position', 'global')).toBe(
        String(released),
      );

      const errors = chainLines(ERROR);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ firstBrokenPosition: String(released) });
      expect(errors[0].msg).toContain(`at position ${released}`);
      expect(errors[0].msg).toMatch(/does not match the event's content/);

      // Not refused: the ledger goes on, and the break stays where it is, as evidence.
      await finance().get('/api/funds/orebro').expect(200);
      await finance()
        .post('/api/funds/orebro/tranches', {
          trancheId: 't2',
          name: 'Etapp 2',
          amount: '80000000.00',
          allocatableUntil: '2018-12-31',
          decisionRef: 'Ks 2/2017',
        })
        .expect(201);
      expect(await watch.verifyNow()).toMatchObject({
        state: 'broken',
        firstBrokenPosition: BigInt(released),
      });
      await t.anonymous().get('/health').expect(503);
      // Once per change of verdict, not once per verification.
      expect(chainLines(ERROR)).toHaveLength(1);
    },
  );

  itOnSqlite(
    'moves the break to an earlier row made unreadable, without showing what the row holds',
    async () => {
      // Node's parse error quotes the text it failed on: the row's own data.
      edit(created, (path) =>
        withFile(path, (db) =>
          db.prepare("UPDATE events SET data = 'x' || data WHERE position = ?").run(created),
        ),
      );
      await watch.verifyNow();
      const health = await t.anonymous().get('/health').expect(503);
      expect(health.body.chain).toMatchObject({
        state: 'broken',
        firstBrokenPosition: String(created),
        reason: `the event at position ${created} cannot be read: Unexpected token …`,
      });
      // The auditors' verification gives the whole reason.
      const verify = await t.as('ada', 'auditor').get('/api/audit/verify').expect(200);
      expect(verify.body).toMatchObject({ ok: false, firstBrokenPosition: String(created) });
      const quoted = /"(.+)"/.exec(verify.body.reason)?.[1];
      expect(quoted).toMatch(/^x\{/);
      expect(JSON.stringify(health.body)).not.toContain(quoted);
      expect(written.join('\n')).not.toContain(quoted);

      const errors = chainLines(ERROR);
      expect(errors).toHaveLength(2);
      expect(errors[1].msg).toContain(`now at position ${created}`);
    },
  );

  itOnSqlite('says when the chain verifies again (the rows put back), once', async () => {
    withFile(t.sqlitePath, (db) => {
      for (const [position, data] of original)
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(data, position);
    });
    expect(await watch.verifyNow()).toMatchObject({ state: 'intact' });
    const health = await t.anonymous().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', chain: { state: 'intact' } });
    expect(chainSample(await metrics(), 'ledger_chain_intact', 'global')).toBe('1');
    expect(chainLines(WARN).map((line) => line.msg)).toEqual([
      'ledger chain verifies again: every link holds',
    ]);
  });

  it('never logs event data', () => {
    const log = written.join('\n');
    expect(log.length).toBeGreaterThan(0);
    for (const text of [FUND.fundId, FUND.name, FUND.decisionRef, 'Etapp', '2016-12-31'])
      expect({ text, logged: log.includes(text) }).toEqual({ text, logged: false });
  });
});

describe('with the watch off (LEDGER_CHAIN_WATCH_MINUTES=0)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LEDGER_CHAIN_WATCH_MINUTES: '0' } });
  });
  afterAll(async () => t.close());

  it('says chain off, verifies nothing and leaves the status as it is, even on an edited ledger', async () => {
    const created = await t.as('fia', 'finance').post('/api/funds', FUND).expect(201);
    if (ON_SQLITE) changeOneByte(t.sqlitePath, Number(created.body.position));
    expect(await t.app.get(ChainWatch).verifyNow()).toEqual({ state: 'off' });
    const health = await t.anonymous().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', chain: { state: 'off' } });
    expect(health.body.chain).toEqual({ state: 'off' });
    expect(await undocumented(t, health)).toEqual([]);
    const text = (await t.anonymous().get('/metrics').expect(200)).text;
    expect(text).not.toMatch(/^ledger_chain_intact\{/m);
  });
});

describe('the watch and the end of the service', () => {
  it('closes while a verification runs, and verifies nothing after', async () => {
    const t = await startTestApp({ env: { LEDGER_CHAIN_WATCH_MINUTES: '1' } });
    const watch = t.app.get(ChainWatch);
    const verifying = watch.verifyNow().then(
      () => 'settled',
      () => 'settled',
    );
    await t.close();
    expect(await verifying).toBe('settled');
    const after = watch.current();
    await expect(watch.verifyNow()).resolves.toBe(after);
  });
});
